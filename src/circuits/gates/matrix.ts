/**
 * Small dense complex matrices for gate definitions: `d × d` stored row-major as interleaved
 * (re, im) pairs, with the basis-state index little-endian over the gate's qubits (gate qubit
 * 0 is bit 0 of the index, as in Qiskit's `Operator`).
 *
 * @module
 */

/** A `dim × dim` complex matrix: entry (r, c) is `data[2 * (r * dim + c)]` + i·`data[… + 1]`. */
export interface ComplexMatrix {
  readonly dim: number;
  readonly data: Float64Array;
}

/** A complex number as a pair. */
export type Complex = readonly [re: number, im: number];

/** A matrix from rows of complex entries (each entry a number or a `[re, im]` pair). */
export function fromRows(rows: readonly (readonly (number | Complex)[])[]): ComplexMatrix {
  const dim = rows.length;
  const data = new Float64Array(2 * dim * dim);
  rows.forEach((row, r) => {
    if (row.length !== dim) throw new RangeError(`row ${r} has ${row.length} entries, not ${dim}`);
    row.forEach((v, c) => {
      const [re, im] = typeof v === 'number' ? [v, 0] : v;
      data[2 * (r * dim + c)] = re;
      data[2 * (r * dim + c) + 1] = im;
    });
  });
  return { dim, data };
}

/** The `dim × dim` identity. */
export function identity(dim: number): ComplexMatrix {
  const data = new Float64Array(2 * dim * dim);
  for (let i = 0; i < dim; i++) data[2 * (i * dim + i)] = 1;
  return { dim, data };
}

/** A diagonal matrix from its entries. */
export function diagonal(entries: readonly Complex[]): ComplexMatrix {
  const dim = entries.length;
  const data = new Float64Array(2 * dim * dim);
  entries.forEach(([re, im], i) => {
    data[2 * (i * dim + i)] = re;
    data[2 * (i * dim + i) + 1] = im;
  });
  return { dim, data };
}

/** `e^{iθ}`. */
export function phase(theta: number): Complex {
  return [Math.cos(theta), Math.sin(theta)];
}

/** The product `a · b` (apply `b`, then `a`). */
export function multiply(a: ComplexMatrix, b: ComplexMatrix): ComplexMatrix {
  const n = a.dim;
  if (b.dim !== n) throw new RangeError(`cannot multiply ${n}×${n} by ${b.dim}×${b.dim}`);
  const out = new Float64Array(2 * n * n);
  const x = a.data,
    y = b.data;
  for (let r = 0; r < n; r++) {
    for (let k = 0; k < n; k++) {
      const ar = x[2 * (r * n + k)]!,
        ai = x[2 * (r * n + k) + 1]!;
      if (ar === 0 && ai === 0) continue;
      for (let c = 0; c < n; c++) {
        const br = y[2 * (k * n + c)]!,
          bi = y[2 * (k * n + c) + 1]!;
        out[2 * (r * n + c)] += ar * br - ai * bi;
        out[2 * (r * n + c) + 1] += ar * bi + ai * br;
      }
    }
  }
  return { dim: n, data: out };
}

/** `s · m` for a complex scalar `s`. */
export function scale(m: ComplexMatrix, [sr, si]: Complex): ComplexMatrix {
  const out = new Float64Array(m.data.length);
  for (let i = 0; i < out.length; i += 2) {
    const re = m.data[i]!,
      im = m.data[i + 1]!;
    out[i] = sr * re - si * im;
    out[i + 1] = sr * im + si * re;
  }
  return { dim: m.dim, data: out };
}

/** The conjugate transpose (the inverse of a unitary). */
export function adjoint(m: ComplexMatrix): ComplexMatrix {
  const n = m.dim;
  const out = new Float64Array(2 * n * n);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      out[2 * (c * n + r)] = m.data[2 * (r * n + c)]!;
      out[2 * (c * n + r) + 1] = -m.data[2 * (r * n + c) + 1]!;
    }
  }
  return { dim: n, data: out };
}

/** Number of qubits of a `2^k × 2^k` matrix. */
export function qubitCount(m: ComplexMatrix): number {
  const k = Math.log2(m.dim);
  if (!Number.isInteger(k)) throw new RangeError(`dimension ${m.dim} is not a power of two`);
  return k;
}

/**
 * `gate` (on `qubits.length` qubits) acting on `qubits` of an `n`-qubit register, as an
 * `n`-qubit matrix: gate qubit `j` is register qubit `qubits[j]`.
 */
export function embed(gate: ComplexMatrix, qubits: readonly number[], n: number): ComplexMatrix {
  const k = qubits.length;
  if (gate.dim !== 1 << k) throw new RangeError(`a ${gate.dim}×${gate.dim} gate on ${k} qubits`);
  const dim = 1 << n;
  const data = new Float64Array(2 * dim * dim);
  let mask = 0;
  for (const q of qubits) mask |= 1 << q;
  const local = (i: number): number => {
    let v = 0;
    for (let j = 0; j < k; j++) if ((i >> qubits[j]!) & 1) v |= 1 << j;
    return v;
  };
  for (let r = 0; r < dim; r++) {
    const rl = local(r);
    for (let c = 0; c < dim; c++) {
      if ((r & ~mask) !== (c & ~mask)) continue;
      const cl = local(c);
      data[2 * (r * dim + c)] = gate.data[2 * (rl * gate.dim + cl)]!;
      data[2 * (r * dim + c) + 1] = gate.data[2 * (rl * gate.dim + cl) + 1]!;
    }
  }
  return { dim, data };
}

/**
 * `base` with `numControls` control qubits in front: the controls are gate qubits
 * `0 … numControls − 1` and the base acts on the rest. The base applies when the controls are
 * in `ctrlState` (bit `i` for control `i`; all ones by default), the identity otherwise.
 */
export function controlled(
  base: ComplexMatrix,
  numControls: number,
  ctrlState: number = (1 << numControls) - 1,
): ComplexMatrix {
  const dim = base.dim << numControls;
  const data = new Float64Array(2 * dim * dim);
  const cmask = (1 << numControls) - 1;
  for (let r = 0; r < dim; r++) {
    if ((r & cmask) !== ctrlState) {
      data[2 * (r * dim + r)] = 1;
      continue;
    }
    const tr = r >> numControls;
    for (let tc = 0; tc < base.dim; tc++) {
      const c = (tc << numControls) | ctrlState;
      data[2 * (r * dim + c)] = base.data[2 * (tr * base.dim + tc)]!;
      data[2 * (r * dim + c) + 1] = base.data[2 * (tr * base.dim + tc) + 1]!;
    }
  }
  return { dim, data };
}

/** The largest entry-wise distance between `a` and `b`. */
export function distance(a: ComplexMatrix, b: ComplexMatrix): number {
  if (a.dim !== b.dim) return Infinity;
  let worst = 0;
  for (let i = 0; i < a.data.length; i += 2) {
    worst = Math.max(worst, Math.hypot(a.data[i]! - b.data[i]!, a.data[i + 1]! - b.data[i + 1]!));
  }
  return worst;
}

/**
 * The largest entry-wise distance between `a` and `b` after removing the best global phase
 * (the phase of the overlap `tr(a† b)`).
 */
export function distanceUpToPhase(a: ComplexMatrix, b: ComplexMatrix): number {
  if (a.dim !== b.dim) return Infinity;
  let tr = 0,
    ti = 0;
  for (let i = 0; i < a.data.length; i += 2) {
    const ar = a.data[i]!,
      ai = -a.data[i + 1]!,
      br = b.data[i]!,
      bi = b.data[i + 1]!;
    tr += ar * br - ai * bi;
    ti += ar * bi + ai * br;
  }
  const norm = Math.hypot(tr, ti);
  if (norm === 0) return distance(a, b);
  return distance(scale(a, [tr / norm, ti / norm]), b);
}
