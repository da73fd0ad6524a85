import { BitArray } from '../../src/codecs/bit-array.js';
import { DecodeError } from '../../src/codecs/errors.js';
import { NdArray } from '../../src/codecs/nd-array.js';
import {
  ExecutionSpan,
  PrimitiveResult,
  estimatorPubResult,
  formatResultDate,
  isEstimatorPubResult,
  isSamplerPubResult,
  parseResultDate,
  samplerPubResult,
  spanTypeFor,
} from '../../src/codecs/result-model.js';

describe('result model', () => {
  it('builds sampler pubs indexable by register name', () => {
    const pub = samplerPubResult({
      meas: BitArray.fromInts([1, 1], 1),
      ['__proto__']: BitArray.fromInts([0], 1),
    });
    expect(isSamplerPubResult(pub)).toBeTrue();
    expect(isEstimatorPubResult(pub)).toBeFalse();
    expect(pub.data['meas']!.getCounts()).toEqual({ '1': 2 });
    expect(Object.keys(pub.data)).toEqual(['meas', '__proto__']);
    expect(Object.isFrozen(pub.data)).toBeTrue();
  });

  it('builds estimator pubs, numbers becoming 0-d arrays', () => {
    const pub = estimatorPubResult(
      { evs: 0.5, stds: NdArray.float64([0.1]), extra: { pec: NdArray.scalar(1) } },
      { shots: 10 },
    );
    expect(isEstimatorPubResult(pub)).toBeTrue();
    expect(pub.data.evs.shape).toEqual([]);
    expect(pub.data.evs.get()).toBe(0.5);
    expect(pub.data.stds.shape).toEqual([1]);
    expect(pub.data.ensembleStandardError).toBeUndefined();
    expect(pub.data['pec']!.get()).toBe(1);
    expect(pub.metadata).toEqual({ shots: 10 });
  });

  it('PrimitiveResult is an array whose derived arrays are plain arrays', () => {
    const pubs = [estimatorPubResult({ evs: 1, stds: 0 }), estimatorPubResult({ evs: 2, stds: 0 })];
    const result = new PrimitiveResult(pubs, { version: 2 });
    expect(result.length).toBe(2);
    expect(result[1]!.data.evs.get()).toBe(2);
    expect(result.metadata).toEqual({ version: 2 });
    expect(result.slice(1)).not.toBeInstanceOf(PrimitiveResult);
    expect(result.filter(() => true).length).toBe(2);
    expect(result.executionSpans).toEqual([]);
    expect(new PrimitiveResult().length).toBe(0);
  });

  it('finds execution spans in the metadata', () => {
    const span = new ExecutionSpan('DoubleSliceSpan', new Date(0), new Date(1500), new Map());
    const result = new PrimitiveResult([], { execution: { execution_spans: [span, 'other'] } });
    expect(result.executionSpans).toEqual([span]);
    expect(span.duration).toBe(1.5);
  });

  it('ExecutionSpan refuses slices of another span type', () => {
    const double = {
      kind: 'double' as const,
      shape: [4],
      argStart: 0,
      argStop: 1,
      shotStart: 0,
      shotStop: 4,
    };
    expect(
      () => new ExecutionSpan('ExecutionSpan', new Date(0), new Date(0), new Map([[3, double]])),
    ).toThrowError(
      DecodeError,
      'data_slices["3"]: a double slice does not belong in a ExecutionSpan',
    );
    const twirled = { ...double, kind: 'twirled' as const, atStart: false };
    expect(
      () =>
        new ExecutionSpan('TwirledSliceSpanV2', new Date(0), new Date(0), new Map([[0, twirled]])),
    ).toThrowError(DecodeError);
    expect(spanTypeFor(double)).toBe('DoubleSliceSpan');
    expect(spanTypeFor(twirled)).toBe('TwirledSliceSpan');
    expect(spanTypeFor({ ...twirled, pubShots: 4 })).toBe('TwirledSliceSpanV2');
    expect(spanTypeFor({ kind: 'slice', shape: [], start: 0, stop: 1 })).toBe('ExecutionSpan');
  });

  it('reads and writes dates like Python isoformat (naive = UTC)', () => {
    expect(parseResultDate('2025-09-02T05:30:55.420561')?.toISOString()).toBe(
      '2025-09-02T05:30:55.420Z',
    );
    expect(parseResultDate('2025-09-02')?.toISOString()).toBe('2025-09-02T00:00:00.000Z');
    expect(parseResultDate('2025-09-02T05:30:55-05:30')?.toISOString()).toBe(
      '2025-09-02T11:00:55.000Z',
    );
    expect(parseResultDate('2025-09-02T05:30:55+0100')?.toISOString()).toBe(
      '2025-09-02T04:30:55.000Z',
    );
    expect(parseResultDate('2025-13-02T05:30:55')).toBeUndefined();
    expect(parseResultDate('2025-09-02T24:00:00')).toBeUndefined();
    expect(parseResultDate('2 Sep 2025')).toBeUndefined();
    expect(formatResultDate(new Date(Date.UTC(2025, 8, 2, 5, 30, 55, 420)))).toBe(
      '2025-09-02T05:30:55.420000',
    );
    expect(formatResultDate(new Date(Date.UTC(2025, 8, 2, 5, 30, 55)))).toBe('2025-09-02T05:30:55');
  });
});
