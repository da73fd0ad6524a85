/**
 * What IBM's OpenAPI models require of the service's answers, as the generated Rust client of
 * Qiskit/qiskit-ibm-runtime-c declares them (crates/ibm-quantum-platform-api/src/models/*.rs,
 * OpenAPI "Qiskit Runtime API" 0.25.0): every required field present, every field of the type
 * serde would deserialize (an `i32` must be an integer, an enum one of its values, an
 * `Option` may be null). `conform` lists the places that would make the client fail.
 */

/** A check of one value; returns the problems found at `path`. */
export type Check = (value: unknown, path: string) => string[];

const ok: string[] = [];

const typed =
  (name: string, test: (v: unknown) => boolean): Check =>
  (v, path) =>
    test(v) ? ok : [`${path}: expected ${name}, got ${JSON.stringify(v)?.slice(0, 60)}`];

export const str = typed('string', (v) => typeof v === 'string');
export const bool = typed('bool', (v) => typeof v === 'boolean');
export const f64 = typed('f64', (v) => typeof v === 'number' && Number.isFinite(v));
export const i32 = typed(
  'i32',
  (v) => typeof v === 'number' && Number.isInteger(v) && Math.abs(v) <= 2 ** 31,
);
export const i64 = typed('i64', (v) => typeof v === 'number' && Number.isSafeInteger(v));
export const u32 = typed('u32', (v) => typeof v === 'number' && Number.isInteger(v) && v >= 0);
export const any: Check = () => ok;
export const json = typed(
  'a JSON object',
  (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
);

export function oneOf(values: readonly string[]): Check {
  return typed(`one of ${values.join('|')}`, (v) => typeof v === 'string' && values.includes(v));
}

export function nullable(check: Check): Check {
  return (v, path) => (v === null ? ok : check(v, path));
}

export function arr(check: Check): Check {
  return (v, path) =>
    Array.isArray(v)
      ? v.flatMap((x, i) => check(x, `${path}[${i}]`))
      : [`${path}: expected an array`];
}

export function map(check: Check): Check {
  return (v, path) =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
      ? Object.entries(v).flatMap(([k, x]) => check(x, `${path}.${k}`))
      : [`${path}: expected an object`];
}

/** A struct: `required` fields must be present (serde without a default), `optional` may be absent or null. */
export function struct(
  required: Record<string, Check>,
  optional: Record<string, Check> = {},
): Check {
  return (v, path) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v))
      return [`${path}: expected an object`];
    const o = v as Record<string, unknown>;
    const out: string[] = [];
    for (const [k, check] of Object.entries(required)) {
      if (!(k in o)) out.push(`${path}.${k}: missing`);
      else out.push(...check(o[k], `${path}.${k}`));
    }
    for (const [k, check] of Object.entries(optional)) {
      if (o[k] !== undefined && o[k] !== null) out.push(...check(o[k], `${path}.${k}`));
    }
    return out;
  };
}

/** The problems of `value` against `check` (empty when it conforms). */
export function conform(value: unknown, check: Check, root = '$'): string[] {
  return check(value, root);
}

// models/job_state.rs, job_response.rs, job_response_program.rs, usage.rs
const JobStateStatus = oneOf(['Queued', 'Running', 'Completed', 'Cancelled', 'Failed']);
export const JobState = struct(
  { status: JobStateStatus },
  { reason: str, reason_code: i32, reason_solution: str },
);
export const JobResponse = struct(
  {
    id: str,
    state: JobState,
    status: oneOf([
      'Queued',
      'Running',
      'Completed',
      'Cancelled',
      'Cancelled - Ran too long',
      'Failed',
    ]),
    program: struct({ id: str }),
    created: str,
    cost: i32,
  },
  {
    backend: str,
    params: map(any),
    runtime: str,
    tags: arr(str),
    session_id: str,
    user_id: str,
    usage: struct({ seconds: f64 }),
    private: bool,
  },
);
// models/jobs_response.rs
export const JobsResponse = struct(
  { offset: i32, limit: i32 },
  { jobs: arr(JobResponse), count: i32 },
);
// models/create_job_200_response.rs
export const CreateJob200Response = struct(
  { id: str, backend: str },
  { session_id: str, private: bool },
);
// models/job_metrics*.rs
export const JobMetrics = struct(
  {},
  {
    timestamps: struct({}, { created: str, finished: str, running: str }),
    bss: struct({}, { seconds: i32 }),
    usage: struct({}, { quantum_seconds: i64, seconds: i32 }),
    qiskit_version: str,
    estimated_start_time: str,
    estimated_completion_time: str,
    position_in_queue: i32,
    position_in_provider: i32,
  },
);
// models/sampler_v2_job_result.rs (the plain-JSON result the C client reads)
export const SamplerV2Result = struct({
  metadata: any,
  results: arr(
    struct({
      data: map(struct({ samples: arr(str), num_bits: u32 })),
      metadata: any,
    }),
  ),
});
// models/backends_response_v2*.rs
export const BackendsResponseV2 = struct(
  {},
  {
    devices: arr(
      struct(
        {
          name: str,
          status: struct({ name: oneOf(['online', 'paused', 'offline']) }, { reason: str }),
          queue_length: i32,
        },
        {
          is_simulator: bool,
          qubits: i32,
          clops: struct({ type: oneOf(['virtual', 'hardware']), value: i32 }),
          processor_type: struct({}, { family: str, revision: str, segment: str }),
          performance_metrics: struct(
            {},
            {
              two_q_error_best: struct({ value: f64, gate: str, qubits: arr(f64) }, { unit: str }),
              two_q_error_layered: struct({ value: f64 }, { unit: str }),
            },
          ),
        },
      ),
    ),
  },
);
// models/backend_status_response.rs
export const BackendStatusResponse = struct(
  { length_queue: i32 },
  { state: bool, status: str, message: str, backend_version: str },
);
// models/create_session_200_response.rs (+ timestamps_inner.rs)
const SessionState = oneOf(['open', 'active', 'inactive', 'closed']);
export const CreateSession200Response = struct(
  { id: str, backend_name: nullable(str), mode: oneOf(['batch', 'dedicated']) },
  {
    started_at: str,
    activated_at: str,
    closed_at: str,
    last_job_started: str,
    last_job_completed: str,
    interactive_ttl: i32,
    max_ttl: i32,
    active_ttl: i32,
    state: SessionState,
    state_reason: str,
    accepting_jobs: bool,
    timestamps: arr(struct({ status: SessionState, timestamp: str })),
    user_id: str,
    elapsed_time: f64,
  },
);
// models/get_usage_200_response.rs
export const GetUsage200Response = struct(
  { instance_id: str, plan_id: str, usage_consumed_seconds: f64 },
  {
    usage_period: struct({}, { start_time: str, end_time: str }),
    usage_limit_seconds: f64,
    usage_allocation_seconds: f64,
    usage_limit_reached: bool,
  },
);
// models/jobs_transpiled_circuits_response.rs
export const JobsTranspiledCircuitsResponse = struct({ url: str });
// models/list_jobs_400_response.rs: the error container (code is parsed leniently by clients).
export const ErrorContainer = struct(
  {},
  { trace: str, errors: arr(struct({}, { message: str, more_info: str })) },
);
// crates/ibmcloud-iam-api/src/models/token_response.rs
export const TokenResponse = struct(
  {},
  {
    access_token: str,
    refresh_token: str,
    token_type: str,
    expires_in: i32,
    expiration: i32,
  },
);
// crates/ibmcloud-global-search-api/src/models/scan_result.rs, result_item.rs
export const ScanResult = struct(
  {
    limit: i32,
    items: arr(
      struct({ crn: str }, { doc: map(any), service_plan_unique_id: str, name: str, tags: str }),
    ),
  },
  { search_cursor: str },
);
