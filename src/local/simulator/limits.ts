/**
 * Safety ceilings of the simulator, their defaults, and their validation.
 *
 * @module
 */
import { describeValue } from '../../codecs/errors.js';
import { SimulationError, type SimulationLimitName } from './errors.js';

/** Safety ceilings applied to every primitive unit of work (PUB). */
export interface SimulatorLimits extends Record<Exclude<SimulationLimitName, 'memory'>, number> {
  /**
   * Most qubits simulated. Only qubits that some gate acts on (anywhere in the program,
   * nested blocks included) count: qubits that are merely declared, or only measured or
   * reset, stay in |0⟩ and are not simulated.
   */
  readonly maxQubits: number;
  /** Most shots in one sampler PUB, counted over all its parameter bindings (shots × bindings). */
  readonly maxShots: number;
  /** Most instructions in a circuit, after gate definitions are expanded. */
  readonly maxInstructions: number;
  /** Most results in one PUB: parameter bindings (sampler) or broadcast entries (estimator). */
  readonly maxBindings: number;
  /**
   * Most times one parameter binding's simulation may split at a mid-circuit measurement or
   * reset whose outcome is random (the sampler splits a group of shots when both outcomes get
   * some; the estimator follows every outcome of non-zero probability).
   */
  readonly maxBranches: number;
  /** Most loop iterations (`for` and `while` together) along one branch of a simulation. */
  readonly maxLoopIterations: number;
}

/**
 * The default limits: 26 qubits, 1,000,000 shots, 100,000 instructions, 10,000 bindings,
 * 1,000,000 branches, 1,000,000 loop iterations.
 */
export const DEFAULT_LIMITS: SimulatorLimits = Object.freeze({
  maxQubits: 26,
  maxShots: 1_000_000,
  maxInstructions: 100_000,
  maxBindings: 10_000,
  maxBranches: 1_000_000,
  maxLoopIterations: 1_000_000,
});

/** Merge `overrides` into the defaults; throws {@link SimulationError} for a non-positive or non-integer limit. */
export function resolveLimits(overrides: Partial<SimulatorLimits> | undefined): SimulatorLimits {
  const limits = { ...DEFAULT_LIMITS, ...(overrides ?? {}) };
  for (const key of Object.keys(DEFAULT_LIMITS) as (keyof SimulatorLimits)[]) {
    const v = limits[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
      throw new SimulationError(
        `limit ${key} must be a non-negative integer, got ${describeValue(v)}`,
      );
    }
  }
  return limits;
}
