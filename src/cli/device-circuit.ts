/**
 * What `qjobs run` sends to a backend: the circuit as written to a simulator and to a device it
 * is already ISA for (the device's basis gates on its coupled qubits), and otherwise the
 * circuit transpiled for that device, with what the transpilation did. A circuit the CLI's own
 * parser cannot read goes as written: the service judges it.
 *
 * @module
 */
import { checkIsa, targetFromConfiguration } from '../circuits/isa.js';
import type { BackendConfigurationLike, IsaViolation } from '../circuits/isa.js';
import type { Circuit } from '../circuits/model.js';
import type { QuantumCircuit } from '../circuits/quantum-circuit.js';
import { transpile } from '../circuits/transpile.js';
import { summarizeTranspile } from '../circuits/transpile-summary.js';
import type { TranspileSummary } from '../circuits/transpile-summary.js';
import type { BackendPropertiesLike } from '../circuits/transpiler/target.js';
import type { Backend } from '../service/backend.js';

/** How `qjobs run` transpiles for devices. */
export interface TranspileChoice {
  /** False for `--no-transpile`: send the circuit as written. */
  readonly transpile: boolean;
  /** `--optimization-level`. */
  readonly optimizationLevel: 0 | 1 | 2 | 3;
}

/** What a transpilation for a device did, for the stderr note and the `--json` documents. */
export interface TranspileReport extends TranspileSummary {
  readonly backend: string;
  readonly optimizationLevel: number;
  /** Why the circuit as written could not run there: its first few non-ISA instructions. */
  readonly notIsa: readonly IsaViolation[];
}

/** The circuit to send to one backend. */
export type Prepared =
  /** Send the text as written: a simulator, a device it is ISA for, or a circuit not parsed here. */
  | { readonly kind: 'as-written' }
  /** A device the circuit is not ISA for, and `--no-transpile`. */
  | { readonly kind: 'not-isa'; readonly violations: readonly IsaViolation[] }
  /** Transpiled for the device. */
  | {
      readonly kind: 'transpiled';
      readonly circuit: QuantumCircuit;
      readonly report: TranspileReport;
    };

/** Non-ISA instructions kept in a report. */
const VIOLATIONS_KEPT = 3;

/**
 * The configuration of `backend` when it is a device; undefined for a simulator (as the backend
 * list says, else its configuration).
 */
async function configurationOfDevice(
  backend: Backend,
): Promise<BackendConfigurationLike | undefined> {
  if (backend.simulator === true) return undefined;
  const configuration = await backend.configuration();
  if (configuration.simulator === true) return undefined;
  const n = configuration.n_qubits ?? configuration.num_qubits;
  // A configuration without basis gates cannot be checked: send as written.
  if (n === undefined || configuration.basis_gates === undefined) return undefined;
  return { ...(configuration as unknown as BackendConfigurationLike), n_qubits: n };
}

/** The backend's calibration, when it has one to give (it steers layout to better qubits). */
async function propertiesOf(backend: Backend): Promise<BackendPropertiesLike | null> {
  try {
    return (await backend.properties()) as unknown as BackendPropertiesLike;
  } catch {
    return null;
  }
}

/**
 * The circuit to send to `backend`. `circuit` is the local parse of the text (undefined when
 * it did not parse). Transpiling may throw a `TranspileError` (an instruction the device does
 * not run, a circuit wider than the device).
 */
export async function prepareFor(
  backend: Backend,
  circuit: Circuit | undefined,
  choice: TranspileChoice,
): Promise<Prepared> {
  if (circuit === undefined) return { kind: 'as-written' };
  const configuration = await configurationOfDevice(backend);
  if (configuration === undefined) return { kind: 'as-written' };
  const violations = checkIsa(circuit, targetFromConfiguration(configuration));
  if (violations.length === 0) return { kind: 'as-written' };
  if (!choice.transpile) return { kind: 'not-isa', violations };
  const properties = await propertiesOf(backend);
  const isa = transpile(
    circuit,
    { configuration, properties },
    { optimizationLevel: choice.optimizationLevel },
  );
  return {
    kind: 'transpiled',
    circuit: isa,
    report: {
      ...summarizeTranspile(circuit, isa),
      backend: backend.name,
      optimizationLevel: choice.optimizationLevel,
      notIsa: violations.slice(0, VIOLATIONS_KEPT),
    },
  };
}
