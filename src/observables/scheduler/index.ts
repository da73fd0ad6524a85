/**
 * The client-wide poll scheduler: one request budget for the status reads of every watched job.
 * See `docs/scaling.md`.
 *
 * @module
 */
export {
  BATCH_COOLDOWN_MS,
  DEFAULT_BACKOFF,
  DEFAULT_BATCH_OPTIONS,
  DEFAULT_MAX_IN_FLIGHT,
  DEFAULT_POLL_INTERVALS,
  DEFAULT_REQUESTS_PER_SECOND,
  PollScheduler,
} from './poll-scheduler.js';
export type {
  BatchOptions,
  PollIntervals,
  PollSchedulerOptions,
  PollSchedulerStats,
  StatusFetcher,
  Unwatch,
  WatchEvent,
  WatchOptions,
  WatchSink,
  WatchedByStatus,
} from './types.js';
export { TokenBucket, burstFor } from './token-bucket.js';
export { fairFloorMs } from './fair-interval.js';
export type { LoadClass } from './fair-interval.js';
export type { BackoffBounds } from './request-budget.js';
