import type { Either } from 'fp-ts/lib/Either.js';
import { left, right } from 'fp-ts/lib/Either.js';
import { DecodeError, describeValue } from './errors.js';

/**
 * A small n-dimensional array: a dtype, a shape and the elements in row-major (C) order in a
 * typed array. It is what NumPy arrays in results decode to (expectation values, standard
 * errors, metadata arrays). Complex numbers are stored interleaved (`re, im, re, im, ...`).
 *
 * @module
 */

/** A complex number, the element type of `complex128` arrays and the decoded `complex` value. */
export class Complex {
  constructor(
    readonly re: number,
    readonly im: number,
  ) {}

  /** `1+2j` style, like Python. */
  toString(): string {
    const sign = this.im < 0 || Object.is(this.im, -0) ? '-' : '+';
    return `(${this.re}${sign}${Math.abs(this.im)}j)`;
  }
}

/** Element types an {@link NdArray} can hold. `object` arrays keep arbitrary decoded JSON values. */
export type DType = 'bool' | 'uint8' | 'int64' | 'float64' | 'complex128' | 'object';

/** The storage of each dtype. */
export interface DTypeStorage {
  bool: Uint8Array;
  uint8: Uint8Array;
  int64: BigInt64Array;
  float64: Float64Array;
  complex128: Float64Array;
  object: unknown[];
}

/** The element read back by {@link NdArray.get} for each dtype. */
export interface DTypeElement {
  bool: boolean;
  uint8: number;
  int64: bigint;
  float64: number;
  complex128: Complex;
  object: unknown;
}

/** Elements nested in arrays as deep as the shape (a bare element for a 0-d array). */
export type Nested<T> = T | NestedList<T>;

/** One list level of {@link Nested} values. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- an interface keeps the recursion lazy
export interface NestedList<T> extends Array<Nested<T>> {}

/** Number of storage slots per element: complex numbers take two. */
function slotsPer(dtype: DType): number {
  return dtype === 'complex128' ? 2 : 1;
}

/** Product of a shape's dimensions (1 for the 0-d shape `[]`). */
export function shapeSize(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Check a shape: non-negative safe integers. Returns what is wrong, or undefined. */
export function shapeProblem(shape: readonly unknown[]): string | undefined {
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i];
    if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 0) {
      return `dimension ${i} is ${String(d)}, not a non-negative integer`;
    }
  }
  return undefined;
}

/**
 * An n-dimensional array with a fixed dtype and shape. Elements are stored in row-major order:
 * the last index varies fastest, as in NumPy's default layout.
 *
 * @category Results
 */
export class NdArray<D extends DType = DType> {
  /** Number of elements (1 for a 0-d array). */
  readonly size: number;

  /**
   * @throws DecodeError when the shape has a negative or fractional dimension, or the storage
   * length does not match the shape.
   */
  constructor(
    readonly dtype: D,
    readonly shape: readonly number[],
    readonly data: DTypeStorage[D],
  ) {
    const problem = shapeProblem(shape);
    if (problem !== undefined) {
      throw new DecodeError('shape', 'an array shape', shape, 'invalid', `shape: ${problem}`);
    }
    this.size = shapeSize(shape);
    const want = this.size * slotsPer(dtype);
    if (data.length !== want) {
      throw new DecodeError(
        'data',
        `${want} storage slots`,
        data.length,
        'invalid',
        `data: ${dtype} storage of length ${data.length} does not fit shape (${shape.join(', ')}), which needs ${want}`,
      );
    }
  }

  /** A 0-d float64 array holding one number (how scalar expectation values are kept). */
  static scalar(value: number): NdArray<'float64'> {
    return new NdArray('float64', [], Float64Array.of(value));
  }

  /** A float64 array from numbers in row-major order. */
  static float64(
    values: ArrayLike<number>,
    shape: readonly number[] = [values.length],
  ): NdArray<'float64'> {
    return new NdArray('float64', shape, Float64Array.from(values));
  }

  /** Number of dimensions. */
  get ndim(): number {
    return this.shape.length;
  }

  /**
   * Row-major position of an index.
   *
   * @throws RangeError naming the axis when the index has the wrong length or a coordinate is
   * out of range (like reading past the end of a typed array, a programming error).
   */
  offset(index: readonly number[]): number {
    if (index.length !== this.shape.length) {
      throw new RangeError(
        `NdArray.get: expected ${this.shape.length} indices for shape (${this.shape.join(', ')}), got ${index.length}`,
      );
    }
    let flat = 0;
    for (let k = 0; k < index.length; k++) {
      const dim = this.shape[k]!;
      let i = index[k]!;
      if (Number.isInteger(i) && i < 0) i += dim;
      if (!Number.isInteger(i) || i < 0 || i >= dim) {
        throw new RangeError(
          `NdArray.get: index ${index[k]} out of range for axis ${k} of size ${dim}`,
        );
      }
      flat = flat * dim + i;
    }
    return flat;
  }

  /** The element at `index` (one coordinate per axis; negative counts from the end, as in NumPy). */
  get(...index: number[]): DTypeElement[D] {
    return this.at(this.offset(index));
  }

  /** The element at a row-major position. */
  at(flat: number): DTypeElement[D] {
    const data = this.data;
    switch (this.dtype) {
      case 'bool':
        return ((data as Uint8Array)[flat] !== 0) as DTypeElement[D];
      case 'complex128': {
        const f = data as Float64Array;
        return new Complex(f[2 * flat]!, f[2 * flat + 1]!) as DTypeElement[D];
      }
      default:
        return (data as ArrayLike<unknown>)[flat] as DTypeElement[D];
    }
  }

  /** All elements in row-major order. */
  toArray(): DTypeElement[D][] {
    const out = new Array<DTypeElement[D]>(this.size);
    for (let i = 0; i < this.size; i++) out[i] = this.at(i);
    return out;
  }

  /** The elements as nested arrays following the shape, like NumPy's `tolist()`. */
  toNested(): Nested<DTypeElement[D]> {
    if (this.shape.length === 0) return this.at(0);
    let pos = 0;
    const build = (axis: number): Nested<DTypeElement[D]>[] => {
      const dim = this.shape[axis]!;
      const out = new Array<Nested<DTypeElement[D]>>(dim);
      for (let i = 0; i < dim; i++) {
        out[i] = axis === this.shape.length - 1 ? this.at(pos++) : build(axis + 1);
      }
      return out;
    };
    return build(0);
  }

  /** `NdArray<float64>(shape=(2, 3))`. */
  toString(): string {
    return `NdArray<${this.dtype}>(shape=(${this.shape.join(', ')}${this.shape.length === 1 ? ',' : ''}))`;
  }
}

/** Most dimensions an array may have (NumPy 2's limit). */
export const MAX_NDIM = 64;

/**
 * Build an array from nested JSON lists (NumPy's `tolist()` form): a bare value is 0-d, and
 * the shape is read from the first element at each depth and then checked everywhere.
 * `float64` requires numbers (NaN and infinities included) at the leaves; `object` keeps any
 * leaf value. Ragged nesting or a wrong leaf is a {@link DecodeError} naming its path.
 */
export function nestedToNdArray<D extends 'float64' | 'object'>(
  value: unknown,
  dtype: D,
  path = '',
): Either<DecodeError, NdArray<D>> {
  const shape: number[] = [];
  for (let v = value; Array.isArray(v); v = v[0]) {
    if (shape.length === MAX_NDIM) {
      return left(
        new DecodeError(
          path,
          `an array of at most ${MAX_NDIM} dimensions`,
          value,
          'limit',
          `${path || '<root>'}: array nesting exceeds ${MAX_NDIM} dimensions`,
        ),
      );
    }
    shape.push(v.length);
    if (v.length === 0) break;
  }
  const size = shapeSize(shape);
  const data = dtype === 'float64' ? new Float64Array(size) : new Array<unknown>(size);
  let pos = 0;
  let problem: DecodeError | undefined;
  const fill = (v: unknown, axis: number, at: string): void => {
    if (problem !== undefined) return;
    if (axis === shape.length) {
      if (Array.isArray(v)) {
        problem = new DecodeError(
          at,
          dtype === 'float64' ? 'number' : 'a value at the innermost axis',
          v,
          'invalid',
          `${at || '<root>'}: ragged array: expected ${shape.length} nested levels (shape (${shape.join(', ')})), found a deeper list`,
        );
      } else if (dtype === 'float64' && typeof v !== 'number') {
        problem = new DecodeError(at, 'number', v);
      } else {
        data[pos++] = v as number;
      }
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[axis]) {
      problem = new DecodeError(
        at,
        `a list of length ${shape[axis]}`,
        v,
        'invalid',
        `${at || '<root>'}: ragged array: expected a list of length ${shape[axis]} (shape (${shape.join(', ')})), got ${describeValue(v)}`,
      );
      return;
    }
    for (let i = 0; i < v.length; i++) fill(v[i], axis + 1, `${at}[${i}]`);
  };
  fill(value, 0, path);
  if (problem !== undefined) return left(problem);
  return right(new NdArray(dtype, shape, data as DTypeStorage[D]));
}
