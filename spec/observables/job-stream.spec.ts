import { filter, finalize, map, share } from 'rxjs';
import {
  ConfigError,
  DecodeError,
  IBMApiError,
  NetworkError,
  RuntimeJobCancelledError,
  RuntimeJobFailureError,
  RuntimeJobMaxTimeoutError,
  RuntimeJobNotFoundError,
  RuntimeJobTimeoutError,
  WebSocketClosedError,
} from '../../src/codecs/errors.js';
import type { JobDetails } from '../../src/codecs/job.js';
import type { ConnectionEvent } from '../../src/events/job-event.js';
import { pollSchedulerOf } from '../../src/observables/job-client.js';
import { job$ } from '../../src/observables/job-stream.js';
import { PollScheduler } from '../../src/observables/scheduler/poll-scheduler.js';
import { deadline } from '../../src/operators/deadline.js';
import {
  details,
  fakeApi,
  frames,
  letters,
  newScheduler,
  options,
  POLL,
} from '../helpers/job-stream-support.js';
import type { Cold } from '../helpers/job-stream-support.js';

describe('job$ (marbles, fake client)', () => {
  it('polls alone: each transition once, in order, then the decoded result', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const api = fakeApi({
        details: [
          cold('-(q|)', details),
          cold('-(q|)', details),
          cold('-(r|)', details),
          cold('-(d|)', details),
        ],
        results: [cold('--(n|)', { n: '{"n":7}' })],
      });
      const events$ = job$(api, 'job1', options({ websocket: false }));
      // Each read is due an interval after the previous one was sent: q at 1, q at 101, r at
      // 201, d at 251, result at 253.
      expectObservable(letters(events$)).toBe('-Q 199ms R 49ms D-(r|)');
    });
  });

  it('reports the poll pace as progress events when it changes', () => {
    const seen: number[] = [];
    newScheduler().run(({ cold, expectObservable }) => {
      const api = fakeApi({
        details: [cold('(q|)', details), cold('(r|)', details), cold('(d|)', details)],
        results: [cold('(n|)', { n: '{"n":1}' })],
      });
      const events$ = job$(api, 'job1', options({ websocket: false })).pipe(
        map((e) => {
          if (e.type === 'progress' && e.pollIntervalMs !== undefined) seen.push(e.pollIntervalMs);
          return e;
        }),
      );
      expectObservable(letters(events$, '')).toBe('(Qp) 96ms (Rp) 46ms (Dr|)');
    });
    expect(seen).toEqual([100, 50]);
  });

  it('merges websocket and poll: disagreement, duplicates and out-of-order statuses never go backwards', () => {
    const statuses: string[] = [];
    newScheduler().run(({ cold, expectObservable }) => {
      const api = fakeApi({
        // The poll lags behind the pushes: Q after the socket said R, R after it said R again.
        details: [cold('-----(q|)', details), cold('(d|)', details)],
        status: [cold('-aQRRQ-----D', frames)],
        stream: [cold<string>('#', undefined, new NetworkError('no stream'))],
        results: [cold('(n|)', { n: '{"n":3}' })],
      });
      const events$ = job$(api, 'job1', options({ websocket: 'both' })).pipe(
        map((e) => {
          if (e.type === 'status') statuses.push(`${e.previous ?? '-'}>${e.status}@${e.source}`);
          return e;
        }),
      );
      // f: the result stream fails fast (no such endpoint). The socket opens at 1 (o), pushes
      // Q at 2, R at 3, R and Q again (ignored). The poll's Q at 5 is stale. D pushed at 11 is
      // held (the socket then closes: x); the confirming poll at 11 agrees at once: D, then the
      // result.
      expectObservable(letters(events$)).toBe('foQR-------(xDr|)');
    });
    expect(statuses).toEqual([
      '->QUEUED@websocket',
      'QUEUED>RUNNING@websocket',
      'RUNNING>DONE@poll',
    ]);
  });

  it('holds a pushed final status until ONE poll confirms it, then completes', () => {
    let api: ReturnType<typeof fakeApi> | undefined;
    newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const polls = [cold('(r|)', details), cold('--(r|)', details), cold('--(d|)', details)];
      api = fakeApi({
        details: polls,
        status: [cold('-aR--D', frames)],
        results: [cold('(n|)', { n: '{"n":3}' })],
      });
      const events$ = job$(api, 'job1', options({ websocket: 'status' }));
      // R from the poll at 0. D pushed at 5: held (the socket closes: x), read at once (5..7)
      // says R, still held; the next read (running pace, 50 ms after the last was sent) at
      // 55..57 says D: D, result.
      expectObservable(letters(events$)).toBe('Ro---x 51ms (Dr|)');
      expectSubscriptions(polls[1]!.subscriptions as never).toBe('-----^-!');
      expectSubscriptions(polls[2]!.subscriptions as never).toBe('55ms ^-!');
    });
    // The first poll, the one made at once for the push, and the one that agreed.
    expect(api!.calls['details']).toBe(3);
    expect(api!.sent).toEqual(['{"type":"authentication","data":"tok"}']);
  });

  it('lets polling carry the stream without a gap while the websocket reconnects', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const drop = new WebSocketClosedError(1006, 'abnormal');
      const api = fakeApi({
        details: [
          cold('(q|)', details),
          cold('(r|)', details),
          cold('(r|)', details),
          cold('(r|)', details),
          cold('(r|)', details),
          cold('(d|)', details),
        ],
        status: [cold('-aQ--#', frames, drop), cold('-aR', frames)],
        results: [cold('(n|)', { n: '{"n":9}' })],
      });
      const events$ = job$(
        api,
        'job1',
        options({ websocket: 'status', poll: { ...POLL, runningMs: 200 } }),
      );
      // Q polled at 0, socket open at 1 (polling relaxes to 1000 ms). Drop at 5: reconnecting,
      // and a poll at once says R; polling carries at the running pace (205, 405, 605). The
      // socket reconnects at 505 and is open at 506 (its R is a duplicate); polling relaxes
      // again: after 605 the next poll is at 1605 and says D.
      expectObservable(letters(events$)).toBe('Qo---(wR) 497ms o 1098ms (Dr|)');
    });
  });

  it('falls back to polling at once on a service without websockets, without an error', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const refused = new NetworkError('Unexpected server response: 404');
      const api = fakeApi({
        details: [cold('----(q|)', details), cold('-(d|)', details)],
        status: [cold<string>('#', undefined, refused)],
        stream: [cold<string>('#', undefined, refused)],
        results: [cold('(n|)', { n: '{"n":1}' })],
      });
      // Both sockets fail at once (f f); polling runs at its normal pace: q at 4, d at 101.
      expectObservable(letters(job$(api, 'job1', options()))).toBe('(ff)Q 96ms (Dr|)');
    });
  });

  it('emits interim results from the result stream, not the final result it ends with, and confirms its close with a poll', () => {
    newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const polls = [cold('(r|)', details), cold('(d|)', details)];
      const api = fakeApi({
        details: polls,
        stream: [cold('-k12|', frames)],
        results: [cold('(n|)', { n: '{"n":2}' })],
      });
      // Frame 1 is an interim result (emitted when frame 2 arrives); frame 2, which the normal
      // close follows at once, is the final result: the job ends DONE, so it is the result
      // event, not a second interim one.
      expectObservable(letters(job$(api, 'job1', options({ websocket: 'stream' })))).toBe(
        'Ro-i(xDr|)',
      );
      // The stream's normal close at 4 triggers the poll at once, not at 50.
      expectSubscriptions(polls[1]!.subscriptions as never).toBe('----(^!)');
    });
  });

  it('emits the last frame of a job that failed before its ERROR status, and that status before the error', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const polls = [cold('(r|)', details), cold('(f|)', details)];
      const api = fakeApi({ details: polls, stream: [cold('-k12|', frames)] });
      // Frames 1 and 2 are interim results; the close at 4 is confirmed by a read: Failed. The
      // last frame goes before the ERROR status, which the stream's typed error follows.
      expectObservable(letters(job$(api, 'job1', options({ websocket: 'stream' })))).toBe(
        'Ro-i(xiE#)',
        undefined,
        new RuntimeJobFailureError('job1', 'qubit on fire', 1517),
      );
    });
  });

  it('gives up the result stream over an interim result it cannot read, and still ends with the result', () => {
    newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const polls = [cold('(r|)', details), cold('(d|)', details)];
      const stream = cold('-k1b2|', { ...frames, b: '{"n":"broken"}' });
      const api = fakeApi({
        details: polls,
        stream: [stream],
        results: [cold('(n|)', { n: '{"n":2}' })],
      });
      const events$ = job$(api, 'job1', options({ websocket: 'stream' })).pipe(share());
      // Interim 1 arrives at 2 and is emitted when the broken frame comes at 3, which ends the
      // stream (no reconnect, no 2); polling carries on and the final result is read over HTTP.
      expectObservable(letters(events$)).toBe('Ro-(if) 43ms (Dr|)');
      expectSubscriptions(stream.subscriptions as never).toBe('^--!');
      const fallback = events$.pipe(
        filter((e): e is ConnectionEvent => e.type === 'connection' && e.state === 'fallback'),
        map((e) => [e.error instanceof DecodeError, (e.error as DecodeError).path, e.detail]),
      );
      expectObservable(fallback).toBe('---f 46ms |', {
        f: [
          true,
          'n',
          'result stream unavailable (n: expected number, got "broken"); no interim results',
        ],
      });
    });
  });

  it("retries failed reads on the poll scheduler's backoff (1 s, 2 s) and after Retry-After", () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const api = fakeApi({
        details: [
          cold<JobDetails>('#', undefined, new IBMApiError({ status: 503, message: 'busy' })),
          cold<JobDetails>('#', undefined, new NetworkError('reset')),
          cold('(q|)', details),
          cold<JobDetails>(
            '#',
            undefined,
            new IBMApiError({ status: 429, message: 'slow', retryAfterSeconds: 3 }),
          ),
          cold('(d|)', details),
        ],
        results: [cold('(n|)', { n: '{"n":1}' })],
      });
      // 503 at 0, network error at 1000, q at 3000; the 429 at 3100 pauses reads until 6100.
      expectObservable(letters(job$(api, 'job1', options({ websocket: false })))).toBe(
        '3000ms Q 3099ms (Dr|)',
      );
    });
  });

  it('fails with the typed error of a failed job, after the status event', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const api = fakeApi({ details: [cold('(q|)', details), cold('(f|)', details)] });
      expectObservable(letters(job$(api, 'job1', options({ websocket: false })))).toBe(
        'Q 99ms (E#)',
        undefined,
        new RuntimeJobFailureError('job1', 'qubit on fire', 1517),
      );
    });
  });

  it('fails with RuntimeJobCancelledError and RuntimeJobMaxTimeoutError, or completes with completeOnFailure', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const cancelled = fakeApi({ details: [cold('(c|)', details)] });
      expectObservable(letters(job$(cancelled, 'jc', options({ websocket: false })))).toBe(
        '(C#)',
        undefined,
        new RuntimeJobCancelledError('jc', 'by user'),
      );
      const tooLong = fakeApi({ details: [cold('(t|)', details)] });
      expectObservable(letters(job$(tooLong, 'jt', options({ websocket: false })))).toBe(
        '(E#)',
        undefined,
        new RuntimeJobMaxTimeoutError('jt', 'RAN TOO LONG'),
      );
      const quiet = fakeApi({ details: [cold('(f|)', details)] });
      expectObservable(
        letters(job$(quiet, 'jq', options({ websocket: false, completeOnFailure: true }))),
      ).toBe('(E|)');
    });
  });

  it('fails with RuntimeJobNotFoundError for an unknown job', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const missing = new IBMApiError({ status: 404, message: 'Job not found' });
      const api = fakeApi({ details: [cold<JobDetails>('-#', undefined, missing)] });
      expectObservable(letters(job$(api, 'nope', options({ websocket: false })))).toBe(
        '-#',
        undefined,
        new RuntimeJobNotFoundError('nope', { cause: missing }),
      );
    });
  });

  it('emits an unknown server status as data and keeps going', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const api = fakeApi({
        details: [
          cold('(q|)', details),
          cold('(u|)', details),
          cold('(u|)', details),
          cold('(d|)', details),
        ],
        results: [cold('(n|)', { n: '{"n":1}' })],
      });
      expectObservable(letters(job$(api, 'job1', options({ websocket: false })))).toBe(
        'Q 99ms ? 199ms (Dr|)',
      );
    });
  });

  it('emits metrics and logs once final when asked', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const api = fakeApi({
        details: [cold('(d|)', details)],
        results: [cold('-(n|)', { n: '{"n":1}' })],
        metrics: [cold('-(m|)', { m: { usage: { quantum_seconds: 1 } } })],
        logs: [cold('-(l|)', { l: 'ran fine' })],
      });
      expectObservable(
        letters(job$(api, 'job1', options({ websocket: false, metrics: true, logs: true }))),
      ).toBe('Drm(l|)');
    });
  });

  it('reads the result again while the service answers 404 for a while after Completed', () => {
    let api: ReturnType<typeof fakeApi> | undefined;
    newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const notYet = new IBMApiError({ status: 404, message: 'Job not found' });
      const missing = cold<string>('-#', undefined, notYet);
      const served = cold('-(n|)', { n: '{"n":5}' });
      api = fakeApi({
        details: [cold('(r|)', details), cold('(d|)', details)],
        results: [missing, missing, served],
      });
      // D read at 50; the result read at 50 and 301 is answered 404, the one at 802 serves it.
      expectObservable(letters(job$(api, 'job1', options({ websocket: false })))).toBe(
        'R 49ms D 752ms (r|)',
      );
      expectSubscriptions(missing.subscriptions as never).toBe(['50ms ^!', '301ms ^!']);
      expectSubscriptions(served.subscriptions as never).toBe('802ms ^!');
    });
    expect(api!.calls['results']).toBe(3);
  });

  it('fails with the 404 itself when the result is still missing once resultRetry.windowMs is over', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const notYet = new IBMApiError({ status: 404, message: 'Job not found' });
      const missing = cold<string>('-#', undefined, notYet);
      const api = fakeApi({
        details: [cold('(d|)', details)],
        results: [missing, missing, missing],
      });
      const events$ = job$(
        api,
        'job1',
        options({ websocket: false, resultRetry: { windowMs: 600 } }),
      );
      // Reads at 0 and 251; a third would start at 752, past 600: the second's 404, at 252.
      expectObservable(letters(events$)).toBe('D 251ms #', undefined, notYet);
    });
  });

  it('fails with the DecodeError of a result that does not decode', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const api = fakeApi({
        details: [cold('(d|)', details)],
        results: [cold('(n|)', { n: '{"n":"x"}' })],
      });
      expectObservable(letters(job$(api, 'job1', options({ websocket: false })))).toBe(
        '(D#)',
        undefined,
        new DecodeError('n', 'number', 'x'),
      );
    });
  });

  it('fails with RuntimeJobTimeoutError when a deadline passes across a source switch, closing every source', () => {
    newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const drop = new WebSocketClosedError(1006, '');
      const socket = cold('-aQ----#', frames, drop);
      const polls = [cold('(q|)', details), cold('(q|)', details), cold('(q|)', details)];
      const api = fakeApi({ details: polls, status: [socket] });
      const events$ = job$(api, 'job1', options({ websocket: 'status' })).pipe(
        deadline(150, { jobId: 'job1' }),
      );
      // Socket open at 1, drops at 7: polling carries (poll at 7 and 107); deadline at 150.
      expectObservable(letters(events$)).toBe(
        'Qo-----w 142ms #',
        undefined,
        new RuntimeJobTimeoutError('job1', 150),
      );
      expectSubscriptions(socket.subscriptions as never).toBe('^------!');
      // The reconnect waits 500 ms: the deadline came first, nothing is left subscribed.
      expectSubscriptions(polls[2]!.subscriptions as never).toBe('107ms (^!)');
    });
  });

  it('cancels the request in flight when unsubscribed (its teardown runs)', () => {
    let tornDown = 0;
    newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const slow = cold('50ms (q|)', details);
      const api = fakeApi({
        details: [slow.pipe(finalize(() => (tornDown += 1))) as Cold<JobDetails>],
      });
      expectObservable(letters(job$(api, 'job1', options({ websocket: false }))), '^ 20ms !').toBe(
        '',
      );
      expectSubscriptions(slow.subscriptions as never).toBe('^ 20ms !');
    });
    expect(tornDown).toBe(1);
  });

  it("is cold: each subscription is its own stream, and the client's poll scheduler reads the job for both", () => {
    newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const polls = [
        cold('(q|)', details),
        cold('(r|)', details),
        cold('(r|)', details),
        cold('(d|)', details),
      ];
      const api = fakeApi({
        details: polls,
        results: [cold('(n|)', { n: '{"n":4}' }), cold('(n|)', { n: '{"n":4}' })],
      });
      const events$ = job$(api, 'job1', options({ websocket: false }));
      // Reads at 0 (q) and 100 (r); the second stream joins at 120 and the job is read for it
      // at once (r: news to it only); the next read, 50 ms later at 170, says d to both, and
      // each stream downloads its result.
      expectObservable(letters(events$, '')).toBe('(Qp) 96ms (Rp) 66ms (Dr|)');
      expectObservable(letters(events$, ''), '120ms ^').toBe('120ms (Rp) 46ms (Dr|)');
      expectSubscriptions(polls[2]!.subscriptions as never).toBe('120ms (^!)');
    });
  });

  it('opens its own sockets per subscription and closes them, and its watch, on unsubscribe', () => {
    let api: ReturnType<typeof fakeApi> | undefined;
    newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const sockets = [cold('-aQ', frames), cold('-aQ', frames), cold('-a', frames)];
      const polls = [cold('(q|)', details), cold('(q|)', details), cold('(q|)', details)];
      api = fakeApi({ details: polls, status: sockets });
      const events$ = job$(api, 'job1', options({ websocket: 'status' }));
      expectObservable(letters(events$), '^ 10ms !').toBe('Qo');
      // Joins at 5: the job is read for it at once, its own socket opens at 6.
      expectObservable(letters(events$), '5ms ^ 10ms !').toBe('5ms Qo');
      expectSubscriptions(sockets[0]!.subscriptions as never).toBe('^ 10ms !');
      expectSubscriptions(sockets[1]!.subscriptions as never).toBe('5ms ^ 10ms !');
      // A new subscription after everyone left starts afresh.
      expectObservable(letters(events$), '20ms ^ 5ms !').toBe('20ms Qo');
      expectSubscriptions(polls[2]!.subscriptions as never).toBe('20ms (^!)');
    });
    expect(api!.calls['status']).toBe(3);
    expect(pollSchedulerOf(api!).stats.watchers).toBe(0);
  });

  it('reports silence as an idle connection event and polls at once', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const api = fakeApi({
        details: [cold('(q|)', details), cold('(q|)', details), cold('(d|)', details)],
        results: [cold('(n|)', { n: '{"n":1}' })],
      });
      const events$ = job$(
        api,
        'job1',
        options({ websocket: false, idleTimeoutMs: 30, poll: { ...POLL, queuedMs: 1000 } }),
      );
      // Q at 0; nothing for 30 ms: idle, poll at once (q, no event); idle again at 60, poll: d.
      expectObservable(letters(events$)).toBe('Q 29ms z 29ms (zDr|)');
    });
  });

  it("polls through the client's shared PollScheduler when it has one", () => {
    let api: ReturnType<typeof fakeApi> | undefined;
    let scheduler: PollScheduler | undefined;
    newScheduler().run(({ cold, expectObservable }) => {
      const reads = [cold('(q|)', details), cold('(r|)', details), cold('(d|)', details)];
      let i = 0;
      scheduler = new PollScheduler(
        {
          fetchJob: () => reads[i++]!,
          fetchPendingPage: () => {
            throw new Error('no pages');
          },
        },
        {
          requestsPerSecond: 1000,
          batch: false,
          intervals: { initialMs: 10, queuedMs: 100, runningMs: 50, floorMs: 1 },
        },
      );
      api = { ...fakeApi({ results: [cold('(n|)', { n: '{"n":5}' })] }), pollScheduler: scheduler };
      expectObservable(letters(job$(api, 'job1', options({ websocket: false })))).toBe(
        'Q 99ms R 49ms (Dr|)',
      );
    });
    // Every read went through the scheduler, none through the stream's own poll loop.
    expect(api!.calls['details']).toBeUndefined();
    expect(scheduler!.stats.jobRequests).toBe(3);
    expect(scheduler!.stats.watchers).toBe(0);
  });

  it('starts after a known initial status, and completes at once from a final one', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const api = fakeApi({
        details: [cold('(q|)', details), cold('(d|)', details)],
        results: [cold('(n|)', { n: '{"n":1}' })],
      });
      expectObservable(
        letters(job$(api, 'job1', options({ websocket: false, initialStatus: 'QUEUED' }))),
      ).toBe('100ms (Dr|)');
      const idle = fakeApi({});
      expectObservable(
        letters(job$(idle, 'job2', options({ websocket: 'both', initialStatus: 'DONE' }))),
      ).toBe('|');
    });
  });

  it('rejects bad arguments with a ConfigError naming them', () => {
    const api = fakeApi({});
    expect(() => job$(api, '')).toThrowMatching(
      (e) => e instanceof ConfigError && e.option === 'jobId',
    );
    expect(() => job$(api, 'j', { websocket: 'sometimes' as never })).toThrowMatching(
      (e) => e instanceof ConfigError && e.option === 'websocket',
    );
    expect(() => job$(api, 'j', { poll: { floorMs: -5 } })).toThrowMatching(
      (e) => e instanceof ConfigError && e.option === 'poll.floorMs',
    );
    expect(() => job$(api, 'j', { idleTimeoutMs: 0 })).toThrowError(ConfigError);
    expect(() => job$(api, 'j', { fetchResult: 'yes' as never })).toThrowMatching(
      (e) => e instanceof ConfigError && e.option === 'fetchResult',
    );
    expect(() => job$({} as never, 'j')).toThrowError(ConfigError);
  });
});
