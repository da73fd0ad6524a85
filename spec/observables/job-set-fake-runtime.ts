/**
 * A job service double for job-set and submitAll specs: an `HttpClient`-shaped object whose
 * requests are answered after a latency on the given scheduler (virtual time under
 * `TestScheduler.run`). It creates jobs on `POST /jobs`, moves each through Queued, Running and
 * a final status on a timeline, answers job reads, pending-list pages, tag look-ups and
 * results, and records every request (start, answer, cancel, concurrency).
 */
import { Observable, map, of } from 'rxjs';
import type { SchedulerLike } from 'rxjs';
import type * as t from 'io-ts';
import { decodeOrThrow } from '../../src/codecs/decode.js';
import { IBMApiError } from '../../src/codecs/errors.js';
import type { CreateJobRequest, JobDetails } from '../../src/codecs/job.js';
import type { HttpRequest, HttpResponse } from '../../src/transport/http-client.js';
import type { QueryParams } from '../../src/transport/url.js';
import type { JobHttp } from '../../src/observables/job-client.js';

/** How a job goes: `queuedMs` Queued, then `runningMs` Running, then `final`. */
export interface JobPlan {
  readonly queuedMs: number;
  readonly runningMs: number;
  readonly final: 'Completed' | 'Failed' | 'Cancelled';
  readonly reason?: string;
  readonly reasonCode?: number;
}

export interface FakeJob {
  readonly id: string;
  readonly createdAt: number;
  readonly plan: JobPlan;
  readonly body: CreateJobRequest;
}

export interface RequestRecord {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string[]>>;
  readonly body: unknown;
  readonly at: number;
  answeredAt?: number;
  cancelled?: boolean;
}

/**
 * What to do with a request instead of answering normally:
 * - `undefined`: answer normally;
 * - `{ fail }`: answer with this error, doing nothing (the service did not process it);
 * - `{ failAfter }`: do the work (a POST creates its job), then answer with this error;
 * - `{ body }`: answer 200 with this body instead;
 * - `'hang'`: never answer; `'hang-after-work'`: do the work, then never answer.
 */
export type Override =
  | undefined
  | { readonly fail: unknown }
  | { readonly body: unknown }
  | { readonly failAfter: unknown }
  | 'hang'
  | 'hang-after-work';

const DEFAULT_PLAN: JobPlan = { queuedMs: 1000, runningMs: 1000, final: 'Completed' };

export class FakeRuntime implements JobHttp {
  readonly baseUrl = 'http://fake.test/api/v1';
  readonly requests: RequestRecord[] = [];
  readonly jobs = new Map<string, FakeJob>();
  inFlight = 0;
  maxInFlight = 0;
  postsInFlight = 0;
  maxPostsInFlight = 0;
  /** Per-request behaviour, asked when the request arrives. */
  override: ((request: RequestRecord, index: number) => Override) | undefined;
  /** The timeline of a job created by `POST /jobs` (the n-th created, from 0). */
  planFor: (body: CreateJobRequest, n: number) => JobPlan = () => DEFAULT_PLAN;
  private created = 0;

  constructor(
    private readonly clock: SchedulerLike,
    private readonly latencyMs: number = 50,
  ) {}

  /** A job that exists already, created at `createdAt` (default now). */
  addJob(id: string, plan: JobPlan, createdAt = this.clock.now(), body?: CreateJobRequest): void {
    this.jobs.set(id, {
      id,
      createdAt,
      plan,
      body: body ?? { program_id: 'sampler', backend: 'fake_backend', params: { job: id } },
    });
  }

  statusAt(job: FakeJob, t: number): string {
    const age = t - job.createdAt;
    if (age < job.plan.queuedMs) return 'Queued';
    if (age < job.plan.queuedMs + job.plan.runningMs) return 'Running';
    return job.plan.final;
  }

  detailsOf(job: FakeJob, t: number, withParams = false): JobDetails {
    const status = this.statusAt(job, t);
    const final = status === job.plan.final && status !== 'Completed';
    return {
      id: job.id,
      backend: job.body.backend,
      program: { id: job.body.program_id },
      created: new Date(job.createdAt).toISOString(),
      state: {
        status,
        ...(final && job.plan.reason !== undefined ? { reason: job.plan.reason } : {}),
        ...(final && job.plan.reasonCode !== undefined ? { reason_code: job.plan.reasonCode } : {}),
      },
      status,
      tags: [...(job.body.tags ?? [])],
      ...(withParams ? { params: job.body.params } : {}),
    };
  }

  /** Requests matching `method` and a path test. */
  matching(method: string, path?: RegExp): RequestRecord[] {
    return this.requests.filter(
      (r) => r.method === method && (path === undefined || path.test(r.path)),
    );
  }

  posts(): RequestRecord[] {
    return this.matching('POST', /^\/jobs$/);
  }

  statusReads(): RequestRecord[] {
    return this.requests.filter(
      (r) =>
        r.method === 'GET' &&
        (/^\/jobs\/[^/]+$/.test(r.path) ||
          (r.path === '/jobs' && r.query['pending'] !== undefined)),
    );
  }

  request(req: HttpRequest): Observable<HttpResponse> {
    return new Observable<HttpResponse>((subscriber) => {
      const record: RequestRecord = {
        method: req.method,
        path: req.path,
        query: queryOf(req.query),
        body: req.body,
        at: this.clock.now(),
      };
      const index = this.requests.push(record) - 1;
      const isPost = req.method === 'POST';
      this.inFlight++;
      this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
      if (isPost) {
        this.postsInFlight++;
        this.maxPostsInFlight = Math.max(this.maxPostsInFlight, this.postsInFlight);
      }
      let open = true;
      const close = (): void => {
        if (!open) return;
        open = false;
        this.inFlight--;
        if (isPost) this.postsInFlight--;
      };
      const special = this.override?.(record, index);
      const action = this.clock.schedule(() => {
        if (special === 'hang' || special === 'hang-after-work') {
          if (special === 'hang-after-work') this.handle(record);
          return;
        }
        close();
        record.answeredAt = this.clock.now();
        if (special !== undefined && 'fail' in special) {
          subscriber.error(special.fail);
          return;
        }
        if (special !== undefined && 'body' in special) {
          subscriber.next(json(special.body));
          subscriber.complete();
          return;
        }
        let response: HttpResponse;
        try {
          response = this.handle(record);
        } catch (error) {
          subscriber.error(error);
          return;
        }
        if (special !== undefined && 'failAfter' in special) {
          subscriber.error(special.failAfter);
          return;
        }
        subscriber.next(response);
        subscriber.complete();
      }, this.latencyMs);
      return () => {
        if (open) {
          record.cancelled = true;
          close();
        }
        action.unsubscribe();
      };
    });
  }

  getText(path: string): Observable<string> {
    return this.request({ method: 'GET', path, accept: 'text' }).pipe(map((r) => r.text));
  }

  getJson<A, O>(path: string, codec: t.Type<A, O, unknown>, query?: QueryParams): Observable<A> {
    return this.request({ method: 'GET', path, ...(query !== undefined ? { query } : {}) }).pipe(
      map((r) => decodeOrThrow(codec, r.body)),
    );
  }

  authorization(): Observable<string | undefined> {
    return of(undefined);
  }

  private handle(record: RequestRecord): HttpResponse {
    const now = this.clock.now();
    const path = record.path;
    if (record.method === 'POST' && path === '/jobs') {
      const body = record.body as CreateJobRequest;
      const id = `job-${String(this.created).padStart(5, '0')}`;
      const plan = this.planFor(body, this.created++);
      this.jobs.set(id, { id, createdAt: now, plan, body });
      return json({ id, backend: body.backend });
    }
    if (record.method === 'GET' && path === '/jobs') {
      let jobs = [...this.jobs.values()];
      const tags = record.query['tags'] ?? [];
      jobs = jobs.filter((j) => tags.every((t) => (j.body.tags ?? []).includes(t)));
      if (record.query['pending']?.[0] === 'true') {
        jobs = jobs.filter((j) => {
          const s = this.statusAt(j, now);
          return s === 'Queued' || s === 'Running';
        });
      }
      const offset = Number(record.query['offset']?.[0] ?? 0);
      const limit = Number(record.query['limit']?.[0] ?? 200);
      const page = jobs.slice(offset, offset + limit).map((j) => this.detailsOf(j, now));
      return json({ jobs: page, count: jobs.length, offset, limit });
    }
    const match = /^\/jobs\/([^/]+)(\/results)?$/.exec(path);
    if (record.method === 'GET' && match !== null) {
      const job = this.jobs.get(decodeURIComponent(match[1]!));
      if (job === undefined) {
        throw new IBMApiError({ status: 404, message: `job ${match[1]} not found`, code: 3250 });
      }
      if (match[2] !== undefined) {
        return text(JSON.stringify({ n: Number(job.id.replace(/\D/g, '')) }));
      }
      const withParams = record.query['exclude_params']?.[0] === 'false';
      return json(this.detailsOf(job, now, withParams));
    }
    throw new IBMApiError({ status: 404, message: `no route for ${record.method} ${path}` });
  }
}

function json(body: unknown): HttpResponse {
  return { status: 200, headers: new Headers(), text: JSON.stringify(body), body };
}

function text(body: string): HttpResponse {
  return { status: 200, headers: new Headers(), text: body, body: undefined };
}

function queryOf(query: HttpRequest['query']): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (query === undefined) return out;
  const pairs: [string, string][] = Array.isArray(query)
    ? (query as [string, string][]).map(([k, v]) => [k, String(v)])
    : Object.entries(query).flatMap(([k, v]) =>
        v === undefined
          ? []
          : Array.isArray(v)
            ? (v as unknown[]).map((item): [string, string] => [k, String(item)])
            : [[k, String(v)] as [string, string]],
      );
  for (const [k, v] of pairs) (out[k] ??= []).push(v);
  return out;
}

/** The largest number of times in any half-open window `[t, t + windowMs)`. */
export function maxInWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let j = 0;
  for (let i = 0; i < sorted.length; i++) {
    while (sorted[j]! <= sorted[i]! - windowMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}
