/**
 * The state context of one PUB's run: cooperation, the plan's component sizes, the metrics,
 * when the plan's largest part of the state is large enough to pay for it the shared worker
 * threads, and buffers that may be left over from the previous run (see `buffers.ts`); both
 * are given back by {@link RunContext.close} however the run ends.
 *
 * @module
 */
import type { Cooperation } from './cooperation.js';
import type { SimulationMetrics } from './metrics.js';
import type { Plan } from './plan.js';
import { dropKeptBuffer, keepBuffer, RECYCLE_AMPLITUDES, takeKeptBuffer } from './buffers.js';
import {
  acquireSharedPool,
  closeSharedPool,
  PARALLEL_AMPLITUDES,
  releaseSharedPool,
} from './pool.js';
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
  const fresh = pool ? allocateShared : allocate;
  // The largest buffer of the run is kept for the next one (see `buffers.ts`).
  let largestBuffer: Float64Array | undefined;
  const allocateBuffer = (amplitudes: number, zeroed = true): Float64Array => {
    const shared = pool !== undefined && amplitudes >= PARALLEL_AMPLITUDES;
    const reused = zeroed ? undefined : takeKeptBuffer(2 * amplitudes, shared);
    const b = reused ?? fresh(amplitudes);
    if (amplitudes >= RECYCLE_AMPLITUDES && b.length > (largestBuffer?.length ?? 0)) {
      largestBuffer = b;
    }
    return b;
  };
  return {
    cooperation,
    componentQubits: plan.componentQubits,
    allocate: allocateBuffer,
    metrics,
    pool,
    close: () => {
      if (pool) releaseSharedPool(pool);
      if (largestBuffer) keepBuffer(largestBuffer);
      return Promise.resolve();
    },
  };
}

/**
 * End the worker threads and drop the buffer kept for the next run now, instead of after ten
 * idle seconds (both come back when a run needs them).
 */
export async function releaseSimulatorResources(): Promise<void> {
  dropKeptBuffer();
  await closeSharedPool();
}
