/**
 * Tight loops that apply one gate to an interleaved amplitude array (`re, im, re, im, ...`;
 * qubit q is bit q of the basis index), over the index range `[lo, hi)` of the gate's "free"
 * index space: the basis indices with every gate qubit cleared, numbered in increasing
 * order (N/2 of them for one qubit, N/4 for two, N/8 for three). Splitting the range lets a
 * caller interleave long simulations with other work.
 *
 * Inside each loop the free index advances through contiguous runs of length 2^(lowest gate
 * qubit), so the inner loop is a plain strided walk over the array.
 *
 * @module
 */

/** Insert a zero bit at position `p` of `k`. */
export function insert(k: number, p: number): number {
  return ((k >> p) << (p + 1)) | (k & ((1 << p) - 1));
}

// ---- one qubit ---------------------------------------------------------------------------

/** General 2×2 complex matrix `m = [m00r, m00i, m01r, m01i, m10r, m10i, m11r, m11i]` on qubit `q`. */
export function matrix1(a: Float64Array, q: number, lo: number, hi: number, m: Float64Array): void {
  const ar = m[0]!,
    ai = m[1]!,
    br = m[2]!,
    bi = m[3]!,
    cr = m[4]!,
    ci = m[5]!,
    dr = m[6]!,
    di = m[7]!;
  const mask = (1 << q) - 1;
  const off = 2 << q;
  for (let k = lo; k < hi;) {
    const end = Math.min(hi, (k | mask) + 1);
    for (let i = insert(k, q) << 1, e = i + ((end - k) << 1); i < e; i += 2) {
      const j = i + off;
      const xr = a[i]!,
        xi = a[i + 1]!,
        yr = a[j]!,
        yi = a[j + 1]!;
      a[i] = ar * xr - ai * xi + br * yr - bi * yi;
      a[i + 1] = ar * xi + ai * xr + br * yi + bi * yr;
      a[j] = cr * xr - ci * xi + dr * yr - di * yi;
      a[j + 1] = cr * xi + ci * xr + dr * yi + di * yr;
    }
    k = end;
  }
}

/** Real 2×2 matrix `[[m00, m01], [m10, m11]]` on qubit `q` (ry, and h's general form). */
export function real1(
  a: Float64Array,
  q: number,
  lo: number,
  hi: number,
  m00: number,
  m01: number,
  m10: number,
  m11: number,
): void {
  const mask = (1 << q) - 1;
  const off = 2 << q;
  for (let k = lo; k < hi;) {
    const end = Math.min(hi, (k | mask) + 1);
    for (let i = insert(k, q) << 1, e = i + ((end - k) << 1); i < e; i += 2) {
      const j = i + off;
      const xr = a[i]!,
        xi = a[i + 1]!,
        yr = a[j]!,
        yi = a[j + 1]!;
      a[i] = m00 * xr + m01 * yr;
      a[i + 1] = m00 * xi + m01 * yi;
      a[j] = m10 * xr + m11 * yr;
      a[j + 1] = m10 * xi + m11 * yi;
    }
    k = end;
  }
}

/** Hadamard on qubit `q`. */
export function hadamard(a: Float64Array, q: number, lo: number, hi: number): void {
  const h = Math.SQRT1_2;
  const mask = (1 << q) - 1;
  const off = 2 << q;
  for (let k = lo; k < hi;) {
    const end = Math.min(hi, (k | mask) + 1);
    for (let i = insert(k, q) << 1, e = i + ((end - k) << 1); i < e; i += 2) {
      const j = i + off;
      const xr = a[i]!,
        xi = a[i + 1]!,
        yr = a[j]!,
        yi = a[j + 1]!;
      a[i] = (xr + yr) * h;
      a[i + 1] = (xi + yi) * h;
      a[j] = (xr - yr) * h;
      a[j + 1] = (xi - yi) * h;
    }
    k = end;
  }
}

/** Pauli X on qubit `q`: swaps the two halves of every pair. */
export function pauliX(a: Float64Array, q: number, lo: number, hi: number): void {
  const mask = (1 << q) - 1;
  const off = 2 << q;
  for (let k = lo; k < hi;) {
    const end = Math.min(hi, (k | mask) + 1);
    for (let i = insert(k, q) << 1, e = i + ((end - k) << 1); i < e; i += 2) {
      const j = i + off;
      const xr = a[i]!,
        xi = a[i + 1]!;
      a[i] = a[j]!;
      a[i + 1] = a[j + 1]!;
      a[j] = xr;
      a[j + 1] = xi;
    }
    k = end;
  }
}

/** Pauli Y on qubit `q`: |0⟩ → i|1⟩, |1⟩ → −i|0⟩. */
export function pauliY(a: Float64Array, q: number, lo: number, hi: number): void {
  const mask = (1 << q) - 1;
  const off = 2 << q;
  for (let k = lo; k < hi;) {
    const end = Math.min(hi, (k | mask) + 1);
    for (let i = insert(k, q) << 1, e = i + ((end - k) << 1); i < e; i += 2) {
      const j = i + off;
      const xr = a[i]!,
        xi = a[i + 1]!;
      a[i] = a[j + 1]!;
      a[i + 1] = -a[j]!;
      a[j] = -xi;
      a[j + 1] = xr;
    }
    k = end;
  }
}

/** Multiply the |1⟩ half of qubit `q` by `pr + i·pi` (z, s, sdg, t, tdg, p). */
export function phase1(
  a: Float64Array,
  q: number,
  lo: number,
  hi: number,
  pr: number,
  pi: number,
): void {
  const mask = (1 << q) - 1;
  const off = 2 << q;
  for (let k = lo; k < hi;) {
    const end = Math.min(hi, (k | mask) + 1);
    for (let j = (insert(k, q) << 1) + off, e = j + ((end - k) << 1); j < e; j += 2) {
      const yr = a[j]!,
        yi = a[j + 1]!;
      a[j] = pr * yr - pi * yi;
      a[j + 1] = pr * yi + pi * yr;
    }
    k = end;
  }
}

/** Diagonal `diag(d0, d1)` on qubit `q` (rz). */
export function diag1(
  a: Float64Array,
  q: number,
  lo: number,
  hi: number,
  d0r: number,
  d0i: number,
  d1r: number,
  d1i: number,
): void {
  const mask = (1 << q) - 1;
  const off = 2 << q;
  for (let k = lo; k < hi;) {
    const end = Math.min(hi, (k | mask) + 1);
    for (let i = insert(k, q) << 1, e = i + ((end - k) << 1); i < e; i += 2) {
      const j = i + off;
      const xr = a[i]!,
        xi = a[i + 1]!,
        yr = a[j]!,
        yi = a[j + 1]!;
      a[i] = d0r * xr - d0i * xi;
      a[i + 1] = d0r * xi + d0i * xr;
      a[j] = d1r * yr - d1i * yi;
      a[j + 1] = d1r * yi + d1i * yr;
    }
    k = end;
  }
}

// ---- two qubits --------------------------------------------------------------------------

/** Controlled-X: flips `t` where `c` is set. */
export function cx(a: Float64Array, c: number, t: number, lo: number, hi: number): void {
  const p0 = Math.min(c, t),
    p1 = Math.max(c, t);
  const mask = (1 << p0) - 1;
  const offC = 2 << c,
    offT = 2 << t;
  for (let k = lo; k < hi;) {
    const end = Math.min(hi, (k | mask) + 1);
    for (let i = (insert(insert(k, p0), p1) << 1) + offC, e = i + ((end - k) << 1); i < e; i += 2) {
      const j = i + offT;
      const xr = a[i]!,
        xi = a[i + 1]!;
      a[i] = a[j]!;
      a[i + 1] = a[j + 1]!;
      a[j] = xr;
      a[j + 1] = xi;
    }
    k = end;
  }
}

/** Controlled 2×2 complex matrix `m` (layout as in {@link matrix1}) on target `t` where `c` is set. */
export function controlled1(
  a: Float64Array,
  c: number,
  t: number,
  lo: number,
  hi: number,
  m: Float64Array,
): void {
  const ar = m[0]!,
    ai = m[1]!,
    br = m[2]!,
    bi = m[3]!,
    cr = m[4]!,
    ci = m[5]!,
    dr = m[6]!,
    di = m[7]!;
  const p0 = Math.min(c, t),
    p1 = Math.max(c, t);
  const mask = (1 << p0) - 1;
  const offC = 2 << c,
    offT = 2 << t;
  for (let k = lo; k < hi;) {
    const end = Math.min(hi, (k | mask) + 1);
    for (let i = (insert(insert(k, p0), p1) << 1) + offC, e = i + ((end - k) << 1); i < e; i += 2) {
      const j = i + offT;
      const xr = a[i]!,
        xi = a[i + 1]!,
        yr = a[j]!,
        yi = a[j + 1]!;
      a[i] = ar * xr - ai * xi + br * yr - bi * yi;
      a[i + 1] = ar * xi + ai * xr + br * yi + bi * yr;
      a[j] = cr * xr - ci * xi + dr * yr - di * yi;
      a[j + 1] = cr * xi + ci * xr + dr * yi + di * yr;
    }
    k = end;
  }
}

/** Multiply the amplitudes where both `q0` and `q1` are set by `pr + i·pi` (cz, cp). */
export function phase2(
  a: Float64Array,
  q0: number,
  q1: number,
  lo: number,
  hi: number,
  pr: number,
  pi: number,
): void {
  const p0 = Math.min(q0, q1),
    p1 = Math.max(q0, q1);
  const mask = (1 << p0) - 1;
  const off = (2 << q0) + (2 << q1);
  for (let k = lo; k < hi;) {
    const end = Math.min(hi, (k | mask) + 1);
    for (let j = (insert(insert(k, p0), p1) << 1) + off, e = j + ((end - k) << 1); j < e; j += 2) {
      const yr = a[j]!,
        yi = a[j + 1]!;
      a[j] = pr * yr - pi * yi;
      a[j + 1] = pr * yi + pi * yr;
    }
    k = end;
  }
}

/** Swap qubits `q0` and `q1`. */
export function swap(a: Float64Array, q0: number, q1: number, lo: number, hi: number): void {
  const p0 = Math.min(q0, q1),
    p1 = Math.max(q0, q1);
  const mask = (1 << p0) - 1;
  const off0 = 2 << q0,
    off1 = 2 << q1;
  for (let k = lo; k < hi;) {
    const end = Math.min(hi, (k | mask) + 1);
    for (let b = insert(insert(k, p0), p1) << 1, e = b + ((end - k) << 1); b < e; b += 2) {
      const i = b + off0,
        j = b + off1;
      const xr = a[i]!,
        xi = a[i + 1]!;
      a[i] = a[j]!;
      a[i + 1] = a[j + 1]!;
      a[j] = xr;
      a[j + 1] = xi;
    }
    k = end;
  }
}

/**
 * General 4×4 complex matrix on (`q0`, `q1`), row-major, interleaved re/im (32 numbers), in
 * the basis |q1 q0⟩ ordered 00, 01, 10, 11 (index = bit(q0) + 2·bit(q1)), as Qiskit prints it.
 */
export function matrix2(
  a: Float64Array,
  q0: number,
  q1: number,
  lo: number,
  hi: number,
  m: Float64Array,
): void {
  const p0 = Math.min(q0, q1),
    p1 = Math.max(q0, q1);
  const mask = (1 << p0) - 1;
  const o1 = 2 << q0,
    o2 = 2 << q1,
    o3 = o1 + o2;
  // The 16 entries in locals: mRC = row R, column C (re, im).
  const m00r = m[0]!,
    m00i = m[1]!,
    m01r = m[2]!,
    m01i = m[3]!,
    m02r = m[4]!,
    m02i = m[5]!,
    m03r = m[6]!,
    m03i = m[7]!;
  const m10r = m[8]!,
    m10i = m[9]!,
    m11r = m[10]!,
    m11i = m[11]!,
    m12r = m[12]!,
    m12i = m[13]!,
    m13r = m[14]!,
    m13i = m[15]!;
  const m20r = m[16]!,
    m20i = m[17]!,
    m21r = m[18]!,
    m21i = m[19]!,
    m22r = m[20]!,
    m22i = m[21]!,
    m23r = m[22]!,
    m23i = m[23]!;
  const m30r = m[24]!,
    m30i = m[25]!,
    m31r = m[26]!,
    m31i = m[27]!,
    m32r = m[28]!,
    m32i = m[29]!,
    m33r = m[30]!,
    m33i = m[31]!;
  for (let k = lo; k < hi;) {
    const end = Math.min(hi, (k | mask) + 1);
    for (let b = insert(insert(k, p0), p1) << 1, e = b + ((end - k) << 1); b < e; b += 2) {
      const i1 = b + o1,
        i2 = b + o2,
        i3 = b + o3;
      const x0r = a[b]!,
        x0i = a[b + 1]!,
        x1r = a[i1]!,
        x1i = a[i1 + 1]!,
        x2r = a[i2]!,
        x2i = a[i2 + 1]!,
        x3r = a[i3]!,
        x3i = a[i3 + 1]!;
      a[b] =
        m00r * x0r -
        m00i * x0i +
        m01r * x1r -
        m01i * x1i +
        m02r * x2r -
        m02i * x2i +
        m03r * x3r -
        m03i * x3i;
      a[b + 1] =
        m00r * x0i +
        m00i * x0r +
        m01r * x1i +
        m01i * x1r +
        m02r * x2i +
        m02i * x2r +
        m03r * x3i +
        m03i * x3r;
      a[i1] =
        m10r * x0r -
        m10i * x0i +
        m11r * x1r -
        m11i * x1i +
        m12r * x2r -
        m12i * x2i +
        m13r * x3r -
        m13i * x3i;
      a[i1 + 1] =
        m10r * x0i +
        m10i * x0r +
        m11r * x1i +
        m11i * x1r +
        m12r * x2i +
        m12i * x2r +
        m13r * x3i +
        m13i * x3r;
      a[i2] =
        m20r * x0r -
        m20i * x0i +
        m21r * x1r -
        m21i * x1i +
        m22r * x2r -
        m22i * x2i +
        m23r * x3r -
        m23i * x3i;
      a[i2 + 1] =
        m20r * x0i +
        m20i * x0r +
        m21r * x1i +
        m21i * x1r +
        m22r * x2i +
        m22i * x2r +
        m23r * x3i +
        m23i * x3r;
      a[i3] =
        m30r * x0r -
        m30i * x0i +
        m31r * x1r -
        m31i * x1i +
        m32r * x2r -
        m32i * x2i +
        m33r * x3r -
        m33i * x3i;
      a[i3 + 1] =
        m30r * x0i +
        m30i * x0r +
        m31r * x1i +
        m31i * x1r +
        m32r * x2i +
        m32i * x2r +
        m33r * x3i +
        m33i * x3r;
    }
    k = end;
  }
}

/** Diagonal 4×4 matrix on (`q0`, `q1`): `d` holds 4 interleaved complex entries, basis as in {@link matrix2}. */
export function diag2(
  a: Float64Array,
  q0: number,
  q1: number,
  lo: number,
  hi: number,
  d: Float64Array,
): void {
  const p0 = Math.min(q0, q1),
    p1 = Math.max(q0, q1);
  const mask = (1 << p0) - 1;
  const offs = [0, 2 << q0, 2 << q1, (2 << q0) + (2 << q1)];
  for (let k = lo; k < hi;) {
    const end = Math.min(hi, (k | mask) + 1);
    for (let b = insert(insert(k, p0), p1) << 1, e = b + ((end - k) << 1); b < e; b += 2) {
      for (let s = 0; s < 4; s++) {
        const i = b + offs[s]!;
        const dr = d[2 * s]!,
          di = d[2 * s + 1]!;
        const xr = a[i]!,
          xi = a[i + 1]!;
        a[i] = dr * xr - di * xi;
        a[i + 1] = dr * xi + di * xr;
      }
    }
    k = end;
  }
}

// ---- three qubits ------------------------------------------------------------------------

export function sorted3(x: number, y: number, z: number): [number, number, number] {
  const s = [x, y, z].sort((u, v) => u - v);
  return [s[0]!, s[1]!, s[2]!];
}

/** Toffoli: flips `t` where both `c0` and `c1` are set. */
export function ccx(
  a: Float64Array,
  c0: number,
  c1: number,
  t: number,
  lo: number,
  hi: number,
): void {
  const [p0, p1, p2] = sorted3(c0, c1, t);
  const mask = (1 << p0) - 1;
  const offC = (2 << c0) + (2 << c1),
    offT = 2 << t;
  for (let k = lo; k < hi;) {
    const end = Math.min(hi, (k | mask) + 1);
    for (
      let i = (insert(insert(insert(k, p0), p1), p2) << 1) + offC, e = i + ((end - k) << 1);
      i < e;
      i += 2
    ) {
      const j = i + offT;
      const xr = a[i]!,
        xi = a[i + 1]!;
      a[i] = a[j]!;
      a[i + 1] = a[j + 1]!;
      a[j] = xr;
      a[j + 1] = xi;
    }
    k = end;
  }
}

/** Fredkin: swaps `q0` and `q1` where `c` is set. */
export function cswap(
  a: Float64Array,
  c: number,
  q0: number,
  q1: number,
  lo: number,
  hi: number,
): void {
  const [p0, p1, p2] = sorted3(c, q0, q1);
  const mask = (1 << p0) - 1;
  const offC = 2 << c,
    off0 = 2 << q0,
    off1 = 2 << q1;
  for (let k = lo; k < hi;) {
    const end = Math.min(hi, (k | mask) + 1);
    for (
      let b = (insert(insert(insert(k, p0), p1), p2) << 1) + offC, e = b + ((end - k) << 1);
      b < e;
      b += 2
    ) {
      const i = b + off0,
        j = b + off1;
      const xr = a[i]!,
        xi = a[i + 1]!;
      a[i] = a[j]!;
      a[i + 1] = a[j + 1]!;
      a[j] = xr;
      a[j + 1] = xi;
    }
    k = end;
  }
}

// ---- measurement -------------------------------------------------------------------------

/** The probability mass of the |1⟩ half of qubit `q` within pair units `[lo, hi)`. */
export function probabilityOne(a: Float64Array, q: number, lo: number, hi: number): number {
  const mask = (1 << q) - 1;
  const off = 2 << q;
  let p = 0;
  for (let k = lo; k < hi;) {
    const end = Math.min(hi, (k | mask) + 1);
    for (let j = (insert(k, q) << 1) + off, e = j + ((end - k) << 1); j < e; j += 2) {
      p += a[j]! * a[j]! + a[j + 1]! * a[j + 1]!;
    }
    k = end;
  }
  return p;
}

/**
 * Project qubit `q` onto `outcome` within pair units `[lo, hi)`: clear the other half and
 * multiply the kept half by `scale` (1 / √probability renormalises).
 */
export function project(
  a: Float64Array,
  q: number,
  lo: number,
  hi: number,
  outcome: 0 | 1,
  scale: number,
): void {
  const mask = (1 << q) - 1;
  const off = 2 << q;
  const keep = outcome === 1 ? off : 0;
  const clear = outcome === 1 ? 0 : off;
  for (let k = lo; k < hi;) {
    const end = Math.min(hi, (k | mask) + 1);
    for (let i = insert(k, q) << 1, e = i + ((end - k) << 1); i < e; i += 2) {
      a[i + clear] = 0;
      a[i + clear + 1] = 0;
      a[i + keep] = a[i + keep]! * scale;
      a[i + keep + 1] = a[i + keep + 1]! * scale;
    }
    k = end;
  }
}

/**
 * Project qubit `q` onto `outcome` and remove it, within pair units `[lo, hi)`: unit k (the
 * index without bit q) of `out` receives the kept amplitude of `a` times `scale`. `out` may be
 * `a` itself when run over increasing ranges, since unit k reads from an index at or above k.
 */
export function projectOut(
  a: Float64Array,
  q: number,
  lo: number,
  hi: number,
  outcome: 0 | 1,
  scale: number,
  out: Float64Array = a,
): void {
  const mask = (1 << q) - 1;
  const keep = outcome === 1 ? 2 << q : 0;
  for (let k = lo; k < hi;) {
    const end = Math.min(hi, (k | mask) + 1);
    for (
      let i = (insert(k, q) << 1) + keep, j = k << 1, e = j + ((end - k) << 1);
      j < e;
      i += 2, j += 2
    ) {
      out[j] = a[i]! * scale;
      out[j + 1] = a[i + 1]! * scale;
    }
    k = end;
  }
}

/**
 * The tensor product `a ⊗ b` (b on the higher bits, a of `2^kA` amplitudes) for units
 * `[lo, hi)` of the result, unit u being index u: `out[u] = a[u mod 2^kA] · b[u >> kA]`. `out`
 * may be `a` itself (with room for the result) when run over decreasing ranges, since unit u
 * reads index u mod 2^kA ≤ u.
 */
export function tensorRange(
  a: Float64Array,
  kA: number,
  b: Float64Array,
  lo: number,
  hi: number,
  out: Float64Array,
): void {
  const mask = (1 << kA) - 1;
  for (let u = hi - 1; u >= lo;) {
    const j = u >>> kA;
    const br = b[2 * j]!,
      bi = b[2 * j + 1]!;
    const start = Math.max(lo, j << kA);
    for (let i = (u & mask) << 1, o = u << 1; o >= start << 1; i -= 2, o -= 2) {
      const ar = a[i]!,
        ai = a[i + 1]!;
      out[o] = ar * br - ai * bi;
      out[o + 1] = ar * bi + ai * br;
    }
    u = start - 1;
  }
}
