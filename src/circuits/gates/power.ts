/**
 * Powers of unitary matrices: integer powers by repeated squaring, and real powers by the
 * principal branch, as Qiskit's `Operator.power(k, assume_unitary=True)` computes them.
 *
 * A unitary is normal, so it is diagonalised by a unitary change of basis: the eigenvectors
 * come from the Hermitian matrix `(U + U†)/2 + c·(U − U†)/2i` (which commutes with `U`),
 * diagonalised by complex Jacobi rotations. Each eigenvalue `e^{iθ}` is raised to `e^{ikθ}`
 * with θ taken in `(−π + ε, π + ε]` for Qiskit's tiny branch-cut rotation ε = π·10⁻¹², so an
 * eigenvalue of exactly −1 counts as `e^{iπ}` (the square root of Z is S, not S†).
 *
 * @module
 */
import { adjoint, identity, multiply, type ComplexMatrix } from './matrix.js';

/** Qiskit's default `branch_cut_rotation` of `Operator.power`. */
export const BRANCH_CUT_ROTATION = Math.PI * 1e-12;

/** `m^k` for an integer `k` (negative: powers of the adjoint, which is the inverse of a unitary). */
export function integerPower(m: ComplexMatrix, k: number): ComplexMatrix {
  if (!Number.isInteger(k)) throw new RangeError(`${k} is not an integer`);
  let base = k < 0 ? adjoint(m) : m;
  let e = Math.abs(k);
  let out = identity(m.dim);
  while (e > 0) {
    if (e & 1) out = multiply(base, out);
    e = Math.floor(e / 2);
    if (e > 0) base = multiply(base, base);
  }
  return out;
}

/**
 * The principal `k`-th power of the unitary `u` (any real `k`). Integer exponents are exact
 * products. Throws `RangeError` when `u` is not unitary enough to be diagonalised.
 */
export function unitaryPower(u: ComplexMatrix, k: number): ComplexMatrix {
  if (!Number.isFinite(k)) throw new RangeError(`cannot raise a matrix to the power ${k}`);
  if (Number.isInteger(k)) return integerPower(u, k);
  const { vectors, values } = diagonaliseUnitary(u);
  const n = u.dim;
  // V · diag(λ^k) · V†
  const scaled = new Float64Array(vectors.data);
  for (let j = 0; j < n; j++) {
    const re = values[2 * j]!,
      im = values[2 * j + 1]!;
    // Rotate by −ε, take the principal angle, rotate back.
    const theta =
      Math.atan2(
        im * Math.cos(BRANCH_CUT_ROTATION) - re * Math.sin(BRANCH_CUT_ROTATION),
        re * Math.cos(BRANCH_CUT_ROTATION) + im * Math.sin(BRANCH_CUT_ROTATION),
      ) + BRANCH_CUT_ROTATION;
    const pr = Math.cos(k * theta),
      pi = Math.sin(k * theta);
    for (let r = 0; r < n; r++) {
      const at = 2 * (r * n + j);
      const vr = scaled[at]!,
        vi = scaled[at + 1]!;
      scaled[at] = vr * pr - vi * pi;
      scaled[at + 1] = vr * pi + vi * pr;
    }
  }
  return multiply({ dim: n, data: scaled }, adjoint(vectors));
}

/** A unitary's eigen-decomposition: `u = V · diag(values) · V†` with `V` unitary. */
export interface UnitaryEigen {
  /** Columns are the eigenvectors. */
  readonly vectors: ComplexMatrix;
  /** The eigenvalues as interleaved (re, im) pairs, each of modulus 1. */
  readonly values: Float64Array;
}

/** Mixing weights tried for the Hermitian combination, in turn (irrational-looking on purpose). */
const MIXES = [0.7236067977499789, 1.8392867552141612, 0.3819660112501051];

/**
 * Diagonalise a unitary. Throws `RangeError` when the result does not reproduce `u` (a matrix
 * that is not unitary).
 */
export function diagonaliseUnitary(u: ComplexMatrix): UnitaryEigen {
  const n = u.dim;
  const ud = adjoint(u);
  let worst = Infinity;
  for (const c of MIXES) {
    // A = (U + U†)/2 + c · (U − U†)/(2i); (x)/(2i) = −i·x/2.
    const a = new Float64Array(2 * n * n);
    for (let i = 0; i < a.length; i += 2) {
      const sr = u.data[i]! + ud.data[i]!,
        si = u.data[i + 1]! + ud.data[i + 1]!;
      const dr = u.data[i]! - ud.data[i]!,
        di = u.data[i + 1]! - ud.data[i + 1]!;
      a[i] = sr / 2 + (c * di) / 2;
      a[i + 1] = si / 2 - (c * dr) / 2;
    }
    const vectors = hermitianEigenvectors({ dim: n, data: a });
    const d = multiply(adjoint(vectors), multiply(u, vectors));
    let off = 0;
    const values = new Float64Array(2 * n);
    for (let r = 0; r < n; r++) {
      for (let col = 0; col < n; col++) {
        const re = d.data[2 * (r * n + col)]!,
          im = d.data[2 * (r * n + col) + 1]!;
        if (r === col) {
          const norm = Math.hypot(re, im);
          values[2 * r] = re / norm;
          values[2 * r + 1] = im / norm;
          off = Math.max(off, Math.abs(norm - 1));
        } else {
          off = Math.max(off, Math.hypot(re, im));
        }
      }
    }
    if (off < 1e-9) return { vectors, values };
    worst = Math.min(worst, off);
  }
  throw new RangeError(`the matrix is not unitary (residual ${worst.toExponential(2)})`);
}

/**
 * The eigenvectors (as the columns of a unitary) of a Hermitian matrix, by cyclic complex
 * Jacobi rotations.
 */
export function hermitianEigenvectors(h: ComplexMatrix): ComplexMatrix {
  const n = h.dim;
  const a = new Float64Array(h.data);
  const v = identity(n).data;
  let scale = 0;
  for (let i = 0; i < a.length; i++) scale = Math.max(scale, Math.abs(a[i]!));
  const tolerance = Math.max(scale, 1e-300) * 1e-16;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        off = Math.max(off, Math.hypot(a[2 * (p * n + q)]!, a[2 * (p * n + q) + 1]!));
      }
    }
    if (off <= tolerance) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) rotate(a, v, n, p, q, tolerance);
    }
  }
  return { dim: n, data: v };
}

/** One Jacobi rotation zeroing entry (p, q) of the Hermitian `a`, accumulated into `v`. */
function rotate(
  a: Float64Array,
  v: Float64Array,
  n: number,
  p: number,
  q: number,
  tolerance: number,
): void {
  const br = a[2 * (p * n + q)]!,
    bi = a[2 * (p * n + q) + 1]!;
  const r = Math.hypot(br, bi);
  if (r <= tolerance) return;
  const app = a[2 * (p * n + p)]!,
    aqq = a[2 * (q * n + q)]!;
  const theta = 0.5 * Math.atan2(2 * r, app - aqq);
  const c = Math.cos(theta),
    s = Math.sin(theta);
  // W = diag(1, e^{−iα}) · [[c, −s], [s, c]] with b = r·e^{iα}.
  const er = br / r,
    ei = -bi / r;
  const w00r = c,
    w00i = 0,
    w01r = -s,
    w01i = 0,
    w10r = s * er,
    w10i = s * ei,
    w11r = c * er,
    w11i = c * ei;
  // A ← A·W and V ← V·W (columns p, q).
  for (const m of [a, v]) {
    for (let k = 0; k < n; k++) {
      const kp = 2 * (k * n + p),
        kq = 2 * (k * n + q);
      const xr = m[kp]!,
        xi = m[kp + 1]!,
        yr = m[kq]!,
        yi = m[kq + 1]!;
      m[kp] = xr * w00r - xi * w00i + yr * w10r - yi * w10i;
      m[kp + 1] = xr * w00i + xi * w00r + yr * w10i + yi * w10r;
      m[kq] = xr * w01r - xi * w01i + yr * w11r - yi * w11i;
      m[kq + 1] = xr * w01i + xi * w01r + yr * w11i + yi * w11r;
    }
  }
  // A ← W†·A (rows p, q).
  for (let k = 0; k < n; k++) {
    const pk = 2 * (p * n + k),
      qk = 2 * (q * n + k);
    const xr = a[pk]!,
      xi = a[pk + 1]!,
      yr = a[qk]!,
      yi = a[qk + 1]!;
    // conj(W00)·x + conj(W10)·y, conj(W01)·x + conj(W11)·y
    a[pk] = w00r * xr + w00i * xi + w10r * yr + w10i * yi;
    a[pk + 1] = w00r * xi - w00i * xr + w10r * yi - w10i * yr;
    a[qk] = w01r * xr + w01i * xi + w11r * yr + w11i * yi;
    a[qk + 1] = w01r * xi - w01i * xr + w11r * yi - w11i * yr;
  }
  a[2 * (p * n + q)] = 0;
  a[2 * (p * n + q) + 1] = 0;
  a[2 * (q * n + p)] = 0;
  a[2 * (q * n + p) + 1] = 0;
}
