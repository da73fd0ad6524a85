import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import { encodeBase64 } from '../../src/codecs/base64.js';
import { BitArray } from '../../src/codecs/bit-array.js';
import { OpaqueEncoded } from '../../src/codecs/encoded-params.js';
import { DecodeError } from '../../src/codecs/errors.js';
import { Complex, NdArray } from '../../src/codecs/nd-array.js';
import { writeNpy } from '../../src/codecs/npy.js';
import type { EncodedDecodeOptions } from '../../src/codecs/result-encoded.js';
import { decodeEncodedResult, decodeRuntimeValue } from '../../src/codecs/result-encoded.js';
import type { PrimitiveResult } from '../../src/codecs/result-model.js';
import {
  ExecutionSpan,
  isEstimatorPubResult,
  isSamplerPubResult,
} from '../../src/codecs/result-model.js';
import { deflate } from '../../src/codecs/zlib.js';
import { zlibBomb } from './zlib-bomb.js';

const t = (type: string, value: unknown): unknown => ({ __type__: type, __value__: value });
const ndarray = (array: NdArray): unknown => t('ndarray', encodeBase64(deflate(writeNpy(array))));
const bits = (values: number[], numBits: number): unknown =>
  t('BitArray', {
    array: ndarray(BitArray.fromInts(values, numBits).toNdArray()),
    num_bits: numBits,
  });
const dataBin = (fields: Record<string, unknown>, shape: number[] = []): unknown =>
  t('DataBin', { field_names: Object.keys(fields), shape, fields });
const primitive = (pubs: unknown, metadata: unknown = { version: 2 }): unknown =>
  t('PrimitiveResult', { pub_results: pubs, metadata });
const samplerPub = (fields: Record<string, unknown>): unknown =>
  t('SamplerPubResult', { data: dataBin(fields), metadata: { circuit_metadata: {} } });
const date = (iso: string): unknown => t('datetime', iso);

function ok(e: Either<DecodeError, PrimitiveResult>): PrimitiveResult {
  if (isLeft(e)) throw new Error(`expected a result, got ${e.left.message}`);
  return e.right;
}

function err(value: unknown, options?: EncodedDecodeOptions): DecodeError {
  const e = decodeEncodedResult(value, options);
  if (isRight(e)) throw new Error('expected a DecodeError');
  expect(e.left).toBeInstanceOf(DecodeError);
  return e.left;
}

/** The JSON path of the first register's packed array in `primitive([samplerPub({meas})])`. */
const MEAS = '__value__.pub_results[0].__value__.data.__value__.fields.meas';

describe('decodeEncodedResult', () => {
  it('decodes sampler pubs with several registers', () => {
    const result = ok(
      decodeEncodedResult(
        primitive([samplerPub({ meas: bits([0, 3, 3, 0], 2), anc: bits([1, 0, 1, 1], 1) })]),
      ),
    );
    const pub = result[0]!;
    if (!isSamplerPubResult(pub)) throw new Error('expected a sampler pub');
    expect(pub.data['meas']!.getCounts()).toEqual({ '00': 2, '11': 2 });
    expect(pub.data['anc']!.getCounts()).toEqual({ '1': 3, '0': 1 });
    expect(pub.metadata).toEqual({ circuit_metadata: {} });
    expect(result.metadata).toEqual({ version: 2 });
  });

  it('decodes estimator pubs, keeping array shapes, from EstimatorPubResult and PubResult', () => {
    const evs = new NdArray('float64', [2], Float64Array.of(0.5, NaN));
    const stds = new NdArray('float64', [2], Float64Array.of(0.1, Infinity));
    for (const type of ['EstimatorPubResult', 'PubResult']) {
      const result = ok(
        decodeEncodedResult(
          primitive([
            t(type, {
              data: dataBin(
                { evs: ndarray(evs), stds: ndarray(stds), ensemble_standard_error: 0.2 },
                [2],
              ),
              metadata: { shots: 100 },
            }),
          ]),
        ),
      );
      const pub = result[0]!;
      if (!isEstimatorPubResult(pub)) throw new Error('expected an estimator pub');
      expect(pub.data.evs.toNested()).toEqual([0.5, NaN]);
      expect(pub.data.stds.toNested()).toEqual([0.1, Infinity]);
      expect(pub.data.ensembleStandardError!.shape).toEqual([]);
      expect(pub.data.ensembleStandardError!.get()).toBe(0.2);
      expect(pub.metadata).toEqual({ shots: 100 });
    }
  });

  it('classifies a PubResult with BitArray fields as a sampler result', () => {
    const result = ok(
      decodeEncodedResult(primitive([t('PubResult', { data: dataBin({ c: bits([1], 3) }) })])),
    );
    expect(result[0]!.kind).toBe('sampler');
  });

  it('decodes typed values anywhere in metadata', () => {
    const result = ok(
      decodeEncodedResult(
        primitive([], {
          when: date('2025-09-02T05:30:55.420561'),
          zoned: date('2025-09-02T07:30:55.5+02:00'),
          z: t('complex', [1, -2]),
          tags: t('set', ['a', 'b', 'a']),
          list: t('ndarray', [
            [1, 'x'],
            [null, 2],
          ]),
          scalar: t('ndarray', 5),
          extrapolator: t('ndarray', 'linear'),
          nested: [{ deep: t('complex', [0, 1]) }],
        }),
      ),
    );
    const m = result.metadata as Record<string, unknown>;
    expect((m['when'] as Date).toISOString()).toBe('2025-09-02T05:30:55.420Z');
    expect((m['zoned'] as Date).toISOString()).toBe('2025-09-02T05:30:55.500Z');
    expect(m['z']).toEqual(new Complex(1, -2));
    expect(m['tags']).toEqual(new Set(['a', 'b']));
    const list = m['list'] as NdArray;
    expect(list.dtype).toBe('object');
    expect(list.shape).toEqual([2, 2]);
    expect(list.get(0, 1)).toBe('x');
    expect((m['scalar'] as NdArray).get()).toBe(5);
    expect(m['extrapolator']).toBe('linear');
    expect(m['nested']).toEqual([{ deep: new Complex(0, 1) }]);
  });

  it('decodes every execution span type, and the old collection name', () => {
    const start = date('2024-08-20T00:00:00');
    const stop = date('2024-08-21T00:00:00');
    const spans = [
      t('ExecutionSpan', { start, stop, data_slices: { '0': [[14], 2, 9] } }),
      t('DoubleSliceSpan', { start, stop, data_slices: { '1': [[14, 10], 2, 3, 1, 9] } }),
      t('TwirledSliceSpan', { start, stop, data_slices: { '2': [[3, 14, 10], true, 2, 3, 1, 9] } }),
      t('TwirledSliceSpanV2', {
        start,
        stop,
        data_slices: {
          '0': [[14, 18, 21], true, 2, 3, 1, 9, 200],
          '2': [[4, 5], false, 0, 1, 0, 5, 20],
        },
      }),
    ];
    for (const collection of ['ExecutionSpans', 'ExecutionSpanCollection']) {
      const result = ok(
        decodeEncodedResult(
          primitive([], { execution: { execution_spans: t(collection, { spans }) } }),
        ),
      );
      const decoded = result.executionSpans;
      expect(decoded.map((s) => s.type)).toEqual([
        'ExecutionSpan',
        'DoubleSliceSpan',
        'TwirledSliceSpan',
        'TwirledSliceSpanV2',
      ]);
      expect(decoded[0]!.dataSlices.get(0)).toEqual({
        kind: 'slice',
        shape: [14],
        start: 2,
        stop: 9,
      });
      expect(decoded[1]!.dataSlices.get(1)).toEqual({
        kind: 'double',
        shape: [14, 10],
        argStart: 2,
        argStop: 3,
        shotStart: 1,
        shotStop: 9,
      });
      expect(decoded[2]!.dataSlices.get(2)).toEqual({
        kind: 'twirled',
        shape: [3, 14, 10],
        atStart: true,
        argStart: 2,
        argStop: 3,
        shotStart: 1,
        shotStop: 9,
      });
      expect(decoded[3]!.dataSlices.get(0)).toEqual({
        kind: 'twirled',
        shape: [14, 18, 21],
        atStart: true,
        argStart: 2,
        argStop: 3,
        shotStart: 1,
        shotStop: 9,
        pubShots: 200,
      });
      expect(decoded[3]!.pubIndices).toEqual([0, 2]);
      expect(decoded[3]!.contains(1)).toBeFalse();
      expect(decoded[3]!.duration).toBe(86400);
    }
  });

  it('keeps unknown types as opaque values, so the rest of the result decodes', () => {
    // qiskit_ibm_runtime/json.py RuntimeDecoder.object_hook returns such objects unchanged.
    const circuit = t('QuantumCircuit', 'eJwLdg==');
    const noise = t('NoiseModel', { errors: [t('complex', [1, 2])] });
    const settings = {
      __type__: 'settings',
      __module__: 'qiskit.circuit.library',
      __class__: 'Foo',
      __value__: { n: 3 },
    };
    const r = ok(
      decodeEncodedResult(
        primitive([samplerPub({ c: bits([1], 1) })], { circuits: [circuit], noise, settings }),
      ),
    );
    expect(r.length).toBe(1);
    const circuits = r.metadata['circuits'] as unknown[];
    expect(circuits[0]).toEqual(new OpaqueEncoded('QuantumCircuit', 'eJwLdg==', undefined));
    // The payload of an opaque value is decoded like any other value.
    expect(r.metadata['noise']).toEqual(
      new OpaqueEncoded('NoiseModel', { errors: [new Complex(1, 2)] }, undefined),
    );
    const s = r.metadata['settings'] as OpaqueEncoded;
    expect(s.type).toBe('settings');
    expect(s.className).toBe('qiskit.circuit.library.Foo');
    expect(s.value).toEqual({ n: 3 });
    expect(String(s)).toBe('encoded settings (qiskit.circuit.library.Foo)');
  });

  it('still rejects what the structure needs and the malformed, naming where', () => {
    // A pub result of an unknown type is not a pub result.
    const future = err(primitive([t('FuturePubResult', {})]));
    expect(future.message).toBe(
      '__value__.pub_results[0]: expected a SamplerPubResult, EstimatorPubResult or PubResult, got an object',
    );
    // An opaque value where a sampler register must be a BitArray.
    const field = err(primitive([samplerPub({ c: t('Mystery', 1) })]));
    expect(field.path).toBe('__value__.pub_results[0].__value__.data.__value__.fields.c');
    // A tag without its payload (a KeyError in the official decoder) and a non-string tag.
    expect(err(primitive([], { x: { __type__: 'Mystery' } })).message).toBe(
      '__value__.metadata.x.__value__: expected the Mystery payload, got undefined',
    );
    expect(err(primitive([], { x: { __type__: 7, __value__: 1 } })).path).toBe(
      '__value__.metadata.x.__type__',
    );
    // A bad payload inside an opaque value is still an error with its path.
    expect(err(primitive([], { x: t('Mystery', { d: t('datetime', 'not a date') }) })).path).toBe(
      '__value__.metadata.x.__value__.d.__value__',
    );
    const top = err(t('SamplerPubResult', {}));
    expect(top.kind).toBe('unsupported');
    expect(top.message).toBe('__type__: expected "PrimitiveResult", got "SamplerPubResult"');
    expect(err([1]).message).toBe('__type__: expected "PrimitiveResult", got an array of length 1');
  });

  it('rejects truncated base64 in an ndarray with its path', () => {
    const value = primitive([
      samplerPub({
        meas: t('BitArray', { array: t('ndarray', 'eJyb7BfqGxDJyFDGU'), num_bits: 2 }),
      }),
    ]);
    expect(err(value).message).toBe(
      `${MEAS}.__value__.array.__value__: truncated base64: length 17 is not a multiple of 4`,
    );
  });

  it('rejects corrupt zlib data and bad npy headers with their path', () => {
    const notZlib = t('ndarray', encodeBase64(new TextEncoder().encode('not zlib data')));
    expect(err(primitive([], { a: notZlib })).message).toBe(
      '__value__.metadata.a.__value__: invalid zlib data: bad header (not a zlib stream)',
    );
    const notNpy = t(
      'ndarray',
      encodeBase64(deflate(new TextEncoder().encode('NUMPY but not really'))),
    );
    expect(err(primitive([], { a: notNpy })).message).toBe(
      '__value__.metadata.a.__value__: invalid NPY data: bad magic (expected "\\x93NUMPY")',
    );
    const header = writeNpy(NdArray.scalar(1));
    header.set(new TextEncoder().encode("{'descr': '<f8', 'shape': (), }".padEnd(20)), 10);
    const badHeader = t('ndarray', encodeBase64(deflate(header)));
    expect(err(primitive([], { a: badHeader })).message).toContain(
      '__value__.metadata.a.__value__: invalid NPY data: bad header',
    );
  });

  it('stops compressed arrays at the inflate budget, shared by the whole result', () => {
    const bomb = t('ndarray', encodeBase64(zlibBomb(4000)));
    const e = err(primitive([], { big: bomb }), { maxInflateBytes: 1_000_000 });
    expect(e.kind).toBe('limit');
    expect(e.message).toBe(
      '__value__.metadata.big.__value__: zlib data inflates to more than the limit of 1000000 bytes',
    );
    const half = ndarray(new NdArray('uint8', [600], new Uint8Array(600)));
    // One array's file is 728 bytes (128-byte header + 600): one fits in 1000, two do not.
    expect(
      isRight(decodeEncodedResult(primitive([], { a: half }), { maxInflateBytes: 1000 })),
    ).toBeTrue();
    const two = err(primitive([], { a: half, b: half }), { maxInflateBytes: 1000 });
    expect(two.kind).toBe('limit');
    expect(two.path).toBe('__value__.metadata.b.__value__');
  });

  it('rejects wrong shapes and types inside known values', () => {
    expect(err(primitive([samplerPub({ meas: NdArrayLike() })])).message).toBe(
      `${MEAS}: expected a BitArray, got an object`,
    );
    expect(
      err(
        primitive([
          samplerPub({ meas: t('BitArray', { array: t('ndarray', 'linear'), num_bits: 2 }) }),
        ]),
      ).message,
    ).toBe(`${MEAS}.__value__.array: expected an ndarray of packed bits, got "linear"`);
    const wide = t('BitArray', {
      array: ndarray(BitArray.fromInts([1], 8).toNdArray()),
      num_bits: 9,
    });
    expect(err(primitive([samplerPub({ meas: wide })])).message).toBe(
      `${MEAS}.__value__.array: last axis holds 1 bytes per shot but num_bits = 9 needs 2`,
    );
    expect(err(primitive([], { d: date('soon') })).message).toBe(
      '__value__.metadata.d.__value__: expected an ISO 8601 date-time, got "soon"',
    );
    expect(err(primitive([], { z: t('complex', [1]) })).message).toBe(
      '__value__.metadata.z.__value__: expected [real, imag] numbers, got an array of length 1',
    );
    expect(err(primitive([], { s: t('set', 3) })).message).toBe(
      '__value__.metadata.s.__value__: expected a list of set members, got 3',
    );
    expect(err(primitive([], { x: { __type__: 'set' } })).message).toBe(
      '__value__.metadata.x.__value__: expected the set payload, got undefined',
    );
    expect(err(primitive([], { x: { __type__: 7, __value__: 1 } })).message).toBe(
      '__value__.metadata.x.__type__: expected a type name (string), got 7',
    );
    expect(err(primitive([], { a: t('ndarray', true) })).message).toBe(
      '__value__.metadata.a.__value__: expected an ndarray (base64 of a zlib-compressed .npy file, or a list), got true',
    );
    expect(err(primitive('x')).message).toBe(
      '__value__.pub_results: expected a list of pub results, got "x"',
    );
    expect(err(primitive([{ data: {} }])).message).toBe(
      '__value__.pub_results[0]: expected a SamplerPubResult, EstimatorPubResult or PubResult, got an object',
    );
    expect(err(primitive([t('SamplerPubResult', { data: {} })])).message).toBe(
      '__value__.pub_results[0].__value__.data: expected a DataBin, got an object',
    );
    expect(
      err(primitive([t('EstimatorPubResult', { data: dataBin({ evs: 1, stds: 'x' }) })])).message,
    ).toBe(
      '__value__.pub_results[0].__value__.data.__value__.fields.stds: expected an ndarray or a number, got "x"',
    );
    expect(err(primitive([t('EstimatorPubResult', { data: dataBin({ evs: 1 }) })])).message).toBe(
      '__value__.pub_results[0].__value__.data.__value__.fields.stds: expected standard errors, got undefined',
    );
    const neither = err(primitive([t('PubResult', { data: dataBin({ other: 1 }) })]));
    expect(neither.kind).toBe('unsupported');
    expect(neither.message).toContain('a PubResult whose data are neither BitArrays nor evs/stds');
    expect(
      err(
        primitive([
          t('SamplerPubResult', { data: t('DataBin', { field_names: ['a'], fields: {} }) }),
        ]),
      ).message,
    ).toBe(
      '__value__.pub_results[0].__value__.data.__value__.fields.a: expected the field "a" listed in field_names, got undefined',
    );
    const span = t('DoubleSliceSpan', {
      start: date('2024-01-01'),
      stop: date('2024-01-02'),
      data_slices: { '0': [[1], 0, 1, 0] },
    });
    expect(err(primitive([], { s: span })).message).toBe(
      '__value__.metadata.s.__value__.data_slices["0"]: expected [shape, arg_start, arg_stop, shot_start, shot_stop], got an array of length 4',
    );
    const twirled = t('TwirledSliceSpan', {
      start: date('2024-01-01'),
      stop: date('2024-01-02'),
      data_slices: { '0': [[1], 'yes', 0, 1, 0, 1] },
    });
    expect(err(primitive([], { s: twirled })).message).toBe(
      '__value__.metadata.s.__value__.data_slices["0"][1]: expected a boolean (at_start), got "yes"',
    );
    const noStart = t('ExecutionSpan', {
      start: '2024',
      stop: date('2024-01-02'),
      data_slices: {},
    });
    expect(err(primitive([], { s: noStart })).message).toBe(
      '__value__.metadata.s.__value__.start: expected a datetime, got "2024"',
    );
    expect(err(primitive([], { s: t('ExecutionSpans', { spans: [1] }) })).message).toBe(
      '__value__.metadata.s.__value__.spans[0]: expected an execution span, got 1',
    );
  });

  it('limits nesting of already parsed values', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 10_000; i++) deep = [deep];
    const e = err(primitive([], { deep }));
    expect(e.kind).toBe('limit');
    expect(e.message).toContain('nesting exceeds the limit of 512 levels');
  });
});

describe('decodeRuntimeValue', () => {
  it('decodes a lone value and leaves untyped objects as objects', () => {
    const v = decodeRuntimeValue({ a: t('complex', [1, 2]), b: { c: [1, 'x'] } });
    expect(isRight(v) && v.right).toEqual({ a: new Complex(1, 2), b: { c: [1, 'x'] } });
    const span = decodeRuntimeValue(
      t('ExecutionSpan', { start: date('2024-01-01'), stop: date('2024-01-02'), data_slices: {} }),
    );
    expect(isRight(span) && span.right).toBeInstanceOf(ExecutionSpan);
    const parameter = decodeRuntimeValue(t('Parameter', 'x'), {}, 'params');
    expect(isRight(parameter) && parameter.right).toEqual(
      new OpaqueEncoded('Parameter', 'x', undefined),
    );
  });
});

/** A value that is not a BitArray where one is required. */
function NdArrayLike(): unknown {
  return { array: [], num_bits: 2 };
}
