/**
 * The Observable wiring of one job row: subscribe to the job's shared event stream, fold each
 * event into the row's state, tick the elapsed time while the job runs, and, through
 * `cancelOnUnsubscribe`, cancel the job when the row is closed before the job ended and the
 * row's toggle asks for it. Closing the row is unsubscribing.
 *
 * @module
 */
import { Subscription, interval, takeWhile } from 'rxjs';
import { cancelOnUnsubscribe } from '../../../src/index.js';
import type { CancelTarget, PrimitiveResult, RuntimeJob } from '../../../src/index.js';
import type { JobRow } from './job-row.js';
import { applyComplete, applyError, applyEvent, initialRowState } from './job-state.js';
import type { JobRowState, RowInit } from './job-state.js';

/** How often the elapsed time is redrawn while the job runs. */
export const TICK_MS = 200;

/**
 * Watch `job` in `row` until the stream ends or the returned subscription is unsubscribed
 * (the row's Close button). Unsubscribing before the job ended cancels the job when the row's
 * toggle is on at that moment: `cancelOnUnsubscribe` calls the target below exactly once, and
 * the target asks the toggle.
 */
export function watchJob<R extends PrimitiveResult>(
  job: RuntimeJob<R>,
  row: JobRow,
  init: RowInit,
): Subscription {
  let state: JobRowState = initialRowState(init);
  const labels = init.observableLabels ?? [];
  const show = (next: JobRowState): void => {
    state = next;
    row.render(state, new Date());
  };

  const onClose: CancelTarget = {
    cancel: () => (row.cancelOnClose ? job.cancel() : Promise.resolve()),
  };
  const events$ = job.events$.pipe(
    cancelOnUnsubscribe<R>(onClose, 'on-last-unsubscribe', {
      onCancelError: (error) =>
        console.warn(`cancelling job ${job.jobId()} on close failed:`, error),
    }),
  );

  const subscription = new Subscription();
  subscription.add(
    events$.subscribe({
      next: (event) => show(applyEvent(state, event, labels)),
      error: (error: unknown) => show(applyError(state, error)),
      complete: () => show(applyComplete(state)),
    }),
  );
  subscription.add(
    interval(TICK_MS)
      .pipe(takeWhile(() => state.endedAt === undefined && !state.finished))
      .subscribe(() => row.tick(new Date())),
  );
  return subscription;
}
