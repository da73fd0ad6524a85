/**
 * The Estimator primitive on the statevector simulator: runs one estimator PUB (circuit,
 * observables, parameter values, precision) and returns exact expectation values.
 *
 * @module
 */
import { describeValue } from '../../codecs/errors.js';
import type { Circuit } from '../../circuits/model.js';
import { readBindings } from './bindings.js';
import { runBranches } from './branches.js';
import { Cooperation } from './cooperation.js';
import { SimulationError } from './errors.js';
import { resolveLimits } from './limits.js';
import { broadcastIndex, broadcastShapes } from './ndarray.js';
import { readObservables } from './observables.js';
import { checkArguments, toCircuit, type SimulationOptions } from './options.js';
import { pauliExpectationFromSum, pauliMasks } from './pauli.js';
import { planCircuit } from './plan.js';
import { Rng } from './rng.js';
import { emptyMetrics } from './metrics.js';
import { runContext, type RunContext } from './run-context.js';

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
 * Estimate one PUB. The circuit runs once per parameter binding and every observable
 * broadcast onto that binding is evaluated exactly on the final state, so `evs` carry no shot
 * noise. Final measurements and barriers are ignored. A mid-circuit measurement or reset whose
 * outcome is random (as feed-forward and qubit reuse give) is followed into every outcome, and
 * the expectation values are the probability-weighted mean over the outcomes: the exact value
 * for the mixed state the circuit prepares. Qubits no gate touches stay in |0⟩ and are not
 * simulated.
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
    const rng = new Rng(options.seed); // validates the seed; expectation values are exact
    const precision = pub.precision ?? 0;
    if (typeof precision !== 'number' || !Number.isFinite(precision) || precision < 0) {
      throw new SimulationError(
        `precision must be a non-negative number, got ${describeValue(precision)}`,
      );
    }
    const circuit = toCircuit(pub.circuit);
    const plan = await cooperation.drive(planCircuit(circuit, limits, { defer: false }));
    const program = plan.program;
    const observables = readObservables(pub.observables, program.numQubits);
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

    let termCount = 0;
    for (const o of observables.items) termCount += o.terms.length;
    cooperation.expect(
      bindings.size * plan.work + termCount * size * 2 ** plan.program.numSimulated,
    );
    const metrics = options.metrics ?? emptyMetrics();
    metrics.simulatedQubits = program.numSimulated;
    const state: RunContext = runContext(plan, cooperation, metrics, options.threads !== false);
    try {
      const p = program.parameters.length;
      for (let b = 0; b < bindings.size; b++) {
        const mine = entries[b]!;
        if (mine.length === 0) continue;
        const labels = new Set<string>();
        for (const e of mine) {
          for (const term of observables.items[observableAt[e]!]!.terms) labels.add(term.label);
        }
        const values = new Map<string, number>([...labels].map((l) => [l, 0]));
        await runBranches(
          program,
          bindings.rows,
          b * p,
          {
            mode: 'exact',
            shots: 0,
            rng,
            cooperation,
            state,
            maxBranches: limits.maxBranches,
            maxLoopIterations: limits.maxLoopIterations,
          },
          async (leaf) => {
            for (const label of labels) {
              const masks = pauliMasks(label, program.position);
              if (!masks) continue;
              const sum = await leaf.state.pauliSum(masks.x, masks.z);
              values.set(
                label,
                values.get(label)! + leaf.amount * pauliExpectationFromSum(masks, sum),
              );
            }
          },
        );
        for (const e of mine) {
          let ev = 0;
          for (const term of observables.items[observableAt[e]!]!.terms) {
            ev += term.coeff * values.get(term.label)!;
          }
          evs[e] = ev;
        }
      }
    } finally {
      await state.close();
    }
    cooperation.finish();
    return { shape, evs, stds };
  } finally {
    cooperation.close();
  }
}
