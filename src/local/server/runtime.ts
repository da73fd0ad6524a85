/**
 * `startLocalRuntime`: builds the local runtime from its parts — options, the job store and
 * queue, sessions, authentication, faults, persistence (`runtime-persistence.ts`), the shared
 * core of the handlers, the HTTP pipeline and websockets, the connections
 * (`connections.ts`) — restores a data directory if one is configured, listens, and hands back
 * the handle (`runtime-handle.ts`).
 *
 * @module
 */
import { createServer, type Server } from 'node:http';
import * as E from 'fp-ts/lib/Either.js';
import { Authenticator } from './auth.js';
import type { ResolvedBackend } from './backends.js';
import { Connections } from './connections.js';
import type { RuntimeCore } from './core.js';
import { FaultInjector } from './faults.js';
import { HttpPipeline } from './http-server.js';
import { formatLogLine } from './job-log.js';
import type { JobRecord } from './job-record.js';
import { isFinalRuntimeStatus } from './job-record.js';
import { JobStore } from './job-store.js';
import { resolveOptions, type LocalRuntimeOptions, type ResolvedOptions } from './options.js';
import { DataDir } from './persistence.js';
import { UrlSigner } from './presigned.js';
import { deriveSeed } from './prng.js';
import { runPreparedJob } from './program-run.js';
import { prepareJob, type PreparedJob } from './program.js';
import { JobQueue } from './queue.js';
import { JobRateLimiter } from './rate-limit.js';
import { countRequests, jobRecordView, type LocalRuntime } from './runtime-handle.js';
import { RuntimePersistence } from './runtime-persistence.js';
import { SessionManager } from './sessions.js';
import { WebSocketHub } from './ws-server.js';

export type {
  JobTransitionRecord,
  LocalJobRecord,
  LocalRuntime,
  RequestFilter,
} from './runtime-handle.js';

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

/** The parts of a runtime that hold jobs: store, programs, queue and sessions. */
function jobParts(opts: ResolvedOptions, now: () => number) {
  const store = new JobStore(now);
  const prepared = new Map<string, PreparedJob>();
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
  return { store, prepared, queue };
}

/** Start a local runtime. Rejects with `ConfigError` for bad options, or with the listen error. */
export async function startLocalRuntime(options: LocalRuntimeOptions = {}): Promise<LocalRuntime> {
  const opts = resolveOptions(options);
  const now = (): number => Date.now();
  const dataDir = opts.dataDir === undefined ? undefined : await DataDir.open(opts.dataDir);
  const { store, prepared, queue } = jobParts(opts, now);
  const backends = new Map<string, ResolvedBackend>(opts.backends.map((b) => [b.name, b]));
  const auth = new Authenticator(opts.token, opts.apiKeys, opts.iamTokenTtlSeconds, now);
  const faults = new FaultInjector(deriveSeed(opts.seed, 'faults'), opts.faults);
  const persistence = new RuntimePersistence(dataDir, store);
  const sessions = new SessionManager(
    {
      pendingJobs: (id) =>
        store.all().filter((j) => j.sessionId === id && !isFinalRuntimeStatus(j.status)),
      cancelQueuedJob: (job, reason) => queue.cancel(job, reason),
      changed: (s) => persistence.saveSession(s),
    },
    now,
  );

  // Restore the data directory before anything listens to the store.
  const toQueue = await persistence.restore(
    sessions,
    (job: JobRecord) => {
      const backend = backends.get(job.backend);
      return backend
        ? prepareJob(job.programId, job.params, {
            limits: opts.limits,
            backend,
            noiseByDefault: opts.noise,
          })
        : E.left(`backend ${job.backend} is no longer offered`);
    },
    prepared,
    now(),
  );
  persistence.follow(sessions, (id) => prepared.delete(id));

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
    saveSession: (s) => persistence.saveSession(s),
    saveJob: (job) => persistence.saveJob(job),
    deleteJob: (job) => store.delete(job),
    dropResult(job) {
      store.dropResult(job.id);
      persistence.removeResult(job.id);
    },
    now,
    origin: () => origin,
  };

  const pipeline = new HttpPipeline(core);
  const hub = new WebSocketHub(core);
  const connections = new Connections(opts.limits.maxConnectionsPerClient, opts.keepAliveMs, now);
  const server = createServer((req, res) => {
    if (connections.isRefused(req.socket)) return;
    pipeline.handle(req, res).catch(() => res.destroy());
  });
  connections.attach(server);
  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    if (connections.isRefused(req.socket)) socket.destroy();
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
      connections.destroyAll();
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
    requestCount: (filter) =>
      filter === undefined ? pipeline.total : countRequests(pipeline.records, filter),
    requests: () => pipeline.records,
    jobRecord: (id) => jobRecordView(store, id),
    jobIds: () => store.all().map((j) => j.id),
    openSockets: () => ({ connections: connections.size, websockets: hub.size }),
    persistenceProblems: () => [
      ...persistence.problems,
      ...(dataDir?.errors.map((e) => e.message) ?? []),
    ],
    flush: async () => {
      await dataDir?.flush();
    },
    close,
  };
}
