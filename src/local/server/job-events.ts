/**
 * The local runtime's in-process notifications about jobs: status transitions and interim
 * results, delivered synchronously to the websocket handlers, sessions and persistence that
 * listen for one job or for all of them.
 *
 * @module
 */
import type { JobRecord, RuntimeJobStatus } from './job-record.js';

/** Something that happened to a job. */
export type JobEvent =
  | {
      readonly type: 'transition';
      readonly job: JobRecord;
      readonly from: RuntimeJobStatus | undefined;
    }
  | { readonly type: 'interim'; readonly job: JobRecord; readonly text: string }
  | { readonly type: 'deleted'; readonly job: JobRecord };

/** Receives job events. */
export type JobEventListener = (event: JobEvent) => void;

/** Fan-out of job events, per job and for every job. */
export class JobEvents {
  private readonly perJob = new Map<string, Set<JobEventListener>>();
  private readonly all = new Set<JobEventListener>();

  /** Listen to one job's events; returns the function that stops listening. */
  onJob(jobId: string, listener: JobEventListener): () => void {
    let set = this.perJob.get(jobId);
    if (!set) {
      set = new Set();
      this.perJob.set(jobId, set);
    }
    set.add(listener);
    return () => {
      const s = this.perJob.get(jobId);
      if (!s) return;
      s.delete(listener);
      if (s.size === 0) this.perJob.delete(jobId);
    };
  }

  /** Listen to every job's events; returns the function that stops listening. */
  onAny(listener: JobEventListener): () => void {
    this.all.add(listener);
    return () => this.all.delete(listener);
  }

  /** Deliver an event to the job's listeners, then to the global ones. */
  emit(event: JobEvent): void {
    for (const l of [...(this.perJob.get(event.job.id) ?? [])]) l(event);
    for (const l of [...this.all]) l(event);
  }

  /** Number of per-job listeners (for leak checks). */
  listenerCount(): number {
    let n = 0;
    for (const s of this.perJob.values()) n += s.size;
    return n;
  }
}
