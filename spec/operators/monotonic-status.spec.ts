import { merge } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { ConfigError, NetworkError } from '../../src/codecs/errors.js';
import { mapLegacyStatus, mapRuntimeStatus } from '../../src/codecs/status.js';
import type { JobStatus } from '../../src/codecs/status.js';
import { progressEvent, unknownStatusEvent } from '../../src/events/job-event.js';
import type { EventSource } from '../../src/events/job-event.js';
import type { StatusMachineEvent, StatusObservation } from '../../src/events/state-machine.js';
import { monotonicStatus } from '../../src/operators/monotonic-status.js';
import { addErrorEquality, at, JOB, observe, status } from '../helpers/marble-support.js';

function scheduler(): TestScheduler {
  return new TestScheduler((a, e) => expect(a).toEqual(e));
}

function unknown(raw: string, source: EventSource, frame: number): StatusMachineEvent {
  return unknownStatusEvent({ jobId: JOB, time: at(frame), raw, source });
}

describe('monotonicStatus', () => {
  beforeEach(addErrorEquality);

  it('emits each status of a single ordered source once and completes after the final one', () => {
    scheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const poll = cold('-q-r-d-x', {
        q: observe('Queued', 'poll', 1),
        r: observe('Running', 'poll', 3),
        d: observe('Completed', 'poll', 5),
        x: observe('Running', 'poll', 7),
      });
      expectObservable(poll.pipe(monotonicStatus(JOB))).toBe('-Q-R-(D|)', {
        Q: status('QUEUED', undefined, 'poll', 1),
        R: status('RUNNING', 'QUEUED', 'poll', 3),
        D: status('DONE', 'RUNNING', 'poll', 5),
      });
      expectSubscriptions(poll.subscriptions).toBe('^----!');
    });
  });

  it('drops duplicates from one source and from two sources reporting the same status', () => {
    scheduler().run(({ hot, expectObservable }) => {
      const ws = hot('--q---r-r---', {
        q: observe('Queued', 'websocket', 2),
        r: observe('Running', 'websocket', 6),
      });
      const poll = hot('-q-q---r-r-d', {
        q: observe('Queued', 'poll', 1),
        r: observe('Running', 'poll', 7),
        d: observe('Completed', 'poll', 11),
      });
      expectObservable(merge(ws, poll).pipe(monotonicStatus(JOB))).toBe('-Q----R----(D|)', {
        Q: status('QUEUED', undefined, 'poll', 1),
        R: status('RUNNING', 'QUEUED', 'websocket', 6),
        D: status('DONE', 'RUNNING', 'poll', 11),
      });
    });
  });

  it('ignores a lagging poll that disagrees with the websocket (never goes backwards)', () => {
    scheduler().run(({ hot, expectObservable }) => {
      const ws = hot('-q-r--------', {
        q: observe('Queued', 'websocket', 1),
        r: observe('Running', 'websocket', 3),
      });
      const poll = hot('-----q--q--r', {
        q: observe('Queued', 'poll', 5, { queuePosition: 4 }),
        r: observe('Running', 'poll', 11),
      });
      expectObservable(merge(ws, poll).pipe(monotonicStatus(JOB))).toBe('-Q-R--------', {
        Q: status('QUEUED', undefined, 'websocket', 1),
        R: status('RUNNING', 'QUEUED', 'websocket', 3),
      });
    });
  });

  it('keeps rank order when statuses arrive out of order, without inventing skipped ones', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold<StatusObservation>('-r-q-v-d', {
        r: observe('Running', 'poll', 1),
        q: observe('Queued', 'poll', 3),
        v: { mapped: mapLegacyStatus('VALIDATING'), source: 'poll', time: at(5) },
        d: observe('Completed', 'poll', 7),
      });
      expectObservable(source.pipe(monotonicStatus(JOB))).toBe('-R-----(D|)', {
        R: status('RUNNING', undefined, 'poll', 1),
        D: status('DONE', 'RUNNING', 'poll', 7),
      });
    });
  });

  it('turns QUEUED then DONE into one DONE event whose previous is QUEUED', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold('-q---d|', {
        q: observe('Queued', 'poll', 1),
        d: observe('Completed', 'poll', 5),
      });
      expectObservable(source.pipe(monotonicStatus(JOB))).toBe('-Q---(D|)', {
        Q: status('QUEUED', undefined, 'poll', 1),
        D: status('DONE', 'QUEUED', 'poll', 5),
      });
    });
  });

  it('carries on with the poll alone when the websocket drops mid-job', () => {
    scheduler().run(({ hot, expectObservable, expectSubscriptions }) => {
      const ws = hot('-q-r|', {
        q: observe('Queued', 'websocket', 1),
        r: observe('Running', 'websocket', 3),
      });
      const poll = hot('--q---r---e', {
        q: observe('Queued', 'poll', 2),
        r: observe('Running', 'poll', 6),
        e: observe('Failed', 'poll', 10, { reason: 'qubit calibration failed', reasonCode: 1010 }),
      });
      expectObservable(
        merge(ws, poll).pipe(
          monotonicStatus(JOB, undefined, { unconfirmedSources: ['websocket'] }),
        ),
      ).toBe('-Q-R------(E|)', {
        Q: status('QUEUED', undefined, 'websocket', 1),
        R: status('RUNNING', 'QUEUED', 'websocket', 3),
        E: status('ERROR', 'RUNNING', 'poll', 10, {
          reason: 'qubit calibration failed',
          reasonCode: 1010,
        }),
      });
      expectSubscriptions(ws.subscriptions).toBe('^---!');
      expectSubscriptions(poll.subscriptions).toBe('^---------!');
    });
  });

  it('holds a final websocket push until a poll confirms it, asking for confirmation once', () => {
    const held: StatusObservation[] = [];
    scheduler().run(({ hot, expectObservable }) => {
      const ws = hot('-q--d-d-----', {
        q: observe('Queued', 'websocket', 1),
        d: observe('Completed', 'websocket', 4),
      });
      const poll = hot('--q---r---d-', {
        q: observe('Queued', 'poll', 2),
        r: observe('Running', 'poll', 6),
        d: observe('Completed', 'poll', 10),
      });
      const events = merge(ws, poll).pipe(
        monotonicStatus(JOB, undefined, {
          unconfirmedSources: ['websocket'],
          onPendingFinal: (obs) => held.push(obs),
        }),
      );
      expectObservable(events).toBe('-Q----R---(D|)', {
        Q: status('QUEUED', undefined, 'websocket', 1),
        R: status('RUNNING', 'QUEUED', 'poll', 6),
        D: status('DONE', 'RUNNING', 'poll', 10),
      });
    });
    expect(held).toEqual([observe('Completed', 'websocket', 4)]);
  });

  it('emits the confirming source’s final status when it differs from the held push', () => {
    scheduler().run(({ hot, expectObservable }) => {
      const ws = hot('-r-d----', {
        r: observe('Running', 'websocket', 1),
        d: observe('Completed', 'websocket', 3),
      });
      const poll = hot('-----c--', {
        c: observe('Cancelled', 'poll', 5, { reason: 'RAN TOO LONG', reasonCode: 1305 }),
      });
      expectObservable(
        merge(ws, poll).pipe(
          monotonicStatus(JOB, undefined, { unconfirmedSources: ['websocket'] }),
        ),
      ).toBe('-R---(E|)', {
        R: status('RUNNING', undefined, 'websocket', 1),
        E: status('ERROR', 'RUNNING', 'poll', 5, {
          reason: 'RAN TOO LONG',
          reasonCode: 1305,
          maxExecutionTimeExceeded: true,
        }),
      });
    });
  });

  it('emits a held final as it is when the sources complete before any confirmation', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const ws = cold('-r-d-|', {
        r: observe('Running', 'websocket', 1),
        d: observe('Completed', 'websocket', 3),
      });
      expectObservable(
        ws.pipe(monotonicStatus(JOB, undefined, { unconfirmedSources: ['websocket'] })),
      ).toBe('-R---(D|)', {
        R: status('RUNNING', undefined, 'websocket', 1),
        D: status('DONE', 'RUNNING', 'websocket', 3),
      });
    });
  });

  it('reports each unknown status once per state and keeps the state', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold<StatusObservation>('-u-q-u-u-w-r-u-d', {
        u: { mapped: mapRuntimeStatus('Paused'), source: 'poll', time: at(0) },
        q: observe('Queued', 'poll', 0),
        w: { mapped: mapRuntimeStatus('Migrating'), source: 'websocket', time: at(0) },
        r: observe('Running', 'poll', 0),
        d: observe('Completed', 'poll', 0),
      });
      expectObservable(source.pipe(monotonicStatus(JOB))).toBe('-U-Q-U---W-R-U-(D|)', {
        U: unknown('Paused', 'poll', 0),
        Q: status('QUEUED', undefined, 'poll', 0),
        W: unknown('Migrating', 'websocket', 0),
        R: status('RUNNING', 'QUEUED', 'poll', 0),
        D: status('DONE', 'RUNNING', 'poll', 0),
      });
    });
  });

  it('emits progress only when queue information changes, after the status it came with', () => {
    const start = at(100_000);
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold('-a-b-c-d-e-f', {
        a: observe('Queued', 'poll', 1, { queuePosition: 5, estimatedStartTime: start }),
        b: observe('Queued', 'poll', 3, { queuePosition: 5, estimatedStartTime: at(100_000) }),
        c: observe('Queued', 'poll', 5, { queuePosition: 3, estimatedStartTime: start }),
        d: observe('Queued', 'websocket', 7),
        e: observe('Running', 'poll', 9, { estimatedCompletionTime: at(200_000) }),
        f: observe('Queued', 'poll', 11, { queuePosition: 1 }),
      });
      expectObservable(source.pipe(monotonicStatus(JOB))).toBe('-(QA)B---(RC)', {
        Q: status('QUEUED', undefined, 'poll', 1),
        A: progressEvent({ jobId: JOB, time: at(1), queuePosition: 5, estimatedStartTime: start }),
        B: progressEvent({ jobId: JOB, time: at(5), queuePosition: 3, estimatedStartTime: start }),
        R: status('RUNNING', 'QUEUED', 'poll', 9),
        C: progressEvent({ jobId: JOB, time: at(9), estimatedCompletionTime: at(200_000) }),
      });
    });
  });

  it('starts from a known initial status without emitting it', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold('-q-r-|', {
        q: observe('Queued', 'poll', 1),
        r: observe('Running', 'poll', 3),
      });
      expectObservable(source.pipe(monotonicStatus(JOB, 'QUEUED'))).toBe('---R-|', {
        R: status('RUNNING', 'QUEUED', 'poll', 3),
      });
    });
  });

  it('completes at once without subscribing when the initial status is final', () => {
    scheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-q-|', { q: observe('Queued', 'poll', 1) });
      expectObservable(source.pipe(monotonicStatus(JOB, 'CANCELLED'))).toBe('|');
      expectSubscriptions(source.subscriptions).toBe([]);
    });
  });

  it('passes source errors through', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const error = new NetworkError('connection reset');
      const source = cold('-q-#', { q: observe('Queued', 'poll', 1) }, error);
      expectObservable(source.pipe(monotonicStatus(JOB))).toBe(
        '-Q-#',
        { Q: status('QUEUED', undefined, 'poll', 1) },
        error,
      );
    });
  });

  it('runs one machine per subscription', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold('-q-d|', {
        q: observe('Queued', 'poll', 1),
        d: observe('Completed', 'poll', 3),
      });
      const events = source.pipe(monotonicStatus(JOB));
      const expected = {
        Q: status('QUEUED', undefined, 'poll', 1),
        D: status('DONE', 'QUEUED', 'poll', 3),
      };
      expectObservable(events).toBe('-Q-(D|)', expected);
      expectObservable(events).toBe('-Q-(D|)', expected);
    });
  });

  it('rejects bad options with a ConfigError naming the option', () => {
    expect(() => monotonicStatus(JOB, 'PAUSED' as JobStatus)).toThrowMatching(
      (e: unknown) => e instanceof ConfigError && e.option === 'initial',
    );
    expect(() =>
      monotonicStatus(JOB, undefined, { unconfirmedSources: ['carrier-pigeon' as EventSource] }),
    ).toThrowMatching(
      (e: unknown) => e instanceof ConfigError && e.option === 'unconfirmedSources',
    );
  });
});
