/**
 * Retrying transient failures: which errors are worth another attempt, how long to wait before
 * it, and the {@link retryTransient} operator that applies both to any Observable.
 *
 * The policy follows the service's own clients (protocol §5.3): the 5xx force list
 * (500, 502, 503, 504, 520, 521, 522, 524) and network failures are retried with exponential
 * backoff (0.5 s, 1 s, 2 s, 4 s, capped at 8 s); other 4xx answers and decode failures never
 * are. On top of that, 429 is retried after the server's `Retry-After` (or a backoff when it
 * sent none), since a rate-limited request was not processed.
 *
 * @module
 */
import type { MonoTypeOperatorFunction, Observable, SchedulerLike } from 'rxjs';
import { asyncScheduler, retry, throwError, timer } from 'rxjs';
import { ConfigError, IBMApiError, NetworkError } from '../codecs/errors.js';

/**
 * How failed attempts are retried.
 *
 * @category Configuration
 */
export interface RetryPolicy {
  /** Total number of attempts, the first one included (1 = never retry). Default 5. */
  readonly maxAttempts: number;
  /** Wait before the first retry, doubled for each further one. Default 500 ms. */
  readonly baseDelayMs: number;
  /** Longest backoff wait. Default 8000 ms. */
  readonly maxDelayMs: number;
  /**
   * Fraction (0..1) by which a backoff wait is randomly shortened, so clients that failed
   * together do not retry together. 0 gives the exact schedule. Default 0.2.
   */
  readonly jitter: number;
  /**
   * Whether non-idempotent requests (POST, PATCH) are retried at all. When true (the default)
   * they are retried only on an HTTP answer that says the request was not processed: the 5xx
   * force list and 429. A network error on such a request is never retried, because the
   * request may have reached the server before the connection failed.
   */
  readonly retryPost: boolean;
  /** Wait for the server's `Retry-After` when the answer carries one. Default true. */
  readonly respectRetryAfter: boolean;
  /**
   * Longest `Retry-After` wait accepted. An answer asking for a longer wait is not retried:
   * its error reaches the caller at once. Default 60000 ms.
   */
  readonly maxRetryAfterMs: number;
}

/** The policy used where none is given. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 8000,
  jitter: 0.2,
  retryPost: true,
  respectRetryAfter: true,
  maxRetryAfterMs: 60_000,
});

/** HTTP statuses retried automatically: the service's 5xx force list. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([
  500, 502, 503, 504, 520, 521, 522, 524,
]);

/** HTTP status of a rate-limited request. */
const TOO_MANY_REQUESTS = 429;

/**
 * Fill in a partial policy with the defaults and check every field. Throws a
 * {@link ConfigError} naming the field when a value is out of range.
 */
export function resolveRetryPolicy(policy: Partial<RetryPolicy> = {}): RetryPolicy {
  const p: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...withoutUndefined(policy) };
  const integerAtLeast = (name: keyof RetryPolicy, min: number): void => {
    const v = p[name];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
      throw new ConfigError(
        `retry.${name} must be an integer >= ${min}, got ${String(v)}`,
        `retry.${name}`,
      );
    }
  };
  const nonNegative = (name: keyof RetryPolicy): void => {
    const v = p[name];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
      throw new ConfigError(
        `retry.${name} must be a finite number >= 0, got ${String(v)}`,
        `retry.${name}`,
      );
    }
  };
  const flag = (name: keyof RetryPolicy): void => {
    if (typeof p[name] !== 'boolean') {
      throw new ConfigError(
        `retry.${name} must be a boolean, got ${String(p[name])}`,
        `retry.${name}`,
      );
    }
  };
  integerAtLeast('maxAttempts', 1);
  nonNegative('baseDelayMs');
  nonNegative('maxDelayMs');
  nonNegative('maxRetryAfterMs');
  nonNegative('jitter');
  if (p.jitter > 1) {
    throw new ConfigError(`retry.jitter must be between 0 and 1, got ${p.jitter}`, 'retry.jitter');
  }
  flag('retryPost');
  flag('respectRetryAfter');
  return Object.freeze(p);
}

function withoutUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * Whether an error is worth another attempt: a {@link NetworkError}, or an
 * {@link IBMApiError} whose status is in the 5xx force list or is 429. Everything else
 * (other 4xx, decode failures, configuration errors, unknown errors) is final.
 */
export function isTransient(err: unknown): boolean {
  if (err instanceof NetworkError) return true;
  if (err instanceof IBMApiError) {
    return RETRYABLE_STATUSES.has(err.status) || err.status === TOO_MANY_REQUESTS;
  }
  return false;
}

/**
 * The backoff wait before retry number `attempt` (1 for the first retry): `baseDelayMs`
 * doubled for each further retry, capped at `maxDelayMs`, then shortened by up to
 * `jitter` of itself using `random()` (a number in [0, 1)). With jitter 0, or `random`
 * returning 0, the default policy waits 500, 1000, 2000, 4000 and 8000 ms.
 */
export function backoffDelay(
  attempt: number,
  policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs' | 'jitter'> = DEFAULT_RETRY_POLICY,
  random: () => number = Math.random,
): number {
  const exponent = Math.max(0, Math.floor(attempt) - 1);
  const capped = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exponent);
  const r = Math.min(1, Math.max(0, random()));
  return Math.round(capped * (1 - policy.jitter * r));
}

/** Options of {@link retryTransient} (and of the wait it computes before each retry). */
export interface RetryOptions {
  /** Scheduler of the waits (a `TestScheduler` in tests). Default `asyncScheduler`. */
  readonly scheduler?: SchedulerLike;
  /** Source of jitter, a number in [0, 1). Default `Math.random`. */
  readonly random?: () => number;
  /** Called before each wait, e.g. to count retries or log them. */
  readonly onRetry?: (info: RetryInfo) => void;
  /**
   * Whether repeating the operation is harmless. Default true. When false (POST, PATCH)
   * {@link RetryPolicy.retryPost} applies: network errors are never retried and HTTP answers
   * only when `retryPost` is true.
   */
  readonly idempotent?: boolean;
}

/** What {@link RetryOptions.onRetry} is told before a retry. */
export interface RetryInfo {
  /** 1 for the first retry (the second attempt), 2 for the next, ... */
  readonly retryNumber: number;
  /** How long the operator waits before resubscribing. */
  readonly delayMs: number;
  /** The error that caused the retry. */
  readonly error: unknown;
}

/**
 * Decide whether retry number `retryNumber` (1-based) follows `err`, and after how long.
 * Returns the wait in milliseconds, or `undefined` when the error must reach the caller.
 */
export function retryDelayFor(
  err: unknown,
  retryNumber: number,
  policy: RetryPolicy,
  options: Pick<RetryOptions, 'random' | 'idempotent'> = {},
): number | undefined {
  if (retryNumber >= policy.maxAttempts) return undefined;
  if (!isTransient(err)) return undefined;
  if (options.idempotent === false && (!policy.retryPost || err instanceof NetworkError)) {
    return undefined;
  }
  if (policy.respectRetryAfter && err instanceof IBMApiError) {
    const seconds = err.retryAfterSeconds;
    if (seconds !== undefined && Number.isFinite(seconds) && seconds >= 0) {
      const ms = Math.ceil(seconds * 1000);
      return ms > policy.maxRetryAfterMs ? undefined : ms;
    }
  }
  return backoffDelay(retryNumber, policy, options.random ?? Math.random);
}

/**
 * Resubscribe to the source after a transient failure (see {@link isTransient}), waiting an
 * exponential backoff with jitter, or the server's `Retry-After` on 429 and 503, at most
 * `maxAttempts` attempts in all. Final errors (other 4xx, `DecodeError`) pass through at
 * once, as does the last transient error once the attempts are used up.
 *
 * Throws a {@link ConfigError} at once when the policy is invalid.
 *
 * ```text
 * attempt 1:  -#                                  # = IBMApiError 503
 * attempt 2:      500ms -#                        (subscribed 500 ms after the error)
 * attempt 3:                 1000ms -a|           (subscribed 1000 ms after the second error)
 * result:     -------------------------a|         retryTransient({ jitter: 0 })
 *
 * attempt 1:  -#                                  # = IBMApiError 404
 * result:     -#                                  (never retried)
 * ```
 *
 * @param policy overrides of {@link DEFAULT_RETRY_POLICY}.
 *
 * @category Operators
 */
export function retryTransient<T>(
  policy: Partial<RetryPolicy> = {},
  options: RetryOptions = {},
): MonoTypeOperatorFunction<T> {
  const resolved = resolveRetryPolicy(policy);
  const scheduler = options.scheduler ?? asyncScheduler;
  return (source: Observable<T>) =>
    source.pipe(
      retry({
        delay: (error: unknown, retryNumber: number) => {
          const delayMs = retryDelayFor(error, retryNumber, resolved, options);
          if (delayMs === undefined) return throwError(() => error);
          options.onRetry?.({ retryNumber, delayMs, error });
          return timer(delayMs, scheduler);
        },
      }),
    );
}
