/**
 * What the result charts draw, as plain data: for each Sampler PUB and register the outcomes
 * sorted by count, the most frequent ones as bars and the rest gathered in one "others" bar;
 * for each Estimator PUB the expectation values with their standard errors, labelled with the
 * observables as the job's inputs wrote them.
 *
 * @module
 */
import { BitArray, NdArray } from '../../../src/index.js';
import type { PrimitiveResult } from '../../../src/index.js';
import { shortNumber } from './format.js';

/** Outcomes drawn as bars of their own; the rest share the "others" bar. */
export const TOP_OUTCOMES = 16;

/** One bar of a counts chart. */
export interface CountBar {
  /** The bitstring, or `others` for the bar of the rarer outcomes. */
  readonly label: string;
  readonly value: number;
  /** Outcomes in the bar: 1, or how many the "others" bar gathers. */
  readonly outcomes: number;
  readonly others: boolean;
}

/** One bar of an expectation-value chart. */
export interface ValueBar {
  /** The observable, written out in full. */
  readonly label: string;
  readonly value: number;
  /** Standard error. */
  readonly std?: number;
}

/** The chart of one PUB's result. */
export type Chart =
  | {
      readonly kind: 'counts';
      readonly pub: number;
      readonly register: string;
      readonly shots: number;
      /** Distinct outcomes measured. */
      readonly distinct: number;
      /** Most frequent first; the "others" bar, when there is one, last. */
      readonly bars: readonly CountBar[];
    }
  | { readonly kind: 'expectation'; readonly pub: number; readonly bars: readonly ValueBar[] };

/** Counts of one register as a chart: sorted by count (ties by bitstring), the top `top` kept. */
export function countsChart(
  pub: number,
  register: string,
  counts: Readonly<Record<string, number>>,
  top = TOP_OUTCOMES,
): Extract<Chart, { kind: 'counts' }> {
  const sorted = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0));
  const shots = sorted.reduce((sum, [, n]) => sum + n, 0);
  // An "others" bar standing for a single outcome would hide nothing: show that outcome.
  const shown = sorted.length <= top + 1 ? sorted : sorted.slice(0, top);
  const rest = sorted.slice(shown.length);
  const bars: CountBar[] = shown.map(([label, value]) => ({
    label,
    value,
    outcomes: 1,
    others: false,
  }));
  if (rest.length > 0) {
    bars.push({
      label: 'others',
      value: rest.reduce((sum, [, n]) => sum + n, 0),
      outcomes: rest.length,
      others: true,
    });
  }
  return { kind: 'counts', pub, register, shots, distinct: sorted.length, bars };
}

function numbersOf(value: unknown): number[] {
  if (value instanceof NdArray) return value.toArray().map(Number);
  return typeof value === 'number' ? [value] : [];
}

/** `0.5*XX + 0.5*YY`, `-ZI`, `XX`: one observable as people write it. */
export function observableText(observable: unknown): string {
  if (typeof observable === 'string') return observable;
  if (observable === null || typeof observable !== 'object' || Array.isArray(observable)) {
    return JSON.stringify(observable) ?? String(observable);
  }
  const terms = Object.entries(observable as Record<string, unknown>).map(([pauli, c], i) => {
    const n = typeof c === 'number' ? c : Number.NaN;
    const sign = n < 0 ? '-' : i === 0 ? '' : '+';
    const size = Math.abs(n);
    const body = size === 1 ? pauli : `${Number.isNaN(n) ? String(c) : shortNumber(size)}*${pauli}`;
    return i === 0 ? `${sign}${body}` : `${sign} ${body}`;
  });
  return terms.join(' ');
}

/**
 * The observables of every Estimator PUB in a job's inputs (`params.pubs[i][1]`, a single
 * observable or a list of them, nested lists flattened in order), as text.
 */
export function observableLabels(inputs: unknown): string[][] {
  const pubs = (inputs as { pubs?: unknown } | undefined)?.pubs;
  if (!Array.isArray(pubs)) return [];
  const flat = (x: unknown): unknown[] => (Array.isArray(x) ? x.flatMap(flat) : [x]);
  return pubs.map((pub) =>
    Array.isArray(pub) && pub.length > 1 ? flat(pub[1]).map(observableText) : [],
  );
}

/**
 * The charts of a result: one counts chart per Sampler PUB and register, one expectation
 * chart per Estimator PUB (bars labelled from `labels[pub]`, else `#i`).
 */
export function chartsOf(result: PrimitiveResult, labels: readonly string[][] = []): Chart[] {
  const charts: Chart[] = [];
  result.forEach((pub, index) => {
    if (pub.kind === 'sampler') {
      for (const [register, bits] of Object.entries(pub.data)) {
        if (bits instanceof BitArray) charts.push(countsChart(index, register, bits.getCounts()));
      }
    } else {
      const evs = numbersOf(pub.data.evs);
      const stds = numbersOf(pub.data.stds);
      const names = labels[index] ?? [];
      charts.push({
        kind: 'expectation',
        pub: index,
        bars: evs.map((value, i) => ({
          label: names[i] ?? `#${i}`,
          value,
          ...(stds[i] !== undefined ? { std: stds[i] } : {}),
        })),
      });
    }
  });
  return charts;
}

/** One line about a partial result: the PUBs done and what the last one says. */
export function summarizeResult(value: unknown): string {
  if (!Array.isArray(value)) return 'partial result';
  const pubs = value as PrimitiveResult;
  const last = pubs[pubs.length - 1];
  const head = `${pubs.length} PUB${pubs.length === 1 ? '' : 's'} done`;
  if (last === undefined) return head;
  if (last.kind === 'sampler') {
    const register = Object.keys(last.data)[0];
    const bits = register === undefined ? undefined : last.data[register];
    if (!(bits instanceof BitArray)) return head;
    const top = countsChart(0, register!, bits.getCounts(), 3)
      .bars.filter((b) => !b.others)
      .map((b) => `${b.label}×${b.value}`)
      .join(' ');
    return `${head}; last: ${top}`;
  }
  const evs = numbersOf(last.data.evs).map((v) => shortNumber(v, 3));
  return `${head}; last values: ${evs.join(', ')}`;
}
