/**
 * Shared pieces of the operator and state-machine marble specs: a Jasmine equality rule for the
 * library's error classes and builders for observations and status events.
 */
import type { SchedulerAction, SchedulerLike, Subscription } from 'rxjs';
import { QuantumJobsError } from '../../src/codecs/errors.js';
import { mapRuntimeStatus } from '../../src/codecs/status.js';
import type { JobStatus } from '../../src/codecs/status.js';
import { statusEvent } from '../../src/events/job-event.js';
import type { EventSource, StatusEvent } from '../../src/events/job-event.js';
import type { StatusObservation } from '../../src/events/state-machine.js';

function sameField(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Jasmine compares two `Error`s by message only. With this rule (call it in `beforeEach`), two
 * library errors are equal only when they are of the same class with the same message and the
 * same own fields (`_tag`, `jobId`, `reason`, `timeoutMs`, ...).
 */
export function addErrorEquality(): void {
  jasmine.addCustomEqualityTester((a: unknown, b: unknown): boolean | undefined => {
    if (!(a instanceof QuantumJobsError) && !(b instanceof QuantumJobsError)) return undefined;
    if (!(a instanceof Error) || !(b instanceof Error)) return false;
    if (a.constructor !== b.constructor || a.message !== b.message) return false;
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of keys) {
      const av: unknown = Reflect.get(a, key);
      const bv: unknown = Reflect.get(b, key);
      if (!sameField(av, bv)) return false;
    }
    return true;
  });
}

/** Virtual-time frame `frame` as a Date (TestScheduler.run frames are milliseconds from 0). */
export function at(frame: number): Date {
  return new Date(frame);
}

/** An observation of the runtime status string `raw` from `source` at `frame`. */
export function observe(
  raw: string,
  source: EventSource,
  frame: number,
  extra: Partial<Omit<StatusObservation, 'mapped' | 'source' | 'time'>> & {
    reason?: string;
    reasonCode?: number;
  } = {},
): StatusObservation {
  const { reason, reasonCode, ...queue } = extra;
  return {
    mapped: mapRuntimeStatus(raw, { reason, reasonCode }),
    source,
    time: at(frame),
    ...queue,
  };
}

/** The status event the machine emits for job `job-1`. */
export function status(
  to: JobStatus,
  previous: JobStatus | undefined,
  source: EventSource,
  frame: number,
  extra: { reason?: string; reasonCode?: number; maxExecutionTimeExceeded?: boolean } = {},
): StatusEvent {
  return statusEvent({
    jobId: JOB,
    time: at(frame),
    status: to,
    previous,
    source,
    maxExecutionTimeExceeded: extra.maxExecutionTimeExceeded ?? false,
    reason: extra.reason,
    reasonCode: extra.reasonCode,
  });
}

/** The job id every spec uses. */
export const JOB = 'job-1';

/**
 * A scheduler delegating to `inner` that counts how many scheduled tasks actually ran, to prove
 * that a timer was cleared (its task never ran) rather than merely ignored.
 */
export function countFired(inner: SchedulerLike): { scheduler: SchedulerLike; count: number } {
  const counter = {
    count: 0,
    scheduler: {
      now: () => inner.now(),
      schedule<S>(
        work: (this: SchedulerAction<S>, state?: S) => void,
        delay?: number,
        state?: S,
      ): Subscription {
        return inner.schedule<S>(
          function (this: SchedulerAction<S>, s?: S) {
            counter.count += 1;
            work.call(this, s);
          },
          delay,
          state,
        );
      },
    } satisfies SchedulerLike,
  };
  return counter;
}
