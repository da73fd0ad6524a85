/**
 * How often each kind of poll can run when all of them share one request rate.
 *
 * Each load class is a group of polls with a weight (requests per poll: 1 for a job's own
 * request, the number of pages for a pending-list round) and a desired interval. When the sum of
 * `weight / desired` fits the capacity every class gets its desired interval. Otherwise the
 * fastest classes are slowed first, down to a common floor `F` (max-min fairness, "water
 * filling"): every class polls every `max(desired, F)`, with `F` the smallest value for which
 *
 * ```
 *   sum over classes of weight * 1000 / max(desiredMs, F)  <=  capacityPerSecond
 * ```
 *
 * So a job's poll interval only grows when the budget truly cannot serve it, and it grows in
 * proportion to the number of watched jobs: 1,000 queued jobs at 10 requests/s give F = 100 s.
 *
 * @module
 */

/** A group of polls that share a desired interval. */
export interface LoadClass {
  /** Requests per poll times the number of polls in the class (0 = ignore the class). */
  readonly weight: number;
  /** Interval the class would like, in milliseconds (> 0). */
  readonly desiredMs: number;
}

/**
 * The fair floor `F` in milliseconds (see the module doc): 0 when every class fits at its
 * desired interval, `Infinity` when the capacity is 0 and there is load.
 */
export function fairFloorMs(classes: readonly LoadClass[], capacityPerSecond: number): number {
  const live = classes
    .filter((c) => c.weight > 0)
    .map((c) => ({ weight: c.weight, desiredMs: Math.max(c.desiredMs, 1e-9) }))
    .sort((a, b) => a.desiredMs - b.desiredMs);
  if (live.length === 0) return 0;
  if (!(capacityPerSecond > 0)) return Infinity;
  let slowRate = 0; // requests per second of classes at or above the floor (not slowed)
  for (const c of live) slowRate += (c.weight * 1000) / c.desiredMs;
  if (slowRate <= capacityPerSecond) return 0;
  // Slow the k fastest classes to F; the others keep their desired interval.
  let slowedWeight = 0;
  for (let k = 0; k < live.length; k++) {
    const c = live[k]!;
    slowedWeight += c.weight;
    slowRate -= (c.weight * 1000) / c.desiredMs;
    const spare = capacityPerSecond - slowRate;
    if (spare <= 0) continue;
    const floor = (slowedWeight * 1000) / spare;
    const next = live[k + 1];
    if (floor >= c.desiredMs && (next === undefined || floor <= next.desiredMs)) return floor;
  }
  // Unreachable for positive capacity (the last class always yields a floor); stay safe.
  let weight = 0;
  for (const c of live) weight += c.weight;
  return (weight * 1000) / capacityPerSecond;
}
