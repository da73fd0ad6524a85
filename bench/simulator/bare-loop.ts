/**
 * The baseline of the simulator benchmark: a bare per-gate loop over the same interleaved
 * Float64Array layout, with plain nested loops for H and CX, and the same sampling method
 * (cumulative table and bisection), for H on every qubit then a CX chain.
 */

/** H on every qubit, CX chain, `shots` samples; one pass over the state per gate. */
export function bareLoop(n: number, shots: number): Int32Array {
  const dim = 2 ** n;
  const a = new Float64Array(2 * dim);
  a[0] = 1;
  const h = Math.SQRT1_2;
  for (let q = 0; q < n; q++) {
    const s = 1 << q;
    for (let b = 0; b < dim; b += 2 * s) {
      for (let i = b; i < b + s; i++) {
        const x = 2 * i,
          y = 2 * (i + s);
        const xr = a[x]!,
          xi = a[x + 1]!,
          yr = a[y]!,
          yi = a[y + 1]!;
        a[x] = (xr + yr) * h;
        a[x + 1] = (xi + yi) * h;
        a[y] = (xr - yr) * h;
        a[y + 1] = (xi - yi) * h;
      }
    }
  }
  for (let c = 0; c + 1 < n; c++) {
    const t = c + 1;
    const cs = 1 << c,
      ts = 1 << t;
    // c < t: blocks of the target bit, then runs below the control bit.
    for (let b = 0; b < dim; b += 2 * ts) {
      for (let m = b; m < b + ts; m += 2 * cs) {
        for (let i = m + cs; i < m + 2 * cs; i++) {
          const x = 2 * i,
            y = 2 * (i + ts);
          const xr = a[x]!,
            xi = a[x + 1]!;
          a[x] = a[y]!;
          a[x + 1] = a[y + 1]!;
          a[y] = xr;
          a[y + 1] = xi;
        }
      }
    }
  }
  let total = 0;
  for (let k = 0; k < dim; k++) {
    total += a[2 * k]! * a[2 * k]! + a[2 * k + 1]! * a[2 * k + 1]!;
    a[k] = total;
  }
  const out = new Int32Array(shots);
  for (let s = 0; s < shots; s++) {
    const target = Math.random() * total;
    let lo = 0,
      hi = dim - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (a[mid]! > target) hi = mid;
      else lo = mid + 1;
    }
    out[s] = lo;
  }
  return out;
}
