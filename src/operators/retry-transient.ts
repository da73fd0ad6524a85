/**
 * `retryTransient`, the transport layer's retry operator, offered with the other operators.
 *
 * It resubscribes to its source after a transient failure (`NetworkError`, or an
 * `IBMApiError` with status 429 or one of 500, 502, 503, 504, 520, 521, 522, 524), waiting an
 * exponential backoff (`baseDelayMs` doubled per retry, capped at `maxDelayMs`, shortened by
 * up to `jitter`) or the server's `Retry-After`, for at most `maxAttempts` attempts in all.
 * Other errors, and the last transient one, pass through at once. Apply `deadline` below it so
 * the retries share one time budget.
 *
 * ```
 * source:   -#                   (# = IBMApiError 503, on every attempt)
 *
 * retryTransient({ baseDelayMs: 10, maxDelayMs: 100, jitter: 0, maxAttempts: 3 })
 *
 * attempts: ^!
 *           - 10ms ^!            (first retry after 10 ms)
 *           - 10ms - 20ms ^!     (second retry after 20 ms)
 * result:   - 10ms - 20ms -#     (the third attempt's error, frame 33)
 *
 * source:   -# (NetworkError), then -a| on the next attempt
 * result:   - 10ms -a|
 *
 * source:   -#                   (# = IBMApiError 404: not transient)
 * result:   -#
 * ```
 *
 * @module
 */
export { retryTransient } from '../transport/retry.js';
export type { RetryInfo, RetryOptions, RetryPolicy } from '../transport/retry.js';
