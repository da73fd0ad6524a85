/**
 * A circuit object as the Sampler and Estimator send it: OpenQASM 3 from the exporter (physical
 * qubits `$n` and the backend gates `ecr`/`rzz` by name for a transpiled circuit, as IBM's
 * guides export ISA circuits), and the pub's parameter values rearranged for the program's
 * `input` names — the service binds a list of values in the sorted order of those names, which
 * differs from the circuit's own order when a parameter vector's names were escaped
 * (`x[10]` → `_x_10_` sorts before `_x_2_`).
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

/** The program text and the rearrangement of parameter values for it. */
export interface SerializedCircuit {
  readonly source: string;
  /** The pub's parameter values for the program (a list's last axis permuted, object keys renamed). */
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
  let physical = false;
  if (circuit instanceof QuantumCircuit) {
    model = circuit.toCircuit();
    physical = circuit.layout !== undefined;
  } else if (isCircuitModel(circuit)) {
    model = circuit;
  } else {
    throw new CircuitError(
      'a pub circuit must be OpenQASM source, a QuantumCircuit or a circuit model',
    );
  }
  const { source, parameterNames } = exportProgram(model, {
    physicalQubits: physical,
    basisGates: SERVICE_GATES,
  });
  const names = model.parameters;
  const emitted = names.map((n) => parameterNames.get(n) ?? n);
  // The order the service binds a list in: the emitted names sorted by code point.
  const order = [...emitted.keys()].sort((a, b) => codePointCompare(emitted[a]!, emitted[b]!));
  const identity = order.every((i, k) => i === k) && emitted.every((e, i) => e === names[i]);
  return {
    source,
    values(values: unknown): unknown {
      if (identity || values === null || values === undefined) return values;
      if (Array.isArray(values)) return permuteLastAxis(values, order, names.length);
      if (typeof values === 'object') {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(values as Record<string, unknown>)) {
          const i = names.indexOf(k);
          out[i >= 0 ? emitted[i]! : k] = v;
        }
        return out;
      }
      return values;
    },
  };
}

function permuteLastAxis(
  values: readonly unknown[],
  order: readonly number[],
  width: number,
): unknown[] {
  const isRow = values.length === width && values.every((v) => !Array.isArray(v));
  if (isRow) return order.map((i) => values[i]);
  return values.map((v) => (Array.isArray(v) ? permuteLastAxis(v, order, width) : v));
}

function codePointCompare(a: string, b: string): number {
  const x = [...a],
    y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}
