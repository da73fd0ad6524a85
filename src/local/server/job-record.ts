/**
 * The local runtime's own record of a job (inputs, state, every transition with its time)
 * and the views the API derives from it: job details, the legacy job-status message data,
 * and metrics.
 *
 * @module
 */
import { REASON_CODE_MAX_EXECUTION_TIME } from '../../codecs/status.js';

/** Job statuses in the service's Title case. */
export type RuntimeJobStatus = 'Queued' | 'Running' | 'Completed' | 'Cancelled' | 'Failed';

/** Statuses no job leaves. */
export const FINAL_RUNTIME_STATUSES: readonly RuntimeJobStatus[] = [
  'Completed',
  'Cancelled',
  'Failed',
];

/** True for Completed, Cancelled and Failed. */
export function isFinalRuntimeStatus(s: RuntimeJobStatus): boolean {
  return FINAL_RUNTIME_STATUSES.includes(s);
}

/** Programs the local runtime can run. */
export type LocalProgramId = 'sampler' | 'estimator';

/** One status change, with when it happened (ms since the epoch). */
export interface JobTransition {
  readonly status: RuntimeJobStatus;
  readonly at: number;
  readonly reason?: string;
  readonly reasonCode?: number;
}

/** Everything the local runtime knows about one job. */
export interface JobRecord {
  readonly id: string;
  readonly programId: LocalProgramId;
  readonly backend: string;
  /** `params` exactly as the client sent them. */
  readonly params: Readonly<Record<string, unknown>>;
  tags: string[];
  readonly sessionId: string | undefined;
  /** Maximum execution time that applies, in seconds. */
  readonly cost: number;
  readonly private: boolean;
  readonly logLevel: string | undefined;
  readonly userId: string;
  /** Creation time, ms since the epoch. */
  readonly created: number;
  /** Creation order, used to break ties between jobs created in the same millisecond. */
  readonly sequence: number;
  /** Seed of the job's simulation. */
  readonly seed: number;
  /** Results are written in the RuntimeEncoder form (`params.support_qiskit`). */
  readonly supportQiskit: boolean;
  status: RuntimeJobStatus;
  reason: string | undefined;
  reasonCode: number | undefined;
  reasonSolution: string | undefined;
  /** Cancelled for running past `cost` (top-level status `Cancelled - Ran too long`). */
  ranTooLong: boolean;
  transitions: JobTransition[];
  /** Qubits of each PUB's circuit. */
  readonly numQubits: readonly number[];
  /** Seconds the simulation took (quantum time), once it ran. */
  quantumSeconds: number | undefined;
  /** Estimated simulation time in seconds, from the PUB sizes. */
  readonly estimatedRunningTimeSeconds: number;
}

/** Time of the latest transition to `status`, if any. */
export function transitionTime(job: JobRecord, status: RuntimeJobStatus): number | undefined {
  for (let i = job.transitions.length - 1; i >= 0; i--) {
    const t = job.transitions[i]!;
    if (t.status === status) return t.at;
  }
  return undefined;
}

/** Time the job reached a final status. */
export function finishedAt(job: JobRecord): number | undefined {
  const last = job.transitions[job.transitions.length - 1];
  return last && isFinalRuntimeStatus(last.status) ? last.at : undefined;
}

/**
 * Whole seconds a job is charged: its quantum time rounded up (a job that ran is charged at
 * least a second), 0 before it ran. IBM's OpenAPI types the usage seconds as integers.
 */
export function billedSeconds(job: Pick<JobRecord, 'quantumSeconds'>): number {
  const s = job.quantumSeconds;
  return s === undefined ? 0 : Math.max(1, Math.ceil(s));
}

/** ISO-8601 UTC text of a time in ms. */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Top-level `status` of a job: the state's status, or `Cancelled - Ran too long`. */
export function topLevelStatus(job: Pick<JobRecord, 'status' | 'ranTooLong'>): string {
  return job.status === 'Cancelled' && job.ranTooLong ? 'Cancelled - Ran too long' : job.status;
}

/** Options of {@link jobDetailsView}. */
export interface DetailsViewOptions {
  /** Leave `params` out. */
  readonly excludeParams: boolean;
  /** Show the status before the latest transition (the `lateStatus` fault). */
  readonly previousStatus?: boolean;
  /** Image name reported as `runtime`. */
  readonly runtimeImage?: string;
}

/** The job as `GET /v1/jobs/{id}` and the jobs list return it. */
export function jobDetailsView(job: JobRecord, o: DetailsViewOptions): Record<string, unknown> {
  let status = job.status;
  let reasonFields: Record<string, unknown> = {};
  let ranTooLong = job.ranTooLong;
  let ended: number | undefined = finishedAt(job);
  const prev = job.transitions[job.transitions.length - 2];
  if (o.previousStatus && prev) {
    status = prev.status;
    ranTooLong = false;
    ended = undefined;
  } else if (job.reason !== undefined || job.reasonCode !== undefined) {
    reasonFields = {
      reason: job.reason ?? null,
      ...(job.reasonCode !== undefined ? { reason_code: job.reasonCode } : {}),
      ...(job.reasonSolution !== undefined ? { reason_solution: job.reasonSolution } : {}),
    };
  }
  return {
    id: job.id,
    backend: job.backend,
    state: { status, ...reasonFields },
    status: topLevelStatus({ status, ranTooLong }),
    ...(o.excludeParams || job.private ? {} : { params: job.params }),
    program: { id: job.programId },
    created: iso(job.created),
    ...(ended !== undefined ? { ended: iso(ended) } : {}),
    runtime: o.runtimeImage ?? 'local-statevector:latest',
    cost: job.cost,
    tags: [...job.tags],
    ...(job.sessionId !== undefined ? { session_id: job.sessionId } : {}),
    user_id: job.userId,
    usage: { seconds: billedSeconds(job) },
    ...(job.private ? { private: true } : {}),
    estimated_running_time_seconds: job.estimatedRunningTimeSeconds,
  };
}

/** The `data` of a legacy `job-status` message for the job's current status. */
export function legacyStatusData(
  job: JobRecord,
  queuePosition: number | undefined,
): Record<string, unknown> {
  switch (job.status) {
    case 'Queued':
      return {
        status: 'QUEUED',
        infoQueue: { status: 'PENDING_IN_QUEUE', position: queuePosition ?? 0 },
      };
    case 'Running':
      return { status: 'RUNNING' };
    case 'Completed':
      return { status: 'COMPLETED' };
    case 'Cancelled':
      if (job.ranTooLong) {
        return {
          status: 'ERROR_RUNNING_JOB',
          error: { code: REASON_CODE_MAX_EXECUTION_TIME, message: job.reason ?? 'RAN TOO LONG' },
        };
      }
      return { status: 'CANCELLED' };
    case 'Failed':
      return {
        status: 'ERROR_RUNNING_JOB',
        error: { code: job.reasonCode ?? 1000, message: job.reason ?? 'Job failed' },
      };
  }
}
