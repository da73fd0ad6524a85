/**
 * A pure state of n qubits stored as 2^n complex amplitudes in one interleaved Float64Array
 * (`re0, im0, re1, im1, ...`); qubit q is bit q of the basis index, as in Qiskit.
 *
 * @module
 */
import { SimulationError } from './errors.js';
import { compileGate, opQubitCount, runGateOp, type GateOp } from './gate-ops.js';
import { probabilityOne, project } from './kernels.js';
import type { Rng } from './rng.js';

/** Outcomes closer than this to certainty are treated as deterministic. */
export const CERTAINTY_TOLERANCE = 1e-12;

/**
 * The outcome of measuring a qubit whose probability of giving 1 is `p1`: certain outcomes
 * (within {@link CERTAINTY_TOLERANCE}) use no random number, others draw one from `rng`.
 */
export function chooseOutcome(p1: number, rng: Rng): 0 | 1 {
  if (p1 >= 1 - CERTAINTY_TOLERANCE) return 1;
  if (p1 <= CERTAINTY_TOLERANCE) return 0;
  return rng.next() < p1 ? 1 : 0;
}

/** A statevector, initialised to |0…0⟩. */
export class StateVector {
  /** Number of basis states, 2^numQubits. */
  readonly dimension: number;
  /** Interleaved real and imaginary parts, length 2 · dimension. */
  readonly amplitudes: Float64Array;

  /**
   * Allocate the |0…0⟩ state. Throws {@link SimulationError} (limit `'memory'`) when the
   * amplitude array cannot be allocated.
   */
  constructor(readonly numQubits: number) {
    if (!Number.isInteger(numQubits) || numQubits < 0 || numQubits > 30) {
      throw new SimulationError(`cannot simulate ${numQubits} qubits`, 'memory');
    }
    this.dimension = 1 << numQubits;
    try {
      this.amplitudes = new Float64Array(2 * this.dimension);
    } catch {
      throw new SimulationError(
        `not enough memory for a ${numQubits}-qubit statevector (${2 ** (numQubits - 16)} MiB)`,
        'memory',
      );
    }
    this.amplitudes[0] = 1;
  }

  /** Return to |0…0⟩. */
  setZero(): void {
    this.amplitudes.fill(0);
    this.amplitudes[0] = 1;
  }

  /** Copy another state of the same size into this one. */
  copyFrom(other: StateVector): void {
    this.amplitudes.set(other.amplitudes);
  }

  /**
   * Apply a gate by name (canonical names such as `h`, `cx`, `rz`, `cu`, or aliases such as
   * `U`, `CX`, `u1`, `u2`, `u3`, `cu1`), controls first, angles in radians. Throws
   * {@link SimulationError} for an unknown gate, wrong arity or a qubit out of range.
   */
  applyGate(name: string, qubits: readonly number[], params: readonly number[] = []): void {
    this.applyOp(compileGate(name, qubits, params, this.numQubits));
  }

  /** Number of index units a compiled gate covers on this state (see `kernels.ts`). */
  opUnits(op: GateOp): number {
    return this.dimension >> opQubitCount(op);
  }

  /** Apply a compiled gate, optionally to units `[lo, hi)` only. */
  applyOp(op: GateOp, lo = 0, hi = this.opUnits(op)): void {
    runGateOp(this.amplitudes, op, lo, hi);
  }

  /** The probability of every basis state (a new array of length `dimension`). */
  probabilities(): Float64Array {
    const a = this.amplitudes;
    const p = new Float64Array(this.dimension);
    for (let i = 0, j = 0; i < p.length; i++, j += 2) p[i] = a[j]! * a[j]! + a[j + 1]! * a[j + 1]!;
    return p;
  }

  /** The probability that measuring qubit `q` gives 1. */
  probabilityOfOne(q: number): number {
    this.checkQubit(q);
    return probabilityOne(this.amplitudes, q, 0, this.dimension >> 1);
  }

  /**
   * Project qubit `q` onto `outcome` and renormalise, given the probability of that outcome.
   * A zero probability leaves the state unnormalisable, so it is rejected.
   */
  collapse(q: number, outcome: 0 | 1, probability: number): void {
    project(
      this.amplitudes,
      q,
      0,
      this.dimension >> 1,
      outcome,
      this.collapseScale(q, probability),
    );
  }

  /** Check qubit `q` and return the factor that renormalises an outcome of `probability`. */
  collapseScale(q: number, probability: number): number {
    this.checkQubit(q);
    if (!(probability > 0)) {
      throw new SimulationError(`cannot project qubit ${q} onto an outcome of probability 0`);
    }
    return 1 / Math.sqrt(probability);
  }

  /** Measure qubit `q` (collapsing the state) and return the outcome. */
  measure(q: number, rng: Rng): 0 | 1 {
    const p1 = this.probabilityOfOne(q);
    const outcome = chooseOutcome(p1, rng);
    this.collapse(q, outcome, outcome === 1 ? p1 : 1 - p1);
    return outcome;
  }

  /** Reset qubit `q` to |0⟩: measure it, and flip it back when the outcome was 1. */
  reset(q: number, rng: Rng): void {
    if (this.measure(q, rng) === 1) this.applyGate('x', [q]);
  }

  /** Check that `q` is a qubit of this state. */
  checkQubit(q: number): void {
    if (!Number.isInteger(q) || q < 0 || q >= this.numQubits) {
      throw new SimulationError(`qubit ${q} is out of range for a ${this.numQubits}-qubit state`);
    }
  }
}
