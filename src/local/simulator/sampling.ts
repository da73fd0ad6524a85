/**
 * Drawing basis states from a statevector's distribution: a cumulative probability table built
 * once (in place, over the amplitude array) together with a guide table that brackets each
 * draw, so a shot is a short bisection inside one bracket.
 *
 * The loops live in functions that take only typed arrays and numbers, so their optimised
 * code does not depend on any object that a garbage collection could retire.
 *
 * @module
 */

/**
 * A cumulative table, built by {@link cumulateRange} over consecutive ranges. `guide[j]` is the
 * first index whose running total exceeds j / (guide.length − 1), assuming the state is
 * normalised (draws verify the bracket and fall back to a full bisection if rounding broke
 * that assumption).
 */
export interface CumulativeTable {
  /** The interleaved amplitude array being overwritten. */
  readonly amplitudes: Float64Array;
  /** Running totals of probability: a view of positions `[0, dimension)` of `amplitudes`. */
  readonly cumulative: Float64Array;
  readonly dimension: number;
  readonly guide: Int32Array;
  /** `[grand total so far, next guide entry to fill]`. */
  readonly progress: Float64Array;
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
    progress: new Float64Array(2),
  };
}

/**
 * Turn entries `[lo, hi)` of the amplitude array into running totals written to positions
 * `[lo, hi)` (position k is written after amplitudes 2k and 2k + 1 have been read, so the
 * sweep is safe in place), filling the guide as thresholds are crossed. Call it over
 * consecutive ranges from 0 to `dimension`.
 */
export function cumulateRange(table: CumulativeTable, lo: number, hi: number): void {
  cumulate(table.amplitudes, table.guide, table.progress, lo, hi, table.dimension);
}

function cumulate(
  amps: Float64Array,
  guide: Int32Array,
  progress: Float64Array,
  lo: number,
  hi: number,
  dimension: number,
): void {
  const m = guide.length - 1;
  let total = progress[0]!;
  let j = progress[1]!;
  let threshold = j / m;
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
  if (hi === dimension) {
    for (; j <= m; j++) guide[j] = dimension - 1;
  }
  progress[0] = total;
  progress[1] = j;
}

/** Draw one basis index per uniform number in `uniforms` (each in [0, 1)) into `out`. */
export function drawShots(table: CumulativeTable, uniforms: Float64Array, out: Int32Array): void {
  draw(table.cumulative, table.guide, table.progress[0]!, table.dimension, uniforms, out);
}

/** The basis index drawn by the uniform number `r` ∈ [0, 1). */
export function drawFromTable(table: CumulativeTable, r: number): number {
  const out = new Int32Array(1);
  drawShots(table, Float64Array.of(r), out);
  return out[0]!;
}

/** For each r: the first index whose running total exceeds r times the grand total. */
function draw(
  cum: Float64Array,
  guide: Int32Array,
  total: number,
  dimension: number,
  uniforms: Float64Array,
  out: Int32Array,
): void {
  const m = guide.length - 1;
  for (let s = 0; s < uniforms.length; s++) {
    const target = uniforms[s]! * total;
    const j = Math.min(m - 1, Math.floor(target * m));
    let lo = guide[j]!,
      hi = guide[j + 1]!;
    if ((lo > 0 && cum[lo - 1]! > target) || !(cum[hi]! > target)) {
      lo = 0;
      hi = dimension - 1;
    }
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cum[mid]! > target) hi = mid;
      else lo = mid + 1;
    }
    out[s] = lo;
  }
}
