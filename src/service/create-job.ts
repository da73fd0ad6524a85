/**
 * Creating a job (`POST /jobs`): the run options in camelCase, their check and wire form
 * (`maxExecutionTime` is sent as `cost`), and the {@link RuntimeJob} the answer gives.
 *
 * @module
 */
import { catchError, defer, map, throwError } from 'rxjs';
import type { Observable } from 'rxjs';
import { ConfigError, describeValue } from '../codecs/errors.js';
import { CreateJobResponse, LOG_LEVELS } from '../codecs/job.js';
import { optionalText } from '../codecs/option-checks.js';
import type { CreateJobRequest, LogLevel } from '../codecs/job.js';
import type { ServiceRef } from './context.js';
import { createJobError } from './errors.js';
import { RuntimeJob } from './runtime-job.js';
import type { ResultDecoder } from '../codecs/results.js';
import type { ResultCallback } from './runtime-job.js';
import { decodeWith } from '../operators/decode-with.js';

/**
 * Options of `service.run()` (the seeds' `options`, in camelCase).
 *
 * @category Services and jobs
 */
export interface RunOptions {
  /** The backend to run on: its name or a `Backend`. Required unless the session names one. */
  readonly backend?: string | { readonly name: string };
  /** Maximum execution time in seconds (a positive integer), sent as `cost`. */
  readonly maxExecutionTime?: number;
  /** Tags of the job, for filtering (`service.jobs({ tags })`). */
  readonly tags?: readonly string[];
  /** Run inside this session or batch (its id). */
  readonly sessionId?: string;
  /** Log level of the program: `critical`, `error`, `warning`, `info` or `debug`. */
  readonly logLevel?: LogLevel;
  /** Make the job private: its parameters are not returned and its result can be read once. */
  readonly private?: boolean;
  /** Runtime image `name:tag` (custom images only), sent as `runtime`. */
  readonly image?: string;
}

/**
 * The body of `POST /jobs` for `programId` with `inputs` and `options`. Throws a
 * {@link ConfigError} naming the option that is unusable.
 */
export function createJobRequest(
  programId: string,
  inputs: Readonly<Record<string, unknown>>,
  options: RunOptions = {},
): CreateJobRequest {
  optionalText(programId, 'programId');
  if (inputs === null || typeof inputs !== 'object' || Array.isArray(inputs)) {
    throw new ConfigError(
      `inputs must be an object of program parameters, got ${describeValue(inputs)}`,
      'inputs',
    );
  }
  if (options === null || typeof options !== 'object') {
    throw new ConfigError(
      `run options must be an object, got ${describeValue(options)}`,
      'options',
    );
  }
  const backend =
    typeof options.backend === 'object' && options.backend !== null
      ? optionalText(options.backend.name, 'backend.name')
      : optionalText(options.backend, 'backend');
  if (backend === undefined) {
    throw new ConfigError(
      'options.backend is required: name the backend to run on (service.backends() lists them)',
      'backend',
    );
  }
  const cost = options.maxExecutionTime;
  if (cost !== undefined && (typeof cost !== 'number' || !Number.isInteger(cost) || cost < 1)) {
    throw new ConfigError(
      `maxExecutionTime must be a whole number of seconds >= 1, got ${describeValue(cost)}`,
      'maxExecutionTime',
    );
  }
  const tags = options.tags;
  if (tags !== undefined && (!Array.isArray(tags) || tags.some((t) => typeof t !== 'string'))) {
    throw new ConfigError(`tags must be an array of strings, got ${describeValue(tags)}`, 'tags');
  }
  const logLevel = options.logLevel;
  if (logLevel !== undefined && !(LOG_LEVELS as readonly unknown[]).includes(logLevel)) {
    throw new ConfigError(
      `logLevel must be one of ${LOG_LEVELS.join(', ')}, got ${describeValue(logLevel)}`,
      'logLevel',
    );
  }
  if (options.private !== undefined && typeof options.private !== 'boolean') {
    throw new ConfigError('private must be a boolean', 'private');
  }
  const sessionId = optionalText(options.sessionId, 'sessionId');
  const image = optionalText(options.image, 'image');
  return {
    program_id: programId,
    backend,
    params: { ...inputs },
    ...(cost !== undefined ? { cost } : {}),
    ...(tags !== undefined ? { tags: [...new Set(tags)] } : {}),
    ...(sessionId !== undefined ? { session_id: sessionId } : {}),
    ...(logLevel !== undefined ? { log_level: logLevel } : {}),
    ...(options.private === true ? { private: true } : {}),
    ...(image !== undefined ? { runtime: image } : {}),
  };
}

/**
 * Create a job when subscribed and emit its {@link RuntimeJob}. With `callback`, results are
 * streamed to it as the seeds' `run(..., callback)` does (`job.streamResults`). Errors follow
 * the seeds: a 404 about the program is a `RuntimeProgramNotFoundError`, any other failure an
 * `IBMRuntimeError("Failed to run program: …")` (original error as `cause`); bad options a
 * `ConfigError`.
 */
export function createJob$<R>(
  service: ServiceRef,
  programId: string,
  inputs: Readonly<Record<string, unknown>>,
  options: RunOptions = {},
  callback?: ResultCallback<R>,
  resultDecoder?: ResultDecoder<R>,
): Observable<RuntimeJob<R>> {
  return defer(() => {
    if (callback !== undefined && typeof callback !== 'function') {
      throw new ConfigError(
        `callback must be a function, got ${describeValue(callback)}`,
        'callback',
      );
    }
    if (resultDecoder !== undefined && typeof resultDecoder !== 'function') {
      throw new ConfigError('resultDecoder must be a function', 'resultDecoder');
    }
    const body = createJobRequest(programId, inputs, options);
    // Within the service's one request budget, like the reads of its jobs.
    const post$ = service.context.http.request({ method: 'POST', path: '/jobs', body });
    return service.context.jobClient.pollScheduler.request(post$).pipe(
      catchError((e: unknown) => throwError(() => createJobError(programId, e))),
      map((response) => response.body),
      decodeWith(CreateJobResponse, 'createJob'),
      map((created) => {
        const job = new RuntimeJob<R>(service, {
          jobId: created.id,
          programId,
          backendName: created.backend,
          ...(typeof created.session_id === 'string'
            ? { sessionId: created.session_id }
            : body.session_id !== undefined
              ? { sessionId: body.session_id }
              : {}),
          tags: body.tags ?? [],
          inputs: body.params,
          ...(created.private === true || body.private === true ? { private: true } : {}),
          ...(resultDecoder !== undefined ? { resultDecoder } : {}),
        });
        if (callback !== undefined) job.streamResults<R>(callback);
        return job;
      }),
    );
  });
}
