import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import { DecodeError } from '../../src/codecs/errors.js';
import type { BitArray } from '../../src/codecs/bit-array.js';
import type { ExecutionSpan, PrimitiveResult } from '../../src/codecs/result-model.js';
import { isEstimatorPubResult, isSamplerPubResult } from '../../src/codecs/result-model.js';
import { decodePlainResult, decodePlainSpans } from '../../src/codecs/result-plain.js';

function ok(e: Either<DecodeError, PrimitiveResult>): PrimitiveResult {
  if (isLeft(e)) throw new Error(`expected a result, got ${e.left.message}`);
  return e.right;
}

function register(result: PrimitiveResult, name: string): BitArray {
  const pub = result[0]!;
  if (!isSamplerPubResult(pub)) throw new Error('expected a sampler pub');
  return pub.data[name]!;
}

function message(value: unknown): string {
  const e = decodePlainResult(value);
  if (isRight(e)) throw new Error('expected a DecodeError');
  expect(e.left).toBeInstanceOf(DecodeError);
  return e.left.message;
}

const span = (slices: Record<string, unknown>): unknown[] => [
  { date: '2025-09-02T05:30:55.420561' },
  { date: '2025-09-02T05:30:56.388795' },
  slices,
];

describe('decodePlainResult', () => {
  it('decodes sampler registers into BitArrays', () => {
    const result = ok(
      decodePlainResult({
        results: [
          {
            data: {
              meas: { samples: ['0x0', '0x3', '0x3'], num_bits: 2 },
              constructor: { samples: ['0x1', '0x0', '0x1'], num_bits: 1 },
            },
          },
        ],
      }),
    );
    expect(result.length).toBe(1);
    expect(result.metadata).toEqual({});
    const pub = result[0]!;
    expect(isSamplerPubResult(pub)).toBeTrue();
    if (!isSamplerPubResult(pub)) return;
    expect(Object.keys(pub.data)).toEqual(['meas', 'constructor']);
    expect(pub.data['meas']!.getCounts()).toEqual({ '00': 1, '11': 2 });
    expect(pub.data['constructor']!.getCounts()).toEqual({ '1': 2, '0': 1 });
    expect(pub.metadata).toEqual({});
  });

  it('reads a register called evs as a register', () => {
    const result = ok(
      decodePlainResult({ results: [{ data: { evs: { samples: ['0x1'], num_bits: 1 } } }] }),
    );
    expect(register(result, 'evs').getCounts()).toEqual({ '1': 1 });
  });

  it('takes a swept pub shape from the execution spans when they agree with the samples', () => {
    const samples = ['0x0', '0x1', '0x2', '0x3', '0x0', '0x1'];
    const body = (slices: unknown[]): unknown => ({
      results: [{ data: { c: { samples, num_bits: 2 } } }],
      metadata: { execution: { execution_spans: slices } },
    });
    const swept = ok(
      decodePlainResult(
        body([
          span({
            '0': [
              [2, 3],
              [0, 2],
              [0, 3],
            ],
          }),
        ]),
      ),
    );
    const c = register(swept, 'c');
    expect(c.shape).toEqual([2]);
    expect(c.numShots).toBe(3);
    expect(c.getCounts(1)).toEqual({ '11': 1, '00': 1, '01': 1 });
    // Spans that disagree, or whose shape does not cover the samples, leave the shots flat.
    const disagree = ok(
      decodePlainResult(
        body([
          span({
            '0': [
              [2, 3],
              [0, 1],
              [0, 3],
            ],
          }),
          span({
            '0': [
              [3, 2],
              [1, 3],
              [0, 2],
            ],
          }),
        ]),
      ),
    );
    const flat = register(disagree, 'c');
    expect(flat.shape).toEqual([]);
    expect(flat.numShots).toBe(6);
    const uncovering = ok(
      decodePlainResult(
        body([
          span({
            '0': [
              [4, 3],
              [0, 4],
              [0, 3],
            ],
          }),
        ]),
      ),
    );
    expect(register(uncovering, 'c').shape).toEqual([]);
  });

  it('decodes estimator scalars as 0-d arrays and nested lists with their shape', () => {
    const result = ok(
      decodePlainResult({
        results: [
          { data: { evs: -0.5, stds: NaN }, metadata: { shots: 4096 } },
          {
            data: {
              evs: [
                [1, 2, 3],
                [4, 5, Infinity],
              ],
              stds: [
                [0.1, 0.2, 0.3],
                [0.4, 0.5, 0.6],
              ],
              ensemble_standard_error: [
                [1, 1, 1],
                [1, 1, 1],
              ],
              extra_field: [1, 2],
            },
          },
        ],
        metadata: { version: 2 },
      }),
    );
    const [scalar, swept] = result;
    if (!isEstimatorPubResult(scalar!) || !isEstimatorPubResult(swept!)) {
      throw new Error('expected estimator pubs');
    }
    expect(scalar.data.evs.shape).toEqual([]);
    expect(scalar.data.evs.get()).toBe(-0.5);
    expect(scalar.data.stds.get()).toBeNaN();
    expect(scalar.data.ensembleStandardError).toBeUndefined();
    expect(scalar.metadata).toEqual({ shots: 4096 });
    expect(swept.data.evs.shape).toEqual([2, 3]);
    expect(swept.data.evs.get(1, 2)).toBe(Infinity);
    expect(swept.data.stds.get(0, 1)).toBe(0.2);
    expect(swept.data.ensembleStandardError!.shape).toEqual([2, 3]);
    expect(swept.data['extra_field']!.toNested()).toEqual([1, 2]);
    expect(result.metadata).toEqual({ version: 2 });
  });

  it('decodes all execution spans, also in pub metadata', () => {
    const result = ok(
      decodePlainResult({
        results: [
          {
            data: { evs: 1, stds: 0 },
            metadata: { execution: { execution_spans: [span({ '0': [[5], [0, 5]] })] } },
          },
        ],
        metadata: {
          execution: {
            execution_spans: [
              span({
                '0': [
                  [1, 5],
                  [0, 1],
                  [0, 5],
                ],
              }),
            ],
          },
        },
      }),
    );
    expect(result.executionSpans.length).toBe(1);
    const pubSpans = (result[0]!.metadata['execution'] as { execution_spans: unknown[] })
      .execution_spans;
    expect(pubSpans.length).toBe(1);
    const s = pubSpans[0] as ExecutionSpan;
    expect(s.type).toBe('ExecutionSpan');
    expect(s.dataSlices.get(0)).toEqual({ kind: 'slice', shape: [5], start: 0, stop: 5 });
  });

  it('names the path of every malformed field', () => {
    expect(message(5)).toBe('<root>: expected a result object with a "results" array, got 5');
    expect(message({ results: 'x' })).toBe('results: expected an array of pub results, got "x"');
    expect(message({ results: [null] })).toBe(
      'results[0]: expected a pub result object with "data", got null',
    );
    expect(message({ results: [{}] })).toBe(
      'results[0].data: expected a data object, got undefined',
    );
    expect(message({ results: [{ data: { meas: 3 } }] })).toBe(
      'results[0].data.meas: expected a register {"samples": [...], "num_bits": n}, got 3',
    );
    expect(message({ results: [{ data: { meas: { samples: [] } } }] })).toBe(
      'results[0].data.meas.num_bits: expected a non-negative integer, got undefined',
    );
    expect(
      message({
        results: [{ data: { meas: { samples: ['0x1', '0x1', '0x0', 12], num_bits: 2 } } }],
      }),
    ).toBe('results[0].data.meas.samples[3]: expected hex string, got 12');
    expect(message({ results: [{ data: { meas: { samples: '0x1', num_bits: 2 } } }] })).toBe(
      'results[0].data.meas.samples: expected an array of hex strings, got "0x1"',
    );
    expect(message({ results: [{ data: { 'my reg': { samples: [5], num_bits: 2 } } }] })).toBe(
      'results[0].data["my reg"].samples[0]: expected hex string, got 5',
    );
    expect(message({ results: [{}, { data: { evs: 'x', stds: 1 } }] })).toBe(
      'results[0].data: expected a data object, got undefined',
    );
    expect(message({ results: [{ data: { evs: 'x', stds: 1 } }] })).toBe(
      'results[0].data.evs: expected number, got "x"',
    );
    expect(message({ results: [{ data: { evs: [1, [2]], stds: 1 } }] })).toContain(
      'results[0].data.evs[1]: ragged array',
    );
    expect(message({ results: [{ data: { evs: 1 } }] })).toBe(
      'results[0].data.stds: expected standard errors, got undefined',
    );
    expect(message({ results: [], metadata: 3 })).toBe(
      'metadata: expected a metadata object, got 3',
    );
    expect(message({ results: [{ data: {}, metadata: [] }] })).toBe(
      'results[0].metadata: expected a metadata object, got an array of length 0',
    );
  });

  it('names the path of malformed execution spans', () => {
    const spans = (value: unknown): string =>
      message({ results: [], metadata: { execution: { execution_spans: value } } });
    const at = 'metadata.execution.execution_spans';
    expect(spans({})).toBe(`${at}: expected an array of execution spans, got an object`);
    expect(spans([[1, 2]])).toContain(`${at}[0]: expected a span`);
    expect(spans([[{ date: 'yesterday' }, { date: '2025-01-01' }, {}]])).toBe(
      `${at}[0][0].date: expected {"date": ISO 8601 date-time}, got "yesterday"`,
    );
    expect(spans([[{ date: '2025-01-01' }, 'x', {}]])).toBe(
      `${at}[0][1]: expected {"date": ISO 8601 date-time}, got "x"`,
    );
    expect(spans([span({ '0': [[1], [0]] })])).toBe(
      `${at}[0][2]["0"][1]: expected a [start, stop] pair of integers, got an array of length 1`,
    );
    expect(spans([span({ x: [[1], [0, 1]] })])).toBe(
      `${at}[0][2].x: expected a pub index (a non-negative integer key), got "x"`,
    );
    expect(spans([span({ '0': [[-1], [0, 1], [0, 1]] })])).toBe(
      `${at}[0][2]["0"][0]: dimension 0 is -1, not a non-negative integer`,
    );
    expect(spans([span({ '0': [[1], [0, 1]], '1': [[1], [0, 1], [0, 1]] })])).toContain(
      'a span mixes [shape, [a, b]] and [shape, [a, b], [c, d]] slices',
    );
    expect(spans([[{ date: '2025-02-30T00:00:00' }, { date: '2025-01-01' }, {}]])).toContain(
      'got "2025-02-30T00:00:00"',
    );
  });

  it('reads dates as UTC unless they carry a zone', () => {
    const r = decodePlainSpans(
      [
        [{ date: '2025-09-02T05:30:55.420561' }, { date: '2025-09-02T07:30:55+02:00' }, {}],
        [{ date: '2025-09-02 05:30' }, { date: '2025-09-02T05:30:55Z' }, {}],
      ],
      's',
    );
    if (isLeft(r)) throw r.left;
    expect(r.right[0]!.start.toISOString()).toBe('2025-09-02T05:30:55.420Z');
    expect(r.right[0]!.stop.toISOString()).toBe('2025-09-02T05:30:55.000Z');
    expect(r.right[1]!.start.toISOString()).toBe('2025-09-02T05:30:00.000Z');
    expect(r.right[1]!.stop.toISOString()).toBe('2025-09-02T05:30:55.000Z');
  });
});
