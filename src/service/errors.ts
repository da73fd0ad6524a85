/**
 * The errors the service facade raises beyond the shared ones in `codecs/errors.ts`, and the
 * mapping of transport failures onto the names the seeds use for each operation (a 409 on
 * cancel is a `RuntimeInvalidStateError`, a 404 on a job read a `RuntimeJobNotFoundError`,
 * any other failure to create a job an `IBMRuntimeError("Failed to run program: …")`, …).
 *
 * @module
 */
import type { CircuitError, TranspileError } from '../circuits/errors.js';
import type { QasmError } from '../circuits/qasm/errors.js';
import type { SharedErrorUnion } from '../codecs/errors.js';
import {
  IBMApiError,
  IBMRuntimeError,
  NetworkError,
  derivedFromRuntimeError,
  messageOf,
  RuntimeInvalidStateError,
  RuntimeJobNotFoundError,
} from '../codecs/errors.js';

/**
 * The service does not know the program a job was created for (the seeds' `RuntimeProgramNotFound`).
 *
 * @category Errors
 */
export class RuntimeProgramNotFoundError extends derivedFromRuntimeError<'RuntimeProgramNotFoundError'>() {
  override readonly _tag = 'RuntimeProgramNotFoundError' as const;
  constructor(
    readonly programId: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * No backend of the service matches the name asked for (qiskit's `QiskitBackendNotFoundError`).
 *
 * @category Errors
 */
export class BackendNotFoundError extends derivedFromRuntimeError<'BackendNotFoundError'>() {
  override readonly _tag = 'BackendNotFoundError' as const;
  constructor(
    readonly backendName: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * The operation exists in the seeds but the job API does not support it (`RuntimeJob.submit`).
 *
 * @category Errors
 */
export class NotImplementedError extends derivedFromRuntimeError<'NotImplementedError'>() {
  override readonly _tag = 'NotImplementedError' as const;
  constructor(message: string) {
    super(message);
  }
}

/** Every error class defined by the service facade. */
export type ServiceErrorUnion =
  RuntimeProgramNotFoundError | BackendNotFoundError | NotImplementedError;

/**
 * Every error the client raises, as one union discriminated by its literal `_tag`: narrow it
 * with `switch (error._tag)`, and a `default` branch that assigns it to `never` proves a switch
 * handles them all.
 *
 * ```ts
 * function describe(error: QuantumJobsErrorUnion): string {
 *   switch (error._tag) {
 *     case 'DecodeError':
 *       return `bad payload at ${error.path}`;
 *     case 'IBMApiError':
 *       return `HTTP ${error.status}`;
 *     // ... every other tag
 *     default: {
 *       const unhandled: never = error;
 *       return unhandled;
 *     }
 *   }
 * }
 * ```
 *
 * @category Errors
 */
export type QuantumJobsErrorUnion =
  SharedErrorUnion | ServiceErrorUnion | QasmError | CircuitError | TranspileError;

/** True for failures of the exchange with the service (an HTTP error answer or no answer). */
function isServiceFailure(error: unknown): error is IBMApiError | NetworkError {
  return error instanceof IBMApiError || error instanceof NetworkError;
}

/**
 * A failure of `POST /jobs` as the seeds name it: a 404 about the program is a
 * {@link RuntimeProgramNotFoundError}; any other answer or network failure an
 * `IBMRuntimeError("Failed to run program: …")` whose `cause` is the original error. Errors
 * raised before anything was sent (configuration, decoding) are returned unchanged.
 */
export function createJobError(programId: string, error: unknown): unknown {
  if (!isServiceFailure(error)) return error;
  if (
    error instanceof IBMApiError &&
    error.status === 404 &&
    (/program/i.test(String(error.code ?? '')) || /program/i.test(error.message))
  ) {
    return new RuntimeProgramNotFoundError(
      programId,
      `Program not found: ${programId} (${messageOf(error)})`,
      { cause: error },
    );
  }
  return new IBMRuntimeError(`Failed to run program: ${messageOf(error)}`, { cause: error });
}

/** A failure reading a job: a 404 becomes {@link RuntimeJobNotFoundError}; others are kept. */
export function jobLookupError(jobId: string, error: unknown): unknown {
  return error instanceof IBMApiError && error.status === 404
    ? new RuntimeJobNotFoundError(jobId, { cause: error })
    : error;
}

/**
 * A failure of `POST /jobs/{id}/cancel`: 409 (the job is already final) is a
 * `RuntimeInvalidStateError("Job cannot be cancelled: …")`; any other failure an
 * `IBMRuntimeError("Failed to cancel job: …")`.
 */
export function cancelJobError(jobId: string, error: unknown): unknown {
  if (!isServiceFailure(error)) return error;
  if (error instanceof IBMApiError && error.status === 409) {
    return new RuntimeInvalidStateError(`Job cannot be cancelled: ${messageOf(error)}`, jobId);
  }
  return new IBMRuntimeError(`Failed to cancel job: ${messageOf(error)}`, { cause: error });
}

/**
 * A failure of `DELETE /jobs/{id}`: 404 is a {@link RuntimeJobNotFoundError}; 409 (the job
 * is not final) a `RuntimeInvalidStateError`; any other failure an
 * `IBMRuntimeError("Failed to delete job: …")`.
 */
export function deleteJobError(jobId: string, error: unknown): unknown {
  if (!isServiceFailure(error)) return error;
  if (error instanceof IBMApiError && error.status === 404) {
    return new RuntimeJobNotFoundError(jobId, { cause: error });
  }
  if (error instanceof IBMApiError && error.status === 409) {
    return new RuntimeInvalidStateError(`Job cannot be deleted: ${messageOf(error)}`, jobId);
  }
  return new IBMRuntimeError(`Failed to delete job: ${messageOf(error)}`, { cause: error });
}

/**
 * A failure of a read the seeds document as raising `IBMRuntimeError` on a network error
 * (`logs`, `metrics`, `backend`): `IBMRuntimeError("<what>: …")` with the original as `cause`.
 */
export function runtimeError(what: string, error: unknown): unknown {
  if (!isServiceFailure(error)) return error;
  return new IBMRuntimeError(`${what}: ${messageOf(error)}`, { cause: error });
}
