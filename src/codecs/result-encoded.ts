/**
 * Decoding of RuntimeEncoder results: JSON where typed values are objects
 * `{"__type__": tag, "__value__": payload}` (qiskit-ibm-runtime's `RuntimeEncoder`, used when a
 * job is submitted with `support_qiskit`).
 *
 * Decoding is bottom-up, like the Python `object_hook`: the payload is decoded first, then the
 * tag builds the value. Known tags: `PrimitiveResult`, `SamplerPubResult`,
 * `EstimatorPubResult`, `PubResult`, `DataBin`, `BitArray`, `ndarray` (base64 of a
 * zlib-compressed `.npy` file, or a JSON list for object arrays), `complex`, `datetime` (naive
 * times are UTC), `set`, `ExecutionSpans` (old name `ExecutionSpanCollection`),
 * `ExecutionSpan`, `DoubleSliceSpan`, `TwirledSliceSpan` and `TwirledSliceSpanV2`.
 *
 * Any other tag (`settings`, `_json`, `QuantumCircuit`, `PauliLindbladMap`, a type from a newer
 * client...) becomes an {@link OpaqueEncoded} holding the tag, its decoded payload and, for
 * `settings`/`_json`, `__module__.__class__`, so the rest of the result still decodes: the
 * official `RuntimeDecoder.object_hook` hands back such objects unchanged
 * (Qiskit/qiskit-ibm-runtime `qiskit_ibm_runtime/json.py`, the closing `return obj`). Where the
 * result's structure needs a known type (a pub result, a BitArray field of a sampler pub),
 * anything else is still a {@link DecodeError} naming the path; so is a missing `__value__`.
 *
 * @module
 */
import type { Either } from 'fp-ts/lib/Either.js';
import { isLeft, left, right } from 'fp-ts/lib/Either.js';
import { decodeBase64 } from './base64.js';
import { BitArray } from './bit-array.js';
import { appendPath } from './decode.js';
import { DecodeError } from './errors.js';
import { OpaqueEncoded } from './encoded-params.js';
import { DEFAULT_MAX_JSON_DEPTH } from './json.js';
import { Complex, NdArray, nestedToNdArray } from './nd-array.js';
import { parseNpy } from './npy.js';
import type { DataSlice, ExecutionSpanType, Metadata, PubResult } from './result-model.js';
import {
  ExecutionSpan,
  PrimitiveResult,
  parseResultDate,
  samplerPubResult,
} from './result-model.js';
import { decodePubIndex, decodeShape, estimatorFromFields } from './result-plain.js';
import { DEFAULT_MAX_INFLATE_BYTES, inflate } from './zlib.js';

/** Options of the RuntimeEncoder decoders. */
export interface EncodedDecodeOptions {
  /**
   * Most bytes all compressed arrays of one result may inflate to, together (a guard against
   * decompression bombs). Default 256 MiB.
   */
  readonly maxInflateBytes?: number;
  /** Deepest nesting of values accepted. Default 512. */
  readonly maxDepth?: number;
}

/** The tags this decoder builds values of; any other tag decodes to an {@link OpaqueEncoded}. */
export const SUPPORTED_TYPES: readonly string[] = [
  'PrimitiveResult',
  'SamplerPubResult',
  'EstimatorPubResult',
  'PubResult',
  'DataBin',
  'BitArray',
  'ndarray',
  'complex',
  'datetime',
  'set',
  'ExecutionSpans',
  'ExecutionSpanCollection',
  'ExecutionSpan',
  'DoubleSliceSpan',
  'TwirledSliceSpan',
  'TwirledSliceSpanV2',
];
const SUPPORTED: ReadonlySet<string> = new Set(SUPPORTED_TYPES);

/** Strings an `ndarray` value may be instead of an array: the names of extrapolators. */
const EXTRAPOLATOR_NAMES: ReadonlySet<string> = new Set([
  'linear',
  'exponential',
  'double_exponential',
  'fallback',
  ...[1, 2, 3, 4, 5, 6, 7].map((d) => `polynomial_degree_${d}`),
]);

type Obj = Record<string, unknown>;

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const own = (o: Obj, k: string): unknown =>
  Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined;

/** Where a decoded DataBin's fields were, and its shape, for the pub result that owns it. */
interface DataBinInfo {
  readonly fieldsPath: string;
  readonly shape: readonly number[];
}

/** Decoding state shared by one decode call. */
class Decoder {
  /** Inflate budget left, in bytes. */
  private budget: number;
  private readonly dataBins = new WeakMap<object, DataBinInfo>();
  private readonly maxDepth: number;

  constructor(options: EncodedDecodeOptions) {
    this.budget = options.maxInflateBytes ?? DEFAULT_MAX_INFLATE_BYTES;
    this.maxDepth = options.maxDepth ?? DEFAULT_MAX_JSON_DEPTH;
  }

  /** Decode any value, bottom-up. Throws DecodeError (caught at the module's boundary). */
  value(value: unknown, path: string, depth: number): unknown {
    if (typeof value !== 'object' || value === null) return value;
    if (depth >= this.maxDepth) {
      throw new DecodeError(
        path,
        `values nested at most ${this.maxDepth} deep`,
        value,
        'limit',
        `${path || '<root>'}: nesting exceeds the limit of ${this.maxDepth} levels`,
      );
    }
    if (Array.isArray(value)) {
      return value.map((v, i) => this.value(v, appendPath(path, i), depth + 1));
    }
    const obj = value as Obj;
    if (Object.prototype.hasOwnProperty.call(obj, '__type__')) return this.typed(obj, path, depth);
    const out: Obj = {};
    for (const [k, v] of Object.entries(obj)) {
      Object.defineProperty(out, k, {
        value: this.value(v, appendPath(path, k), depth + 1),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }

  private typed(obj: Obj, path: string, depth: number): unknown {
    const type = obj['__type__'];
    if (typeof type !== 'string') {
      throw new DecodeError(appendPath(path, '__type__'), 'a type name (string)', type);
    }
    const at = appendPath(path, '__value__');
    if (!Object.prototype.hasOwnProperty.call(obj, '__value__')) {
      throw new DecodeError(at, `the ${type} payload`, undefined);
    }
    const raw = obj['__value__'];
    if (!SUPPORTED.has(type)) return this.opaque(type, obj, raw, at, depth);
    if (type === 'ndarray') return this.ndarray(raw, at);
    const v = this.value(raw, at, depth + 1);
    switch (type) {
      case 'datetime':
        return this.datetime(v, at);
      case 'complex':
        if (
          !Array.isArray(v) ||
          v.length !== 2 ||
          typeof v[0] !== 'number' ||
          typeof v[1] !== 'number'
        ) {
          throw new DecodeError(at, '[real, imag] numbers', v);
        }
        return new Complex(v[0], v[1]);
      case 'set':
        if (!Array.isArray(v)) throw new DecodeError(at, 'a list of set members', v);
        return new Set(v);
      case 'BitArray': {
        const o = this.object(v, at, '{"array": ndarray, "num_bits": n}');
        const array = own(o, 'array');
        if (!(array instanceof NdArray)) {
          throw new DecodeError(appendPath(at, 'array'), 'an ndarray of packed bits', array);
        }
        return orThrow(BitArray.fromNdArray(array, own(o, 'num_bits'), at));
      }
      case 'DataBin':
        return this.dataBin(v, at);
      case 'SamplerPubResult':
      case 'EstimatorPubResult':
      case 'PubResult':
        return this.pubResult(type, v, at);
      case 'PrimitiveResult': {
        const o = this.object(v, at, '{"pub_results": [...], "metadata": {...}}');
        const pubs = own(o, 'pub_results');
        const pubsPath = appendPath(at, 'pub_results');
        if (!Array.isArray(pubs)) throw new DecodeError(pubsPath, 'a list of pub results', pubs);
        pubs.forEach((p, i) => {
          if (!isPubResult(p)) {
            throw new DecodeError(
              appendPath(pubsPath, i),
              'a SamplerPubResult, EstimatorPubResult or PubResult',
              p,
            );
          }
        });
        return new PrimitiveResult(pubs as PubResult[], this.metadata(o, at));
      }
      case 'ExecutionSpans':
      case 'ExecutionSpanCollection': {
        const o = this.object(v, at, '{"spans": [...]}');
        const spans = own(o, 'spans');
        const spansPath = appendPath(at, 'spans');
        if (!Array.isArray(spans))
          throw new DecodeError(spansPath, 'a list of execution spans', spans);
        spans.forEach((s, i) => {
          // A span type from a newer client stays opaque, as in the official decoder;
          // `PrimitiveResult.executionSpans` lists the known ones.
          if (!(s instanceof ExecutionSpan) && !(s instanceof OpaqueEncoded)) {
            throw new DecodeError(appendPath(spansPath, i), 'an execution span', s);
          }
        });
        return spans as (ExecutionSpan | OpaqueEncoded)[];
      }
      default:
        return this.span(type as ExecutionSpanType, v, at);
    }
  }

  /**
   * A tag this decoder does not build: its payload decoded like any value, and the
   * `__module__`/`__class__` that `settings` and `_json` objects carry.
   */
  private opaque(type: string, obj: Obj, raw: unknown, at: string, depth: number): OpaqueEncoded {
    const module = own(obj, '__module__');
    const cls = own(obj, '__class__');
    const className =
      typeof module === 'string' && typeof cls === 'string' ? `${module}.${cls}` : undefined;
    return new OpaqueEncoded(type, this.value(raw, at, depth + 1), className);
  }

  private object(v: unknown, path: string, expected: string): Obj {
    if (!isObject(v)) throw new DecodeError(path, expected, v);
    return v;
  }

  private metadata(o: Obj, path: string): Metadata {
    const m = own(o, 'metadata');
    if (m === undefined || m === null) return {};
    if (!isObject(m)) throw new DecodeError(appendPath(path, 'metadata'), 'a metadata object', m);
    return m;
  }

  private datetime(v: unknown, path: string): Date {
    const date = typeof v === 'string' ? parseResultDate(v) : undefined;
    if (date === undefined) throw new DecodeError(path, 'an ISO 8601 date-time', v);
    return date;
  }

  private ndarray(raw: unknown, path: string): unknown {
    if (typeof raw === 'string') {
      if (EXTRAPOLATOR_NAMES.has(raw)) return raw;
      const bytes = orThrow(decodeBase64(raw, path));
      const inflated = orThrow(inflate(bytes, { maxOutputBytes: this.budget, path }));
      this.budget -= inflated.length;
      return orThrow(parseNpy(inflated, path));
    }
    if (typeof raw === 'number' || Array.isArray(raw)) {
      return orThrow(nestedToNdArray(raw, 'object', path));
    }
    throw new DecodeError(
      path,
      'an ndarray (base64 of a zlib-compressed .npy file, or a list)',
      raw,
    );
  }

  private dataBin(v: unknown, path: string): Obj {
    const o = this.object(v, path, '{"field_names": [...], "shape": [...], "fields": {...}}');
    const fieldsPath = appendPath(path, 'fields');
    const fields = own(o, 'fields');
    if (!isObject(fields)) throw new DecodeError(fieldsPath, 'an object of fields by name', fields);
    const rawShape = own(o, 'shape');
    const shape =
      rawShape === undefined || rawShape === null
        ? []
        : orThrow(decodeShape(rawShape, appendPath(path, 'shape')));
    const names = own(o, 'field_names');
    if (names !== undefined) {
      const namesPath = appendPath(path, 'field_names');
      if (!Array.isArray(names) || !names.every((n) => typeof n === 'string')) {
        throw new DecodeError(namesPath, 'a list of field names', names);
      }
      const missing = names.find((n) => !Object.prototype.hasOwnProperty.call(fields, n));
      if (missing !== undefined) {
        throw new DecodeError(
          appendPath(fieldsPath, missing),
          `the field ${JSON.stringify(missing)} listed in field_names`,
          undefined,
        );
      }
    }
    const out: Obj = {};
    for (const [k, value] of Object.entries(fields)) {
      Object.defineProperty(out, k, { value, enumerable: true });
    }
    this.dataBins.set(out, { fieldsPath, shape });
    return out;
  }

  private pubResult(
    type: 'SamplerPubResult' | 'EstimatorPubResult' | 'PubResult',
    v: unknown,
    path: string,
  ): PubResult {
    const o = this.object(v, path, '{"data": DataBin, "metadata": {...}}');
    const dataPath = appendPath(path, 'data');
    const data = own(o, 'data');
    const info = isObject(data) ? this.dataBins.get(data) : undefined;
    if (info === undefined || !isObject(data)) throw new DecodeError(dataPath, 'a DataBin', data);
    const metadata = this.metadata(o, path);
    const entries = Object.entries(data);
    const allBits = entries.every(([, f]) => f instanceof BitArray);
    const sampler =
      type === 'SamplerPubResult' || (type === 'PubResult' && entries.length > 0 && allBits);
    if (sampler) {
      for (const [name, f] of entries) {
        if (!(f instanceof BitArray)) {
          throw new DecodeError(appendPath(info.fieldsPath, name), 'a BitArray', f);
        }
      }
      return samplerPubResult(data as Record<string, BitArray>, metadata);
    }
    if (type === 'PubResult' && own(data, 'evs') === undefined) {
      throw new DecodeError(
        info.fieldsPath,
        'BitArray fields (sampler) or evs/stds (estimator)',
        data,
        'unsupported',
        `${info.fieldsPath}: a PubResult whose data are neither BitArrays nor evs/stds is not supported`,
      );
    }
    const fields = new Map<string, NdArray>();
    for (const [name, f] of entries) {
      const array = typeof f === 'number' ? NdArray.scalar(f) : f;
      if (!(array instanceof NdArray)) {
        throw new DecodeError(appendPath(info.fieldsPath, name), 'an ndarray or a number', f);
      }
      fields.set(name === 'ensemble_standard_error' ? 'ensembleStandardError' : name, array);
    }
    return orThrow(estimatorFromFields(fields, metadata, info.fieldsPath));
  }

  private span(type: ExecutionSpanType, v: unknown, path: string): ExecutionSpan {
    const o = this.object(v, path, '{"start": datetime, "stop": datetime, "data_slices": {...}}');
    const start = own(o, 'start');
    const stop = own(o, 'stop');
    if (!(start instanceof Date))
      throw new DecodeError(appendPath(path, 'start'), 'a datetime', start);
    if (!(stop instanceof Date))
      throw new DecodeError(appendPath(path, 'stop'), 'a datetime', stop);
    const slicesPath = appendPath(path, 'data_slices');
    const slices = own(o, 'data_slices');
    if (!isObject(slices))
      throw new DecodeError(slicesPath, 'an object of data slices by pub index', slices);
    const dataSlices = new Map<number, DataSlice>();
    for (const [key, spec] of Object.entries(slices)) {
      const at = appendPath(slicesPath, key);
      dataSlices.set(orThrow(decodePubIndex(key, at)), sliceOf(type, spec, at));
    }
    return new ExecutionSpan(type, start, stop, dataSlices);
  }
}

/** The layout of one `data_slices` entry per span type. */
const SLICE_LAYOUTS: Readonly<Record<ExecutionSpanType, string>> = {
  ExecutionSpan: '[shape, start, stop]',
  DoubleSliceSpan: '[shape, arg_start, arg_stop, shot_start, shot_stop]',
  TwirledSliceSpan: '[shape, at_start, arg_start, arg_stop, shot_start, shot_stop]',
  TwirledSliceSpanV2: '[shape, at_start, arg_start, arg_stop, shot_start, shot_stop, pub_shots]',
};

function sliceOf(type: ExecutionSpanType, spec: unknown, path: string): DataSlice {
  const layout = SLICE_LAYOUTS[type];
  const length = layout.split(',').length;
  if (!Array.isArray(spec) || spec.length !== length) throw new DecodeError(path, layout, spec);
  const shape = orThrow(decodeShape(spec[0], appendPath(path, 0)));
  const twirled = type === 'TwirledSliceSpan' || type === 'TwirledSliceSpanV2';
  if (twirled && typeof spec[1] !== 'boolean') {
    throw new DecodeError(appendPath(path, 1), 'a boolean (at_start)', spec[1]);
  }
  const ints: number[] = [];
  for (let k = twirled ? 2 : 1; k < length; k++) {
    const n: unknown = spec[k];
    if (typeof n !== 'number' || !Number.isSafeInteger(n)) {
      throw new DecodeError(appendPath(path, k), 'an integer', n);
    }
    ints.push(n);
  }
  switch (type) {
    case 'ExecutionSpan':
      return { kind: 'slice', shape, start: ints[0]!, stop: ints[1]! };
    case 'DoubleSliceSpan':
      return {
        kind: 'double',
        shape,
        argStart: ints[0]!,
        argStop: ints[1]!,
        shotStart: ints[2]!,
        shotStop: ints[3]!,
      };
    default:
      return {
        kind: 'twirled',
        shape,
        atStart: spec[1] as boolean,
        argStart: ints[0]!,
        argStop: ints[1]!,
        shotStart: ints[2]!,
        shotStop: ints[3]!,
        ...(type === 'TwirledSliceSpanV2' ? { pubShots: ints[4]! } : {}),
      };
  }
}

function isPubResult(v: unknown): v is PubResult {
  return (
    isObject(v) && (v['kind'] === 'sampler' || v['kind'] === 'estimator') && isObject(v['data'])
  );
}

function orThrow<A>(e: Either<DecodeError, A>): A {
  if (isLeft(e)) throw e.left;
  return e.right;
}

function run<A>(f: () => A): Either<DecodeError, A> {
  try {
    return right(f());
  } catch (e) {
    if (e instanceof DecodeError) return left(e);
    throw e;
  }
}

/**
 * Decode any RuntimeEncoder value (results, metadata, a lone `ndarray`...) into the library's
 * values: `Date`, {@link Complex}, `Set`, {@link NdArray}, {@link BitArray},
 * {@link ExecutionSpan}, pub results and {@link PrimitiveResult}; other tags become
 * {@link OpaqueEncoded}. Objects without `__type__` are kept, with their members decoded.
 */
export function decodeRuntimeValue(
  value: unknown,
  options: EncodedDecodeOptions = {},
  path = '',
): Either<DecodeError, unknown> {
  return run(() => new Decoder(options).value(value, path, 0));
}

/** Decode a RuntimeEncoder result: the top-level value must be a `PrimitiveResult`. */
export function decodeEncodedResult(
  value: unknown,
  options: EncodedDecodeOptions = {},
  path = '',
): Either<DecodeError, PrimitiveResult> {
  if (!isObject(value) || own(value, '__type__') !== 'PrimitiveResult') {
    const type = isObject(value) ? own(value, '__type__') : undefined;
    return left(
      new DecodeError(
        appendPath(path, '__type__'),
        '"PrimitiveResult"',
        isObject(value) ? type : value,
        typeof type === 'string' ? 'unsupported' : 'invalid',
      ),
    );
  }
  return run(() => new Decoder(options).value(value, path, 0) as PrimitiveResult);
}
