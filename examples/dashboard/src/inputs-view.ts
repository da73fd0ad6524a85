/**
 * A job's inputs as the detail view shows them, read from its `params`: for each PUB the
 * circuit (the OpenQASM text with line numbers; a circuit sent as QPY is named, not shown),
 * the parameter values, shots or precision, and the observables; then the job-wide settings.
 *
 * @module
 */
import { el } from './dom.js';
import { observableText } from './chart-data.js';

/** One PUB's inputs, as text. */
export interface PubInputs {
  readonly index: number;
  /** OpenQASM text, or undefined when the circuit was sent in another form. */
  readonly qasm: string | undefined;
  /** What the circuit was sent as when it is not OpenQASM text. */
  readonly form: string | undefined;
  readonly observables: readonly string[];
  readonly parameterValues: string | undefined;
  readonly shotsOrPrecision: string | undefined;
}

function encodedType(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const type = (value as { __type__?: unknown }).__type__;
  return typeof type === 'string' ? type : undefined;
}

function compact(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const type = encodedType(value);
  if (type !== undefined) return `${type} (encoded)`;
  const text = JSON.stringify(value);
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

/** The PUBs of a job's `params` (Sampler or Estimator), each as text. */
export function pubInputsOf(params: unknown, program: string | undefined): PubInputs[] {
  const pubs = (params as { pubs?: unknown } | undefined)?.pubs;
  if (!Array.isArray(pubs)) return [];
  const estimator = program === 'estimator';
  return pubs.map((pub: unknown, index) => {
    const parts: unknown[] = Array.isArray(pub) ? pub : [pub];
    const circuit = parts[0];
    const qasm = typeof circuit === 'string' ? circuit : undefined;
    const type = encodedType(circuit);
    const observables =
      estimator && parts.length > 1
        ? (Array.isArray(parts[1]) ? parts[1] : [parts[1]]).map(observableText)
        : [];
    const values = compact(estimator ? parts[2] : parts[1]);
    const last = compact(estimator ? parts[3] : parts[2]);
    return {
      index,
      qasm,
      form:
        qasm !== undefined
          ? undefined
          : type === 'QuantumCircuit'
            ? 'a QPY circuit (binary; not shown)'
            : `${type ?? typeof circuit} (not shown)`,
      observables,
      parameterValues: values === '[]' ? undefined : values,
      shotsOrPrecision:
        last === undefined ? undefined : `${estimator ? 'precision' : 'shots'} ${last}`,
    };
  });
}

/** Job-wide settings of `params` worth showing (shots, precision, options), labelled, as text. */
export function settingsOf(params: unknown): [string, string][] {
  if (params === null || typeof params !== 'object') return [];
  const p = params as Record<string, unknown>;
  const names: [string, string][] = [
    ['shots', 'Shots (every PUB without its own)'],
    ['precision', 'Precision (every PUB without its own)'],
    ['options', 'Options'],
    ['version', 'Primitive version'],
  ];
  return names
    .filter(([key]) => p[key] !== undefined && p[key] !== null)
    .map(([key, label]) => [label, compact(p[key])!]);
}

/** OpenQASM text with line numbers, as the page shows a circuit. */
export function circuitElement(qasm: string): HTMLElement {
  const lines = qasm.replace(/\n$/, '').split('\n');
  return el(
    'div',
    { class: 'code-scroll' },
    el(
      'pre',
      { class: 'circuit', data: { form: 'qasm' } },
      ...lines.map((line, i) =>
        el('span', { class: 'code-line', data: { line: i + 1 } }, line, '\n'),
      ),
    ),
  );
}

/** The inputs section's content for a job's `params`. */
export function inputsElement(params: unknown, program: string | undefined): HTMLElement[] {
  const pubs = pubInputsOf(params, program);
  if (pubs.length === 0) {
    return [el('p', { class: 'hint' }, 'The service did not return this job’s inputs.')];
  }
  const out: HTMLElement[] = pubs.map((pub) =>
    el(
      'div',
      { class: 'pub-inputs', data: { pub: pub.index } },
      el('h4', {}, `PUB ${pub.index}`),
      pub.qasm !== undefined
        ? circuitElement(pub.qasm)
        : el('p', { class: 'hint' }, `Circuit: ${pub.form}`),
      el(
        'dl',
        { class: 'facts-list' },
        ...(pub.observables.length > 0
          ? [
              el('dt', {}, 'Observables'),
              el('dd', {}, ...pub.observables.map((o) => el('code', { class: 'observable' }, o))),
            ]
          : []),
        ...(pub.parameterValues !== undefined
          ? [el('dt', {}, 'Parameter values'), el('dd', {}, el('code', {}, pub.parameterValues))]
          : []),
        ...(pub.shotsOrPrecision !== undefined
          ? [el('dt', {}, 'This PUB only'), el('dd', {}, pub.shotsOrPrecision)]
          : []),
      ),
    ),
  );
  const settings = settingsOf(params);
  if (settings.length > 0) {
    out.push(
      el(
        'dl',
        { class: 'facts-list job-settings' },
        ...settings.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, el('code', {}, v))]),
      ),
    );
  }
  return out;
}
