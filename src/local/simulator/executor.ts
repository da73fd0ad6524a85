/**
 * Runs the long loops of a simulation (gates, the cumulative table, Pauli sums) in chunks,
 * pausing through {@link Cooperation} so the event loop stays responsive and an abort is
 * noticed within a few milliseconds.
 *
 * @module
 */
import type { Cooperation } from './cooperation.js';
import { opQubitCount, runGateOp, type GateOp } from './gate-ops.js';
import { pauliExpectationFromSum, pauliPartialSum, type PauliMasks } from './pauli.js';
import { cumulateRange, startCumulative, type CumulativeTable } from './sampling.js';
import type { StateVector } from './statevector.js';

/** Index units handled per kernel call; a pause can only happen between two calls. */
const CHUNK = 2 ** 18;

/** Applies work to one state vector cooperatively. */
export class Executor {
  constructor(
    readonly state: StateVector,
    readonly cooperation: Cooperation,
  ) {}

  /** Apply a compiled gate to the whole state. */
  async applyGate(op: GateOp): Promise<void> {
    const a = this.state.amplitudes;
    const k = opQubitCount(op);
    const units = this.state.dimension / 2 ** k;
    const weight = 2 ** k;
    for (let lo = 0; lo < units; lo += CHUNK) {
      const hi = Math.min(units, lo + CHUNK);
      runGateOp(a, op, lo, hi);
      if (this.cooperation.tick((hi - lo) * weight)) await this.cooperation.pause();
    }
  }

  /**
   * Replace the state by its cumulative probability table (with a guide sized for `shots`
   * draws) and return it. The state is destroyed.
   */
  async cumulate(shots: number): Promise<CumulativeTable> {
    const n = this.state.dimension;
    const table = startCumulative(this.state.amplitudes, n, shots);
    for (let lo = 0; lo < n; lo += CHUNK) {
      const hi = Math.min(n, lo + CHUNK);
      cumulateRange(table, lo, hi);
      if (this.cooperation.tick(hi - lo)) await this.cooperation.pause();
    }
    return table;
  }

  /** The exact expectation value of a Pauli string (in mask form) on the state. */
  async pauliExpectation(masks: PauliMasks): Promise<number> {
    const a = this.state.amplitudes;
    const n = this.state.dimension;
    let re = 0,
      im = 0;
    for (let lo = 0; lo < n; lo += CHUNK) {
      const hi = Math.min(n, lo + CHUNK);
      const [r, i] = pauliPartialSum(a, masks, lo, hi);
      re += r;
      im += i;
      if (this.cooperation.tick(hi - lo)) await this.cooperation.pause();
    }
    return pauliExpectationFromSum(masks, [re, im]);
  }
}
