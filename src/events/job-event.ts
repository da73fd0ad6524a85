/**
 * The events a job stream emits: one discriminated union ({@link JobEvent}, switch on `type`),
 * its type guards and small constructors.
 *
 * Every event names its job (`jobId`) and when it was observed (`time`). Status events come
 * out of the state machine (`stepStatus`), so within one stream they never repeat, never
 * go backwards, and nothing follows a final one.
 *
 * @module
 */
import type { JobMetrics } from '../codecs/metrics.js';
import type { PrimitiveResult } from '../codecs/result-model.js';
import { isFinal } from '../codecs/status.js';
import type { JobStatus } from '../codecs/status.js';

/**
 * Where a status observation came from: an HTTP poll, the job-status websocket, the result
 * stream, the job's creation answer (`initial`) or state restored from a saved job (`restored`).
 */
export type EventSource = 'poll' | 'websocket' | 'stream' | 'initial' | 'restored';

/** Every event source, in a stable order (for validation and exhaustive tests). */
export const EVENT_SOURCES: readonly EventSource[] = [
  'poll',
  'websocket',
  'stream',
  'initial',
  'restored',
];

/** Fields shared by every event. */
export interface JobEventBase {
  /** The job the event is about. */
  readonly jobId: string;
  /** When the event was observed (on the stream's scheduler clock). */
  readonly time: Date;
}

/**
 * The job moved to a new status (always of higher rank than `previous`).
 *
 * @category Streams and events
 */
export interface StatusEvent extends JobEventBase {
  readonly type: 'status';
  readonly status: JobStatus;
  /** The status the stream was in before, `undefined` for the first status of a stream. */
  readonly previous: JobStatus | undefined;
  /** The server's reason text, when it gave one (failures, cancellations). */
  readonly reason?: string;
  /** The server's numeric reason code, when it gave one (1305: ran too long). */
  readonly reasonCode?: number;
  /** True when the job was stopped for running past its maximum execution time. */
  readonly maxExecutionTimeExceeded: boolean;
  /** Which source reported the status that was accepted. */
  readonly source: EventSource;
}

/** The server reported a status string neither vocabulary knows; the stream keeps its state. */
export interface UnknownStatusEvent extends JobEventBase {
  readonly type: 'unknownStatus';
  /** The status string exactly as the server sent it. */
  readonly raw: string;
  readonly source: EventSource;
}

/**
 * What the service says about the job's place in the queue, or how often it is polled.
 *
 * @category Streams and events
 */
export interface ProgressEvent extends JobEventBase {
  readonly type: 'progress';
  /** 1-based position in the backend queue. */
  readonly queuePosition?: number;
  readonly estimatedStartTime?: Date;
  readonly estimatedCompletionTime?: Date;
  /** The interval the stream currently polls at. */
  readonly pollIntervalMs?: number;
}

/**
 * One interim result published by the program while it runs (`index` counts from 0), decoded
 * like the final result: a `PrimitiveResult` (the pubs done so far) for Sampler and Estimator
 * jobs, `T` with a custom result decoder. The final result is never one of these: it comes as
 * the `result` event.
 *
 * @category Streams and events
 */
export interface InterimEvent<T = PrimitiveResult> extends JobEventBase {
  readonly type: 'interim';
  readonly index: number;
  readonly value: T;
}

/**
 * The job's final result.
 *
 * @category Streams and events
 */
export interface ResultEvent<R = PrimitiveResult> extends JobEventBase {
  readonly type: 'result';
  readonly result: R;
}

/** The job's metrics (timestamps, usage, queue position). */
export interface MetricsEvent extends JobEventBase {
  readonly type: 'metrics';
  readonly metrics: JobMetrics;
}

/** The job's log text. */
export interface LogsEvent extends JobEventBase {
  readonly type: 'logs';
  readonly logs: string;
}

/** A transport channel of the stream. */
export type ConnectionChannel = 'websocket' | 'poll';

/**
 * State of a transport channel: `open`/`closed`, `reconnecting` (retrying after a drop),
 * `fallback` (the websocket is down and polling carries the stream) and `idle` (nothing
 * arrived for the idle window; the stream re-polls or reconnects).
 */
export type ConnectionState = 'open' | 'closed' | 'reconnecting' | 'fallback' | 'idle';

/**
 * A change in how the stream is connected, surfaced as data so a live view can show it.
 *
 * @category Streams and events
 */
export interface ConnectionEvent extends JobEventBase {
  readonly type: 'connection';
  readonly channel: ConnectionChannel;
  readonly state: ConnectionState;
  /** A short human-readable explanation (close code, retry attempt, idle window). */
  readonly detail?: string;
  /**
   * The typed error behind a `fallback`: why the websocket was given up (a `NetworkError`, a
   * `WebSocketClosedError`, or the `DecodeError` of a frame that could not be read).
   */
  readonly error?: unknown;
}

/**
 * Everything a job stream can emit, discriminated by `type`. `R` is the result type.
 *
 * @category Streams and events
 */
export type JobEvent<R = PrimitiveResult> =
  | StatusEvent
  | UnknownStatusEvent
  | ProgressEvent
  | InterimEvent<R>
  | ResultEvent<R>
  | MetricsEvent
  | LogsEvent
  | ConnectionEvent;

/** The `type` tags of {@link JobEvent}. */
export type JobEventType = JobEvent['type'];

/** The member of {@link JobEvent} with the given `type`. */
export type JobEventOf<T extends JobEventType, R = PrimitiveResult> = Extract<
  JobEvent<R>,
  { readonly type: T }
>;

/** A status event whose status is DONE, CANCELLED or ERROR. */
export type FinalStatusEvent = StatusEvent & {
  readonly status: 'DONE' | 'CANCELLED' | 'ERROR';
};

// ---------------------------------------------------------------------------------------------
// Type guards

/** True for a `status` event. */
export function isStatusEvent<R>(event: JobEvent<R>): event is StatusEvent {
  return event.type === 'status';
}

/** True for a `status` event carrying DONE, CANCELLED or ERROR. */
export function isFinalStatusEvent<R>(event: JobEvent<R>): event is FinalStatusEvent {
  return event.type === 'status' && isFinal(event.status);
}

/** True for an `unknownStatus` event. */
export function isUnknownStatusEvent<R>(event: JobEvent<R>): event is UnknownStatusEvent {
  return event.type === 'unknownStatus';
}

/** True for a `progress` event. */
export function isProgressEvent<R>(event: JobEvent<R>): event is ProgressEvent {
  return event.type === 'progress';
}

/** True for an `interim` event. */
export function isInterimEvent<R>(event: JobEvent<R>): event is InterimEvent<R> {
  return event.type === 'interim';
}

/** True for a `result` event. */
export function isResultEvent<R>(event: JobEvent<R>): event is ResultEvent<R> {
  return event.type === 'result';
}

/** True for a `metrics` event. */
export function isMetricsEvent<R>(event: JobEvent<R>): event is MetricsEvent {
  return event.type === 'metrics';
}

/** True for a `logs` event. */
export function isLogsEvent<R>(event: JobEvent<R>): event is LogsEvent {
  return event.type === 'logs';
}

/** True for a `connection` event. */
export function isConnectionEvent<R>(event: JobEvent<R>): event is ConnectionEvent {
  return event.type === 'connection';
}

/** A guard for the events of one `type`, for `filter(isEventOfType('metrics'))`. */
export function isEventOfType<T extends JobEventType>(
  type: T,
): <R>(event: JobEvent<R>) => event is JobEventOf<T, R> {
  return <R>(event: JobEvent<R>): event is JobEventOf<T, R> => event.type === type;
}

// ---------------------------------------------------------------------------------------------
// Constructors (each fills in `type`; optional fields left undefined are omitted)

/** The fields of an event of kind `E`, everything but its `type` tag (what the constructors take). */
export type EventInit<E extends JobEventBase & { readonly type: string }> = Omit<E, 'type'>;

function withoutUndefined<T extends object>(value: T): T {
  const out: Partial<T> = {};
  for (const key of Object.keys(value) as (keyof T)[]) {
    if (value[key] !== undefined) out[key] = value[key];
  }
  return out as T;
}

/** Build a `status` event. `previous` is kept even when `undefined` (it is not optional). */
export function statusEvent(init: EventInit<StatusEvent>): StatusEvent {
  return { ...withoutUndefined({ type: 'status' as const, ...init }), previous: init.previous };
}

/** Build an `unknownStatus` event. */
export function unknownStatusEvent(init: EventInit<UnknownStatusEvent>): UnknownStatusEvent {
  return { type: 'unknownStatus', ...init };
}

/** Build a `progress` event. */
export function progressEvent(init: EventInit<ProgressEvent>): ProgressEvent {
  return withoutUndefined({ type: 'progress' as const, ...init });
}

/** Build an `interim` event. */
export function interimEvent<T>(init: EventInit<InterimEvent<T>>): InterimEvent<T> {
  return { type: 'interim', ...init };
}

/** Build a `result` event. */
export function resultEvent<R>(init: EventInit<ResultEvent<R>>): ResultEvent<R> {
  return { type: 'result', ...init };
}

/** Build a `metrics` event. */
export function metricsEvent(init: EventInit<MetricsEvent>): MetricsEvent {
  return { type: 'metrics', ...init };
}

/** Build a `logs` event. */
export function logsEvent(init: EventInit<LogsEvent>): LogsEvent {
  return { type: 'logs', ...init };
}

/** Build a `connection` event. */
export function connectionEvent(init: EventInit<ConnectionEvent>): ConnectionEvent {
  return withoutUndefined({ type: 'connection' as const, ...init });
}
