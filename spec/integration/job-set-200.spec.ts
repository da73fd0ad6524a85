/**
 * 200 Bell jobs against the real local runtime over real sockets: created with submitAll,
 * watched through jobSet$ and one PollScheduler, whose budget covers the reads and the job
 * creation. Every job's transitions arrive once and in the server's order, the counts end at
 * 200 done, the server saw no more requests than the budget allows, and nothing is left open.
 */
import { lastValueFrom, tap, toArray } from 'rxjs';
import type { CreateJobRequest } from '../../src/codecs/job.js';
import { mapRuntimeStatus } from '../../src/codecs/status.js';
import { startLocalRuntime } from '../../src/local/index.js';
import type { LocalRuntime } from '../../src/local/index.js';
import type { JobClient } from '../../src/observables/job-client.js';
import { statusFetcherOf } from '../../src/observables/job-client.js';
import { jobSet$ } from '../../src/observables/job-set.js';
import type { JobSetEvent } from '../../src/observables/job-set.js';
import { PollScheduler } from '../../src/observables/scheduler/poll-scheduler.js';
import { submitAll } from '../../src/observables/submit-all.js';
import type { SubmitOutcome } from '../../src/observables/submit-all.js';
import { HttpClient } from '../../src/transport/http-client.js';
import { trackLeaks } from '../helpers/leaks.js';
import type { LeakTracker } from '../helpers/leaks.js';

const BELL =
  'OPENQASM 3.0; include "stdgates.inc"; qubit[2] q; bit[2] meas; h q[0]; cx q[0], q[1]; meas = measure q;';

const JOBS = 200;
/** Status reads per second the specs leave room for. */
const READS_PER_SECOND = 30;
/** Submission requests per second (submitAll's pacing). */
const SUBMITS_PER_SECOND = 40;
/** The client's one request budget (its poll scheduler's), which job creation draws on too. */
const BUDGET_PER_SECOND = READS_PER_SECOND + SUBMITS_PER_SECOND;

function bell(i: number): CreateJobRequest {
  return {
    program_id: 'sampler',
    backend: 'local_simulator',
    params: { pubs: [[BELL, null, 16]], version: 2 },
    tags: ['bell-200', `n-${i}`],
  };
}

describe('200 Bell jobs through submitAll and jobSet$ against the local runtime', () => {
  let leaks: LeakTracker;
  let runtime: LocalRuntime | undefined;
  let http: HttpClient | undefined;
  let polls: PollScheduler | undefined;

  beforeEach(() => {
    leaks = trackLeaks();
  });

  afterEach(async () => {
    polls?.dispose();
    await runtime?.close();
    const client = http;
    runtime = undefined;
    http = undefined;
    polls = undefined;
    await leaks.expectNone({ 'HTTP requests in flight': () => client?.stats.inFlight ?? 0 });
  });

  it('sees every transition once and in order, ends with 200 done, and stays within the budgets', async () => {
    runtime = await startLocalRuntime({
      port: 0,
      seed: 200,
      queue: { concurrency: 12, queueDelayMs: 1200, runDelayMs: 1200 },
    });
    http = new HttpClient({
      baseUrl: `${runtime.url}/v1`,
      credentials: { type: 'bearer', token: runtime.token },
    });
    polls = new PollScheduler(statusFetcherOf(http), {
      requestsPerSecond: BUDGET_PER_SECOND,
      maxInFlight: 4,
      intervals: { initialMs: 200, queuedMs: 200, runningMs: 200, floorMs: 100 },
    });
    const client: JobClient = { http, pollScheduler: polls };
    const started = Date.now();

    const outcomes$ = submitAll(
      client,
      Array.from({ length: JOBS }, (_, i) => bell(i)),
      { concurrency: 8, requestsPerSecond: SUBMITS_PER_SECOND },
    );
    const set = jobSet$(client, outcomes$);
    const events: JobSetEvent[] = await lastValueFrom(set.pipe(toArray()));
    const elapsedSeconds = (Date.now() - started) / 1000;

    // The counts at the end.
    const summaries = events.flatMap((e) => (e.type === 'summary' ? [e] : []));
    expect(summaries.length).toBe(1);
    const summary = summaries[0]!;
    expect(summary.total).toBe(JOBS);
    expect(summary.done).toBe(JOBS);
    expect(summary.byStatus.DONE).toBe(JOBS);
    expect(summary.failed).toBe(0);
    expect(summary.pending).toBe(0);
    expect(summary.failures).toEqual([]);

    // One job per submission, no more.
    const ids = runtime.jobIds();
    expect(ids.length).toBe(JOBS);
    expect([...set.jobIds].sort()).toEqual([...ids].sort());

    // Each job: the server's own transitions, once each and in order.
    const seen = new Map<string, string[]>();
    for (const e of events) {
      if (e.type !== 'job' || e.event.type !== 'status') continue;
      seen.set(e.jobId, [...(seen.get(e.jobId) ?? []), e.event.status]);
    }
    const mismatches: string[] = [];
    for (const id of ids) {
      const server = (runtime.jobRecord(id)?.transitions ?? []).map((t) =>
        String(mapRuntimeStatus(t.status).status),
      );
      const client = seen.get(id) ?? [];
      if (client.join() !== server.join()) {
        mismatches.push(`${id}: saw ${client.join('>')}, server ${server.join('>')}`);
      }
    }
    expect(mismatches).toEqual([]);

    // The aggregate moved from 0 to 200 done and always added up.
    const aggregates = events.flatMap((e) => (e.type === 'aggregate' ? [e] : []));
    expect(aggregates[0]!.done).toBe(0);
    expect(aggregates[aggregates.length - 1]!.done).toBe(JOBS);
    for (const a of aggregates) {
      expect(a.done + a.failed + a.cancelled + a.pending).toBe(a.total);
    }

    // The server saw no more than the budgets allow.
    const reads =
      runtime.requestCount({ method: 'GET', route: 'jobs.get' }) +
      runtime.requestCount({ method: 'GET', route: 'jobs.list' });
    const posts = runtime.requestCount({ method: 'POST', route: 'jobs.create' });
    const total = runtime.requestCount();
    expect(posts).toBe(JOBS);
    expect(total).toBe(reads + posts);
    // Job creation draws on the client's one budget, like the reads.
    expect(polls.stats.otherRequests).toBe(JOBS);
    expect(total).toBeLessThanOrEqual(BUDGET_PER_SECOND * elapsedSeconds + BUDGET_PER_SECOND);
    // Pending-list pages carried most of the watching.
    expect(polls.stats.pageRequests).toBeGreaterThan(0);
    expect(polls.stats.watched).toBe(0);
  }, 60_000);

  it('creates each job once through 429s, 5xx answers and reset connections, and says which outcomes are unknown', async () => {
    runtime = await startLocalRuntime({
      port: 0,
      seed: 60,
      queue: { concurrency: 8, queueDelayMs: 300, runDelayMs: 300 },
      faults: {
        burst429: { every: 40, count: 2, retryAfterSeconds: 1 },
        error5xxRate: 0.05,
        resetRate: 0.03,
      },
    });
    http = new HttpClient({
      baseUrl: `${runtime.url}/v1`,
      credentials: { type: 'bearer', token: runtime.token },
    });
    polls = new PollScheduler(statusFetcherOf(http), {
      requestsPerSecond: BUDGET_PER_SECOND,
      intervals: { initialMs: 200, queuedMs: 200, runningMs: 200, floorMs: 100 },
    });
    const client: JobClient = { http, pollScheduler: polls };
    const outcomes: SubmitOutcome[] = [];
    const outcomes$ = submitAll(
      client,
      Array.from({ length: 60 }, (_, i) => bell(i)),
      { concurrency: 6, requestsPerSecond: SUBMITS_PER_SECOND, lookup: { delayMs: 200 } },
    ).pipe(tap((o) => outcomes.push(o)));
    const events = await lastValueFrom(jobSet$(client, outcomes$).pipe(toArray()));

    const submitted = outcomes.flatMap((o) => (o.type === 'submitted' ? [o] : []));
    const unknown = outcomes.filter((o) => o.type === 'unknown');
    expect(outcomes.length).toBe(60);
    expect(outcomes.filter((o) => o.type === 'failed')).toEqual([]);
    expect(submitted.length + unknown.length).toBe(60);
    // The faults did hit job creation, and nothing was created twice or left unaccounted for.
    expect(runtime.requestCount({ route: 'jobs.create' })).toBeGreaterThan(60);
    const ids = runtime.jobIds();
    expect([...ids].sort()).toEqual(submitted.map((o) => o.jobId).sort());
    for (const o of submitted) {
      const tags = runtime.jobRecord(o.jobId)?.tags ?? [];
      expect(tags.filter((t) => t.startsWith('qjrx-submit:'))).toEqual([o.token]);
    }
    // The set: every created job done, every unknown outcome reported as such.
    const summary = events.flatMap((e) => (e.type === 'summary' ? [e] : []))[0]!;
    expect(summary.total).toBe(60);
    expect(summary.done).toBe(submitted.length);
    expect(summary.failures.map((f) => f.kind)).toEqual(unknown.map(() => 'unknown-outcome'));
    for (const id of ids) {
      const statuses = events.flatMap((e) =>
        e.type === 'job' && e.jobId === id && e.event.type === 'status' ? [e.event.status] : [],
      );
      expect(statuses[statuses.length - 1])
        .withContext(id)
        .toBe('DONE');
      expect(new Set(statuses).size).toBe(statuses.length);
    }
  }, 60_000);
});
