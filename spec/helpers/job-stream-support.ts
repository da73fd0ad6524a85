/**
 * A fake JobApi for marble specs of job streams (scripted cold observables per request and
 * socket, calls counted), the job details and socket frames they use, and `letters`, which
 * turns a job event stream into one character per event.
 */
import * as E from 'fp-ts/lib/Either.js';
import { Observable, defer, map, of } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { DecodeError } from '../../src/codecs/errors.js';
import type { JobDetails } from '../../src/codecs/job.js';
import type { JobMetrics } from '../../src/codecs/metrics.js';
import type { JobEvent } from '../../src/events/job-event.js';
import type { JobApi } from '../../src/observables/job-client.js';
import type { JobStreamOptions } from '../../src/observables/job-stream.js';

export type Cold<T> = Observable<T> & { subscriptions: unknown[] };

/** Job details by letter: q queued, r running, d completed, f failed, c cancelled, t ran too long, u unknown. */
export const details: Record<string, JobDetails> = {
  q: { state: { status: 'Queued' } },
  r: { state: { status: 'Running' } },
  d: { state: { status: 'Completed' } },
  f: { state: { status: 'Failed', reason: 'qubit on fire', reason_code: 1517 } },
  c: { state: { status: 'Cancelled', reason: 'by user' } },
  t: { state: { status: 'Cancelled', reason: 'RAN TOO LONG', reason_code: 1305 } },
  u: { state: { status: 'Teleporting' } },
};

/** Legacy job-status socket frames: a authenticated, then statuses. */
export const frames: Record<string, string> = {
  a: '{"type":"authenticated"}',
  Q: '{"type":"job-status","data":{"status":"QUEUED","infoQueue":{"position":2}}}',
  R: '{"type":"job-status","data":{"status":"RUNNING"}}',
  D: '{"type":"job-status","data":{"status":"COMPLETED"}}',
  k: '{"type":"ack"}',
  1: '{"n":1}',
  2: '{"n":2}',
};

/** Results are `{"n": <number>}` in these specs. */
export const decodeN = (text: string): E.Either<DecodeError, number> => {
  const n = (JSON.parse(text) as { n?: unknown }).n;
  return typeof n === 'number' ? E.right(n) : E.left(new DecodeError('n', 'number', n));
};

export interface Script {
  details?: Cold<JobDetails>[];
  status?: Cold<string>[];
  stream?: Cold<string>[];
  results?: Cold<string>[];
  metrics?: Cold<JobMetrics>[];
  logs?: Cold<string>[];
}

/** A JobApi handing out the scripted cold observables, one per call, counting calls. */
export function fakeApi(
  script: Script,
): JobApi & { calls: Record<string, number>; sent: string[] } {
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
export function letters<R>(events$: Observable<JobEvent<R>>, skip = 'p'): Observable<string> {
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

export function newScheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}

export const POLL = { queuedMs: 100, runningMs: 50, floorMs: 1, relaxedMs: 1000 };

export function options(extra: JobStreamOptions<number> = {}): JobStreamOptions<number> {
  return { poll: POLL, resultDecoder: decodeN, retry: { jitter: 0 }, ...extra };
}
