/**
 * Shared benchmark harness. A benchmark measures its own baseline in the same run, reports
 * its figures, and the harness prints the closing line
 * `NAME: <figure> = <value> (target <op> <value>) pass|fail` and writes
 * `bench/results/NAME.json` with `{ name, figures, target, pass }`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface BenchTarget {
  /** The figure the target is about (a key of `figures`). */
  readonly figure: string;
  readonly op: '<=' | '>=' | '<' | '>';
  readonly value: number;
}

export interface BenchOutcome {
  readonly figures: Record<string, number | string>;
  /** One or more targets; the run passes when all pass. The first is printed last. */
  readonly targets: readonly BenchTarget[];
}

function check(t: BenchTarget, v: number): boolean {
  switch (t.op) {
    case '<=':
      return v <= t.value;
    case '>=':
      return v >= t.value;
    case '<':
      return v < t.value;
    case '>':
      return v > t.value;
  }
}

function fmt(v: number | string): string {
  return typeof v === 'number' ? String(Number(v.toPrecision(4))) : v;
}

/** Record and print a benchmark's outcome; returns whether every target passed. */
export function report(name: string, outcome: BenchOutcome): boolean {
  const verdicts = outcome.targets.map((t) => {
    const v = outcome.figures[t.figure];
    const pass = typeof v === 'number' && check(t, v);
    return { ...t, actual: v, pass };
  });
  const pass = verdicts.every((v) => v.pass);
  const dir = join(dirname(fileURLToPath(import.meta.url)), 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, `${name}.json`),
    JSON.stringify({ name, figures: outcome.figures, target: verdicts, pass }, null, 2) + '\n',
  );
  for (const [k, v] of Object.entries(outcome.figures)) console.log(`  ${k}: ${fmt(v)}`);
  // Secondary targets first, the headline target on the very last line.
  for (const v of verdicts.slice(1).concat(verdicts.slice(0, 1))) {
    console.log(
      `${name}: ${v.figure} = ${fmt(v.actual ?? NaN)} (target ${v.op} ${v.value}) ${v.pass ? 'pass' : 'fail'}`,
    );
  }
  return pass;
}

/** Median of a list of numbers. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** The p-th percentile (0..100) of a list of numbers, nearest rank. */
export function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return s[i]!;
}

/** Time `fn` (ms, high resolution), best of `runs` after one warm-up. */
export function bestOf(runs: number, fn: () => void): number {
  fn();
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}
