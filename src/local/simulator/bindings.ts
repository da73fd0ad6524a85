/**
 * Reads a PUB's parameter values (absent, a flat or nested list, or a `{name: values}`
 * object) into a shaped table of bindings, following Qiskit's `BindingsArray` rules.
 *
 * @module
 */
import { describeValue } from '../../codecs/errors.js';
import type { Circuit } from '../../circuits/model.js';
import { sortParameters } from '../../circuits/parameters.js';
import { SimulationError } from './errors.js';
import { readNested, sizeOf, type Shaped } from './ndarray.js';

/** A shaped table of parameter bindings. */
export interface Bindings {
  /** The PUB's parameter shape (the leading axes of the values). */
  readonly shape: readonly number[];
  /** Number of bindings, the product of `shape`. */
  readonly size: number;
  /** `size` rows of values, one column per entry of `circuit.parameters`, in its order. */
  readonly rows: Float64Array;
}

/**
 * The order in which Qiskit binds a positional list of values: the circuit's parameters in
 * Qiskit's order (`QuantumCircuit.parameters`: by name, vector elements by index), which is
 * the order of `circuit.parameters`; sorting again keeps a circuit built by hand in that order.
 */
export function qiskitParameterOrder(names: readonly string[]): string[] {
  return sortParameters(names);
}

function readNumbers(value: unknown, what: string): Shaped<number> {
  return readNested(value, what, (v, path) => {
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    throw new SimulationError(`${what}${path}: expected a finite number, got ${describeValue(v)}`);
  });
}

const describeShape = (s: readonly number[]) => `(${s.join(', ')}${s.length === 1 ? ',' : ''})`;

/**
 * Read `values` for `circuit`. A list binds positionally, in {@link qiskitParameterOrder}: its
 * last axis indexes the parameters and the leading axes are the PUB shape (with a single
 * parameter the last axis may be left out, as in Qiskit). An object maps parameter names to
 * values or arrays of values, all with the same leading shape. Throws {@link SimulationError}
 * for missing, unknown or non-numeric values and inconsistent shapes.
 */
export function readBindings(circuit: Circuit, values: unknown): Bindings {
  const names = circuit.parameters;
  const p = names.length;
  if (values === undefined || values === null) {
    if (p > 0) {
      throw new SimulationError(
        `the circuit has ${p} parameter(s) (${names.join(', ')}) but no parameter values were given`,
      );
    }
    return { shape: [], size: 1, rows: new Float64Array(0) };
  }
  if (Array.isArray(values) || typeof values === 'number') {
    return readPositional(names, readNumbers(values, 'parameter values'));
  }
  if (typeof values === 'object') {
    return readByName(names, values as Record<string, unknown>);
  }
  throw new SimulationError(
    `parameter values must be a list or an object of name → values, got ${typeof values}`,
  );
}

function readPositional(names: readonly string[], nd: Shaped<number>): Bindings {
  const p = names.length;
  let shape: readonly number[];
  if (p === 1) {
    shape =
      nd.shape.length > 0 && nd.shape[nd.shape.length - 1] === 1 ? nd.shape.slice(0, -1) : nd.shape;
  } else {
    const last = nd.shape[nd.shape.length - 1];
    if (last !== p) {
      throw new SimulationError(
        `parameter values of shape ${describeShape(nd.shape)} do not match the circuit's ${p} parameter(s)` +
          (p > 0
            ? ` (${qiskitParameterOrder(names).join(', ')}): the last axis must have length ${p}`
            : ''),
      );
    }
    shape = nd.shape.slice(0, -1);
  }
  const size = sizeOf(shape);
  const rows = new Float64Array(size * p);
  const column = qiskitParameterOrder(names).map((n) => names.indexOf(n));
  for (let b = 0; b < size; b++) {
    for (let j = 0; j < p; j++) rows[b * p + column[j]!] = nd.items[b * p + j]!;
  }
  return { shape, size, rows };
}

function readByName(names: readonly string[], values: Record<string, unknown>): Bindings {
  const p = names.length;
  for (const key of Object.keys(values)) {
    if (!names.includes(key)) {
      throw new SimulationError(
        `parameter values: unknown parameter '${key}' (the circuit has ${p > 0 ? names.join(', ') : 'no parameters'})`,
      );
    }
  }
  const columns: Shaped<number>[] = [];
  let shape: readonly number[] | undefined;
  for (const name of names) {
    if (!Object.prototype.hasOwnProperty.call(values, name)) {
      throw new SimulationError(`parameter values: no value for parameter '${name}'`);
    }
    const nd = readNumbers(values[name], `parameter values['${name}']`);
    const own =
      nd.shape.length > 0 && nd.shape[nd.shape.length - 1] === 1 ? nd.shape.slice(0, -1) : nd.shape;
    if (
      shape !== undefined &&
      (shape.length !== own.length || shape.some((d, i) => d !== own[i]))
    ) {
      throw new SimulationError(
        `parameter values['${name}'] has shape ${describeShape(own)}, but an earlier parameter has ${describeShape(shape)}`,
      );
    }
    shape = own;
    columns.push(nd);
  }
  shape ??= [];
  const size = sizeOf(shape);
  const rows = new Float64Array(size * p);
  columns.forEach((nd, j) => {
    for (let b = 0; b < size; b++) rows[b * p + j] = nd.items[b]!;
  });
  return { shape, size, rows };
}
