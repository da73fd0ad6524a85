/**
 * Every error the library raises: plain values with a `_tag` discriminant, so callers can
 * `switch (err._tag)` instead of string-matching messages. No I/O lives here.
 *
 * @module
 */

/**
 * Base of every error raised by quantum-jobs-rx. `_tag` names the concrete kind.
 *
 * @category Errors
 */
export abstract class QuantumJobsError extends Error {
  abstract readonly _tag: string;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** What went wrong in a decode: malformed data, an unsupported encoding, or a safety ceiling. */
export type DecodeErrorKind = 'invalid' | 'unsupported' | 'limit';

/**
 * A payload did not have the expected shape. `path` names the bad field in
 * JSON-path style (`results[0].data.meas.samples[3]`), `expected` what was wanted.
 *
 * @category Errors
 */
export class DecodeError extends QuantumJobsError {
  readonly _tag = 'DecodeError' as const;
  constructor(
    readonly path: string,
    readonly expected: string,
    readonly actual: unknown,
    readonly kind: DecodeErrorKind = 'invalid',
    detail?: string,
  ) {
    super(detail ?? `${path || '<root>'}: expected ${expected}, got ${describeValue(actual)}`);
  }
}

/**
 * The text of a thrown value for a message: an `Error`'s `message`, anything else as a string.
 *
 * @internal
 */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A short, bounded description of a value for error messages (never dumps a whole payload). */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'string') {
    const s = value.length > 40 ? `${value.slice(0, 37)}...` : value;
    return JSON.stringify(s);
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value);
  }
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (value instanceof Uint8Array) return `${value.length} bytes`;
  if (typeof value === 'object') return 'an object';
  return typeof value;
}

/** One entry of the service's `errors` array. */
export interface ApiErrorDetail {
  readonly code: string | number | undefined;
  readonly message: string;
  readonly solution?: string | undefined;
  readonly moreInfo?: string | undefined;
}

/** The fields of an HTTP error answer, as decoded by `decodeApiErrorBody`. */
export interface ApiErrorInit {
  readonly status: number;
  readonly code?: string | number | undefined;
  readonly message: string;
  readonly solution?: string | undefined;
  readonly moreInfo?: string | undefined;
  readonly trace?: string | undefined;
  readonly details?: readonly ApiErrorDetail[];
  /** Raw body text, truncated; kept for bodies that are not JSON (e.g. an HTML block page). */
  readonly body?: string | undefined;
  readonly method?: string | undefined;
  readonly url?: string | undefined;
  /** Seconds from a `Retry-After` header, when the server sent one. */
  readonly retryAfterSeconds?: number | undefined;
}

/**
 * The service answered with a non-2xx status. Named after the seeds' `IBMApiError`.
 *
 * @category Errors
 */
export class IBMApiError extends QuantumJobsError {
  readonly _tag = 'IBMApiError' as const;
  readonly status: number;
  readonly code: string | number | undefined;
  readonly solution: string | undefined;
  readonly moreInfo: string | undefined;
  readonly trace: string | undefined;
  readonly details: readonly ApiErrorDetail[];
  readonly body: string | undefined;
  readonly method: string | undefined;
  readonly url: string | undefined;
  readonly retryAfterSeconds: number | undefined;
  constructor(init: ApiErrorInit) {
    const where = init.method && init.url ? `${init.method} ${init.url}: ` : '';
    const code = init.code === undefined ? '' : ` (code ${String(init.code)})`;
    super(`${where}HTTP ${init.status}${code}: ${init.message}`);
    this.status = init.status;
    this.code = init.code;
    this.solution = init.solution;
    this.moreInfo = init.moreInfo;
    this.trace = init.trace;
    this.details = init.details ?? [];
    this.body = init.body;
    this.method = init.method;
    this.url = init.url;
    this.retryAfterSeconds = init.retryAfterSeconds;
  }
}

/**
 * The request never got an HTTP answer (DNS, refused connection, reset, TLS).
 *
 * @category Errors
 */
export class NetworkError extends QuantumJobsError {
  readonly _tag = 'NetworkError' as const;
  constructor(
    message: string,
    readonly url?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * A websocket closed with a code other than a normal close.
 *
 * @category Errors
 */
export class WebSocketClosedError extends QuantumJobsError {
  readonly _tag = 'WebSocketClosedError' as const;
  constructor(
    readonly code: number,
    readonly reason: string,
    readonly url?: string,
  ) {
    super(`websocket closed with code ${code}${reason ? `: ${reason}` : ''}`);
  }
}

/**
 * The caller's configuration is unusable (missing credential, insecure URL, bad option).
 *
 * @category Errors
 */
export class ConfigError extends QuantumJobsError {
  readonly _tag = 'ConfigError' as const;
  constructor(
    message: string,
    readonly option?: string,
  ) {
    super(message);
  }
}

/**
 * Generic failure of a runtime operation (the seeds' `IBMRuntimeError`). The errors the seeds
 * derive from it (`RuntimeProgramNotFoundError`, `BackendNotFoundError`,
 * `NotImplementedError`) are `instanceof IBMRuntimeError` too, each with its own literal
 * `_tag`, so a `switch` on `_tag` tells every one of them apart.
 *
 * @category Errors
 */
export class IBMRuntimeError extends QuantumJobsError {
  readonly _tag = 'IBMRuntimeError' as const;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * {@link IBMRuntimeError} as the base class of an error derived from it: at run time the class
 * itself (so `instanceof IBMRuntimeError` holds), for the type checker a base whose `_tag` is
 * the derived class's own literal rather than `'IBMRuntimeError'`.
 *
 * ```ts
 * class BackendNotFoundError extends derivedFromRuntimeError<'BackendNotFoundError'>() {
 *   override readonly _tag = 'BackendNotFoundError' as const;
 * }
 * ```
 *
 * @internal
 */
export function derivedFromRuntimeError<Tag extends string>(): new (
  message: string,
  options?: { cause?: unknown },
) => QuantumJobsError & { readonly _tag: Tag } {
  return IBMRuntimeError as unknown as new (
    message: string,
    options?: { cause?: unknown },
  ) => QuantumJobsError & { readonly _tag: Tag };
}

/**
 * The job ended in ERROR.
 *
 * @category Errors
 */
export class RuntimeJobFailureError extends QuantumJobsError {
  readonly _tag = 'RuntimeJobFailureError' as const;
  constructor(
    readonly jobId: string,
    readonly reason: string | undefined,
    readonly reasonCode: number | undefined,
  ) {
    super(`Unable to retrieve job result. Job ${jobId} has failed${reason ? `: ${reason}` : '.'}`);
  }
}

/**
 * The job ran past its maximum execution time and the service stopped it (reason code 1305).
 *
 * @category Errors
 */
export class RuntimeJobMaxTimeoutError extends QuantumJobsError {
  readonly _tag = 'RuntimeJobMaxTimeoutError' as const;
  constructor(
    readonly jobId: string,
    readonly reason: string | undefined,
  ) {
    super(
      `Job ${jobId} ran longer than maximum execution time. Job was cancelled${reason ? `: ${reason}` : '.'}`,
    );
  }
}

/**
 * The operation is not allowed in the job's (or stream's) current state, e.g. a cancelled job's result.
 *
 * @category Errors
 */
export class RuntimeInvalidStateError extends QuantumJobsError {
  readonly _tag = 'RuntimeInvalidStateError' as const;
  constructor(
    message: string,
    readonly jobId?: string,
  ) {
    super(message);
  }
}

/**
 * The caller's own deadline or timeout passed before the job reached a final state.
 *
 * @category Errors
 */
export class RuntimeJobTimeoutError extends QuantumJobsError {
  readonly _tag = 'RuntimeJobTimeoutError' as const;
  constructor(
    readonly jobId: string | undefined,
    readonly timeoutMs: number,
    message?: string,
  ) {
    super(
      message ??
        `Timed out waiting for job${jobId ? ` ${jobId}` : ''} to complete after ${timeoutMs / 1000} secs.`,
    );
  }
}

/**
 * The service does not know the job id.
 *
 * @category Errors
 */
export class RuntimeJobNotFoundError extends QuantumJobsError {
  readonly _tag = 'RuntimeJobNotFoundError' as const;
  constructor(
    readonly jobId: string,
    options?: { cause?: unknown },
  ) {
    super(`Job not found: ${jobId}`, options);
  }
}

/**
 * The job was cancelled (by a user or a session cancel), so it has no result.
 *
 * @category Errors
 */
export class RuntimeJobCancelledError extends QuantumJobsError {
  readonly _tag = 'RuntimeJobCancelledError' as const;
  constructor(
    readonly jobId: string,
    readonly reason?: string,
  ) {
    super(`Unable to retrieve result for job ${jobId}. Job was cancelled.`);
  }
}

/**
 * The concrete error classes defined here, shared by every layer. The union of every error the
 * client raises is `QuantumJobsErrorUnion` (these, the service's and the circuit parser's).
 */
export type SharedErrorUnion =
  | DecodeError
  | IBMApiError
  | NetworkError
  | WebSocketClosedError
  | ConfigError
  | IBMRuntimeError
  | RuntimeJobFailureError
  | RuntimeJobMaxTimeoutError
  | RuntimeInvalidStateError
  | RuntimeJobTimeoutError
  | RuntimeJobNotFoundError
  | RuntimeJobCancelledError;

/**
 * True for any error raised by this library.
 *
 * @category Errors
 */
export function isQuantumJobsError(e: unknown): e is QuantumJobsError {
  return e instanceof QuantumJobsError;
}
