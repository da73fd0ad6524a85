/**
 * A hardware device of the local runtime, built from a compact calibration file (see
 * `README.md` beside this file): the configuration and properties JSON the service answers,
 * the ISA target jobs are checked against, and the error rates the noise model uses.
 *
 * @module
 */
import { targetFromConfiguration, type IsaTarget } from '../../circuits/isa.js';

/** A `[name, unit]` column of calibration values. */
type Column = readonly [string, string];

/** The compact calibration file of one device. */
export interface CompactDevice {
  readonly source: {
    readonly repository: string;
    readonly commit: string;
    readonly configuration: string;
    readonly properties: string;
  };
  /** The configuration as the service answers it (pulse tables left out). */
  readonly configuration: Readonly<Record<string, unknown>>;
  readonly properties: {
    readonly backend_name: string;
    readonly backend_version: string;
    readonly last_update_date: string;
    /** Every calibration date; values refer to them by index. */
    readonly dates: readonly string[];
    readonly qubit_columns: readonly Column[];
    /** Per qubit: value, date index, value, date index, ... in `qubit_columns` order (null: absent). */
    readonly qubits: readonly (readonly (number | null)[])[];
    /** Per gate name: its parameter columns and entries `[qubits, value, date, value, date, ...]`. */
    readonly gates: Readonly<
      Record<
        string,
        { readonly columns: readonly Column[]; readonly entries: readonly unknown[][] }
      >
    >;
  };
}

/** One calibration value as the service writes it. */
export interface Nduv {
  readonly date: string;
  readonly name: string;
  readonly unit: string;
  readonly value: number;
}

/** A device ready to serve. */
export interface HardwareDevice {
  readonly name: string;
  readonly numQubits: number;
  readonly basisGates: readonly string[];
  readonly backendVersion: string;
  /** `GET /v1/backends/{name}/configuration`. */
  readonly configuration: Readonly<Record<string, unknown>>;
  /** `GET /v1/backends/{name}/properties`. */
  readonly properties: Readonly<Record<string, unknown>>;
  /** What ISA circuits for this device may use. */
  readonly target: IsaTarget;
  /** Readout error of each qubit (0 when not reported). */
  readonly readoutErrors: Float64Array;
  /**
   * Per qubit, the probability of reading 1 after preparing 0 (`prob_meas1_prep0`) and of
   * reading 0 after preparing 1 (`prob_meas0_prep1`); the readout error when those are absent.
   */
  readonly readoutFlips: { readonly zeroToOne: Float64Array; readonly oneToZero: Float64Array };
  /** Gate error by `name:q0,q1` (gates without a reported error are left out). */
  readonly gateErrors: ReadonlyMap<string, number>;
  /** The best two-qubit gate error, as the backends list reports it. */
  readonly twoQubitErrorBest:
    | { readonly value: number; readonly gate: string; readonly qubits: readonly number[] }
    | undefined;
  /** `processor_type` of the configuration. */
  readonly processorType: { readonly family: string | null; readonly revision: string | null };
  /** CLOPS the configuration reports (`clops_h`), if any. */
  readonly clops: number | undefined;
  readonly source: CompactDevice['source'];
}

/** The key of a gate on qubits in {@link HardwareDevice.gateErrors}. */
export function gateKey(name: string, qubits: readonly number[]): string {
  return `${name}:${qubits.join(',')}`;
}

function nduvs(
  columns: readonly Column[],
  row: readonly unknown[],
  dates: readonly string[],
): Nduv[] {
  const out: Nduv[] = [];
  columns.forEach(([name, unit], i) => {
    const value = row[2 * i];
    const date = row[2 * i + 1];
    if (typeof value === 'number' && typeof date === 'number') {
      out.push({ date: dates[date]!, name, unit, value });
    }
  });
  return out;
}

/** The properties JSON of the service, rebuilt from the compact form. */
export function expandProperties(p: CompactDevice['properties']): Record<string, unknown> {
  const gates: Record<string, unknown>[] = [];
  for (const [gate, { columns, entries }] of Object.entries(p.gates)) {
    for (const [qubits, ...values] of entries) {
      const qs = qubits as number[];
      gates.push({
        qubits: qs,
        gate,
        parameters: nduvs(columns, values, p.dates),
        name: `${gate}${qs.join('_')}`,
      });
    }
  }
  return {
    backend_name: p.backend_name,
    backend_version: p.backend_version,
    last_update_date: p.last_update_date,
    qubits: p.qubits.map((row) => nduvs(p.qubit_columns, row, p.dates)),
    gates,
    general: [],
  };
}

function text(v: unknown): string | null {
  return v === undefined || v === null ? null : String(v);
}

/** Build a device from its compact file, served under `name`. */
export function deviceFromData(name: string, data: CompactDevice): HardwareDevice {
  const configuration: Record<string, unknown> = { ...data.configuration, backend_name: name };
  const properties = { ...expandProperties(data.properties), backend_name: name };
  const numQubits = configuration['n_qubits'] as number;
  const basisGates = configuration['basis_gates'] as string[];
  const column = (name: string): Float64Array => {
    const out = new Float64Array(numQubits).fill(NaN);
    const c = data.properties.qubit_columns.findIndex(([n]) => n === name);
    data.properties.qubits.forEach((row, q) => {
      const v = c >= 0 ? row[2 * c] : null;
      if (typeof v === 'number' && q < numQubits) out[q] = v;
    });
    return out;
  };
  const readoutErrors = column('readout_error').map((v) => (Number.isNaN(v) ? 0 : v));
  const orReadout = (a: Float64Array): Float64Array =>
    a.map((v, q) => (Number.isNaN(v) ? readoutErrors[q]! : v));
  const readoutFlips = {
    zeroToOne: orReadout(column('prob_meas1_prep0')),
    oneToZero: orReadout(column('prob_meas0_prep1')),
  };
  const gateErrors = new Map<string, number>();
  let best: HardwareDevice['twoQubitErrorBest'];
  for (const [gate, { columns, entries }] of Object.entries(data.properties.gates)) {
    const col = columns.findIndex(([n]) => n === 'gate_error');
    if (col < 0) continue;
    for (const [qubits, ...values] of entries) {
      const qs = qubits as number[];
      const err = values[2 * col];
      if (typeof err !== 'number') continue;
      gateErrors.set(gateKey(gate, qs), err);
      if (
        qs.length === 2 &&
        basisGates.includes(gate) &&
        (best === undefined || err < best.value)
      ) {
        best = { value: err, gate, qubits: qs };
      }
    }
  }
  const processor = (configuration['processor_type'] ?? {}) as Record<string, unknown>;
  const clops = configuration['clops_h'];
  return {
    name,
    numQubits,
    basisGates,
    backendVersion: String(configuration['backend_version']),
    configuration,
    properties,
    target: targetFromConfiguration(
      configuration as unknown as Parameters<typeof targetFromConfiguration>[0],
    ),
    readoutErrors,
    readoutFlips,
    gateErrors,
    twoQubitErrorBest: best,
    processorType: { family: text(processor['family']), revision: text(processor['revision']) },
    clops: typeof clops === 'number' ? clops : undefined,
    source: data.source,
  };
}
