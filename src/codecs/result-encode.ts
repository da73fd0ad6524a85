/**
 * Encoders for results, in both encodings the service uses: the plain REST JSON
 * ({@link encodePlainResult}) and the RuntimeEncoder `__type__`/`__value__` form with arrays as
 * base64 of zlib-compressed `.npy` files ({@link encodeRuntimeResult}). Each writes exactly
 * what {@link decodeResult} reads back. Non-finite numbers are written as bare `NaN`,
 * `Infinity` and `-Infinity`, as Python's `json` does.
 *
 * @module
 */
import { encodeBase64 } from './base64.js';
import { BitArray } from './bit-array.js';
import { stringifyJson } from './json.js';
import { Complex, NdArray } from './nd-array.js';
import { writeNpy } from './npy.js';
import type { DataSlice, Metadata, PrimitiveResult, PubResult } from './result-model.js';
import { ExecutionSpan, formatResultDate } from './result-model.js';
import { deflate } from './zlib.js';

/** Model field names whose wire name differs. */
const WIRE_NAMES: ReadonlyMap<string, string> = new Map([
  ['ensembleStandardError', 'ensemble_standard_error'],
]);

function wireName(name: string): string {
  return WIRE_NAMES.get(name) ?? name;
}

/** Assign without tripping over a `__proto__` key. */
function put(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

// ---------------------------------------------------------------------------------------------
// Plain REST JSON

/**
 * Encode a result as the plain REST JSON: sampler registers as `{"samples": ["0x…"],
 * "num_bits": n}` (shots flattened over the pub shape), estimator fields as numbers (0-d) or
 * nested lists, execution spans as `[{"date"}, {"date"}, {"<pub>": [shape, [a, b], [c, d]]}]`.
 *
 * Twirled spans have no plain form of their own and are written as double-slice spans (their
 * `atStart`/`pubShots` are dropped); complex numbers become `[re, im]`.
 */
export function encodePlainResult(result: PrimitiveResult): string {
  return joinResult(
    'plain',
    result.map((pub: PubResult) => encodePubText(pub, 'plain')),
    result.metadata,
  );
}

/** The two encodings of a result: plain REST JSON, or qiskit-ibm-runtime's RuntimeEncoder form. */
export type ResultEncoding = 'plain' | 'runtime';

/** The text of one PUB's entry in a result of `encoding` (an element of its PUB list). */
export function encodePubText(pub: PubResult, encoding: ResultEncoding): string {
  if (encoding === 'runtime') return stringifyJson(encodePub(pub));
  return stringifyJson({
    data: pub.kind === 'sampler' ? plainSamplerData(pub.data) : plainFields(pub.data),
    metadata: toPlain(pub.metadata),
  });
}

/**
 * A result's text from its PUBs' texts ({@link encodePubText} in the same encoding) and its
 * metadata: exactly what {@link encodePlainResult} or {@link encodeRuntimeResult} writes for
 * those PUBs. A producer that publishes a growing result after every PUB (the local runtime's
 * interim results) thus encodes each PUB once, however often the result is published.
 */
export function joinResult(
  encoding: ResultEncoding,
  pubTexts: readonly string[],
  metadata: Metadata,
): string {
  // Concatenated rather than joined: the engine keeps the texts as a rope sharing the PUBs'
  // strings, so the results of a growing list cost no copy until one is read.
  let pubs = '';
  for (let i = 0; i < pubTexts.length; i++)
    pubs = i === 0 ? pubTexts[0]! : pubs + ',' + pubTexts[i]!;
  return encoding === 'runtime'
    ? `{"__type__":"PrimitiveResult","__value__":{"pub_results":[${pubs}],"metadata":${stringifyJson(encodeRuntimeValue(metadata))}}}`
    : `{"results":[${pubs}],"metadata":${stringifyJson(toPlain(metadata))}}`;
}

function plainSamplerData(data: Readonly<Record<string, BitArray>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, bits] of Object.entries(data)) {
    put(out, name, { samples: bits.toHexSamples(), num_bits: bits.numBits });
  }
  return out;
}

function plainFields(data: Readonly<Record<string, NdArray | undefined>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, array] of Object.entries(data)) {
    if (array !== undefined) put(out, wireName(name), toPlain(array));
  }
  return out;
}

function plainSlice(slice: DataSlice): unknown[] {
  return slice.kind === 'slice'
    ? [slice.shape, [slice.start, slice.stop]]
    : [slice.shape, [slice.argStart, slice.argStop], [slice.shotStart, slice.shotStop]];
}

/** Convert a decoded value back to plain JSON values. */
function toPlain(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof Date) return formatResultDate(value);
  if (value instanceof Complex) return [value.re, value.im];
  if (value instanceof NdArray) {
    return value.shape.length === 0 ? toPlain(value.at(0)) : toPlain(value.toNested());
  }
  if (value instanceof BitArray) return { samples: value.toHexSamples(), num_bits: value.numBits };
  if (value instanceof ExecutionSpan) {
    const slices: Record<string, unknown> = {};
    for (const [i, s] of value.dataSlices) slices[String(i)] = plainSlice(s);
    return [
      { date: formatResultDate(value.start) },
      { date: formatResultDate(value.stop) },
      slices,
    ];
  }
  if (value instanceof Set) return [...value].map(toPlain);
  if (Array.isArray(value)) return value.map(toPlain);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) put(out, k, toPlain(v));
  return out;
}

// ---------------------------------------------------------------------------------------------
// RuntimeEncoder

/**
 * Encode a result the way qiskit-ibm-runtime's `RuntimeEncoder` does: `PrimitiveResult`,
 * `SamplerPubResult` (estimator pubs as `PubResult`), `DataBin`, `BitArray`, `ndarray` (`.npy` →
 * zlib → base64; object arrays as lists), `datetime` (naive UTC), `complex`, `set`,
 * `ExecutionSpans` and the span types.
 */
export function encodeRuntimeResult(result: PrimitiveResult): string {
  return joinResult(
    'runtime',
    result.map((pub: PubResult) => encodePubText(pub, 'runtime')),
    result.metadata,
  );
}

function tagged(type: string, value: unknown): { __type__: string; __value__: unknown } {
  return { __type__: type, __value__: value };
}

/** The RuntimeEncoder form of a value, as JSON-ready data (not yet text). */
export function encodeRuntimeValue(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof Date) return tagged('datetime', formatResultDate(value));
  if (value instanceof Complex) return tagged('complex', [value.re, value.im]);
  if (value instanceof NdArray) return encodeNdArray(value);
  if (value instanceof BitArray) {
    return tagged('BitArray', { array: encodeNdArray(value.toNdArray()), num_bits: value.numBits });
  }
  if (value instanceof ExecutionSpan) return encodeSpan(value);
  if (value instanceof Set) return tagged('set', [...value].map(encodeRuntimeValue));
  if (Array.isArray(value)) {
    if (isPrimitiveResult(value)) {
      return tagged('PrimitiveResult', {
        pub_results: value.map(encodePub),
        metadata: encodeRuntimeValue(value.metadata),
      });
    }
    if (value.length > 0 && value.every((s) => s instanceof ExecutionSpan)) {
      return tagged('ExecutionSpans', { spans: value.map(encodeSpan) });
    }
    return value.map(encodeRuntimeValue);
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) put(out, k, encodeRuntimeValue(v));
  return out;
}

function isPrimitiveResult(value: unknown[]): value is PrimitiveResult {
  return (
    'metadata' in value &&
    value.every(
      (p) => typeof p === 'object' && p !== null && 'kind' in p && 'data' in p && 'metadata' in p,
    )
  );
}

function encodeNdArray(array: NdArray): unknown {
  if (array.dtype === 'object') {
    return tagged('ndarray', encodeRuntimeValue(array.toNested()));
  }
  return tagged('ndarray', encodeBase64(deflate(writeNpy(array))));
}

function encodePub(pub: PubResult): unknown {
  const fields: Record<string, unknown> = {};
  const names: string[] = [];
  let shape: readonly number[] = [];
  if (pub.kind === 'sampler') {
    for (const [name, bits] of Object.entries(pub.data)) {
      names.push(name);
      put(fields, name, encodeRuntimeValue(bits));
      shape = bits.shape;
    }
  } else {
    shape = pub.data.evs.shape;
    for (const [name, array] of Object.entries(pub.data)) {
      if (array === undefined) continue;
      names.push(wireName(name));
      put(fields, wireName(name), encodeRuntimeValue(array));
    }
  }
  const data = tagged('DataBin', { field_names: names, shape: [...shape], fields });
  // Estimator pubs go out as the SDK's `PubResult`, which every qiskit-ibm-runtime version
  // decodes (`EstimatorPubResult` is a newer runtime-only class).
  return tagged(pub.kind === 'sampler' ? 'SamplerPubResult' : 'PubResult', {
    data,
    metadata: encodeRuntimeValue(pub.metadata as Metadata),
  });
}

function encodeSpan(span: ExecutionSpan): unknown {
  const slices: Record<string, unknown> = {};
  for (const [i, s] of span.dataSlices) {
    let entry: unknown[];
    switch (s.kind) {
      case 'slice':
        entry = [s.shape, s.start, s.stop];
        break;
      case 'double':
        entry = [s.shape, s.argStart, s.argStop, s.shotStart, s.shotStop];
        break;
      case 'twirled':
        entry = [s.shape, s.atStart, s.argStart, s.argStop, s.shotStart, s.shotStop];
        // ExecutionSpan's constructor guarantees pubShots in (and only matters for) V2 spans.
        if (span.type === 'TwirledSliceSpanV2' && s.pubShots !== undefined) entry.push(s.pubShots);
        break;
    }
    slices[String(i)] = entry;
  }
  return tagged(span.type, {
    start: tagged('datetime', formatResultDate(span.start)),
    stop: tagged('datetime', formatResultDate(span.stop)),
    data_slices: slices,
  });
}
