/**
 * The state context of one PUB's run: cooperation, the plan's component sizes, the metrics,
 * and, when the plan's largest part of the state is large enough to pay for it, the shared
 * worker threads (given back by {@link RunContext.close} however the run ends).
 *
 * @module
 */
import type { Cooperation } from './cooperation.js';
import type { SimulationMetrics } from './metrics.js';
import type { Plan } from './plan.js';
import { acquireSharedPool, PARALLEL_AMPLITUDES, releaseSharedPool } from './pool.js';
import { allocate, allocateShared, type StateContext } from './state.js';

/** A state context that owns its workers. */
export interface RunContext extends StateContext {
  /** Give back the workers, if any. */
  close(): Promise<void>;
}

/** The context for running `plan`; `threads: false` keeps every pass on the calling thread. */
export function runContext(
  plan: Plan,
  cooperation: Cooperation,
  metrics: SimulationMetrics,
  threads: boolean,
): RunContext {
  let largest = 0;
  for (const k of plan.componentQubits) largest = Math.max(largest, k);
  const pool = threads && 2 ** largest >= PARALLEL_AMPLITUDES ? acquireSharedPool() : undefined;
  return {
    cooperation,
    componentQubits: plan.componentQubits,
    allocate: pool ? allocateShared : allocate,
    metrics,
    pool,
    close: () => {
      if (pool) releaseSharedPool(pool);
      return Promise.resolve();
    },
  };
}
