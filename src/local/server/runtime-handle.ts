/**
 * The handle of a running local runtime (`LocalRuntime`) and the views it gives of the
 * runtime's state: its own record of each job, request counts, open sockets.
 *
 * @module
 */
import type { FaultOptions } from './faults.js';
import type { RequestRecord } from './http-server.js';
import { iso, type RuntimeJobStatus } from './job-record.js';
import type { JobStore } from './job-store.js';
import type { ResolvedOptions } from './options.js';

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

/** The runtime's record of job `id` as the handle shows it (a copy), or undefined. */
export function jobRecordView(store: JobStore, id: string): LocalJobRecord | undefined {
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
}

/** How many of `records` match `filter`. */
export function countRequests(records: readonly RequestRecord[], filter: RequestFilter): number {
  return records.filter(
    (r) =>
      (filter.method === undefined || r.method === filter.method.toUpperCase()) &&
      (filter.route === undefined || r.route === filter.route) &&
      (filter.status === undefined || r.status === filter.status) &&
      (filter.path === undefined ||
        (typeof filter.path === 'string' ? r.path === filter.path : filter.path.test(r.path))),
  ).length;
}
