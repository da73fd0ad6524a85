/**
 * Codecs for the job endpoints' JSON: job details (`GET /v1/jobs/{id}`), job creation
 * (`POST /v1/jobs`), the jobs page (`GET /v1/jobs`) and the legacy cancel answer, plus the
 * reading of a job's status from its details.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { DecodeError } from './errors.js';
import { guarded } from './guarded.js';
import { isJobDetails } from './job-details-guard.js';
import { FiniteNumber, IsoDateString, NonNegativeInt, nullable, parseIsoDate } from './scalars.js';
import { mapRuntimeStatus, type MappedStatus } from './status.js';

/**
 * A job's reason code as sent: an integer in the OpenAPI model (`reason_code: Option<i32>`,
 * Qiskit/qiskit-ibm-runtime-c `crates/ibm-quantum-platform-api/src/models/job_state.rs`), but
 * qiskit-ibm-runtime takes whatever arrives and prints it (`f"Error code {reason_code}; ..."`,
 * `qiskit_ibm_runtime/base_runtime_job.py`), so a code sent as text (`"1305"`) is accepted
 * too. {@link reasonCodeOf} reads either as a number.
 */
export const ReasonCode = t.union([t.number, t.string], 'reason code (integer or its text)');
export type ReasonCode = t.TypeOf<typeof ReasonCode>;

/**
 * A reason code as a number: an integer as it is, decimal text (`"1305"`, `" 1305 "`) as its
 * value; `undefined` for anything else (empty or non-numeric text, a fraction), which no status
 * rule can use.
 */
export function reasonCodeOf(code: ReasonCode | null | undefined): number | undefined {
  if (typeof code === 'number') return Number.isSafeInteger(code) ? code : undefined;
  if (typeof code !== 'string' || !/^\s*-?\d+\s*$/.test(code)) return undefined;
  const n = Number(code);
  return Number.isSafeInteger(n) ? n : undefined;
}

/**
 * The `state` object of a job: `status` (`Queued`, `Running`, `Completed`, `Cancelled`,
 * `Failed`; any other string is kept) and, for failed or cancelled jobs, why. The reason code
 * arrives as `reason_code` from the service and as `reasonCode` from some client test doubles,
 * as a number or its text ({@link ReasonCode}).
 */
export const JobState = t.intersection(
  [
    t.type({ status: t.string }),
    t.partial({
      reason: nullable(t.string),
      reason_code: nullable(ReasonCode),
      reasonCode: nullable(ReasonCode),
      reason_solution: nullable(t.string),
    }),
  ],
  'JobState',
);
export type JobState = t.TypeOf<typeof JobState>;

/** The `usage` object of a job: billed runtime seconds. */
export const JobUsage = t.partial({ seconds: nullable(FiniteNumber) }, 'JobUsage');
export type JobUsage = t.TypeOf<typeof JobUsage>;

/** The `program` object of a job: which primitive ran (`sampler`, `estimator`, ...). */
export const JobProgram = t.type({ id: t.string }, 'JobProgram');
export type JobProgram = t.TypeOf<typeof JobProgram>;

/**
 * One job as `GET /v1/jobs/{id}` and the jobs list return it. Only `state` is required:
 * the top-level `status`, `program` and even `id` are absent from some published payloads.
 * Fields the service adds later are kept as they are. Decoded on every poll, so it takes the
 * {@link guarded} fast path, with its guard written out by hand (`isJobDetails`, which must
 * follow any field added here).
 */
export const JobDetails = guarded(
  t.intersection(
    [
      t.type({ state: JobState }),
      t.partial({
        id: t.string,
        /** Top-level status: the `state.status` vocabulary plus `Cancelled - Ran too long`. */
        status: t.string,
        backend: nullable(t.string),
        params: nullable(t.UnknownRecord),
        program: JobProgram,
        created: nullable(IsoDateString),
        ended: nullable(IsoDateString),
        runtime: nullable(t.string),
        image: nullable(t.string),
        /** Maximum execution time that applied, in seconds. */
        cost: nullable(FiniteNumber),
        tags: nullable(t.array(t.string)),
        remote_storage: nullable(t.UnknownRecord),
        session_id: nullable(t.string),
        user_id: nullable(t.string),
        usage: nullable(JobUsage),
        private: nullable(t.boolean),
        estimated_running_time_seconds: nullable(FiniteNumber),
        estimated_max_running_time_seconds: nullable(FiniteNumber),
        calibration_id: nullable(t.string),
        mode: nullable(t.string),
        status_reason: nullable(t.string),
      }),
    ],
    'JobDetails',
  ),
  isJobDetails,
);
export type JobDetails = t.TypeOf<typeof JobDetails>;

const RAN_TOO_LONG = /^\s*cancelled\s+-\s+ran\s+too\s+long\s*$/i;

/**
 * The mapped status of a job. `state.status` is preferred; the top-level `status` is used
 * when it says `Cancelled - Ran too long` (which `state` may express only as `Cancelled`)
 * or when `state` carries no status. Reason fields always come from `state`.
 */
export function jobStatusOf(details: JobDetails): MappedStatus {
  const state = details.state as Partial<JobState> | undefined;
  const stateStatus =
    typeof state?.status === 'string' && state.status.trim() !== '' ? state.status : undefined;
  const topStatus =
    typeof details.status === 'string' && details.status.trim() !== '' ? details.status : undefined;
  const raw =
    topStatus !== undefined && (RAN_TOO_LONG.test(topStatus) || stateStatus === undefined)
      ? topStatus
      : (stateStatus ?? '');
  return mapRuntimeStatus(raw, {
    reason: state?.reason ?? null,
    reasonCode: reasonCodeOf(state?.reason_code) ?? reasonCodeOf(state?.reasonCode) ?? null,
    reasonSolution: state?.reason_solution ?? null,
  });
}

/** Program log levels accepted by `log_level` (any case on input). */
export const LOG_LEVELS = ['critical', 'error', 'warning', 'info', 'debug'] as const;
/** A program log level. */
export type LogLevel = (typeof LOG_LEVELS)[number];

const isLogLevel = (u: unknown): u is string =>
  typeof u === 'string' && (LOG_LEVELS as readonly string[]).includes(u.toLowerCase());

/** `log_level` of a job request: one of `LOG_LEVELS`, in any case. */
export const LogLevelCodec = new t.Type<string>(
  `log level (${LOG_LEVELS.join(' | ')})`,
  isLogLevel,
  (u, c) => (isLogLevel(u) ? t.success(u) : t.failure(u, c)),
  t.identity,
);

/**
 * Body of `POST /v1/jobs`. `params` is the primitive's input (see `SamplerParams` and
 * `EstimatorParams`); `cost` is the maximum execution time in seconds.
 */
export const CreateJobRequest = t.intersection(
  [
    t.type({
      program_id: t.string,
      backend: t.string,
      params: t.UnknownRecord,
    }),
    t.partial({
      runtime: t.string,
      log_level: LogLevelCodec,
      session_id: t.string,
      tags: t.array(t.string),
      cost: NonNegativeInt,
      private: t.boolean,
      start_session: t.boolean,
      session_time: NonNegativeInt,
      calibration_id: t.string,
    }),
  ],
  'CreateJobRequest',
);
export type CreateJobRequest = t.TypeOf<typeof CreateJobRequest>;

/** Answer to `POST /v1/jobs`: the new job's id and the backend it will run on. */
export const CreateJobResponse = t.intersection(
  [
    t.type({ id: t.string, backend: t.string }),
    t.partial({ session_id: nullable(t.string), private: nullable(t.boolean) }),
  ],
  'CreateJobResponse',
);
export type CreateJobResponse = t.TypeOf<typeof CreateJobResponse>;

/**
 * The `jobs` of a page: optional in the OpenAPI model (`jobs: Option<Vec<JobResponse>>`,
 * Qiskit/qiskit-ibm-runtime-c `crates/ibm-quantum-platform-api/src/models/jobs_response.rs`),
 * so a page without it (or with `null`) decodes as an empty page.
 */
const PageJobs = new t.Type<JobDetails[], JobDetails[] | undefined, unknown>(
  'Array<JobDetails> or absent',
  (u): u is JobDetails[] => Array.isArray(u) && u.every((j) => JobDetails.is(j)),
  (u, c) => (u === undefined || u === null ? t.success([]) : t.array(JobDetails).validate(u, c)),
  (a) => a,
);

/** `count` of a page: `Option<i32>` in the same model, so `null` reads as absent. */
const PageCount = new t.Type<number | undefined, number | undefined, unknown>(
  `${NonNegativeInt.name} or null`,
  (u): u is number | undefined => u === undefined || NonNegativeInt.is(u),
  (u, c) => (u === null ? t.success(undefined) : NonNegativeInt.validate(u, c)),
  t.identity,
);

/**
 * One page of `GET /v1/jobs`: `count` is the number of matching jobs ignoring paging,
 * `offset` and `limit` echo the request. A page without `jobs` has none.
 */
export const JobsPage = t.intersection(
  [
    t.type({ jobs: PageJobs }),
    t.partial({ count: PageCount, offset: NonNegativeInt, limit: NonNegativeInt }),
  ],
  'JobsPage',
);
export type JobsPage = t.TypeOf<typeof JobsPage>;

/** Answer of the legacy IBMQ `POST /Jobs/{id}/cancel`: success is `cancelled: true` with no `error`. */
export const LegacyCancelResponse = t.partial(
  { cancelled: t.boolean, error: t.unknown },
  'LegacyCancelResponse',
);
export type LegacyCancelResponse = t.TypeOf<typeof LegacyCancelResponse>;

/** True when a legacy cancel answer reports success. */
export function legacyCancelSucceeded(response: LegacyCancelResponse): boolean {
  return response.cancelled === true && response.error === undefined;
}

/** Filters and paging of `GET /v1/jobs`, in camelCase; see `encodeJobListQuery` for the wire names. */
export interface JobListQuery {
  /** Page size. */
  readonly limit?: number;
  /** Number of matching jobs to skip. */
  readonly offset?: number;
  /** Alias of `offset`, as qiskit-ibm-runtime calls it; `offset` wins when both are set. */
  readonly skip?: number;
  /** `true`: queued or running jobs only; `false`: finished jobs only. */
  readonly pending?: boolean;
  /** Program id, e.g. `sampler`. */
  readonly program?: string;
  readonly backend?: string;
  /** Only jobs created at or after this time (a `Date` or an ISO-8601 string). */
  readonly createdAfter?: Date | string;
  /** Only jobs created at or before this time. */
  readonly createdBefore?: Date | string;
  /** Order by creation time; the service's default is `DESC`. */
  readonly sort?: 'ASC' | 'DESC';
  /** Jobs carrying all of these tags (sent as one repeated `tags` parameter per tag). */
  readonly tags?: readonly string[];
  readonly sessionId?: string;
  /** Leave `params` out of each job (the service's default is `true`). */
  readonly excludeParams?: boolean;
}

function timeText(value: Date | string): string {
  return value instanceof Date ? value.toISOString() : value;
}

/**
 * Query parameters for `GET /v1/jobs`, in a stable order, as `[name, value]` pairs ready
 * for `new URLSearchParams(...)`. Unset fields are left out.
 */
export function encodeJobListQuery(q: JobListQuery): [string, string][] {
  const out: [string, string][] = [];
  const offset = q.offset ?? q.skip;
  if (q.limit !== undefined) out.push(['limit', String(q.limit)]);
  if (offset !== undefined) out.push(['offset', String(offset)]);
  if (q.pending !== undefined) out.push(['pending', String(q.pending)]);
  if (q.program !== undefined) out.push(['program', q.program]);
  if (q.backend !== undefined) out.push(['backend', q.backend]);
  if (q.createdAfter !== undefined) out.push(['created_after', timeText(q.createdAfter)]);
  if (q.createdBefore !== undefined) out.push(['created_before', timeText(q.createdBefore)]);
  if (q.sort !== undefined) out.push(['sort', q.sort]);
  for (const tag of q.tags ?? []) out.push(['tags', tag]);
  if (q.sessionId !== undefined) out.push(['session_id', q.sessionId]);
  if (q.excludeParams !== undefined) out.push(['exclude_params', String(q.excludeParams)]);
  return out;
}

type Field<A> = E.Either<DecodeError, A | undefined>;

function single(params: URLSearchParams, name: string): Field<string> {
  const values = params.getAll(name);
  if (values.length > 1) return E.left(new DecodeError(name, 'a single value', values.join(',')));
  return E.right(values[0]);
}

function intParam(
  params: URLSearchParams,
  name: string,
  min: number,
  expected: string,
): Field<number> {
  return E.chain((text: string | undefined): Field<number> => {
    if (text === undefined) return E.right(undefined);
    const n = /^\s*\d+\s*$/.test(text) ? Number(text) : NaN;
    return Number.isSafeInteger(n) && n >= min
      ? E.right(n)
      : E.left(new DecodeError(name, expected, text));
  })(single(params, name));
}

function boolParam(params: URLSearchParams, name: string): Field<boolean> {
  return E.chain((text: string | undefined): Field<boolean> => {
    if (text === undefined) return E.right(undefined);
    const lower = text.toLowerCase();
    if (lower === 'true') return E.right(true);
    if (lower === 'false') return E.right(false);
    return E.left(new DecodeError(name, '"true" or "false"', text));
  })(single(params, name));
}

function dateParam(params: URLSearchParams, name: string): Field<Date> {
  return E.chain((text: string | undefined): Field<Date> => {
    if (text === undefined) return E.right(undefined);
    const date = parseIsoDate(text);
    return date === undefined
      ? E.left(new DecodeError(name, 'ISO-8601 timestamp', text))
      : E.right(date);
  })(single(params, name));
}

function sortParam(params: URLSearchParams): Field<'ASC' | 'DESC'> {
  return E.chain((text: string | undefined): Field<'ASC' | 'DESC'> => {
    if (text === undefined) return E.right(undefined);
    const upper = text.toUpperCase();
    return upper === 'ASC' || upper === 'DESC'
      ? E.right(upper)
      : E.left(new DecodeError('sort', '"ASC" or "DESC"', text));
  })(single(params, 'sort'));
}

/**
 * Read and validate the query string of `GET /v1/jobs` (the local runtime's side of
 * `encodeJobListQuery`). A bad value gives a `DecodeError` whose path is the
 * parameter name: `limit: expected positive integer, got "abc"`. Times come back as `Date`.
 * Parameters this API does not define are ignored.
 */
export function decodeJobListQuery(params: URLSearchParams): E.Either<DecodeError, JobListQuery> {
  const fields = {
    limit: intParam(params, 'limit', 1, 'positive integer'),
    offset: intParam(params, 'offset', 0, 'non-negative integer'),
    pending: boolParam(params, 'pending'),
    program: single(params, 'program'),
    backend: single(params, 'backend'),
    createdAfter: dateParam(params, 'created_after'),
    createdBefore: dateParam(params, 'created_before'),
    sort: sortParam(params),
    sessionId: single(params, 'session_id'),
    excludeParams: boolParam(params, 'exclude_params'),
  };
  const query: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(fields)) {
    if (E.isLeft(field)) return field;
    if (field.right !== undefined) query[key] = field.right;
  }
  const tags = params.getAll('tags');
  if (tags.length > 0) query['tags'] = tags;
  return E.right(query as JobListQuery);
}
