/**
 * The shared state every HTTP and websocket handler of the local runtime works on, and the
 * shapes of a request context and a route. Built once by `startLocalRuntime`.
 *
 * @module
 */
import type { IncomingMessage } from 'node:http';
import type * as E from 'fp-ts/lib/Either.js';
import type { Authenticator, Principal } from './auth.js';
import type { ResolvedBackend } from './backends.js';
import type { FaultInjector, MalformedEndpoint } from './faults.js';
import type { JobRecord } from './job-record.js';
import type { JobStore } from './job-store.js';
import type { ResolvedOptions } from './options.js';
import type { PreparedJob } from './program.js';
import type { JobQueue } from './queue.js';
import type { JobRateLimiter } from './rate-limit.js';
import type { Reply } from './reply.js';
import type { RouteSpec } from './router.js';
import type { UrlSigner } from './presigned.js';
import type { SessionManager, SessionRecord } from './sessions.js';

/** Everything handlers share. */
export interface RuntimeCore {
  readonly options: ResolvedOptions;
  readonly store: JobStore;
  readonly queue: JobQueue;
  readonly sessions: SessionManager;
  readonly auth: Authenticator;
  readonly faults: FaultInjector;
  readonly rateLimiter: JobRateLimiter;
  readonly backends: ReadonlyMap<string, ResolvedBackend>;
  /** Signs the presigned download URLs the runtime hands out. */
  readonly signer: UrlSigner;
  /** Parsed programs of jobs that have not finished (kept in memory only). */
  readonly prepared: Map<string, PreparedJob>;
  /** Register a new job: store it, persist it, queue it. */
  submitJob(job: JobRecord, prepared: PreparedJob): void;
  /** Persist a session after a change. */
  saveSession(session: SessionRecord): void;
  /** Persist a job after a change that is not a transition (tags). */
  saveJob(job: JobRecord): void;
  /** Forget a private job's result once it has been read. */
  dropResult(job: JobRecord): void;
  /** Forget a job everywhere (memory and disk). */
  deleteJob(job: JobRecord): void;
  /** The clock (ms since the epoch). */
  now(): number;
  /** The server's origin, `http://host:port` (known once it listens). */
  origin(): string;
}

/** One HTTP request as handlers see it. */
export interface RequestContext {
  readonly method: string;
  readonly url: URL;
  /** Path parameters, already validated. */
  readonly params: Readonly<Record<string, string>>;
  /** The authenticated caller (undefined on public routes). */
  readonly principal: Principal | undefined;
  readonly req: IncomingMessage;
  /** The body as text (413 reply when too large). */
  readText(): Promise<E.Either<Reply, string>>;
  /** The body parsed as JSON (413 or 400 reply on failure). */
  readJson(): Promise<E.Either<Reply, unknown>>;
}

/** Handles one route. */
export type Handler = (core: RuntimeCore, ctx: RequestContext) => Reply | Promise<Reply>;

/** One entry of the route table. */
export interface RouteDef extends RouteSpec {
  /** Short name for request accounting (`jobs.create`). */
  readonly name: string;
  readonly handler: Handler;
  /** Reachable without credentials. */
  readonly public?: boolean;
  /** Which `malformedBody` fault applies to this route's answers. */
  readonly faultEndpoint?: MalformedEndpoint;
}
