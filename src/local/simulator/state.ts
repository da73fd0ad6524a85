/**
 * The quantum state of one branch of a simulation, kept as a product of independent factors:
 * every simulated qubit starts as a factor of its own, a gate joins the factors of its qubits
 * (their tensor product), and a measurement or reset splits its qubit off again. Each factor
 * is dense (2^k amplitudes) or sparse (its non-zero amplitudes only), whichever its support
 * makes cheaper, so a circuit costs what its entangled, occupied part costs: single-qubit
 * layers and untouched qubits are free, GHZ-like and basis states stay small, and a dense
 * state grows one gate at a time instead of being allocated whole at the start.
 *
 * Branches share factors until one of them changes a factor (copy on write), so splitting a
 * branch at a measurement copies only the factor being measured.
 *
 * @module
 */
import type { CompiledGate } from './compiled-gate.js';
import type { Cooperation } from './cooperation.js';
import { SimulationError } from './errors.js';
import { collapseScale, Executor, type DenseView } from './executor.js';
import { fromCompiled, opQubitCount, runGateOp } from './gate-ops.js';
import { probabilityOne, projectOut, tensorRange } from './kernels.js';
import type { Rng } from './rng.js';
import { drawShots } from './sampling.js';
import type { SimulationMetrics } from './metrics.js';
import { PARALLEL_AMPLITUDES, type KernelPool } from './pool.js';
import { SparseState } from './sparse.js';

/** Factors of at most this many qubits are always dense. */
const SMALL_FACTOR = 8;

/** A sparse factor becomes dense once it holds more than this fraction of its space. */
const DENSE_FRACTION = 1 / 16;

/** Dense factors of at most this many qubits count their support when joined. */
const COUNTED_FACTOR = 14;

/** Factors of at most this many qubits are worked on at once, without yielding. */
const SYNC_QUBITS = 12;

/** Most qubits of one factor. */
export const MAX_FACTOR_QUBITS = 30;

/** A dense factor: `2^numQubits` amplitudes at the start of a buffer that may be larger. */
class DenseFactor implements DenseView {
  private view: Float64Array;

  constructor(
    public buffer: Float64Array,
    private k: number,
  ) {
    this.view = buffer.length === 2 * 2 ** k ? buffer : buffer.subarray(0, 2 * 2 ** k);
  }

  get numQubits(): number {
    return this.k;
  }

  get dimension(): number {
    return 2 ** this.k;
  }

  get amplitudes(): Float64Array {
    return this.view;
  }

  /** Use `k` qubits of the buffer from now on. */
  resize(k: number): void {
    this.k = k;
    this.view =
      this.buffer.length === 2 * 2 ** k ? this.buffer : this.buffer.subarray(0, 2 * 2 ** k);
  }
}

/** One factor of the product state: its qubits (local bit j is `qubits[j]`) and amplitudes. */
interface Factor {
  readonly qubits: number[];
  dense: DenseFactor | undefined;
  sparse: SparseState | undefined;
}

/**
 * Allocates dense buffers of `amplitudes` amplitudes (a `SharedArrayBuffer` may back large
 * ones). With `zeroed` false the caller writes every number it reads, so a buffer left over
 * from an earlier run will do.
 */
export type Allocator = (amplitudes: number, zeroed?: boolean) => Float64Array;

/** The default allocator: a plain `Float64Array`, with a clear error when memory runs out. */
export function allocate(amplitudes: number): Float64Array {
  try {
    return new Float64Array(2 * amplitudes);
  } catch {
    throw outOfMemory(amplitudes);
  }
}

/** An allocator placing buffers the workers will sweep (see `pool.ts`) in shared memory. */
export function allocateShared(amplitudes: number): Float64Array {
  if (amplitudes < PARALLEL_AMPLITUDES) return allocate(amplitudes);
  try {
    return new Float64Array(new SharedArrayBuffer(16 * amplitudes));
  } catch {
    throw outOfMemory(amplitudes);
  }
}

function outOfMemory(amplitudes: number): SimulationError {
  const k = Math.log2(amplitudes);
  return new SimulationError(
    `not enough memory for ${k} entangled qubits (${2 ** (k - 16)} MiB)`,
    'memory',
  );
}

/** What a state needs from the simulation around it. */
export interface StateContext {
  readonly cooperation: Cooperation;
  /**
   * For each simulated qubit, the most qubits its factor can ever hold (the size of its
   * connected component over all the program's gates): the capacity given to large dense
   * buffers, so a growing factor is allocated once.
   */
  readonly componentQubits: Int32Array;
  readonly allocate: Allocator;
  readonly metrics: SimulationMetrics;
  /** Worker threads for passes over large factors (allocated in shared memory). */
  readonly pool?: KernelPool | undefined;
}

/** The state of one branch. */
export class QuantumState {
  /** Count a pass over `amplitudes` amplitudes of a factor of `qubits` qubits. */
  private pass(amplitudes: number, qubits: number): void {
    const m = this.ctx.metrics;
    m.amplitudeUpdates += amplitudes;
    if (qubits > m.largestFactor) m.largestFactor = qubits;
  }

  /** Factors this state may change in place (the others are shared with another branch). */
  private owned = new Set<Factor>();

  private constructor(
    private readonly ctx: StateContext,
    private readonly factorOf: Factor[],
  ) {}

  /** |0…0⟩ on `numQubits` simulated qubits, each its own factor. */
  static zero(numQubits: number, ctx: StateContext): QuantumState {
    const factors: Factor[] = [];
    for (let q = 0; q < numQubits; q++) factors.push(single(q, 0));
    const s = new QuantumState(ctx, factors);
    for (const f of factors) s.owned.add(f);
    return s;
  }

  /** A second branch with the same state; both copy a factor before changing it. */
  fork(): QuantumState {
    this.owned.clear();
    return new QuantumState(this.ctx, [...this.factorOf]);
  }

  /** The value of qubit `q` when it is alone in a basis state, else `undefined`. */
  basisValue(q: number): 0 | 1 | undefined {
    const f = this.factorOf[q]!;
    if (f.qubits.length !== 1) return undefined;
    const a = f.dense ? f.dense.amplitudes : undefined;
    if (!a) return undefined;
    if (a[2] === 0 && a[3] === 0) return 0;
    if (a[0] === 0 && a[1] === 0) return 1;
    return undefined;
  }

  /** Apply a gate. */
  async apply(g: CompiledGate): Promise<void> {
    let gate = g;
    // Controls on qubits in a known basis state are decided here.
    if (g.controls.length > 0) {
      const keep: number[] = [];
      let state = 0;
      for (let i = 0; i < g.controls.length; i++) {
        const want = (g.ctrlState >> i) & 1;
        const v = this.basisValue(g.controls[i]!);
        if (v === undefined) {
          if (want) state |= 1 << keep.length;
          keep.push(g.controls[i]!);
        } else if (v !== want) {
          return;
        }
      }
      if (keep.length !== g.controls.length) gate = { ...g, controls: keep, ctrlState: state };
    }
    const factor = await this.join([...gate.targets, ...gate.controls]);
    const local = (q: number): number => factor.qubits.indexOf(q);
    if (factor.sparse) {
      factor.sparse.apply(gate, gate.targets.map(local), gate.controls.map(local));
      const k = factor.qubits.length;
      if (factor.sparse.size > 2 ** k * DENSE_FRACTION || k <= SMALL_FACTOR) {
        this.densify(factor);
      }
      return;
    }
    const dense = factor.dense!;
    const op = fromCompiled(gate, local);
    this.pass(dense.dimension, dense.numQubits);
    if (dense.numQubits <= SYNC_QUBITS)
      runGateOp(dense.amplitudes, op, 0, dense.dimension >> opQubitCount(op));
    else await new Executor(dense, this.ctx.cooperation, this.ctx.pool).applyGate(op);
  }

  /** The probability that measuring qubit `q` gives 1. */
  async probabilityOfOne(q: number): Promise<number> {
    const f = this.factorOf[q]!;
    const j = f.qubits.indexOf(q);
    if (f.sparse) return f.sparse.probabilityOfOne(j);
    const d = f.dense!;
    if (d.numQubits === 1) return d.amplitudes[2]! ** 2 + d.amplitudes[3]! ** 2;
    this.pass(d.dimension, d.numQubits);
    if (d.numQubits <= SYNC_QUBITS) return probabilityOne(d.amplitudes, j, 0, d.dimension >> 1);
    return new Executor(d, this.ctx.cooperation, this.ctx.pool).probabilityOfOne(j);
  }

  /**
   * Collapse qubit `q` onto `outcome`, whose probability is `probability`: the qubit leaves its
   * factor and becomes |outcome⟩ on its own.
   */
  async collapse(q: number, outcome: 0 | 1, probability: number): Promise<void> {
    const f = this.factorOf[q]!;
    if (f.qubits.length > 1) {
      const j = f.qubits.indexOf(q);
      const rest = f.qubits.filter((x) => x !== q);
      let next: Factor;
      if (f.sparse) {
        next = {
          qubits: rest,
          dense: undefined,
          sparse: f.sparse.project(j, outcome, collapseScale(q, probability)),
        };
      } else {
        const d = f.dense!;
        this.pass(d.dimension, d.numQubits);
        const inPlace = this.owned.has(f);
        const out = inPlace ? d.amplitudes : this.ctx.allocate(d.dimension / 2, false);
        if (d.numQubits <= SYNC_QUBITS) {
          const scale = collapseScale(q, probability);
          projectOut(d.amplitudes, j, 0, d.dimension >> 1, outcome, scale, out);
        } else {
          await new Executor(d, this.ctx.cooperation, this.ctx.pool).projectOut(
            j,
            outcome,
            probability,
            out,
          );
        }
        if (inPlace) {
          d.resize(d.numQubits - 1);
          next = { qubits: rest, dense: d, sparse: undefined };
          this.owned.delete(f);
        } else {
          next = { qubits: rest, dense: new DenseFactor(out, d.numQubits - 1), sparse: undefined };
        }
      }
      this.owned.add(next);
      for (const x of rest) this.factorOf[x] = next;
    }
    this.setSingle(q, outcome);
  }

  /** Put qubit `q`, alone in its factor, into |value⟩. */
  setSingle(q: number, value: 0 | 1): void {
    const f = single(q, value);
    this.owned.add(f);
    this.factorOf[q] = f;
  }

  /**
   * Draw `shots` outcomes of the qubits in `qubits` (and any others in their factors) as
   * indices over the simulated qubits (bit q for qubit q). Factors are read in place when this
   * state owns them: the state is not usable afterwards.
   */
  async sample(qubits: readonly number[], shots: number, rng: Rng): Promise<Int32Array> {
    const out = new Int32Array(shots);
    const seen = new Set<Factor>();
    const factors: Factor[] = [];
    for (const q of [...qubits].sort((a, b) => a - b)) {
      const f = this.factorOf[q]!;
      if (!seen.has(f)) {
        seen.add(f);
        factors.push(f);
      }
    }
    const uniforms = new Float64Array(shots);
    const local = new Int32Array(shots);
    for (const f of factors) {
      const basis = f.qubits.length === 1 ? this.basisValue(f.qubits[0]!) : undefined;
      if (basis !== undefined) {
        if (basis === 1) for (let s = 0; s < shots; s++) out[s]! |= 1 << f.qubits[0]!;
        continue;
      }
      rng.fill(uniforms);
      if (f.sparse) {
        f.sparse.draw(uniforms, local);
      } else {
        let d = f.dense!;
        if (!this.owned.has(f)) {
          const copy = new DenseFactor(this.ctx.allocate(d.dimension, false), d.numQubits);
          copy.amplitudes.set(d.amplitudes);
          d = copy;
        }
        this.pass(d.dimension, d.numQubits);
        const table = await new Executor(d, this.ctx.cooperation, this.ctx.pool).cumulate(shots);
        drawShots(table, uniforms, local);
        this.owned.delete(f);
      }
      scatterBits(local, Int32Array.from(f.qubits), out);
    }
    return out;
  }

  /**
   * Σ_k conj(ψ[k ⊕ x]) (−1)^{|k ∧ z|} ψ[k] over the whole state (x, z masks of simulated
   * qubits), as `[re, im]`: the product of the factors' sums.
   */
  async pauliSum(x: number, z: number): Promise<[number, number]> {
    let re = 1,
      im = 0;
    const seen = new Set<Factor>();
    for (const f of this.factorOf) {
      if (seen.has(f)) continue;
      seen.add(f);
      let lx = 0,
        lz = 0;
      f.qubits.forEach((q, j) => {
        if ((x >>> q) & 1) lx |= 1 << j;
        if ((z >>> q) & 1) lz |= 1 << j;
      });
      if (lx === 0 && lz === 0) continue;
      let r: [number, number];
      if (f.sparse) r = f.sparse.pauliSum(lx, lz);
      else {
        const d = f.dense!;
        this.pass(d.dimension, d.numQubits);
        r = await new Executor(d, this.ctx.cooperation, this.ctx.pool).pauliSum(lx, lz);
      }
      [re, im] = [re * r[0] - im * r[1], re * r[1] + im * r[0]];
    }
    return [re, im];
  }

  /** The number of amplitudes held by the factors (for progress estimates). */
  size(): number {
    let n = 0;
    for (const f of new Set(this.factorOf)) n += f.sparse ? f.sparse.size : f.dense!.dimension;
    return n;
  }

  /** The factor holding all of `qubits`, joining factors as needed, owned by this state. */
  private async join(qubits: readonly number[]): Promise<Factor> {
    const factors = [...new Set(qubits.map((q) => this.factorOf[q]!))];
    factors.sort((a, b) => b.qubits.length - a.qubits.length);
    let f = factors[0]!;
    if (factors.length === 1) return this.own(f);
    for (const other of factors.slice(1)) f = await this.tensor(f, other);
    for (const q of f.qubits) this.factorOf[q] = f;
    return f;
  }

  private async own(f: Factor): Promise<Factor> {
    if (this.owned.has(f)) return f;
    let copy: Factor;
    if (f.sparse) {
      copy = { qubits: [...f.qubits], dense: undefined, sparse: f.sparse.clone() };
    } else {
      const d = f.dense!;
      const buffer = this.ctx.allocate(this.capacity(f.qubits, d.dimension), false);
      const dense = new DenseFactor(buffer, d.numQubits);
      this.pass(d.dimension, d.numQubits);
      if (d.numQubits <= SYNC_QUBITS) dense.amplitudes.set(d.amplitudes);
      else await new Executor(dense, this.ctx.cooperation, this.ctx.pool).copyFrom(d);
      copy = { qubits: [...f.qubits], dense, sparse: undefined };
    }
    this.owned.add(copy);
    for (const q of copy.qubits) this.factorOf[q] = copy;
    return copy;
  }

  /** Amplitudes to allocate for a dense factor on `qubits` needing `needed` now. */
  private capacity(qubits: readonly number[], needed: number): number {
    if (needed < 2 ** 10) return needed;
    let most = 0;
    for (const q of qubits) most = Math.max(most, this.ctx.componentQubits[q]!);
    return Math.max(needed, 2 ** Math.min(most, MAX_FACTOR_QUBITS));
  }

  /** `a ⊗ b` (b's qubits after a's), as a new owned factor. */
  private async tensor(a: Factor, b: Factor): Promise<Factor> {
    const qubits = [...a.qubits, ...b.qubits];
    const k = qubits.length;
    if (k > MAX_FACTOR_QUBITS) {
      throw new SimulationError(
        `the state entangles ${k} qubits, more than the ${MAX_FACTOR_QUBITS} a factor can hold`,
        'memory',
      );
    }
    if (k > SMALL_FACTOR && supportOf(a) * supportOf(b) <= 2 ** k * DENSE_FRACTION) {
      const sa =
        a.sparse ?? SparseState.fromDense(a.qubits.length, a.dense!.amplitudes, a.dense!.dimension);
      const sb =
        b.sparse ?? SparseState.fromDense(b.qubits.length, b.dense!.amplitudes, b.dense!.dimension);
      this.owned.delete(a);
      this.owned.delete(b);
      const f: Factor = { qubits, dense: undefined, sparse: sa.tensor(sb) };
      this.owned.add(f);
      return f;
    }
    const dimB = 2 ** b.qubits.length;
    const bAmps = b.dense ? b.dense.amplitudes : denseOf(b.sparse!, dimB);
    let da: DenseFactor;
    if (a.sparse) {
      da = new DenseFactor(this.ctx.allocate(this.capacity(qubits, 2 ** k)), a.qubits.length);
      a.sparse.writeDense(da.amplitudes);
    } else {
      da = a.dense!;
    }
    const size = 2 ** k;
    let target: DenseFactor;
    if (da !== a.dense || (this.owned.has(a) && da.buffer.length >= 2 * size)) {
      target = da;
    } else {
      target = new DenseFactor(
        this.ctx.allocate(this.capacity(qubits, size), false),
        a.qubits.length,
      );
    }
    const out =
      target.buffer.length === 2 * size ? target.buffer : target.buffer.subarray(0, 2 * size);
    this.pass(size, k);
    if (k <= SYNC_QUBITS) tensorRange(da.amplitudes, da.numQubits, bAmps, 0, size, out);
    else await new Executor(da, this.ctx.cooperation, this.ctx.pool).tensor(bAmps, dimB, out);
    target.resize(k);
    this.owned.delete(a);
    this.owned.delete(b);
    const f: Factor = { qubits, dense: target, sparse: undefined };
    this.owned.add(f);
    return f;
  }

  private densify(f: Factor): void {
    const s = f.sparse!;
    const dim = 2 ** f.qubits.length;
    const dense = new DenseFactor(this.ctx.allocate(this.capacity(f.qubits, dim)), f.qubits.length);
    s.writeDense(dense.amplitudes);
    f.dense = dense;
    f.sparse = undefined;
  }
}

function single(q: number, value: 0 | 1): Factor {
  const buffer = new Float64Array(4);
  buffer[2 * value] = 1;
  return { qubits: [q], dense: new DenseFactor(buffer, 1), sparse: undefined };
}

function supportOf(f: Factor): number {
  if (f.sparse) return f.sparse.size;
  const d = f.dense!;
  if (d.numQubits > COUNTED_FACTOR) return d.dimension;
  return countNonZero(d.amplitudes, d.dimension);
}

// The loops below take typed arrays and numbers only: their optimised code depends on no
// object a garbage collection could retire, so it survives from one run to the next.

/** The number of non-zero amplitudes among the first `dimension` of `a`. */
function countNonZero(a: Float64Array, dimension: number): number {
  let n = 0;
  for (let i = 0; i < dimension; i++) if (a[2 * i] !== 0 || a[2 * i + 1] !== 0) n++;
  return n;
}

/**
 * OR into each `out[s]` the bits of `local[s]` moved to their qubits: local bit j to bit
 * `qubits[j]`.
 */
function scatterBits(local: Int32Array, qubits: Int32Array, out: Int32Array): void {
  let identity = true;
  for (let j = 0; j < qubits.length; j++) if (qubits[j] !== j) identity = false;
  if (identity) {
    for (let s = 0; s < local.length; s++) out[s]! |= local[s]!;
    return;
  }
  for (let s = 0; s < local.length; s++) {
    const v = local[s]!;
    let g = 0;
    for (let j = 0; j < qubits.length; j++) g |= ((v >>> j) & 1) << qubits[j]!;
    out[s]! |= g;
  }
}

function denseOf(s: SparseState, dim: number): Float64Array {
  const a = new Float64Array(2 * dim);
  s.writeDense(a);
  return a;
}
