/**
 * `submitAll`: create many jobs with a concurrency cap, paced by the request rate, the
 * service's job-creation limit and its `Retry-After` answers, without ever creating a job
 * twice or losing track of one.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import { catchError, defer, from, map, mergeMap, of, timeout, timer, throwError } from 'rxjs';
import type { Observable, SchedulerLike } from 'rxjs';
import { decode } from '../codecs/decode.js';
import {
  ConfigError,
  DecodeError,
  IBMApiError,
  IBMRuntimeError,
  QuantumJobsError,
  RuntimeJobTimeoutError,
  describeValue,
  messageOf,
} from '../codecs/errors.js';
import { CreateJobRequest } from '../codecs/job.js';
import type { CreateJobResponse, JobDetails } from '../codecs/job.js';
import { stringifyJson } from '../codecs/json.js';
import { optionalText } from '../codecs/option-checks.js';
import { RETRYABLE_STATUSES, resolveRetryPolicy, retryDelayFor } from '../transport/retry.js';
import type { RetryPolicy } from '../transport/retry.js';
import type { JobClient } from './job-client.js';
import { pollSchedulerOfClient } from './job-client.js';
import { SUBMIT_TOKEN_PREFIX, jobCreationOf } from './job-creation.js';
import type { JobCreation } from './job-creation.js';
import { SubmissionPacer } from './submission-pacer.js';
import type { SubmissionPacerOptions } from './submission-pacer.js';

/**
 * One job to create: the body of `POST /jobs` (`program_id`, `backend`, `params`, and
 * optionally `tags`, `session_id`, `cost`, ...), or a single PUB (an array) that becomes a
 * job of `options.program` on `options.backend` with `params: { ...options.params, pubs: [pub] }`.
 *
 * @category Streams and events
 */
export type Submission = CreateJobRequest | readonly unknown[];

/**
 * Options of {@link submitAll}.
 *
 * @category Streams and events
 */
export interface SubmitAllOptions extends SubmissionPacerOptions {
  /** Submissions being worked on at once (request in flight, retry wait or look-up). Default 4. */
  readonly concurrency?: number;
  /** Program of PUB submissions (`sampler`, `estimator`). Required when a submission is a PUB. */
  readonly program?: string;
  /** Backend of PUB submissions. Required when a submission is a PUB. */
  readonly backend?: string;
  /** Other params of PUB submissions (`options`, `version`...). Default `{ version: 2 }`. */
  readonly params?: Readonly<Record<string, unknown>>;
  /** Tags added to every submission (besides its client token). */
  readonly tags?: readonly string[];
  /**
   * How long one `POST /jobs` may go unanswered. After that the request is abandoned and the
   * submission is looked up by its token (see the module documentation). Default 60000 ms.
   */
  readonly timeoutMs?: number;
  /**
   * Retrying of `POST /jobs` answered with a status of the 5xx force list (500, 502, 503, 504,
   * 520, 521, 522, 524): the transport's policy for non-idempotent requests. Default: the
   * transport's `DEFAULT_RETRY_POLICY` (5 attempts, 0.5 s doubling).
   */
  readonly retry?: Partial<RetryPolicy>;
  /** `429` answers one submission may receive before it is reported failed. Default 20. */
  readonly maxRateLimitAnswers?: number;
  /** Look-ups after an ambiguous failure, and the wait before each. Default 2 after 2000 ms. */
  readonly lookup?: { readonly attempts?: number; readonly delayMs?: number };
  /**
   * Share pacing (rate, jobs-per-minute window, pause) with other calls. When given, the
   * `requestsPerSecond`, `jobsPerMinute` and `backoff` options are the pacer's own.
   */
  readonly pacer?: SubmissionPacer;
  /** Source of client tokens' unique part. Default `crypto.randomUUID()`. */
  readonly newToken?: () => string;
  /** Source of retry jitter, a number in [0, 1). Default `Math.random`. */
  readonly random?: () => number;
}

/** Fields every outcome of {@link submitAll} has. */
export interface SubmitOutcomeBase {
  /** Position of the submission in the input. */
  readonly index: number;
  /**
   * The submission as given (for `retryFailed`, the member's request; `undefined` when it
   * could not be obtained).
   */
  readonly submission: Submission | undefined;
  /** `POST /jobs` requests sent for this submission. */
  readonly attempts: number;
}

/** A submission that was sent: the request and its client token. */
export interface SentSubmission {
  /** The request as sent, its `tags` including {@link SentSubmission.token}. */
  readonly request: CreateJobRequest;
  /** The submission's client token, `qjrx-submit:<uuid>`, carried as a tag of the job. */
  readonly token: string;
}

/** The job exists: created by an answered request, or found by its token after an ambiguous failure. */
export interface SubmittedJob extends SubmitOutcomeBase, SentSubmission {
  readonly type: 'submitted';
  readonly jobId: string;
  readonly backend: string;
  /** True when the job was found by its token after the answer was lost. */
  readonly adopted: boolean;
  /**
   * Further jobs found with the same token (should never happen; reported rather than hidden).
   * The oldest job is the one adopted.
   */
  readonly duplicates: readonly string[];
}

/** The service refused the submission, or it could not be sent: no job was created. */
export interface SubmitFailed extends SubmitOutcomeBase {
  readonly type: 'failed';
  /** The request, unless the submission could not be made into one. */
  readonly request: CreateJobRequest | undefined;
  /** The client token, unless the submission could not be made into a request. */
  readonly token: string | undefined;
  /** The answer (`IBMApiError`), or why nothing was sent (`DecodeError`, `ConfigError`). */
  readonly error: QuantumJobsError;
}

/**
 * The request may have reached the service but no answer came back (a network error or a
 * timeout after sending, or an unreadable success answer), and no job with its token was found.
 * A job may still appear later: look it up by `token` before submitting it again.
 */
export interface SubmitUnknown extends SubmitOutcomeBase, SentSubmission {
  readonly type: 'unknown';
  /** What went wrong with the request. */
  readonly error: QuantumJobsError;
  /** Why the look-up could not answer, when it failed (otherwise it found nothing). */
  readonly lookupError?: QuantumJobsError;
}

/**
 * What became of one submission.
 *
 * @category Streams and events
 */
export type SubmitOutcome = SubmittedJob | SubmitFailed | SubmitUnknown;

const DEFAULT_CONCURRENCY = 4;
const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_MAX_RATE_LIMIT_ANSWERS = 20;
const DEFAULT_LOOKUP = { attempts: 2, delayMs: 2000 };

function wholeAtLeast(value: unknown, option: string, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new ConfigError(
      `${option} must be a whole number >= ${min}, got ${describeValue(value)}`,
      option,
    );
  }
  return value;
}

function nonNegative(value: unknown, option: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ConfigError(
      `${option} must be a finite number >= 0, got ${describeValue(value)}`,
      option,
    );
  }
  return value;
}

function isJobCreation(value: unknown): value is JobCreation {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v['create'] === 'function' &&
    typeof v['findTagged'] === 'function' &&
    typeof v['withParams'] === 'function'
  );
}

/** The {@link JobCreation} of a client: as it is, or built over a {@link JobClient}'s `http`. */
export function toJobCreation(client: JobClient | JobCreation): JobCreation {
  if (isJobCreation(client)) return client;
  if (client === null || typeof client !== 'object') {
    throw new ConfigError('client must be a JobClient or a JobCreation', 'client');
  }
  return jobCreationOf((client as JobClient).http, pollSchedulerOfClient(client as JobClient));
}

/** A random UUID: `crypto.randomUUID`, or version-4 bits from `crypto.getRandomValues`. */
export function randomToken(): string {
  const c = (globalThis as { crypto?: Partial<Crypto> }).crypto;
  if (typeof c?.randomUUID === 'function') return c.randomUUID();
  const bytes = new Uint8Array(16);
  if (typeof c?.getRandomValues === 'function') c.getRandomValues(bytes);
  else for (let i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256);
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Options of {@link submitAll}, checked and with defaults. */
interface Resolved {
  readonly concurrency: number;
  readonly program: string | undefined;
  readonly backend: string | undefined;
  readonly params: Readonly<Record<string, unknown>>;
  readonly tags: readonly string[];
  readonly timeoutMs: number;
  readonly retry: RetryPolicy;
  readonly maxRateLimitAnswers: number;
  readonly lookupAttempts: number;
  readonly lookupDelayMs: number;
  readonly pacer: SubmissionPacer;
  readonly newToken: () => string;
  readonly random: (() => number) | undefined;
  readonly scheduler: SchedulerLike | undefined;
}

function resolve(options: SubmitAllOptions): Resolved {
  if (options === null || typeof options !== 'object') {
    throw new ConfigError(
      `submitAll options must be an object, got ${describeValue(options)}`,
      'options',
    );
  }
  const params = options.params ?? { version: 2 };
  if (params === null || typeof params !== 'object' || Array.isArray(params)) {
    throw new ConfigError(`params must be an object, got ${describeValue(params)}`, 'params');
  }
  const tags = options.tags ?? [];
  if (!Array.isArray(tags) || tags.some((t) => typeof t !== 'string' || t === '')) {
    throw new ConfigError(
      `tags must be an array of non-empty strings, got ${describeValue(tags)}`,
      'tags',
    );
  }
  const lookup = options.lookup ?? {};
  if (lookup === null || typeof lookup !== 'object') {
    throw new ConfigError(`lookup must be an object, got ${describeValue(lookup)}`, 'lookup');
  }
  if (options.newToken !== undefined && typeof options.newToken !== 'function') {
    throw new ConfigError('newToken must be a function', 'newToken');
  }
  if (options.pacer !== undefined && !(options.pacer instanceof SubmissionPacer)) {
    throw new ConfigError('pacer must be a SubmissionPacer', 'pacer');
  }
  return {
    concurrency: wholeAtLeast(options.concurrency ?? DEFAULT_CONCURRENCY, 'concurrency', 1),
    program: optionalText(options.program, 'program'),
    backend: optionalText(options.backend, 'backend'),
    params,
    tags,
    timeoutMs: wholeAtLeast(options.timeoutMs ?? DEFAULT_TIMEOUT_MS, 'timeoutMs', 1),
    retry: resolveRetryPolicy(options.retry),
    maxRateLimitAnswers: wholeAtLeast(
      options.maxRateLimitAnswers ?? DEFAULT_MAX_RATE_LIMIT_ANSWERS,
      'maxRateLimitAnswers',
      0,
    ),
    lookupAttempts: wholeAtLeast(lookup.attempts ?? DEFAULT_LOOKUP.attempts, 'lookup.attempts', 1),
    lookupDelayMs: nonNegative(lookup.delayMs ?? DEFAULT_LOOKUP.delayMs, 'lookup.delayMs'),
    pacer:
      options.pacer ??
      new SubmissionPacer({
        ...(options.requestsPerSecond !== undefined
          ? { requestsPerSecond: options.requestsPerSecond }
          : {}),
        ...(options.jobsPerMinute !== undefined ? { jobsPerMinute: options.jobsPerMinute } : {}),
        ...(options.backoff !== undefined ? { backoff: options.backoff } : {}),
        ...(options.scheduler !== undefined ? { scheduler: options.scheduler } : {}),
      }),
    newToken: options.newToken ?? randomToken,
    random: options.random,
    scheduler: options.scheduler,
  };
}

/**
 * The request of submission `index` with its client token added to its tags, or the typed
 * error that keeps it from being sent.
 */
function prepare(
  submission: unknown,
  index: number,
  o: Resolved,
): E.Either<QuantumJobsError, { request: CreateJobRequest; token: string }> {
  const where = `submissions[${index}]`;
  let body: unknown = submission;
  if (Array.isArray(submission)) {
    if (o.program === undefined || o.backend === undefined) {
      return E.left(
        new ConfigError(
          `${where} is a PUB: options.program and options.backend say which job to make of it`,
          o.program === undefined ? 'program' : 'backend',
        ),
      );
    }
    body = {
      program_id: o.program,
      backend: o.backend,
      params: { ...o.params, pubs: [submission] },
    };
  }
  const decoded = decode(CreateJobRequest, body, where);
  if (E.isLeft(decoded)) return decoded;
  let token: string;
  try {
    token = `${SUBMIT_TOKEN_PREFIX}${o.newToken()}`;
  } catch (error) {
    return E.left(new IBMRuntimeError(`newToken failed: ${String(error)}`, { cause: error }));
  }
  const tags = [...new Set([...(decoded.right.tags ?? []), ...o.tags, token])];
  const request: CreateJobRequest = { ...decoded.right, tags };
  try {
    stringifyJson(request);
  } catch (error) {
    return E.left(
      new DecodeError(
        `${where}.params`,
        'a JSON-serialisable value',
        undefined,
        'invalid',
        `${where}: the request is not JSON-serialisable: ${messageOf(error)}`,
      ),
    );
  }
  return E.right({ request, token });
}

/** A typed error for anything that went wrong (a foreign error is wrapped, not lost). */
function typed(error: unknown): QuantumJobsError {
  if (error instanceof QuantumJobsError) return error;
  return new IBMRuntimeError(`submission failed: ${messageOf(error)}`, { cause: error });
}

function idOf(job: JobDetails): string | undefined {
  return typeof job.id === 'string' && job.id !== '' ? job.id : undefined;
}

/**
 * One submission: `POST /jobs` until it is answered, refused, or its outcome is unknown.
 */
function submitOne(
  creation: JobCreation,
  index: number,
  submission: Submission,
  request: CreateJobRequest,
  token: string,
  o: Resolved,
): Observable<SubmitOutcome> {
  return defer(() => {
    let attempts = 0;
    let serverErrors = 0;
    let rateLimits = 0;
    const base = (): SubmitOutcomeBase & SentSubmission => ({
      index,
      submission,
      attempts,
      request,
      token,
    });
    const failed = (error: unknown): SubmitOutcome => ({
      ...base(),
      type: 'failed',
      error: typed(error),
    });
    const submitted = (
      created: CreateJobResponse | JobDetails,
      adopted: boolean,
      duplicates: string[] = [],
    ): SubmitOutcome => ({
      ...base(),
      type: 'submitted',
      jobId: String(created.id),
      backend: typeof created.backend === 'string' ? created.backend : request.backend,
      adopted,
      duplicates,
    });

    // The answer was lost: find the job by its token before deciding anything.
    const lookUp = (cause: QuantumJobsError, round = 1): Observable<SubmitOutcome> =>
      timer(o.lookupDelayMs, o.scheduler).pipe(
        mergeMap(() => o.pacer.turn(false)),
        mergeMap(() => creation.findTagged(token)),
        mergeMap((jobs): Observable<SubmitOutcome> => {
          const found = jobs.filter((job) => idOf(job) !== undefined);
          if (found.length > 0) {
            return of(
              submitted(
                found[0]!,
                true,
                found.slice(1).map((job) => idOf(job)!),
              ),
            );
          }
          if (round < o.lookupAttempts) return lookUp(cause, round + 1);
          return of({ ...base(), type: 'unknown', error: cause });
        }),
        catchError((error: unknown) =>
          of<SubmitOutcome>({
            ...base(),
            type: 'unknown',
            error: cause,
            lookupError: typed(error),
          }),
        ),
      );

    const decide = (error: unknown, sentAt: number): Observable<SubmitOutcome> => {
      if (error instanceof IBMApiError) {
        const retryAfterMs =
          error.retryAfterSeconds === undefined ? undefined : error.retryAfterSeconds * 1000;
        if (error.status === 429) {
          // Not processed: everybody waits, then the same request (same token) goes again.
          o.pacer.rateLimited(retryAfterMs, sentAt);
          rateLimits++;
          return rateLimits > o.maxRateLimitAnswers ? of(failed(error)) : attempt();
        }
        if (RETRYABLE_STATUSES.has(error.status)) {
          serverErrors++;
          const delayMs = retryDelayFor(error, serverErrors, o.retry, {
            idempotent: false,
            ...(o.random !== undefined ? { random: o.random } : {}),
          });
          if (delayMs === undefined) return of(failed(error));
          if (retryAfterMs !== undefined) {
            o.pacer.rateLimited(retryAfterMs, sentAt);
            return attempt();
          }
          return timer(delayMs, o.scheduler).pipe(mergeMap(() => attempt()));
        }
        o.pacer.succeeded();
        return of(failed(error));
      }
      if (error instanceof ConfigError) return of(failed(error));
      // A network error, a timeout or an unreadable answer: the job may exist.
      return lookUp(typed(error));
    };

    const attempt = (): Observable<SubmitOutcome> =>
      o.pacer.turn(true).pipe(
        mergeMap((sentAt) => {
          attempts++;
          return defer(() => creation.create(request)).pipe(
            timeout({
              first: o.timeoutMs,
              ...(o.scheduler !== undefined ? { scheduler: o.scheduler } : {}),
              with: () =>
                throwError(
                  () =>
                    new RuntimeJobTimeoutError(
                      undefined,
                      o.timeoutMs,
                      `POST /jobs: no answer within ${o.timeoutMs} ms; the job may have been created`,
                    ),
                ),
            }),
            map((created): SubmitOutcome => {
              o.pacer.succeeded();
              return submitted(created, false);
            }),
            catchError((error: unknown) => decide(error, sentAt)),
          );
        }),
      );

    return attempt();
  });
}

/**
 * Create one job per submission and emit what became of each ({@link SubmitOutcome}), in the
 * order they settle; complete when every submission has settled. Unsubscribing stops
 * everything: submissions not yet sent are never sent, and requests in flight are abandoned
 * (their jobs may or may not exist; nothing reports them any more).
 *
 * **Pacing.** At most `concurrency` submissions are worked on at once. Every request waits for
 * its turn from one {@link SubmissionPacer}: `requestsPerSecond` in any sliding second,
 * `jobsPerMinute` job creations in any sliding minute, and no request at all while a `429`
 * pause runs (its `Retry-After`, or a backoff of 1 s doubling to 60 s without one).
 *
 * **Never twice, never lost.** Every submission carries a unique client token as a tag,
 * `qjrx-submit:<uuid>`. A `POST /jobs` is sent again only when the service answered that it did
 * not process it: `429`, or a status of the 5xx force list (500, 502, 503, 504, 520, 521, 522,
 * 524) within the `retry` policy. Any other answer is final (`failed`). When the request may
 * have been sent but no answer came back (a network error, no answer within `timeoutMs`, an
 * unreadable success answer), it is never sent again: the job is looked up by its token
 * (`GET /jobs?tags=…`) after `lookup.delayMs`, up to `lookup.attempts` times. Found: the job is
 * adopted (`submitted` with `adopted: true`). Not found: the outcome is `unknown`, with the
 * token, so the caller can reconcile later.
 *
 * Bad options throw a {@link ConfigError} at once; a bad submission is reported as `failed`
 * with a `DecodeError` naming the field (`submissions[3].program_id: ...`) and is not sent.
 *
 * ```ts
 * submitAll(client, pubs, { program: 'sampler', backend: 'ibm_torino', concurrency: 8, jobsPerMinute: 5 })
 *   .pipe(toArray())
 *   .subscribe((outcomes) => ...);
 * ```
 *
 * @category Streams and events
 */
export function submitAll(
  client: JobClient | JobCreation,
  submissions: Iterable<Submission> | Observable<Submission>,
  options: SubmitAllOptions = {},
): Observable<SubmitOutcome> {
  const o = resolve(options);
  const creation = toJobCreation(client);
  if (
    submissions === null ||
    typeof submissions !== 'object' ||
    (typeof (submissions as Iterable<unknown>)[Symbol.iterator] !== 'function' &&
      typeof (submissions as Observable<unknown>).subscribe !== 'function')
  ) {
    throw new ConfigError(
      `submissions must be an iterable or an Observable, got ${describeValue(submissions)}`,
      'submissions',
    );
  }
  return defer(() => {
    let next = 0;
    return from(submissions as Iterable<Submission>).pipe(
      map((submission) => ({ submission, index: next++ })),
      mergeMap(({ submission, index }): Observable<SubmitOutcome> => {
        const prepared = prepare(submission, index, o);
        if (E.isLeft(prepared)) {
          return of<SubmitOutcome>({
            type: 'failed',
            index,
            submission,
            attempts: 0,
            request: undefined,
            token: undefined,
            error: prepared.left,
          });
        }
        const { request, token } = prepared.right;
        return submitOne(creation, index, submission, request, token, o);
      }, o.concurrency),
    );
  });
}
