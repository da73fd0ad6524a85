import { merge, Subject } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { ConfigError, IBMRuntimeError } from '../../src/codecs/errors.js';
import { connectionEvent, logsEvent } from '../../src/events/job-event.js';
import type { ConnectionEvent, JobEvent } from '../../src/events/job-event.js';
import { idleWatchdog } from '../../src/events/idle-watchdog.js';
import { addErrorEquality, at, countFired, JOB, status } from '../helpers/marble-support.js';

function idle(frame: number, jobId = JOB, channel: 'websocket' | 'poll' = 'websocket', ms = 4) {
  return connectionEvent({
    jobId,
    time: at(frame),
    channel,
    state: 'idle',
    detail: `no event for ${ms} ms`,
  });
}

describe('idleWatchdog', () => {
  beforeEach(addErrorEquality);

  it('emits an idle event and calls onIdle after each silent window, re-arming on events', () => {
    const calls: number[] = [];
    const testScheduler = new TestScheduler((a, e) => expect(a).toEqual(e));
    testScheduler.run(({ cold, expectObservable }) => {
      const a = status('QUEUED', undefined, 'poll', 1);
      const b = status('RUNNING', 'QUEUED', 'poll', 3);
      const c = status('DONE', 'RUNNING', 'poll', 13);
      const source = cold<JobEvent>('-a-b---------c--|', { a, b, c });
      const watched = source.pipe(
        idleWatchdog(4, { onIdle: () => calls.push(testScheduler.now()) }),
      );
      expectObservable(watched).toBe('-a-b---i---j-c--|', { a, b, c, i: idle(7), j: idle(11) });
    });
    expect(calls).toEqual([7, 11]);
  });

  it('lets the re-poll triggered by onIdle feed the stream and reset the window', () => {
    const testScheduler = new TestScheduler((a, e) => expect(a).toEqual(e));
    testScheduler.run(({ hot, expectObservable }) => {
      const repolled = new Subject<JobEvent>();
      const pushed = hot<JobEvent>('-a----------', { a: status('QUEUED', undefined, 'poll', 1) });
      const events = merge(pushed, repolled).pipe(
        idleWatchdog(5, {
          channel: 'poll',
          onIdle: () => repolled.next(status('RUNNING', 'QUEUED', 'poll', testScheduler.now())),
        }),
      );
      expectObservable(events, '^-------------!').toBe('-a----(ir)-(js)', {
        a: status('QUEUED', undefined, 'poll', 1),
        i: idle(6, JOB, 'poll', 5),
        r: status('RUNNING', 'QUEUED', 'poll', 6),
        j: idle(11, JOB, 'poll', 5),
        s: status('RUNNING', 'QUEUED', 'poll', 11),
      });
    });
  });

  it('reports silence before the first event with the jobId option, or an empty one', () => {
    new TestScheduler((a, e) => expect(a).toEqual(e)).run(({ cold, expectObservable }) => {
      const late = cold<JobEvent>('------l|', {
        l: logsEvent({ jobId: 'job-2', time: at(6), logs: 'hello' }),
      });
      expectObservable(late.pipe(idleWatchdog(4, { jobId: JOB }))).toBe('----i-l|', {
        i: idle(4),
        l: logsEvent({ jobId: 'job-2', time: at(6), logs: 'hello' }),
      });
      const quiet = cold<JobEvent>('-------|');
      const expected: Record<string, ConnectionEvent> = { i: idle(4, '') };
      expectObservable(quiet.pipe(idleWatchdog(4))).toBe('----i--|', expected);
    });
  });

  it('clears its timer on completion, error and unsubscribe', () => {
    const testScheduler = new TestScheduler((a, e) => expect(a).toEqual(e));
    const fired = countFired(testScheduler);
    testScheduler.run(({ cold, hot, expectObservable }) => {
      const options = { scheduler: fired.scheduler };
      const a = status('QUEUED', undefined, 'poll', 1);
      expectObservable(cold<JobEvent>('-a-|', { a }).pipe(idleWatchdog(5, options))).toBe('-a-|', {
        a,
      });
      const err = new IBMRuntimeError('boom');
      expectObservable(cold<JobEvent>('-a-#', { a }, err).pipe(idleWatchdog(5, options))).toBe(
        '-a-#',
        { a },
        err,
      );
      expectObservable(
        hot<JobEvent>('-a-------', { a }).pipe(idleWatchdog(5, options)),
        '^--!',
      ).toBe('-a-', { a });
    });
    expect(fired.count).toBe(0);
  });

  it('errors the stream with what onIdle throws', () => {
    new TestScheduler((a, e) => expect(a).toEqual(e)).run(({ cold, expectObservable }) => {
      const failure = new IBMRuntimeError('cannot reconnect');
      const watched = cold<JobEvent>('--------').pipe(
        idleWatchdog(2, {
          jobId: JOB,
          onIdle: () => {
            throw failure;
          },
        }),
      );
      expectObservable(watched).toBe('--(i#)', { i: idle(2, JOB, 'websocket', 2) }, failure);
    });
  });

  it('rejects an unusable window with a ConfigError', () => {
    for (const bad of [0, -5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => idleWatchdog(bad)).toThrowMatching(
        (e: unknown) => e instanceof ConfigError && e.option === 'idleMs',
      );
    }
  });
});
