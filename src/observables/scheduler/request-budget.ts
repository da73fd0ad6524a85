/**
 * The one request budget a client spends on status reads: a {@link TokenBucket} for the rate,
 * a cap on requests in flight, and a pause that a rate-limit answer (`429`, or `503` with
 * `Retry-After`) imposes on every request.
 *
 * @module
 */
import { ConfigError } from '../../codecs/errors.js';
import { TokenBucket } from './token-bucket.js';

/** Exponential backoff bounds, in milliseconds. */
export interface BackoffBounds {
  /** First wait. */
  readonly initialMs: number;
  /** Longest wait. */
  readonly maxMs: number;
}

/** Wait number `attempt` (1-based) of an exponential backoff: `initialMs * 2^(attempt-1)`, capped. */
export function backoffMs(attempt: number, bounds: BackoffBounds): number {
  const exponent = Math.min(Math.max(attempt, 1) - 1, 30);
  return Math.min(bounds.maxMs, bounds.initialMs * 2 ** exponent);
}

/** Longest pause a `Retry-After` value may impose (one hour); larger values are capped. */
export const MAX_RETRY_AFTER_MS = 3_600_000;

/** Rate, concurrency and rate-limit pause shared by every request of one client. */
export class RequestBudget {
  /** Requests currently in flight. */
  inFlight = 0;
  /** No request starts before this time. */
  pausedUntil = -Infinity;
  private readonly bucket: TokenBucket;
  /** Rate-limit answers in a row with no `Retry-After`, for the backoff. */
  private rateLimitStreak = 0;
  /** When the current pause was imposed; answers to requests sent before it do not extend the streak. */
  private pausedAt = -Infinity;

  /**
   * @param requestsPerSecond rate of the token bucket (see {@link TokenBucket} for the burst).
   * @param maxInFlight most requests in flight at once (an integer >= 1).
   * @param backoff waits after rate-limit answers without `Retry-After`.
   * @throws ConfigError for a rate that is not > 0 or a `maxInFlight` that is not an integer >= 1.
   */
  constructor(
    requestsPerSecond: number,
    readonly maxInFlight: number,
    private readonly backoff: BackoffBounds,
  ) {
    this.bucket = new TokenBucket(requestsPerSecond);
    if (!Number.isInteger(maxInFlight) || maxInFlight < 1) {
      throw new ConfigError(
        `maxInFlight must be an integer >= 1, got ${String(maxInFlight)}`,
        'maxInFlight',
      );
    }
  }

  /** The burst the bucket allows. */
  get burst(): number {
    return this.bucket.capacity;
  }

  /**
   * Start one request at `now` if the budget allows it: not paused, a free in-flight slot and
   * a token. Returns false and spends nothing otherwise.
   */
  tryAcquire(now: number): boolean {
    if (now < this.pausedUntil || this.inFlight >= this.maxInFlight) return false;
    if (!this.bucket.tryTake(now)) return false;
    this.inFlight++;
    return true;
  }

  /** A request finished (answer, error or cancel): its in-flight slot is free again. */
  release(): void {
    if (this.inFlight > 0) this.inFlight--;
  }

  /**
   * The earliest time a request could start, `Infinity` while every in-flight slot is taken
   * (a {@link release} is what frees one, not the clock).
   */
  nextStartAt(now: number): number {
    if (this.inFlight >= this.maxInFlight) return Infinity;
    return Math.max(this.pausedUntil, this.bucket.nextTokenAt(now));
  }

  /**
   * A request sent at `sentAt` was answered with a rate limit at `now`: pause every request
   * for `retryAfterMs` (capped at {@link MAX_RETRY_AFTER_MS}), or for an exponential backoff
   * when the server gave none. Returns the end of the pause.
   */
  rateLimited(now: number, sentAt: number, retryAfterMs: number | undefined): number {
    let waitMs: number;
    if (retryAfterMs !== undefined && Number.isFinite(retryAfterMs) && retryAfterMs >= 0) {
      waitMs = Math.min(retryAfterMs, MAX_RETRY_AFTER_MS);
      this.rateLimitStreak = 0;
    } else {
      // Several requests in flight when the limit hit all come back limited: count them once.
      if (sentAt > this.pausedAt || this.rateLimitStreak === 0) this.rateLimitStreak++;
      waitMs = backoffMs(this.rateLimitStreak, this.backoff);
    }
    const until = now + waitMs;
    if (until > this.pausedUntil) {
      this.pausedUntil = until;
      this.pausedAt = now;
    }
    return this.pausedUntil;
  }

  /** A request was answered normally: the rate-limit backoff starts over. */
  succeeded(): void {
    this.rateLimitStreak = 0;
  }
}
