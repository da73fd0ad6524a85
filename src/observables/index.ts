/**
 * `quantum-jobs-rx/observables`: job streams and the sources they are built from.
 *
 * A job is watched as one Observable of `JobEvent`s ({@link job$}), built from up to three
 * sources (polling, the job-status websocket, the result-stream websocket) whose status
 * observations pass through the monotonic state machine (`StatusMachine` in
 * `quantum-jobs-rx/events`): each status once, in order, never backwards;
 * unknown statuses as data; a stream ends with the result (DONE) or the job's typed error
 * (ERROR, CANCELLED). Connection changes are events too, so a live view can show how the stream
 * is carried. The client's one {@link PollScheduler} reads every job it watches within one
 * request budget ({@link pollJob$} is one job's view of it); {@link jobSet$} watches many jobs
 * as one set through it, and {@link submitAll} creates many jobs, paced, without creating any
 * twice.
 *
 * @module
 */
export { job$ } from './job-stream.js';
export type { JobStreamOptions, WebSocketMode } from './job-stream-options.js';
export { advertisedOffers, isJobApi, jobApiOf, statusFetcherOf, toJobApi } from './job-client.js';
export type { JobApi, JobClient, JobHttp } from './job-client.js';
export { JobSet, jobSet$ } from './job-set.js';
export type {
  JobLike,
  JobSetAggregate,
  JobSetAggregateEvent,
  JobSetEvent,
  JobSetFailure,
  JobSetFailureEvent,
  JobSetFailureKind,
  JobSetInput,
  JobSetJobEvent,
  JobSetOptions,
  JobSetResubmittedEvent,
  JobSetSummaryEvent,
  RetryFailedOptions,
} from './job-set.js';
export { submitAll, toJobCreation } from './submit-all.js';
export type {
  SentSubmission,
  Submission,
  SubmitAllOptions,
  SubmitFailed,
  SubmitOutcome,
  SubmitOutcomeBase,
  SubmitUnknown,
  SubmittedJob,
} from './submit-all.js';
export { SubmissionPacer } from './submission-pacer.js';
export type { SubmissionPacerOptions, SubmissionPacerStats } from './submission-pacer.js';
export { SUBMIT_TOKEN_PREFIX, jobCreationOf, requestFromDetails } from './job-creation.js';
export type { JobCreation } from './job-creation.js';
export {
  DEFAULT_RESULT_RETRY,
  isResultLag,
  readDoneResult$,
  resolveResultRetry,
} from './result-read.js';
export type { ResultRetryPolicy } from './result-read.js';
export { pollJob$ } from './sources/poll-source.js';
export type { PollReading, PollSourceOptions } from './sources/poll-source.js';
export { pollSchedulerOf } from './job-client.js';
export { readFailureOutcome } from './scheduler/read-failures.js';
export { jobStatusSocket$ } from './sources/status-socket-source.js';
export type {
  StatusSocketConnect,
  StatusSocketEvent,
  StatusSocketOptions,
} from './sources/status-socket-source.js';
export { LAST_FRAME_WINDOW_MS, resultStream$ } from './sources/result-stream-source.js';
export type {
  ResultFrame,
  ResultStreamEvent,
  ResultStreamOptions,
} from './sources/result-stream-source.js';
export {
  DEFAULT_RECONNECT_POLICY,
  isReconnectable,
  reconnectDelayMs,
  withReconnect,
} from './sources/reconnect.js';
export type {
  ReconnectContext,
  ReconnectPolicy,
  Reconnectable,
  SourceConnection,
  WithReconnectOptions,
} from './sources/reconnect.js';
export { pageVisibility$ } from './sources/visibility.js';
export type { VisibilityDocument } from './sources/visibility.js';
export {
  BATCH_COOLDOWN_MS,
  DEFAULT_BACKOFF,
  DEFAULT_BATCH_OPTIONS,
  DEFAULT_MAX_IN_FLIGHT,
  DEFAULT_POLL_INTERVALS,
  DEFAULT_REQUESTS_PER_SECOND,
  PollScheduler,
} from './scheduler/index.js';
export type {
  BatchOptions,
  PollIntervals,
  PollSchedulerOptions,
  BackoffBounds,
  PollSchedulerStats,
  WatchOptions,
  StatusFetcher,
  Unwatch,
  WatchEvent,
  WatchSink,
  WatchedByStatus,
} from './scheduler/index.js';
