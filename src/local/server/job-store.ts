/**
 * Every job the local runtime knows, with its texts (result, interim results, log lines):
 * lookup, filtered and paged listing, and the only place where a job's status changes —
 * each change is checked against the state machine, timestamped, and announced.
 *
 * @module
 */
import type { JobListQuery } from '../../codecs/job.js';
import { JobEvents } from './job-events.js';
import { isFinalRuntimeStatus, type JobRecord, type RuntimeJobStatus } from './job-record.js';

const RANK: Readonly<Record<RuntimeJobStatus, number>> = {
  Queued: 0,
  Running: 1,
  Completed: 2,
  Cancelled: 2,
  Failed: 2,
};

/** What a transition may add besides the status. */
export interface TransitionExtras {
  readonly reason?: string;
  readonly reasonCode?: number;
  readonly reasonSolution?: string;
  readonly ranTooLong?: boolean;
  readonly at?: number;
}

/** A page of jobs and the number of jobs matching the filters. */
export interface JobPage {
  readonly jobs: readonly JobRecord[];
  readonly count: number;
  readonly offset: number;
  readonly limit: number;
}

/** Default and largest page size of the jobs list. */
export const DEFAULT_PAGE_LIMIT = 200;

/** Holds jobs and their texts. */
export class JobStore {
  private readonly jobs = new Map<string, JobRecord>();
  private readonly results = new Map<string, string>();
  private readonly interims = new Map<string, string[]>();
  private readonly logs = new Map<string, string[]>();
  private nextSequence = 0;
  /** Notifications about transitions and interim results. */
  readonly events = new JobEvents();

  constructor(private readonly now: () => number = Date.now) {}

  /** A sequence number for a new job (creation order). */
  takeSequence(): number {
    return this.nextSequence++;
  }

  /** Add a job (new, or loaded from disk). Announces its current status as a transition from nothing. */
  add(job: JobRecord, texts?: { result?: string; interim?: string[]; logs?: string[] }): void {
    this.jobs.set(job.id, job);
    this.nextSequence = Math.max(this.nextSequence, job.sequence + 1);
    if (texts?.result !== undefined) this.results.set(job.id, texts.result);
    this.interims.set(job.id, [...(texts?.interim ?? [])]);
    this.logs.set(job.id, [...(texts?.logs ?? [])]);
    this.events.emit({ type: 'transition', job, from: undefined });
  }

  /** The job with this id. */
  get(id: string): JobRecord | undefined {
    return this.jobs.get(id);
  }

  /** Every job, in creation order. */
  all(): JobRecord[] {
    return [...this.jobs.values()].sort((a, b) => a.sequence - b.sequence);
  }

  /** Move a job to `status`; refuses moves the state machine forbids (returns false). */
  transition(job: JobRecord, status: RuntimeJobStatus, extras: TransitionExtras = {}): boolean {
    if (isFinalRuntimeStatus(job.status) || RANK[status] <= RANK[job.status]) return false;
    const from = job.status;
    const at = extras.at ?? this.now();
    job.status = status;
    job.reason = extras.reason;
    job.reasonCode = extras.reasonCode;
    job.reasonSolution = extras.reasonSolution;
    job.ranTooLong = extras.ranTooLong ?? false;
    job.transitions.push({
      status,
      at,
      ...(extras.reason !== undefined ? { reason: extras.reason } : {}),
      ...(extras.reasonCode !== undefined ? { reasonCode: extras.reasonCode } : {}),
    });
    this.events.emit({ type: 'transition', job, from });
    return true;
  }

  /** Remove a job and its texts. */
  delete(job: JobRecord): void {
    this.jobs.delete(job.id);
    this.results.delete(job.id);
    this.interims.delete(job.id);
    this.logs.delete(job.id);
    this.events.emit({ type: 'deleted', job });
  }

  /** Store the final result text. */
  setResult(job: JobRecord, text: string): void {
    this.results.set(job.id, text);
  }

  /** The final result text. */
  result(id: string): string | undefined {
    return this.results.get(id);
  }

  /** Forget the result (private jobs: readable once). */
  dropResult(id: string): void {
    this.results.delete(id);
  }

  /** Record and announce an interim result. */
  addInterim(job: JobRecord, text: string): void {
    const list = this.interims.get(job.id) ?? [];
    list.push(text);
    this.interims.set(job.id, list);
    this.events.emit({ type: 'interim', job, text });
  }

  /** Interim results published so far, oldest first. */
  interim(id: string): readonly string[] {
    return this.interims.get(id) ?? [];
  }

  /** Drop interim results (a job re-run after a restart starts over). */
  clearInterim(id: string): void {
    this.interims.set(id, []);
  }

  /** Append a log line. */
  log(job: JobRecord, line: string): void {
    const list = this.logs.get(job.id) ?? [];
    list.push(line);
    this.logs.set(job.id, list);
  }

  /** The job's log lines. */
  logLines(id: string): readonly string[] {
    return this.logs.get(id) ?? [];
  }

  /** Every distinct tag, sorted. */
  tags(): string[] {
    const set = new Set<string>();
    for (const j of this.jobs.values()) for (const t of j.tags) set.add(t);
    return [...set].sort();
  }

  /** Jobs matching the query's filters, sorted by creation time and paged. */
  list(q: JobListQuery): JobPage {
    const after = q.createdAfter === undefined ? undefined : new Date(q.createdAfter).getTime();
    const before = q.createdBefore === undefined ? undefined : new Date(q.createdBefore).getTime();
    const tags = q.tags ?? [];
    const matching = [...this.jobs.values()].filter((j) => {
      if (q.pending !== undefined && q.pending === isFinalRuntimeStatus(j.status)) return false;
      if (q.program !== undefined && j.programId !== q.program) return false;
      if (q.backend !== undefined && j.backend !== q.backend) return false;
      if (after !== undefined && j.created < after) return false;
      if (before !== undefined && j.created > before) return false;
      if (q.sessionId !== undefined && j.sessionId !== q.sessionId) return false;
      return tags.every((t) => j.tags.includes(t));
    });
    const asc = q.sort === 'ASC';
    matching.sort((a, b) => {
      const d = a.created - b.created || a.sequence - b.sequence;
      return asc ? d : -d;
    });
    const offset = q.offset ?? q.skip ?? 0;
    const limit = Math.min(q.limit ?? DEFAULT_PAGE_LIMIT, DEFAULT_PAGE_LIMIT);
    return { jobs: matching.slice(offset, offset + limit), count: matching.length, offset, limit };
  }
}
