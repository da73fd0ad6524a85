/**
 * What a watcher of the poll scheduler does about a failed read of its job: wait for the
 * scheduler's next attempt, or end. One rule for every stream that reads through the
 * scheduler (`pollJob$` and so `job$`, and `jobSet$`).
 *
 * @module
 */
import { DecodeError, IBMApiError, RuntimeJobNotFoundError } from '../../codecs/errors.js';
import { isTransient } from '../../transport/retry.js';

/**
 * The error to end with after read number `failures` in a row of job `jobId` failed with
 * `error`, or `undefined` to wait for the scheduler's next attempt (it retries with backoff):
 *
 * - HTTP 404: the job does not exist, {@link RuntimeJobNotFoundError} at once.
 * - A body that cannot be read (a `DecodeError` other than a size limit: a proxy's error page,
 *   a cut answer) is usually damage on the way, and the next read is whole: it is read again
 *   until `maxAttempts` reads in a row failed, then the source ends with the `DecodeError`.
 * - A transient failure (network, the 5xx force list) likewise, up to `maxTransientAttempts`
 *   (`Infinity`: as long as it lasts).
 * - Anything else (401, 403, a body over the size ceiling, ...) ends at once.
 */
export function readFailureOutcome(
  jobId: string,
  error: unknown,
  failures: number,
  maxAttempts: number,
  maxTransientAttempts: number = maxAttempts,
): unknown {
  if (error instanceof IBMApiError && error.status === 404) {
    return new RuntimeJobNotFoundError(jobId, { cause: error });
  }
  if (error instanceof DecodeError && error.kind !== 'limit') {
    return failures < maxAttempts ? undefined : error;
  }
  if (isTransient(error)) return failures < maxTransientAttempts ? undefined : error;
  return error;
}
