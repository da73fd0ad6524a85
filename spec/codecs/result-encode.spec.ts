import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { isLeft } from 'fp-ts/lib/Either.js';
import { BitArray } from '../../src/codecs/bit-array.js';
import { parseJson, stringifyJson } from '../../src/codecs/json.js';
import { Complex, NdArray } from '../../src/codecs/nd-array.js';
import {
  encodePlainResult,
  encodePubText,
  encodeRuntimeResult,
  encodeRuntimeValue,
  joinResult,
} from '../../src/codecs/result-encode.js';
import type { DataSlice, PubResult } from '../../src/codecs/result-model.js';
import {
  ExecutionSpan,
  PrimitiveResult,
  estimatorPubResult,
  samplerPubResult,
} from '../../src/codecs/result-model.js';
import { decodeResultOrThrow } from '../../src/codecs/results.js';
import { FIXTURES } from '../helpers/fixtures.js';

/** A comparable description of a result: bits as hex samples, arrays as nested lists. */
function describe_(value: unknown): unknown {
  if (value instanceof BitArray) {
    return {
      bits: value.numBits,
      shape: value.shape,
      shots: value.numShots,
      hex: value.toHexSamples(),
    };
  }
  if (value instanceof NdArray)
    return { dtype: value.dtype, shape: value.shape, v: value.toNested() };
  if (value instanceof Date) return value.toISOString();
  if (value instanceof ExecutionSpan) {
    return {
      type: value.type,
      start: value.start.toISOString(),
      stop: value.stop.toISOString(),
      slices: [...value.dataSlices],
    };
  }
  if (value instanceof PrimitiveResult) {
    return { pubs: [...value].map(describe_), metadata: describe_(value.metadata) };
  }
  if (Array.isArray(value)) return value.map(describe_);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, describe_(v)]));
  }
  return value;
}

const date = fc
  .integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) })
  .map((t) => new Date(t));

/** A sampler pub: registers sharing one sweep shape and shot count, with a span recording them. */
const samplerPub = fc
  .record({
    shape: fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 }),
    shots: fc.integer({ min: 1, max: 6 }),
    widths: fc.array(fc.integer({ min: 1, max: 130 }), { minLength: 1, maxLength: 3 }),
  })
  .chain(({ shape, shots, widths }) => {
    const n = shape.reduce((a, b) => a * b, 1) * shots;
    return fc
      .tuple(
        ...widths.map((w) =>
          fc.array(fc.bigInt({ min: 0n, max: (1n << BigInt(w)) - 1n }), {
            minLength: n,
            maxLength: n,
          }),
        ),
      )
      .map((columns) => ({ shape, shots, widths, columns }));
  });

const estimatorValues = fc.oneof(fc.double(), fc.constantFrom(NaN, Infinity, -Infinity, 0.5));
const estimatorPub = fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 3 }).chain((shape) => {
  const n = shape.reduce((a, b) => a * b, 1);
  const values = fc.array(estimatorValues, { minLength: n, maxLength: n });
  return fc.record({
    shape: fc.constant(shape),
    evs: values,
    stds: values,
    ese: fc.option(values),
  });
});

const results = fc
  .array(
    fc.oneof(
      samplerPub.map((p) => ({ s: p })),
      estimatorPub.map((p) => ({ e: p })),
    ),
    {
      minLength: 0,
      maxLength: 3,
    },
  )
  .chain((pubs) => fc.tuple(fc.constant(pubs), date, date))
  .map(([drawn, start, stop]) => {
    const pubs: PubResult[] = [];
    const slices = new Map<number, DataSlice>();
    drawn.forEach((d, i) => {
      if ('s' in d) {
        const { shape, shots, widths, columns } = d.s;
        const registers: Record<string, BitArray> = {};
        widths.forEach((w, r) => {
          registers[`c${r}`] = BitArray.fromInts(columns[r]!, w, shape);
        });
        pubs.push(samplerPubResult(registers, { circuit_metadata: {} }));
        const args = shape.reduce((a, b) => a * b, 1);
        slices.set(i, {
          kind: 'double',
          shape: [...shape, shots],
          argStart: 0,
          argStop: args,
          shotStart: 0,
          shotStop: shots,
        });
      } else {
        const { shape, evs, stds, ese } = d.e;
        const arr = (v: number[]): NdArray => new NdArray('float64', shape, Float64Array.from(v));
        pubs.push(
          estimatorPubResult(
            {
              evs: arr(evs),
              stds: arr(stds),
              ensembleStandardError: ese === null ? undefined : arr(ese),
            },
            { shots: 1024, target_precision: 0.015625 },
          ),
        );
      }
    });
    const span = new ExecutionSpan('DoubleSliceSpan', start, stop, slices);
    return new PrimitiveResult(pubs, { execution: { execution_spans: [span] }, version: 2 });
  });

/** The fixture's JSON with datetimes cut to milliseconds (a JavaScript Date's resolution). */
function toMilliseconds(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value), (_k, v: unknown) =>
    typeof v === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/.test(v)
      ? `${v.slice(0, 23)}000`
      : v,
  );
}

describe('result encoders', () => {
  it('encodePlainResult writes what decodeResult reads back', () => {
    fc.assert(
      fc.property(results, (result) => {
        const back = decodeResultOrThrow(encodePlainResult(result));
        expect(describe_(back)).toEqual(describe_(result));
      }),
      { numRuns: 150 },
    );
  });

  it('encodeRuntimeResult writes what decodeResult reads back', () => {
    fc.assert(
      fc.property(results, (result) => {
        const back = decodeResultOrThrow(encodeRuntimeResult(result));
        expect(describe_(back)).toEqual(describe_(result));
      }),
      { numRuns: 150 },
    );
  });

  it('joins PUB texts encoded once into the text of every prefix of a result', () => {
    fc.assert(
      fc.property(results, (result) => {
        // The RuntimeEncoder text is the JSON of the RuntimeEncoder value, written at once.
        expect(encodeRuntimeResult(result)).toBe(stringifyJson(encodeRuntimeValue(result)));
        for (const encoding of ['plain', 'runtime'] as const) {
          const texts = result.map((pub) => encodePubText(pub, encoding));
          for (let k = 0; k <= result.length; k++) {
            const prefix = new PrimitiveResult(result.slice(0, k), result.metadata);
            const back = decodeResultOrThrow(
              joinResult(encoding, texts.slice(0, k), result.metadata),
            );
            expect(describe_(back)).toEqual(describe_(prefix));
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('writes the RuntimeEncoder fixture exactly as qiskit wrote it (up to microseconds)', () => {
    for (const name of [
      'results_runtimeencoder_sampler_SYNTHESIZED.json',
      'results_runtimeencoder_estimator_SYNTHESIZED.json',
    ]) {
      const text = readFileSync(`${FIXTURES}/${name}`, 'utf8');
      const ours = JSON.parse(encodeRuntimeResult(decodeResultOrThrow(text))) as unknown;
      expect(ours).toEqual(toMilliseconds(JSON.parse(text)));
    }
  });

  it('writes the torino plain fixture exactly as the service wrote it (up to microseconds)', () => {
    const text = readFileSync(`${FIXTURES}/results_plain_sampler_ibm_torino.json`, 'utf8');
    const ours = JSON.parse(encodePlainResult(decodeResultOrThrow(text))) as unknown;
    expect(ours).toEqual(toMilliseconds(JSON.parse(text)));
  });

  it('writes non-finite numbers as bare NaN and Infinity tokens', () => {
    const result = new PrimitiveResult([estimatorPubResult({ evs: NaN, stds: Infinity })]);
    expect(encodePlainResult(result)).toBe(
      '{"results":[{"data":{"evs":NaN,"stds":Infinity},"metadata":{}}],"metadata":{}}',
    );
    const parsed = parseJson(encodeRuntimeResult(result));
    expect(isLeft(parsed)).toBeFalse();
  });

  it('writes metadata values in each encoding', () => {
    const when = new Date(Date.UTC(2025, 8, 2, 5, 30, 55, 420));
    const result = new PrimitiveResult([], {
      when,
      z: new Complex(1, -1),
      tags: new Set(['a']),
      ints: new NdArray('int64', [2], BigInt64Array.of(1n, -2n)),
      objects: new NdArray('object', [2], ['x', { y: 1 }]),
    });
    expect(JSON.parse(encodePlainResult(result))).toEqual({
      results: [],
      metadata: {
        when: '2025-09-02T05:30:55.420000',
        z: [1, -1],
        tags: ['a'],
        ints: [1, -2],
        objects: ['x', { y: 1 }],
      },
    });
    const back = decodeResultOrThrow(encodeRuntimeResult(result)).metadata;
    expect(back['when']).toEqual(when);
    expect(back['z']).toEqual(new Complex(1, -1));
    expect(back['tags']).toEqual(new Set(['a']));
    expect((back['ints'] as NdArray).toNested()).toEqual([1n, -2n]);
    expect((back['objects'] as NdArray).toNested()).toEqual(['x', { y: 1 }]);
    const encoded = JSON.parse(encodeRuntimeResult(result)) as {
      __value__: { metadata: Record<string, unknown> };
    };
    expect(encoded.__value__.metadata['when']).toEqual({
      __type__: 'datetime',
      __value__: '2025-09-02T05:30:55.420000',
    });
    expect(encoded.__value__.metadata['objects']).toEqual({
      __type__: 'ndarray',
      __value__: ['x', { y: 1 }],
    });
  });

  it('writes every span type in the RuntimeEncoder form, and twirled spans as double slices in plain', () => {
    const start = new Date(Date.UTC(2024, 7, 20));
    const stop = new Date(Date.UTC(2024, 7, 21));
    const twirled: DataSlice = {
      kind: 'twirled',
      shape: [3, 4, 5],
      atStart: true,
      argStart: 0,
      argStop: 2,
      shotStart: 1,
      shotStop: 5,
      pubShots: 60,
    };
    const spans = [
      new ExecutionSpan(
        'ExecutionSpan',
        start,
        stop,
        new Map([[0, { kind: 'slice', shape: [4], start: 0, stop: 4 }]]),
      ),
      new ExecutionSpan('TwirledSliceSpanV2', start, stop, new Map([[1, twirled]])),
    ];
    const result = new PrimitiveResult([], { execution: { execution_spans: spans } });
    const again = decodeResultOrThrow(encodeRuntimeResult(result));
    expect(describe_(again.executionSpans)).toEqual(describe_(spans));
    const plain = JSON.parse(encodePlainResult(result)) as {
      metadata: { execution: { execution_spans: unknown[] } };
    };
    expect(plain.metadata.execution.execution_spans).toEqual([
      [{ date: '2024-08-20T00:00:00' }, { date: '2024-08-21T00:00:00' }, { '0': [[4], [0, 4]] }],
      [
        { date: '2024-08-20T00:00:00' },
        { date: '2024-08-21T00:00:00' },
        {
          '1': [
            [3, 4, 5],
            [0, 2],
            [1, 5],
          ],
        },
      ],
    ]);
    const plainBack = decodeResultOrThrow(encodePlainResult(result)).executionSpans;
    expect(plainBack[1]!.type).toBe('DoubleSliceSpan');
  });
});
