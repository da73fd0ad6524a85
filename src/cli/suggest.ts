/**
 * "Did you mean …?": the known name nearest to a mistyped one, by edit distance (insertions,
 * deletions, substitutions and swaps of neighbouring letters) or as a prefix.
 *
 * @module
 */

/** Edit distance between `a` and `b`, counting a swap of two neighbouring letters as one edit. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      }
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The name among `known` closest to `typed` (case-insensitive): one that `typed` is a prefix
 * of (at least two letters), else one within two edits (one for names of three letters or
 * fewer). Ties go to the first in `known`. Undefined when nothing is close.
 */
export function nearest(typed: string, known: readonly string[]): string | undefined {
  const t = typed.toLowerCase();
  if (t === '') return undefined;
  if (t.length >= 2) {
    const prefixed = known.find((k) => k.toLowerCase().startsWith(t));
    if (prefixed !== undefined) return prefixed;
  }
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const distance = editDistance(t, name.toLowerCase());
    const allowed = Math.min(name.length, t.length) <= 3 ? 1 : 2;
    if (distance <= allowed && (best === undefined || distance < best.distance)) {
      best = { name, distance };
    }
  }
  return best?.name;
}
