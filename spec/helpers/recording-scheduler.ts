/**
 * Spec helpers for code that takes a scheduler or returns an Observable that should fail.
 */
import { asapScheduler, lastValueFrom } from 'rxjs';
import type { Observable, SchedulerAction, SchedulerLike, Subscription } from 'rxjs';

/**
 * A scheduler that records every delay it is asked for and runs the work at once (asap), so a
 * retry or refresh schedule is checked without waiting for it in real time.
 */
export function recordingScheduler(): SchedulerLike & { delays: number[] } {
  const delays: number[] = [];
  return {
    delays,
    now: () => Date.now(),
    schedule<T>(
      work: (this: SchedulerAction<T>, state?: T) => void,
      delay = 0,
      state?: T,
    ): Subscription {
      delays.push(delay);
      return asapScheduler.schedule(work, 0, state);
    },
  };
}

/** The error `source` fails with; throws when it completes instead. */
export async function failure(source: Observable<unknown>): Promise<unknown> {
  try {
    await lastValueFrom(source);
  } catch (e) {
    return e;
  }
  throw new Error('expected a failure');
}
