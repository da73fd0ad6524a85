/**
 * Response models of IBM's OpenAPI description ("Qiskit Runtime API" 0.25.0) as the generated
 * Rust client of Qiskit/qiskit-ibm-runtime-c declares them
 * (`crates/ibm-quantum-platform-api/src/models/*.rs`): which fields are required (no `Option`)
 * and which optional, and each field's type; and the samples a model allows, for contract specs.
 *
 * A field's type is a leaf (`str`, `date` for the strings that hold timestamps, `i32`, `i64`,
 * `f64`, `bool`, `object` for free-form JSON), an enum (its values), an array, a map of one type,
 * or a nested model.
 */
export type Leaf = 'str' | 'date' | 'i32' | 'i64' | 'f64' | 'bool' | 'object';
export type FieldType =
  | Leaf
  | { readonly enum: readonly string[] }
  | { readonly array: FieldType }
  | { readonly map: FieldType }
  | Model;

export interface Model {
  /** The model file in the crate, for failure messages and spec names. */
  readonly source: string;
  readonly required: Readonly<Record<string, FieldType>>;
  readonly optional?: Readonly<Record<string, FieldType>>;
}

/** How a sample fills a model: required fields only, every field, or optionals as `null`. */
export type Fill = 'required' | 'all' | 'nulls';

function leaf(t: Leaf, pick: number): unknown {
  switch (t) {
    case 'str':
      return `text-${pick}`;
    case 'date':
      return pick % 2 === 0 ? '2025-09-02T05:30:40.123456Z' : '2025-09-02T05:30:41.5';
    case 'i32':
    case 'i64':
      return 3 + pick;
    case 'f64':
      return 1.5 + pick;
    case 'bool':
      return pick % 2 === 0;
    case 'object':
      return { note: 'free-form' };
  }
}

/** One sample of `type`; `pick` chooses among enum values (and varies leaves). */
export function sample(type: FieldType, fill: Fill, pick = 0): unknown {
  if (typeof type === 'string') return leaf(type, pick);
  if ('enum' in type) return type.enum[pick % type.enum.length];
  if ('array' in type) return [sample(type.array, fill, pick), sample(type.array, fill, pick + 1)];
  if ('map' in type)
    return { a: sample(type.map, fill, pick), b: sample(type.map, fill, pick + 1) };
  const out: Record<string, unknown> = {};
  for (const [k, t] of Object.entries(type.required)) out[k] = sample(t, fill, pick);
  if (fill !== 'required') {
    for (const [k, t] of Object.entries(type.optional ?? {})) {
      out[k] = fill === 'nulls' ? null : sample(t, fill, pick);
    }
  }
  return out;
}

function enumCount(type: FieldType): number {
  if (typeof type === 'string') return 1;
  if ('enum' in type) return type.enum.length;
  if ('array' in type) return enumCount(type.array);
  if ('map' in type) return enumCount(type.map);
  const fields = [...Object.values(type.required), ...Object.values(type.optional ?? {})];
  return Math.max(1, ...fields.map(enumCount));
}

/**
 * The samples of a model: required fields only, optionals all `null`, and every field set,
 * once per value of its widest enum (so every status and mode appears).
 */
export function samplesOf(model: Model): { readonly name: string; readonly value: unknown }[] {
  const out = [
    { name: 'required fields only', value: sample(model, 'required') },
    { name: 'optional fields null', value: sample(model, 'nulls') },
  ];
  for (let pick = 0; pick < enumCount(model); pick++) {
    out.push({ name: `every field (variant ${pick})`, value: sample(model, 'all', pick) });
  }
  return out;
}

// models/job_state.rs
const JOB_STATE_STATUS = ['Queued', 'Running', 'Completed', 'Cancelled', 'Failed'];
export const JobStateModel: Model = {
  source: 'job_state.rs',
  required: { status: { enum: JOB_STATE_STATUS } },
  optional: { reason: 'str', reason_code: 'i32', reason_solution: 'str' },
};

// models/job_response.rs, job_response_program.rs, usage.rs
export const JobResponseModel: Model = {
  source: 'job_response.rs',
  required: {
    id: 'str',
    state: JobStateModel,
    status: { enum: [...JOB_STATE_STATUS, 'Cancelled - Ran too long'] },
    program: { source: 'job_response_program.rs', required: { id: 'str' } },
    created: 'date',
    cost: 'i32',
  },
  optional: {
    backend: 'str',
    params: { map: 'object' },
    runtime: 'str',
    tags: { array: 'str' },
    remote_storage: 'object',
    session_id: 'str',
    user_id: 'str',
    usage: { source: 'usage.rs', required: { seconds: 'f64' } },
    private: 'bool',
  },
};

// models/jobs_response.rs
export const JobsResponseModel: Model = {
  source: 'jobs_response.rs',
  required: { offset: 'i32', limit: 'i32' },
  optional: { jobs: { array: JobResponseModel }, count: 'i32' },
};

// models/create_job_200_response.rs
export const CreateJob200ResponseModel: Model = {
  source: 'create_job_200_response.rs',
  required: { id: 'str', backend: 'str' },
  optional: { session_id: 'str', private: 'bool' },
};

// models/job_metrics.rs, job_metrics_timestamps.rs, job_metrics_bss.rs, job_metrics_usage.rs
export const JobMetricsModel: Model = {
  source: 'job_metrics.rs',
  required: {},
  optional: {
    timestamps: {
      source: 'job_metrics_timestamps.rs',
      required: {},
      optional: { created: 'date', finished: 'date', running: 'date' },
    },
    bss: { source: 'job_metrics_bss.rs', required: {}, optional: { seconds: 'i32' } },
    usage: {
      source: 'job_metrics_usage.rs',
      required: {},
      optional: { quantum_seconds: 'i64', seconds: 'i32' },
    },
    qiskit_version: 'str',
    estimated_start_time: 'date',
    estimated_completion_time: 'date',
    position_in_queue: 'i32',
    position_in_provider: 'i32',
  },
};

// models/create_session_200_response.rs, create_session_200_response_timestamps_inner.rs
const SESSION_STATES = ['open', 'active', 'inactive', 'closed'];
export const CreateSession200ResponseModel: Model = {
  source: 'create_session_200_response.rs',
  required: { id: 'str', mode: { enum: ['batch', 'dedicated'] } },
  optional: {
    backend_name: 'str',
    started_at: 'date',
    activated_at: 'date',
    closed_at: 'date',
    last_job_started: 'date',
    last_job_completed: 'date',
    interactive_ttl: 'i32',
    max_ttl: 'i32',
    active_ttl: 'i32',
    state: { enum: SESSION_STATES },
    state_reason: 'str',
    accepting_jobs: 'bool',
    timestamps: {
      array: {
        source: 'create_session_200_response_timestamps_inner.rs',
        required: { status: { enum: SESSION_STATES }, timestamp: 'date' },
      },
    },
    user_id: 'str',
    elapsed_time: 'f64',
  },
};

// models/version_response.rs
export const VersionResponseModel: Model = {
  source: 'version_response.rs',
  required: { versions: { array: 'str' } },
};

// models/backends_response_v2.rs and backends_response_v2_devices_inner*.rs
export const BackendsResponseV2Model: Model = {
  source: 'backends_response_v2.rs',
  required: {},
  optional: {
    devices: {
      array: {
        source: 'backends_response_v2_devices_inner.rs',
        required: {
          name: 'str',
          status: {
            source: 'backends_response_v2_devices_inner_status.rs',
            required: { name: { enum: ['online', 'paused', 'offline'] } },
            optional: { reason: 'str' },
          },
          queue_length: 'i32',
        },
        optional: {
          is_simulator: 'bool',
          qubits: 'i32',
          clops: {
            source: 'backends_response_v2_devices_inner_clops.rs',
            required: { type: { enum: ['virtual', 'hardware'] }, value: 'i32' },
          },
          processor_type: {
            source: 'backends_response_v2_devices_inner_processor_type.rs',
            required: {},
            optional: { family: 'str', revision: 'str', segment: 'str' },
          },
          performance_metrics: {
            source: 'backends_response_v2_devices_inner_performance_metrics.rs',
            required: {},
            optional: {
              two_q_error_best: {
                source:
                  'backends_response_v2_devices_inner_performance_metrics_two_q_error_best.rs',
                required: { value: 'f64', gate: 'str', qubits: { array: 'f64' } },
                optional: { unit: 'str' },
              },
            },
          },
        },
      },
    },
  },
};

// models/backend_status_response.rs
export const BackendStatusResponseModel: Model = {
  source: 'backend_status_response.rs',
  required: { length_queue: 'i32' },
  optional: { state: 'bool', status: 'str', message: 'str', backend_version: 'str' },
};

// models/get_usage_200_response.rs, get_usage_200_response_usage_period.rs
export const GetUsage200ResponseModel: Model = {
  source: 'get_usage_200_response.rs',
  required: { instance_id: 'str', plan_id: 'str', usage_consumed_seconds: 'f64' },
  optional: {
    usage_period: {
      source: 'get_usage_200_response_usage_period.rs',
      required: {},
      optional: { start_time: 'date', end_time: 'date' },
    },
    usage_limit_seconds: 'f64',
    usage_allocation_seconds: 'f64',
    usage_limit_reached: 'bool',
  },
};

// models/list_jobs_400_response.rs, list_jobs_400_response_errors_inner.rs (every error body)
export const ErrorResponseModel: Model = {
  source: 'list_jobs_400_response.rs',
  required: {},
  optional: {
    trace: 'str',
    errors: {
      array: {
        source: 'list_jobs_400_response_errors_inner.rs',
        required: {},
        optional: { code: 'str', message: 'str', more_info: 'str' },
      },
    },
  },
};
