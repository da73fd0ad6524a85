/**
 * Job status vocabularies and the state machine every stream enforces.
 *
 * The service speaks two vocabularies (the runtime API's `Queued`/`Running`/... in any case,
 * and the legacy IBMQ `CREATING`/`VALIDATING`/.../`ERROR_*` strings). Both map onto one
 * {@link JobStatus}. A string neither knows becomes an {@link UnknownStatus} carrying the raw
 * text: it is data for the caller to see, never an error and never silently "not final".
 *
 * @module
 */

/** The statuses a job can be in, in the order a job passes through them. */
export const JOB_STATUSES = [
  'INITIALIZING',
  'VALIDATING',
  'QUEUED',
  'RUNNING',
  'DONE',
  'CANCELLED',
  'ERROR',
] as const;

/** @category Streams and events */
export type JobStatus = (typeof JOB_STATUSES)[number];

/** Statuses no job leaves. */
export const FINAL_STATUSES: readonly JobStatus[] = ['DONE', 'CANCELLED', 'ERROR'];

/** A status string neither vocabulary knows, kept verbatim. */
export interface UnknownStatus {
  readonly _tag: 'UnknownStatus';
  readonly raw: string;
}

export function unknownStatus(raw: string): UnknownStatus {
  return { _tag: 'UnknownStatus', raw };
}

export function isUnknownStatus(s: JobStatus | UnknownStatus): s is UnknownStatus {
  return typeof s === 'object';
}

const RANK: Readonly<Record<JobStatus, number>> = {
  INITIALIZING: 0,
  VALIDATING: 1,
  QUEUED: 2,
  RUNNING: 3,
  DONE: 4,
  CANCELLED: 4,
  ERROR: 4,
};

/**
 * Position of a status in the state machine. A stream only moves to a status of strictly
 * higher rank; the three final statuses share the top rank, so once one is reached no other
 * is ever accepted.
 */
export function rank(status: JobStatus): number {
  return RANK[status];
}

/** True for DONE, CANCELLED and ERROR. */
export function isFinal(status: JobStatus): boolean {
  return RANK[status] === 4;
}

/** True when a stream at `from` may move to `to` (never backwards, never sideways, never out of a final status). */
export function canTransition(from: JobStatus, to: JobStatus): boolean {
  return RANK[to] > RANK[from];
}

/** Reason code the service uses for a job stopped at its maximum execution time. */
export const REASON_CODE_MAX_EXECUTION_TIME = 1305;

/**
 * Reason code of a job that failed inside the service ("API Internal error" in IBM Quantum
 * Platform's error code registry, quantum.cloud.ibm.com/docs/errors).
 */
export const REASON_CODE_INTERNAL_ERROR = 1000;

/** A status read from the server, mapped, with what the server said about why. */
export interface MappedStatus {
  readonly status: JobStatus | UnknownStatus;
  /** The string the server sent, verbatim. */
  readonly raw: string;
  readonly reason?: string | undefined;
  readonly reasonCode?: number | undefined;
  readonly reasonSolution?: string | undefined;
  /** Set when the job was stopped for running past its maximum execution time. */
  readonly maxExecutionTimeExceeded: boolean;
}

const RUNTIME_STATUSES: Readonly<Record<string, JobStatus>> = {
  QUEUED: 'QUEUED',
  RUNNING: 'RUNNING',
  COMPLETED: 'DONE',
  CANCELLED: 'CANCELLED',
  FAILED: 'ERROR',
  'CANCELLED - RAN TOO LONG': 'ERROR',
};

const LEGACY_STATUSES: Readonly<Record<string, JobStatus>> = {
  CREATING: 'INITIALIZING',
  CREATED: 'INITIALIZING',
  TRANSPILING: 'INITIALIZING',
  TRANSPILED: 'INITIALIZING',
  VALIDATING: 'VALIDATING',
  VALIDATED: 'VALIDATING',
  PENDING_IN_QUEUE: 'QUEUED',
  QUEUED: 'QUEUED',
  RUNNING: 'RUNNING',
  COMPLETED: 'DONE',
  CANCELLED: 'CANCELLED',
  ERROR_CREATING_JOB: 'ERROR',
  ERROR_VALIDATING_JOB: 'ERROR',
  ERROR_RUNNING_JOB: 'ERROR',
  ERROR_TRANSPILING_JOB: 'ERROR',
};

/** Our own names, accepted back so a status that went through `toDict()` maps to itself. */
const OWN_STATUSES: Readonly<Record<string, JobStatus>> = Object.fromEntries(
  JOB_STATUSES.map((s) => [s, s]),
);

function normalise(raw: string): string {
  return raw.trim().toUpperCase().replace(/\s+/g, ' ');
}

/**
 * Map a runtime API status (`state.status` or the top-level `status`, any case), with the
 * state's reason fields. `Cancelled` with reason code 1305 and `Cancelled - Ran too long` both
 * become ERROR with {@link MappedStatus.maxExecutionTimeExceeded} set.
 */
export function mapRuntimeStatus(
  raw: string,
  reason?: { reason?: string | null; reasonCode?: number | null; reasonSolution?: string | null },
): MappedStatus {
  const key = normalise(raw);
  const reasonCode = reason?.reasonCode ?? undefined;
  const ranTooLong =
    key === 'CANCELLED - RAN TOO LONG' ||
    (key === 'CANCELLED' && reasonCode === REASON_CODE_MAX_EXECUTION_TIME);
  const known = RUNTIME_STATUSES[key] ?? LEGACY_STATUSES[key] ?? OWN_STATUSES[key];
  return {
    status: ranTooLong ? 'ERROR' : (known ?? unknownStatus(raw)),
    raw,
    reason: reason?.reason || (ranTooLong ? 'RAN TOO LONG' : undefined),
    reasonCode: reasonCode ?? (ranTooLong ? REASON_CODE_MAX_EXECUTION_TIME : undefined),
    reasonSolution: reason?.reasonSolution ?? undefined,
    maxExecutionTimeExceeded: ranTooLong,
  };
}

/** Map a legacy IBMQ `ApiJobStatus` string (`CREATING`, ..., `ERROR_RUNNING_JOB`, any case). */
export function mapLegacyStatus(raw: string): MappedStatus {
  const key = normalise(raw);
  const known = LEGACY_STATUSES[key] ?? OWN_STATUSES[key];
  return {
    status: known ?? unknownStatus(raw),
    raw,
    maxExecutionTimeExceeded: false,
  };
}

/** The legacy API's own final strings (used by the job-status websocket to know when to stop). */
export function isLegacyFinal(raw: string): boolean {
  const key = normalise(raw);
  return key === 'COMPLETED' || key === 'CANCELLED' || key.startsWith('ERROR_');
}
