/**
 * `JobSnapshot`: what a `RuntimeJob` knows of its job without asking the service (its
 * attributes as last read, its last status and why, its place in the queue), kept up to date
 * from job details, stream events and metrics, and written out as the job's handle.
 *
 * @module
 */
import type { JobDetails } from '../codecs/job.js';
import { jobStatusOf } from '../codecs/job.js';
import type { JobMetrics } from '../codecs/metrics.js';
import { isIsoDateString } from '../codecs/scalars.js';
import { parseIsoDate } from '../codecs/scalars.js';
import { canTransition, isFinal, isUnknownStatus } from '../codecs/status.js';
import type { JobStatus } from '../codecs/status.js';
import { statusEvent } from '../events/job-event.js';
import type { JobEvent, StatusEvent } from '../events/job-event.js';
import { JOB_HANDLE_TYPE, JOB_HANDLE_VERSION } from './job-handle.js';
import type { JobHandle } from './job-handle.js';

/** An ISO date string as a `Date`, `undefined` for anything else. */
export function dateOf(text: string | null | undefined): Date | undefined {
  return typeof text === 'string' && isIsoDateString(text) ? parseIsoDate(text) : undefined;
}

/** The job's attributes and last status, as last seen. Mutated only through its methods. */
export class JobSnapshot {
  programId: string | undefined;
  backendName: string | undefined;
  sessionId: string | undefined;
  tags: readonly string[] | undefined;
  inputs: Readonly<Record<string, unknown>> | undefined;
  creationDate: Date | undefined;
  image: string | undefined;
  private: boolean | undefined;
  mode: string | undefined;
  usageSeconds: number | undefined;
  queuePosition: number | undefined;
  #status: JobStatus | undefined;
  #reason: string | undefined;
  #reasonCode: number | undefined;
  #maxExecution = false;

  constructor(readonly jobId: string) {}

  /** The last status seen. */
  get status(): JobStatus | undefined {
    return this.#status;
  }

  /** The server's reason for the final status, when it gave one. */
  get reason(): string | undefined {
    return this.#reason;
  }

  /** The server's reason code for the final status, when it gave one. */
  get reasonCode(): number | undefined {
    return this.#reasonCode;
  }

  /** True when the job was stopped at its maximum execution time. */
  get maxExecution(): boolean {
    return this.#maxExecution;
  }

  /** True once the status seen is DONE, CANCELLED or ERROR. */
  get final(): boolean {
    return this.#status !== undefined && isFinal(this.#status);
  }

  /** A status seen: kept when it is further along than the last one (never backwards). */
  observeStatus(
    status: JobStatus,
    reason: string | undefined,
    reasonCode: number | undefined,
    maxExecution: boolean,
  ): void {
    if (this.#status !== undefined && !canTransition(this.#status, status)) return;
    this.#status = status;
    if (isFinal(status)) {
      this.#reason = reason;
      this.#reasonCode = reasonCode;
      this.#maxExecution = maxExecution;
    }
  }

  /** The job's details as read: every attribute they carry, and the status. */
  observeDetails(d: JobDetails, withInputs: boolean): void {
    if (d.program?.id !== undefined) this.programId = d.program.id;
    if (typeof d.backend === 'string') this.backendName = d.backend;
    if (typeof d.session_id === 'string') this.sessionId = d.session_id;
    if (Array.isArray(d.tags)) this.tags = [...d.tags];
    const created = dateOf(d.created);
    if (created !== undefined) this.creationDate = created;
    const image = d.runtime ?? d.image;
    if (typeof image === 'string') this.image = image;
    if (typeof d.private === 'boolean') this.private = d.private;
    if (typeof d.mode === 'string' && d.mode !== '') this.mode = d.mode;
    if (typeof d.estimated_running_time_seconds === 'number') {
      this.usageSeconds = d.estimated_running_time_seconds;
    }
    if (withInputs && d.params !== undefined && d.params !== null) this.inputs = d.params;
    const mapped = jobStatusOf(d);
    if (!isUnknownStatus(mapped.status)) {
      this.observeStatus(
        mapped.status,
        mapped.reason,
        mapped.reasonCode,
        mapped.maxExecutionTimeExceeded,
      );
    }
  }

  /** What a stream event tells about the job: its status and its place in the queue. */
  observeEvent(event: JobEvent<unknown>): void {
    switch (event.type) {
      case 'status':
        this.observeStatus(
          event.status,
          event.reason,
          event.reasonCode,
          event.maxExecutionTimeExceeded,
        );
        return;
      case 'progress':
        if (event.queuePosition !== undefined) this.queuePosition = event.queuePosition;
        return;
      case 'metrics':
        this.observeMetrics(event.metrics);
        return;
      default:
        return;
    }
  }

  /** The job's metrics as read: its place in the queue. */
  observeMetrics(metrics: JobMetrics): void {
    if (typeof metrics.position_in_queue === 'number') {
      this.queuePosition = metrics.position_in_queue;
    }
  }

  /** The final status as a status event (for replays and for its typed error). */
  finalEvent(): StatusEvent {
    return statusEvent({
      jobId: this.jobId,
      time: new Date(),
      status: this.#status!,
      previous: undefined,
      ...(this.#reason !== undefined ? { reason: this.#reason } : {}),
      ...(this.#reasonCode !== undefined ? { reasonCode: this.#reasonCode } : {}),
      maxExecutionTimeExceeded: this.#maxExecution,
      source: 'restored',
    });
  }

  /** The job's plain-JSON handle, naming the service at `url` (no credentials). */
  toHandle(url: string): JobHandle {
    const created = this.creationDate;
    return {
      type: JOB_HANDLE_TYPE,
      version: JOB_HANDLE_VERSION,
      jobId: this.jobId,
      url,
      ...(this.programId !== undefined ? { programId: this.programId } : {}),
      ...(this.backendName !== undefined ? { backend: this.backendName } : {}),
      ...(this.sessionId !== undefined ? { sessionId: this.sessionId } : {}),
      ...(this.tags !== undefined ? { tags: [...this.tags] } : {}),
      ...(created !== undefined ? { creationDate: created.toISOString() } : {}),
      ...(this.#status !== undefined ? { status: this.#status } : {}),
      ...(this.#reason !== undefined ? { reason: this.#reason } : {}),
      ...(this.#reasonCode !== undefined ? { reasonCode: this.#reasonCode } : {}),
      ...(this.#maxExecution ? { maxExecutionTimeExceeded: true } : {}),
      ...(this.private !== undefined ? { private: this.private } : {}),
    };
  }
}
