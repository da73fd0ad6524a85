/**
 * Kernels for any gate on an interleaved amplitude array: a `2^t × 2^t` matrix on target bits,
 * applied only where control bits hold their activating values. Their index space is the
 * basis indices with every target and control bit removed (`dimension >> (t + c)` units); for
 * each unit the `2^t` amplitudes of the targets are gathered at precomputed offsets.
 *
 * Diagonal matrices multiply in place, permutations (one non-zero per column) move amplitudes
 * with their phase, other matrices do the full product.
 *
 * @module
 */

/** A gate prepared for these kernels. */
export interface GeneralKernelOp {
  /** Bit positions of the gate's qubits and controls, sorted ascending. */
  readonly fixed: Int32Array;
  /** Control bits set to their activating values (added to every unit's base index). */
  readonly controlValue: number;
  /** `offsets[j]`: array offset (2 · index) of target combination j from a unit's base. */
  readonly offsets: Int32Array;
  /** The matrix, `2^t × 2^t`, interleaved (re, im), row-major. */
  readonly matrix: Float64Array;
  readonly structure: 'diagonal' | 'permutation' | 'general';
  /** For a permutation: row of column j's non-zero entry. */
  readonly perm: Int32Array | undefined;
  /** Scratch space for 2^t complex numbers. */
  readonly scratch: Float64Array;
}

/** Prepare a gate with `targets` (bit j of the matrix index is bit `targets[j]`). */
export function prepareGeneral(
  targets: readonly number[],
  controls: readonly number[],
  ctrlState: number,
  matrix: Float64Array,
  structure: 'diagonal' | 'permutation' | 'general',
  perm: Int32Array | undefined,
): GeneralKernelOp {
  const t = targets.length;
  const offsets = new Int32Array(1 << t);
  for (let j = 0; j < 1 << t; j++) {
    let off = 0;
    for (let b = 0; b < t; b++) if ((j >> b) & 1) off += 1 << targets[b]!;
    offsets[j] = 2 * off;
  }
  let controlValue = 0;
  controls.forEach((c, i) => {
    if ((ctrlState >> i) & 1) controlValue |= 1 << c;
  });
  const fixed = Int32Array.from([...targets, ...controls].sort((a, b) => a - b));
  return {
    fixed,
    controlValue,
    offsets,
    matrix,
    structure,
    perm,
    scratch: new Float64Array(2 << t),
  };
}

/** Run a prepared gate over units `[lo, hi)`. */
export function runGeneral(a: Float64Array, op: GeneralKernelOp, lo: number, hi: number): void {
  if (op.structure === 'diagonal') diagonalUnits(a, op, lo, hi);
  else if (op.structure === 'permutation') permutationUnits(a, op, lo, hi);
  else matrixUnits(a, op, lo, hi);
}

/** The base index (×2) of unit k: zeros inserted at the fixed bits, controls set. */
export function base(k: number, fixed: Int32Array, controlValue: number): number {
  for (let i = 0; i < fixed.length; i++) {
    const p = fixed[i]!;
    k = ((k >>> p) << (p + 1)) | (k & ((1 << p) - 1));
  }
  return 2 * (k | controlValue);
}

export function diagonalUnits(a: Float64Array, op: GeneralKernelOp, lo: number, hi: number): void {
  const { fixed, controlValue, offsets, matrix } = op;
  const n = offsets.length;
  for (let k = lo; k < hi; k++) {
    const b = base(k, fixed, controlValue);
    for (let j = 0; j < n; j++) {
      const dr = matrix[2 * (j * n + j)]!,
        di = matrix[2 * (j * n + j) + 1]!;
      if (dr === 1 && di === 0) continue;
      const i = b + offsets[j]!;
      const xr = a[i]!,
        xi = a[i + 1]!;
      a[i] = dr * xr - di * xi;
      a[i + 1] = dr * xi + di * xr;
    }
  }
}

export function permutationUnits(
  a: Float64Array,
  op: GeneralKernelOp,
  lo: number,
  hi: number,
): void {
  const { fixed, controlValue, offsets, matrix, scratch } = op;
  const perm = op.perm!;
  const n = offsets.length;
  for (let k = lo; k < hi; k++) {
    const b = base(k, fixed, controlValue);
    for (let j = 0; j < n; j++) {
      const i = b + offsets[j]!;
      scratch[2 * j] = a[i]!;
      scratch[2 * j + 1] = a[i + 1]!;
    }
    for (let j = 0; j < n; j++) {
      const r = perm[j]!;
      const mr = matrix[2 * (r * n + j)]!,
        mi = matrix[2 * (r * n + j) + 1]!;
      const xr = scratch[2 * j]!,
        xi = scratch[2 * j + 1]!;
      const i = b + offsets[r]!;
      a[i] = mr * xr - mi * xi;
      a[i + 1] = mr * xi + mi * xr;
    }
  }
}

export function matrixUnits(a: Float64Array, op: GeneralKernelOp, lo: number, hi: number): void {
  const { fixed, controlValue, offsets, matrix, scratch } = op;
  const n = offsets.length;
  for (let k = lo; k < hi; k++) {
    const b = base(k, fixed, controlValue);
    for (let j = 0; j < n; j++) {
      const i = b + offsets[j]!;
      scratch[2 * j] = a[i]!;
      scratch[2 * j + 1] = a[i + 1]!;
    }
    for (let r = 0; r < n; r++) {
      let re = 0,
        im = 0;
      for (let c = 0; c < n; c++) {
        const mr = matrix[2 * (r * n + c)]!,
          mi = matrix[2 * (r * n + c) + 1]!;
        const xr = scratch[2 * c]!,
          xi = scratch[2 * c + 1]!;
        re += mr * xr - mi * xi;
        im += mr * xi + mi * xr;
      }
      const i = b + offsets[r]!;
      a[i] = re;
      a[i + 1] = im;
    }
  }
}
