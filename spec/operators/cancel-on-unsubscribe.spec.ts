import { defer, EMPTY, share, Subject, throwError } from 'rxjs';
import type { Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import {
  ConfigError,
  IBMApiError,
  NetworkError,
  RuntimeJobTimeoutError,
} from '../../src/codecs/errors.js';
import type { JobEvent } from '../../src/events/job-event.js';
import { cancelOnUnsubscribe } from '../../src/operators/cancel-on-unsubscribe.js';
import type { CancelPolicy, CancelTarget } from '../../src/operators/cancel-on-unsubscribe.js';
import { deadline } from '../../src/operators/deadline.js';
import { addErrorEquality, JOB, status } from '../helpers/marble-support.js';

/** A cancel target recording the virtual time of each cancel() and each cancel subscription. */
function recordingTarget(scheduler: TestScheduler): CancelTarget & {
  calls: number[];
  subscribed: number[];
} {
  const target = {
    calls: [] as number[],
    subscribed: [] as number[],
    cancel: (): Observable<unknown> => {
      target.calls.push(scheduler.now());
      return defer(() => {
        target.subscribed.push(scheduler.now());
        return EMPTY;
      });
    },
  };
  return target;
}

const values = {
  q: status('QUEUED', undefined, 'poll', 1),
  r: status('RUNNING', 'QUEUED', 'poll', 3),
  d: status('DONE', 'RUNNING', 'poll', 5),
};

describe('cancelOnUnsubscribe', () => {
  beforeEach(addErrorEquality);

  it('cancels once, when the last of several subscribers unsubscribes', () => {
    const scheduler = new TestScheduler((a, e) => expect(a).toEqual(e));
    const target = recordingTarget(scheduler);
    scheduler.run(({ hot, expectObservable }) => {
      const events = hot<JobEvent>('-q-r------', values).pipe(
        cancelOnUnsubscribe(target, 'on-last-unsubscribe'),
      );
      expectObservable(events, '^-----!').toBe('-q-r--', values);
      expectObservable(events, '--^--------!').toBe('---r----', values);
    });
    expect(target.calls).toEqual([11]);
    expect(target.subscribed).toEqual([11]);
  });

  it('cancels once on the last unsubscribe of a share() placed after it', () => {
    const scheduler = new TestScheduler((a, e) => expect(a).toEqual(e));
    const target = recordingTarget(scheduler);
    let upstreamSubscriptions = 0;
    scheduler.run(({ hot, expectObservable }) => {
      const source = hot<JobEvent>('-q-r------', values);
      const shared = defer(() => {
        upstreamSubscriptions += 1;
        return source;
      }).pipe(cancelOnUnsubscribe(target, 'on-last-unsubscribe'), share());
      expectObservable(shared, '^----!').toBe('-q-r-', values);
      expectObservable(shared, '--^-----!').toBe('---r--', values);
      expectObservable(shared, '--^-!').toBe('---r', values);
    });
    expect(upstreamSubscriptions).toBe(1);
    expect(target.calls).toEqual([8]);
  });

  it('never cancels once a final status went through', () => {
    const scheduler = new TestScheduler((a, e) => expect(a).toEqual(e));
    const target = recordingTarget(scheduler);
    scheduler.run(({ hot, expectObservable }) => {
      const events = hot<JobEvent>('-q-r-d----', values).pipe(
        cancelOnUnsubscribe(target, 'on-last-unsubscribe'),
      );
      expectObservable(events, '^-------!').toBe('-q-r-d--', values);
      // A later subscriber that never saw the final status does not cancel either.
      expectObservable(events, '--------^-!').toBe('', values);
    });
    expect(target.calls).toEqual([]);
  });

  it('does not cancel when the stream completes or fails instead of being unsubscribed', () => {
    const scheduler = new TestScheduler((a, e) => expect(a).toEqual(e));
    const target = recordingTarget(scheduler);
    scheduler.run(({ cold, expectObservable }) => {
      const policy: CancelPolicy = 'on-last-unsubscribe';
      expectObservable(
        cold<JobEvent>('-q-r|', values).pipe(cancelOnUnsubscribe(target, policy)),
      ).toBe('-q-r|', values);
      const err = new NetworkError('reset');
      expectObservable(
        cold<JobEvent>('-q-#', values, err).pipe(cancelOnUnsubscribe(target, policy)),
      ).toBe('-q-#', values, err);
    });
    expect(target.calls).toEqual([]);
  });

  it('sends no second cancel for a later subscriber', () => {
    const scheduler = new TestScheduler((a, e) => expect(a).toEqual(e));
    const target = recordingTarget(scheduler);
    scheduler.run(({ hot, expectObservable }) => {
      const events = hot<JobEvent>('-q-r------', values).pipe(
        cancelOnUnsubscribe(target, 'on-last-unsubscribe'),
      );
      expectObservable(events, '^-!').toBe('-q', values);
      expectObservable(events, '----^-!').toBe('', values);
    });
    expect(target.calls).toEqual([2]);
  });

  it("with 'on-deadline', cancels once when the deadline fails the stream", () => {
    const scheduler = new TestScheduler((a, e) => expect(a).toEqual(e));
    const target = recordingTarget(scheduler);
    scheduler.run(({ hot, expectObservable }) => {
      const timeout = new RuntimeJobTimeoutError(JOB, 6);
      const events = hot<JobEvent>('-q-r------', values).pipe(
        deadline(6, { jobId: JOB }),
        cancelOnUnsubscribe(target, 'on-deadline'),
      );
      expectObservable(events).toBe('-q-r--#', values, timeout);
      expectObservable(events, '--^').toBe('---r----#', values, timeout);
    });
    expect(target.calls).toEqual([6]);
  });

  it("with 'on-deadline', ignores other errors, unsubscribes and timeouts after a final status", () => {
    const scheduler = new TestScheduler((a, e) => expect(a).toEqual(e));
    const target = recordingTarget(scheduler);
    scheduler.run(({ cold, hot, expectObservable }) => {
      const err = new IBMApiError({ status: 503, message: 'unavailable' });
      expectObservable(
        cold<JobEvent>('-q-#', values, err).pipe(cancelOnUnsubscribe(target, 'on-deadline')),
      ).toBe('-q-#', values, err);
      expectObservable(
        hot<JobEvent>('-q-r---', values).pipe(cancelOnUnsubscribe(target, 'on-deadline')),
        '^--!',
      ).toBe('-q-', values);
      // DONE seen, then the deadline passes while the stream waits for its result.
      const timeout = new RuntimeJobTimeoutError(JOB, 7);
      expectObservable(
        cold<JobEvent>('-q-r-d----', values).pipe(
          deadline(7, { jobId: JOB }),
          cancelOnUnsubscribe(target, 'on-deadline'),
        ),
      ).toBe('-q-r-d-#', values, timeout);
    });
    expect(target.calls).toEqual([]);
  });

  it("with 'never', returns the stream itself and never cancels", () => {
    const scheduler = new TestScheduler((a, e) => expect(a).toEqual(e));
    const target = recordingTarget(scheduler);
    scheduler.run(({ hot, expectObservable }) => {
      const source = hot<JobEvent>('-q-r----', values);
      const events = source.pipe(cancelOnUnsubscribe(target, 'never'));
      expect(events).toBe(source);
      expectObservable(events, '^--!').toBe('-q-', values);
    });
    expect(target.calls).toEqual([]);
  });

  it('accepts a Promise-returning target and reports its failures', async () => {
    const failures: unknown[] = [];
    const rejection = new IBMApiError({ status: 409, message: 'job is already final' });
    let calls = 0;
    const target: CancelTarget = {
      cancel: () => {
        calls += 1;
        return Promise.reject(rejection);
      },
    };
    const events = new Subject<JobEvent>();
    const subscription = events
      .pipe(
        cancelOnUnsubscribe(target, 'on-last-unsubscribe', {
          onCancelError: (e) => failures.push(e),
        }),
      )
      .subscribe();
    events.next(values.q);
    subscription.unsubscribe();
    expect(calls).toBe(1);
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(failures).toEqual([rejection]);
  });

  it('reports a cancel that throws or whose Observable fails, without disturbing the stream', () => {
    const failures: unknown[] = [];
    const thrown = new NetworkError('offline');
    const failed = new IBMApiError({ status: 500, message: 'oops' });
    for (const cancel of [
      (): Observable<unknown> => {
        throw thrown;
      },
      (): Observable<unknown> => throwError(() => failed),
    ]) {
      const live = new Subject<JobEvent>();
      const subscription = live
        .pipe(
          cancelOnUnsubscribe({ cancel }, 'on-last-unsubscribe', {
            onCancelError: (e) => failures.push(e),
          }),
        )
        .subscribe();
      expect(() => subscription.unsubscribe()).not.toThrow();
    }
    expect(failures).toEqual([thrown, failed]);
  });

  it('rejects an unknown policy or a target without cancel()', () => {
    const target: CancelTarget = { cancel: () => EMPTY };
    expect(() => cancelOnUnsubscribe(target, 'sometimes' as CancelPolicy)).toThrowMatching(
      (e: unknown) => e instanceof ConfigError && e.option === 'cancelPolicy',
    );
    expect(() => cancelOnUnsubscribe({} as CancelTarget, 'on-last-unsubscribe')).toThrowMatching(
      (e: unknown) => e instanceof ConfigError && e.option === 'cancelTarget',
    );
  });
});
