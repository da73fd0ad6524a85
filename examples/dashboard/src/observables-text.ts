/**
 * Reading the Estimator's observables from the text a person types: a comma-separated list,
 * each item a Pauli string (`ZZ`) or a weighted sum (`0.5*XX + 0.5*YY`, `-ZI`). The strings
 * themselves (letters, equal lengths, width of the circuit) are checked by the library's
 * Estimator codec when the job is submitted, which names the bad one.
 *
 * @module
 */
import { ConfigError } from '../../../src/index.js';
import type { ObservablesTensor } from '../../../src/codecs/index.js';

/** One observable as the library takes it: a Pauli string or `{ pauli: coefficient }`. */
export type ObservableInput = string | Readonly<Record<string, number>>;

const TERM = /^([+-]?\s*(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?\s*\*?)?\s*([A-Za-z]+)$/i;

function parseTerm(text: string, item: number): [string, number] {
  const compact = text.trim();
  const sign = compact.startsWith('-') ? -1 : 1;
  const unsigned = compact.replace(/^[+-]\s*/, '');
  const m = TERM.exec(unsigned);
  if (m === null) {
    throw new ConfigError(
      `observable ${item + 1}: cannot read the term ${JSON.stringify(compact)} (write e.g. 0.5*XX)`,
      'observables',
    );
  }
  const coefficient = m[1] === undefined ? 1 : Number(m[1].replace(/[\s*]/g, ''));
  return [m[2]!.toUpperCase(), sign * coefficient];
}

/** Split `a + b - c` into signed terms (`a`, `+b`, `-c`), keeping exponents like `1e-3` whole. */
function splitTerms(text: string): string[] {
  const out: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const exponent = /e$/i.test(current) && /\d/.test(current.slice(-2, -1));
    if ((c === '+' || c === '-') && current.trim() !== '' && !exponent) {
      out.push(current);
      current = c === '-' ? '-' : '';
    } else {
      current += c;
    }
  }
  if (current.trim() !== '') out.push(current);
  return out;
}

/** The label shown for each observable: the item's text, trimmed. */
export function observableLabels(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/**
 * Parse the observables text into the list the Estimator takes (one entry per item). Throws
 * `ConfigError` (option `observables`) for an empty list or a term it cannot read.
 */
export function parseObservables(text: string): ObservablesTensor {
  const items = observableLabels(text);
  if (items.length === 0) {
    throw new ConfigError('observables: give at least one, e.g. ZZ, XX', 'observables');
  }
  return items.map((item, index): ObservableInput => {
    const terms = splitTerms(item).map((t) => parseTerm(t, index));
    if (terms.length === 1 && terms[0]![1] === 1 && !/[*\d]/.test(item)) return terms[0]![0];
    const dict: Record<string, number> = {};
    for (const [pauli, coefficient] of terms) dict[pauli] = (dict[pauli] ?? 0) + coefficient;
    return dict;
  });
}
