/**
 * Codec for `GET /v1/jobs/{id}/metrics`: timestamps, usage, queue estimates. Every field is
 * optional and may be `null`; the service adds fields over time and they are kept.
 *
 * @module
 */
import * as t from 'io-ts';
import { FiniteNumber, IsoDateString, nullable } from './scalars.js';

/** When the job was created, started running and finished (any may be missing or null). */
export const JobTimestamps = t.partial(
  {
    created: nullable(IsoDateString),
    running: nullable(IsoDateString),
    finished: nullable(IsoDateString),
  },
  'JobTimestamps',
);
export type JobTimestamps = t.TypeOf<typeof JobTimestamps>;

/**
 * Usage of a job: `quantum_seconds` used, `seconds` billed, `qpu_charge_time_seconds` charged;
 * while `status` is `"pending"` the service reports 0.
 */
export const JobMetricsUsage = t.partial(
  {
    quantum_seconds: nullable(FiniteNumber),
    seconds: nullable(FiniteNumber),
    qpu_charge_time_seconds: nullable(FiniteNumber),
    status: nullable(t.string),
  },
  'JobMetricsUsage',
);
export type JobMetricsUsage = t.TypeOf<typeof JobMetricsUsage>;

/** Billed quantum seconds. */
export const JobMetricsBss = t.partial({ seconds: nullable(FiniteNumber) }, 'JobMetricsBss');
export type JobMetricsBss = t.TypeOf<typeof JobMetricsBss>;

/** The metrics of one job. */
export const JobMetrics = t.partial(
  {
    timestamps: nullable(JobTimestamps),
    bss: nullable(JobMetricsBss),
    usage: nullable(JobMetricsUsage),
    executions: nullable(FiniteNumber),
    num_circuits: nullable(FiniteNumber),
    num_qubits: nullable(t.array(FiniteNumber)),
    circuit_depths: nullable(t.array(FiniteNumber)),
    qiskit_version: nullable(t.string),
    estimated_start_time: nullable(IsoDateString),
    estimated_completion_time: nullable(IsoDateString),
    position_in_queue: nullable(FiniteNumber),
    position_in_provider: nullable(FiniteNumber),
  },
  'JobMetrics',
);
export type JobMetrics = t.TypeOf<typeof JobMetrics>;
