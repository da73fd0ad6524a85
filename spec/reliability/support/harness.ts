/**
 * The fault-injection harness: one {@link Run} is one scenario with one seed against a real
 * local runtime over real sockets. It starts the runtime with the scenario's fault knobs,
 * creates a job, watches it with `job$` (optionally through `deadline` and
 * `cancelOnUnsubscribe`, with several subscribers, unsubscribing at seeded points), and then
 * checks the promise users rely on:
 *
 * - the statuses the stream emitted equal the server's own record of the job (its monotonic
 *   projection: a restart's re-queue is not a transition a stream can show), once each, in
 *   order; a stream that stopped early (unsubscribed, typed error) emitted a prefix of it;
 * - when the job finished, the result arrived once and equals the server's result;
 * - a malformed payload surfaced as a typed `DecodeError` and as nothing else;
 * - exactly one cancel reached the server where the cancel policy asks for one, none elsewhere;
 * - nothing is left open: websockets at the server, requests in flight, timers and sockets
 *   of the process.
 *
 * Nothing here depends on jasmine: the spec and `scripts/soak.ts` both drive it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import type { Observable, Subscription } from 'rxjs';
import { DecodeError, RuntimeJobTimeoutError } from '../../../src/codecs/errors.js';
import type { PrimitiveResult } from '../../../src/codecs/result-model.js';
import { isSamplerPubResult } from '../../../src/codecs/result-model.js';
import { decodeResult } from '../../../src/codecs/results.js';
import { isFinal, mapRuntimeStatus, rank } from '../../../src/codecs/status.js';
import type { JobStatus } from '../../../src/codecs/status.js';
import { startLocalRuntime } from '../../../src/local/index.js';
import type { FaultOptions, LocalRuntime, LocalRuntimeOptions } from '../../../src/local/index.js';
import type { JobEvent } from '../../../src/events/job-event.js';
import { statusFetcherOf } from '../../../src/observables/job-client.js';
import type { JobClient } from '../../../src/observables/job-client.js';
import { PollScheduler } from '../../../src/observables/scheduler/poll-scheduler.js';
import { job$ } from '../../../src/observables/job-stream.js';
import type { JobStreamOptions, WebSocketMode } from '../../../src/observables/job-stream.js';
import { cancelOnUnsubscribe } from '../../../src/operators/cancel-on-unsubscribe.js';
import type { CancelPolicy } from '../../../src/operators/cancel-on-unsubscribe.js';
import { deadline } from '../../../src/operators/deadline.js';
import { TokenSource } from '../../../src/transport/credentials.js';
import { HttpClient } from '../../../src/transport/http-client.js';
import type { RetryPolicy } from '../../../src/transport/retry.js';
import { transportStats } from '../../../src/transport/websocket.js';
import { activeResources, resourceGrowth } from '../../helpers/leaks.js';
import type { ResourceCounts } from '../../helpers/leaks.js';
import type { RunReport } from './figures.js';

/** The Bell circuit every run samples. */
export const BELL =
  'OPENQASM 3.0; include "stdgates.inc"; qubit[2] q; bit[2] meas; h q[0]; cx q[0], q[1]; meas = measure q;';

/** Poll pace of the runs: fast, so a status that lasts a few hundred ms is always seen. */
export const FAST_POLL = { queuedMs: 25, runningMs: 25, floorMs: 5, relaxedMs: 150 } as const;

/** Longest a watched stream may take before the run counts it as hung. */
const STREAM_TIMEOUT_MS = 30_000;

/** A small seeded generator (mulberry32) for every choice a scenario makes. */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }

  /** A number in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** A number in [min, max). */
  between(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  /** One of `items`. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Wait until `ok()` holds or `ms` pass; resolves to whether it held. */
export async function waitFor(ok: () => boolean, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (!ok()) {
    if (Date.now() >= until) return false;
    await sleep(5);
  }
  return true;
}

/** What a watch of one job saw, per subscriber. */
export interface Watched {
  /** Events of each subscriber, in order. */
  readonly events: JobEvent[][];
  /** How each subscriber's stream ended. */
  readonly endings: ('complete' | 'error' | 'unsubscribed' | 'hung')[];
  /** The error each subscriber's stream failed with, if any. */
  readonly errors: unknown[];
}

/** How to watch. */
export interface WatchPlan {
  readonly websocket?: WebSocketMode;
  readonly wsBaseUrl?: string;
  readonly idleTimeoutMs?: number;
  /** Cancel policy applied with `cancelOnUnsubscribe`; none when undefined. */
  readonly cancelPolicy?: CancelPolicy;
  /** `deadline(ms)` placed before `cancelOnUnsubscribe`. */
  readonly deadlineMs?: number;
  /** Number of subscribers (default 1). */
  readonly subscribers?: number;
  /** For each subscriber, unsubscribe after this many ms (undefined: keep it to the end). */
  readonly unsubscribeAfterMs?: readonly (number | undefined)[];
  /** Poll pace (default {@link FAST_POLL}). */
  readonly poll?: JobStreamOptions['poll'];
  /** Watch through this client instead of the run's own. */
  readonly client?: JobClient;
  /** Called once the first subscriber is subscribed (to inject faults mid-run). */
  readonly during?: () => Promise<void>;
}

/** Options of {@link Run.start}. */
export interface StartOptions extends LocalRuntimeOptions {
  /**
   * Authenticate with an API key exchanged at the runtime's IAM endpoint. `clockRate` below 1
   * makes the client's clock run slow, so it keeps using a token the server has expired.
   */
  readonly iam?: { readonly ttlSeconds: number; readonly clockRate: number };
}

/** One scenario with one seed. */
export class Run {
  readonly random: SeededRandom;
  readonly problems: string[] = [];
  runtime!: LocalRuntime;
  http!: HttpClient;
  client!: JobClient;
  transitionsChecked = 0;
  resultsChecked = 0;
  losses = 0;
  duplicates = 0;
  leaks = 0;
  decodeErrors = 0;
  cancelsChecked = 0;
  private readonly resourcesAtStart: ResourceCounts;
  private readonly socketsAtStart: number;
  private startOptions: StartOptions = {};
  private readonly cleanups: (() => Promise<void>)[] = [];
  readonly retry: Partial<RetryPolicy>;

  constructor(
    readonly scenario: string,
    readonly seed: number,
  ) {
    this.random = new SeededRandom(hash(scenario) ^ Math.imul(seed, 0x9e3779b1));
    this.resourcesAtStart = activeResources();
    this.socketsAtStart = transportStats().openSockets;
    this.retry = {
      maxAttempts: 12,
      baseDelayMs: 5,
      maxDelayMs: 80,
      jitter: 0.5,
    };
  }

  /** Record a broken promise. */
  problem(text: string): void {
    this.problems.push(text);
  }

  /** Start the runtime and a client for it. */
  async start(options: StartOptions = {}): Promise<void> {
    this.startOptions = options;
    const { iam, ...runtimeOptions } = options;
    this.runtime = await startLocalRuntime({ port: 0, seed: this.seed, ...runtimeOptions });
    if (iam !== undefined) this.runtime.setIamTokenTtl(iam.ttlSeconds);
    this.http = this.newHttpClient();
    this.client = this.clientFor(this.http);
  }

  /**
   * A job client over `http` with its own poll scheduler, its budget large enough for
   * {@link FAST_POLL} (the scenarios check transitions, not the budget) and its backoff the
   * run's retry policy's.
   */
  clientFor(http: HttpClient): JobClient {
    return {
      http,
      pollScheduler: new PollScheduler(statusFetcherOf(http), {
        requestsPerSecond: 200,
        backoff: { initialMs: this.retry.baseDelayMs, maxMs: this.retry.maxDelayMs },
      }),
    };
  }

  /** A fresh HTTP client for the current runtime (same credentials as the run's). */
  newHttpClient(): HttpClient {
    const iam = this.startOptions.iam;
    const random = () => this.random.next();
    if (iam !== undefined) {
      const origin = Date.now();
      const tokens = new TokenSource(
        { type: 'iam', apiKey: this.runtime.token, iamUrl: this.runtime.iamUrl },
        { now: () => origin + (Date.now() - origin) * iam.clockRate, retry: this.retry },
      );
      return new HttpClient({
        baseUrl: `${this.runtime.url}/v1`,
        tokenSource: tokens,
        retry: this.retry,
        random,
      });
    }
    return new HttpClient({
      baseUrl: `${this.runtime.url}/v1`,
      credentials: { type: 'bearer', token: this.runtime.token },
      retry: this.retry,
      random,
    });
  }

  /** A temporary data directory removed when the run ends. */
  async tempDir(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'qjobs-reliability-'));
    this.cleanups.push(() => rm(dir, { recursive: true, force: true }));
    return dir;
  }

  /** Stop the runtime and start it again on the same port with the same options (and data). */
  async restart(downtimeMs: number): Promise<void> {
    const port = this.runtime.port;
    const token = this.runtime.token;
    const faults = this.runtime.faults;
    await this.runtime.close();
    await sleep(downtimeMs);
    const { iam, ...runtimeOptions } = this.startOptions;
    for (let attempt = 0; ; attempt++) {
      try {
        this.runtime = await startLocalRuntime({
          ...runtimeOptions,
          seed: this.seed,
          port,
          token,
          faults,
        });
        break;
      } catch (e) {
        if (attempt >= 20) throw e;
        await sleep(25); // the port is still being released
      }
    }
    if (iam !== undefined) this.runtime.setIamTokenTtl(iam.ttlSeconds);
  }

  /** Create a Bell sampler job with every fault switched off for the creation. */
  async createJob(shots = 64): Promise<string> {
    const faults = this.runtime.faults;
    this.runtime.setFaults({});
    try {
      const res = await fetch(`${this.runtime.url}/v1/jobs`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${this.runtime.token}`,
          'Content-Type': 'application/json',
        },
        body: JSON.stringify({
          program_id: 'sampler',
          backend: 'local_simulator',
          params: { pubs: [[BELL, null, shots]], version: 2 },
        }),
      });
      const text = await res.text();
      if (res.status !== 200) throw new Error(`job creation answered ${res.status}: ${text}`);
      return (JSON.parse(text) as { id: string }).id;
    } finally {
      this.runtime.setFaults(faults);
    }
  }

  /** Change the fault knobs now. */
  setFaults(faults: FaultOptions): void {
    this.runtime.setFaults(faults);
  }

  /** Watch `jobId` as planned; resolves once every subscriber's stream ended or was left. */
  async watch(jobId: string, plan: WatchPlan = {}): Promise<Watched> {
    const client: JobClient = {
      ...(plan.client ?? this.client),
      ...(plan.wsBaseUrl !== undefined ? { wsBaseUrl: plan.wsBaseUrl } : {}),
    };
    const options: JobStreamOptions = {
      poll: plan.poll ?? FAST_POLL,
      retry: this.retry,
      reconnect: { maxRetries: 6, backoffMs: 20, maxBackoffMs: 200 },
      ...(plan.websocket !== undefined ? { websocket: plan.websocket } : {}),
      ...(plan.idleTimeoutMs !== undefined ? { idleTimeoutMs: plan.idleTimeoutMs } : {}),
    };
    let stream$: Observable<JobEvent> = job$(client, jobId, options);
    if (plan.deadlineMs !== undefined) stream$ = stream$.pipe(deadline(plan.deadlineMs, { jobId }));
    if (plan.cancelPolicy !== undefined) {
      const http = this.http;
      stream$ = stream$.pipe(
        cancelOnUnsubscribe(
          {
            cancel: () =>
              http.request({ method: 'POST', path: `/jobs/${jobId}/cancel`, accept: 'none' }),
          },
          plan.cancelPolicy,
        ),
      );
    }
    const n = plan.subscribers ?? 1;
    const events: JobEvent[][] = Array.from({ length: n }, () => []);
    const endings: Watched['endings'] = Array.from({ length: n }, () => 'hung');
    const errors: unknown[] = Array.from({ length: n }, () => undefined);
    const subs: Subscription[] = [];
    const timers: NodeJS.Timeout[] = [];
    const done = Array.from({ length: n }, () => {
      let resolve!: () => void;
      const p = new Promise<void>((r) => (resolve = r));
      return { p, resolve };
    });
    for (let i = 0; i < n; i++) {
      const sub = stream$.subscribe({
        next: (e) => events[i]!.push(e),
        error: (err: unknown) => {
          endings[i] = 'error';
          errors[i] = err;
          done[i]!.resolve();
        },
        complete: () => {
          endings[i] = 'complete';
          done[i]!.resolve();
        },
      });
      subs.push(sub);
      const after = plan.unsubscribeAfterMs?.[i];
      if (after !== undefined) {
        timers.push(
          setTimeout(() => {
            if (endings[i] === 'hung') endings[i] = 'unsubscribed';
            sub.unsubscribe();
            done[i]!.resolve();
          }, after),
        );
      }
    }
    if (plan.during !== undefined) await plan.during();
    const timeout = new Promise<'timeout'>((resolve) =>
      timers.push(setTimeout(() => resolve('timeout'), STREAM_TIMEOUT_MS)),
    );
    const outcome = await Promise.race([Promise.all(done.map((d) => d.p)), timeout]);
    for (const t of timers) clearTimeout(t);
    if (outcome === 'timeout') {
      this.problem(`the stream did not end within ${STREAM_TIMEOUT_MS} ms`);
      for (const s of subs) s.unsubscribe();
    }
    return { events, endings, errors };
  }

  /** The server's transitions of `jobId` in the stream's vocabulary, as a stream can show them. */
  serverStatuses(jobId: string): JobStatus[] {
    const record = this.runtime.jobRecord(jobId);
    if (record === undefined) {
      this.problem(`the runtime has no record of job ${jobId}`);
      return [];
    }
    const out: JobStatus[] = [];
    let reached = -1;
    for (const t of record.transitions) {
      const mapped = mapRuntimeStatus(t.status, { reasonCode: t.reasonCode ?? null }).status;
      if (typeof mapped !== 'string') continue;
      if (rank(mapped) > reached) {
        out.push(mapped);
        reached = rank(mapped);
        if (isFinal(mapped)) break;
      }
    }
    return out;
  }

  /**
   * Check one subscriber's statuses against the server's record: equal when the stream ran to
   * the job's end, a prefix when it stopped early. Counts losses and duplicates.
   */
  checkTransitions(
    jobId: string,
    events: readonly JobEvent[],
    ranToEnd: boolean,
    who = 'stream',
  ): void {
    const seen = events.flatMap((e) => (e.type === 'status' ? [e.status] : []));
    const server = this.serverStatuses(jobId);
    const dupes = seen.length - new Set(seen).size;
    if (dupes > 0) {
      this.duplicates += dupes;
      this.problem(`${who}: duplicated statuses ${seen.join(' ')} (server ${server.join(' ')})`);
    }
    const unique = [...new Set(seen)];
    const prefix = server.slice(0, unique.length);
    if (unique.join() !== prefix.join()) {
      this.problem(`${who}: statuses ${seen.join(' ')} are not the server's ${server.join(' ')}`);
    }
    if (ranToEnd) {
      const missing = server.filter((s) => !unique.includes(s));
      if (missing.length > 0) {
        this.losses += missing.length;
        this.problem(
          `${who}: lost ${missing.join(' ')} (saw ${seen.join(' ')}, server ${server.join(' ')})`,
        );
      }
      this.transitionsChecked += server.length;
    } else {
      this.transitionsChecked += unique.length;
    }
  }

  /** Counts per register of every sampler PUB, as one comparable text. */
  static digest(result: PrimitiveResult): string {
    return JSON.stringify(
      [...result].map((pub) =>
        isSamplerPubResult(pub)
          ? Object.entries(pub.data)
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([name, bits]) => [name, bits.numShots, Object.entries(bits.getCounts()).sort()])
          : 'estimator',
      ),
    );
  }

  /** The server's result of `jobId`, read with faults off, as a digest. */
  async serverResult(jobId: string): Promise<string | undefined> {
    const faults = this.runtime.faults;
    this.runtime.setFaults({});
    try {
      const res = await fetch(`${this.runtime.url}/v1/jobs/${jobId}/results`, {
        headers: { Authorization: `Bearer ${this.runtime.token}` },
      });
      const text = await res.text();
      if (res.status !== 200) {
        this.problem(`the server's result of ${jobId}: HTTP ${res.status} ${text.slice(0, 200)}`);
        return undefined;
      }
      const decoded = decodeResult(text);
      if (E.isLeft(decoded)) {
        this.problem(`the server's result does not decode: ${decoded.left.message}`);
        return undefined;
      }
      return Run.digest(decoded.right);
    } finally {
      this.runtime.setFaults(faults);
    }
  }

  /**
   * Check one subscriber's result: when its stream completed after DONE, exactly one result
   * event equal to the server's; when it failed, the failure is allowed only if `allowed` says so.
   */
  async checkOutcome(
    jobId: string,
    events: readonly JobEvent[],
    ending: Watched['endings'][number],
    error: unknown,
    allowed: (error: unknown) => boolean = () => false,
    who = 'stream',
  ): Promise<void> {
    const results = events.filter((e) => e.type === 'result');
    const last = [...events].reverse().find((e) => e.type === 'status');
    if (ending === 'error') {
      if (error instanceof DecodeError) this.decodeErrors++;
      if (!allowed(error)) {
        const name = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        this.problem(`${who}: failed with ${name}`);
      }
      if (results.length > 0) this.problem(`${who}: failed after ${results.length} result(s)`);
      return;
    }
    if (ending !== 'complete') return;
    if (last?.type !== 'status' || last.status !== 'DONE') {
      this.problem(
        `${who}: completed without DONE (last status ${last?.type === 'status' ? last.status : 'none'})`,
      );
      return;
    }
    if (results.length !== 1) {
      this.problem(`${who}: ${results.length} result events for a DONE job`);
      return;
    }
    const expected = await this.serverResult(jobId);
    const got = results[0]!.type === 'result' ? Run.digest(results[0]!.result) : '';
    this.resultsChecked++;
    if (expected !== undefined && got !== expected) {
      this.losses++;
      this.problem(`${who}: result ${got} differs from the server's ${expected}`);
    }
  }

  /** Check that exactly `expected` cancels reached the server for `jobId` (waiting for stragglers). */
  async checkCancels(jobId: string, expected: number, why: string): Promise<void> {
    const count = () =>
      this.runtime.requests().filter((r) => r.route === 'jobs.cancel' && r.path.includes(jobId))
        .length;
    await waitFor(() => count() >= expected, 2000);
    await sleep(100); // a second cancel would arrive now
    this.cancelsChecked++;
    if (count() !== expected)
      this.problem(`${count()} cancel requests, expected ${expected} (${why})`);
  }

  /** After the streams ended: the client closed its websockets and has no request in flight. */
  async checkClientClosed(): Promise<void> {
    const closed = await waitFor(
      () => this.runtime.openSockets().websockets === 0 && this.http.stats.inFlight === 0,
      3000,
    );
    if (!closed) {
      this.leaks++;
      this.problem(
        `left open after the stream ended: ${this.runtime.openSockets().websockets} websockets at the server, ${this.http.stats.inFlight} requests in flight`,
      );
    }
  }

  /** Close everything and check the process is back where it started. */
  async finish(): Promise<void> {
    await this.runtime?.close();
    for (const c of this.cleanups) await c();
    const left = (): string[] => {
      const open = resourceGrowth(this.resourcesAtStart, activeResources());
      const sockets = transportStats().openSockets - this.socketsAtStart;
      if (sockets > 0) open.push(`websockets +${sockets}`);
      return open;
    };
    await waitFor(() => left().length === 0, 3000);
    const open = left();
    if (open.length > 0) {
      this.leaks += open.length;
      this.problem(`left open after the run: ${open.join(', ')}`);
    }
  }

  /** The run's report. */
  report(ms: number): RunReport {
    return {
      scenario: this.scenario,
      seed: this.seed,
      transitionsChecked: this.transitionsChecked,
      resultsChecked: this.resultsChecked,
      losses: this.losses,
      duplicates: this.duplicates,
      leaks: this.leaks,
      decodeErrors: this.decodeErrors,
      cancelsChecked: this.cancelsChecked,
      ms,
      problems: [...this.problems],
    };
  }
}

/** One fault-injection scenario: what it does with a {@link Run}. */
export interface Scenario {
  readonly name: string;
  run(r: Run): Promise<void>;
}

/** Run `scenario` with `seed` and report (a thrown error is a problem of the run, not a crash). */
export async function runScenario(scenario: Scenario, seed: number): Promise<RunReport> {
  const started = Date.now();
  const r = new Run(scenario.name, seed);
  try {
    await scenario.run(r);
  } catch (e) {
    r.problem(`the scenario threw: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  }
  try {
    await r.finish();
  } catch (e) {
    r.problem(`closing threw: ${e instanceof Error ? e.message : String(e)}`);
  }
  return r.report(Date.now() - started);
}

/** True for a deadline's timeout error. */
export function isTimeout(error: unknown): boolean {
  return error instanceof RuntimeJobTimeoutError;
}
