/**
 * `transpile(circuit, backend, options)`: a circuit rewritten for a backend's instruction set —
 * the backend's basis gates on qubits its coupling map joins — as IBM's hardware requires,
 * returned as a `QuantumCircuit` whose `layout` says where the input's qubits went (as Qiskit's
 * `transpile` and `generate_preset_pass_manager(...).run` do). Give the backend as its
 * configuration (and properties, for noise-aware layout), or as a service `Backend`, whose
 * configuration and properties are fetched first.
 *
 * @module
 */
import type { BackendConfigurationLike } from './isa.js';
import type { Circuit } from './model.js';
import { QuantumCircuit } from './quantum-circuit.js';
import { transpileModel, type TranspileOptions } from './transpiler/pipeline.js';
import type { BackendLike, BackendPropertiesLike } from './transpiler/target.js';

/** A backend that fetches its configuration (and, if it can, its properties), like the service's `Backend`. */
export interface RemoteBackendLike {
  /** The configuration; `n_qubits` (or `num_qubits`) and `basis_gates` are required at run time. */
  configuration(): Promise<Partial<BackendConfigurationLike> & { readonly num_qubits?: number }>;
  properties?(): Promise<BackendPropertiesLike | null | undefined>;
}

/**
 * Transpile for a backend given by its configuration (and properties).
 *
 * @category Circuits
 */
export function transpile(
  circuit: QuantumCircuit | Circuit,
  backend: BackendLike,
  options?: TranspileOptions,
): QuantumCircuit;
/** Transpile for a service backend: its configuration and properties are fetched first. */
export function transpile(
  circuit: QuantumCircuit | Circuit,
  backend: RemoteBackendLike,
  options?: TranspileOptions,
): Promise<QuantumCircuit>;
export function transpile(
  circuit: QuantumCircuit | Circuit,
  backend: BackendLike | RemoteBackendLike,
  options: TranspileOptions = {},
): QuantumCircuit | Promise<QuantumCircuit> {
  if (isRemote(backend)) {
    return (async () => {
      const configuration = await backend.configuration();
      const properties =
        backend.properties === undefined ? null : ((await backend.properties()) ?? null);
      return transpile(
        circuit,
        { configuration: configuration as BackendConfigurationLike, properties },
        options,
      );
    })();
  }
  const model = circuit instanceof QuantumCircuit ? circuit.toCircuit() : circuit;
  const { circuit: out, layout } = transpileModel(model, backend, options);
  const result = QuantumCircuit.fromCircuit(out);
  result.layout = layout;
  return result;
}

function isRemote(backend: BackendLike | RemoteBackendLike): backend is RemoteBackendLike {
  return typeof (backend as RemoteBackendLike).configuration === 'function';
}

export type { TranspileOptions };
