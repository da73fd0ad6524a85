/**
 * `qjobs run FILE.qasm`: submit an OpenQASM circuit to the Sampler (or, with observables, the
 * Estimator), follow the job with a live status line, and print the counts as a table with a
 * bar chart (or the expectation values), or one JSON document with `--json`.
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import type { JobStatus } from '../codecs/status.js';
import { isFinal } from '../codecs/status.js';
import { RuntimeService } from '../service/runtime-service.js';
import type { Backend } from '../service/backend.js';
import { Estimator } from '../service/estimator.js';
import type { RuntimeJob } from '../service/runtime-job.js';
import { Sampler } from '../service/sampler.js';
import { booleanFlag, listFlag, numberFlag, parseArgs, stringFlag } from './args.js';
import type { FlagSpec, ParsedArgs } from './args.js';
import type { CliCommand, CliIo } from './command.js';
import {
  CONNECTION_FLAGS,
  CONNECTION_USAGE,
  connectionOptions,
  envOf,
  secretsOf,
} from './connection.js';
import { EXIT } from './exit-codes.js';
import { follow } from './follow.js';
import type { JobOutcome } from './follow.js';
import { formatResult, resultJson } from './format-result.js';
import { leastBusyBackend } from './least-busy.js';
import { parseObservables } from './observables.js';
import type { ParsedObservables } from './observables.js';
import { errorJson, reportError, writeJson } from './output.js';
import { CliUsageError } from './usage-error.js';
import { StatusLine } from './status-line.js';

const FLAGS: Readonly<Record<string, FlagSpec>> = {
  program: { kind: 'string', choices: ['sampler', 'estimator'] },
  shots: { kind: 'int', min: 1, max: 10_000_000 },
  observables: { kind: 'string' },
  backend: { kind: 'string' },
  timeout: { kind: 'seconds' },
  'max-execution-time': { kind: 'int', min: 1, max: 86_400 },
  tag: { kind: 'list' },
  json: { kind: 'boolean' },
  detach: { kind: 'boolean' },
  'cancel-on-interrupt': { kind: 'boolean' },
  ...CONNECTION_FLAGS,
};

/** Usage text of `qjobs run`. */
export const RUN_USAGE = `usage: qjobs run FILE.qasm [--program sampler|estimator] [--shots N]
                 [--observables ZZ,XX | --observables '{"ZZ": 1}'] [--backend NAME]
                 [--timeout S] [--max-execution-time S] [--tag T]... [--json] [--detach]
                 [--cancel-on-interrupt] ${CONNECTION_USAGE}`;

/** What `qjobs run` was asked to do, checked. */
interface RunRequest {
  readonly file: string;
  readonly program: 'sampler' | 'estimator';
  readonly shots: number | undefined;
  readonly observables: ParsedObservables | undefined;
  readonly backend: string | undefined;
  readonly timeout: number | undefined;
  readonly maxExecutionTime: number | undefined;
  readonly tags: readonly string[];
  readonly json: boolean;
  readonly detach: boolean;
  readonly cancelOnInterrupt: boolean;
}

function request(parsed: ParsedArgs): RunRequest {
  const observablesText = stringFlag(parsed, 'observables');
  const observables = observablesText === undefined ? undefined : parseObservables(observablesText);
  const program =
    (stringFlag(parsed, 'program') as RunRequest['program'] | undefined) ??
    (observables !== undefined ? 'estimator' : 'sampler');
  if (program === 'estimator' && observables === undefined) {
    throw new CliUsageError('--program estimator needs --observables');
  }
  if (program === 'sampler' && observables !== undefined) {
    throw new CliUsageError('--observables is for --program estimator');
  }
  if (booleanFlag(parsed, 'detach') && numberFlag(parsed, 'timeout') !== undefined) {
    throw new CliUsageError('--timeout has no effect with --detach');
  }
  return {
    file: parsed.positionals[0]!,
    program,
    shots: numberFlag(parsed, 'shots'),
    observables,
    backend: stringFlag(parsed, 'backend'),
    timeout: numberFlag(parsed, 'timeout'),
    maxExecutionTime: numberFlag(parsed, 'max-execution-time'),
    tags: listFlag(parsed, 'tag'),
    json: booleanFlag(parsed, 'json'),
    detach: booleanFlag(parsed, 'detach'),
    cancelOnInterrupt: booleanFlag(parsed, 'cancel-on-interrupt'),
  };
}

/** Read the circuit file; an unreadable or empty file is a usage error naming the file. */
async function readCircuit(file: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why =
      err.code === 'ENOENT'
        ? 'no such file'
        : err.code === 'EISDIR'
          ? 'it is a directory'
          : err.code === 'EACCES'
            ? 'permission denied'
            : (err.code ?? err.message);
    throw new CliUsageError(`cannot read ${file}: ${why}`);
  }
  if (text.trim() === '') throw new CliUsageError(`${file} is empty`);
  return text;
}

/** Submit the circuit to the primitive `req.program` on `backend`. */
async function submit(backend: Backend, req: RunRequest, circuit: string): Promise<RuntimeJob> {
  const common = {
    ...(req.maxExecutionTime !== undefined ? { maxExecutionTime: req.maxExecutionTime } : {}),
    ...(req.tags.length > 0 ? { jobTags: [...req.tags] } : {}),
  };
  if (req.program === 'sampler') {
    const sampler = new Sampler({ backend, options: common });
    const job = await sampler.run([[circuit]], req.shots !== undefined ? { shots: req.shots } : {});
    return job as unknown as RuntimeJob;
  }
  const estimator = new Estimator({
    backend,
    options: {
      ...common,
      ...(req.shots !== undefined ? { extra: { default_shots: req.shots } } : {}),
    },
  });
  const job = await estimator.run([[circuit, req.observables!.observables]]);
  return job as unknown as RuntimeJob;
}

/** The backend to run on: `--backend`, or the least busy operational backend of the service. */
async function backendOf(service: RuntimeService, req: RunRequest): Promise<Backend> {
  if (req.backend !== undefined) return service.backend(req.backend);
  return leastBusyBackend(service);
}

/** The final status of a job for reports. */
function finalStatusOf(outcome: JobOutcome): JobStatus | string {
  const s = outcome.status;
  if (s !== undefined && isFinal(s)) return s;
  return outcome.exitCode === EXIT.timeout ? 'TIMEOUT' : (s ?? 'UNKNOWN');
}

function jobSummary(job: RuntimeJob, req: RunRequest): Record<string, unknown> {
  return { jobId: job.jobId(), program: req.program, backend: job.backendName ?? req.backend };
}

async function runJob(io: CliIo, parsed: ParsedArgs): Promise<number> {
  const req = request(parsed);
  const circuit = await readCircuit(req.file);
  const options = connectionOptions(parsed, envOf(io));
  const secrets = secretsOf(options);
  // Status and progress go to stderr when stdout carries the JSON document.
  const info = req.json ? io.stderr : io.stdout;
  try {
    const service = new RuntimeService(options);
    const backend = await backendOf(service, req);
    const job = await submit(backend, req, circuit);
    if (req.detach) {
      if (req.json) writeJson(io.stdout, { ...jobSummary(job, req), status: 'SUBMITTED' });
      else io.stdout.write(`${job.jobId()}\n`);
      return EXIT.ok;
    }
    info.write(`job ${job.jobId()} submitted to ${backend.name} (${req.program})\n`);

    const line = new StatusLine(info, {
      tty: info.isTTY === true,
      label: `job ${job.jobId()}`,
      ...(info.columns !== undefined ? { columns: info.columns } : {}),
    });
    let status: string = 'SUBMITTED';
    let queuePosition: number | undefined;
    const report = await follow(io, [job], {
      ...(req.timeout !== undefined ? { timeoutSeconds: req.timeout } : {}),
      cancelOnInterrupt: req.cancelOnInterrupt,
      beforeQuestion: () => line.clear(),
      onEvent: (_job, event) => {
        if (event.type === 'status') {
          status = event.status;
          if (event.status !== 'QUEUED') queuePosition = undefined;
        } else if (event.type === 'progress' && event.queuePosition !== undefined) {
          queuePosition = event.queuePosition;
        } else return;
        line.update({ status, queuePosition });
      },
    });
    line.stop();

    if (report.interrupted !== undefined) {
      return interrupted(io, req, job, report.interrupted, report.cancelFailures, secrets);
    }
    const outcome = report.outcomes[0]!;
    if (outcome.exitCode === EXIT.ok && outcome.result !== undefined) {
      const labels = [req.observables?.labels];
      if (req.json) {
        writeJson(io.stdout, {
          ...jobSummary(job, req),
          status: 'DONE',
          results: resultJson(outcome.result, labels),
        });
      } else {
        io.stdout.write(
          `\n${formatResult(outcome.result, { observableLabels: labels }).join('\n')}\n`,
        );
      }
      return EXIT.ok;
    }
    const error = outcome.error;
    if (req.json) {
      writeJson(io.stdout, {
        ...jobSummary(job, req),
        status: finalStatusOf(outcome),
        error: errorJson(error, secrets),
      });
    }
    reportError(io, 'run', error, secrets);
    if (outcome.exitCode === EXIT.timeout) {
      io.stderr.write(
        `qjobs run: job ${job.jobId()} is still ${status} on the service (qjobs watch ${job.jobId()} to follow it, qjobs cancel ${job.jobId()} to cancel it)\n`,
      );
    }
    return outcome.exitCode;
  } catch (error) {
    if (req.json)
      writeJson(io.stdout, { status: 'NOT_SUBMITTED', error: errorJson(error, secrets) });
    return reportError(io, 'run', error, secrets);
  }
}

/** Report a Ctrl-C: the job cancelled (exit 3), or left running (exit 130). */
function interrupted(
  io: CliIo,
  req: RunRequest,
  job: RuntimeJob,
  action: 'detached' | 'cancelled',
  failures: readonly { readonly error: unknown }[],
  secrets: readonly string[],
): number {
  const id = job.jobId();
  if (action === 'cancelled' && failures.length === 0) {
    if (req.json) writeJson(io.stdout, { ...jobSummary(job, req), status: 'CANCELLED' });
    io.stderr.write(`qjobs run: cancelled job ${id}\n`);
    return EXIT.cancelled;
  }
  for (const f of failures) reportError(io, 'run', f.error, secrets);
  if (req.json) writeJson(io.stdout, { ...jobSummary(job, req), status: 'DETACHED' });
  io.stderr.write(
    `qjobs run: stopped watching; job ${id} goes on (qjobs watch ${id} to follow it, qjobs cancel ${id} to cancel it)\n`,
  );
  return EXIT.interrupted;
}

/** `qjobs run`. */
export const runCommand: CliCommand = {
  summary: 'submit an OpenQASM circuit, follow the job live, print counts or expectation values',
  usage: RUN_USAGE,
  async run(args: readonly string[], io: CliIo): Promise<number> {
    try {
      return await runJob(io, parseArgs(args, FLAGS, { name: 'FILE.qasm', min: 1 }));
    } catch (error) {
      return reportError(io, 'run', error, []);
    }
  },
};
