/**
 * jobSet$ in virtual time against a fake job service: one request budget for 1,000 jobs,
 * the scheduler's priorities and Retry-After pause through the set, failures collected without
 * ending the set, aggregate counts, results only when asked, nothing left scheduled.
 */
import { TestScheduler } from 'rxjs/testing';
import {
  ConfigError,
  DecodeError,
  IBMApiError,
  RuntimeJobCancelledError,
  RuntimeJobFailureError,
  RuntimeJobMaxTimeoutError,
  RuntimeJobNotFoundError,
} from '../../src/codecs/errors.js';
import { rank } from '../../src/codecs/status.js';
import type { JobStatus } from '../../src/codecs/status.js';
import type { JobClient } from '../../src/observables/job-client.js';
import { statusFetcherOf } from '../../src/observables/job-client.js';
import { jobSet$ } from '../../src/observables/job-set.js';
import type {
  JobSetEvent,
  JobSetOptions,
  JobSetSummaryEvent,
} from '../../src/observables/job-set.js';
import { PollScheduler } from '../../src/observables/scheduler/poll-scheduler.js';
import type { PollSchedulerOptions } from '../../src/observables/scheduler/types.js';
import { FakeRuntime, maxInWindow } from './job-set-fake-runtime.js';
import type { JobPlan } from './job-set-fake-runtime.js';
import { prng } from './scheduler/fake-status-service.js';

const FINAL_OF: Record<JobPlan['final'], JobStatus> = {
  Completed: 'DONE',
  Failed: 'ERROR',
  Cancelled: 'CANCELLED',
};

interface Watched {
  readonly events: { at: number; event: JobSetEvent<unknown> }[];
  completedAt: number | undefined;
  error: unknown;
  readonly fake: FakeRuntime;
  readonly polls: PollScheduler;
  /** Scheduled virtual-time actions seen by probes, by probe time. */
  readonly probes: Map<number, number>;
}

interface Setup {
  readonly latencyMs?: number;
  readonly polling?: PollSchedulerOptions;
  readonly set?: JobSetOptions<unknown>;
  readonly jobs: (fake: FakeRuntime) => string[];
  readonly probeAt?: readonly number[];
  readonly onEvent?: (event: JobSetEvent<unknown>, watched: Watched) => void;
}

/** Watch the jobs of `setup` as a set through a shared PollScheduler, in virtual time. */
function watchSet(setup: Setup): Watched {
  const ts = new TestScheduler((a, b) => expect(a).toEqual(b));
  let watched!: Watched;
  ts.run(({ flush }) => {
    const fake = new FakeRuntime(ts, setup.latencyMs ?? 50);
    const polls = new PollScheduler(statusFetcherOf(fake), { scheduler: ts, ...setup.polling });
    const client: JobClient = { http: fake, pollScheduler: polls };
    const ids = setup.jobs(fake);
    watched = {
      events: [],
      completedAt: undefined,
      error: undefined,
      fake,
      polls,
      probes: new Map(),
    };
    for (const at of setup.probeAt ?? []) {
      ts.schedule(() => watched.probes.set(at, ts.actions.length), at);
    }
    jobSet$(client, ids, { scheduler: ts, ...setup.set }).subscribe({
      next: (event) => {
        watched.events.push({ at: ts.now(), event });
        setup.onEvent?.(event, watched);
      },
      error: (e: unknown) => (watched.error = e),
      complete: () => (watched.completedAt = ts.now()),
    });
    flush();
  });
  return watched;
}

function statusesByJob(events: Watched['events']): Map<string, JobStatus[]> {
  const out = new Map<string, JobStatus[]>();
  for (const { event } of events) {
    if (event.type !== 'job' || event.event.type !== 'status') continue;
    const list = out.get(event.jobId) ?? [];
    list.push(event.event.status);
    out.set(event.jobId, list);
  }
  return out;
}

function summaryOf(w: Watched): JobSetSummaryEvent {
  const summaries = w.events.flatMap(({ event }) => (event.type === 'summary' ? [event] : []));
  expect(summaries.length).withContext('summaries').toBeGreaterThan(0);
  return summaries[summaries.length - 1]!;
}

describe('jobSet$', () => {
  for (const batch of [true, false]) {
    it(`watches 1,000 jobs within 10 requests in every sliding second, each transition once and in order (batching ${batch ? 'on' : 'off'})`, () => {
      const random = prng(11);
      const plans = new Map<string, JobPlan>();
      const w = watchSet({
        latencyMs: 80,
        polling: { requestsPerSecond: 10, maxInFlight: 4, batch: batch ? {} : false },
        jobs: (fake) =>
          Array.from({ length: 1000 }, (_, i) => {
            const r = random();
            const plan: JobPlan = {
              queuedMs: Math.floor(random() * 90_000),
              runningMs: 5_000 + Math.floor(random() * 30_000),
              final: r < 0.9 ? 'Completed' : r < 0.95 ? 'Failed' : 'Cancelled',
              reason: 'broken',
              reasonCode: 5204,
            };
            const id = `job-${i}`;
            fake.addJob(id, plan, 0);
            plans.set(id, plan);
            return id;
          }),
        probeAt: [30_000, 60_000],
      });
      expect(w.error).toBeUndefined();
      expect(w.completedAt).toBeDefined();
      const starts = w.fake.requests.map((r) => r.at);
      expect(maxInWindow(starts, 1000)).toBeLessThanOrEqual(10);
      expect(w.fake.maxInFlight).toBeLessThanOrEqual(4);
      // Every job: statuses strictly forward, only ones it had, ending with its real end.
      const byJob = statusesByJob(w.events);
      expect(byJob.size).toBe(1000);
      for (const [id, statuses] of byJob) {
        const plan = plans.get(id)!;
        const allowed: JobStatus[] = ['QUEUED', 'RUNNING', FINAL_OF[plan.final]];
        expect(statuses.every((s) => allowed.includes(s)))
          .withContext(`${id}: ${statuses.join(',')}`)
          .toBeTrue();
        for (let i = 1; i < statuses.length; i++) {
          expect(rank(statuses[i]!)).toBeGreaterThan(rank(statuses[i - 1]!));
        }
        expect(statuses[statuses.length - 1]).toBe(FINAL_OF[plan.final]);
      }
      const summary = summaryOf(w);
      const count = (f: JobPlan['final']): number =>
        [...plans.values()].filter((p) => p.final === f).length;
      expect(summary.total).toBe(1000);
      expect(summary.done).toBe(count('Completed'));
      expect(summary.failed).toBe(count('Failed'));
      expect(summary.cancelled).toBe(count('Cancelled'));
      expect(summary.pending).toBe(0);
      expect(summary.failures.length).toBe(count('Failed') + count('Cancelled'));
      // Idle members hold no timer: a handful of scheduled actions for 1,000 jobs.
      for (const [at, actions] of w.probes) {
        expect(actions).withContext(`scheduled actions at ${at} ms`).toBeLessThanOrEqual(8);
      }
      // Everything was released at the end.
      expect(w.polls.stats.watched).toBe(0);
      expect(w.fake.inFlight).toBe(0);
      // No result was downloaded: fetchResults is off by default.
      expect(w.fake.requests.some((r) => r.path.endsWith('/results'))).toBeFalse();
    });
  }

  it('keeps the priorities of the scheduler: after a pause, running jobs are read before queued ones', () => {
    let limitedAnswerAt = -1;
    const w = watchSet({
      latencyMs: 20,
      polling: {
        requestsPerSecond: 5,
        maxInFlight: 2,
        batch: false,
        intervals: { runningMs: 2000, queuedMs: 2000, initialMs: 1000 },
      },
      jobs: (fake) => {
        const ids: string[] = [];
        for (let i = 0; i < 20; i++) {
          fake.addJob(`run-${i}`, { queuedMs: 0, runningMs: 60_000, final: 'Completed' }, 0);
          fake.addJob(`que-${i}`, { queuedMs: 60_000, runningMs: 0, final: 'Completed' }, 0);
          ids.push(`que-${i}`, `run-${i}`);
        }
        let limited = false;
        fake.override = (r) => {
          if (limited || r.at < 20_000) return undefined;
          limited = true;
          return { fail: new IBMApiError({ status: 429, message: 'slow', retryAfterSeconds: 10 }) };
        };
        return ids;
      },
    });
    expect(w.error).toBeUndefined();
    expect(w.completedAt).toBeDefined();
    const limitedRequest = w.fake.requests.find((r) => r.at >= 20_000)!;
    limitedAnswerAt = limitedRequest.answeredAt!;
    // Nothing at all during the pause.
    const during = w.fake.requests.filter(
      (r) => r.at > limitedAnswerAt && r.at < limitedAnswerAt + 10_000,
    );
    expect(during).toEqual([]);
    // Then every job is due: the running ones go first.
    const after = w.fake.requests
      .filter((r) => r.at >= limitedAnswerAt + 10_000)
      .slice(0, 20)
      .map((r) => r.path.replace('/jobs/', ''));
    expect(after.length).toBe(20);
    expect(after.every((id) => id.startsWith('run-')))
      .withContext(after.join(' '))
      .toBeTrue();
    expect(summaryOf(w).done).toBe(40);
  });

  it('goes on when members fail, and reports every failure with its typed error at the end', () => {
    const failures: string[] = [];
    const w = watchSet({
      polling: { requestsPerSecond: 20, batch: false },
      jobs: (fake) => {
        const ok: JobPlan = { queuedMs: 1000, runningMs: 1000, final: 'Completed' };
        for (let i = 0; i < 6; i++) fake.addJob(`ok-${i}`, ok, 0);
        fake.addJob(
          'failed',
          { ...ok, final: 'Failed', reason: 'qubit on fire', reasonCode: 5204 },
          0,
        );
        fake.addJob(
          'too-long',
          { ...ok, final: 'Cancelled', reason: 'RAN TOO LONG', reasonCode: 1305 },
          0,
        );
        fake.addJob('cancelled', { ...ok, final: 'Cancelled', reason: 'by user' }, 0);
        fake.addJob('garbled', ok, 0);
        fake.addJob('vanishes', { ...ok, queuedMs: 10_000 }, 0);
        fake.override = (r) =>
          r.path === '/jobs/garbled'
            ? { body: { state: { status: 42 } } }
            : r.path === '/jobs/vanishes' && r.at > 2000
              ? { fail: new IBMApiError({ status: 404, message: 'deleted' }) }
              : undefined;
        return [
          'ok-0',
          'failed',
          'ok-1',
          'too-long',
          'ok-2',
          'missing',
          'cancelled',
          'ok-3',
          'garbled',
          'ok-4',
          'ok-5',
          'vanishes',
        ];
      },
      onEvent: (e) => {
        if (e.type === 'failure') failures.push(`${e.failure.jobId}:${e.failure.kind}`);
      },
    });
    expect(w.error).toBeUndefined();
    expect(w.completedAt).toBeDefined();
    const summary = summaryOf(w);
    expect(summary.total).toBe(12);
    expect(summary.done).toBe(6);
    expect(summary.byStatus.ERROR).toBe(2);
    expect(summary.lost).toBe(3);
    expect(summary.failed).toBe(5);
    expect(summary.cancelled).toBe(1);
    expect(summary.pending).toBe(0);
    const byId = new Map(summary.failures.map((f) => [f.jobId, f]));
    expect(summary.failures.map((f) => f.index)).toEqual([1, 3, 5, 6, 8, 11]);
    // Read QUEUED, then gone: lost, not counted as queued any more.
    expect(byId.get('vanishes')!.error).toBeInstanceOf(RuntimeJobNotFoundError);
    expect(summary.byStatus.QUEUED).toBe(0);
    const failed = byId.get('failed')!;
    expect(failed.kind).toBe('failed');
    expect(failed.error).toBeInstanceOf(RuntimeJobFailureError);
    expect((failed.error as RuntimeJobFailureError).reason).toBe('qubit on fire');
    expect((failed.error as RuntimeJobFailureError).reasonCode).toBe(5204);
    expect(byId.get('too-long')!.error).toBeInstanceOf(RuntimeJobMaxTimeoutError);
    expect(byId.get('cancelled')!.error).toBeInstanceOf(RuntimeJobCancelledError);
    expect(byId.get('cancelled')!.kind).toBe('cancelled');
    expect(byId.get('missing')!.error).toBeInstanceOf(RuntimeJobNotFoundError);
    expect(byId.get('missing')!.kind).toBe('lost');
    expect(byId.get('garbled')!.error).toBeInstanceOf(DecodeError);
    expect(summary.failures.every((f) => f.retryable)).toBeTrue();
    // Each failure was announced as it happened, once.
    expect([...failures].sort()).toEqual([
      'cancelled:cancelled',
      'failed:failed',
      'garbled:lost',
      'missing:lost',
      'too-long:failed',
      'vanishes:lost',
    ]);
    // The aggregate counts always add up.
    for (const { event } of w.events) {
      if (event.type !== 'aggregate') continue;
      expect(event.done + event.failed + event.cancelled + event.pending).toBe(event.total);
      const statuses = Object.values(event.byStatus).reduce((a, b) => a + b, 0);
      expect(statuses + event.unread + event.lost).toBe(event.total);
    }
  });

  it('emits one aggregate for the changes one list page brings, and none more often than asked', () => {
    const w = watchSet({
      polling: { requestsPerSecond: 10, batch: { minPending: 5, pageSize: 100 } },
      set: { aggregateIntervalMs: 5000 },
      jobs: (fake) =>
        Array.from({ length: 50 }, (_, i) => {
          fake.addJob(`j${i}`, { queuedMs: 3000, runningMs: 10_000, final: 'Completed' }, 0);
          return `j${i}`;
        }),
    });
    const aggregates = w.events.filter(({ event }) => event.type === 'aggregate').map((e) => e.at);
    for (let i = 2; i < aggregates.length - 1; i++) {
      expect(aggregates[i]! - aggregates[i - 1]!).toBeGreaterThanOrEqual(5000);
    }
    // First the state at subscription, then as reads come in, and the last just before the summary.
    expect(aggregates[0]).toBe(0);
    expect(summaryOf(w).done).toBe(50);
  });

  it('downloads results only with fetchResults, and keeps none', () => {
    const decode = (text: string) => ({
      _tag: 'Right' as const,
      right: JSON.parse(text) as unknown,
    });
    const w = watchSet({
      polling: { requestsPerSecond: 20 },
      set: { fetchResults: true, resultDecoder: decode, resultConcurrency: 1 },
      jobs: (fake) => {
        fake.addJob('job-7', { queuedMs: 500, runningMs: 500, final: 'Completed' }, 0);
        fake.addJob('job-8', { queuedMs: 500, runningMs: 500, final: 'Failed' }, 0);
        return ['job-7', 'job-8'];
      },
    });
    const results = w.events.flatMap(({ event }) =>
      event.type === 'job' && event.event.type === 'result' ? [event.event] : [],
    );
    expect(results.map((r) => [r.jobId, r.result])).toEqual([['job-7', { n: 7 }]]);
    expect(w.fake.requests.filter((r) => r.path.endsWith('/results')).length).toBe(1);
    // The summary came after the download.
    const types = w.events.map(({ event }) => event.type);
    expect(types.indexOf('summary')).toBeGreaterThan(
      w.events.findIndex(({ event }) => event.type === 'job' && event.event.type === 'result'),
    );
  });

  it('reads a result answered 404 after Completed again within resultRetry, as job$ does', () => {
    const decode = (text: string) => ({
      _tag: 'Right' as const,
      right: JSON.parse(text) as unknown,
    });
    let resultReads = 0;
    const w = watchSet({
      polling: { requestsPerSecond: 20 },
      set: { fetchResults: true, resultDecoder: decode },
      jobs: (fake) => {
        fake.addJob('job-5', { queuedMs: 500, runningMs: 500, final: 'Completed' }, 0);
        fake.addJob('job-6', { queuedMs: 500, runningMs: 500, final: 'Completed' }, 0);
        // job-5's result is missing for its first two reads; job-6's for good.
        fake.override = (r) => {
          if (!r.path.endsWith('/results')) return undefined;
          const missing = new IBMApiError({ status: 404, message: 'Job not found', code: 3250 });
          if (r.path.includes('job-6')) return { fail: missing };
          return ++resultReads <= 2 ? { fail: missing } : undefined;
        };
        return ['job-5', 'job-6'];
      },
    });
    const results = w.events.flatMap(({ event }) =>
      event.type === 'job' && event.event.type === 'result' ? [event.event] : [],
    );
    expect(results.map((r) => [r.jobId, r.result])).toEqual([['job-5', { n: 5 }]]);
    const reads = (id: string) =>
      w.fake.requests.filter((r) => r.path === `/jobs/${id}/results`).map((r) => r.at);
    expect(reads('job-5').length).toBe(3);
    // job-6: read for 10 s (250 ms doubling to 2 s), then a failure of kind result with the 404.
    const six = reads('job-6');
    expect(six.length).toBeGreaterThan(4);
    expect(six.at(-1)! - six[0]!).toBeLessThanOrEqual(10_000);
    const summary = summaryOf(w);
    expect(summary.failures.map((f) => [f.jobId, f.kind])).toEqual([['job-6', 'result']]);
    expect(summary.failures[0]!.error).toBeInstanceOf(IBMApiError);
  });

  it('reports a result that does not decode as a failure of kind result, not retried', () => {
    const w = watchSet({
      polling: { requestsPerSecond: 20 },
      set: {
        fetchResults: true,
        resultDecoder: () => ({ _tag: 'Left', left: new DecodeError('n', 'a string', 3) }),
      },
      jobs: (fake) => {
        fake.addJob('job-3', { queuedMs: 500, runningMs: 500, final: 'Completed' }, 0);
        return ['job-3'];
      },
    });
    const summary = summaryOf(w);
    expect(summary.done).toBe(1);
    expect(summary.failed).toBe(0);
    expect(summary.failures.map((f) => [f.jobId, f.kind, f.retryable])).toEqual([
      ['job-3', 'result', false],
    ]);
    expect(summary.failures[0]!.error).toBeInstanceOf(DecodeError);
  });

  it('stops every read and timer when the last subscriber leaves', () => {
    const ts = new TestScheduler((a, b) => expect(a).toEqual(b));
    ts.run(({ flush }) => {
      const fake = new FakeRuntime(ts, 50);
      for (let i = 0; i < 100; i++) {
        fake.addJob(`j${i}`, { queuedMs: 100_000, runningMs: 1000, final: 'Completed' }, 0);
      }
      const ids = [...fake.jobs.keys()];
      // Without a scheduler on the client, the set polls through one of its own.
      const set = jobSet$({ http: fake }, ids, {
        scheduler: ts,
        polling: { requestsPerSecond: 5, batch: false },
      });
      const first = set.subscribe();
      const second = set.subscribe();
      ts.schedule(() => first.unsubscribe(), 3000);
      ts.schedule(() => second.unsubscribe(), 5000);
      let actionsAt4s = -1;
      ts.schedule(() => (actionsAt4s = ts.actions.length), 4000);
      flush();
      expect(actionsAt4s).toBeGreaterThan(0);
      expect(ts.actions.length).toBe(0);
      expect(fake.inFlight).toBe(0);
      // One budget for both subscribers: never more than 5 reads in a second.
      expect(
        maxInWindow(
          fake.requests.map((r) => r.at),
          1000,
        ),
      ).toBeLessThanOrEqual(5);
      expect(fake.requests.every((r) => r.at < 5000)).toBeTrue();
    });
  });

  it('gives a late subscriber the current counts, and a finished set its summary at once', () => {
    const ts = new TestScheduler((a, b) => expect(a).toEqual(b));
    ts.run(({ flush }) => {
      const fake = new FakeRuntime(ts, 50);
      fake.addJob('a', { queuedMs: 1000, runningMs: 1000, final: 'Completed' }, 0);
      fake.addJob('b', { queuedMs: 1000, runningMs: 9000, final: 'Completed' }, 0);
      const polls = new PollScheduler(statusFetcherOf(fake), {
        scheduler: ts,
        batch: false,
        intervals: { queuedMs: 500, runningMs: 500 },
      });
      const set = jobSet$({ http: fake, pollScheduler: polls }, ['a', 'b'], { scheduler: ts });
      const late: JobSetEvent<unknown>[] = [];
      const again: JobSetEvent<unknown>[] = [];
      set.subscribe();
      ts.schedule(() => set.subscribe((e) => late.push(e)), 5000);
      let requestsAtEnd = 0;
      ts.schedule(() => {
        requestsAtEnd = fake.requests.length;
        set.subscribe((e) => again.push(e));
      }, 30_000);
      flush();
      expect(late[0]).toEqual(jasmine.objectContaining({ type: 'aggregate', total: 2, done: 1 }));
      expect(again.map((e) => e.type)).toEqual(['aggregate', 'summary']);
      expect(fake.requests.length).toBe(requestsAtEnd);
    });
  });

  it('rejects bad arguments with a ConfigError naming them', () => {
    const fake = new FakeRuntime(new TestScheduler(() => undefined));
    const client: JobClient = { http: fake };
    expect(() => jobSet$(client, [''])).toThrowMatching(
      (e) => e instanceof ConfigError && e.option === 'jobs[0]',
    );
    expect(() => jobSet$(client, ['a', 7 as never])).toThrowMatching(
      (e) => e instanceof ConfigError && e.option === 'jobs[1]',
    );
    expect(() => jobSet$(client, [{ jobId: () => '' }])).toThrowError(ConfigError);
    expect(() => jobSet$(client, 'abc' as never)).toThrowError(ConfigError);
    expect(() => jobSet$(client, [], { fetchResults: 'yes' as never })).toThrowMatching(
      (e) => e instanceof ConfigError && e.option === 'fetchResults',
    );
    expect(() => jobSet$(client, [], { aggregateIntervalMs: -1 })).toThrowMatching(
      (e) => e instanceof ConfigError && e.option === 'aggregateIntervalMs',
    );
    expect(() => jobSet$({} as never, [])).toThrowError(ConfigError);
    const set = jobSet$(client, ['a']);
    expect(() => set.result$('b')).toThrowMatching(
      (e) => e instanceof ConfigError && e.option === 'jobId',
    );
  });
});
