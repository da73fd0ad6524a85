/**
 * Drawing basis states from a statevector's distribution: a cumulative probability table built
 * once (in place, over the amplitude array) together with a guide table that brackets each
 * draw, so a shot is a short bisection inside one bracket; or a single draw by a linear scan
 * that leaves the state intact.
 *
 * @module
 */

/**
 * A cumulative table under construction. `guide[j]` is the first index whose running total
 * exceeds j / (guide.length − 1), assuming the state is normalised (draws verify the bracket
 * and fall back to a full bisection if rounding broke that assumption).
 */
export interface CumulativeTable {
  /** The interleaved amplitude array being overwritten. */
  readonly amplitudes: Float64Array;
  /** Running totals of probability: a view of positions `[0, dimension)` of `amplitudes`. */
  readonly cumulative: Float64Array;
  readonly dimension: number;
  readonly guide: Int32Array;
  /** Grand total (1 up to rounding) once {@link cumulateRange} has covered the whole range. */
  total: number;
  /** Next guide entry to fill. */
  nextGuide: number;
}

/** Size of the guide table for `shots` draws over `dimension` states. */
export function guideSize(dimension: number, shots: number): number {
  let m = 16;
  while (m < 2 * shots && m < dimension) m *= 2;
  return m;
}

/** Start a table over the interleaved amplitude array `a` (whose state it will destroy). */
export function startCumulative(
  a: Float64Array,
  dimension: number,
  shots: number,
): CumulativeTable {
  return {
    amplitudes: a,
    cumulative: a.subarray(0, dimension),
    dimension,
    guide: new Int32Array(guideSize(dimension, shots) + 1),
    total: 0,
    nextGuide: 0,
  };
}

/**
 * Turn entries `[lo, hi)` of the amplitude array into running totals written to positions
 * `[lo, hi)` (position k is written after amplitudes 2k and 2k + 1 have been read, so the
 * sweep is safe in place), filling the guide as thresholds are crossed. Call it over
 * consecutive ranges from 0 to `dimension`.
 */
export function cumulateRange(table: CumulativeTable, lo: number, hi: number): void {
  const amps = table.amplitudes;
  const guide = table.guide;
  const m = guide.length - 1;
  let j = table.nextGuide;
  let threshold = j / m;
  let total = table.total;
  for (let k = lo; k < hi; k++) {
    const re = amps[2 * k]!,
      im = amps[2 * k + 1]!;
    total += re * re + im * im;
    amps[k] = total;
    while (total > threshold && j < m) {
      guide[j++] = k;
      threshold = j / m;
    }
  }
  table.total = total;
  table.nextGuide = j;
  if (hi === table.dimension) {
    for (; j <= m; j++) guide[j] = table.dimension - 1;
    table.nextGuide = j;
  }
}

/**
 * The basis index drawn by the uniform number `r` ∈ [0, 1): the first index whose running
 * total exceeds `r` times the grand total.
 */
export function drawFromTable(table: CumulativeTable, r: number): number {
  const cum = table.cumulative;
  const target = r * table.total;
  const guide = table.guide;
  const m = guide.length - 1;
  const j = Math.min(m - 1, Math.floor(target * m));
  let lo = guide[j]!,
    hi = guide[j + 1]!;
  if ((lo > 0 && cum[lo - 1]! > target) || !(cum[hi]! > target)) {
    lo = 0;
    hi = table.dimension - 1;
  }
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cum[mid]! > target) hi = mid;
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
