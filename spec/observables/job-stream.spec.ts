import * as E from 'fp-ts/lib/Either.js';
import { Observable, defer, filter, finalize, map, of } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
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
import type { JobMetrics } from '../../src/codecs/metrics.js';
import type { ConnectionEvent, JobEvent } from '../../src/events/job-event.js';
import type { JobApi } from '../../src/observables/job-client.js';
import { job$ } from '../../src/observables/job-stream.js';
import type { JobStreamOptions } from '../../src/observables/job-stream.js';
import { PollScheduler } from '../../src/observables/scheduler/poll-scheduler.js';
import { deadline } from '../../src/operators/deadline.js';

type Cold<T> = Observable<T> & { subscriptions: unknown[] };

/** Job details by letter: q queued, r running, d completed, f failed, c cancelled, t ran too long, u unknown. */
const details: Record<string, JobDetails> = {
  q: { state: { status: 'Queued' } },
  r: { state: { status: 'Running' } },
  d: { state: { status: 'Completed' } },
  f: { state: { status: 'Failed', reason: 'qubit on fire', reason_code: 1517 } },
  c: { state: { status: 'Cancelled', reason: 'by user' } },
  t: { state: { status: 'Cancelled', reason: 'RAN TOO LONG', reason_code: 1305 } },
  u: { state: { status: 'Teleporting' } },
};

/** Legacy job-status socket frames: a authenticated, then statuses. */
const frames: Record<string, string> = {
  a: '{"type":"authenticated"}',
  Q: '{"type":"job-status","data":{"status":"QUEUED","infoQueue":{"position":2}}}',
  R: '{"type":"job-status","data":{"status":"RUNNING"}}',
  D: '{"type":"job-status","data":{"status":"COMPLETED"}}',
  k: '{"type":"ack"}',
  1: '{"n":1}',
  2: '{"n":2}',
};

/** Results are `{"n": <number>}` in these specs. */
const decodeN = (text: string): E.Either<DecodeError, number> => {
  const n = (JSON.parse(text) as { n?: unknown }).n;
  return typeof n === 'number' ? E.right(n) : E.left(new DecodeError('n', 'number', n));
};

interface Script {
  details?: Cold<JobDetails>[];
  status?: Cold<string>[];
  stream?: Cold<string>[];
  results?: Cold<string>[];
  metrics?: Cold<JobMetrics>[];
  logs?: Cold<string>[];
}

/** A JobApi handing out the scripted cold observables, one per call, counting calls. */
function fakeApi(script: Script): JobApi & { calls: Record<string, number>; sent: string[] } {
  const calls: Record<string, number> = {};
  const sent: string[] = [];
  const next = <T>(name: keyof Script): Observable<T> =>
    defer(() => {
      const list = (script[name] ?? []) as Cold<T>[];
      const i = (calls[name] = (calls[name] ?? 0) + 1) - 1;
      const o = list[i];
      if (o === undefined) throw new Error(`unexpected ${name} call #${i + 1}`);
      return o;
    });
  return {
    calls,
    sent,
    pollScheduler: undefined,
    details: () => next('details'),
    results: () => next('results'),
    metrics: () => next('metrics'),
    logs: () => next('logs'),
    token: () => of('tok'),
    statusSocket: (_id, input$) =>
      defer(() => {
        input$.subscribe((f) => sent.push(f));
        return next<string>('status');
      }),
    resultStream: () => next('stream'),
  };
}

/**
 * One character per event: statuses by initial (Q R D E C), ? unknown, p progress, i interim,
 * r result, m metrics, l logs, and connection states o open, x closed, w reconnecting,
 * f fallback, z idle. `skip` drops event kinds (default: progress).
 */
function letters<R>(events$: Observable<JobEvent<R>>, skip = 'p'): Observable<string> {
  return events$.pipe(
    map((e) => {
      switch (e.type) {
        case 'status':
          return e.status[0]!;
        case 'unknownStatus':
          return '?';
        case 'progress':
          return 'p';
        case 'interim':
          return 'i';
        case 'result':
          return 'r';
        case 'metrics':
          return 'm';
        case 'logs':
          return 'l';
        case 'connection':
          return { open: 'o', closed: 'x', reconnecting: 'w', fallback: 'f', idle: 'z' }[e.state];
      }
    }),
    (source) =>
      new Observable<string>((subscriber) =>
        source.subscribe({
          next: (c) => {
            if (!skip.includes(c)) subscriber.next(c);
          },
          error: (err: unknown) => subscriber.error(err),
          complete: () => subscriber.complete(),
        }),
      ),
  );
}

function newScheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}

const POLL = { queuedMs: 100, runningMs: 50, floorMs: 1, relaxedMs: 1000 };

function options(extra: JobStreamOptions<number> = {}): JobStreamOptions<number> {
  return { poll: POLL, resultDecoder: decodeN, retry: { jitter: 0 }, ...extra };
}

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
      // q at 1, q at 102, r at 203, d at 254, result at 256.
      expectObservable(letters(events$)).toBe('-Q 201ms R 50ms D-(r|)');
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
      // R from the poll at 0. D pushed at 5: held (the socket closes: x), poll at once (5..7)
      // says R, still held; the next poll (running pace, 50 ms) at 57..59 says D: D, result.
      expectObservable(letters(events$)).toBe('Ro---x 53ms (Dr|)');
      expectSubscriptions(polls[1]!.subscriptions as never).toBe('-----^-!');
      expectSubscriptions(polls[2]!.subscriptions as never).toBe('57ms ^-!');
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
      // Both sockets fail at once (f f); polling runs at its normal pace: q at 4, d at 105.
      expectObservable(letters(job$(api, 'job1', options()))).toBe('(ff)Q 100ms (Dr|)');
    });
  });

  it('emits interim results from the result stream and confirms its close with a poll', () => {
    newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const polls = [cold('(r|)', details), cold('(d|)', details)];
      const api = fakeApi({
        details: polls,
        stream: [cold('-k12|', frames)],
        results: [cold('(n|)', { n: '{"n":2}' })],
      });
      expectObservable(letters(job$(api, 'job1', options({ websocket: 'stream' })))).toBe(
        'Roii(xDr|)',
      );
      // The stream's normal close at 4 triggers the poll at once, not at 50.
      expectSubscriptions(polls[1]!.subscriptions as never).toBe('----(^!)');
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
      const events$ = job$(api, 'job1', options({ websocket: 'stream' }));
      // Interim 1 arrives; the broken frame at 3 ends the stream (no reconnect, no 2); polling
      // carries on and the final result is read over HTTP.
      expectObservable(letters(events$)).toBe('Roif 46ms (Dr|)');
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

  it('retries failed polls with backoff (500, 1000 ms) and after Retry-After', () => {
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
      expectObservable(letters(job$(api, 'job1', options({ websocket: false })))).toBe(
        '1500ms Q 3099ms (Dr|)',
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

  it('shares one set of sources between subscribers and replays the current state to late ones', () => {
    newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const polls = [
        cold('(q|)', details),
        cold('(r|)', details),
        cold('(r|)', details),
        cold('(d|)', details),
      ];
      const api = fakeApi({ details: polls, results: [cold('(n|)', { n: '{"n":4}' })] });
      const events$ = job$(api, 'job1', options({ websocket: false }));
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
      const events$ = job$(api, 'job1', options({ websocket: false }));
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
      const events$ = job$(api, 'job1', options({ websocket: 'status' }));
      expectObservable(letters(events$), '^ 10ms !').toBe('Qo');
      expectObservable(letters(events$), '5ms ^ 10ms !').toBe('5ms (Qo)');
      expectSubscriptions(socket.subscriptions as never).toBe('^ 15ms !');
      // A new subscription after everyone left opens new sources.
      expectObservable(letters(events$), '20ms ^ 5ms !').toBe('20ms Qo');
      expectSubscriptions(polls[1]!.subscriptions as never).toBe('20ms (^!)');
    });
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
