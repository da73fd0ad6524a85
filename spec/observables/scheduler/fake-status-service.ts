/**
 * A status service double for scheduler specs: answers `fetchJob` and `fetchPendingPage` after a
 * latency on the given scheduler (virtual time under `TestScheduler.run`), from a status
 * timeline per job, and records every request (start time, kind, concurrency, cancels).
 */
import { Observable } from 'rxjs';
import type { SchedulerLike } from 'rxjs';
import { IBMApiError } from '../../../src/codecs/errors.js';
import type { JobDetails, JobsPage } from '../../../src/codecs/job.js';
import type { StatusFetcher } from '../../../src/observables/scheduler/types.js';

/** A wire status (`Queued`, `Running`, `Completed`, ...) or `undefined` for "no such job". */
export type WireStatus = string | undefined;

export interface RequestRecord {
  readonly kind: 'job' | 'page';
  readonly at: number;
  readonly id?: string;
  readonly offset?: number;
  readonly limit?: number;
  answeredAt?: number;
  cancelled?: boolean;
}

/** What to answer instead of the normal reply; `undefined` answers normally. */
export type Override = (request: RequestRecord, index: number) => unknown;

export function details(id: string, status: string): JobDetails {
  return { id, state: { status }, status };
}

export class FakeStatusService implements StatusFetcher {
  readonly requests: RequestRecord[] = [];
  inFlight = 0;
  maxInFlightSeen = 0;
  cancels = 0;
  /** Answer errors or odd values for some requests. */
  override: Override | undefined;
  /** Job ids in list order (the list's sort order), and their status at a time. */
  private readonly order: string[] = [];
  private readonly timelines = new Map<string, (t: number) => WireStatus>();

  constructor(
    private readonly clock: SchedulerLike,
    private readonly latencyMs: number | ((r: RequestRecord) => number) = 100,
  ) {}

  /** Add a job whose status at time t is `status(t)` (a constant string for a fixed status). */
  add(id: string, status: string | ((t: number) => WireStatus)): this {
    if (!this.timelines.has(id)) this.order.push(id);
    this.timelines.set(id, typeof status === 'string' ? () => status : status);
    return this;
  }

  statusAt(id: string, t: number): WireStatus {
    return this.timelines.get(id)?.(t);
  }

  jobRequests(id?: string): RequestRecord[] {
    return this.requests.filter((r) => r.kind === 'job' && (id === undefined || r.id === id));
  }

  pageRequests(): RequestRecord[] {
    return this.requests.filter((r) => r.kind === 'page');
  }

  fetchJob(id: string): Observable<JobDetails> {
    return this.answer({ kind: 'job', at: 0, id }, (t) => {
      const status = this.statusAt(id, t);
      if (status === undefined) {
        throw new IBMApiError({ status: 404, message: `job ${id} not found` });
      }
      return details(id, status);
    });
  }

  fetchPendingPage(offset: number, limit: number): Observable<JobsPage> {
    return this.answer({ kind: 'page', at: 0, offset, limit }, (t) => {
      const pending = this.order.filter((id) => {
        const s = this.statusAt(id, t);
        return s === 'Queued' || s === 'Running';
      });
      const jobs = pending
        .slice(offset, offset + limit)
        .map((id) => details(id, this.statusAt(id, t)!));
      return { jobs, count: pending.length, offset, limit };
    });
  }

  private answer<T>(template: RequestRecord, reply: (t: number) => T): Observable<T> {
    return new Observable<T>((subscriber) => {
      const record: RequestRecord = { ...template, at: this.clock.now() };
      const index = this.requests.push(record) - 1;
      this.inFlight++;
      this.maxInFlightSeen = Math.max(this.maxInFlightSeen, this.inFlight);
      let done = false;
      const latency = typeof this.latencyMs === 'number' ? this.latencyMs : this.latencyMs(record);
      const action = this.clock.schedule(() => {
        done = true;
        this.inFlight--;
        const now = this.clock.now();
        record.answeredAt = now;
        const special = this.override?.(record, index);
        if (special instanceof Error) {
          subscriber.error(special);
          return;
        }
        if (special === 'complete-empty') {
          subscriber.complete();
          return;
        }
        if (special !== undefined) {
          subscriber.next(special as T);
          subscriber.complete();
          return;
        }
        try {
          subscriber.next(reply(now));
          subscriber.complete();
        } catch (error) {
          subscriber.error(error);
        }
      }, latency);
      return () => {
        if (!done) {
          done = true;
          this.inFlight--;
          this.cancels++;
          record.cancelled = true;
          action.unsubscribe();
        }
      };
    });
  }
}

/** The largest number of request starts in any half-open window `[t, t + windowMs)`. */
export function maxInAnyWindow(starts: readonly number[], windowMs: number): number {
  const times = [...starts].sort((a, b) => a - b);
  let best = 0;
  let j = 0;
  for (let i = 0; i < times.length; i++) {
    while (times[j]! <= times[i]! - windowMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

/** A tiny deterministic PRNG (mulberry32) for reproducible job mixes. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
