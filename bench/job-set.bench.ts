/**
 * Memory of a watched job set: heap bytes per idle member of `jobSet$` (the set's member record
 * plus the poll scheduler's entry) at 10,000 and 100,000 jobs, against the baseline measured in
 * the same run: one `job$` stream per job (polling only, through the same kind of scheduler),
 * merged. The fetcher never answers, so every job stays idle between polls.
 */
import { NEVER, merge } from 'rxjs';
import type { Observable, Subscription } from 'rxjs';
import type { JobClient, JobHttp } from '../src/observables/job-client.js';
import { jobSet$ } from '../src/observables/job-set.js';
import { job$ } from '../src/observables/job-stream.js';
import { PollScheduler } from '../src/observables/scheduler/poll-scheduler.js';
import type { StatusFetcher } from '../src/observables/scheduler/types.js';
import { median, report } from './harness.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with --expose-gc: npm run bench -- job-set');
const collect = gc;

const silent: StatusFetcher = { fetchJob: () => NEVER, fetchPendingPage: () => NEVER };
const http: JobHttp = {
  baseUrl: 'http://bench.invalid/api/v1',
  request: () => NEVER,
  getJson: () => NEVER as Observable<never>,
  getText: () => NEVER,
  authorization: () => NEVER,
};

function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 200));
}

async function heapUsed(): Promise<number> {
  await settle();
  collect();
  collect();
  return process.memoryUsage().heapUsed;
}

/** Heap bytes per idle job once `watch` has subscribed to `n` jobs (ids allocated beforehand). */
async function bytesPerJob(
  n: number,
  watch: (client: JobClient, ids: readonly string[]) => Subscription,
): Promise<number> {
  const polls = new PollScheduler(silent, { requestsPerSecond: 10 });
  const client: JobClient = { http, pollScheduler: polls };
  const ids = Array.from({ length: n }, (_, i) => `job-${String(i).padStart(10, '0')}`);
  const before = await heapUsed();
  const subscription = watch(client, ids);
  const after = await heapUsed();
  subscription.unsubscribe();
  polls.dispose();
  return (after - before) / n;
}

const viaSet = (client: JobClient, ids: readonly string[]): Subscription =>
  jobSet$(client, ids).subscribe();

const viaJobStreams = (client: JobClient, ids: readonly string[]): Subscription =>
  merge(...ids.map((id) => job$(client, id, { websocket: false, fetchResult: false }))).subscribe();

async function medianOf(runs: number, measure: () => Promise<number>): Promise<number> {
  const values: number[] = [];
  for (let i = 0; i < runs; i++) values.push(await measure());
  return median(values);
}

const set10k = await medianOf(3, () => bytesPerJob(10_000, viaSet));
const set100k = await medianOf(3, () => bytesPerJob(100_000, viaSet));
const streams10k = await medianOf(3, () => bytesPerJob(10_000, viaJobStreams));

const pass = report('job-set', {
  figures: {
    'bytes per idle member, jobSet$, 100,000 jobs': Math.round(set100k),
    'bytes per idle member, jobSet$, 10,000 jobs': Math.round(set10k),
    'bytes per idle job, one job$ per job merged, 10,000 jobs (baseline)': Math.round(streams10k),
    'baseline / jobSet$ at 10,000 jobs': Number((streams10k / set10k).toFixed(1)),
  },
  targets: [
    { figure: 'bytes per idle member, jobSet$, 100,000 jobs', op: '<=', value: 1000 },
    { figure: 'baseline / jobSet$ at 10,000 jobs', op: '>=', value: 10 },
  ],
});
process.exit(pass ? 0 : 1);
