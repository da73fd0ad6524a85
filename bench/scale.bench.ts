/**
 * Scale benchmark of the client-wide poll scheduler against the obvious approach, measured in
 * the same run: one `timer(0, 500).pipe(switchMap(() => fetch(id)))` Observable per job, the
 * way the Python client polls every job on its own every 0.5 s.
 *
 * 1. Heap per watched idle job, at 10,000 and 100,000 jobs. Both arms get the same id strings
 *    and sink objects, allocated before the "empty" heap reading, so only what each approach
 *    keeps per job is counted. The fake fetcher answers synchronously, so between timer
 *    callbacks every job is idle.
 * 2. CPU time per second of real time while 10,000 jobs are watched, at a budget of 10 req/s
 *    for the scheduler (the baseline has no budget: 2 requests per job per second), measured
 *    for 10 s after 11 s of warm-up.
 * 3. HTTP requests per observed status transition for jobs that queue for a minute and then
 *    run for 10 s, simulated in virtual time (requests answered at once, as if the service had
 *    no latency: the baseline then polls exactly every 0.5 s). One job alone, then 100 jobs
 *    created one second apart.
 */
import { defer, of, switchMap, takeWhile, timer } from 'rxjs';
import type { Observable, Subscription } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { jobStatusOf } from '../src/codecs/job.js';
import type { JobDetails, JobsPage } from '../src/codecs/job.js';
import { isFinal, isUnknownStatus } from '../src/codecs/status.js';
import { PollScheduler } from '../src/observables/scheduler/poll-scheduler.js';
import type {
  PollSchedulerOptions,
  StatusFetcher,
  Unwatch,
  WatchEvent,
} from '../src/observables/scheduler/types.js';
import { report } from './harness.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with --expose-gc: npm run bench -- scale');
const collect = gc;

function heapAfterGc(): number {
  for (let i = 0; i < 4; i++) collect();
  return process.memoryUsage().heapUsed;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitUntil(done: () => boolean, timeoutMs: number): Promise<void> {
  const start = performance.now();
  while (!done()) {
    if (performance.now() - start > timeoutMs) throw new Error('benchmark setup timed out');
    await sleep(20);
  }
}

/** One sink object per job, shared by both arms; it only counts what it hears. */
class CountingSink {
  calls = 0;
  next(_value: JobDetails | WatchEvent): void {
    this.calls++;
  }
}

function jobIds(n: number): string[] {
  // 20 characters, like the service's job ids.
  return Array.from({ length: n }, (_, i) => `d6${String(i).padStart(18, '0')}`);
}

const QUEUED: JobDetails = { state: { status: 'Queued' }, status: 'Queued' };

/** Answers synchronously: every job is queued, and every id is in the pending list. */
class InstantFetcher implements StatusFetcher {
  requests = 0;
  constructor(private readonly ids: readonly string[]) {}
  fetchJob(_id: string): Observable<JobDetails> {
    this.requests++;
    return of(QUEUED);
  }
  fetchPendingPage(offset: number, limit: number): Observable<JobsPage> {
    this.requests++;
    const jobs = this.ids
      .slice(offset, offset + limit)
      .map((id) => ({ id, state: { status: 'Queued' }, status: 'Queued' }));
    return of({ jobs, count: this.ids.length, offset, limit });
  }
}

type Arm = 'baseline' | 'scheduler';

/** Start watching every id; returns a stop function. */
function startArm(
  arm: Arm,
  ids: readonly string[],
  sinks: readonly CountingSink[],
  handles: (Subscription | Unwatch | undefined)[],
  fetcher: InstantFetcher,
  polls: PollScheduler | undefined,
): () => void {
  if (arm === 'baseline') {
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      handles[i] = timer(0, 500)
        .pipe(switchMap(() => fetcher.fetchJob(id)))
        .subscribe(sinks[i]!);
    }
    return () => {
      for (const h of handles) (h as Subscription).unsubscribe();
    };
  }
  for (let i = 0; i < ids.length; i++) handles[i] = polls!.watch(ids[i]!, sinks[i]!);
  return () => {
    for (const h of handles) (h as Unwatch)();
    polls!.dispose();
  };
}

/** Heap bytes per watched idle job. */
async function heapPerJob(
  arm: Arm,
  n: number,
  options: PollSchedulerOptions = {},
): Promise<number> {
  const ids = jobIds(n);
  const sinks = ids.map(() => new CountingSink());
  const handles: (Subscription | Unwatch | undefined)[] = new Array(n).fill(undefined);
  const fetcher = new InstantFetcher(ids);
  // The scheduler is one object per client, not per job: it exists before the empty reading.
  const polls =
    arm === 'scheduler'
      ? new PollScheduler(fetcher, { requestsPerSecond: 10, ...options })
      : undefined;
  const empty = heapAfterGc();
  const stop = startArm(arm, ids, sinks, handles, fetcher, polls);
  // Settle into the idle state: every baseline job has polled once; the scheduler has run.
  if (arm === 'baseline') await waitUntil(() => sinks.every((s) => s.calls > 0), 60_000);
  else await waitUntil(() => polls!.stats.requestsSent > 0, 60_000);
  await sleep(100);
  const full = heapAfterGc();
  stop();
  handles.fill(undefined);
  await sleep(50);
  heapAfterGc();
  return (full - empty) / n;
}

/** CPU milliseconds per second of real time, and requests per second, while `n` jobs are watched. */
async function cpuPerSecond(
  arm: Arm,
  n: number,
  warmUpSeconds: number,
  seconds: number,
): Promise<[number, number]> {
  const ids = jobIds(n);
  const sinks = ids.map(() => new CountingSink());
  const handles: (Subscription | Unwatch | undefined)[] = new Array(n).fill(undefined);
  const fetcher = new InstantFetcher(ids);
  const polls =
    arm === 'scheduler' ? new PollScheduler(fetcher, { requestsPerSecond: 10 }) : undefined;
  const stop = startArm(arm, ids, sinks, handles, fetcher, polls);
  // Warm-up: past start-up, JIT compilation and (for the scheduler) the first pending-list
  // round, in which every job hears its interval for the first time.
  await sleep(warmUpSeconds * 1000);
  const requests0 = fetcher.requests;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await sleep(seconds * 1000);
  const cpu = process.cpuUsage(cpu0);
  const elapsedS = (performance.now() - t0) / 1000;
  const requests = fetcher.requests - requests0;
  stop();
  heapAfterGc();
  return [(cpu.user + cpu.system) / 1000 / elapsedS, requests / elapsedS];
}

interface SimJob {
  readonly id: string;
  readonly createdAt: number;
  readonly queuedMs: number;
  readonly runMs: number;
}

function wireStatus(job: SimJob, t: number): string {
  const age = t - job.createdAt;
  return age < job.queuedMs ? 'Queued' : age < job.queuedMs + job.runMs ? 'Running' : 'Completed';
}

/** Requests and observed status transitions until every job was seen final, in virtual time. */
function simulate(arm: Arm, jobs: readonly SimJob[]): { requests: number; transitions: number } {
  const ts = new TestScheduler(() => undefined);
  let requests = 0;
  let transitions = 0;
  ts.run(() => {
    const byId = new Map(jobs.map((j) => [j.id, j]));
    const fetcher: StatusFetcher = {
      fetchJob: (id) =>
        defer(() => {
          requests++;
          const s = wireStatus(byId.get(id)!, ts.now());
          return of<JobDetails>({ id, state: { status: s }, status: s });
        }),
      fetchPendingPage: (offset, limit) =>
        defer(() => {
          requests++;
          const now = ts.now();
          const pending = jobs.filter(
            (j) => j.createdAt <= now && wireStatus(j, now) !== 'Completed',
          );
          const page = pending.slice(offset, offset + limit).map((j) => {
            const s = wireStatus(j, now);
            return { id: j.id, state: { status: s }, status: s };
          });
          return of<JobsPage>({ jobs: page, count: pending.length, offset, limit });
        }),
    };
    const polls = arm === 'scheduler' ? new PollScheduler(fetcher, { scheduler: ts }) : undefined;
    let open = jobs.length;
    for (const job of jobs) {
      let last: string | undefined;
      const seen = (details: JobDetails): boolean => {
        const status = jobStatusOf(details).status;
        if (isUnknownStatus(status)) return false;
        if (last !== undefined && last !== status) transitions++;
        last = status;
        return isFinal(status);
      };
      ts.schedule(() => {
        if (arm === 'baseline') {
          timer(0, 500)
            .pipe(
              switchMap(() => fetcher.fetchJob(job.id)),
              takeWhile((d) => !isFinal(jobStatusOf(d).status as never), true),
            )
            .subscribe((d) => seen(d));
          return;
        }
        const unwatch = polls!.watch(job.id, (event) => {
          if (event.kind !== 'details' || !seen(event.details)) return;
          unwatch();
          if (--open === 0) polls!.dispose();
        });
      }, job.createdAt);
    }
    if (polls !== undefined) ts.schedule(() => polls.dispose(), 3_600_000);
  });
  return { requests, transitions };
}

function perTransition(arm: Arm, jobs: readonly SimJob[]): number {
  const { requests, transitions } = simulate(arm, jobs);
  if (transitions !== 2 * jobs.length) {
    throw new Error(`${arm}: observed ${transitions} transitions, expected ${2 * jobs.length}`);
  }
  return requests / transitions;
}

async function main(): Promise<void> {
  const figures: Record<string, number | string> = {};

  // 3. Requests per transition (fast, virtual time).
  const one: SimJob[] = [{ id: 'job-0', createdAt: 0, queuedMs: 60_000, runMs: 10_000 }];
  const fleet: SimJob[] = Array.from({ length: 100 }, (_, i) => ({
    id: `job-${i}`,
    createdAt: i * 1000,
    queuedMs: 60_000,
    runMs: 10_000,
  }));
  const baseOne = perTransition('baseline', one);
  const oursOne = perTransition('scheduler', one);
  const baseFleet = perTransition('baseline', fleet);
  const oursFleet = perTransition('scheduler', fleet);
  figures['requests_per_transition_baseline'] = baseOne;
  figures['requests_per_transition'] = oursOne;
  figures['requests_per_transition_reduction'] = baseOne / oursOne;
  figures['requests_per_transition_fleet100_baseline'] = baseFleet;
  figures['requests_per_transition_fleet100'] = oursFleet;
  figures['requests_per_transition_reduction_fleet100'] = baseFleet / oursFleet;

  // 1. Heap per idle job.
  for (const [n, label] of [
    [10_000, '10k'],
    [100_000, '100k'],
  ] as const) {
    figures[`heap_bytes_per_idle_job_${label}_baseline`] = Math.round(
      await heapPerJob('baseline', n),
    );
    figures[`heap_bytes_per_idle_job_${label}`] = Math.round(await heapPerJob('scheduler', n));
    figures[`heap_bytes_per_idle_job_${label}_unbatched`] = Math.round(
      await heapPerJob('scheduler', n, { batch: false }),
    );
  }
  figures['heap_reduction_100k'] =
    (figures['heap_bytes_per_idle_job_100k_baseline'] as number) /
    (figures['heap_bytes_per_idle_job_100k'] as number);

  // 2. CPU per second with 10,000 watched jobs.
  const [baseCpu, baseRps] = await cpuPerSecond('baseline', 10_000, 11, 10);
  const [oursCpu, oursRps] = await cpuPerSecond('scheduler', 10_000, 11, 10);
  figures['cpu_ms_per_s_10k_baseline'] = baseCpu;
  figures['cpu_ms_per_s_10k'] = oursCpu;
  figures['requests_per_s_10k_baseline'] = baseRps;
  figures['requests_per_s_10k'] = oursRps;

  const pass = report('scale', {
    figures,
    targets: [
      { figure: 'heap_bytes_per_idle_job_100k', op: '<=', value: 1024 },
      { figure: 'requests_per_transition_reduction', op: '>=', value: 10 },
      { figure: 'requests_per_s_10k', op: '<=', value: 10 },
    ],
  });
  process.exit(pass ? 0 : 1);
}

await main();
