/**
 * Runs every pass over a state (gates, measurement and reset, clearing and copying, the
 * cumulative table, Pauli sums) in chunks, pausing through {@link Cooperation} so the event
 * loop stays responsive and an abort is noticed within a few milliseconds, even on a
 * gigabyte-sized state.
 *
 * @module
 */
import type { Cooperation } from './cooperation.js';
import { SimulationError } from './errors.js';
import { compileGate, opQubitCount, runGateOp, type GateOp } from './gate-ops.js';
import { probabilityOne, project, projectOut, tensorRange } from './kernels.js';
import { pauliExpectationFromSum, pauliPartialSum, type PauliMasks } from './pauli.js';
import { gateOnPool, isShared, PARALLEL_AMPLITUDES, type KernelPool } from './pool.js';
import type { Rng } from './rng.js';
import { cumulateRange, drawShots, startCumulative, type CumulativeTable } from './sampling.js';
import { chooseOutcome } from './statevector.js';

/** A dense state as the executor sees it: `2 · dimension` interleaved amplitudes. */
export interface DenseView {
  readonly amplitudes: Float64Array;
  readonly dimension: number;
  readonly numQubits: number;
}

/** The factor that renormalises an outcome of `probability` on qubit `q`. */
export function collapseScale(q: number, probability: number): number {
  if (!(probability > 0)) {
    throw new SimulationError(`cannot project qubit ${q} onto an outcome of probability 0`);
  }
  return 1 / Math.sqrt(probability);
}

function checkQubit(state: DenseView, q: number): void {
  if (!Number.isInteger(q) || q < 0 || q >= state.numQubits) {
    throw new SimulationError(`qubit ${q} is out of range for a ${state.numQubits}-qubit state`);
  }
}

/** Index units handled per kernel call; a pause can only happen between two calls. */
const CHUNK = 1 << 18;

/** Applies work to one state vector cooperatively. */
export class Executor {
  constructor(
    readonly state: DenseView,
    readonly cooperation: Cooperation,
    /** Worker threads for large shared states (see `pool.ts`); passes run here without. */
    readonly pool?: KernelPool,
  ) {}

  /** Whether a pass over `amplitudes` amplitudes of `a` goes to the workers. */
  private parallel(a: Float64Array, amplitudes: number): KernelPool | undefined {
    return this.pool && amplitudes >= PARALLEL_AMPLITUDES && isShared(a) ? this.pool : undefined;
  }

  /** Count `done` amplitude updates of a worker's task; pause when it is time, stop on abort. */
  private async taskDone(done: number): Promise<void> {
    if (this.cooperation.tick(done)) await this.cooperation.pause();
    else this.cooperation.checkAbort();
  }

  /** {@link taskDone} for the pool, made on first use. */
  private get afterTask(): (done: number) => Promise<void> {
    return (done) => this.taskDone(done);
  }

  /** Return the state to |0…0⟩. */
  async setZero(): Promise<void> {
    const a = this.state.amplitudes;
    await this.chunked(a.length, (lo, hi) => a.fill(0, lo, hi));
    a[0] = 1;
  }

  /** Copy `source` (a state of the same size) into the state. */
  async copyFrom(source: DenseView): Promise<void> {
    const a = this.state.amplitudes;
    const b = source.amplitudes;
    const pool = this.parallel(a, this.state.dimension);
    if (pool && isShared(b)) {
      await pool.map(
        a,
        this.state.dimension,
        1,
        (lo, hi) => ({
          kind: 'copy',
          source: b.buffer,
          sourceOffset: b.byteOffset,
          lo,
          hi,
        }),
        this.afterTask,
      );
      return;
    }
    await this.chunked(a.length, (lo, hi) => a.set(b.subarray(lo, hi), lo));
  }

  /** The probability that measuring qubit `q` gives 1. */
  async probabilityOfOne(q: number): Promise<number> {
    checkQubit(this.state, q);
    const a = this.state.amplitudes;
    const pool = this.parallel(a, this.state.dimension);
    if (pool) {
      const parts = await pool.map(
        a,
        this.state.dimension >> 1,
        2,
        (lo, hi) => ({ kind: 'probabilityOne', q, lo, hi }),
        this.afterTask,
      );
      return (parts as number[]).reduce((x, y) => x + y, 0);
    }
    let p = 0;
    await this.chunked(this.state.dimension >> 1, (lo, hi) => {
      p += probabilityOne(a, q, lo, hi);
    });
    return p;
  }

  /** Project qubit `q` onto `outcome`, whose probability is `probability`, and renormalise. */
  async collapse(q: number, outcome: 0 | 1, probability: number): Promise<void> {
    checkQubit(this.state, q);
    const scale = collapseScale(q, probability);
    const a = this.state.amplitudes;
    await this.chunked(this.state.dimension >> 1, (lo, hi) =>
      project(a, q, lo, hi, outcome, scale),
    );
  }

  /**
   * Project qubit `q` onto `outcome` (of `probability`) and drop it: the first half of the
   * array receives the other qubits' renormalised state, in place.
   */
  async projectOut(
    q: number,
    outcome: 0 | 1,
    probability: number,
    out: Float64Array = this.state.amplitudes,
  ): Promise<void> {
    checkQubit(this.state, q);
    const scale = collapseScale(q, probability);
    const a = this.state.amplitudes;
    await this.chunked(this.state.dimension >> 1, (lo, hi) =>
      projectOut(a, q, lo, hi, outcome, scale, out),
    );
  }

  /**
   * Write `state ⊗ b` (b, of `dimB` amplitudes, on the higher bits) into `out`, which may be
   * the state's own array when it has room for the result.
   */
  async tensor(b: Float64Array, dimB: number, out: Float64Array): Promise<void> {
    const a = this.state.amplitudes;
    const dimA = this.state.dimension;
    const size = dimA * dimB;
    const pool = this.parallel(out, size);
    if (pool && isShared(a)) {
      // The higher blocks read the first one, which is rewritten last, so each phase is safe
      // to split between workers even in place.
      const kA = this.state.numQubits;
      const task = (offset: number) => (lo: number, hi: number) => ({
        kind: 'tensor',
        kA,
        b,
        out: out.buffer,
        outOffset: out.byteOffset,
        outLength: out.length,
        lo: lo + offset,
        hi: hi + offset,
      });
      if (size > dimA) await pool.map(a, size - dimA, 1, task(dimA), this.afterTask);
      await pool.map(a, dimA, 1, task(0), this.afterTask);
      return;
    }
    for (let hi = size; hi > 0; hi -= CHUNK) {
      const lo = Math.max(0, hi - CHUNK);
      tensorRange(a, this.state.numQubits, b, lo, hi, out);
      if (this.cooperation.tick(hi - lo)) await this.cooperation.pause();
    }
  }

  /** Measure qubit `q`, collapsing the state, and return the outcome. */
  async measure(q: number, rng: Rng): Promise<0 | 1> {
    const p1 = await this.probabilityOfOne(q);
    const outcome = chooseOutcome(p1, rng);
    await this.collapse(q, outcome, outcome === 1 ? p1 : 1 - p1);
    return outcome;
  }

  /** Reset qubit `q` to |0⟩: measure it and flip it back when the outcome was 1. */
  async reset(q: number, rng: Rng): Promise<void> {
    if ((await this.measure(q, rng)) === 1) {
      await this.applyGate(compileGate('x', [q], [], this.state.numQubits));
    }
  }

  /** Draw one basis index from the state's distribution. The state is destroyed. */
  async drawOnce(rng: Rng): Promise<number> {
    const table = await this.cumulate(1);
    const out = new Int32Array(1);
    drawShots(table, Float64Array.of(rng.next()), out);
    return out[0]!;
  }

  /** Apply a compiled gate to the whole state. */
  async applyGate(op: GateOp): Promise<void> {
    const a = this.state.amplitudes;
    const k = opQubitCount(op);
    const units = this.state.dimension >> k;
    const weight = 1 << k;
    const pool = this.parallel(a, this.state.dimension);
    if (pool) {
      await gateOnPool(pool, a, op, units, weight, this.afterTask);
      return;
    }
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

  /** Σ_k conj(ψ[k ⊕ x]) · (−1)^{|k ∧ z|} · ψ[k] over the state, as `[re, im]`. */
  async pauliSum(x: number, z: number): Promise<[number, number]> {
    const a = this.state.amplitudes;
    const n = this.state.dimension;
    const masks = { x, z, numY: 0 };
    const pool = this.parallel(a, n);
    if (pool) {
      const parts = (await pool.map(
        a,
        n,
        1,
        (lo, hi) => ({ kind: 'pauli', masks, lo, hi }),
        this.afterTask,
      )) as [number, number][];
      return parts.reduce<[number, number]>((s, [r, i]) => [s[0] + r, s[1] + i], [0, 0]);
    }
    let re = 0,
      im = 0;
    for (let lo = 0; lo < n; lo += CHUNK) {
      const hi = Math.min(n, lo + CHUNK);
      const [r, i] = pauliPartialSum(a, masks, lo, hi);
      re += r;
      im += i;
      if (this.cooperation.tick(hi - lo)) await this.cooperation.pause();
    }
    return [re, im];
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

  /** Run `work` over `[0, size)` in chunks, pausing between chunks when it is time. */
  private async chunked(size: number, work: (lo: number, hi: number) => void): Promise<void> {
    for (let lo = 0; lo < size; lo += CHUNK) {
      const hi = Math.min(size, lo + CHUNK);
      work(lo, hi);
      if (this.cooperation.tick(hi - lo)) await this.cooperation.pause();
    }
  }
}
