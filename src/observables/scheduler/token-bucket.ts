/**
 * A rolling-window token bucket: at most `capacity` requests in any window of `windowMs`.
 *
 * A classic token bucket (capacity C, refill r per second) lets C + r requests through in a
 * one-second window when it starts full, twice the nominal rate. Here every spent token comes
 * back exactly `windowMs` after it was spent instead, so the promise holds for every sliding
 * window, not only on average: with `ratePerSecond = 10` there are never more than 10 requests
 * in any `[t, t + 1000)`.
 *
 * `windowMs = capacity * 1000 / ratePerSecond` keeps the long-run rate at `ratePerSecond`. Any
 * one-second window then holds at most `capacity * ceil(ratePerSecond / capacity)` requests, so
 * the capacity (the burst) is the largest whole number `<= max(1, ratePerSecond)` for which that
 * is at most `ceil(ratePerSecond)`: the rate itself for whole rates (10/s: 10 per 1000 ms), 1
 * for most fractional ones (2.5/s: one per 400 ms, never more than 3 in a second).
 *
 * Times are plain numbers in milliseconds on any clock that never goes backwards.
 *
 * @module
 */
import { ConfigError } from '../../codecs/errors.js';

/** At most `capacity` takes in any window of `windowMs` milliseconds. */
export class TokenBucket {
  /** Tokens available at once: the largest burst. */
  readonly capacity: number;
  /** How long a spent token stays spent, in milliseconds. */
  readonly windowMs: number;
  /** Ring buffer of the times the outstanding tokens were spent, oldest at `oldest`. */
  private readonly spentAt: number[];
  private oldest = 0;
  private outstanding = 0;

  /** @throws ConfigError when `ratePerSecond` is not a finite number > 0. */
  constructor(ratePerSecond: number) {
    if (
      typeof ratePerSecond !== 'number' ||
      !Number.isFinite(ratePerSecond) ||
      ratePerSecond <= 0
    ) {
      throw new ConfigError(
        `requestsPerSecond must be a finite number > 0, got ${String(ratePerSecond)}`,
        'requestsPerSecond',
      );
    }
    this.capacity = burstFor(ratePerSecond);
    this.windowMs = (this.capacity * 1000) / ratePerSecond;
    this.spentAt = new Array<number>(this.capacity).fill(0);
  }

  /** Tokens that can be taken at `now`. */
  available(now: number): number {
    this.refill(now);
    return this.capacity - this.outstanding;
  }

  /** Take one token at `now`; false (and nothing taken) when none is left. */
  tryTake(now: number): boolean {
    this.refill(now);
    if (this.outstanding >= this.capacity) return false;
    this.spentAt[(this.oldest + this.outstanding) % this.capacity] = now;
    this.outstanding++;
    return true;
  }

  /** The earliest time at or after `now` when a token can be taken. */
  nextTokenAt(now: number): number {
    this.refill(now);
    if (this.outstanding < this.capacity) return now;
    return this.spentAt[this.oldest]! + this.windowMs;
  }

  private refill(now: number): void {
    while (this.outstanding > 0 && this.spentAt[this.oldest]! + this.windowMs <= now) {
      this.oldest = (this.oldest + 1) % this.capacity;
      this.outstanding--;
    }
  }
}

/**
 * The largest burst `c <= max(1, rate)` such that no one-second window can hold more than
 * `ceil(rate)` requests: `c * ceil(rate / c) <= ceil(rate)`.
 */
export function burstFor(ratePerSecond: number): number {
  const perSecond = Math.ceil(ratePerSecond);
  for (let c = Math.max(1, Math.floor(ratePerSecond)); c > 1; c--) {
    if (c * Math.ceil(ratePerSecond / c) <= perSecond) return c;
  }
  return 1;
}
