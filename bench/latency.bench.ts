/**
 * Latency benchmark of the job streams, each figure against a bare baseline in the same run.
 *
 * 1. Push-to-subscriber latency. A local runtime in a child process runs Bell jobs one after
 *    another; each job is watched from this process by `job$` (job-status websocket, polling
 *    relaxed) and by a bare `ws` client on the same job-status socket, both connected while
 *    the job is queued. The runtime's `send` is wrapped to stamp each `job-status` frame with
 *    the system-wide monotonic clock (`process.hrtime`, the same clock in both processes) as
 *    `data.sentAt`, so both arms measure from the same instant: for the library, until the
 *    RUNNING `status` event reaches the subscriber; for the baseline, until the frame reaches
 *    its `message` listener. The order in which the two sockets connect alternates from job to
 *    job, so neither arm is always served first. 2,000 jobs after 50 for warm-up. Figure: p99
 *    (and p50) of library / baseline.
 * 2. CPU per poll. A local runtime in a child process (so its own CPU is not counted) holds a
 *    job queued for ever; this process reads its details N times with the library's polling
 *    source (`pollJob$`, the job's view of a `PollScheduler` over `HttpClient`, with the
 *    shortest intervals and a budget it never reaches) and N times with a bare cross-fetch loop
 *    (same headers, `res.json()`, read `state.status`), in rounds whose order turns; a third arm reads
 *    through `HttpClient.getJson` alone, to show what the transport costs by itself. Figure:
 *    CPU time (`process.cpuUsage`, user + system) per poll, library / baseline, median of the
 *    rounds.
 */
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import crossFetch from 'cross-fetch';
import { count, lastValueFrom, take, tap } from 'rxjs';
import { WebSocket } from 'ws';
import { CreateJobResponse, JobDetails } from '../src/codecs/job.js';
import { startLocalRuntime } from '../src/local/index.js';
import type { LocalQueueOptions } from '../src/local/index.js';
import { statusFetcherOf } from '../src/observables/job-client.js';
import type { JobClient } from '../src/observables/job-client.js';
import { PollScheduler } from '../src/observables/scheduler/poll-scheduler.js';
import { job$ } from '../src/observables/job-stream.js';
import { pollJob$ } from '../src/observables/sources/poll-source.js';
import { DEFAULT_API_VERSION, HttpClient } from '../src/transport/http-client.js';
import type { WebSocketFactory, WebSocketLike } from '../src/transport/websocket.js';
import { median, percentile, report } from './harness.js';

const BELL =
  'OPENQASM 3.0; include "stdgates.inc"; qubit[2] q; bit[2] meas; h q[0]; cx q[0], q[1]; meas = measure q;';

const SERVER_ENV = 'LATENCY_BENCH_SERVER';

/**
 * Jobs measured for the push latency (after 50 for warm-up). 2,000 make the p99 the 20th
 * worst sample: a single garbage collection landing in one arm's window moves it far less
 * than with 1,000. `LATENCY_BENCH_JOBS` overrides.
 */
const PUSH_JOBS = Number(process.env['LATENCY_BENCH_JOBS'] ?? 2000);
/** Rounds of 1,000 polls per arm for the CPU figure, the order turning each round (median reported). */
const CPU_ROUNDS = 21;

interface ServerInfo {
  readonly url: string;
  readonly wsUrl: string;
  readonly token: string;
}

/**
 * Milliseconds on the system-wide monotonic clock (`CLOCK_MONOTONIC` through
 * `process.hrtime`): the same clock in the runtime's process and in this one.
 */
function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function createBell(http: HttpClient): Promise<string> {
  const created = await lastValueFrom(
    http.postJson(
      '/jobs',
      {
        program_id: 'sampler',
        backend: 'local_simulator',
        params: { pubs: [[BELL, null, 16]], version: 2 },
      },
      CreateJobResponse,
    ),
  );
  return created.id;
}

// ------------------------------------------------------------------------------------------
// 1. Push-to-subscriber latency

const STATUS_PREFIX = '{"type":"job-status","data":{';
/** How long each job stays queued (both watchers connect meanwhile) and then runs. */
const QUEUE_MS = 50;
const RUN_MS = 10;

/** Stamp every job-status frame this process sends with its send time. */
function stampJobStatusFrames(): void {
  const proto = WebSocket.prototype as unknown as {
    send: (data: unknown, ...rest: unknown[]) => void;
  };
  const send = proto.send;
  proto.send = function stamped(this: WebSocket, data: unknown, ...rest: unknown[]): void {
    const out =
      typeof data === 'string' && data.startsWith(STATUS_PREFIX)
        ? `${STATUS_PREFIX}"sentAt":${monotonicMs()},${data.slice(STATUS_PREFIX.length)}`
        : data;
    send.call(this, out, ...rest);
  };
}

function runningSentAt(frames: readonly string[]): number | undefined {
  for (const text of frames) {
    const msg = JSON.parse(text) as { type?: string; data?: { status?: string; sentAt?: number } };
    if (msg.type === 'job-status' && msg.data?.status === 'RUNNING') return msg.data.sentAt;
  }
  return undefined;
}

interface LatencySamples {
  readonly library: number[];
  readonly bare: number[];
}

async function measurePushLatency(jobs: number): Promise<LatencySamples> {
  // Each job stays queued long enough for both watchers to connect, then runs briefly.
  const { info: runtime, child } = await startChildRuntime(
    { concurrency: 1, queueDelayMs: QUEUE_MS, runDelayMs: RUN_MS },
    true,
  );
  const http = new HttpClient({
    baseUrl: `${runtime.url}/v1`,
    credentials: { type: 'bearer', token: runtime.token },
  });
  // Frames received by the library's sockets, by URL (the job id is in it).
  const libraryFrames = new Map<string, string[]>();
  const factory: WebSocketFactory = (url, protocols, headers) => {
    const socket = new WebSocket(url, [...protocols], headers ? { headers: { ...headers } } : {});
    const frames: string[] = [];
    libraryFrames.set(url, frames);
    socket.addEventListener('message', (event) => frames.push(String(event.data)));
    return socket as unknown as WebSocketLike;
  };
  const client: JobClient = { http, webSocketFactory: factory };
  const statusUrl = (id: string): string => `${runtime.wsUrl}/v1/jobs/${id}/status/v/1`;

  const ids: string[] = [];
  const libraryArrivals = new Map<string, number>();
  const bareFrames = new Map<string, [number, string][]>();

  const failures: unknown[] = [];
  const watchLibrary = (id: string): Promise<void> =>
    new Promise<void>((resolve) => {
      job$(client, id, {
        websocket: 'status',
        fetchResult: false,
        poll: { queuedMs: 600_000, runningMs: 600_000, relaxedMs: 600_000, floorMs: 0 },
      }).subscribe({
        next: (event) => {
          if (event.type === 'status' && event.status === 'RUNNING') {
            libraryArrivals.set(id, monotonicMs());
          }
        },
        error: (err: unknown) => {
          failures.push(err);
          resolve();
        },
        complete: resolve,
      });
    });

  const watchBare = (id: string): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const frames: [number, string][] = [];
      bareFrames.set(id, frames);
      const socket = new WebSocket(statusUrl(id));
      socket.on('open', () =>
        socket.send(JSON.stringify({ type: 'authentication', data: runtime.token })),
      );
      socket.on('message', (data) => frames.push([monotonicMs(), String(data)]));
      socket.on('close', () => resolve());
      socket.on('error', reject);
    });

  // One job at a time, so each push meets an idle event loop. Library first for even jobs,
  // the bare client first for odd ones; both are connected before the job starts running.
  for (let i = 0; i < jobs; i++) {
    const id = await createBell(http);
    ids.push(id);
    const arms: [() => Promise<void>, () => number][] = [
      [() => watchLibrary(id), () => libraryFrames.get(statusUrl(id))?.length ?? 0],
      [() => watchBare(id), () => bareFrames.get(id)?.length ?? 0],
    ];
    if (i % 2 === 1) arms.reverse();
    const done: Promise<void>[] = [];
    for (const [watch, frames] of arms) {
      let ended = false;
      done.push(watch().finally(() => (ended = true)));
      await waitForFrames(frames, () => ended);
    }
    await Promise.all(done);
  }

  child.stdin.end();
  await new Promise((resolve) => child.once('exit', resolve));
  if (failures.length > 0) throw failures[0];

  const library: number[] = [];
  const bare: number[] = [];
  for (const id of ids) {
    // Frames 0 and 1 answer the connection (authenticated, current status); a RUNNING frame
    // after them is a push. Jobs that were already running when a watcher connected (the
    // setup was slower than the queue delay) are left out.
    const libSent = runningSentAt((libraryFrames.get(statusUrl(id)) ?? []).slice(2));
    const libAt = libraryArrivals.get(id);
    const bareEntry = (bareFrames.get(id) ?? [])
      .slice(2)
      .find(([, text]) => runningSentAt([text]) !== undefined);
    if (libSent === undefined || libAt === undefined || bareEntry === undefined) continue;
    library.push(libAt - libSent);
    bare.push(bareEntry[0] - runningSentAt([bareEntry[1]])!);
  }
  return { library, bare };
}

/**
 * Wait until the socket delivered its first two frames (authenticated, current status), or the
 * watcher already ended (the job finished before it connected).
 */
async function waitForFrames(count: () => number, ended: () => boolean): Promise<void> {
  const until = performance.now() + 10_000;
  while (count() < 2 && !ended()) {
    if (performance.now() > until) throw new Error('websocket did not authenticate in time');
    await sleep(1);
  }
}

// ------------------------------------------------------------------------------------------
// 2. CPU per poll, against a runtime in a child process

function startChildRuntime(
  queue: LocalQueueOptions,
  stamp = false,
): Promise<{
  info: ServerInfo;
  child: ChildProcessWithoutNullStreams;
}> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
    env: { ...process.env, [SERVER_ENV]: JSON.stringify({ queue, stamp }) },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stderr.on('data', (chunk) => process.stderr.write(chunk));
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => resolve({ info: JSON.parse(line) as ServerInfo, child }));
    child.once('exit', (code) => reject(new Error(`runtime child exited with ${code}`)));
  });
}

function cpuMicros(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return used.user + used.system;
}

async function libraryPolls(http: HttpClient, id: string, n: number): Promise<number> {
  // The client's one poller, with nothing to wait for: a budget far above the loop's pace, one
  // read in flight, and the shortest intervals it accepts.
  const scheduler = new PollScheduler(statusFetcherOf(http), {
    requestsPerSecond: 50_000,
    maxInFlight: 1,
    batch: false,
    intervals: { queuedMs: 0, runningMs: 0, initialMs: 0, floorMs: 0 },
  });
  let wrong = 0;
  const polls$ = pollJob$(scheduler, id).pipe(
    take(n),
    tap((reading) => {
      if (reading.mapped.status !== 'QUEUED') wrong++;
    }),
    count(),
  );
  const start = process.cpuUsage();
  const polled = await lastValueFrom(polls$);
  const cpu = cpuMicros(start);
  scheduler.dispose();
  if (polled !== n || wrong > 0) throw new Error('library polls did not all read the queued job');
  return cpu / n;
}

/** The transport alone: the same GET through `HttpClient` (headers, retries, typed errors). */
async function httpClientPolls(http: HttpClient, id: string, n: number): Promise<number> {
  const start = process.cpuUsage();
  for (let i = 0; i < n; i++) {
    const details = await lastValueFrom(
      http.getJson(`/jobs/${id}`, JobDetails, { exclude_params: true }),
    );
    if (details.state.status !== 'Queued') throw new Error('HttpClient poll misread the job');
  }
  return cpuMicros(start) / n;
}

/** The baseline: cross-fetch with the headers `HttpClient` sends, `res.json()`, the status. */
async function barePolls(info: ServerInfo, id: string, n: number): Promise<number> {
  const url = `${info.url}/v1/jobs/${id}?exclude_params=true`;
  const headers = {
    Authorization: `Bearer ${info.token}`,
    Accept: 'application/json',
    'IBM-API-Version': DEFAULT_API_VERSION,
  };
  const start = process.cpuUsage();
  for (let i = 0; i < n; i++) {
    const res = await crossFetch(url, { headers });
    if (!res.ok) throw new Error(`bare poll failed: HTTP ${res.status}`);
    const body = (await res.json()) as { state?: { status?: string } };
    if (body.state?.status !== 'Queued') throw new Error('bare poll did not read the queued job');
  }
  return cpuMicros(start) / n;
}

async function measureCpuPerPoll(
  polls: number,
  rounds: number,
): Promise<{ library: number; httpClient: number; bare: number }> {
  const { info, child } = await startChildRuntime({ queueDelayMs: 3_600_000 });
  try {
    const http = new HttpClient({
      baseUrl: `${info.url}/v1`,
      credentials: { type: 'bearer', token: info.token },
    });
    const id = await createBell(http);
    // Warm-up of both paths (JIT, connection pool).
    await libraryPolls(http, id, 300);
    await httpClientPolls(http, id, 300);
    await barePolls(info, id, 300);
    const library: number[] = [];
    const httpClient: number[] = [];
    const bare: number[] = [];
    const arms: (() => Promise<void>)[] = [
      async () => void library.push(await libraryPolls(http, id, polls)),
      async () => void httpClient.push(await httpClientPolls(http, id, polls)),
      async () => void bare.push(await barePolls(info, id, polls)),
    ];
    // The order turns each round, so no arm always runs first or after the same other arm
    // (and pays for the garbage it left).
    for (let round = 0; round < rounds; round++) {
      for (let k = 0; k < arms.length; k++) await arms[(round + k) % arms.length]!();
    }
    return { library: median(library), httpClient: median(httpClient), bare: median(bare) };
  } finally {
    child.stdin.end();
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

// ------------------------------------------------------------------------------------------

async function serveChild(): Promise<void> {
  const { queue, stamp } = JSON.parse(process.env[SERVER_ENV]!) as {
    queue: LocalQueueOptions;
    stamp: boolean;
  };
  if (stamp) stampJobStatusFrames();
  const runtime = await startLocalRuntime({ port: 0, seed: 9, queue });
  process.stdout.write(
    `${JSON.stringify({ url: runtime.url, wsUrl: runtime.wsUrl, token: runtime.token })}\n`,
  );
  process.stdin.resume();
  process.stdin.once('end', () => {
    void runtime.close().then(() => process.exit(0));
  });
}

async function main(): Promise<void> {
  await measurePushLatency(50); // warm-up
  const latency = await measurePushLatency(PUSH_JOBS);
  if (latency.library.length < PUSH_JOBS * 0.9) {
    throw new Error(`only ${latency.library.length} latency samples were collected`);
  }
  const cpu = await measureCpuPerPoll(1000, CPU_ROUNDS);

  const libP50 = percentile(latency.library, 50);
  const libP99 = percentile(latency.library, 99);
  const bareP50 = percentile(latency.bare, 50);
  const bareP99 = percentile(latency.bare, 99);
  const passed = report('latency', {
    figures: {
      samples: latency.library.length,
      library_p50_us: libP50 * 1000,
      library_p99_us: libP99 * 1000,
      bare_ws_p50_us: bareP50 * 1000,
      bare_ws_p99_us: bareP99 * 1000,
      p50_ratio: libP50 / bareP50,
      p99_ratio: libP99 / bareP99,
      library_cpu_per_poll_us: cpu.library,
      http_client_cpu_per_poll_us: cpu.httpClient,
      bare_fetch_cpu_per_poll_us: cpu.bare,
      poll_source_over_http_client_ratio: cpu.library / cpu.httpClient,
      cpu_per_poll_ratio: cpu.library / cpu.bare,
    },
    targets: [
      { figure: 'p99_ratio', op: '<=', value: 1.3 },
      { figure: 'cpu_per_poll_ratio', op: '<=', value: 1.3 },
    ],
  });
  process.exitCode = passed ? 0 : 1;
}

if (process.env[SERVER_ENV] !== undefined) await serveChild();
else await main();
