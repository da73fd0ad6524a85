/**
 * Drawing basis states from a statevector's distribution: a cumulative probability table built
 * once (in place, over the amplitude array) and searched by bisection for each shot, or a
 * single draw by a linear scan that leaves the state intact.
 *
 * @module
 */

/**
 * Turn entries `[lo, hi)` of an interleaved amplitude array into running totals of
 * probability, written to positions `[lo, hi)` of the same array (position k is written after
 * amplitudes 2k and 2k+1 have been read, so the sweep is safe in place). Call it over
 * consecutive ranges starting at 0, passing the total returned by the previous call; once the
 * whole range is done, positions `[0, dimension)` hold the cumulative table and the state is
 * destroyed.
 */
export function cumulateRange(
  a: Float64Array,
  lo: number,
  hi: number,
  runningTotal: number,
): number {
  let total = runningTotal;
  for (let k = lo; k < hi; k++) {
    const re = a[2 * k]!,
      im = a[2 * k + 1]!;
    total += re * re + im * im;
    a[k] = total;
  }
  return total;
}

/**
 * The basis index drawn by the uniform number `r` ∈ [0, 1) from a cumulative table of length
 * `dimension`: the first index whose running total exceeds `r` times the grand total.
 */
export function searchCumulative(cumulative: Float64Array, dimension: number, r: number): number {
  const target = r * cumulative[dimension - 1]!;
  let lo = 0,
    hi = dimension - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumulative[mid]! > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Draw one basis index from an interleaved amplitude array without modifying it. */
export function drawOnce(a: Float64Array, dimension: number, r: number): number {
  let total = 0;
  for (let k = 0; k < dimension; k++)
    total += a[2 * k]! * a[2 * k]! + a[2 * k + 1]! * a[2 * k + 1]!;
  const target = r * total;
  let running = 0;
  let last = 0;
  for (let k = 0; k < dimension; k++) {
    const p = a[2 * k]! * a[2 * k]! + a[2 * k + 1]! * a[2 * k + 1]!;
    if (p === 0) continue;
    running += p;
    last = k;
    if (running > target) return k;
  }
  return last;
}
