/**
 * The client-wide poll scheduler: one request budget, one timer and one compact record per
 * watched job, however many jobs are watched.
 *
 * Streams register a job with {@link PollScheduler.watch} and receive its reads through a
 * {@link WatchSink}. The scheduler decides when each job is read:
 *
 * - **Budget.** Every request (job read or list page) takes a token from one
 *   {@link TokenBucket} (at most `requestsPerSecond` in any sliding window) and one of
 *   `maxInFlight` slots. More jobs never mean more requests per second; they mean each job is
 *   read less often: the interval of each status class is raised to a fair floor computed by
 *   {@link fairFloorMs} from how many jobs of each class share the budget.
 * - **Order.** Jobs wait in a heap by due time; due jobs move to a second heap ordered by
 *   priority (changed or poked first, then RUNNING, QUEUED, initial) and are sent as the
 *   budget allows.
 * - **Batching.** When enough watched jobs may be pending, they are refreshed from pending-list
 *   pages instead (one token per page); a job the pages did not list is read once on its own.
 * - **Rate limits.** A 429 (or 503 with `Retry-After`) pauses every request; other failures
 *   are reported to that job's sinks and the job is retried with backoff.
 * - **Cadence.** One place decides how often a job is read: its status class's interval (the
 *   scheduler's, or what its watchers asked for in {@link PollScheduler.watch}), `relaxedMs`
 *   while another channel carries it for every watcher ({@link PollScheduler.setCarried}),
 *   raised to the floor and the fair share; nothing is read while the page is hidden.
 * - **Other requests.** {@link PollScheduler.request} runs any request (job creation) within
 *   the same budget, ahead of reads.
 * - **Memory.** An idle job is one {@link WatchEntry} in a heap or in the batch: no timer, no
 *   subscription, no closure. One timer serves all jobs, re-armed to the earliest next event.
 *
 * @module
 */
import { Observable, asapScheduler, asyncScheduler, config } from 'rxjs';
import type { SchedulerLike, Subscription } from 'rxjs';
import {
  ConfigError,
  DecodeError,
  IBMApiError,
  IBMRuntimeError,
  RuntimeInvalidStateError,
  describeValue,
} from '../../codecs/errors.js';
import { jobStatusOf } from '../../codecs/job.js';
import type { JobDetails, JobsPage } from '../../codecs/job.js';
import { JOB_STATUSES, isUnknownStatus } from '../../codecs/status.js';
import type { JobStatus, MappedStatus } from '../../codecs/status.js';
import { PendingListRound, pagesFor, shouldBatch } from './batch-planner.js';
import { fairFloorMs } from './fair-interval.js';
import { IndexedHeap } from './indexed-heap.js';
import { pageVisibility$ } from '../sources/visibility.js';
import { RequestBudget, backoffMs } from './request-budget.js';
import type { BackoffBounds } from './request-budget.js';
import type {
  BatchOptions,
  PollIntervals,
  PollSchedulerOptions,
  PollSchedulerStats,
  StatusFetcher,
  Unwatch,
  WatchEvent,
  WatchOptions,
  WatchSink,
} from './types.js';
import { WatchCadence, resolveIntervals } from './watch-cadence.js';
import {
  FLAG_CHANGED,
  FLAG_FINAL_HINT,
  Place,
  StatusClass,
  WatchEntry,
  priorityOf,
  statusClassOf,
} from './watch-entry.js';

/** Intervals used where none are given. */
export const DEFAULT_POLL_INTERVALS: PollIntervals = Object.freeze({
  queuedMs: 10_000,
  runningMs: 2_000,
  initialMs: 1_000,
  floorMs: 500,
  relaxedMs: 30_000,
});

/** Batching used where none is given. */
export const DEFAULT_BATCH_OPTIONS: BatchOptions = Object.freeze({ minPending: 20, pageSize: 100 });

/** Default request rate of a client. */
export const DEFAULT_REQUESTS_PER_SECOND = 5;
/** Default number of requests in flight at once. */
export const DEFAULT_MAX_IN_FLIGHT = 4;
/** Default backoff after failures. */
export const DEFAULT_BACKOFF: BackoffBounds = Object.freeze({ initialMs: 1_000, maxMs: 60_000 });

/** How long batching stays off after a list page failed (other than by a rate limit). */
export const BATCH_COOLDOWN_MS = 60_000;

/** A poll interval is reported again when it moved by more than this fraction. */
const INTERVAL_REPORT_CHANGE = 0.1;

/** Flag: the job was taken out of the batch because the pages did not list it. */
const FLAG_FALLBACK = 4;

/** Priority of the next page of a round already under way: before everything else. */
const CONTINUING_ROUND_PRIORITY = -1;

type Schedulable = WatchEntry | PendingListRound;

/** Where the one read of a job in flight reports its outcome. */
interface ReadOutcomes {
  /** The read ended (answer, failure or completion): free its slot. Called once, first. */
  settled(read: JobRead): void;
  answered(read: JobRead, details: JobDetails): void;
  failed(read: JobRead, error: unknown): void;
}

/**
 * The observer of one job read in flight: an object of its own rather than closures, since
 * every read of every job makes one. Only its first outcome counts, and only while the entry
 * is still waiting for it (not unwatched or disposed meanwhile).
 */
class JobRead {
  settled = false;

  constructor(
    private readonly outcomes: ReadOutcomes,
    readonly entry: WatchEntry,
    readonly sentAt: number,
  ) {}

  next(details: JobDetails): void {
    if (this.settle()) this.outcomes.answered(this, details);
  }

  error(error: unknown): void {
    if (this.settle()) this.outcomes.failed(this, error);
  }

  complete(): void {
    if (this.settle()) {
      const error = new IBMRuntimeError(`reading job ${this.entry.id} completed without an answer`);
      this.outcomes.failed(this, error);
    }
  }

  private settle(): boolean {
    if (this.settled || this.entry.place !== Place.InFlight) return false;
    this.settled = true;
    this.outcomes.settled(this);
    return true;
  }
}

/** A request made through {@link PollScheduler.request}, waiting for the budget. */
interface QueuedRequest {
  start(now: number): void;
}

const dueFirst = (a: Schedulable, b: Schedulable): boolean =>
  a.due < b.due ||
  (a.due === b.due && (a.priority < b.priority || (a.priority === b.priority && a.seq < b.seq)));

const priorityFirst = (a: Schedulable, b: Schedulable): boolean =>
  a.priority < b.priority ||
  (a.priority === b.priority && (a.due < b.due || (a.due === b.due && a.seq < b.seq)));

function isSink(sink: unknown): sink is WatchSink {
  return (
    typeof sink === 'function' ||
    (typeof sink === 'object' &&
      sink !== null &&
      typeof (sink as { next?: unknown }).next === 'function')
  );
}

function deliver(sink: WatchSink, event: WatchEvent): void {
  if (typeof sink === 'function') sink(event);
  else sink.next(event);
}

/** The rate-limit wait an error asks for: `undefined` = not a rate limit, `NaN` = no `Retry-After`. */
function rateLimitWaitMs(error: unknown): number | undefined {
  if (!(error instanceof IBMApiError)) return undefined;
  const seconds = error.retryAfterSeconds;
  if (error.status === 429) return seconds === undefined ? NaN : seconds * 1000;
  if (error.status === 503 && seconds !== undefined) return seconds * 1000;
  return undefined;
}

function positiveNumber(value: unknown, option: string, min: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    throw new ConfigError(
      `${option} must be a finite number >= ${min}, got ${describeValue(value)}`,
      option,
    );
  }
  return value;
}

function resolveRecord<T extends object>(
  defaults: T,
  given: Partial<T> | undefined,
  prefix: string,
  min: number,
): T {
  if (given === undefined) return defaults;
  if (typeof given !== 'object' || given === null) {
    throw new ConfigError(`${prefix} must be an object, got ${describeValue(given)}`, prefix);
  }
  const out: Record<string, number> = { ...(defaults as Record<string, number>) };
  for (const [key, value] of Object.entries(given)) {
    if (value === undefined) continue;
    if (!(key in defaults))
      throw new ConfigError(`${prefix}.${key} is not an option`, `${prefix}.${key}`);
    out[key] = positiveNumber(value, `${prefix}.${key}`, min);
  }
  return Object.freeze(out) as T;
}

/**
 * Polls the status of many jobs within one request budget. See the module documentation for
 * how; `docs/scaling.md` for the design and measured figures.
 *
 * ```ts
 * const polls = new PollScheduler(fetcher, { requestsPerSecond: 5 });
 * const unwatch = polls.watch(jobId, (event) => {
 *   if (event.kind === 'details') console.log(jobStatusOf(event.details).status);
 * });
 * // later
 * unwatch();
 * polls.dispose();
 * ```
 *
 * @category Streams and events
 */
export class PollScheduler {
  private readonly clock: SchedulerLike;
  private readonly epoch: number;
  private readonly budget: RequestBudget;
  private readonly intervals: PollIntervals;
  private readonly batchOptions: BatchOptions | undefined;
  private readonly backoff: BackoffBounds;
  private readonly requestsPerSecond: number;

  private readonly entries = new Map<string, WatchEntry>();
  private readonly cadence: WatchCadence;
  /** Requests made through `request()`, first come first served, ahead of reads. */
  private readonly queuedRequests: QueuedRequest[] = [];
  private readonly visibility$: Observable<boolean>;
  private visibility: Subscription | undefined;
  private visible = true;
  private readonly waiting = new IndexedHeap<Schedulable>(dueFirst);
  private readonly ready = new IndexedHeap<Schedulable>(priorityFirst);
  private readonly round: PendingListRound;
  private roundRequest: Subscription | undefined;
  private roundInFlight = false;

  private timer: Subscription | undefined;
  private timerAt = Infinity;
  private timerGeneration = 0;
  private pumping = false;
  private pumpAgain = false;
  private disposed = false;
  private seq = 0;

  /** Non-final watched jobs by status class (Initial, Queued, Running). */
  private readonly live = [0, 0, 0];
  /** Of those, the ones in the batch. */
  private readonly inBatch = [0, 0, 0];
  private finalCount = 0;
  private watcherCount = 0;
  private batching = false;
  private batchCooldownUntil = -Infinity;
  private latencyMs = 0;
  private floorCache = -1;
  /** Largest fair floor since due times were last pulled in. */
  private scheduledFloor = 0;

  private requestsSent = 0;
  private otherRequests = 0;
  private jobRequests = 0;
  private pageRequests = 0;
  private fallbackRequests = 0;
  private errorCount = 0;
  private rateLimitedCount = 0;
  private sinkErrorCount = 0;

  /**
   * @param fetcher performs the two kinds of status request.
   * @param options budget, intervals, batching and clock; see {@link PollSchedulerOptions}.
   * @throws ConfigError naming the option when an option is out of range or unknown.
   */
  constructor(
    private readonly fetcher: StatusFetcher,
    options: PollSchedulerOptions = {},
  ) {
    if (
      typeof fetcher !== 'object' ||
      fetcher === null ||
      typeof fetcher.fetchJob !== 'function' ||
      typeof fetcher.fetchPendingPage !== 'function'
    ) {
      throw new ConfigError(
        'fetcher must be an object with fetchJob(id) and fetchPendingPage(offset, limit)',
        'fetcher',
      );
    }
    if (typeof options !== 'object' || options === null) {
      throw new ConfigError(`options must be an object, got ${describeValue(options)}`, 'options');
    }
    // The token bucket checks the rate (> 0), the budget checks maxInFlight (integer >= 1).
    this.requestsPerSecond = options.requestsPerSecond ?? DEFAULT_REQUESTS_PER_SECOND;
    const maxInFlight = options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;
    this.intervals = resolveIntervals(DEFAULT_POLL_INTERVALS, options.intervals, 'intervals');
    this.cadence = new WatchCadence(this.intervals);
    this.visibility$ = options.visibility$ ?? pageVisibility$();
    if (options.batch === false) this.batchOptions = undefined;
    else {
      const batch = resolveRecord(DEFAULT_BATCH_OPTIONS, options.batch, 'batch', 1);
      if (!Number.isInteger(batch.pageSize)) {
        throw new ConfigError(
          `batch.pageSize must be an integer, got ${batch.pageSize}`,
          'batch.pageSize',
        );
      }
      this.batchOptions = batch;
    }
    this.backoff = resolveRecord(DEFAULT_BACKOFF, options.backoff, 'backoff', 0);
    this.budget = new RequestBudget(this.requestsPerSecond, maxInFlight, this.backoff);
    this.clock = options.scheduler ?? asyncScheduler;
    this.epoch = this.clock.now();
    this.round = new PendingListRound(
      this.batchOptions?.pageSize ?? DEFAULT_BATCH_OPTIONS.pageSize,
    );
  }

  /**
   * Watch job `jobId`: its reads, failures and poll interval go to `sink` until the returned
   * {@link Unwatch} is called. A job watched several times is read once for all of its sinks.
   * The first read is due at once (delivered asynchronously, never inside this call).
   * `options.intervals` are this watcher's own intervals for the job (see {@link WatchOptions}).
   *
   * @throws ConfigError for an empty or non-string id, a sink that is neither a function nor
   *   an object with `next`, a sink already watching, or bad intervals.
   * @throws RuntimeInvalidStateError after {@link dispose}.
   */
  watch(jobId: string, sink: WatchSink, options: WatchOptions = {}): Unwatch {
    if (this.disposed)
      throw new RuntimeInvalidStateError('watch: the poll scheduler is disposed', jobId);
    if (typeof jobId !== 'string' || jobId.trim() === '') {
      throw new ConfigError(
        `watch: jobId must be a non-empty string, got ${describeValue(jobId)}`,
        'jobId',
      );
    }
    if (!isSink(sink)) {
      throw new ConfigError(
        `watch: sink must be a function or an object with a next method, got ${describeValue(sink)}`,
        'sink',
      );
    }
    const own =
      options.intervals === undefined
        ? undefined
        : resolveIntervals(this.intervals, options.intervals, 'intervals');
    const now = this.now();
    this.watcherCount++;
    this.cadence.watch(sink, own);
    if (this.entries.size === 0) this.listenToVisibility();
    let entry = this.entries.get(jobId);
    if (entry !== undefined) {
      entry.refs++;
      entry.sinks = Array.isArray(entry.sinks) ? [...entry.sinks, sink] : [entry.sinks, sink];
      entry.reportedMs = 0; // the new sink hears the interval with the next read
      if (entry.place !== Place.InFlight) this.hurry(entry, now);
    } else {
      entry = new WatchEntry(jobId, sink);
      this.entries.set(jobId, entry);
      this.live[StatusClass.Initial]!++;
      this.floorCache = -1;
      if (this.batching) {
        this.joinBatch(entry);
        this.rescheduleRound(now);
      } else {
        entry.due = now;
        this.enqueue(entry);
      }
    }
    this.requestPump();
    return this.unwatcher(entry, sink);
  }

  /**
   * The {@link Unwatch} of one `watch` call, made here so that the closure holds the entry and
   * the sink alone: made inside `watch` (whose parameters have a default), it kept a context
   * four slots larger for every watched job, 32 bytes (`npm run bench -- scale`).
   */
  private unwatcher(entry: WatchEntry, sink: WatchSink): Unwatch {
    let active = true;
    return () => {
      if (!active) return;
      active = false;
      this.release(entry, sink);
    };
  }

  /**
   * Say whether another channel (a job-status websocket) carries job `jobId` for the watcher
   * `sink`. While it does for every watcher of the job, the job is read every `relaxedMs`
   * only. When a watcher loses its channel while the job was relaxed, the job is read as soon
   * as allowed, so nothing is missed. Returns false when `sink` does not watch the job or the
   * scheduler is disposed.
   */
  setCarried(jobId: string, sink: WatchSink, carried: boolean): boolean {
    if (this.disposed) return false;
    const entry = this.entries.get(jobId);
    if (entry === undefined) return false;
    const sinks = entry.sinks;
    if (Array.isArray(sinks) ? !sinks.includes(sink) : sinks !== sink) return false;
    const wasRelaxed = this.cadence.relaxed(sinks);
    if (!this.cadence.setCarried(sink, carried)) return true;
    if (wasRelaxed && !this.cadence.relaxed(sinks) && entry.place !== Place.Parked) {
      if (entry.place !== Place.InFlight) this.hurry(entry, this.now());
      else entry.flags |= FLAG_CHANGED;
      this.requestPump();
    }
    return true;
  }

  /**
   * Run `request$` within the scheduler's budget: it waits for a token and an in-flight slot
   * like a status read, and goes ahead of reads waiting for one (it is not held back while the
   * page is hidden). A rate-limit answer to it pauses every request, reads included. Job
   * creation goes through here, so the client's one budget covers it too. After
   * {@link dispose} the request runs at once. Unsubscribing before it starts takes it out of
   * the queue.
   */
  request<T>(request$: Observable<T>): Observable<T> {
    return new Observable<T>((subscriber) => {
      if (this.disposed) return request$.subscribe(subscriber);
      let queued = true;
      let holding = false;
      let sentAt = 0;
      let inner: Subscription | undefined;
      const settle = (outcome: 'answered' | 'failed' | 'left', error?: unknown): void => {
        if (!holding) return;
        holding = false;
        this.budget.release();
        const limitWait = outcome === 'failed' ? rateLimitWaitMs(error) : undefined;
        if (limitWait !== undefined) {
          this.rateLimitedCount++;
          this.budget.rateLimited(
            this.now(),
            sentAt,
            Number.isNaN(limitWait) ? undefined : limitWait,
          );
        } else if (outcome === 'answered') {
          this.budget.succeeded();
        }
        this.requestPump();
      };
      const item: QueuedRequest = {
        start: (now) => {
          queued = false;
          holding = true;
          sentAt = now;
          this.requestsSent++;
          this.otherRequests++;
          inner = request$.subscribe({
            next: (value) => subscriber.next(value),
            error: (error: unknown) => {
              settle('failed', error);
              subscriber.error(error);
            },
            complete: () => {
              settle('answered');
              subscriber.complete();
            },
          });
        },
      };
      this.queuedRequests.push(item);
      this.pump();
      return () => {
        if (queued) {
          const i = this.queuedRequests.indexOf(item);
          if (i >= 0) this.queuedRequests.splice(i, 1);
        }
        inner?.unsubscribe();
        settle('left');
      };
    });
  }

  /**
   * Read job `jobId` as soon as the budget allows (and no sooner than `floorMs` after its last
   * read), ahead of jobs that were not poked. For an idle-stream watchdog or a dropped
   * websocket. Returns false when the job is not watched, is final, or the scheduler is disposed.
   */
  pokeNow(jobId: string): boolean {
    if (this.disposed) return false;
    const entry = this.entries.get(jobId);
    if (entry === undefined || entry.place === Place.Parked) return false;
    if (entry.place !== Place.InFlight) {
      this.hurry(entry, this.now());
      this.requestPump();
    }
    return true;
  }

  /**
   * Tell the scheduler what another source (a status websocket) says about job `jobId`. A
   * further-along status changes the job's interval at once (QUEUED to RUNNING: read more
   * often). A final status asks for one confirming read, after which the job leaves the
   * schedule. Returns false when the job is not watched, already final, or the scheduler is disposed.
   *
   * @throws ConfigError when `status` is not a {@link JobStatus}.
   */
  setStatusHint(jobId: string, status: JobStatus): boolean {
    if (!(JOB_STATUSES as readonly unknown[]).includes(status)) {
      throw new ConfigError(
        `setStatusHint: status must be one of ${JOB_STATUSES.join(', ')}, got ${describeValue(status)}`,
        'status',
      );
    }
    if (this.disposed) return false;
    const entry = this.entries.get(jobId);
    if (entry === undefined || entry.place === Place.Parked) return false;
    const now = this.now();
    const cls = statusClassOf(status);
    if (cls === StatusClass.Final) {
      entry.flags |= FLAG_FINAL_HINT;
      if (entry.place === Place.InFlight) entry.flags |= FLAG_CHANGED;
      else this.hurry(entry, now);
    } else if (cls > entry.statusClass) {
      this.setClass(entry, cls);
      if (entry.place === Place.Waiting || entry.place === Place.Ready) {
        const heap = entry.place === Place.Waiting ? this.waiting : this.ready;
        entry.priority = priorityOf(entry.statusClass, entry.flags);
        if (entry.lastReadAt >= 0) {
          entry.due = Math.ceil(
            Math.min(entry.due, Math.max(now, entry.lastReadAt + this.intervalOf(entry))),
          );
        }
        heap.update(entry);
      } else if (entry.place === Place.Batched) {
        this.rescheduleRound(now);
      }
    }
    this.requestPump();
    return true;
  }

  /** A snapshot of the counters. */
  get stats(): PollSchedulerStats {
    const now = this.now();
    return {
      requestsSent: this.requestsSent,
      otherRequests: this.otherRequests,
      jobRequests: this.jobRequests,
      pageRequests: this.pageRequests,
      fallbackRequests: this.fallbackRequests,
      inFlight: this.budget.inFlight,
      watched: this.entries.size,
      watchers: this.watcherCount,
      watchedByStatus: {
        initial: this.live[StatusClass.Initial]!,
        queued: this.live[StatusClass.Queued]!,
        running: this.live[StatusClass.Running]!,
        final: this.finalCount,
      },
      batched: this.inBatch[0]! + this.inBatch[1]! + this.inBatch[2]!,
      batching: this.batching,
      errors: this.errorCount,
      rateLimited: this.rateLimitedCount,
      pausedForMs: Math.max(0, this.budget.pausedUntil - now),
      fairFloorMs: this.fairFloor(),
      capacityPerSecond: this.capacity(),
      sinkErrors: this.sinkErrorCount,
    };
  }

  /**
   * Stop everything: cancel the requests in flight and the timer, forget every job. Sinks hear
   * nothing more. Calling it again does nothing.
   */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.cancelTimer();
    this.visibility?.unsubscribe();
    this.visibility = undefined;
    // Requests waiting for the budget go at once: there is no budget left to wait for.
    const now = this.now();
    for (const queued of this.queuedRequests.splice(0)) queued.start(now);
    this.roundRequest?.unsubscribe();
    this.roundRequest = undefined;
    for (const entry of this.entries.values()) {
      entry.request?.unsubscribe();
      entry.request = undefined;
      entry.place = Place.Gone;
    }
    this.entries.clear();
    this.waiting.clear();
    this.ready.clear();
  }

  // ---------------------------------------------------------------- time and timer

  private now(): number {
    return Math.round(this.clock.now() - this.epoch);
  }

  /** Run the pump soon, outside the caller's stack. */
  private requestPump(): void {
    if (this.pumping) this.pumpAgain = true;
    else this.arm(this.now());
  }

  private arm(at: number): void {
    if (this.disposed) return;
    if (this.timer !== undefined && this.timerAt <= at) return;
    this.cancelTimer();
    const generation = ++this.timerGeneration;
    this.timerAt = at;
    const delay = Math.max(0, Math.ceil(at - this.now()));
    // A zero wait on the real clock goes through the asap queue rather than a 0 ms timer, so
    // the event loop does not idle for the timer's minimum delay.
    const timer = (
      delay === 0 && this.clock === asyncScheduler ? asapScheduler : this.clock
    ).schedule(() => {
      if (generation !== this.timerGeneration) return;
      this.timer = undefined;
      this.timerAt = Infinity;
      this.pump();
    }, delay);
    // A scheduler may run the action synchronously; then it has already fired.
    if (generation === this.timerGeneration && this.timerAt === at) this.timer = timer;
  }

  private cancelTimer(): void {
    this.timerGeneration++;
    this.timer?.unsubscribe();
    this.timer = undefined;
    this.timerAt = Infinity;
  }

  // ---------------------------------------------------------------- the pump

  private pump(): void {
    if (this.disposed) return;
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    // Items queued during this call (a read answered at once and due again at once, with an
    // interval of 0) wait for the next call, so a fetcher that answers synchronously cannot
    // keep this loop going: the next call comes through the timer (the asap queue for a 0 ms
    // wait).
    const firstSeq = this.seq;
    let now: number;
    try {
      do {
        this.pumpAgain = false;
        now = this.now();
        this.reviewBatching(now);
        this.pullInIfFloorDropped(now);
        for (
          let head = this.waiting.peek();
          head !== undefined && head.due <= now && head.seq < firstSeq;
          head = this.waiting.peek()
        ) {
          this.waiting.pop();
          if (head instanceof WatchEntry) head.place = Place.Ready;
          this.ready.push(head);
        }
        while (this.queuedRequests.length > 0 && !this.disposed && this.budget.tryAcquire(now)) {
          this.queuedRequests.shift()!.start(now);
        }
        while (
          this.visible &&
          this.ready.size > 0 &&
          !this.disposed &&
          this.budget.tryAcquire(now)
        ) {
          this.start(this.ready.pop()!, now);
        }
      } while (this.pumpAgain && !this.disposed);
    } finally {
      this.pumping = false;
    }
    if (this.disposed) return;
    const startable = this.queuedRequests.length > 0 || (this.visible && this.ready.size > 0);
    let at = startable ? this.budget.nextStartAt(now) : Infinity;
    const head = this.visible ? this.waiting.peek() : undefined;
    if (head !== undefined) at = Math.min(at, head.due);
    if (at === Infinity) this.cancelTimer();
    else this.arm(at);
  }

  /** Follow the page's visibility while jobs are watched (from the first watch on). */
  private listenToVisibility(): void {
    if (this.visibility !== undefined) return;
    const subscription = this.visibility$.subscribe((visible) => this.setVisible(visible));
    // A source that emitted and completed at once (no document: always visible) holds nothing.
    this.visibility = subscription.closed ? undefined : subscription;
  }

  private setVisible(visible: boolean): void {
    if (this.disposed || visible === this.visible) return;
    this.visible = visible;
    if (!visible) {
      this.pump(); // re-arms the timer for other requests only
      return;
    }
    // Shown again: every job is read as soon as the budget (and its floor) allows.
    const now = this.now();
    this.waiting.forEach((item) => {
      if (item instanceof WatchEntry) {
        const at =
          item.lastReadAt < 0
            ? now
            : Math.ceil(Math.max(now, item.lastReadAt + this.floorOf(item)));
        if (at < item.due) item.due = at;
      } else if (!item.active && item.due > now) {
        item.due = now;
      }
    });
    this.waiting.reorder();
    this.pump();
  }

  private enqueue(item: Schedulable): void {
    item.seq = this.seq++;
    if (item instanceof WatchEntry) {
      item.place = Place.Waiting;
      item.priority = priorityOf(item.statusClass, item.flags);
    }
    this.waiting.push(item);
  }

  /** Take an entry out of its heap or the batch (not out of flight). */
  private detach(entry: WatchEntry): void {
    switch (entry.place) {
      case Place.Waiting:
        this.waiting.remove(entry);
        break;
      case Place.Ready:
        this.ready.remove(entry);
        break;
      case Place.Batched:
        if (entry.statusClass !== StatusClass.Final) this.inBatch[entry.statusClass]!--;
        this.floorCache = -1;
        break;
      default:
        break;
    }
    entry.place = Place.Gone;
  }

  /** Move an entry to its own read, due as soon as allowed, ahead of unpoked jobs. */
  private hurry(entry: WatchEntry, now: number): void {
    this.detach(entry);
    entry.flags |= FLAG_CHANGED;
    entry.due =
      entry.lastReadAt < 0 ? now : Math.ceil(Math.max(now, entry.lastReadAt + this.floorOf(entry)));
    this.enqueue(entry);
  }

  private joinBatch(entry: WatchEntry): void {
    entry.place = Place.Batched;
    entry.round = this.round.no;
    this.inBatch[entry.statusClass]!++;
    this.floorCache = -1;
  }

  private setClass(entry: WatchEntry, cls: StatusClass): void {
    const old = entry.statusClass;
    if (cls === old) return;
    this.live[old]!--; // old is never Final: classes only move forward
    if (entry.place === Place.Batched) this.inBatch[old]!--;
    if (cls === StatusClass.Final) this.finalCount++;
    else {
      this.live[cls]!++;
      if (entry.place === Place.Batched) this.inBatch[cls]!++;
    }
    entry.statusClass = cls;
    this.floorCache = -1;
  }

  private release(entry: WatchEntry, sink: WatchSink): void {
    if (this.disposed || this.entries.get(entry.id) !== entry) return;
    this.watcherCount--;
    const wasRelaxed = this.cadence.empty ? false : this.cadence.relaxed(entry.sinks);
    this.cadence.forget(sink);
    entry.refs--;
    if (Array.isArray(entry.sinks)) {
      const i = entry.sinks.indexOf(sink);
      const rest = entry.sinks.filter((_, j) => j !== i);
      entry.sinks = rest.length === 1 ? rest[0]! : rest;
    }
    if (entry.refs > 0) {
      // The watchers left were waiting for a carried job: read it now, not after relaxedMs.
      if (wasRelaxed && !this.cadence.relaxed(entry.sinks) && entry.place !== Place.Parked) {
        if (entry.place !== Place.InFlight) this.hurry(entry, this.now());
        this.requestPump();
      }
      return;
    }
    if (entry.place === Place.InFlight) {
      entry.request?.unsubscribe();
      entry.request = undefined;
      this.budget.release();
    } else this.detach(entry);
    if (entry.statusClass === StatusClass.Final) this.finalCount--;
    else this.live[entry.statusClass]!--;
    entry.place = Place.Gone;
    entry.sinks = [];
    this.entries.delete(entry.id);
    this.floorCache = -1;
    if (this.entries.size === 0) {
      this.visibility?.unsubscribe();
      this.visibility = undefined;
      this.visible = true;
    }
    if (this.entries.size === 0 && this.batching && !this.round.active)
      this.stopBatching(this.now());
    // Nothing left to wake for: drop the timer now rather than let it fire once for nothing.
    if (this.waiting.size === 0 && this.ready.size === 0) {
      if (!this.pumping) this.cancelTimer();
    } else this.requestPump();
  }

  // ---------------------------------------------------------------- intervals

  /** Requests per second the budget can serve: the rate, lowered when latency caps throughput. */
  private capacity(): number {
    // With no more jobs than in-flight slots, every job can have its read in flight at once:
    // the latency spaces each job's own reads already and limits no one else's.
    if (this.latencyMs <= 0 || this.entries.size <= this.budget.maxInFlight) {
      return this.requestsPerSecond;
    }
    return Math.min(this.requestsPerSecond, (this.budget.maxInFlight * 1000) / this.latencyMs);
  }

  private desiredMs(cls: StatusClass): number {
    switch (cls) {
      case StatusClass.Queued:
        return this.intervals.queuedMs;
      case StatusClass.Initial:
        return this.intervals.initialMs;
      default:
        return this.intervals.runningMs;
    }
  }

  private batchDesiredMs(): number {
    let best = Infinity;
    if (this.inBatch[StatusClass.Initial]! > 0) best = this.intervals.initialMs;
    if (this.inBatch[StatusClass.Queued]! > 0) best = Math.min(best, this.intervals.queuedMs);
    if (this.inBatch[StatusClass.Running]! > 0) best = Math.min(best, this.intervals.runningMs);
    return best === Infinity ? this.intervals.queuedMs : best;
  }

  private batchPages(): number {
    const batched = this.inBatch[0]! + this.inBatch[1]! + this.inBatch[2]!;
    return pagesFor(this.round.lastCount ?? batched, this.round.pageSize);
  }

  private fairFloor(): number {
    if (this.floorCache >= 0) return this.floorCache;
    const classes = [StatusClass.Initial, StatusClass.Queued, StatusClass.Running].map((cls) => ({
      weight: this.live[cls]! - this.inBatch[cls]!,
      desiredMs: this.desiredMs(cls),
    }));
    if (this.batching)
      classes.push({ weight: this.batchPages(), desiredMs: this.batchDesiredMs() });
    const floor = fairFloorMs(classes, this.capacity());
    // The clock counts whole milliseconds: a floor under one is none (a job read back to back,
    // one read at a time, is what such a floor asks for anyway).
    this.floorCache = floor < 1 ? 0 : floor;
    return this.floorCache;
  }

  /**
   * How often `entry` is read now: its class's interval (or what its watchers want, see
   * {@link WatchCadence}) raised to the fair floor. The one place that decides a job's pace.
   */
  private intervalOf(entry: WatchEntry): number {
    if (entry.place === Place.Batched) return this.batchIntervalMs();
    const wanted = this.cadence.empty
      ? undefined
      : this.cadence.wantedMs(entry.sinks, entry.statusClass);
    return Math.max(wanted ?? this.desiredMs(entry.statusClass), this.fairFloor());
  }

  /** No read of `entry` follows another sooner than this, even when poked. */
  private floorOf(entry: WatchEntry): number {
    return this.cadence.empty ? this.intervals.floorMs : this.cadence.floorMs(entry.sinks);
  }

  /** How often a pending-list round starts: the batch's most urgent class, raised to the fair floor. */
  private batchIntervalMs(): number {
    return Math.max(this.batchDesiredMs(), this.fairFloor());
  }

  private noteLatency(ms: number): void {
    const before = this.capacity();
    this.latencyMs = this.latencyMs === 0 ? ms : 0.8 * this.latencyMs + 0.2 * ms;
    // The latency lowers the capacity only when the in-flight slots are what limits it.
    if (this.capacity() !== before) this.floorCache = -1;
  }

  /**
   * Due times were computed with the floor of their time. When the floor has fallen to half
   * (many jobs unwatched or finished), pull the waiting jobs in so they are not read less often
   * than the budget now allows.
   */
  private pullInIfFloorDropped(now: number): void {
    const floor = this.fairFloor();
    if (floor > this.scheduledFloor) {
      this.scheduledFloor = floor;
      return;
    }
    if (floor >= this.scheduledFloor / 2) return;
    this.scheduledFloor = floor;
    this.waiting.forEach((item) => {
      if (item instanceof WatchEntry) {
        if (item.lastReadAt >= 0 && item.failures === 0) {
          item.due = Math.ceil(
            Math.min(item.due, Math.max(now, item.lastReadAt + this.intervalOf(item))),
          );
        }
      } else if (!item.active && item.no > 0) {
        item.due = Math.ceil(
          Math.min(item.due, Math.max(now, item.startedAt + this.batchIntervalMs())),
        );
      }
    });
    this.waiting.reorder();
  }

  // ---------------------------------------------------------------- reads

  private start(item: Schedulable, now: number): void {
    this.requestsSent++;
    if (item instanceof WatchEntry) this.startRead(item, now);
    else this.startPage(item, now);
  }

  private startRead(entry: WatchEntry, sentAt: number): void {
    entry.place = Place.InFlight;
    this.jobRequests++;
    if ((entry.flags & FLAG_FALLBACK) !== 0) this.fallbackRequests++;
    entry.flags &= ~(FLAG_CHANGED | FLAG_FALLBACK);
    const read = new JobRead(this.readOutcomes, entry, sentAt);
    let source: Observable<JobDetails>;
    try {
      source = this.fetcher.fetchJob(entry.id);
    } catch (error) {
      read.error(error);
      return;
    }
    const subscription = source.subscribe(read);
    if (read.settled) subscription.unsubscribe();
    else entry.request = subscription;
  }

  /** What a {@link JobRead} reports to (made once: a read allocates no closures). */
  private readonly readOutcomes: ReadOutcomes = {
    settled: (read) => {
      const entry = read.entry;
      entry.request?.unsubscribe();
      entry.request = undefined;
      this.budget.release();
      this.noteLatency(this.now() - read.sentAt);
    },
    answered: (read, details) => this.onRead(read.entry, details, read.sentAt),
    failed: (read, error) => this.onReadError(read.entry, error, read.sentAt),
  };

  private onRead(entry: WatchEntry, details: JobDetails, sentAt: number): void {
    if (this.disposed) return;
    if (typeof details !== 'object' || details === null) {
      this.onReadError(entry, new DecodeError('', 'job details object', details), sentAt);
      return;
    }
    this.budget.succeeded();
    const now = this.now();
    entry.failures = 0;
    entry.lastReadAt = sentAt;
    const mapped = jobStatusOf(details);
    this.absorb(entry, mapped);
    this.placeAfterRead(entry, now);
    this.emitRead(entry, details, mapped, false);
    this.pump();
  }

  private onReadError(entry: WatchEntry, error: unknown, sentAt: number): void {
    if (this.disposed) return;
    const now = this.now();
    const limitWait = rateLimitWaitMs(error);
    if (limitWait !== undefined) {
      this.rateLimitedCount++;
      entry.due = Math.ceil(
        this.budget.rateLimited(now, sentAt, Number.isNaN(limitWait) ? undefined : limitWait),
      );
      this.enqueue(entry);
      this.pump();
      return;
    }
    this.errorCount++;
    entry.failures++;
    const retryInMs = Math.max(this.intervalOf(entry), backoffMs(entry.failures, this.backoff));
    entry.due = Math.ceil(now + retryInMs);
    this.enqueue(entry);
    this.emit(entry, { kind: 'error', error, retryInMs, failures: entry.failures });
    this.pump();
  }

  /** Take a read's status into the entry. */
  private absorb(entry: WatchEntry, mapped: MappedStatus): void {
    const status = mapped.status;
    if (isUnknownStatus(status)) return;
    const cls = statusClassOf(status);
    // A final hint is dropped by a non-final read, unless the hint came while that read was
    // in flight (FLAG_CHANGED, cleared when the read went out, is set again by the hint): the
    // read may predate the end of the job, so one more read confirms.
    if (cls !== StatusClass.Final && (entry.flags & FLAG_CHANGED) === 0) {
      entry.flags &= ~FLAG_FINAL_HINT;
    }
    if (cls > entry.statusClass) {
      this.setClass(entry, cls);
      entry.flags |= FLAG_CHANGED;
    }
  }

  /** After a fresh read: park a final job, batch a pending one, or schedule its next own read. */
  private placeAfterRead(entry: WatchEntry, now: number): void {
    if (entry.statusClass === StatusClass.Final) {
      this.detach(entry);
      entry.place = Place.Parked;
      return;
    }
    if ((entry.flags & FLAG_FINAL_HINT) !== 0) {
      // Still to be confirmed final: read again as soon as allowed.
      this.detach(entry);
      entry.due = Math.ceil(Math.max(now, entry.lastReadAt + this.floorOf(entry)));
      this.enqueue(entry);
      return;
    }
    if (this.batching) {
      if (entry.place !== Place.Batched) {
        this.detach(entry);
        this.joinBatch(entry);
        this.rescheduleRound(now);
      }
      return;
    }
    this.detach(entry);
    entry.due = Math.ceil(Math.max(now, entry.lastReadAt + this.intervalOf(entry)));
    this.enqueue(entry);
  }

  private emitRead(
    entry: WatchEntry,
    details: JobDetails,
    mapped: MappedStatus,
    viaBatch: boolean,
  ): void {
    if (entry.statusClass !== StatusClass.Final) {
      const ms = Math.round(this.intervalOf(entry));
      if (
        entry.reportedMs === 0 ||
        Math.abs(ms - entry.reportedMs) > INTERVAL_REPORT_CHANGE * entry.reportedMs
      ) {
        entry.reportedMs = ms;
        this.emit(entry, { kind: 'interval', pollIntervalMs: ms });
      }
    }
    this.emit(entry, { kind: 'details', details, mapped, viaBatch });
  }

  /** Hand an event to every sink of `entry`; a sink that throws does not stop the others. */
  private emit(entry: WatchEntry, event: WatchEvent): void {
    const sinks = entry.sinks;
    if (!Array.isArray(sinks)) {
      this.deliverSafely(sinks, event);
      return;
    }
    for (const sink of sinks) {
      if (entry.place === Place.Gone) return;
      const current = entry.sinks;
      // A sink unwatched while this event was being delivered hears nothing more.
      if (
        current !== sinks &&
        (Array.isArray(current) ? !current.includes(sink) : current !== sink)
      ) {
        continue;
      }
      this.deliverSafely(sink, event);
    }
  }

  private deliverSafely(sink: WatchSink, event: WatchEvent): void {
    try {
      deliver(sink, event);
    } catch (error) {
      this.sinkErrorCount++;
      const handler = config.onUnhandledError;
      if (handler) handler(error);
      else
        queueMicrotask(() => {
          throw error;
        });
    }
  }

  // ---------------------------------------------------------------- batching

  /** Turn batching on or off as the watched jobs and the list's size call for it. */
  private reviewBatching(now: number): void {
    const batch = this.batchOptions;
    if (batch === undefined) return;
    const candidates = this.live[0]! + this.live[1]! + this.live[2]!;
    const want =
      now >= this.batchCooldownUntil &&
      shouldBatch(candidates, this.round.lastCount, batch.minPending, batch.pageSize);
    if (want && !this.batching) {
      this.batching = true;
      this.floorCache = -1;
      for (const entry of this.entries.values()) {
        if (
          (entry.place === Place.Waiting || entry.place === Place.Ready) &&
          (entry.flags & (FLAG_FINAL_HINT | FLAG_FALLBACK)) === 0 &&
          entry.failures === 0
        ) {
          this.detach(entry);
          this.joinBatch(entry);
        }
      }
      if (!this.waiting.has(this.round) && !this.ready.has(this.round) && !this.round.active) {
        this.round.due = now;
        this.round.priority = this.roundPriority();
        this.enqueue(this.round);
      }
    } else if (!want && this.batching && !this.round.active) {
      this.stopBatching(now);
    }
  }

  /** Batching off: every batched job goes back to its own reads. */
  private stopBatching(now: number): void {
    this.batching = false;
    this.waiting.remove(this.round);
    this.ready.remove(this.round);
    this.round.abandon();
    for (const entry of this.entries.values()) {
      if (entry.place !== Place.Batched) continue;
      this.detach(entry);
      entry.due =
        entry.lastReadAt < 0
          ? now
          : Math.ceil(Math.max(now, entry.lastReadAt + this.intervalOf(entry)));
      this.enqueue(entry);
    }
    this.floorCache = -1;
  }

  private roundPriority(): number {
    if (this.inBatch[StatusClass.Running]! > 0) return priorityOf(StatusClass.Running, 0);
    if (this.inBatch[StatusClass.Queued]! > 0) return priorityOf(StatusClass.Queued, 0);
    return priorityOf(StatusClass.Initial, 0);
  }

  /** Bring the next round forward when the batch now wants a shorter interval. */
  private rescheduleRound(now: number): void {
    const round = this.round;
    if (!this.batching || round.active || !this.waiting.has(round)) return;
    const due =
      round.no === 0 ? now : Math.ceil(Math.max(now, round.startedAt + this.batchIntervalMs()));
    round.priority = this.roundPriority();
    if (due < round.due) round.due = due;
    this.waiting.update(round);
  }

  private startPage(round: PendingListRound, sentAt: number): void {
    if (!round.active) round.start(sentAt);
    const { offset, limit } = round.nextPage();
    this.pageRequests++;
    this.roundInFlight = true;
    let settled = false;
    const settle = (): boolean => {
      if (settled || this.disposed) return false;
      settled = true;
      this.roundRequest?.unsubscribe();
      this.roundRequest = undefined;
      this.roundInFlight = false;
      this.budget.release();
      this.noteLatency(this.now() - sentAt);
      return true;
    };
    let source: Observable<JobsPage>;
    try {
      source = this.fetcher.fetchPendingPage(offset, limit);
    } catch (error) {
      if (settle()) this.onPageError(error, sentAt);
      return;
    }
    const subscription = source.subscribe({
      next: (page) => {
        if (settle()) this.onPage(page, sentAt);
      },
      error: (error: unknown) => {
        if (settle()) this.onPageError(error, sentAt);
      },
      complete: () => {
        if (settle()) {
          this.onPageError(
            new IBMRuntimeError('pending-list page completed without an answer'),
            sentAt,
          );
        }
      },
    });
    if (settled) subscription.unsubscribe();
    else this.roundRequest = subscription;
  }

  private onPage(page: JobsPage, sentAt: number): void {
    if (typeof page !== 'object' || page === null || !Array.isArray(page.jobs)) {
      this.onPageError(new DecodeError('jobs', 'array of job details', page?.jobs), sentAt);
      return;
    }
    this.budget.succeeded();
    const now = this.now();
    const round = this.round;
    for (const job of page.jobs) {
      if (this.disposed) return;
      if (typeof job !== 'object' || job === null || typeof job.id !== 'string') continue;
      const entry = this.entries.get(job.id);
      if (entry === undefined) continue;
      if (entry.place === Place.InFlight || entry.place === Place.Parked) continue;
      entry.round = round.no;
      entry.lastReadAt = sentAt;
      entry.failures = 0;
      entry.flags &= ~FLAG_FALLBACK;
      const mapped = jobStatusOf(job);
      this.absorb(entry, mapped);
      this.placeAfterRead(entry, now);
      this.emitRead(entry, job, mapped, true);
    }
    if (this.disposed) return;
    const done = round.accept(page);
    const batch = this.batchOptions;
    const candidates = this.live[0]! + this.live[1]! + this.live[2]!;
    if (
      !done &&
      batch !== undefined &&
      round.count !== undefined &&
      !shouldBatch(candidates, round.count, batch.minPending, batch.pageSize)
    ) {
      // The list is longer than reading the jobs one by one: stop paging, read them alone.
      round.finish();
      this.stopBatching(now);
    } else if (done) this.finishRound(now);
    else {
      round.due = now;
      round.priority = CONTINUING_ROUND_PRIORITY;
      this.enqueue(round);
    }
    this.pump();
  }

  /** A round covered the list: jobs it did not list get one read of their own; plan the next. */
  private finishRound(now: number): void {
    const no = this.round.no;
    for (const entry of this.entries.values()) {
      if (entry.place !== Place.Batched || entry.round >= no) continue;
      this.detach(entry);
      entry.flags |= FLAG_CHANGED | FLAG_FALLBACK;
      entry.due = now;
      this.enqueue(entry);
    }
    this.floorCache = -1;
    this.reviewBatching(now);
    if (!this.batching) return;
    const round = this.round;
    round.due = Math.ceil(Math.max(now, round.startedAt + this.batchIntervalMs()));
    round.priority = this.roundPriority();
    this.enqueue(round);
  }

  private onPageError(error: unknown, sentAt: number): void {
    const now = this.now();
    const round = this.round;
    const limitWait = rateLimitWaitMs(error);
    if (limitWait !== undefined) {
      this.rateLimitedCount++;
      round.pages--; // the page was not served; ask for it again
      round.due = Math.ceil(
        this.budget.rateLimited(now, sentAt, Number.isNaN(limitWait) ? undefined : limitWait),
      );
      round.priority = CONTINUING_ROUND_PRIORITY;
      this.enqueue(round);
      this.pump();
      return;
    }
    // The list is unusable for now: read every job on its own for a while.
    this.errorCount++;
    this.batchCooldownUntil = now + BATCH_COOLDOWN_MS;
    this.stopBatching(now);
    this.pump();
  }
}
