/**
 * Per-user rate limit on job creation: at most `perMinute` jobs in any rolling 60 s window.
 * A refused creation learns how many seconds to wait (the `Retry-After` value).
 *
 * @module
 */

/** Outcome of asking for one more job. */
export type RateDecision =
  { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number };

const WINDOW_MS = 60_000;

/** Rolling-window counter of job creations per user. */
export class JobRateLimiter {
  private readonly history = new Map<string, number[]>();

  constructor(
    private readonly perMinute: number | undefined,
    private readonly now: () => number = Date.now,
  ) {}

  /** Record a creation for `userId` if the limit allows it. */
  take(userId: string): RateDecision {
    if (this.perMinute === undefined) return { allowed: true };
    const now = this.now();
    const recent = (this.history.get(userId) ?? []).filter((t) => t > now - WINDOW_MS);
    if (recent.length >= this.perMinute) {
      this.history.set(userId, recent);
      const retryAfterSeconds = Math.max(1, Math.ceil((recent[0]! + WINDOW_MS - now) / 1000));
      return { allowed: false, retryAfterSeconds };
    }
    recent.push(now);
    this.history.set(userId, recent);
    return { allowed: true };
  }
}
