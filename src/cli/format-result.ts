/**
 * How `qjobs` shows a primitive result: sampler counts as tables sorted by count with a bar
 * chart, estimator expectation values with their standard errors, and the same data as a
 * JSON-ready object for `--json`.
 *
 * @module
 */
import { BitArray } from '../codecs/bit-array.js';
import { NdArray } from '../codecs/nd-array.js';
import type { PrimitiveResult, PubResult } from '../codecs/result-model.js';

/** Longest bar of the counts chart, in characters. */
const BAR_WIDTH = 30;
/** Outcomes listed per register before the rest is summarised in one line. */
const MAX_ROWS = 32;

/** Counts sorted by count (descending), ties by outcome. */
export function sortedCounts(counts: Readonly<Record<string, number>>): [string, number][] {
  return Object.entries(counts).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}

/** A counts table with a bar per outcome, one line per outcome, most frequent first. */
export function countsTable(counts: Readonly<Record<string, number>>, bar = '█'): string[] {
  const rows = sortedCounts(counts);
  const total = rows.reduce((sum, [, n]) => sum + n, 0);
  const max = rows.length > 0 ? rows[0]![1] : 0;
  const shown = rows.slice(0, MAX_ROWS);
  const outcomeWidth = Math.max('outcome'.length, ...shown.map(([k]) => k.length));
  const countWidth = Math.max('count'.length, ...shown.map(([, n]) => String(n).length));
  const lines = [`${'outcome'.padEnd(outcomeWidth)}  ${'count'.padStart(countWidth)}   share`];
  for (const [outcome, n] of shown) {
    const share = total > 0 ? (100 * n) / total : 0;
    const length = max > 0 ? Math.max(n > 0 ? 1 : 0, Math.round((BAR_WIDTH * n) / max)) : 0;
    lines.push(
      `${outcome.padEnd(outcomeWidth)}  ${String(n).padStart(countWidth)}  ${share
        .toFixed(1)
        .padStart(5)}%  ${bar.repeat(length)}`,
    );
  }
  if (rows.length > shown.length) {
    const rest = rows.slice(MAX_ROWS).reduce((sum, [, n]) => sum + n, 0);
    lines.push(`... ${rows.length - shown.length} more outcomes (${rest} shots)`);
  }
  return lines;
}

/** Text of one estimator number (fixed precision, `NaN`/`inf` kept readable). */
function num(value: unknown): string {
  if (typeof value !== 'number') return String(value);
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  return value.toFixed(6);
}

/** Labels of the positions of an estimator pub, from what was sent when it fits the shape. */
function positionLabels(shape: readonly number[], labels: readonly string[] | undefined): string[] {
  const size = shape.reduce((a, b) => a * b, 1);
  if (labels !== undefined && labels.length === size) return [...labels];
  if (shape.length === 0) return ['value'];
  const out: string[] = [];
  const index = shape.map(() => 0);
  for (let i = 0; i < size; i++) {
    out.push(`[${index.join(',')}]`);
    for (let k = shape.length - 1; k >= 0; k--) {
      index[k]! += 1;
      if (index[k]! < shape[k]!) break;
      index[k] = 0;
    }
  }
  return out;
}

function asNdArray(value: unknown): NdArray | undefined {
  return value instanceof NdArray ? value : undefined;
}

/** A table of expectation values with their standard errors, one line per observable. */
export function estimatorTable(
  pub: Extract<PubResult, { kind: 'estimator' }>,
  labels?: readonly string[],
): string[] {
  const evs = asNdArray(pub.data.evs);
  const stds = asNdArray(pub.data.stds);
  if (evs === undefined) return ['(no expectation values)'];
  const names = positionLabels(evs.shape, labels);
  const width = Math.max('observable'.length, ...names.map((n) => n.length));
  const lines = [`${'observable'.padEnd(width)}  ${'value'.padStart(10)}  ${'std'.padStart(9)}`];
  for (let i = 0; i < evs.size; i++) {
    const std = stds !== undefined && stds.size === evs.size ? num(stds.at(i)) : '';
    lines.push(`${names[i]!.padEnd(width)}  ${num(evs.at(i)).padStart(10)}  ${std.padStart(9)}`);
  }
  return lines;
}

/** Options of {@link formatResult}. */
export interface FormatResultOptions {
  /** Labels of the observables of each estimator pub, by pub index. */
  readonly observableLabels?: readonly (readonly string[] | undefined)[];
  /** Character the counts bars are drawn with. Default `█`. */
  readonly bar?: string;
}

/** The whole result as text lines: a titled table per sampler register or estimator pub. */
export function formatResult(result: PrimitiveResult, options: FormatResultOptions = {}): string[] {
  const lines: string[] = [];
  result.forEach((pub, index) => {
    const title = result.length > 1 ? `pub ${index}: ` : '';
    if (pub.kind === 'sampler') {
      const registers = Object.values(pub.data).filter((bits) => bits instanceof BitArray);
      if (registers.length === 0) {
        if (lines.length > 0) lines.push('');
        lines.push(`${title}no classical registers: the circuit measured nothing`);
      }
      for (const [name, bits] of Object.entries(pub.data)) {
        if (!(bits instanceof BitArray)) continue;
        const positions = bits.shape.reduce((a, b) => a * b, 1);
        const shots = bits.numShots * positions;
        if (lines.length > 0) lines.push('');
        lines.push(`${title}register ${name} (${bits.numBits} bits, ${shots} shots)`);
        lines.push(...countsTable(bits.getCounts(), options.bar));
      }
    } else {
      if (lines.length > 0) lines.push('');
      lines.push(`${title}expectation values`);
      lines.push(...estimatorTable(pub, options.observableLabels?.[index]));
    }
  });
  return lines;
}

/** Plain JSON value of an array field: a number for a 0-d array, nested lists otherwise. */
function ndJson(value: unknown): unknown {
  const array = asNdArray(value);
  if (array === undefined) return null;
  const nested = array.toNested();
  const clean = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(clean) : typeof v === 'number' && !Number.isFinite(v) ? String(v) : v;
  return clean(nested);
}

/** One register's counts for `--json`. */
export interface RegisterJson {
  readonly numBits: number;
  readonly shots: number;
  readonly counts: Record<string, number>;
}

/** One pub's data for `--json`. */
export type PubJson =
  | { readonly kind: 'sampler'; readonly registers: Record<string, RegisterJson> }
  | {
      readonly kind: 'estimator';
      readonly observables?: readonly string[];
      readonly evs: unknown;
      readonly stds: unknown;
    };

/**
 * The result as plain JSON data: per sampler pub, each register's width, shots and counts
 * (most frequent first); per estimator pub, `evs` and `stds` as numbers or nested lists
 * (non-finite values as the strings `NaN`, `Infinity`, `-Infinity`).
 */
export function resultJson(
  result: PrimitiveResult,
  observableLabels?: readonly (readonly string[] | undefined)[],
): PubJson[] {
  return result.map((pub, index): PubJson => {
    if (pub.kind === 'sampler') {
      const registers: Record<string, RegisterJson> = {};
      for (const [name, bits] of Object.entries(pub.data)) {
        if (!(bits instanceof BitArray)) continue;
        const positions = bits.shape.reduce((a, b) => a * b, 1);
        registers[name] = {
          numBits: bits.numBits,
          shots: bits.numShots * positions,
          counts: Object.fromEntries(sortedCounts(bits.getCounts())),
        };
      }
      return { kind: 'sampler', registers };
    }
    const labels = observableLabels?.[index];
    return {
      kind: 'estimator',
      ...(labels !== undefined ? { observables: labels } : {}),
      evs: ndJson(pub.data.evs),
      stds: ndJson(pub.data.stds),
    };
  });
}
