/**
 * The {@link deadline} operator: an absolute point in time after which a stream fails with
 * `RuntimeJobTimeoutError`.
 *
 * @module
 */
import { asyncScheduler, Observable } from 'rxjs';
import type { MonoTypeOperatorFunction, SchedulerLike } from 'rxjs';
import { ConfigError, RuntimeJobTimeoutError } from '../codecs/errors.js';

/** Options of {@link deadline}. */
export interface DeadlineOptions {
  /** Clock and timer of the deadline (a `TestScheduler` in tests). Default `asyncScheduler`. */
  readonly scheduler?: SchedulerLike;
  /** The job the stream is about, named in the timeout error. */
  readonly jobId?: string;
}

function checkDeadline(msOrDate: number | Date): void {
  if (msOrDate instanceof Date) {
    if (Number.isNaN(msOrDate.getTime())) {
      throw new ConfigError('deadline must be a valid Date, got an invalid Date', 'deadline');
    }
    return;
  }
  if (typeof msOrDate !== 'number' || !Number.isFinite(msOrDate) || msOrDate < 0) {
    throw new ConfigError(
      `deadline must be a Date or a finite number of milliseconds >= 0, got ${String(msOrDate)}`,
      'deadline',
    );
  }
}

/**
 * Fail with {@link RuntimeJobTimeoutError} when the stream has not finished by an absolute
 * deadline: `msOrDate` itself when it is a Date, or `ms` after subscription on the scheduler's
 * clock. The deadline is fixed once, when this operator is subscribed to, and is not moved by
 * anything upstream: apply it outside (below) `retry`, `retryTransient`, `switchMap`, a
 * websocket-to-poll fallback and the like, so that every retry and every source switch spends
 * the same time budget. Each subscription to the result computes its own `now + ms` (a Date
 * deadline is the same for all). A deadline already passed fails at once without subscribing
 * to the source. Values, completion and errors before the deadline pass through unchanged, and
 * the timer is cleared when the stream ends or is unsubscribed.
 *
 * Throws {@link ConfigError} at once for a negative, non-finite or non-number `ms` or an
 * invalid Date.
 *
 * ```
 * trigger:      --x-----y---            (each x, y switches to a fresh inner poll)
 * inner:          -a-b-    -a-b-
 * switchMap:    ---a-b---a-b-
 *
 * deadline(10)
 *
 * result:       ---a-b---a#             (# = RuntimeJobTimeoutError at frame 10)
 *
 * source:       -a-#                    (retried by retry(5))
 * retry(5):     -a--a--a--a-
 *
 * deadline(8)
 *
 * result:       -a--a--a#
 * ```
 *
 * @param msOrDate milliseconds from subscription, or the Date by which the stream must end.
 *
 * @category Operators
 */
export function deadline<T>(
  msOrDate: number | Date,
  options: DeadlineOptions = {},
): MonoTypeOperatorFunction<T> {
  checkDeadline(msOrDate);
  const scheduler = options.scheduler ?? asyncScheduler;
  const { jobId } = options;
  return (source: Observable<T>) =>
    new Observable<T>((subscriber) => {
      const start = scheduler.now();
      const isDate = msOrDate instanceof Date;
      const at = isDate ? msOrDate.getTime() : start + msOrDate;
      const budgetMs = isDate ? Math.max(0, at - start) : msOrDate;
      const timeout = (): RuntimeJobTimeoutError =>
        new RuntimeJobTimeoutError(
          jobId,
          budgetMs,
          isDate
            ? `Timed out waiting for job${jobId ? ` ${jobId}` : ''} to complete: deadline ${msOrDate.toISOString()} passed.`
            : undefined,
        );
      if (at <= start) {
        subscriber.error(timeout());
        return undefined;
      }
      subscriber.add(scheduler.schedule(() => subscriber.error(timeout()), at - start));
      return source.subscribe(subscriber);
    });
}
