/**
 * The instance's usage (`GET /instances/usage`): the answer's codec and its reading as
 * qiskit-ibm-runtime presents it (limit, consumed, remaining, whether the limit is reached).
 *
 * @module
 */
import * as t from 'io-ts';
import { FiniteNumber, nullable } from '../codecs/scalars.js';

/** Answer of `GET /instances/usage`; every field may be missing or null, extra fields are kept. */
export const InstanceUsageResponse = t.partial(
  {
    instance_id: nullable(t.string),
    usage_consumed_seconds: nullable(FiniteNumber),
    usage_limit_seconds: nullable(FiniteNumber),
    usage_allocation_seconds: nullable(FiniteNumber),
    usage_limit_reached: nullable(t.boolean),
    usage_period: nullable(t.unknown),
  },
  'InstanceUsageResponse',
);
export type InstanceUsageResponse = t.TypeOf<typeof InstanceUsageResponse>;

/** The instance's usage of quantum time, in seconds. */
export interface InstanceUsage {
  readonly instanceId: string | undefined;
  /** Seconds used in the current period. */
  readonly consumedSeconds: number | undefined;
  /** The limit (or allocation), `undefined` when the instance has none. */
  readonly limitSeconds: number | undefined;
  /** `max(limit - consumed, 0)`, `undefined` without a limit. */
  readonly remainingSeconds: number | undefined;
  /** True when the service says no more jobs can run in this period. */
  readonly limitReached: boolean;
}

/** Present an answer the way qiskit-ibm-runtime's `usage()` does. */
export function instanceUsageOf(r: InstanceUsageResponse): InstanceUsage {
  const limit = r.usage_limit_seconds ?? r.usage_allocation_seconds ?? undefined;
  const consumed = r.usage_consumed_seconds ?? undefined;
  return {
    instanceId: r.instance_id ?? undefined,
    consumedSeconds: consumed,
    limitSeconds: limit,
    remainingSeconds: limit === undefined ? undefined : Math.max(limit - (consumed ?? 0), 0),
    limitReached: r.usage_limit_reached === true,
  };
}
