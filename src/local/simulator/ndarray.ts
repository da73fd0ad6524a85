/**
 * Nested JSON lists as shaped arrays (numpy style): reading a nested list of leaves into a
 * shape and a flat row-major list, and numpy broadcasting between shapes.
 *
 * @module
 */
import { SimulationError } from './errors.js';

/** A row-major array of leaves with its shape (`[]` for a single leaf). */
export interface Shaped<T> {
  readonly shape: readonly number[];
  readonly items: readonly T[];
}

/**
 * Read `value` as a nested list; every non-list element is a leaf passed to `leaf` with its
 * path (e.g. `[1][0]`), which converts it or throws. Throws {@link SimulationError} naming
 * `what` and the path of a ragged list.
 */
export function readNested<T>(
  value: unknown,
  what: string,
  leaf: (v: unknown, path: string) => T,
): Shaped<T> {
  const items: T[] = [];
  let shape: number[] | undefined;
  const walk = (v: unknown, path: string, dims: number[]): void => {
    if (Array.isArray(v)) {
      const depth = dims.length;
      if (shape !== undefined && (depth >= shape.length || shape[depth] !== v.length)) {
        throw new SimulationError(`${what}${path}: ragged nested list (inconsistent lengths)`);
      }
      if (v.length === 0) {
        if (shape === undefined) shape = [...dims, 0];
        else if (shape.length !== depth + 1) {
          throw new SimulationError(`${what}${path}: ragged nested list (inconsistent lengths)`);
        }
        return;
      }
      v.forEach((x, i) => walk(x, `${path}[${i}]`, [...dims, v.length]));
      return;
    }
    if (shape === undefined) shape = dims;
    else if (shape.length !== dims.length) {
      throw new SimulationError(`${what}${path}: ragged nested list (inconsistent depth)`);
    }
    items.push(leaf(v, path));
  };
  walk(value, '', []);
  return { shape: shape ?? [], items };
}

/** Number of elements of an array of this shape. */
export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** numpy's broadcast of two shapes; throws {@link SimulationError} naming `what` when they clash. */
export function broadcastShapes(
  a: readonly number[],
  b: readonly number[],
  what: string,
): number[] {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = a[a.length - n + i] ?? 1;
    const y = b[b.length - n + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) {
      throw new SimulationError(
        `${what}: shapes (${a.join(', ')}) and (${b.join(', ')}) cannot be broadcast together`,
      );
    }
    out.push(x === 1 ? y : x);
  }
  return out;
}

/**
 * For each flat (row-major) index of `target`, the flat index of the element of an array of
 * shape `source` that broadcasting maps onto it. `source` must broadcast to `target`.
 */
export function broadcastIndex(source: readonly number[], target: readonly number[]): Int32Array {
  const size = sizeOf(target);
  const out = new Int32Array(size);
  const lead = target.length - source.length;
  const strides: number[] = new Array<number>(target.length).fill(0);
  let stride = 1;
  for (let i = source.length - 1; i >= 0; i--) {
    if (source[i] !== 1) strides[lead + i] = stride;
    stride *= source[i]!;
  }
  const counter = new Array<number>(target.length).fill(0);
  let offset = 0;
  for (let flat = 0; flat < size; flat++) {
    out[flat] = offset;
    for (let d = target.length - 1; d >= 0; d--) {
      counter[d]!++;
      offset += strides[d]!;
      if (counter[d]! < target[d]!) break;
      offset -= strides[d]! * counter[d]!;
      counter[d] = 0;
    }
  }
  return out;
}
