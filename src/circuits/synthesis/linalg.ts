/**
 * The few dense linear-algebra steps gate synthesis needs beyond `gates/matrix.ts`: 2×2 and
 * 4×4 complex matrices built, transposed, tensored and split, determinants, and the
 * eigenvectors of a small real symmetric matrix (cyclic Jacobi).
 *
 * @module
 */
import { type Complex, type ComplexMatrix } from '../gates/matrix.js';

/** Entry (r, c) of `m`. */
export function entry(m: ComplexMatrix, r: number, c: number): Complex {
  const i = 2 * (r * m.dim + c);
  return [m.data[i]!, m.data[i + 1]!];
}

/** A matrix from a function of (row, column). */
export function build(dim: number, f: (r: number, c: number) => Complex): ComplexMatrix {
  const data = new Float64Array(2 * dim * dim);
  for (let r = 0; r < dim; r++) {
    for (let c = 0; c < dim; c++) {
      const [re, im] = f(r, c);
      data[2 * (r * dim + c)] = re;
      data[2 * (r * dim + c) + 1] = im;
    }
  }
  return { dim, data };
}

/** The transpose (no conjugation). */
export function transpose(m: ComplexMatrix): ComplexMatrix {
  return build(m.dim, (r, c) => entry(m, c, r));
}

/** Complex product of two numbers. */
export function cmul([a, b]: Complex, [c, d]: Complex): Complex {
  return [a * c - b * d, a * d + b * c];
}

/** Complex quotient. */
export function cdiv([a, b]: Complex, [c, d]: Complex): Complex {
  const n = c * c + d * d;
  return [(a * c + b * d) / n, (b * c - a * d) / n];
}

/** The determinant of a small complex matrix (Gaussian elimination with pivoting). */
export function determinant(m: ComplexMatrix): Complex {
  const n = m.dim;
  const a = Float64Array.from(m.data);
  let det: Complex = [1, 0];
  for (let col = 0; col < n; col++) {
    let pivot = col;
    let best = -1;
    for (let r = col; r < n; r++) {
      const v = Math.hypot(a[2 * (r * n + col)]!, a[2 * (r * n + col) + 1]!);
      if (v > best) {
        best = v;
        pivot = r;
      }
    }
    if (best === 0) return [0, 0];
    if (pivot !== col) {
      for (let c = 0; c < n; c++) {
        for (let k = 0; k < 2; k++) {
          const t = a[2 * (col * n + c) + k]!;
          a[2 * (col * n + c) + k] = a[2 * (pivot * n + c) + k]!;
          a[2 * (pivot * n + c) + k] = t;
        }
      }
      det = [-det[0], -det[1]];
    }
    const p: Complex = [a[2 * (col * n + col)]!, a[2 * (col * n + col) + 1]!];
    det = cmul(det, p);
    for (let r = col + 1; r < n; r++) {
      const f = cdiv([a[2 * (r * n + col)]!, a[2 * (r * n + col) + 1]!], p);
      for (let c = col; c < n; c++) {
        const [x, y] = cmul(f, [a[2 * (col * n + c)]!, a[2 * (col * n + c) + 1]!]);
        a[2 * (r * n + c)] -= x;
        a[2 * (r * n + c) + 1] -= y;
      }
    }
  }
  return det;
}

/**
 * `high ⊗ low` for two 2×2 matrices: a 4×4 matrix on two qubits with `low` acting on qubit 0
 * (the least significant bit of the index) and `high` on qubit 1.
 */
export function kron2(high: ComplexMatrix, low: ComplexMatrix): ComplexMatrix {
  return build(4, (r, c) => cmul(entry(high, r >> 1, c >> 1), entry(low, r & 1, c & 1)));
}

/**
 * Split a 4×4 matrix that is a tensor product `high ⊗ low` of two single-qubit unitaries into
 * its factors, with `low` scaled to determinant 1 (the split is unique up to that scale).
 */
export function splitKron(m: ComplexMatrix): { high: ComplexMatrix; low: ComplexMatrix } {
  // The 2×2 block of largest weight is a multiple of `low`.
  let bestBlock = 0;
  let bestNorm = -1;
  for (let b = 0; b < 4; b++) {
    const r1 = b >> 1,
      c1 = b & 1;
    let norm = 0;
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 2; j++) {
        const [re, im] = entry(m, 2 * r1 + i, 2 * c1 + j);
        norm += re * re + im * im;
      }
    }
    if (norm > bestNorm) {
      bestNorm = norm;
      bestBlock = b;
    }
  }
  const r1 = bestBlock >> 1,
    c1 = bestBlock & 1;
  let low = build(2, (i, j) => entry(m, 2 * r1 + i, 2 * c1 + j));
  const [dr, di] = determinant(low);
  const mag = Math.sqrt(Math.hypot(dr, di));
  const arg = Math.atan2(di, dr) / 2;
  const inv: Complex = [Math.cos(-arg) / mag, Math.sin(-arg) / mag];
  low = build(2, (i, j) => cmul(entry(low, i, j), inv));
  // high[r][c] = tr(low† · block(r, c)) / 2.
  const high = build(2, (r, c) => {
    let re = 0,
      im = 0;
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 2; j++) {
        const [lr, li] = entry(low, i, j);
        const [br, bi] = entry(m, 2 * r + i, 2 * c + j);
        re += lr * br + li * bi;
        im += lr * bi - li * br;
      }
    }
    return [re / 2, im / 2];
  });
  return { high, low };
}

/**
 * The eigenvectors of a real symmetric `n × n` matrix (row-major), by cyclic Jacobi rotations:
 * returns the orthogonal matrix whose columns are the eigenvectors (row-major) and the
 * eigenvalues in the same order.
 */
export function symmetricEigen(
  input: Float64Array,
  n: number,
): { vectors: Float64Array; values: Float64Array } {
  const a = Float64Array.from(input);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p * n + q]! ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const app = a[p * n + p]!,
          aqq = a[q * n + q]!;
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1),
          s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p]!,
            akq = a[k * n + q]!;
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k]!,
            aqk = a[q * n + k]!;
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p]!,
            vkq = v[k * n + q]!;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = a[i * n + i]!;
  return { vectors: v, values };
}
