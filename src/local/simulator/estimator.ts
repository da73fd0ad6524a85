/**
 * The Estimator primitive on the statevector simulator: runs one estimator PUB (circuit,
 * observables, parameter values, precision) and returns exact expectation values.
 *
 * @module
 */
import { describeValue } from '../../codecs/errors.js';
import type { Circuit } from '../../circuits/model.js';
import { readBindings } from './bindings.js';
import { Cooperation } from './cooperation.js';
import { SimulationError } from './errors.js';
import { Executor } from './executor.js';
import { compileGate } from './gate-ops.js';
import { resolveLimits } from './limits.js';
import { broadcastIndex, broadcastShapes } from './ndarray.js';
import { readObservables } from './observables.js';
import { checkArguments, toCircuit, type SimulationOptions } from './options.js';
import { pauliMasks } from './pauli.js';
import { bindStep, planCircuit } from './plan.js';
import { Rng } from './rng.js';
import { CERTAINTY_TOLERANCE, StateVector } from './statevector.js';

/** Qiskit's default estimator precision (`default_precision`), for callers that want it. */
export const DEFAULT_PRECISION = 0.015625;

/** One estimator PUB. */
export interface EstimatorPub {
  /** OpenQASM 2/3 source or a parsed circuit; its measurements are ignored. */
  readonly circuit: Circuit | string;
  /**
   * A Pauli string (`"ZZ"`, rightmost letter on qubit 0, as wide as the circuit), a
   * `{pauli: coefficient}` object, or nested lists of those; broadcast against the parameter
   * values' shape like Qiskit's `EstimatorPub`.
   */
  readonly observables: unknown;
  /** Parameter values, as for the sampler (`SamplerPub.parameterValues`). */
  readonly parameterValues?: unknown;
  /** Target precision; reported as every entry of `stds`. */
  readonly precision?: number | null | undefined;
}

/** The expectation values of one estimator PUB. */
export interface EstimatorPubOutput {
  /** The broadcast shape of observables and parameter values. */
  readonly shape: number[];
  /** Exact expectation values (no shot noise), row-major over `shape`. */
  readonly evs: Float64Array;
  /**
   * Standard errors, row-major over `shape`: `pub.precision` when given, else 0. Callers that
   * mimic the service pass the job's `default_precision` (Qiskit's {@link DEFAULT_PRECISION})
   * as `precision`. The values in `evs` are exact either way.
   */
  readonly stds: Float64Array;
}

/**
 * Estimate one PUB. The statevector is simulated once per parameter binding and every
 * observable broadcast onto that binding is evaluated exactly on it, so `evs` carry no shot
 * noise. Measurements and barriers are ignored; a reset is allowed only where the qubit's
 * state is already certain (e.g. a fresh qubit). Qubits no gate touches stay in |0⟩ and are
 * not simulated.
 *
 * Rejects with `QasmError` for bad source, `SimulationError` for bad observables or values,
 * width mismatches and exceeded limits, and `SimulationAbortedError` when `options.signal`
 * fires.
 */
export async function runEstimatorPub(
  pub: EstimatorPub,
  options: SimulationOptions,
): Promise<EstimatorPubOutput> {
  checkArguments(pub, options);
  const cooperation = new Cooperation(options);
  try {
    cooperation.checkAbort();
    const limits = resolveLimits(options.limits);
    new Rng(options.seed); // validates the seed; expectation values are exact
    const precision = pub.precision ?? 0;
    if (typeof precision !== 'number' || !Number.isFinite(precision) || precision < 0) {
      throw new SimulationError(
        `precision must be a non-negative number, got ${describeValue(precision)}`,
      );
    }
    const circuit = toCircuit(pub.circuit);
    const plan = planCircuit(circuit, limits);
    const observables = readObservables(pub.observables, plan.numQubits);
    const bindings = readBindings(circuit, pub.parameterValues);
    const shape = broadcastShapes(
      observables.shape,
      bindings.shape,
      'observables and parameter values',
    );
    const size = shape.reduce((a, b) => a * b, 1);
    if (size > limits.maxBindings) {
      throw new SimulationError(
        `the PUB has ${size} entries, more than the limit of ${limits.maxBindings}`,
        'maxBindings',
      );
    }
    const evs = new Float64Array(size);
    const stds = new Float64Array(size).fill(precision);
    if (size === 0) {
      cooperation.finish();
      return { shape, evs, stds };
    }
    const observableAt = broadcastIndex(observables.shape, shape);
    const bindingAt = broadcastIndex(bindings.shape, shape);
    const entries: number[][] = Array.from({ length: bindings.size }, () => []);
    for (let e = 0; e < size; e++) entries[bindingAt[e]!]!.push(e);

    const state = new StateVector(plan.numSimulated);
    const executor = new Executor(state, cooperation);
    let termCount = 0;
    for (const o of observables.items) termCount += o.terms.length;
    cooperation.expect(state.dimension * (bindings.size * plan.numGates + termCount * size));
    const p = plan.parameters.length;
    for (let b = 0; b < bindings.size; b++) {
      const mine = entries[b]!;
      if (mine.length === 0) continue;
      await executor.setZero();
      for (const step of plan.steps) {
        if (step.kind === 'gate') await executor.applyGate(step.op);
        else if (step.kind === 'parametric') {
          await executor.applyGate(bindStep(plan, step, bindings.rows, b * p));
        } else if (step.kind === 'reset' && step.qubit >= 0) {
          const p1 = await executor.probabilityOfOne(step.qubit);
          if (p1 > CERTAINTY_TOLERANCE && p1 < 1 - CERTAINTY_TOLERANCE) {
            throw new SimulationError(
              'the estimator cannot simulate a reset of a qubit whose state is uncertain (it would leave a mixed state)',
            );
          }
          const one = p1 >= 0.5;
          await executor.collapse(step.qubit, one ? 1 : 0, one ? p1 : 1 - p1);
          if (one) {
            await executor.applyGate(compileGate('x', [step.qubit], [], plan.numSimulated));
          }
        }
      }
      const cache = new Map<string, number>();
      for (const e of mine) {
        let ev = 0;
        for (const term of observables.items[observableAt[e]!]!.terms) {
          let value = cache.get(term.label);
          if (value === undefined) {
            const masks = pauliMasks(term.label, plan.position);
            value = masks ? await executor.pauliExpectation(masks) : 0;
            cache.set(term.label, value);
          }
          ev += term.coeff * value;
        }
        evs[e] = ev;
      }
    }
    cooperation.finish();
    return { shape, evs, stds };
  } finally {
    cooperation.close();
  }
}
