/**
 * The RuntimeEncoder vocabulary in job `params`: what qiskit-ibm-runtime's `RuntimeEncoder`
 * (`qiskit_ibm_runtime/json.py`) writes when it serialises a job, and what IBM's C client
 * writes for its pubs. {@link decodeEncodedParams} turns a params tree into plain JSON values
 * the program codecs check, bottom-up like the Python `object_hook`:
 *
 * - `QuantumCircuit` (base64 of zlib of QPY) and `Instruction` become {@link EncodedCircuit}
 *   holding the inflated QPY bytes (read later by the QPY reader);
 * - `ndarray` becomes nested lists of numbers (a `.npy` payload) or its decoded list (object
 *   arrays, such as observables), or stays the extrapolator name it may be;
 * - `set` becomes a list, `complex` a number when its imaginary part is 0 (a {@link Complex}
 *   otherwise), `datetime` its ISO text, `Parameter` its name, `to_json` its text;
 * - `ObservablesArray` becomes its nested list of `{pauli: coeff}`, `BindingsArray` a
 *   `{name: values}` map;
 * - `settings` objects of `SparsePauliOp`, `Pauli` and `PauliList` become the observable forms
 *   (`{pauli: coeff}`, a Pauli string, a list of them); other `settings` and `_json` objects,
 *   `NoiseModel`, `Result`, `spmatrix` and the result types stay as {@link OpaqueEncoded}.
 *
 * A tag the RuntimeEncoder never writes is an `unsupported` {@link DecodeError} naming it and
 * where it was. Compressed payloads share one inflate budget per call, so a zlib bomb stops at
 * the ceiling.
 *
 * @module
 */
import type { Either } from 'fp-ts/lib/Either.js';
import { isLeft, left, right } from 'fp-ts/lib/Either.js';
import { decodeBase64 } from './base64.js';
import { appendPath } from './decode.js';
import { DecodeError } from './errors.js';
import { Complex, type NdArray } from './nd-array.js';
import { parseNpy } from './npy.js';
import { inflate } from './zlib.js';

/** A circuit sent as QPY: the inflated QPY file of a `QuantumCircuit` (or `Instruction`). */
export class EncodedCircuit {
  constructor(
    /** The tag it was sent under. */
    readonly type: 'QuantumCircuit' | 'Instruction',
    /** The QPY file, inflated. */
    readonly qpy: Uint8Array,
    /** Where it was in the request (`params.pubs[0][0]`). */
    readonly path: string,
  ) {}

  toString(): string {
    return `encoded ${this.type} (${this.qpy.length} bytes of QPY)`;
  }
}

/**
 * An encoded value of a type this library does not build (`settings`, `_json`, `NoiseModel`, a
 * type from a newer client...): its tag, its payload as decoded, and `__module__.__class__` when
 * it carried them. Results, metadata and job params keep such values instead of failing.
 */
export class OpaqueEncoded {
  constructor(
    readonly type: string,
    readonly value: unknown,
    /** `__module__.__class__` of `settings` and `_json` objects. */
    readonly className: string | undefined,
  ) {}

  toString(): string {
    return `encoded ${this.type}${this.className === undefined ? '' : ` (${this.className})`}`;
  }
}

/** Every tag qiskit-ibm-runtime's `RuntimeEncoder` writes (`ParameterExpression`: before 0.24). */
export const RUNTIME_ENCODER_TYPES: readonly string[] = [
  'datetime',
  'complex',
  'ndarray',
  'set',
  'Result',
  'to_json',
  'QuantumCircuit',
  'Parameter',
  'ParameterExpression',
  'Instruction',
  'ObservablesArray',
  'BindingsArray',
  'BitArray',
  'DataBin',
  'EstimatorPubResult',
  'SamplerPubResult',
  'PubResult',
  'PrimitiveResult',
  'NoiseLearnerResult',
  'DoubleSliceSpan',
  'TwirledSliceSpanV2',
  'TwirledSliceSpan',
  'ExecutionSpan',
  'ExecutionSpans',
  'ExecutionSpanCollection',
  'PauliLindbladMap',
  'NoiseModel',
  'settings',
  '_json',
  'spmatrix',
];
const KNOWN: ReadonlySet<string> = new Set(RUNTIME_ENCODER_TYPES);

/** Strings an `ndarray` value may be instead of an array: the names of ZNE extrapolators. */
const EXTRAPOLATOR_NAMES: ReadonlySet<string> = new Set([
  'linear',
  'exponential',
  'double_exponential',
  'fallback',
  ...[1, 2, 3, 4, 5, 6, 7].map((d) => `polynomial_degree_${d}`),
]);

/** Default inflate budget of one params tree: 64 MiB. */
export const DEFAULT_MAX_PARAMS_INFLATE_BYTES = 64 * 1024 * 1024;

/** Default deepest nesting of a params tree. */
export const DEFAULT_MAX_PARAMS_DEPTH = 64;

/** Options of {@link decodeEncodedParams}. */
export interface EncodedParamsOptions {
  /** Most bytes all compressed payloads of the tree may inflate to, together. Default 64 MiB. */
  readonly maxInflateBytes?: number;
  /** Deepest nesting accepted. Default 64. */
  readonly maxDepth?: number;
}

type Obj = Record<string, unknown>;

const isObject = (v: unknown): v is Obj =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);

const own = (o: Obj, k: string): unknown =>
  Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined;

function setOwn(o: Obj, k: string, v: unknown): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

function fail(path: string, expected: string, actual: unknown, detail?: string): never {
  throw new DecodeError(path, expected, actual, 'invalid', detail);
}

/** A number from a complex value: itself when its imaginary part is 0, else the Complex. */
function realOr(c: Complex): number | Complex {
  return c.im === 0 ? c.re : c;
}

/** Elements of a decoded `.npy` array as nested lists of JS values. */
function npyToNested(array: NdArray, path: string): unknown {
  const items: unknown[] = new Array<unknown>(array.size);
  switch (array.dtype) {
    case 'float64':
    case 'uint8':
      for (let i = 0; i < array.size; i++) items[i] = (array.data as ArrayLike<number>)[i];
      break;
    case 'bool':
      for (let i = 0; i < array.size; i++) items[i] = (array.data as Uint8Array)[i] === 1;
      break;
    case 'int64': {
      const data = array.data as BigInt64Array;
      for (let i = 0; i < array.size; i++) {
        const v = data[i]!;
        if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(-Number.MAX_SAFE_INTEGER)) {
          fail(path, 'int64 values within ±2^53', v, `${path}: int64 value ${v} is out of range`);
        }
        items[i] = Number(v);
      }
      break;
    }
    case 'complex128': {
      const data = array.data as Float64Array;
      for (let i = 0; i < array.size; i++) {
        items[i] = realOr(new Complex(data[2 * i]!, data[2 * i + 1]!));
      }
      break;
    }
    default:
      for (let i = 0; i < array.size; i++) items[i] = (array.data as unknown[])[i];
  }
  const nest = (axis: number, offset: number): unknown => {
    if (axis === array.shape.length) return items[offset];
    const n = array.shape[axis]!;
    let stride = 1;
    for (let a = axis + 1; a < array.shape.length; a++) stride *= array.shape[a]!;
    const out = new Array<unknown>(n);
    for (let i = 0; i < n; i++) out[i] = nest(axis + 1, offset + i * stride);
    return out;
  };
  return nest(0, 0);
}

/** The QPY `PARAMETER` record (`!H16s`, then the UTF-8 name): the parameter's name. */
function parameterName(bytes: Uint8Array, path: string): string {
  if (bytes.length < 18)
    fail(path, 'a QPY parameter record', bytes, `${path}: truncated QPY parameter record`);
  const size = (bytes[0]! << 8) | bytes[1]!;
  if (bytes.length !== 18 + size) {
    fail(
      path,
      'a QPY parameter record',
      bytes,
      `${path}: QPY parameter record of ${bytes.length} bytes does not hold a name of ${size} bytes`,
    );
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(18));
  } catch {
    return fail(path, 'a UTF-8 parameter name', bytes, `${path}: parameter name is not UTF-8`);
  }
}

/** The label of a Pauli with its phase prefix (`-iXZ`) as an observable. */
function pauliLabel(label: unknown, path: string): unknown {
  if (typeof label !== 'string') return fail(path, 'a Pauli label', label);
  const m = /^(-?)(i?)(.*)$/.exec(label)!;
  const [, minus, imag, body] = m;
  if (imag !== '') return { [body!]: new Complex(0, minus === '' ? 1 : -1) };
  return minus === '' ? body : { [body!]: -1 };
}

class Decoder {
  private budget: number;
  private readonly maxDepth: number;

  constructor(options: EncodedParamsOptions) {
    this.budget = options.maxInflateBytes ?? DEFAULT_MAX_PARAMS_INFLATE_BYTES;
    this.maxDepth = options.maxDepth ?? DEFAULT_MAX_PARAMS_DEPTH;
  }

  value(value: unknown, path: string, depth: number): unknown {
    if (typeof value !== 'object' || value === null) return value;
    if (depth >= this.maxDepth) {
      throw new DecodeError(
        path,
        `values nested at most ${this.maxDepth} deep`,
        value,
        'limit',
        `${path}: nesting exceeds the limit of ${this.maxDepth} levels`,
      );
    }
    if (Array.isArray(value))
      return value.map((v, i) => this.value(v, appendPath(path, i), depth + 1));
    const obj = value as Obj;
    if (Object.prototype.hasOwnProperty.call(obj, '__type__')) return this.typed(obj, path, depth);
    const out: Obj = {};
    for (const [k, v] of Object.entries(obj))
      setOwn(out, k, this.value(v, appendPath(path, k), depth + 1));
    return out;
  }

  private typed(obj: Obj, path: string, depth: number): unknown {
    const type = obj['__type__'];
    if (typeof type !== 'string') fail(appendPath(path, '__type__'), 'a type name (string)', type);
    if (!KNOWN.has(type)) {
      throw new DecodeError(
        appendPath(path, '__type__'),
        'a type the RuntimeEncoder writes',
        type,
        'unsupported',
        `${path}: unknown encoded type ${JSON.stringify(type)} (the RuntimeEncoder writes ${RUNTIME_ENCODER_TYPES.join(', ')})`,
      );
    }
    const at = appendPath(path, '__value__');
    if (!Object.prototype.hasOwnProperty.call(obj, '__value__')) {
      fail(at, `the ${type} payload`, undefined);
    }
    const raw = obj['__value__'];
    switch (type) {
      case 'QuantumCircuit':
      case 'Instruction':
        return new EncodedCircuit(type, this.compressed(raw, at, 'QPY'), path);
      case 'ndarray':
        return this.ndarray(raw, at, depth);
      case 'Parameter': {
        if (typeof raw !== 'string') fail(at, 'base64 of a QPY parameter record', raw);
        return parameterName(this.bytes(raw, at), at);
      }
      case 'to_json':
        return raw;
      case 'datetime':
        if (typeof raw !== 'string') fail(at, 'an ISO 8601 date-time', raw);
        return raw;
      default:
        break;
    }
    const v = this.value(raw, at, depth + 1);
    switch (type) {
      case 'complex':
        if (
          !Array.isArray(v) ||
          v.length !== 2 ||
          typeof v[0] !== 'number' ||
          typeof v[1] !== 'number'
        ) {
          return fail(at, '[real, imag] numbers', v);
        }
        return realOr(new Complex(v[0], v[1]));
      case 'set':
        if (!Array.isArray(v)) fail(at, 'a list of set members', v);
        return v;
      case 'ObservablesArray':
        return v;
      case 'BindingsArray':
        return this.bindings(v, at);
      case 'settings':
        return this.settings(obj, v, path);
      case '_json':
        return new OpaqueEncoded(type, v, className(obj));
      default:
        return new OpaqueEncoded(type, v, undefined);
    }
  }

  /** base64 text to bytes. */
  private bytes(raw: string, path: string): Uint8Array {
    const b = decodeBase64(raw, path);
    if (isLeft(b)) throw b.left;
    return b.right;
  }

  /** base64 of zlib data, inflated within the budget. */
  private compressed(raw: unknown, path: string, what: string): Uint8Array {
    if (typeof raw !== 'string') return fail(path, `base64 of zlib-compressed ${what}`, raw);
    const bytes = this.bytes(raw, path);
    const inflated = inflateWithin(bytes, this.budget, path);
    this.budget -= inflated.length;
    return inflated;
  }

  private ndarray(raw: unknown, path: string, depth: number): unknown {
    if (typeof raw === 'string') {
      if (EXTRAPOLATOR_NAMES.has(raw)) return raw;
      const npy = parseNpy(this.compressed(raw, path, 'NPY'), path);
      if (isLeft(npy)) throw npy.left;
      return npyToNested(npy.right, path);
    }
    if (typeof raw === 'number' || Array.isArray(raw)) return this.value(raw, path, depth + 1);
    return fail(path, 'an ndarray (base64 of a zlib-compressed .npy file, or a list)', raw);
  }

  /** `{"shape": [...], "data": {"[\"a\", \"b\"]": ndarray}}` as `{a: values, b: values}`. */
  private bindings(v: unknown, path: string): Obj {
    if (!isObject(v)) return fail(path, '{"shape": [...], "data": {...}}', v);
    const data = own(v, 'data');
    const out: Obj = {};
    if (data === undefined || data === null) return out;
    const dataPath = appendPath(path, 'data');
    if (!isObject(data)) return fail(dataPath, 'an object of values by parameter names', data);
    for (const [key, values] of Object.entries(data)) {
      const at = appendPath(dataPath, key);
      let names: unknown;
      try {
        names = JSON.parse(key);
      } catch {
        names = undefined;
      }
      if (!Array.isArray(names) || names.some((n) => typeof n !== 'string')) {
        fail(at, 'a key that is a JSON list of parameter names', key);
      }
      const list = names as string[];
      if (list.length === 1) {
        const one = Array.isArray(values) && lastAxis(values) === 1 ? dropLastAxis(values) : values;
        setOwn(out, list[0]!, one);
        continue;
      }
      if (lastAxis(values) !== list.length) {
        fail(at, `values whose last axis has length ${list.length}`, values);
      }
      list.forEach((name, j) => setOwn(out, name, column(values, j)));
    }
    return out;
  }

  private settings(obj: Obj, v: unknown, path: string): unknown {
    const name = className(obj);
    const module = own(obj, '__module__');
    if (
      typeof module === 'string' &&
      module.startsWith('qiskit.quantum_info.operators') &&
      isObject(v)
    ) {
      const cls = own(obj, '__class__');
      const data = own(v, 'data');
      const at = appendPath(appendPath(path, '__value__'), 'data');
      if (cls === 'Pauli') return pauliLabel(data, at);
      if (cls === 'PauliList') {
        if (!Array.isArray(data)) return fail(at, 'a list of Pauli labels', data);
        return data.map((l, i) => pauliLabel(l, appendPath(at, i)));
      }
      if (cls === 'SparsePauliOp') return sparsePauliOp(data, own(v, 'coeffs'), path);
    }
    return new OpaqueEncoded('settings', v, name);
  }
}

function className(obj: Obj): string | undefined {
  const m = own(obj, '__module__');
  const c = own(obj, '__class__');
  return typeof m === 'string' && typeof c === 'string' ? `${m}.${c}` : undefined;
}

/** `SparsePauliOp(data=PauliList, coeffs=ndarray)` as one `{pauli: coeff}` observable. */
function sparsePauliOp(data: unknown, coeffs: unknown, path: string): Obj {
  const at = appendPath(path, '__value__');
  const labels = Array.isArray(data) ? data : [data];
  if (!Array.isArray(coeffs) || coeffs.length !== labels.length) {
    fail(appendPath(at, 'coeffs'), `${labels.length} coefficients`, coeffs);
  }
  const out: Obj = {};
  labels.forEach((label, i) => {
    const c = (coeffs as unknown[])[i];
    if (typeof c !== 'number' && !(c instanceof Complex)) {
      fail(appendPath(appendPath(at, 'coeffs'), i), 'a number', c);
    }
    // A label with a phase (from `Pauli`) arrives as {label: ±1 or ±i}.
    let body: string;
    let factor: number | Complex = 1;
    if (typeof label === 'string') body = label;
    else if (isObject(label) && Object.keys(label).length === 1) {
      body = Object.keys(label)[0]!;
      factor = label[body] as number | Complex;
    } else return fail(appendPath(appendPath(at, 'data'), i), 'a Pauli label', label);
    const term = multiply(c as number | Complex, factor);
    const prev = own(out, body) as number | Complex | undefined;
    setOwn(out, body, prev === undefined ? term : add(prev, term));
  });
  return out;
}

const re = (x: number | Complex): number => (typeof x === 'number' ? x : x.re);
const im = (x: number | Complex): number => (typeof x === 'number' ? 0 : x.im);
const multiply = (a: number | Complex, b: number | Complex): number | Complex =>
  realOr(new Complex(re(a) * re(b) - im(a) * im(b), re(a) * im(b) + im(a) * re(b)));
const add = (a: number | Complex, b: number | Complex): number | Complex =>
  realOr(new Complex(re(a) + re(b), im(a) + im(b)));

/** Length of the innermost axis of nested lists (undefined for a scalar). */
function lastAxis(v: unknown): number | undefined {
  let cur = v;
  let last: number | undefined;
  while (Array.isArray(cur)) {
    last = cur.length;
    if (cur.length === 0) break;
    cur = cur[0];
  }
  return last;
}

function dropLastAxis(v: unknown[]): unknown {
  return v.length > 0 && Array.isArray(v[0]) ? v.map((x) => dropLastAxis(x as unknown[])) : v[0];
}

function column(v: unknown, j: number): unknown {
  if (!Array.isArray(v)) return v;
  return v.length > 0 && Array.isArray(v[0]) ? v.map((x) => column(x, j)) : v[j];
}

/** Inflate zlib data within `budget` bytes (the shared ceiling). */
function inflateWithin(bytes: Uint8Array, budget: number, path: string): Uint8Array {
  const out = inflate(bytes, { maxOutputBytes: Math.max(0, budget), path });
  if (isLeft(out)) throw out.left;
  return out.right;
}

/**
 * Decode the RuntimeEncoder values of a job's `params` (see the module comment). Errors are
 * {@link DecodeError}s whose path starts at `path` (`params.pubs[0][1].__value__`).
 */
export function decodeEncodedParams(
  params: unknown,
  options: EncodedParamsOptions = {},
  path = 'params',
): Either<DecodeError, unknown> {
  try {
    return right(new Decoder(options).value(params, path, 0));
  } catch (e) {
    if (e instanceof DecodeError) return left(e);
    throw e;
  }
}
