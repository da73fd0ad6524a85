/**
 * A circuit object as the Sampler and Estimator send it: OpenQASM 3 from the exporter, the
 * backend gates `ecr`/`rzz` called by name (as IBM's guides export ISA circuits). A transpiled
 * circuit keeps its one register over all of the device's qubits, so the program is as wide as
 * the device (an Estimator observable over the device's qubits then matches it; physical
 * qubits `$n` would make it only as wide as its highest qubit used). A list of parameter values keeps the circuit's column order
 * (the runtime orders the exported `input` names as Qiskit orders the parameters, reading
 * `_x_10_` as element 10 of vector `x`, see `parameters.ts`); values given by name are renamed
 * to the exported names.
 *
 * @module
 */
import { CircuitError } from './errors.js';
import type { Circuit } from './model.js';
import { exportProgram } from './qasm3-export.js';
import { QuantumCircuit } from './quantum-circuit.js';

/** A circuit given to a primitive: OpenQASM source, a `QuantumCircuit` or a circuit model. */
export type CircuitLike = string | QuantumCircuit | Circuit;

/** Gates a service runs by name although `stdgates.inc` lacks them: IBM's entangling gates. */
const SERVICE_GATES = ['ecr', 'rzz'];

/** The program text and the pub's parameter values for it. */
export interface SerializedCircuit {
  readonly source: string;
  /** The pub's parameter values for the program (lists unchanged, object keys renamed). */
  values(values: unknown): unknown;
}

/** Whether a value is a circuit object a pub may carry (a `QuantumCircuit` or a circuit model). */
export function isCircuitObject(x: unknown): x is QuantumCircuit | Circuit {
  return x instanceof QuantumCircuit || isCircuitModel(x);
}

function isCircuitModel(x: unknown): x is Circuit {
  return (
    typeof x === 'object' &&
    x !== null &&
    Array.isArray((x as Circuit).instructions) &&
    typeof (x as Circuit).numQubits === 'number'
  );
}

/** Serialise a circuit for a primitive pub (strings pass through unchanged). */
export function serializeCircuit(circuit: CircuitLike): SerializedCircuit {
  if (typeof circuit === 'string') return { source: circuit, values: (v) => v };
  let model: Circuit;
  if (circuit instanceof QuantumCircuit) {
    model = circuit.toCircuit();
  } else if (isCircuitModel(circuit)) {
    model = circuit;
  } else {
    throw new CircuitError(
      'a pub circuit must be OpenQASM source, a QuantumCircuit or a circuit model',
    );
  }
  const { source, parameterNames } = exportProgram(model, { basisGates: SERVICE_GATES });
  const names = model.parameters;
  const renamed = names.some((n) => parameterNames.get(n) !== n);
  return {
    source,
    values(values: unknown): unknown {
      if (!renamed || values === null || typeof values !== 'object' || Array.isArray(values)) {
        return values;
      }
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(values as Record<string, unknown>)) {
        out[parameterNames.get(k) ?? k] = v;
      }
      return out;
    },
  };
}
