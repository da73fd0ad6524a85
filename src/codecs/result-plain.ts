/**
 * Decoding of the plain REST result encoding (what `GET /jobs/{id}/results` returns without
 * `support_qiskit`): `{"results": [{"data": ..., "metadata": ...}], "metadata": ...}`.
 *
 * Sampler data are `{"<register>": {"samples": ["0x3", ...], "num_bits": n}}`, one hex integer
 * per shot; estimator data are `{"evs", "stds", "ensemble_standard_error"}` as numbers (scalar
 * pubs) or nested lists (broadcast pubs). Execution spans come as
 * `[{"date": start}, {"date": stop}, {"<pub>": [shape, [argStart, argStop], [shotStart, shotStop]]}]`.
 *
 * @module
 */
import type { Either } from 'fp-ts/lib/Either.js';
import { isLeft, left, right } from 'fp-ts/lib/Either.js';
import { BitArray } from './bit-array.js';
import { appendPath } from './decode.js';
import { DecodeError } from './errors.js';
import { HexSamplesText } from './hex-samples-text.js';
import type { NdArray } from './nd-array.js';
import { nestedToNdArray, shapeProblem, shapeSize } from './nd-array.js';
import type { DataSlice, Metadata, PubResult } from './result-model.js';
import {
  ExecutionSpan,
  PrimitiveResult,
  estimatorPubResult,
  parseResultDate,
  samplerPubResult,
} from './result-model.js';

type Obj = Record<string, unknown>;

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const own = (o: Obj, k: string): unknown =>
  Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined;

/**
 * Decode a parsed plain result body. Errors name the path of the bad field, e.g.
 * `results[0].data.meas.samples[3]: expected hex string, got 12`.
 */
export function decodePlainResult(value: unknown, path = ''): Either<DecodeError, PrimitiveResult> {
  if (!isObject(value)) {
    return left(new DecodeError(path, 'a result object with a "results" array', value));
  }
  const resultsPath = appendPath(path, 'results');
  const results = own(value, 'results');
  if (!Array.isArray(results)) {
    return left(new DecodeError(resultsPath, 'an array of pub results', results));
  }
  const metadata = decodePlainMetadata(own(value, 'metadata'), appendPath(path, 'metadata'));
  if (isLeft(metadata)) return metadata;
  const spans = spansOf(metadata.right);
  const pubs: PubResult[] = [];
  for (let i = 0; i < results.length; i++) {
    const pub = decodePlainPub(results[i], i, spans, appendPath(resultsPath, i));
    if (isLeft(pub)) return pub;
    pubs.push(pub.right);
  }
  return right(new PrimitiveResult(pubs, metadata.right));
}

function spansOf(metadata: Metadata): readonly ExecutionSpan[] {
  const execution = metadata['execution'];
  const spans = isObject(execution) ? own(execution, 'execution_spans') : undefined;
  return Array.isArray(spans) ? spans.filter((s) => s instanceof ExecutionSpan) : [];
}

/**
 * Metadata is free-form JSON kept as it is, except `execution.execution_spans`, which becomes
 * an array of {@link ExecutionSpan}.
 */
function decodePlainMetadata(value: unknown, path: string): Either<DecodeError, Metadata> {
  if (value === undefined || value === null) return right({});
  if (!isObject(value)) return left(new DecodeError(path, 'a metadata object', value));
  const execution = own(value, 'execution');
  if (!isObject(execution) || own(execution, 'execution_spans') === undefined) return right(value);
  const spansPath = appendPath(appendPath(path, 'execution'), 'execution_spans');
  const spans = decodePlainSpans(own(execution, 'execution_spans'), spansPath);
  if (isLeft(spans)) return spans;
  return right({ ...value, execution: { ...execution, execution_spans: spans.right } });
}

/** Decode the plain form of execution spans (see the module description). */
export function decodePlainSpans(
  value: unknown,
  path: string,
): Either<DecodeError, ExecutionSpan[]> {
  if (!Array.isArray(value))
    return left(new DecodeError(path, 'an array of execution spans', value));
  const out: ExecutionSpan[] = [];
  for (let i = 0; i < value.length; i++) {
    const at = appendPath(path, i);
    const span: unknown = value[i];
    if (!Array.isArray(span) || span.length !== 3) {
      return left(
        new DecodeError(at, 'a span [{"date": start}, {"date": stop}, {pub: slices}]', span),
      );
    }
    const start = plainDate(span[0], appendPath(at, 0));
    if (isLeft(start)) return start;
    const stop = plainDate(span[1], appendPath(at, 1));
    if (isLeft(stop)) return stop;
    const slicesPath = appendPath(at, 2);
    const slices: unknown = span[2];
    if (!isObject(slices))
      return left(new DecodeError(slicesPath, 'an object of data slices by pub index', slices));
    const dataSlices = new Map<number, DataSlice>();
    for (const [key, spec] of Object.entries(slices)) {
      const slicePath = appendPath(slicesPath, key);
      const index = decodePubIndex(key, slicePath);
      if (isLeft(index)) return index;
      const slice = plainSlice(spec, slicePath);
      if (isLeft(slice)) return slice;
      dataSlices.set(index.right, slice.right);
    }
    const kinds = new Set([...dataSlices.values()].map((s) => s.kind));
    if (kinds.size > 1) {
      return left(
        new DecodeError(
          slicesPath,
          'slices of one kind',
          slices,
          'invalid',
          `${slicesPath}: a span mixes [shape, [a, b]] and [shape, [a, b], [c, d]] slices`,
        ),
      );
    }
    const type = kinds.has('slice') ? 'ExecutionSpan' : 'DoubleSliceSpan';
    out.push(new ExecutionSpan(type, start.right, stop.right, dataSlices));
  }
  return right(out);
}

/**
 * Decode a pub index key of `data_slices` (a decimal integer string), reporting at `path`.
 *
 * @internal Shared with the RuntimeEncoder decoder.
 */
export function decodePubIndex(key: string, path: string): Either<DecodeError, number> {
  return /^(0|[1-9][0-9]*)$/.test(key) && Number.isSafeInteger(Number(key))
    ? right(Number(key))
    : left(new DecodeError(path, 'a pub index (a non-negative integer key)', key));
}

function plainDate(value: unknown, path: string): Either<DecodeError, Date> {
  const text = isObject(value) ? own(value, 'date') : undefined;
  const date = typeof text === 'string' ? parseResultDate(text) : undefined;
  if (date === undefined) {
    return left(
      new DecodeError(
        isObject(value) ? appendPath(path, 'date') : path,
        '{"date": ISO 8601 date-time}',
        isObject(value) ? text : value,
      ),
    );
  }
  return right(date);
}

/** `[shape, [argStart, argStop], [shotStart, shotStop]]`, or `[shape, [start, stop]]` for a flat slice. */
function plainSlice(value: unknown, path: string): Either<DecodeError, DataSlice> {
  const expected = '[shape, [argStart, argStop], [shotStart, shotStop]]';
  if (!Array.isArray(value) || (value.length !== 2 && value.length !== 3)) {
    return left(new DecodeError(path, expected, value));
  }
  const shape = decodeShape(value[0], appendPath(path, 0));
  if (isLeft(shape)) return shape;
  const pairs: [number, number][] = [];
  for (let k = 1; k < value.length; k++) {
    const pair: unknown = value[k];
    if (
      !Array.isArray(pair) ||
      pair.length !== 2 ||
      !pair.every((n) => typeof n === 'number' && Number.isSafeInteger(n))
    ) {
      return left(new DecodeError(appendPath(path, k), 'a [start, stop] pair of integers', pair));
    }
    pairs.push([pair[0] as number, pair[1] as number]);
  }
  const [first, second] = pairs;
  if (second === undefined) {
    return right({ kind: 'slice', shape: shape.right, start: first![0], stop: first![1] });
  }
  return right({
    kind: 'double',
    shape: shape.right,
    argStart: first![0],
    argStop: first![1],
    shotStart: second[0],
    shotStop: second[1],
  });
}

/**
 * Decode an array shape (a list of non-negative integers), reporting at `path`.
 *
 * @internal Shared with the RuntimeEncoder decoder.
 */
export function decodeShape(value: unknown, path: string): Either<DecodeError, number[]> {
  if (!Array.isArray(value))
    return left(new DecodeError(path, 'a shape (a list of integers)', value));
  const problem = shapeProblem(value);
  if (problem !== undefined) {
    return left(
      new DecodeError(
        path,
        'a shape (a list of non-negative integers)',
        value,
        'invalid',
        `${path}: ${problem}`,
      ),
    );
  }
  return right(value as number[]);
}

function decodePlainPub(
  value: unknown,
  index: number,
  spans: readonly ExecutionSpan[],
  path: string,
): Either<DecodeError, PubResult> {
  if (!isObject(value))
    return left(new DecodeError(path, 'a pub result object with "data"', value));
  const dataPath = appendPath(path, 'data');
  const data = own(value, 'data');
  if (!isObject(data)) return left(new DecodeError(dataPath, 'a data object', data));
  const metadata = decodePlainMetadata(own(value, 'metadata'), appendPath(path, 'metadata'));
  if (isLeft(metadata)) return metadata;
  // Estimator data have `evs` (a number or nested list); a classical register that happens to
  // be called `evs` is an object with samples.
  const evs = own(data, 'evs');
  if (evs !== undefined && !(isObject(evs) && own(evs, 'samples') !== undefined)) {
    return decodeEstimatorData(data, metadata.right, dataPath);
  }

  const pubShape = shapeFromSpans(spans, index);
  const registers: Record<string, BitArray> = {};
  for (const [name, register] of Object.entries(data)) {
    const at = appendPath(dataPath, name);
    if (!isObject(register)) {
      return left(new DecodeError(at, 'a register {"samples": [...], "num_bits": n}', register));
    }
    const samples = own(register, 'samples');
    const numBits = own(register, 'num_bits');
    if (typeof numBits !== 'number' || !Number.isSafeInteger(numBits) || numBits < 0) {
      return left(new DecodeError(appendPath(at, 'num_bits'), 'a non-negative integer', numBits));
    }
    const samplesPath = appendPath(at, 'samples');
    const count =
      Array.isArray(samples) || samples instanceof HexSamplesText ? samples.length : undefined;
    const shape =
      pubShape !== undefined && shapeSize(pubShape.full) === count ? pubShape.sweep : [];
    const bits = BitArray.decodeHexSamples(samples, numBits, shape, samplesPath);
    if (isLeft(bits)) return bits;
    Object.defineProperty(registers, name, { value: bits.right, enumerable: true });
  }
  return right(samplerPubResult(registers, metadata.right));
}

/**
 * The sweep shape of a pub as the spans record it: slice shapes are `(*pub shape, shots)`.
 * Only used when every span covering the pub agrees.
 */
function shapeFromSpans(
  spans: readonly ExecutionSpan[],
  index: number,
): { full: readonly number[]; sweep: readonly number[] } | undefined {
  let full: readonly number[] | undefined;
  for (const span of spans) {
    const slice = span.dataSlices.get(index);
    if (slice === undefined) continue;
    if (full === undefined) full = slice.shape;
    else if (full.length !== slice.shape.length || full.some((d, i) => d !== slice.shape[i])) {
      return undefined;
    }
  }
  return full === undefined || full.length === 0 ? undefined : { full, sweep: full.slice(0, -1) };
}

/** Plain field names whose model name differs. */
const FIELD_NAMES: ReadonlyMap<string, string> = new Map([
  ['ensemble_standard_error', 'ensembleStandardError'],
]);

function decodeEstimatorData(
  data: Obj,
  metadata: Metadata,
  path: string,
): Either<DecodeError, PubResult> {
  const fields = new Map<string, NdArray>();
  for (const [name, value] of Object.entries(data)) {
    const array = nestedToNdArray(value, 'float64', appendPath(path, name));
    if (isLeft(array)) return array;
    fields.set(FIELD_NAMES.get(name) ?? name, array.right);
  }
  return estimatorFromFields(fields, metadata, path);
}

/**
 * Build an estimator pub result from its data fields by model name (`evs`, `stds`,
 * `ensembleStandardError`, others kept by name); `evs` and `stds` are required.
 *
 * @internal Shared with the RuntimeEncoder decoder.
 */
export function estimatorFromFields(
  fields: ReadonlyMap<string, NdArray>,
  metadata: Metadata,
  path: string,
): Either<DecodeError, PubResult> {
  const evs = fields.get('evs');
  const stds = fields.get('stds');
  if (evs === undefined) {
    return left(new DecodeError(appendPath(path, 'evs'), 'expectation values', undefined));
  }
  if (stds === undefined) {
    return left(new DecodeError(appendPath(path, 'stds'), 'standard errors', undefined));
  }
  const extra: Record<string, NdArray> = {};
  for (const [name, value] of fields) {
    if (name !== 'evs' && name !== 'stds' && name !== 'ensembleStandardError') {
      Object.defineProperty(extra, name, { value, enumerable: true });
    }
  }
  return right(
    estimatorPubResult(
      { evs, stds, ensembleStandardError: fields.get('ensembleStandardError'), extra },
      metadata,
    ),
  );
}
