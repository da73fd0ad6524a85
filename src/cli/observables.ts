/**
 * Reading `--observables` (a comma-separated list of Pauli strings, or JSON: one
 * `{pauli: coefficient}` dict or a list of them) into estimator observables and the labels
 * the result table shows for them.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import { decode } from '../codecs/decode.js';
import { parseJson } from '../codecs/json.js';
import { Observables } from '../codecs/program-inputs.js';
import type { ObservablesTensor } from '../codecs/program-inputs.js';
import { CliUsageError } from './usage-error.js';

/** Observables as sent to the estimator, with a label per expectation value. */
export interface ParsedObservables {
  readonly observables: ObservablesTensor;
  /** One label per position of the result, in row-major order (undefined for nested lists). */
  readonly labels: readonly string[] | undefined;
}

function formatTerm(pauli: string, coefficient: number, first: boolean): string {
  if (coefficient === 1) return first ? pauli : `+ ${pauli}`;
  if (coefficient === -1) return first ? `-${pauli}` : `- ${pauli}`;
  const magnitude = Math.abs(coefficient);
  const sign = coefficient < 0 ? '-' : '+';
  if (first) return `${coefficient < 0 ? '-' : ''}${magnitude}*${pauli}`;
  return `${sign} ${magnitude}*${pauli}`;
}

/** A readable label of one observable: `ZZ`, or `ZZ + 0.5*XX` for a weighted sum. */
export function observableLabel(observable: string | Readonly<Record<string, number>>): string {
  if (typeof observable === 'string') return observable;
  return Object.entries(observable)
    .map(([pauli, c], i) => formatTerm(pauli, c, i === 0))
    .join(' ');
}

/**
 * Parse the text of `--observables`. Text starting with `{` or `[` is JSON (`{"ZZ": 1}`,
 * `[{"ZZ": 1}, {"XX": 0.5}]`, `["ZZ", "XX"]`); anything else is a comma-separated list of
 * Pauli strings (`ZZ,XX`). Throws a `CliUsageError` naming `--observables` and what is wrong.
 */
export function parseObservables(text: string): ParsedObservables {
  const trimmed = text.trim();
  let value: unknown;
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    const parsed = parseJson(trimmed);
    if (E.isLeft(parsed)) {
      throw new CliUsageError(`--observables is not valid JSON: ${parsed.left.message}`);
    }
    value = parsed.right;
  } else {
    value = trimmed
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    if ((value as string[]).length === 0) throw new CliUsageError('--observables needs a value');
  }
  const decoded = decode(Observables, value, 'observables');
  if (E.isLeft(decoded)) throw new CliUsageError(`--observables: ${decoded.left.message}`);
  const observables = decoded.right;
  return { observables, labels: observableLabels(observables) };
}

/**
 * One label per expectation value of `observables` (a single observable or a flat list of
 * them); `undefined` for nested lists, whose positions are shown by index instead.
 */
export function observableLabels(observables: ObservablesTensor): string[] | undefined {
  if (!Array.isArray(observables)) {
    return [observableLabel(observables as string | Readonly<Record<string, number>>)];
  }
  if (
    observables.every(
      (o) => typeof o === 'string' || (o !== null && typeof o === 'object' && !Array.isArray(o)),
    )
  ) {
    return (observables as (string | Readonly<Record<string, number>>)[]).map(observableLabel);
  }
  return undefined;
}
