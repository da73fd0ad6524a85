/**
 * Two-sample chi-square test of homogeneity for categorical samples (shot counts from two
 * simulators), with the chi-square distribution's upper tail for the p-value.
 */

/** ln Γ(x) for x > 0 (Lanczos approximation, g = 7, n = 9). */
function lnGamma(x: number): number {
  const c = [
    0.9999999999998099, 676.5203681218851, -1259.1392167224028, 771.3234287776531,
    -176.61503916999186, 12.507343278686905, -0.13857109526572012, 9.984369578019572e-6,
    1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  x -= 1;
  let a = c[0]!;
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** The regularised upper incomplete gamma function Q(a, x). */
function upperGamma(a: number, x: number): number {
  if (x <= 0) return 1;
  const front = Math.exp(-x + a * Math.log(x) - lnGamma(a));
  if (x < a + 1) {
    // Series for the lower function P, then Q = 1 − P.
    let sum = 1 / a;
    let term = sum;
    for (let n = 1; n < 1000; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-15) break;
    }
    return Math.max(0, 1 - sum * front);
  }
  // Continued fraction (modified Lentz).
  let b = x + 1 - a;
  let c = 1 / 1e-300;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < 1e-300) d = 1e-300;
    c = b + an / c;
    if (Math.abs(c) < 1e-300) c = 1e-300;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return front * h;
}

/** P(X ≥ statistic) for a chi-square variable with `dof` degrees of freedom. */
export function chiSquareTail(statistic: number, dof: number): number {
  if (dof <= 0) return 1;
  return upperGamma(dof / 2, statistic / 2);
}

/** The outcome of a two-sample test. */
export interface Homogeneity {
  readonly statistic: number;
  readonly dof: number;
  /** Probability of a statistic at least this large if both samples share a distribution. */
  readonly pValue: number;
}

/**
 * Test whether two samples (counts by category) come from the same distribution. Categories
 * with fewer than `minCount` observations in both samples together are pooled into one.
 */
export function homogeneity(
  a: ReadonlyMap<string, number>,
  b: ReadonlyMap<string, number>,
  minCount = 10,
): Homogeneity {
  let na = 0,
    nb = 0;
  for (const v of a.values()) na += v;
  for (const v of b.values()) nb += v;
  const keys = new Set([...a.keys(), ...b.keys()]);
  const bins: [number, number][] = [];
  let restA = 0,
    restB = 0;
  for (const k of keys) {
    const x = a.get(k) ?? 0,
      y = b.get(k) ?? 0;
    if (x + y < minCount) {
      restA += x;
      restB += y;
    } else {
      bins.push([x, y]);
    }
  }
  if (restA + restB > 0) bins.push([restA, restB]);
  const ka = Math.sqrt(nb / na),
    kb = Math.sqrt(na / nb);
  let statistic = 0;
  for (const [x, y] of bins) statistic += (ka * x - kb * y) ** 2 / (x + y);
  const dof = bins.length - 1;
  return { statistic, dof, pValue: chiSquareTail(statistic, dof) };
}
