/**
 * The job queue and executor: jobs wait in FIFO order, at most `concurrency` run at once,
 * each stays `Queued` at least `queueDelayMs` and spends `runDelayMs` `Running` before its
 * program starts. A running job is stopped through an `AbortSignal` when it is cancelled,
 * when it runs past its `cost` (maximum execution time; it ends `Cancelled` with reason
 * `RAN TOO LONG` and reason code 1305) or when the runtime shuts down (the job keeps its
 * status so a persistent runtime can run it again after a restart).
 *
 * @module
 */
import { REASON_CODE_MAX_EXECUTION_TIME } from '../../codecs/status.js';
import { formatLogLine, type LogLevelName } from './job-log.js';
import { transitionTime, type JobRecord } from './job-record.js';
import type { JobStore } from './job-store.js';

/** What a running program may do besides computing its result. */
export interface JobRunContext {
  /** Aborted when the job is cancelled, runs too long, or the runtime closes. */
  readonly signal: AbortSignal;
  /** Append a line to the job's log. */
  log(level: LogLevelName, message: string): void;
  /** Publish an interim result (text in the same encoding as the final result). */
  publishInterim(text: string): void;
}

/** Runs one job's program and returns its result text. */
export type JobRunner = (job: JobRecord, ctx: JobRunContext) => Promise<string>;

/** A program failure with the reason the job's state reports. */
export class JobFailure extends Error {
  constructor(
    message: string,
    readonly reasonCode: number,
    readonly solution?: string,
  ) {
    super(message);
    this.name = 'JobFailure';
  }
}

/** Reason code of a job whose program failed without a more specific code ("failed to run job"). */
export const REASON_CODE_RUN_FAILED = 5203;
/** Reason code of a job cancelled by its user or its session. */
export const REASON_CODE_CANCELLED = 5202;

/** Why a running job's signal was aborted. */
type AbortCause = 'cancel' | 'ran-too-long' | 'shutdown';

interface RunningJob {
  readonly job: JobRecord;
  readonly controller: AbortController;
  cause: AbortCause | undefined;
  costTimer: NodeJS.Timeout | undefined;
  done: Promise<void>;
}

/** Queue timing. */
export interface QueueTiming {
  readonly concurrency: number;
  readonly queueDelayMs: number;
  readonly runDelayMs: number;
}

/** Sleep that ends early (rejecting) when `signal` aborts. */
function abortableDelay(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0) return signal.aborted ? Promise.reject(signal.reason) : Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** FIFO queue plus executor. */
export class JobQueue {
  private queued: JobRecord[] = [];
  private readonly running = new Map<string, RunningJob>();
  private wakeTimer: NodeJS.Timeout | undefined;
  private closed = false;
  /** Smoothed wall time of recent runs, for queue estimates. */
  private averageRunMs: number;

  constructor(
    private readonly store: JobStore,
    private readonly timing: QueueTiming,
    private readonly runner: JobRunner,
    private readonly now: () => number = Date.now,
  ) {
    this.averageRunMs = timing.runDelayMs + 50;
  }

  private log(job: JobRecord, level: LogLevelName, message: string): void {
    this.store.log(job, formatLogLine(this.now(), level, message));
  }

  /** Put a `Queued` job at the back of the queue. */
  enqueue(job: JobRecord): void {
    if (this.closed || job.status !== 'Queued') return;
    this.queued.push(job);
    this.log(job, 'INFO', `queued on ${job.backend} at position ${this.queued.length}`);
    this.pump();
  }

  /** 1-based place of a queued job, or undefined when it is not waiting. */
  position(jobId: string): number | undefined {
    const i = this.queued.findIndex((j) => j.id === jobId);
    return i < 0 ? undefined : i + 1;
  }

  /** When a queued job is expected to start (ms since the epoch). */
  estimatedStart(jobId: string): number | undefined {
    const pos = this.position(jobId);
    if (pos === undefined) return undefined;
    const now = this.now();
    let soonestSlot = now;
    if (this.running.size >= this.timing.concurrency) {
      const ends = [...this.running.values()].map(
        (r) => (transitionTime(r.job, 'Running') ?? now) + this.averageRunMs,
      );
      soonestSlot = Math.max(now, Math.min(...ends));
    }
    const ahead = Math.floor((pos - 1) / this.timing.concurrency);
    const job = this.queued[pos - 1]!;
    const eligible = (transitionTime(job, 'Queued') ?? now) + this.timing.queueDelayMs;
    return Math.max(eligible, soonestSlot + ahead * this.averageRunMs);
  }

  /** Expected run time of one job, in ms. */
  expectedRunMs(): number {
    return this.averageRunMs;
  }

  /** Number of jobs waiting and running. */
  size(): { readonly queued: number; readonly running: number } {
    return { queued: this.queued.length, running: this.running.size };
  }

  /**
   * Cancel a queued or running job: it becomes `Cancelled` at once; a running program is
   * aborted and its outcome ignored. Returns false when the job is not queued or running here.
   */
  cancel(job: JobRecord, reason = 'Cancelled by user'): boolean {
    const i = this.queued.indexOf(job);
    if (i >= 0) {
      this.queued.splice(i, 1);
      this.log(job, 'INFO', `cancelled while queued: ${reason}`);
      this.store.transition(job, 'Cancelled', { reason, reasonCode: REASON_CODE_CANCELLED });
      this.pump();
      return true;
    }
    const r = this.running.get(job.id);
    if (!r) return false;
    r.cause ??= 'cancel';
    this.log(job, 'INFO', `cancelled while running: ${reason}`);
    this.finishQuantumTime(job);
    this.store.transition(job, 'Cancelled', { reason, reasonCode: REASON_CODE_CANCELLED });
    r.controller.abort(new Error(reason));
    return true;
  }

  private finishQuantumTime(job: JobRecord): void {
    const started = transitionTime(job, 'Running');
    if (started !== undefined) job.quantumSeconds = (this.now() - started) / 1000;
  }

  private pump(): void {
    if (this.closed) return;
    if (this.wakeTimer) {
      clearTimeout(this.wakeTimer);
      this.wakeTimer = undefined;
    }
    while (this.running.size < this.timing.concurrency && this.queued.length > 0) {
      const head = this.queued[0]!;
      const eligibleAt = (transitionTime(head, 'Queued') ?? 0) + this.timing.queueDelayMs;
      const wait = eligibleAt - this.now();
      if (wait > 0) {
        this.wakeTimer = setTimeout(() => this.pump(), wait);
        return;
      }
      this.queued.shift();
      this.start(head);
    }
  }

  private start(job: JobRecord): void {
    const controller = new AbortController();
    const entry: RunningJob = {
      job,
      controller,
      cause: undefined,
      costTimer: undefined,
      done: Promise.resolve(),
    };
    this.running.set(job.id, entry);
    this.store.transition(job, 'Running');
    this.log(job, 'INFO', `running on ${job.backend} (max execution time ${job.cost} s)`);
    entry.costTimer = setTimeout(() => {
      if (entry.cause !== undefined) return;
      entry.cause = 'ran-too-long';
      this.finishQuantumTime(job);
      this.log(
        job,
        'ERROR',
        `ran longer than the maximum execution time of ${job.cost} s; cancelled`,
      );
      this.store.transition(job, 'Cancelled', {
        reason: 'RAN TOO LONG',
        reasonCode: REASON_CODE_MAX_EXECUTION_TIME,
        reasonSolution: 'Increase the maximum execution time (cost) or split the job.',
        ranTooLong: true,
      });
      controller.abort(new Error('RAN TOO LONG'));
    }, job.cost * 1000);
    entry.done = this.run(entry).finally(() => {
      clearTimeout(entry.costTimer);
      this.running.delete(job.id);
      this.pump();
    });
  }

  private async run(entry: RunningJob): Promise<void> {
    const { job, controller } = entry;
    const started = this.now();
    const ctx: JobRunContext = {
      signal: controller.signal,
      log: (level, message) => this.log(job, level, message),
      publishInterim: (text) => {
        if (entry.cause === undefined) this.store.addInterim(job, text);
      },
    };
    try {
      await abortableDelay(this.timing.runDelayMs, controller.signal);
      const text = await this.runner(job, ctx);
      if (entry.cause !== undefined) return;
      const elapsed = this.now() - started;
      this.averageRunMs = 0.7 * this.averageRunMs + 0.3 * elapsed;
      job.quantumSeconds = elapsed / 1000;
      this.store.setResult(job, text);
      this.log(job, 'INFO', `completed in ${(elapsed / 1000).toFixed(3)} s`);
      this.store.transition(job, 'Completed');
    } catch (e) {
      if (entry.cause !== undefined) return;
      job.quantumSeconds = (this.now() - started) / 1000;
      const failure =
        e instanceof JobFailure
          ? e
          : new JobFailure(e instanceof Error ? e.message : String(e), REASON_CODE_RUN_FAILED);
      this.log(job, 'ERROR', `failed: ${failure.message}`);
      this.store.setResult(job, `Job ${job.id} failed: ${failure.message}`);
      this.store.transition(job, 'Failed', {
        reason: failure.message,
        reasonCode: failure.reasonCode,
        ...(failure.solution !== undefined ? { reasonSolution: failure.solution } : {}),
      });
    }
  }

  /**
   * Stop: no job starts any more, running programs are aborted (their jobs keep their
   * status), and the promise resolves once every program has returned.
   */
  async close(): Promise<void> {
    this.closed = true;
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeTimer = undefined;
    const runs = [...this.running.values()];
    for (const r of runs) {
      r.cause ??= 'shutdown';
      clearTimeout(r.costTimer);
      r.controller.abort(new Error('local runtime closed'));
    }
    await Promise.all(runs.map((r) => r.done));
    this.queued = [];
  }
}
