/**
 * Reading the result of a job that reported DONE ({@link readDoneResult$}): the service may
 * report the final status a moment before the result can be read, so a read answered 404 (or a
 * transient failure) in that moment is read again with backoff, for a bounded time, before the
 * failure is the caller's.
 *
 * @module
 */
import { asyncScheduler, defer, retry, throwError, timer } from 'rxjs';
import type { Observable, SchedulerLike } from 'rxjs';
import { ConfigError, IBMApiError, describeValue } from '../codecs/errors.js';
import { isTransient } from '../transport/retry.js';

/**
 * How the result of a DONE job is read again when the read fails with 404 or a transient
 * failure (network, the 5xx force list, 429).
 *
 * @category Configuration
 */
export interface ResultRetryPolicy {
  /**
   * How long after the first read another one may still be started, in ms. Default 10000.
   * 0 reads once.
   */
  readonly windowMs: number;
  /** Wait before the second read, doubled for each further one. Default 250 ms. */
  readonly baseDelayMs: number;
  /** Longest wait between two reads. Default 2000 ms. */
  readonly maxDelayMs: number;
}

/** The policy used where none is given. */
export const DEFAULT_RESULT_RETRY: ResultRetryPolicy = Object.freeze({
  windowMs: 10_000,
  baseDelayMs: 250,
  maxDelayMs: 2_000,
});

const FIELDS = ['windowMs', 'baseDelayMs', 'maxDelayMs'] as const;

/**
 * Fill in a partial policy with the defaults and check it. Throws a {@link ConfigError} naming
 * the field (`resultRetry.windowMs`, ...) when a value is not a finite number >= 0, or the
 * policy is not an object.
 */
export function resolveResultRetry(policy: Partial<ResultRetryPolicy> = {}): ResultRetryPolicy {
  if (policy === null || typeof policy !== 'object') {
    throw new ConfigError(
      `resultRetry must be an object, got ${describeValue(policy)}`,
      'resultRetry',
    );
  }
  const resolved = { ...DEFAULT_RESULT_RETRY };
  for (const name of FIELDS) {
    const value: unknown = policy[name];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new ConfigError(
        `resultRetry.${name} must be a finite number of milliseconds >= 0, got ${describeValue(value)}`,
        `resultRetry.${name}`,
      );
    }
    resolved[name] = value;
  }
  return Object.freeze(resolved);
}

/**
 * True for a failed result read worth repeating when the job is DONE: a 404 (the result is
 * not readable yet) or a transient failure (see `isTransient`).
 */
export function isResultLag(error: unknown): boolean {
  return (error instanceof IBMApiError && error.status === 404) || isTransient(error);
}

/**
 * `read$` (one read of the result of a job that reported DONE), read again while it fails
 * with 404 or a transient failure: after `baseDelayMs`, then twice as long each time (at most
 * `maxDelayMs`), as long as the next read starts within `windowMs` of the first. The failure
 * that ends the waiting, or any other failure, reaches the subscriber as it is (an
 * `IBMApiError` 404 stays one). Waits run on `scheduler`.
 *
 * ```
 * read$:    -#                            # = IBMApiError 404
 *                250ms -#
 *                            500ms -(r|)
 * result:   ------------------------(r|)  (default policy)
 *
 * read$:    -#  (404 on every read, windowMs 1000)
 * result:   reads at 0, 251, 752; the next would start past 1000 ms: -# at 753
 * ```
 */
export function readDoneResult$<T>(
  read$: Observable<T>,
  policy: ResultRetryPolicy = DEFAULT_RESULT_RETRY,
  scheduler: SchedulerLike = asyncScheduler,
): Observable<T> {
  return defer(() => {
    const started = scheduler.now();
    return read$.pipe(
      retry({
        delay: (error: unknown, retryNumber: number) => {
          if (!isResultLag(error)) return throwError(() => error);
          const wait = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retryNumber - 1));
          if (scheduler.now() + wait - started > policy.windowMs) {
            return throwError(() => error);
          }
          return timer(wait, scheduler);
        },
      }),
    );
  });
}
