/**
 * `shareWithLatest`, how a `RuntimeJob` shares its one `job$`: one set of sources however many
 * subscribers, the job's current state replayed to late ones, everything stopped on the last
 * unsubscribe and started afresh after (marbles, over a fake client).
 */
import { defer, map, of } from 'rxjs';
import { job$ } from '../../src/observables/job-stream.js';
import { recordLatest, replayOf, shareWithLatest } from '../../src/service/job-events.js';
import { progressEvent, connectionEvent } from '../../src/events/job-event.js';
import {
  details,
  fakeApi,
  frames,
  letters,
  newScheduler,
  options,
} from '../helpers/job-stream-support.js';

describe('shareWithLatest', () => {
  it('shares one job$ between subscribers and replays the current state to late ones', () => {
    newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const polls = [
        cold('(q|)', details),
        cold('(r|)', details),
        cold('(r|)', details),
        cold('(d|)', details),
      ];
      const api = fakeApi({ details: polls, results: [cold('(n|)', { n: '{"n":4}' })] });
      const events$ = shareWithLatest(job$(api, 'job1', options({ websocket: false })));
      // Q at 0, R at 100 (the poll at 150 repeats R: nothing), D at 200.
      expectObservable(letters(events$, '')).toBe('(Qp) 96ms (Rp) 96ms (Dr|)');
      // Joins at 120: gets the current status and the progress so far at once.
      expectObservable(letters(events$, ''), '120ms ^').toBe('120ms (Rp) 76ms (Dr|)');
      expectSubscriptions(polls[0]!.subscriptions as never).toBe('(^!)');
      expectSubscriptions(polls[1]!.subscriptions as never).toBe('100ms (^!)');
    });
  });

  it('gives a subscriber that joins while an event is being delivered that event once', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const polls = [cold('(q|)', details), cold('(r|)', details), cold('(d|)', details)];
      const api = fakeApi({ details: polls, results: [cold('(n|)', { n: '{"n":4}' })] });
      const events$ = shareWithLatest(job$(api, 'job1', options({ websocket: false })));
      const joined: string[] = [];
      let joinedOnce = false;
      // The first subscriber subscribes a second one from inside the RUNNING event.
      const first$ = events$.pipe(
        map((e) => {
          if (e.type === 'status' && e.status === 'RUNNING' && !joinedOnce) {
            joinedOnce = true;
            letters(events$, '').subscribe((l) => joined.push(l));
          }
          return e;
        }),
      );
      expectObservable(letters(first$, '')).toBe('(Qp) 96ms (Rp) 46ms (Dr|)');
      // Replay of the current state (R and the progress so far), then only what came after it:
      // the new poll pace that followed R, then D and the result. R itself arrives once.
      expectObservable(
        defer(() => of(joined.join(''))),
        '300ms ^',
      ).toBe('300ms (x|)', {
        x: 'RppDr',
      });
    });
  });

  it('stops every request, timer and socket on the last unsubscribe, and starts afresh after', () => {
    newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const socket = cold('-aQ', frames);
      const polls = [cold('(q|)', details), cold('(q|)', details)];
      const api = fakeApi({ details: polls, status: [socket, cold('-a', frames)] });
      const events$ = shareWithLatest(job$(api, 'job1', options({ websocket: 'status' })));
      expectObservable(letters(events$), '^ 10ms !').toBe('Qo');
      expectObservable(letters(events$), '5ms ^ 10ms !').toBe('5ms (Qo)');
      expectSubscriptions(socket.subscriptions as never).toBe('^ 15ms !');
      // A new subscription after everyone left opens new sources.
      expectObservable(letters(events$), '20ms ^ 5ms !').toBe('20ms Qo');
      expectSubscriptions(polls[1]!.subscriptions as never).toBe('20ms (^!)');
    });
  });

  it('keeps the latest of each kind and merges the progress so far', () => {
    const t = new Date(0);
    let latest = recordLatest<number>({}, progressEvent({ jobId: 'j', time: t, queuePosition: 3 }));
    latest = recordLatest(latest, progressEvent({ jobId: 'j', time: t, pollIntervalMs: 100 }));
    latest = recordLatest(
      latest,
      connectionEvent({ jobId: 'j', time: t, channel: 'websocket', state: 'idle' }),
    );
    const open = connectionEvent({ jobId: 'j', time: t, channel: 'websocket', state: 'open' });
    latest = recordLatest(latest, open);
    expect(replayOf(latest)).toEqual([
      progressEvent({ jobId: 'j', time: t, queuePosition: 3, pollIntervalMs: 100 }),
      open,
    ]);
    const unchanged = recordLatest(latest, {
      type: 'interim',
      jobId: 'j',
      time: t,
      index: 0,
      value: 1,
    });
    expect(unchanged).toBe(latest);
  });
});
