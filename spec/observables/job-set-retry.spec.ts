/**
 * Sets fed by submitAll and retryFailed, in virtual time against a fake job service: members
 * join as they are created, only failed members are resubmitted (counted in POSTs), with the
 * request that created them, and the set ends only when the new jobs have.
 */
import { TestScheduler } from 'rxjs/testing';
import { IBMApiError, NetworkError } from '../../src/codecs/errors.js';
import type { CreateJobRequest } from '../../src/codecs/job.js';
import type { JobClient } from '../../src/observables/job-client.js';
import { statusFetcherOf } from '../../src/observables/job-client.js';
import { jobSet$ } from '../../src/observables/job-set.js';
import type { JobSet, JobSetEvent, JobSetSummaryEvent } from '../../src/observables/job-set.js';
import { PollScheduler } from '../../src/observables/scheduler/poll-scheduler.js';
import { submitAll } from '../../src/observables/submit-all.js';
import type { SubmitOutcome } from '../../src/observables/submit-all.js';
import { FakeRuntime } from './job-set-fake-runtime.js';

function request(i: number): CreateJobRequest {
  return { program_id: 'sampler', backend: 'fake_backend', params: { n: i }, tags: ['exp-1'] };
}

const OK = { queuedMs: 1000, runningMs: 1000, final: 'Completed' as const };
const BROKEN = { queuedMs: 1000, runningMs: 1000, final: 'Failed' as const, reason: 'broken' };

interface World {
  readonly ts: TestScheduler;
  readonly fake: FakeRuntime;
  readonly client: JobClient;
}

function inVirtualTime(body: (world: World) => void): void {
  const ts = new TestScheduler((a, b) => expect(a).toEqual(b));
  ts.run(({ flush }) => {
    const fake = new FakeRuntime(ts, 50);
    const polls = new PollScheduler(statusFetcherOf(fake), {
      scheduler: ts,
      requestsPerSecond: 20,
      intervals: { queuedMs: 500, runningMs: 500 },
    });
    body({ ts, fake, client: { http: fake, pollScheduler: polls } });
    flush();
  });
}

function summaries(events: readonly JobSetEvent<unknown>[]): JobSetSummaryEvent[] {
  return events.flatMap((e) => (e.type === 'summary' ? [e] : []));
}

describe('jobSet$ with submitAll and retryFailed', () => {
  it('watches jobs as submitAll creates them, and retries only the failed ones when asked from the summary', () => {
    inVirtualTime(({ ts, fake, client }) => {
      const failing = new Set([2, 5, 7]);
      // The first ten jobs: 2, 5 and 7 fail; every resubmitted job succeeds.
      fake.planFor = (body, n) => (n < 10 && failing.has(Number(body.params['n'])) ? BROKEN : OK);
      let token = 0;
      const submitOptions = { scheduler: ts, requestsPerSecond: 50, newToken: () => `t${token++}` };
      const outcomes = submitAll(
        client,
        Array.from({ length: 10 }, (_, i) => request(i)),
        submitOptions,
      );
      const set: JobSet<unknown> = jobSet$(client, outcomes, {
        scheduler: ts,
        submit: submitOptions,
      });
      const events: JobSetEvent<unknown>[] = [];
      const retried: SubmitOutcome[] = [];
      let completed = false;
      set.subscribe({
        next: (e) => {
          events.push(e);
          if (e.type === 'summary' && e.failures.length > 0 && retried.length === 0) {
            set.retryFailed().subscribe((o) => retried.push(o));
          }
        },
        complete: () => (completed = true),
      });
      ts.schedule(() => {
        expect(completed).toBeTrue();
        const [first, last] = [summaries(events)[0]!, summaries(events).at(-1)!];
        expect(summaries(events).length).toBe(2);
        expect(first.total).toBe(10);
        expect(first.failures.map((f) => f.index)).toEqual([2, 5, 7]);
        expect(first.failures.every((f) => f.kind === 'failed')).toBeTrue();
        // Three more POSTs, exactly for the failed members, with their original params and tags.
        const posts = fake.posts();
        expect(posts.length).toBe(13);
        const resent = posts.slice(10).map((r) => r.body as CreateJobRequest);
        expect(resent.map((b) => b.params['n']).sort()).toEqual([2, 5, 7]);
        for (const body of resent) {
          expect(body.tags!.filter((t) => t.startsWith('qjrx-submit:')).length).toBe(1);
          expect(body.tags).toContain('exp-1');
        }
        expect(retried.map((o) => [o.type, o.index]).sort()).toEqual([
          ['submitted', 2],
          ['submitted', 5],
          ['submitted', 7],
        ]);
        const resubmitted = events.flatMap((e) => (e.type === 'resubmitted' ? [e] : []));
        expect(resubmitted.map((e) => e.index).sort()).toEqual([2, 5, 7]);
        for (const e of resubmitted) expect(e.previousJobId).not.toBe(e.jobId);
        // The set ended with the new jobs: everything done, no failure left.
        expect(last.total).toBe(10);
        expect(last.done).toBe(10);
        expect(last.failures).toEqual([]);
        expect(set.jobIds.length).toBe(10);
        expect(new Set(set.jobIds).size).toBe(10);
      }, 60_000);
    });
  });

  it('reads back what a job was created with when the set only has its id', () => {
    inVirtualTime(({ ts, fake, client }) => {
      fake.addJob('old', BROKEN, 0, {
        program_id: 'estimator',
        backend: 'fake_backend',
        params: { pubs: [['c', 'ZZ']] },
        tags: ['keep', 'qjrx-submit:stale'],
      });
      fake.addJob('fine', OK, 0);
      const set = jobSet$(client, ['old', 'fine'], { scheduler: ts });
      set.subscribe();
      ts.schedule(() => {
        expect(set.failures.map((f) => f.jobId)).toEqual(['old']);
        set.retryFailed({ scheduler: ts, newToken: () => 'fresh' }).subscribe();
      }, 10_000);
      ts.schedule(() => {
        const read = fake.requests.filter(
          (r) => r.path === '/jobs/old' && r.query['exclude_params']?.[0] === 'false',
        );
        expect(read.length).toBe(1);
        expect(fake.posts().length).toBe(1);
        const body = fake.posts()[0]!.body as CreateJobRequest;
        expect(body.program_id).toBe('estimator');
        expect(body.params).toEqual({ pubs: [['c', 'ZZ']] });
        expect(body.tags).toEqual(['keep', 'qjrx-submit:fresh']);
        // Not subscribed when the new job was made: a new subscription watches it.
        expect(set.failures).toEqual([]);
        expect(set.aggregate.unread).toBe(1);
        const events: JobSetEvent<unknown>[] = [];
        set.subscribe((e) => events.push(e));
        ts.schedule(() => {
          expect(summaries(events).at(-1)!.done).toBe(2);
          // The finished member was not read again.
          expect(fake.requests.filter((r) => r.path === '/jobs/fine').length).toBe(
            fake.requests.filter((r) => r.path === '/jobs/fine' && r.at < 20_000).length,
          );
        }, 20_000);
      }, 20_000);
    });
  });

  it('never resubmits a member whose submission outcome is unknown, nor a DONE one', () => {
    inVirtualTime(({ ts, fake, client }) => {
      fake.override = (r) =>
        r.method === 'POST' && (r.body as CreateJobRequest).params['n'] === 1
          ? { fail: new NetworkError('reset') }
          : r.method === 'POST' && (r.body as CreateJobRequest).params['n'] === 2
            ? { fail: new IBMApiError({ status: 409, message: 'usage limit reached' }) }
            : undefined;
      const options = {
        scheduler: ts,
        requestsPerSecond: 50,
        lookup: { attempts: 1, delayMs: 100 },
      };
      const set = jobSet$(
        client,
        submitAll(client, [request(0), request(1), request(2)], options),
        {
          scheduler: ts,
          submit: options,
        },
      );
      const events: JobSetEvent<unknown>[] = [];
      set.subscribe((e) => events.push(e));
      ts.schedule(() => {
        const summary = summaries(events).at(-1)!;
        expect(summary.total).toBe(3);
        expect(summary.done).toBe(1);
        expect(summary.lost).toBe(2);
        // Members join in the order their outcomes arrive: the refused one first here.
        expect(summary.failures.map((f) => [f.kind, f.retryable, f.jobId])).toEqual([
          ['submission', true, undefined],
          ['unknown-outcome', false, undefined],
        ]);
        fake.override = undefined;
        set.retryFailed().subscribe();
      }, 10_000);
      ts.schedule(() => {
        // One more POST, for the refused submission only.
        const posts = fake.posts().map((r) => (r.body as CreateJobRequest).params['n']);
        expect(posts).toEqual([0, 1, 2, 2]);
        expect(set.failures.map((f) => f.kind)).toEqual(['unknown-outcome']);
        expect(set.aggregate.unread).toBe(1); // made after the set ended: watched at its next subscription
      }, 20_000);
    });
  });
});
