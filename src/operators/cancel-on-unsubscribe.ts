/**
 * The {@link cancelOnUnsubscribe} operator: ties cancelling the remote job to the lifetime of
 * its event stream.
 *
 * @module
 */
import { isObservable, Observable } from 'rxjs';
import type { MonoTypeOperatorFunction } from 'rxjs';
import { ConfigError, RuntimeJobTimeoutError } from '../codecs/errors.js';
import type { PrimitiveResult } from '../codecs/result-model.js';
import { isFinalStatusEvent } from '../events/job-event.js';
import type { JobEvent } from '../events/job-event.js';

/**
 * When the job is cancelled: `never`; `on-last-unsubscribe` when the last subscriber
 * unsubscribes before the stream ended; `on-deadline` when the stream fails with
 * `RuntimeJobTimeoutError` (from `deadline`).
 *
 * @category Operators
 */
export type CancelPolicy = 'never' | 'on-last-unsubscribe' | 'on-deadline';

/** Every {@link CancelPolicy}. */
export const CANCEL_POLICIES: readonly CancelPolicy[] = [
  'never',
  'on-last-unsubscribe',
  'on-deadline',
];

/**
 * Something that can cancel the job, e.g. a `RuntimeJob`.
 *
 * @category Operators
 */
export interface CancelTarget {
  cancel(): Observable<unknown> | Promise<unknown>;
}

/** Options of {@link cancelOnUnsubscribe}. */
export interface CancelOnUnsubscribeOptions {
  /**
   * Told when the cancel request fails (it runs after the subscriber left, so there is no
   * stream to carry its error). Without it such failures are dropped: a cancel that loses a
   * race with the job finishing is expected to fail.
   */
  readonly onCancelError?: (err: unknown) => void;
}

/**
 * Send exactly one cancel request for the job when `policy` says the stream was abandoned,
 * unless a final status (DONE, CANCELLED, ERROR) went through first.
 *
 * - `'never'`: the stream is returned unchanged.
 * - `'on-last-unsubscribe'`: subscribers of the returned Observable are counted; the cancel is
 *   sent when the count drops to zero because a subscriber unsubscribed (not because its
 *   stream completed or failed). Several subscribers, directly or through `share()` placed
 *   after this operator, therefore cancel only on the last unsubscribe.
 * - `'on-deadline'`: the cancel is sent when the stream fails with
 *   {@link RuntimeJobTimeoutError}, so place this operator after `deadline`. The error still
 *   reaches the subscriber.
 *
 * Whatever happens later (more subscribers, more deadlines), at most one cancel is ever sent
 * per returned Observable. A cancel returning an Observable is subscribed to once and left to
 * finish on its own. Events, completion and errors pass through unchanged. Throws
 * {@link ConfigError} for an unknown policy or a target without `cancel`.
 *
 * ```
 * events:    -q-r------           (q = QUEUED, r = RUNNING)
 * sub 1:     ^-----!
 * sub 2:     ---^-------!
 *
 * cancelOnUnsubscribe(job, 'on-last-unsubscribe')
 *
 * cancel():  -----------x         (once, when sub 2, the last one, leaves)
 *
 * events:    -q-r-d|              (d = DONE: final seen, nothing is ever cancelled)
 *
 * events:    -q-r--#              (# = RuntimeJobTimeoutError from deadline)
 *
 * cancelOnUnsubscribe(job, 'on-deadline')
 *
 * result:    -q-r--#
 * cancel():  ------x
 * ```
 *
 * @category Operators
 */
export function cancelOnUnsubscribe<R = PrimitiveResult>(
  target: CancelTarget,
  policy: CancelPolicy,
  options: CancelOnUnsubscribeOptions = {},
): MonoTypeOperatorFunction<JobEvent<R>> {
  if (!CANCEL_POLICIES.includes(policy)) {
    throw new ConfigError(
      `cancel policy must be one of ${CANCEL_POLICIES.join(', ')}, got ${JSON.stringify(policy)}`,
      'cancelPolicy',
    );
  }
  if (typeof target?.cancel !== 'function') {
    throw new ConfigError('cancel target must have a cancel() method', 'cancelTarget');
  }
  const report = (err: unknown): void => options.onCancelError?.(err);

  return (source: Observable<JobEvent<R>>) => {
    if (policy === 'never') return source;
    let subscribers = 0;
    let finalSeen = false;
    let cancelSent = false;

    const sendCancel = (): void => {
      if (cancelSent || finalSeen) return;
      cancelSent = true;
      let request: Observable<unknown> | Promise<unknown>;
      try {
        request = target.cancel();
      } catch (err: unknown) {
        report(err);
        return;
      }
      if (isObservable(request)) request.subscribe({ error: report });
      else Promise.resolve(request).then(undefined, report);
    };

    return new Observable<JobEvent<R>>((subscriber) => {
      subscribers += 1;
      let ended = false;
      const upstream = source.subscribe({
        next: (event) => {
          if (isFinalStatusEvent(event)) finalSeen = true;
          subscriber.next(event);
        },
        error: (err: unknown) => {
          ended = true;
          if (policy === 'on-deadline' && err instanceof RuntimeJobTimeoutError) sendCancel();
          subscriber.error(err);
        },
        complete: () => {
          ended = true;
          subscriber.complete();
        },
      });
      return () => {
        upstream.unsubscribe();
        subscribers -= 1;
        if (policy === 'on-last-unsubscribe' && !ended && subscribers === 0) sendCancel();
      };
    });
  };
}
