/**
 * A job's inputs as the detail view shows them, read from its `params`: for each PUB the
 * circuit (drawn, with its OpenQASM text with line numbers a click away; a circuit sent as
 * QPY is drawn too), the parameter values, shots or precision, and the observables; then the
 * job-wide settings.
 *
 * @module
 */
import { el } from './dom.js';
import { observableText } from './chart-data.js';
import { EncodedCircuit } from '../../../src/codecs/encoded-params.js';
import type { CircuitDrawing } from './circuit-drawing.js';

/** One PUB's inputs, as text. */
export interface PubInputs {
  readonly index: number;
  /** The circuit as `params` carry it (OpenQASM text, or an encoded QPY circuit). */
  readonly circuit: unknown;
  /** OpenQASM text, or undefined when the circuit was sent in another form. */
  readonly qasm: string | undefined;
  /** What the circuit was sent as when it is not OpenQASM text. */
  readonly form: string | undefined;
  readonly observables: readonly string[];
  readonly parameterValues: string | undefined;
  readonly shotsOrPrecision: string | undefined;
}

function encodedType(value: unknown): string | undefined {
  if (value instanceof EncodedCircuit) return value.type;
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
      circuit,
      qasm,
      form:
        qasm !== undefined
          ? undefined
          : type === 'QuantumCircuit'
            ? 'QPY (as IBM’s Python client sends it)'
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

/**
 * The drawing of a circuit, with the code that reads and draws circuits (the OpenQASM parser,
 * the QPY reader, the drawer) loaded the first time it is needed.
 */
async function drawing(circuit: unknown): Promise<CircuitDrawing> {
  const { drawingOf } = await import('./circuit-drawing.js');
  return drawingOf(circuit);
}

/**
 * A PUB's circuit: its drawing and, for OpenQASM, the text, with buttons to switch between
 * them (the drawing first, once it is ready). Without a drawing, the text and the reason.
 */
export function circuitBlock(pub: PubInputs): HTMLElement {
  const text = pub.qasm !== undefined ? circuitElement(pub.qasm) : undefined;
  const note = el('p', { class: 'hint drawing-note' }, 'Drawing the circuit…');
  const block = el(
    'div',
    { class: 'circuit-block' },
    note,
    text ?? el('p', { class: 'hint' }, `Circuit: ${pub.form}`),
  );
  void drawing(pub.circuit).then(
    (drawn) => showDrawing(block, note, text, pub, drawn),
    (error: unknown) => {
      note.textContent = `No drawing: ${error instanceof Error ? error.message : String(error)}.`;
    },
  );
  return block;
}

function showDrawing(
  block: HTMLElement,
  note: HTMLElement,
  text: HTMLElement | undefined,
  pub: PubInputs,
  drawn: CircuitDrawing,
): void {
  if (drawn.kind === 'none') {
    note.textContent = `No drawing: ${drawn.reason}.`;
    return;
  }
  const picture = el(
    'div',
    { class: 'code-scroll' },
    el('pre', { class: 'drawing', data: { form: 'drawing' } }, drawn.text),
  );
  if (text === undefined) {
    block.replaceChildren(picture, el('p', { class: 'hint' }, `Sent as ${pub.form}.`));
    return;
  }
  text.hidden = true;
  const show = el('button', { type: 'button', 'aria-pressed': 'true' }, 'Drawing');
  const source = el('button', { type: 'button', 'aria-pressed': 'false' }, 'OpenQASM');
  const choose = (drawnView: boolean): void => {
    picture.hidden = !drawnView;
    text.hidden = drawnView;
    show.setAttribute('aria-pressed', String(drawnView));
    source.setAttribute('aria-pressed', String(!drawnView));
  };
  show.addEventListener('click', () => choose(true));
  source.addEventListener('click', () => choose(false));
  block.replaceChildren(
    el(
      'div',
      { class: 'view-switch', role: 'group', 'aria-label': 'Show the circuit as' },
      show,
      source,
    ),
    picture,
    text,
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
      circuitBlock(pub),
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
