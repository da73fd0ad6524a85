/**
 * What the streams that watch one job share: job$ streams are cold (each opens its own
 * sockets), and through the client's PollScheduler a job is read once for every stream and
 * set that watches it.
 */
import { defer, of } from 'rxjs';
import type { Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import type { JobDetails } from '../../src/codecs/job.js';
import type { JobEvent } from '../../src/events/job-event.js';
import type { JobApi } from '../../src/observables/job-client.js';
import { statusFetcherOf } from '../../src/observables/job-client.js';
import { jobSet$ } from '../../src/observables/job-set.js';
import { job$ } from '../../src/observables/job-stream.js';
import { PollScheduler } from '../../src/observables/scheduler/poll-scheduler.js';
import { FakeRuntime } from './job-set-fake-runtime.js';

type Cold<T> = Observable<T> & { subscriptions: unknown[] };

const details: Record<string, JobDetails> = {
  q: { state: { status: 'Queued' } },
  r: { state: { status: 'Running' } },
  d: { state: { status: 'Completed' } },
};

const frames: Record<string, string> = {
  a: '{"type":"authenticated"}',
  Q: '{"type":"job-status","data":{"status":"QUEUED"}}',
  R: '{"type":"job-status","data":{"status":"RUNNING"}}',
  D: '{"type":"job-status","data":{"status":"COMPLETED"}}',
  k: '{"type":"ack"}',
};

interface Counting extends JobApi {
  readonly calls: Record<string, number>;
}

/** A JobApi whose every call takes the next scripted cold observable, counting calls. */
function countingApi(script: Record<string, Cold<unknown>[]>): Counting {
  const calls: Record<string, number> = {};
  const next = <T>(name: string): Observable<T> =>
    defer(() => {
      const i = (calls[name] = (calls[name] ?? 0) + 1) - 1;
      const o = script[name]?.[i];
      if (o === undefined) throw new Error(`unexpected ${name} call #${i + 1}`);
      return o as Observable<T>;
    });
  return {
    calls,
    pollScheduler: undefined,
    details: () => next('details'),
    results: () => next('results'),
    metrics: () => next('metrics'),
    logs: () => next('logs'),
    token: () => of('tok'),
    statusSocket: () => next('status'),
    resultStream: () => next('stream'),
  };
}

function statuses(events: readonly JobEvent<unknown>[]): string[] {
  return events.flatMap((e) => (e.type === 'status' ? [e.status] : []));
}

describe('job$ streams of one job (cold: each opens its own sources)', () => {
  it('each open their own sockets and end as asked, and the job is read once for both', () => {
    const ts = new TestScheduler((a, b) => expect(a).toEqual(b));
    ts.run(({ cold, flush }) => {
      const api = countingApi({
        status: [cold('-aQ--R---D', frames), cold('-aQ--R---D', frames)],
        stream: [cold('k---------|', frames), cold('k---------|', frames)],
        details: [cold('(q|)', details), cold('(d|)', details)],
        results: [cold('(x|)', { x: '{"results":[],"metadata":{}}' })],
      });
      const poll = { queuedMs: 1000, runningMs: 1000, floorMs: 1, relaxedMs: 1000 };
      const withResult: JobEvent<unknown>[] = [];
      const statusOnly: JobEvent<unknown>[] = [];
      let failures = 0;
      job$(api, 'job1', { scheduler: ts, poll, resultDecoder: decodeAny }).subscribe({
        next: (e) => withResult.push(e),
        error: () => failures++,
      });
      job$(api, 'job1', {
        scheduler: ts,
        poll,
        resultDecoder: decodeAny,
        fetchResult: false,
        metrics: false,
        completeOnFailure: true,
      }).subscribe({ next: (e) => statusOnly.push(e), error: () => failures++ });
      flush();
      expect(failures).toBe(0);
      expect(api.calls['status']).toBe(2);
      expect(api.calls['stream']).toBe(2);
      // Through the client's poll scheduler: the first read, then the one read that confirms
      // the pushed DONE, for both streams.
      expect(api.calls['details']).toBe(2);
      expect(api.calls['results']).toBe(1);
      expect(statuses(withResult)).toEqual(['QUEUED', 'RUNNING', 'DONE']);
      expect(statuses(statusOnly)).toEqual(['QUEUED', 'RUNNING', 'DONE']);
      expect(withResult.some((e) => e.type === 'result')).toBeTrue();
      expect(statusOnly.some((e) => e.type === 'result')).toBeFalse();
    });
  });

  it('open only the sources each asks for; reads stay shared', () => {
    const ts = new TestScheduler((a, b) => expect(a).toEqual(b));
    ts.run(({ cold, flush }) => {
      const api = countingApi({
        status: [cold('-aQ-D', frames)],
        details: [cold('(q|)', details), cold('(d|)', details)],
      });
      const poll = { queuedMs: 2, runningMs: 2, floorMs: 1, relaxedMs: 1000 };
      job$(api, 'job1', {
        scheduler: ts,
        poll,
        websocket: 'status',
        fetchResult: false,
      }).subscribe();
      job$(api, 'job1', { scheduler: ts, poll, websocket: false, fetchResult: false }).subscribe();
      flush();
      expect(api.calls['status']).toBe(1);
      // q at 0 and d at 2, each read once for both streams (the polling-only stream keeps the
      // job at its normal pace).
      expect(api.calls['details']).toBe(2);
    });
  });
});

describe('a job watched by a set and by job$ through one PollScheduler', () => {
  /** Reads of job `j` when watched by the set alone, or by the set and a job$ stream too. */
  function readsOfJob(withJobStream: boolean): {
    reads: number;
    watchers: number;
    watched: number;
    sockets: number;
  } {
    const ts = new TestScheduler((a, b) => expect(a).toEqual(b));
    let out = { reads: 0, watchers: 0, watched: 0, sockets: 0 };
    ts.run(({ flush }) => {
      const fake = new FakeRuntime(ts, 40);
      fake.addJob('j', { queuedMs: 5000, runningMs: 5000, final: 'Completed' }, 0);
      fake.addJob('k', { queuedMs: 2000, runningMs: 2000, final: 'Completed' }, 0);
      const polls = new PollScheduler(statusFetcherOf(fake), {
        scheduler: ts,
        batch: false,
        intervals: { queuedMs: 1000, runningMs: 1000 },
      });
      const client = {
        http: fake,
        pollScheduler: polls,
        webSocketFactory: (): never => {
          out = { ...out, sockets: out.sockets + 1 };
          throw new Error('no websockets here');
        },
      };
      jobSet$(client, ['j', 'k'], { scheduler: ts }).subscribe();
      if (withJobStream) {
        job$(client, 'j', { scheduler: ts, websocket: false, fetchResult: false }).subscribe();
      }
      ts.schedule(() => {
        out = { ...out, watchers: polls.stats.watchers, watched: polls.stats.watched };
      }, 3000);
      flush();
      out = { ...out, reads: fake.requests.filter((r) => r.path === '/jobs/j').length };
    });
    return out;
  }

  it('is read once per poll for both, and opens no websocket for the set', () => {
    const alone = readsOfJob(false);
    const both = readsOfJob(true);
    expect(both.reads).toBe(alone.reads);
    expect(alone.reads).toBeGreaterThan(3);
    expect(both.watched).toBe(2);
    expect(both.watchers).toBe(3);
    expect(alone.sockets).toBe(0);
  });
});

function decodeAny(text: string): { _tag: 'Right'; right: unknown } {
  return { _tag: 'Right', right: text };
}
