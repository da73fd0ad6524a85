/**
 * The options of `job$` ({@link JobStreamOptions}) and their check: every option is validated
 * when the stream is created, so a bad one throws a `ConfigError` naming it at once.
 *
 * @module
 */
import { asyncScheduler } from 'rxjs';
import type { SchedulerLike } from 'rxjs';
import { ConfigError, describeValue } from '../codecs/errors.js';
import type { PrimitiveResult } from '../codecs/result-model.js';
import { defaultResultDecoder } from '../codecs/results.js';
import type { ResultDecoder } from '../codecs/results.js';
import { JOB_STATUSES } from '../codecs/status.js';
import type { JobStatus } from '../codecs/status.js';
import { resolveRetryPolicy } from '../transport/retry.js';
import type { RetryPolicy } from '../transport/retry.js';
import { DEFAULT_POLL_INTERVALS } from './scheduler/poll-scheduler.js';
import type { PollIntervals } from './scheduler/types.js';
import { resolveIntervals } from './scheduler/watch-cadence.js';
import { resolveResultRetry } from './result-read.js';
import type { ResultRetryPolicy } from './result-read.js';
import type { ReconnectPolicy } from './sources/reconnect.js';

/**
 * Which websockets a job stream opens next to polling. `'auto'` (the default): the ones the
 * server advertises (see `JobClient.webSocketOffers`), and none on a server that advertises
 * none, such as IBM Quantum Platform. `'both'` (same as `true`), `'status'` or `'stream'`: the
 * ones named, whatever the server advertised; the job-status socket, whose first frame carries
 * the bearer token, still only on a server that advertises it. `false`: none (polling only).
 *
 * @category Configuration
 */
export type WebSocketMode = boolean | 'auto' | 'status' | 'stream' | 'both';

/**
 * Options of `job$`.
 *
 * @category Streams and events
 */
export interface JobStreamOptions<R = PrimitiveResult> {
  /** Websockets to use next to polling (see `WebSocketMode`). Default `'auto'`. */
  readonly websocket?: WebSocketMode;
  /**
   * Intervals this stream wants its job read at, instead of the client's poll scheduler's
   * (see `PollIntervals`; the scheduler still decides, within its budget). Default: the
   * scheduler's.
   */
  readonly poll?: Partial<PollIntervals>;
  /**
   * Failed reads: `maxAttempts` is how many in a row the stream accepts before it fails (the
   * waits are the poll scheduler's backoff). See `RetryPolicy`.
   */
  readonly retry?: Partial<RetryPolicy>;
  /** Reconnecting of dropped websockets (see `ReconnectPolicy`). */
  readonly reconnect?: ReconnectPolicy;
  /**
   * Reading the result once the job is DONE: a read answered 404 (the service reports DONE a
   * moment before the result can be read) or failing transiently is read again with backoff
   * for up to `windowMs` (see `ResultRetryPolicy`; default 250 ms doubling to 2 s, for 10 s).
   */
  readonly resultRetry?: Partial<ResultRetryPolicy>;
  /** Decoder of the final result and of interim results. Default `decodeResult`. */
  readonly resultDecoder?: ResultDecoder<R>;
  /** Fetch and emit the result once the job is DONE. Default true. */
  readonly fetchResult?: boolean;
  /**
   * On ERROR or CANCELLED, complete after the status event instead of failing with the job's
   * typed error. Default false.
   */
  readonly completeOnFailure?: boolean;
  /** Fetch and emit the job's metrics once it is final. Default false. */
  readonly metrics?: boolean;
  /** Fetch and emit the job's logs once it is final. Default false. */
  readonly logs?: boolean;
  /**
   * Report silence: after this many ms without an event, emit a `connection` event with state
   * `idle` and poll at once (see `idleWatchdog`). Default: off.
   */
  readonly idleTimeoutMs?: number;
  /**
   * A status the job is known to be in already (e.g. QUEUED right after creation): the stream
   * starts there and only emits later statuses. A final status completes the stream at once,
   * without opening any source.
   */
  readonly initialStatus?: JobStatus;
  /** Scheduler of every timer and of the events' `time` (virtual time in specs). */
  readonly scheduler?: SchedulerLike;
}

/** The options of one stream, checked and with their defaults. */
export interface ResolvedJobStreamOptions<R> {
  /** Open the job-status socket. */
  readonly status: boolean;
  /** Open the result stream. */
  readonly stream: boolean;
  /** Open `status` and `stream` only when the server advertises them (`websocket: 'auto'`). */
  readonly auto: boolean;
  readonly poll: Partial<PollIntervals> | undefined;
  readonly retry: Partial<RetryPolicy> | undefined;
  readonly reconnect: ReconnectPolicy | undefined;
  readonly resultRetry: ResultRetryPolicy;
  readonly decode: ResultDecoder<R>;
  readonly fetchResult: boolean;
  readonly completeOnFailure: boolean;
  readonly metrics: boolean;
  readonly logs: boolean;
  readonly idleTimeoutMs: number | undefined;
  readonly initialStatus: JobStatus | undefined;
  readonly scheduler: SchedulerLike;
}

const MODES: readonly unknown[] = [true, false, 'auto', 'status', 'stream', 'both'];

function flag(options: object, name: string, fallback: boolean): boolean {
  const value = (options as Record<string, unknown>)[name];
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') {
    throw new ConfigError(`${name} must be a boolean, got ${describeValue(value)}`, name);
  }
  return value;
}

/** Check `options` and fill in the defaults. Throws a {@link ConfigError} naming a bad option. */
export function resolveJobStreamOptions<R>(
  options: JobStreamOptions<R>,
): ResolvedJobStreamOptions<R> {
  if (options === null || typeof options !== 'object') {
    throw new ConfigError(
      `job$ options must be an object, got ${describeValue(options)}`,
      'options',
    );
  }
  const mode = options.websocket ?? 'auto';
  if (!MODES.includes(mode)) {
    throw new ConfigError(
      `websocket must be true, false, 'auto', 'status', 'stream' or 'both', got ${describeValue(mode)}`,
      'websocket',
    );
  }
  if (options.resultDecoder !== undefined && typeof options.resultDecoder !== 'function') {
    throw new ConfigError('resultDecoder must be a function', 'resultDecoder');
  }
  if (
    options.initialStatus !== undefined &&
    !(JOB_STATUSES as readonly unknown[]).includes(options.initialStatus)
  ) {
    throw new ConfigError(
      `initialStatus must be one of ${JOB_STATUSES.join(', ')}, got ${describeValue(options.initialStatus)}`,
      'initialStatus',
    );
  }
  const idle = options.idleTimeoutMs;
  if (idle !== undefined && (typeof idle !== 'number' || !Number.isFinite(idle) || idle <= 0)) {
    throw new ConfigError(
      `idleTimeoutMs must be a finite number of milliseconds > 0, got ${describeValue(idle)}`,
      'idleTimeoutMs',
    );
  }
  resolveIntervals(DEFAULT_POLL_INTERVALS, options.poll, 'poll'); // throws naming a bad interval
  if (options.retry !== undefined) resolveRetryPolicy(options.retry);
  return {
    status: mode === true || mode === 'auto' || mode === 'both' || mode === 'status',
    stream: mode === true || mode === 'auto' || mode === 'both' || mode === 'stream',
    auto: mode === 'auto',
    poll: options.poll,
    retry: options.retry,
    reconnect: options.reconnect,
    resultRetry: resolveResultRetry(options.resultRetry),
    decode: options.resultDecoder ?? defaultResultDecoder<R>(),
    fetchResult: flag(options, 'fetchResult', true),
    completeOnFailure: flag(options, 'completeOnFailure', false),
    metrics: flag(options, 'metrics', false),
    logs: flag(options, 'logs', false),
    idleTimeoutMs: idle,
    initialStatus: options.initialStatus,
    scheduler: options.scheduler ?? asyncScheduler,
  };
}
