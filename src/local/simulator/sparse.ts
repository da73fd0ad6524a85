/**
 * A state kept as its non-zero amplitudes only: basis indices with their complex amplitudes,
 * for states whose support is a small part of the space (GHZ states, basis states, the
 * entangled part of a wide ISA circuit). A gate costs what the support costs: a diagonal
 * gate rescales entries, a permutation (X, CX, SWAP, Toffoli, with any phases) renames them,
 * and any other gate combines the entries that share all bits but its targets.
 *
 * @module
 */
import type { CompiledGate } from './compiled-gate.js';

/** Amplitudes below this modulus are dropped after a gate (they are rounding residue). */
export const SPARSE_DROP = 1e-15;

/** A sparse state over `numQubits` qubits (at most 31). */
export class SparseState {
  constructor(
    readonly numQubits: number,
    /** Basis indices, distinct. */
    public keys: Int32Array,
    /** Interleaved (re, im) per key. */
    public amps: Float64Array,
    public size: number,
  ) {}

  /** The basis state |index⟩. */
  static basis(numQubits: number, index: number): SparseState {
    return new SparseState(numQubits, Int32Array.of(index), Float64Array.of(1, 0), 1);
  }

  /** The non-zero entries of a dense interleaved array. */
  static fromDense(numQubits: number, a: Float64Array, dimension: number): SparseState {
    let count = 0;
    for (let i = 0; i < dimension; i++) if (a[2 * i] !== 0 || a[2 * i + 1] !== 0) count++;
    const keys = new Int32Array(count);
    const amps = new Float64Array(2 * count);
    let j = 0;
    for (let i = 0; i < dimension; i++) {
      if (a[2 * i] === 0 && a[2 * i + 1] === 0) continue;
      keys[j] = i;
      amps[2 * j] = a[2 * i]!;
      amps[2 * j + 1] = a[2 * i + 1]!;
      j++;
    }
    return new SparseState(numQubits, keys, amps, count);
  }

  clone(): SparseState {
    return new SparseState(
      this.numQubits,
      this.keys.slice(0, this.size),
      this.amps.slice(0, 2 * this.size),
      this.size,
    );
  }

  /** Write the amplitudes into a zeroed dense interleaved array. */
  writeDense(a: Float64Array): void {
    for (let i = 0; i < this.size; i++) {
      const k = this.keys[i]!;
      a[2 * k] = this.amps[2 * i]!;
      a[2 * k + 1] = this.amps[2 * i + 1]!;
    }
  }

  /** Apply a gate whose targets and controls are bit positions of this state. */
  apply(g: CompiledGate, targets: readonly number[], controls: readonly number[]): void {
    let cmask = 0,
      cvalue = 0;
    controls.forEach((c, i) => {
      cmask |= 1 << c;
      if ((g.ctrlState >> i) & 1) cvalue |= 1 << c;
    });
    let tmask = 0;
    for (const t of targets) tmask |= 1 << t;
    const m = g.matrix.data;
    const n = g.matrix.dim;
    const { keys, amps } = this;
    if (g.structure === 'diagonal' || g.structure === 'permutation') {
      const perm = g.perm;
      for (let i = 0; i < this.size; i++) {
        const k = keys[i]!;
        if ((k & cmask) !== cvalue) continue;
        const j = extract(k, targets);
        const r = perm ? perm[j]! : j;
        const mr = m[2 * (r * n + j)]!,
          mi = m[2 * (r * n + j) + 1]!;
        const xr = amps[2 * i]!,
          xi = amps[2 * i + 1]!;
        amps[2 * i] = mr * xr - mi * xi;
        amps[2 * i + 1] = mr * xi + mi * xr;
        if (r !== j) keys[i] = (k & ~tmask) | deposit(r, targets);
      }
      return;
    }
    // General: gather the entries of each group (same bits outside the targets).
    const groups = new Map<number, number>();
    const groupAmps: number[] = [];
    const outKeys: number[] = [];
    const outAmps: number[] = [];
    for (let i = 0; i < this.size; i++) {
      const k = keys[i]!;
      if ((k & cmask) !== cvalue) {
        outKeys.push(k);
        outAmps.push(amps[2 * i]!, amps[2 * i + 1]!);
        continue;
      }
      const b = k & ~tmask;
      let slot = groups.get(b);
      if (slot === undefined) {
        slot = groups.size;
        groups.set(b, slot);
        for (let j = 0; j < 2 * n; j++) groupAmps.push(0);
      }
      const j = extract(k, targets);
      groupAmps[slot * 2 * n + 2 * j] = amps[2 * i]!;
      groupAmps[slot * 2 * n + 2 * j + 1] = amps[2 * i + 1]!;
    }
    for (const [b, slot] of groups) {
      const at = slot * 2 * n;
      for (let r = 0; r < n; r++) {
        let re = 0,
          im = 0;
        for (let c = 0; c < n; c++) {
          const xr = groupAmps[at + 2 * c]!,
            xi = groupAmps[at + 2 * c + 1]!;
          if (xr === 0 && xi === 0) continue;
          const mr = m[2 * (r * n + c)]!,
            mi = m[2 * (r * n + c) + 1]!;
          re += mr * xr - mi * xi;
          im += mr * xi + mi * xr;
        }
        if (Math.abs(re) < SPARSE_DROP && Math.abs(im) < SPARSE_DROP) continue;
        outKeys.push(b | deposit(r, targets));
        outAmps.push(re, im);
      }
    }
    this.keys = Int32Array.from(outKeys);
    this.amps = Float64Array.from(outAmps);
    this.size = outKeys.length;
  }

  /** The probability that bit `q` is 1. */
  probabilityOfOne(q: number): number {
    let p = 0;
    for (let i = 0; i < this.size; i++) {
      if ((this.keys[i]! >>> q) & 1) {
        p += this.amps[2 * i]! ** 2 + this.amps[2 * i + 1]! ** 2;
      }
    }
    return p;
  }

  /** The state after bit `q` is found equal to `outcome`, without that bit, renormalised by `scale`. */
  project(q: number, outcome: 0 | 1, scale: number): SparseState {
    const keys: number[] = [];
    const amps: number[] = [];
    const low = (1 << q) - 1;
    for (let i = 0; i < this.size; i++) {
      const k = this.keys[i]!;
      if (((k >>> q) & 1) !== outcome) continue;
      keys.push((k & low) | ((k >>> (q + 1)) << q));
      amps.push(this.amps[2 * i]! * scale, this.amps[2 * i + 1]! * scale);
    }
    return new SparseState(
      this.numQubits - 1,
      Int32Array.from(keys),
      Float64Array.from(amps),
      keys.length,
    );
  }

  /** The tensor product with `other` on the higher bits. */
  tensor(other: SparseState): SparseState {
    const shift = this.numQubits;
    const size = this.size * other.size;
    const keys = new Int32Array(size);
    const amps = new Float64Array(2 * size);
    let j = 0;
    for (let b = 0; b < other.size; b++) {
      const kb = other.keys[b]! << shift;
      const br = other.amps[2 * b]!,
        bi = other.amps[2 * b + 1]!;
      for (let a = 0; a < this.size; a++) {
        const ar = this.amps[2 * a]!,
          ai = this.amps[2 * a + 1]!;
        keys[j] = kb | this.keys[a]!;
        amps[2 * j] = ar * br - ai * bi;
        amps[2 * j + 1] = ar * bi + ai * br;
        j++;
      }
    }
    return new SparseState(this.numQubits + other.numQubits, keys, amps, size);
  }

  /**
   * Draw one basis index per uniform in `uniforms` into `out` (running totals over the
   * entries, then a bisection per draw).
   */
  draw(uniforms: Float64Array, out: Int32Array): void {
    const totals = new Float64Array(this.size);
    let total = 0;
    for (let i = 0; i < this.size; i++) {
      total += this.amps[2 * i]! ** 2 + this.amps[2 * i + 1]! ** 2;
      totals[i] = total;
    }
    for (let s = 0; s < uniforms.length; s++) {
      const target = uniforms[s]! * total;
      let lo = 0,
        hi = this.size - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (totals[mid]! > target) hi = mid;
        else lo = mid + 1;
      }
      out[s] = this.keys[lo]!;
    }
  }

  /**
   * Σ_k conj(ψ[k ⊕ x]) · (−1)^{|k ∧ z|} · ψ[k] (see `pauli.ts`), as `[re, im]`.
   */
  pauliSum(x: number, z: number): [number, number] {
    let index: Map<number, number> | undefined;
    if (x !== 0) {
      index = new Map();
      for (let i = 0; i < this.size; i++) index.set(this.keys[i]!, i);
    }
    let re = 0,
      im = 0;
    for (let i = 0; i < this.size; i++) {
      const k = this.keys[i]!;
      const j = index ? index.get(k ^ x) : i;
      if (j === undefined) continue;
      const ur = this.amps[2 * j]!,
        ui = -this.amps[2 * j + 1]!;
      const vr = this.amps[2 * i]!,
        vi = this.amps[2 * i + 1]!;
      const sign = parity(k & z) ? -1 : 1;
      re += sign * (ur * vr - ui * vi);
      im += sign * (ur * vi + ui * vr);
    }
    return [re, im];
  }
}

/** The bits of `k` at `positions`, packed (position j → bit j). */
export function extract(k: number, positions: readonly number[]): number {
  let v = 0;
  for (let j = 0; j < positions.length; j++) v |= ((k >>> positions[j]!) & 1) << j;
  return v;
}

/** The bits of `v` spread onto `positions` (bit j → position j). */
export function deposit(v: number, positions: readonly number[]): number {
  let k = 0;
  for (let j = 0; j < positions.length; j++) k |= ((v >>> j) & 1) << positions[j]!;
  return k;
}

function parity(v: number): number {
  v ^= v >>> 16;
  v ^= v >>> 8;
  v ^= v >>> 4;
  v ^= v >>> 2;
  v ^= v >>> 1;
  return v & 1;
}
