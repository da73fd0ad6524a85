/**
 * Paces the requests of job submission: a request rate for every request, a jobs-per-minute
 * window for job creations, and one pause for everybody after a rate-limit answer.
 *
 * @module
 */
import { Observable, asyncScheduler } from 'rxjs';
import type { SchedulerLike, Subscriber, Subscription } from 'rxjs';
import { ConfigError, describeValue } from '../codecs/errors.js';
import { MAX_RETRY_AFTER_MS, backoffMs } from './scheduler/request-budget.js';
import type { BackoffBounds } from './scheduler/request-budget.js';
import { TokenBucket } from './scheduler/token-bucket.js';

/** Options of {@link SubmissionPacer}. */
export interface SubmissionPacerOptions {
  /**
   * Requests started per second (job creations and look-ups together), never more in any
   * sliding one-second window. Default 5.
   */
  readonly requestsPerSecond?: number;
  /**
   * Job creations in any sliding 60 s window, to stay under the service's own limit (IBM
   * documents 5 per minute per user). Default: no window (only `Retry-After` answers pace).
   */
  readonly jobsPerMinute?: number;
  /** Pause after a rate-limit answer that carries no `Retry-After`. Default 1000 ms doubling to 60000 ms. */
  readonly backoff?: Partial<BackoffBounds>;
  /** Clock and timer (virtual time in specs). Default `asyncScheduler`. */
  readonly scheduler?: SchedulerLike;
}

/** Counters of a {@link SubmissionPacer}. */
export interface SubmissionPacerStats {
  /** Turns given so far (requests started). */
  readonly turns: number;
  /** Of those, job creations. */
  readonly creations: number;
  /** Rate-limit answers reported. */
  readonly rateLimited: number;
  /** Time left in the current pause, 0 when not paused. */
  readonly pausedForMs: number;
  /** Requests waiting for their turn. */
  readonly waiting: number;
}

const WINDOW_MS = 60_000;

/** At most `capacity` takes in any window of `windowMs`: each take comes back `windowMs` later. */
class SlidingWindow {
  private readonly takenAt: number[] = [];
  constructor(
    private readonly capacity: number,
    private readonly windowMs: number,
  ) {}

  canTake(now: number): boolean {
    this.expire(now);
    return this.takenAt.length < this.capacity;
  }

  take(now: number): void {
    this.takenAt.push(now);
  }

  nextAt(now: number): number {
    this.expire(now);
    return this.takenAt.length < this.capacity ? now : this.takenAt[0]! + this.windowMs;
  }

  private expire(now: number): void {
    while (this.takenAt.length > 0 && this.takenAt[0]! + this.windowMs <= now) this.takenAt.shift();
  }
}

interface Waiter {
  readonly creation: boolean;
  readonly subscriber: Subscriber<number>;
}

function positive(value: unknown, option: string, integer: boolean): number {
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    value <= 0 ||
    (integer && !Number.isInteger(value))
  ) {
    throw new ConfigError(
      `${option} must be a ${integer ? 'whole number' : 'finite number'} > 0, got ${describeValue(value)}`,
      option,
    );
  }
  return value;
}

/**
 * Gives job-submission requests their turn. Every request waits for {@link turn}: not during
 * a rate-limit pause, within `requestsPerSecond`, and for a creation within `jobsPerMinute`.
 * Waiting requests go in order, except that a look-up may pass creations held back by the
 * minute window. One timer serves all waiters; none is armed while nobody waits.
 *
 * Throws a {@link ConfigError} naming a bad option.
 */
export class SubmissionPacer {
  private readonly clock: SchedulerLike;
  private readonly bucket: TokenBucket;
  private readonly window: SlidingWindow | undefined;
  private readonly backoff: BackoffBounds;
  private readonly waiters: Waiter[] = [];
  private timer: Subscription | undefined;
  private timerAt = Infinity;
  private pausedUntil = -Infinity;
  private pausedAt = -Infinity;
  private streak = 0;
  private turns = 0;
  private creations = 0;
  private rateLimitedCount = 0;

  constructor(options: SubmissionPacerOptions = {}) {
    if (options === null || typeof options !== 'object') {
      throw new ConfigError(`pacer options must be an object, got ${describeValue(options)}`);
    }
    const rate = positive(options.requestsPerSecond ?? 5, 'requestsPerSecond', false);
    this.bucket = new TokenBucket(rate);
    this.window =
      options.jobsPerMinute === undefined
        ? undefined
        : new SlidingWindow(positive(options.jobsPerMinute, 'jobsPerMinute', true), WINDOW_MS);
    const backoff = options.backoff ?? {};
    if (backoff === null || typeof backoff !== 'object') {
      throw new ConfigError(`backoff must be an object, got ${describeValue(backoff)}`, 'backoff');
    }
    this.backoff = {
      initialMs: positive(backoff.initialMs ?? 1000, 'backoff.initialMs', false),
      maxMs: positive(backoff.maxMs ?? 60_000, 'backoff.maxMs', false),
    };
    this.clock = options.scheduler ?? asyncScheduler;
  }

  /**
   * Emits the time (on the pacer's clock) once the request may start, then completes; the
   * request's share of the budget is spent at that moment. `creation` marks a `POST /jobs`,
   * which also needs room in the jobs-per-minute window. Unsubscribing before the turn came
   * gives it up without spending anything.
   */
  turn(creation: boolean): Observable<number> {
    return new Observable<number>((subscriber) => {
      const waiter: Waiter = { creation, subscriber };
      this.waiters.push(waiter);
      this.pump();
      return () => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) {
          this.waiters.splice(i, 1);
          if (this.waiters.length === 0) this.cancelTimer();
        }
      };
    });
  }

  /**
   * A request started at `sentAt` was answered with a rate limit: no request starts for
   * `retryAfterMs` (capped at one hour), or for an exponential backoff when the server gave
   * no `Retry-After`. Several answers to requests that were in flight together count as one
   * step of the backoff.
   */
  rateLimited(retryAfterMs: number | undefined, sentAt: number): void {
    const now = this.clock.now();
    this.rateLimitedCount++;
    let waitMs: number;
    if (retryAfterMs !== undefined && Number.isFinite(retryAfterMs) && retryAfterMs >= 0) {
      waitMs = Math.min(retryAfterMs, MAX_RETRY_AFTER_MS);
      this.streak = 0;
    } else {
      if (sentAt > this.pausedAt || this.streak === 0) this.streak++;
      waitMs = backoffMs(this.streak, this.backoff);
    }
    if (now + waitMs > this.pausedUntil) {
      this.pausedUntil = now + waitMs;
      this.pausedAt = now;
    }
    this.pump();
  }

  /** A request was answered without a rate limit: the backoff starts over. */
  succeeded(): void {
    this.streak = 0;
  }

  /** A snapshot of the counters. */
  get stats(): SubmissionPacerStats {
    return {
      turns: this.turns,
      creations: this.creations,
      rateLimited: this.rateLimitedCount,
      pausedForMs: Math.max(0, this.pausedUntil - this.clock.now()),
      waiting: this.waiters.length,
    };
  }

  private pump(): void {
    for (;;) {
      const now = this.clock.now();
      if (this.waiters.length === 0) {
        this.cancelTimer();
        return;
      }
      if (now < this.pausedUntil) {
        this.arm(this.pausedUntil);
        return;
      }
      const windowOpen = this.window === undefined || this.window.canTake(now);
      const index = windowOpen ? 0 : this.waiters.findIndex((w) => !w.creation);
      if (index < 0) {
        this.arm(this.window!.nextAt(now));
        return;
      }
      if (!this.bucket.tryTake(now)) {
        this.arm(this.bucket.nextTokenAt(now));
        return;
      }
      const [waiter] = this.waiters.splice(index, 1);
      this.turns++;
      if (waiter!.creation) {
        this.creations++;
        this.window?.take(now);
      }
      waiter!.subscriber.next(now);
      waiter!.subscriber.complete();
    }
  }

  private arm(at: number): void {
    if (this.timer !== undefined && this.timerAt === at) return;
    this.cancelTimer();
    this.timerAt = at;
    const delay = Math.max(0, Math.ceil(at - this.clock.now()));
    this.timer = this.clock.schedule(() => {
      this.timer = undefined;
      this.timerAt = Infinity;
      this.pump();
    }, delay);
  }

  private cancelTimer(): void {
    this.timer?.unsubscribe();
    this.timer = undefined;
    this.timerAt = Infinity;
  }
}
