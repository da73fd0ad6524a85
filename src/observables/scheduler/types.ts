/**
 * The public vocabulary of the poll scheduler: what it asks of the caller (a
 * {@link StatusFetcher}), what it tells a watcher ({@link WatchEvent} through a
 * {@link WatchSink}), its options and its statistics.
 *
 * @module
 */
import type { Observable, SchedulerLike } from 'rxjs';
import type { JobDetails, JobsPage } from '../../codecs/job.js';
import type { MappedStatus } from '../../codecs/status.js';

/**
 * The requests the scheduler makes, supplied by the caller (an adapter over the HTTP client).
 * Each Observable performs its request on subscribe, emits one answer, and cancels the
 * request when unsubscribed. Errors should be the library's typed errors: an
 * `IBMApiError` with status 429 (or 503 with `retryAfterSeconds`) pauses every request.
 * The adapter must not retry 429 itself, so that the pause applies to everyone.
 */
export interface StatusFetcher {
  /** `GET /v1/jobs/{id}?exclude_params=true`. */
  fetchJob(id: string): Observable<JobDetails>;
  /** `GET /v1/jobs?pending=true&exclude_params=true&offset=…&limit=…` (queued and running jobs). */
  fetchPendingPage(offset: number, limit: number): Observable<JobsPage>;
}

/**
 * What a watcher is told about its job.
 *
 * - `details`: a fresh read of the job, from its own request or from a pending-list page
 *   (`viaBatch: true`).
 * - `error`: reading this job failed (5xx, network, 404, a body that cannot be read...). The
 *   scheduler keeps trying; the next attempt comes in `retryInMs`, and `failures` counts the
 *   failed reads of the job in a row, this one included, so a watcher can give up after its
 *   own number of attempts. Rate-limit answers are not reported here: they pause every request
 *   instead (see {@link PollSchedulerStats.pausedForMs}).
 * - `interval`: how often the job is now polled, given its status and how many other jobs share
 *   the budget. Sent before the first `details` and again whenever it changes by more than 10%.
 */
export type WatchEvent =
  | {
      readonly kind: 'details';
      readonly details: JobDetails;
      /** The status read from `details` (`jobStatusOf`), with the server's reason. */
      readonly mapped: MappedStatus;
      readonly viaBatch: boolean;
    }
  | {
      readonly kind: 'error';
      readonly error: unknown;
      readonly retryInMs: number;
      readonly failures: number;
    }
  | { readonly kind: 'interval'; readonly pollIntervalMs: number };

/**
 * Receives one job's {@link WatchEvent}s: a function, or an object with `next` (an rxjs
 * `Subscriber` or `Subject` works as is). Exceptions it throws are reported through rxjs'
 * `config.onUnhandledError` (or rethrown asynchronously) and never stop the scheduler.
 */
export type WatchSink = ((event: WatchEvent) => void) | { next(event: WatchEvent): void };

/** Stops one watch. Calling it again does nothing. */
export type Unwatch = () => void;

/**
 * Poll intervals by status, in milliseconds. Each is raised to at least `floorMs`, and, when
 * many jobs share the request budget, to the fair share of it each job gets.
 *
 * @category Streams and events
 */
export interface PollIntervals {
  /** While the job is queued. Default 10000. */
  readonly queuedMs: number;
  /** While the job runs. Default 2000. */
  readonly runningMs: number;
  /** While the status is not known yet, or the job initialises or validates. Default 1000. */
  readonly initialMs: number;
  /** No job is polled more often than this, even when poked. Default 500. */
  readonly floorMs: number;
  /**
   * While another channel carries the job for every one of its watchers (an open job-status
   * websocket, see `PollScheduler.setCarried`): polling only checks now and then, in case the
   * push channel missed something. Default 30000.
   */
  readonly relaxedMs: number;
}

/** Options of one `PollScheduler.watch`. */
export interface WatchOptions {
  /**
   * Intervals this watcher wants for its job instead of the scheduler's. A job watched several
   * times is read at the shortest interval any watcher wants (and no more often than the
   * lowest `floorMs`); the fair share of a tight budget still applies. Jobs refreshed from
   * pending-list pages follow the pages' pace.
   */
  readonly intervals?: Partial<PollIntervals>;
}

/** When and how jobs are refreshed from pending-list pages instead of one request each. */
export interface BatchOptions {
  /**
   * Use list pages when at least this many watched jobs may be pending (queued, running, or
   * not known yet) and the pages cost fewer requests than the jobs. Default 20.
   */
  readonly minPending: number;
  /** `limit` of each page. Default 100. */
  readonly pageSize: number;
}

/**
 * Options of {@link PollScheduler}.
 *
 * @category Streams and events
 */
export interface PollSchedulerOptions {
  /**
   * Rate of status requests for the whole client. Default 5. Never more than `ceil(rate)`
   * requests start in any one-second window; a whole rate is also the largest burst.
   */
  readonly requestsPerSecond?: number;
  /** Most status requests in flight at once. Default 4. */
  readonly maxInFlight?: number;
  /** Desired poll intervals by status. */
  readonly intervals?: Partial<PollIntervals>;
  /** Pending-list batching; `false` turns it off. */
  readonly batch?: Partial<BatchOptions> | false;
  /**
   * Waits after failed reads of one job, and after rate-limit answers without `Retry-After`.
   * Default 1000 ms doubling up to 60000 ms.
   */
  readonly backoff?: Partial<{ readonly initialMs: number; readonly maxMs: number }>;
  /** Clock and timer (virtual time in specs). Default `asyncScheduler`. */
  readonly scheduler?: SchedulerLike;
  /**
   * Page visibility (`true` = visible). While the page is hidden no job is read (requests made
   * through `PollScheduler.request` still go); when it is shown again every watched job is
   * read as soon as the budget allows. Listened to only while jobs are watched. Default: the
   * document's visibility where there is one, always visible elsewhere (Node).
   */
  readonly visibility$?: Observable<boolean>;
}

/** Watched jobs by what the scheduler knows of their status. */
export interface WatchedByStatus {
  /** Status not known yet, or initialising/validating. */
  readonly initial: number;
  readonly queued: number;
  readonly running: number;
  /** Final: no longer polled, still watched. */
  readonly final: number;
}

/** A snapshot of the scheduler's counters. */
export interface PollSchedulerStats {
  /** Requests started since creation: job reads, list pages and other requests. */
  readonly requestsSent: number;
  /** Requests made through `PollScheduler.request` (job creation) and started. */
  readonly otherRequests: number;
  /** `GET /v1/jobs/{id}` requests started. */
  readonly jobRequests: number;
  /** Pending-list page requests started. */
  readonly pageRequests: number;
  /** Job reads made because a job was missing from the pending pages. */
  readonly fallbackRequests: number;
  /** Requests in flight now. */
  readonly inFlight: number;
  /** Distinct jobs watched. */
  readonly watched: number;
  /** Watchers (a job watched twice counts twice). */
  readonly watchers: number;
  readonly watchedByStatus: WatchedByStatus;
  /** Jobs currently refreshed from pending-list pages. */
  readonly batched: number;
  /** True while pending-list batching is on. */
  readonly batching: boolean;
  /** Failed reads reported to watchers, and failed pages. */
  readonly errors: number;
  /** Rate-limit answers (429, or 503 with `Retry-After`). */
  readonly rateLimited: number;
  /** Time left in the current rate-limit pause, 0 when not paused. */
  readonly pausedForMs: number;
  /** The fair floor every interval is raised to under load (0 when the budget is not tight). */
  readonly fairFloorMs: number;
  /** Requests per second the budget can serve: the rate, or less when latency limits it. */
  readonly capacityPerSecond: number;
  /** Exceptions thrown by sinks. */
  readonly sinkErrors: number;
}
