/**
 * Sessions and batches: their records, their state machine and the rules jobs follow in
 * them. A session starts `open`; becomes `active` when its first job starts; `inactive`
 * when it has no queued or running job left; `closed` when it stops accepting jobs and has
 * none left to run, when it is cancelled, or when its `max_ttl` runs out after activation.
 * A graceful close (`accepting_jobs: false`) lets queued jobs run; a cancel stops the queued
 * ones and lets running ones finish.
 *
 * @module
 */
import type { JobRecord } from './job-record.js';
import { iso } from './job-record.js';
import { isFinalRuntimeStatus } from './job-record.js';

/** How the session schedules its jobs (`dedicated` = Session, `batch` = Batch). */
export type SessionMode = 'dedicated' | 'batch';

/** Where a session is in its life. */
export type SessionState = 'open' | 'active' | 'inactive' | 'closed';

/** Everything the local runtime knows about one session. */
export interface SessionRecord {
  readonly id: string;
  readonly mode: SessionMode;
  readonly backend: string | null;
  readonly userId: string;
  /** Seconds the session may stay active. */
  readonly maxTtl: number;
  /** Seconds an idle dedicated session waits for a new job. */
  readonly interactiveTtl: number;
  state: SessionState;
  acceptingJobs: boolean;
  stateReason: string | undefined;
  readonly startedAt: number;
  activatedAt: number | undefined;
  closedAt: number | undefined;
  lastJobStarted: number | undefined;
  lastJobCompleted: number | undefined;
  /** Every state change with its time. */
  timestamps: { status: SessionState; at: number }[];
}

/** Default `max_ttl` of a session: 8 hours. */
export const DEFAULT_MAX_TTL_SECONDS = 8 * 3600;
/** Default `interactive_ttl` of a session. */
export const DEFAULT_INTERACTIVE_TTL_SECONDS = 60;

/** The session as `POST /v1/sessions` and `GET /v1/sessions/{id}` return it. */
export function sessionView(s: SessionRecord): Record<string, unknown> {
  const at = (ms: number | undefined): string | null => (ms === undefined ? null : iso(ms));
  const elapsed =
    s.activatedAt === undefined
      ? null
      : s.closedAt === undefined
        ? null
        : Math.round((s.closedAt - s.activatedAt) / 1000);
  return {
    id: s.id,
    backend_name: s.backend,
    mode: s.mode,
    state: s.state,
    state_reason: s.stateReason ?? null,
    accepting_jobs: s.acceptingJobs,
    started_at: iso(s.startedAt),
    activated_at: at(s.activatedAt),
    closed_at: at(s.closedAt),
    last_job_started: at(s.lastJobStarted),
    last_job_completed: at(s.lastJobCompleted),
    interactive_ttl: s.interactiveTtl,
    max_ttl: s.maxTtl,
    active_ttl: s.maxTtl,
    elapsed_time: elapsed,
    user_id: s.userId,
    timestamps: s.timestamps.map((t) => ({ status: t.status, timestamp: iso(t.at) })),
  };
}

/** What the session manager needs from the rest of the runtime. */
export interface SessionHooks {
  /** The session's jobs that are not final yet. */
  pendingJobs(sessionId: string): readonly JobRecord[];
  /** Cancel a queued job because its session was cancelled or expired. */
  cancelQueuedJob(job: JobRecord, reason: string): void;
  /** A session changed (persist it). */
  changed(session: SessionRecord): void;
}

/** Holds sessions and applies their state machine. */
export class SessionManager {
  private readonly sessions = new Map<string, SessionRecord>();
  private readonly ttlTimers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly hooks: SessionHooks,
    private readonly now: () => number = Date.now,
  ) {}

  /** Add a new session or one loaded from disk (re-arming its `max_ttl` timer if active). */
  add(session: SessionRecord): void {
    this.sessions.set(session.id, session);
    if (session.state !== 'closed' && session.activatedAt !== undefined) this.armTtl(session);
  }

  /** The session with this id. */
  get(id: string): SessionRecord | undefined {
    return this.sessions.get(id);
  }

  /** Every session. */
  all(): SessionRecord[] {
    return [...this.sessions.values()];
  }

  /** True when a job may join the session. */
  accepts(s: SessionRecord): boolean {
    return s.state !== 'closed' && s.acceptingJobs;
  }

  private setState(s: SessionRecord, state: SessionState, reason?: string): void {
    if (s.state === state) return;
    s.state = state;
    const at = this.now();
    s.timestamps.push({ status: state, at });
    if (reason !== undefined) s.stateReason = reason;
    if (state === 'active' && s.activatedAt === undefined) {
      s.activatedAt = at;
      this.armTtl(s);
    }
    if (state === 'closed') {
      s.closedAt = at;
      s.acceptingJobs = false;
      const timer = this.ttlTimers.get(s.id);
      if (timer) clearTimeout(timer);
      this.ttlTimers.delete(s.id);
    }
  }

  private armTtl(s: SessionRecord): void {
    if (this.ttlTimers.has(s.id) || s.activatedAt === undefined) return;
    const remaining = Math.max(0, s.activatedAt + s.maxTtl * 1000 - this.now());
    const timer = setTimeout(() => {
      this.ttlTimers.delete(s.id);
      this.cancel(s, 'max_ttl expired');
    }, remaining);
    this.ttlTimers.set(s.id, timer);
  }

  /** Re-derive the session's state after one of its jobs changed status. */
  jobChanged(job: JobRecord): void {
    if (job.sessionId === undefined) return;
    const s = this.sessions.get(job.sessionId);
    if (!s) return;
    const at = this.now();
    if (job.status === 'Running') s.lastJobStarted = at;
    if (isFinalRuntimeStatus(job.status)) s.lastJobCompleted = at;
    this.settle(s, job.status === 'Running');
    this.hooks.changed(s);
  }

  /** A job just joined the session. */
  jobAdded(s: SessionRecord): void {
    if (s.state === 'inactive') this.setState(s, 'active');
    this.hooks.changed(s);
  }

  private settle(s: SessionRecord, started: boolean): void {
    if (s.state === 'closed') return;
    const pending = this.hooks.pendingJobs(s.id);
    if (started) this.setState(s, 'active');
    if (pending.length === 0) {
      if (!s.acceptingJobs) this.setState(s, 'closed');
      else if (s.state === 'active') this.setState(s, 'inactive');
    }
  }

  /** Graceful close: accept no more jobs, let queued ones run, close once none is left. */
  stopAccepting(s: SessionRecord): void {
    if (s.state === 'closed') return;
    s.acceptingJobs = false;
    s.stateReason = 'closed by user';
    this.settle(s, false);
    this.hooks.changed(s);
  }

  /** Cancel: accept no more jobs, cancel queued ones, close once running ones finish. */
  cancel(s: SessionRecord, reason = 'cancelled by user'): void {
    if (s.state === 'closed') return;
    s.acceptingJobs = false;
    s.stateReason = reason;
    for (const job of this.hooks.pendingJobs(s.id)) {
      if (job.status === 'Queued')
        this.hooks.cancelQueuedJob(job, `Session ${s.id} was closed: ${reason}`);
    }
    this.settle(s, false);
    this.hooks.changed(s);
  }

  /** Stop every timer. */
  dispose(): void {
    for (const t of this.ttlTimers.values()) clearTimeout(t);
    this.ttlTimers.clear();
  }
}
