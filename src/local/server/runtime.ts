/**
 * `startLocalRuntime`: builds the local runtime from its parts (options, stores, queue,
 * sessions, authentication, faults, persistence, HTTP pipeline, websockets), loads a data
 * directory if one is configured, listens, and hands back a handle to use and inspect it.
 *
 * @module
 */
import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import * as E from 'fp-ts/lib/Either.js';
import { Authenticator } from './auth.js';
import type { ResolvedBackend } from './backends.js';
import type { RuntimeCore } from './core.js';
import { FaultInjector, type FaultOptions } from './faults.js';
import { HttpPipeline, type RequestRecord } from './http-server.js';
import { formatLogLine } from './job-log.js';
import { isFinalRuntimeStatus, iso, type JobRecord, type RuntimeJobStatus } from './job-record.js';
import { JobStore } from './job-store.js';
import { resolveOptions, type LocalRuntimeOptions, type ResolvedOptions } from './options.js';
import { DataDir } from './persistence.js';
import { deriveSeed } from './prng.js';
import { UrlSigner } from './presigned.js';
import { prepareJob, type PreparedJob } from './program.js';
import { runPreparedJob } from './program-run.js';
import { JobQueue } from './queue.js';
import { JobRateLimiter } from './rate-limit.js';
import { ERROR_CODES, errorReply } from './reply.js';
import { SessionManager, type SessionRecord } from './sessions.js';
import {
  decodeStoredInterim,
  decodeStoredJob,
  decodeStoredSession,
  encodeStoredInterim,
  encodeStoredJob,
  encodeStoredSession,
} from './stored-records.js';
import { WebSocketHub } from './ws-server.js';

/** One transition of a job as the runtime recorded it. */
export interface JobTransitionRecord {
  readonly status: RuntimeJobStatus;
  /** ms since the epoch. */
  readonly at: number;
  /** The same time as ISO-8601 text. */
  readonly time: string;
  readonly reason?: string;
  readonly reasonCode?: number;
}

/** The runtime's own record of a job (a copy), for tests and tools. */
export interface LocalJobRecord {
  readonly id: string;
  readonly programId: string;
  readonly backend: string;
  readonly status: RuntimeJobStatus;
  readonly reason: string | undefined;
  readonly reasonCode: number | undefined;
  readonly ranTooLong: boolean;
  readonly sessionId: string | undefined;
  readonly tags: readonly string[];
  readonly cost: number;
  readonly seed: number;
  readonly created: number;
  readonly transitions: readonly JobTransitionRecord[];
  /** Interim results published so far. */
  readonly interimCount: number;
}

/** A filter for {@link LocalRuntime.requestCount}. */
export interface RequestFilter {
  readonly method?: string;
  /** Exact path, or a pattern tested against the path. */
  readonly path?: string | RegExp;
  /** Route name such as `jobs.get` or `jobs.create`. */
  readonly route?: string;
  /** Only requests answered with this status. */
  readonly status?: number;
}

/** A running local runtime. */
export interface LocalRuntime {
  /**
   * Base URL to configure a client with, the equivalent of `https://quantum.cloud.ibm.com/api`:
   * `http://127.0.0.1:<port>/api` (requests go to `${url}/v1/jobs` and so on).
   */
  readonly url: string;
  /** Websocket base, `ws://127.0.0.1:<port>/api`: `${wsUrl}/v1/stream/jobs/{id}`, `${wsUrl}/v1/jobs/{id}/status/v/1`. */
  readonly wsUrl: string;
  /** IAM base URL (the equivalent of `https://iam.cloud.ibm.com`): token exchange at `${iamUrl}/identity/token`. */
  readonly iamUrl: string;
  readonly host: string;
  readonly port: number;
  /** The bearer token every request must carry. */
  readonly token: string;
  /** The CRN of the instance the runtime stands for (what clients pass as `instance`). */
  readonly instance: string;
  /** Seed of every random choice of this runtime. */
  readonly seed: number;
  /** The options in force, defaults filled in. */
  readonly options: ResolvedOptions;
  /** The fault knobs in force. */
  readonly faults: FaultOptions;
  /** Replace every fault knob at once (an empty object turns them all off). */
  setFaults(faults: FaultOptions): void;
  /** Lifetime of IAM tokens issued from now on. */
  setIamTokenTtl(seconds: number): void;
  /** Number of HTTP requests received (matching `filter` when given). */
  requestCount(filter?: RequestFilter): number;
  /** The HTTP requests received, oldest first (the latest 10 000). */
  requests(): readonly RequestRecord[];
  /** The runtime's record of a job, or undefined for an unknown id. */
  jobRecord(id: string): LocalJobRecord | undefined;
  /** Ids of every job, in creation order. */
  jobIds(): string[];
  /** Open sockets: HTTP connections (including upgraded ones) and websockets. */
  openSockets(): { readonly connections: number; readonly websockets: number };
  /** Problems met while loading or writing the data directory. */
  persistenceProblems(): readonly string[];
  /** Wait until everything changed so far is on disk. */
  flush(): Promise<void>;
  /** Stop: every socket and timer ends; resolves once the port is free. Safe to call twice. */
  close(): Promise<void>;
}

function hostForUrl(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (e: Error): void => reject(e);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const addr = server.address();
      resolve(typeof addr === 'object' && addr !== null ? addr.port : port);
    });
  });
}

/** Start a local runtime. Rejects with `ConfigError` for bad options, or with the listen error. */
export async function startLocalRuntime(options: LocalRuntimeOptions = {}): Promise<LocalRuntime> {
  const opts = resolveOptions(options);
  const now = (): number => Date.now();
  const problems: string[] = [];
  const dataDir = opts.dataDir === undefined ? undefined : await DataDir.open(opts.dataDir);
  const store = new JobStore(now);
  const prepared = new Map<string, PreparedJob>();
  const backends = new Map<string, ResolvedBackend>(opts.backends.map((b) => [b.name, b]));
  const auth = new Authenticator(opts.token, opts.apiKeys, opts.iamTokenTtlSeconds, now);
  const faults = new FaultInjector(deriveSeed(opts.seed, 'faults'), opts.faults);
  const queue = new JobQueue(
    store,
    { concurrency: opts.concurrency, queueDelayMs: opts.queueDelayMs, runDelayMs: opts.runDelayMs },
    async (job, ctx) => {
      const program = prepared.get(job.id);
      if (!program) throw new Error(`the program of job ${job.id} is not loaded`);
      return runPreparedJob(program, job, ctx, opts.limits);
    },
    now,
  );
  const saveJob = (job: JobRecord): void => {
    dataDir?.write('jobs', job.id, encodeStoredJob(job));
    dataDir?.write('logs', job.id, store.logLines(job.id).join('\n'));
  };
  const saveSession = (s: SessionRecord): void =>
    dataDir?.write('sessions', s.id, encodeStoredSession(s));
  const sessions = new SessionManager(
    {
      pendingJobs: (id) =>
        store.all().filter((j) => j.sessionId === id && !isFinalRuntimeStatus(j.status)),
      cancelQueuedJob: (job, reason) => queue.cancel(job, reason),
      changed: saveSession,
    },
    now,
  );

  // Load the data directory before anything listens to the store.
  const toQueue: JobRecord[] = [];
  if (dataDir) {
    for (const f of await dataDir.readAll('sessions')) {
      const s = decodeStoredSession(f.id, f.text);
      if (E.isLeft(s)) problems.push(`sessions/${f.id}: ${s.left.message}`);
      else sessions.add(s.right);
    }
    const loaded: { job: JobRecord; result?: string; interim?: string[]; logs: string[] }[] = [];
    for (const f of await dataDir.readAll('jobs')) {
      const j = decodeStoredJob(f.id, f.text);
      if (E.isLeft(j)) {
        problems.push(`jobs/${f.id}: ${j.left.message}`);
        continue;
      }
      const logText = await dataDir.read('logs', f.id);
      const interimText = await dataDir.read('interim', f.id);
      const interim = interimText === undefined ? undefined : decodeStoredInterim(interimText);
      if (interim && E.isLeft(interim)) problems.push(`interim/${f.id}: ${interim.left.message}`);
      const result = await dataDir.read('results', f.id);
      loaded.push({
        job: j.right,
        ...(result !== undefined ? { result } : {}),
        ...(interim && E.isRight(interim) ? { interim: interim.right } : {}),
        logs: logText === undefined || logText === '' ? [] : logText.split('\n'),
      });
    }
    loaded.sort((a, b) => a.job.sequence - b.job.sequence);
    const at = now();
    for (const l of loaded) {
      const job = l.job;
      let interim = l.interim;
      if (!isFinalRuntimeStatus(job.status)) {
        const was = job.status;
        const backend = backends.get(job.backend);
        const program = backend
          ? prepareJob(job.programId, job.params, {
              limits: opts.limits,
              backend,
              noiseByDefault: opts.noise,
            })
          : E.left(`backend ${job.backend} is no longer offered`);
        interim = [];
        if (E.isRight(program)) {
          prepared.set(job.id, program.right);
          job.status = 'Queued';
          job.transitions.push({
            status: 'Queued',
            at,
            reason: `re-queued after a restart (was ${was})`,
          });
          l.logs.push(
            formatLogLine(
              at,
              'WARNING',
              `re-queued after a restart of the local runtime (was ${was})`,
            ),
          );
          toQueue.push(job);
        } else {
          const reason = `The local runtime restarted while the job was ${was} and could not re-queue it: ${program.left}`;
          job.status = 'Failed';
          job.reason = reason;
          job.reasonCode = 1000;
          job.transitions.push({ status: 'Failed', at, reason, reasonCode: 1000 });
          l.logs.push(formatLogLine(at, 'ERROR', reason));
          l.result = reason;
          dataDir.write('results', job.id, reason);
        }
        dataDir.write('interim', job.id, encodeStoredInterim([]));
        store.add(job, {
          ...(l.result !== undefined ? { result: l.result } : {}),
          interim,
          logs: l.logs,
        });
        saveJob(job);
      } else {
        store.add(job, {
          ...(l.result !== undefined ? { result: l.result } : {}),
          interim: interim ?? [],
          logs: l.logs,
        });
      }
    }
  }

  store.events.onAny((event) => {
    const job = event.job;
    switch (event.type) {
      case 'transition':
        if (isFinalRuntimeStatus(job.status)) {
          const result = store.result(job.id);
          if (result !== undefined) dataDir?.write('results', job.id, result);
          prepared.delete(job.id);
        }
        saveJob(job);
        sessions.jobChanged(job);
        break;
      case 'interim':
        dataDir?.write('interim', job.id, encodeStoredInterim(store.interim(job.id)));
        break;
      case 'deleted':
        prepared.delete(job.id);
        for (const kind of ['jobs', 'results', 'interim', 'logs'] as const)
          dataDir?.remove(kind, job.id);
        break;
    }
  });

  let origin = '';
  const core: RuntimeCore = {
    options: opts,
    store,
    queue,
    sessions,
    auth,
    faults,
    rateLimiter: new JobRateLimiter(opts.jobsPerMinute, now),
    backends,
    signer: new UrlSigner(now),
    prepared,
    submitJob(job, program) {
      prepared.set(job.id, program);
      const logs = [
        formatLogLine(job.created, 'INFO', `job created: ${program.summary}`),
        ...program.describe.map((line) => formatLogLine(job.created, 'INFO', line)),
      ];
      store.add(job, { logs });
      if (job.sessionId !== undefined) {
        const s = sessions.get(job.sessionId);
        if (s) sessions.jobAdded(s);
      }
      queue.enqueue(job);
    },
    saveSession,
    saveJob,
    deleteJob: (job) => store.delete(job),
    dropResult(job) {
      store.dropResult(job.id);
      dataDir?.remove('results', job.id);
    },
    now,
    origin: () => origin,
  };

  const pipeline = new HttpPipeline(core);
  const hub = new WebSocketHub(core);
  const sockets = new Set<Socket>();
  const perClient = new Map<string, number>();
  // Sockets refused for the per-client limit: anything they still send is ignored.
  const refused = new WeakSet<Socket>();
  const server = createServer({ keepAliveTimeout: 5000 }, (req, res) => {
    if (refused.has(req.socket)) return;
    pipeline.handle(req, res).catch(() => res.destroy());
  });
  server.on('connection', (socket: Socket) => {
    const client = socket.remoteAddress ?? 'unknown';
    const open = perClient.get(client) ?? 0;
    if (open >= opts.limits.maxConnectionsPerClient) {
      refused.add(socket);
      const reply = errorReply(
        429,
        ERROR_CODES.tooManyRequests,
        `Too many open connections from ${client} (limit ${opts.limits.maxConnectionsPerClient})`,
      );
      const body = reply.body ?? '';
      socket.end(
        `HTTP/1.1 429 Too Many Requests\r\nConnection: close\r\nRetry-After: 1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
      socket.destroySoon?.();
      return;
    }
    perClient.set(client, open + 1);
    sockets.add(socket);
    socket.once('close', () => {
      sockets.delete(socket);
      const n = (perClient.get(client) ?? 1) - 1;
      if (n <= 0) perClient.delete(client);
      else perClient.set(client, n);
    });
  });
  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    if (refused.has(req.socket)) socket.destroy();
    else hub.handleUpgrade(req, socket, head);
  });
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  const port = await listen(server, opts.port, opts.host);
  for (const job of toQueue) queue.enqueue(job);

  const host = hostForUrl(opts.host);
  origin = `http://${host}:${port}`;
  let closing: Promise<void> | undefined;

  const close = (): Promise<void> => {
    closing ??= (async () => {
      const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
      pipeline.dispose();
      hub.close();
      await queue.close();
      sessions.dispose();
      for (const s of sockets) s.destroy();
      server.closeAllConnections();
      await serverClosed;
      await dataDir?.flush();
      // Handles finish closing in the close-callbacks phase: let one full loop iteration pass.
      for (let i = 0; i < 2; i++) await new Promise<void>((resolve) => setImmediate(resolve));
    })();
    return closing;
  };

  return {
    url: `${origin}/api`,
    wsUrl: `ws://${host}:${port}/api`,
    iamUrl: origin,
    host: opts.host,
    port,
    token: opts.token,
    instance: opts.instance,
    seed: opts.seed,
    options: opts,
    get faults() {
      return faults.current;
    },
    setFaults: (f) => faults.set(f),
    setIamTokenTtl: (seconds) => auth.setTtlSeconds(seconds),
    requestCount(filter) {
      if (!filter) return pipeline.total;
      return pipeline.records.filter(
        (r) =>
          (filter.method === undefined || r.method === filter.method.toUpperCase()) &&
          (filter.route === undefined || r.route === filter.route) &&
          (filter.status === undefined || r.status === filter.status) &&
          (filter.path === undefined ||
            (typeof filter.path === 'string' ? r.path === filter.path : filter.path.test(r.path))),
      ).length;
    },
    requests: () => [...pipeline.records],
    jobRecord(id) {
      const j = store.get(id);
      if (!j) return undefined;
      return {
        id: j.id,
        programId: j.programId,
        backend: j.backend,
        status: j.status,
        reason: j.reason,
        reasonCode: j.reasonCode,
        ranTooLong: j.ranTooLong,
        sessionId: j.sessionId,
        tags: [...j.tags],
        cost: j.cost,
        seed: j.seed,
        created: j.created,
        transitions: j.transitions.map((t) => ({ ...t, time: iso(t.at) })),
        interimCount: store.interim(j.id).length,
      };
    },
    jobIds: () => store.all().map((j) => j.id),
    openSockets: () => ({ connections: sockets.size, websockets: hub.size }),
    persistenceProblems: () => [...problems, ...(dataDir?.errors.map((e) => e.message) ?? [])],
    flush: async () => {
      await dataDir?.flush();
    },
    close,
  };
}
