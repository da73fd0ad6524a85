/**
 * job$ against the real local runtime over real sockets: a Bell job watched with websockets
 * and polling, with polling only, with the websocket cut mid-job, and on a server path without
 * websockets; cancel on the last unsubscribe. Each spec checks that nothing is left open.
 */
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { CreateJobResponse } from '../../src/codecs/job.js';
import type { PrimitiveResult } from '../../src/codecs/result-model.js';
import { isSamplerPubResult } from '../../src/codecs/result-model.js';
import { mapRuntimeStatus } from '../../src/codecs/status.js';
import { startLocalRuntime } from '../../src/local/index.js';
import type { LocalQueueOptions, LocalRuntime } from '../../src/local/index.js';
import type { JobEvent } from '../../src/events/job-event.js';
import { statusFetcherOf } from '../../src/observables/job-client.js';
import type { JobClient } from '../../src/observables/job-client.js';
import { PollScheduler } from '../../src/observables/scheduler/poll-scheduler.js';
import { job$ } from '../../src/observables/job-stream.js';
import type { JobStreamOptions } from '../../src/observables/job-stream.js';
import { cancelOnUnsubscribe } from '../../src/operators/cancel-on-unsubscribe.js';
import { HttpClient } from '../../src/transport/http-client.js';
import { transportStats } from '../../src/transport/websocket.js';
import { trackLeaks } from '../helpers/leaks.js';
import type { LeakTracker } from '../helpers/leaks.js';

const BELL =
  'OPENQASM 3.0; include "stdgates.inc"; qubit[2] q; bit[2] meas; h q[0]; cx q[0], q[1]; meas = measure q;';

const FAST_POLL = { queuedMs: 25, runningMs: 25, floorMs: 5, relaxedMs: 250 };

describe('job$ against the local runtime', () => {
  let leaks: LeakTracker;
  let runtime: LocalRuntime | undefined;
  let http: HttpClient | undefined;
  let socketsAtStart = 0;

  async function start(queue: LocalQueueOptions, faults = {}): Promise<JobClient> {
    runtime = await startLocalRuntime({ port: 0, seed: 42, queue, faults });
    http = new HttpClient({
      baseUrl: `${runtime.url}/v1`,
      credentials: { type: 'bearer', token: runtime.token },
    });
    // A budget large enough for FAST_POLL: the specs look at transitions, not at the budget.
    return {
      http,
      pollScheduler: new PollScheduler(statusFetcherOf(http), { requestsPerSecond: 200 }),
    };
  }

  async function createBell(shots = 64): Promise<string> {
    const created = await firstValueFrom(
      http!.postJson(
        '/jobs',
        {
          program_id: 'sampler',
          backend: 'local_simulator',
          params: { pubs: [[BELL, null, shots]], version: 2 },
        },
        CreateJobResponse,
      ),
    );
    return created.id;
  }

  /** The server's own transitions of the job, in the stream's vocabulary. */
  function serverTransitions(id: string): string[] {
    const record = runtime!.jobRecord(id);
    return (record?.transitions ?? []).map((t) => String(mapRuntimeStatus(t.status).status));
  }

  function statusesOf(events: readonly JobEvent[]): string[] {
    return events.flatMap((e) => (e.type === 'status' ? [e.status] : []));
  }

  function outcomesOf(events: readonly JobEvent[]): string[] {
    const result = events.find((e) => e.type === 'result');
    if (result?.type !== 'result') return [];
    const pub = (result.result as PrimitiveResult)[0];
    if (pub === undefined || !isSamplerPubResult(pub)) return [];
    return Object.keys(pub.data['meas']!.getCounts()).sort();
  }

  async function watch(client: JobClient, id: string, options: JobStreamOptions = {}) {
    return lastValueFrom(job$(client, id, { poll: FAST_POLL, ...options }).pipe(toArray()));
  }

  beforeEach(() => {
    leaks = trackLeaks();
    socketsAtStart = transportStats().openSockets;
  });

  afterEach(async () => {
    await runtime?.close();
    runtime = undefined;
    const client = http;
    http = undefined;
    await leaks.expectNone({
      'HTTP requests in flight': () => client?.stats.inFlight ?? 0,
      'websockets open': () => transportStats().openSockets - socketsAtStart,
    });
  });

  it('watches a Bell job with websockets and polling: QUEUED, RUNNING, DONE once each, then 00/11 counts', async () => {
    const client = await start({ queueDelayMs: 150, runDelayMs: 150 });
    const id = await createBell();
    const events = await watch(client, id);
    expect(statusesOf(events)).toEqual(['QUEUED', 'RUNNING', 'DONE']);
    expect(statusesOf(events)).toEqual(serverTransitions(id));
    const outcomes = outcomesOf(events);
    expect(outcomes.length).toBeGreaterThan(0);
    expect(outcomes.every((k) => k === '00' || k === '11')).toBeTrue();
    // The status socket was used, and the result arrived after the last status.
    const sources = events.flatMap((e) => (e.type === 'status' ? [e.source] : []));
    expect(sources).toContain('websocket');
    expect(events.map((e) => e.type).lastIndexOf('status')).toBeLessThan(
      events.findIndex((e) => e.type === 'result'),
    );
    expect(
      events.some(
        (e) => e.type === 'connection' && e.channel === 'websocket' && e.state === 'open',
      ),
    ).toBeTrue();
  });

  it('watches the same job by polling only, with the same transitions and result', async () => {
    const client = await start({ queueDelayMs: 150, runDelayMs: 150 });
    const id = await createBell();
    const events = await watch(client, id, { websocket: false });
    expect(statusesOf(events)).toEqual(['QUEUED', 'RUNNING', 'DONE']);
    expect(statusesOf(events)).toEqual(serverTransitions(id));
    expect(events.every((e) => e.type !== 'status' || e.source === 'poll')).toBeTrue();
    expect(events.some((e) => e.type === 'connection')).toBeFalse();
    const outcomes = outcomesOf(events);
    expect(outcomes.length).toBeGreaterThan(0);
    expect(outcomes.every((k) => k === '00' || k === '11')).toBeTrue();
  });

  it('keeps every transition when the websocket is cut mid-job: polling carries while it reconnects', async () => {
    const client = await start({ queueDelayMs: 300, runDelayMs: 300 }, { dropWebSocketAfter: 2 });
    const id = await createBell();
    const events = await watch(client, id);
    expect(statusesOf(events)).toEqual(['QUEUED', 'RUNNING', 'DONE']);
    expect(statusesOf(events)).toEqual(serverTransitions(id));
    expect(
      events.some(
        (e) => e.type === 'connection' && e.channel === 'websocket' && e.state === 'reconnecting',
      ),
    ).toBeTrue();
    expect(events.some((e) => e.type === 'status' && e.source === 'poll')).toBeTrue();
    const outcomes = outcomesOf(events);
    expect(outcomes.length).toBeGreaterThan(0);
    expect(outcomes.every((k) => k === '00' || k === '11')).toBeTrue();
  });

  it('falls back to polling without an error where the server has no websocket', async () => {
    const client = await start({ queueDelayMs: 100, runDelayMs: 100 });
    const id = await createBell();
    const events = await watch(
      { ...client, wsBaseUrl: `${runtime!.wsUrl}/no-websockets-here` },
      id,
    );
    expect(statusesOf(events)).toEqual(serverTransitions(id));
    const fallbacks = events.filter((e) => e.type === 'connection' && e.state === 'fallback');
    expect(fallbacks.length).toBe(2); // the job-status socket and the result stream
    expect(outcomesOf(events).length).toBeGreaterThan(0);
  });

  it("reads a job once for two concurrent streams of it, through the client's poll scheduler", async () => {
    const client = await start({ queueDelayMs: 150, runDelayMs: 150 });
    const id = await createBell();
    const alone = client.pollScheduler!.stats.jobRequests;
    const started = Date.now();
    const [a, b] = await Promise.all([
      watch(client, id, { websocket: false }),
      watch(client, id, { websocket: false }),
    ]);
    expect(statusesOf(a)).toEqual(['QUEUED', 'RUNNING', 'DONE']);
    expect(statusesOf(b)).toEqual(['QUEUED', 'RUNNING', 'DONE']);
    // Streams are cold: each downloads its result; the reads were shared (one read per
    // FAST_POLL interval of the job's life, not two).
    expect(runtime!.requestCount({ route: 'jobs.results' })).toBe(2);
    const elapsedMs = Date.now() - started;
    const reads = client.pollScheduler!.stats.jobRequests - alone;
    expect(runtime!.requestCount({ route: 'jobs.get' })).toBe(reads);
    // About one read per 25 ms of the job's life (two streams reading on their own: twice).
    expect(reads).toBeLessThanOrEqual(Math.ceil(elapsedMs / 25) + 2);
  });

  it('sends exactly one cancel when the last subscriber leaves, and the server cancels the job', async () => {
    const client = await start({ queueDelayMs: 0, runDelayMs: 60_000 });
    const id = await createBell();
    const target = { cancel: () => http!.postJson(`/jobs/${id}/cancel`) };
    const events$ = job$(client, id, { poll: FAST_POLL }).pipe(
      cancelOnUnsubscribe(target, 'on-last-unsubscribe'),
    );
    let failure: unknown;
    let resolveRunning: () => void = () => undefined;
    const running = new Promise<void>((resolve) => (resolveRunning = resolve));
    const subs = [events$, events$].map((e$) =>
      e$.subscribe({
        next: (e) => {
          if (e.type === 'status' && e.status === 'RUNNING') resolveRunning();
        },
        error: (err: unknown) => {
          failure = err;
          resolveRunning();
        },
      }),
    );
    await running;
    expect(failure).toBeUndefined();
    subs[0]!.unsubscribe(); // one subscriber is left: no cancel yet
    expect(runtime!.requestCount({ route: 'jobs.cancel' })).toBe(0);
    subs[1]!.unsubscribe();
    const until = Date.now() + 5000;
    while (runtime!.jobRecord(id)?.status !== 'Cancelled' && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(runtime!.jobRecord(id)?.status).toBe('Cancelled');
    expect(runtime!.requestCount({ route: 'jobs.cancel' })).toBe(1);
  });
});
