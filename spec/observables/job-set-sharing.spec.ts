/**
 * Sharing between the streams that watch one job: job$ streams whose options differ only in
 * how they end share one job-status socket, one result stream and one poller; through a
 * client's PollScheduler a job is read once for every stream and set that watches it.
 */
import { defer, of } from 'rxjs';
import type { Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import type { JobDetails } from '../../src/codecs/job.js';
import type { JobEvent } from '../../src/observables/events.js';
import type { JobApi } from '../../src/observables/job-client.js';
import { job$ } from '../../src/observables/job-stream.js';

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

describe('job$ sharing between streams with different ending options', () => {
  it('opens one job-status socket, one result stream and one poller for both', () => {
    const ts = new TestScheduler((a, b) => expect(a).toEqual(b));
    ts.run(({ cold, flush }) => {
      const api = countingApi({
        status: [cold('-aQ--R---D', frames)],
        stream: [cold('k---------|', frames)],
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
      expect(api.calls['status']).toBe(1);
      expect(api.calls['stream']).toBe(1);
      // The first poll, then the one poll that confirms the pushed DONE.
      expect(api.calls['details']).toBe(2);
      expect(api.calls['results']).toBe(1);
      expect(statuses(withResult)).toEqual(['QUEUED', 'RUNNING', 'DONE']);
      expect(statuses(statusOnly)).toEqual(['QUEUED', 'RUNNING', 'DONE']);
      expect(withResult.some((e) => e.type === 'result')).toBeTrue();
      expect(statusOnly.some((e) => e.type === 'result')).toBeFalse();
    });
  });

  it('still opens separate sources for streams that ask for different sources', () => {
    const ts = new TestScheduler((a, b) => expect(a).toEqual(b));
    ts.run(({ cold, flush }) => {
      const api = countingApi({
        status: [cold('-aQ-D', frames)],
        details: [cold('(q|)', details), cold('(d|)', details), cold('(d|)', details)],
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
      expect(api.calls['details']).toBe(3);
    });
  });
});

function decodeAny(text: string): { _tag: 'Right'; right: unknown } {
  return { _tag: 'Right', right: text };
}
