// The four result bodies in the shared fixtures, decoded end to end from their text.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeResultOrThrow } from '../../src/codecs/results.js';
import type { EstimatorPubResult, SamplerPubResult } from '../../src/codecs/result-model.js';
import { isEstimatorPubResult, isSamplerPubResult } from '../../src/codecs/result-model.js';
import { FIXTURES } from '../helpers/fixtures.js';

const text = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');

function sampler(name: string): SamplerPubResult {
  const result = decodeResultOrThrow(text(name));
  expect(result.length).toBe(1);
  const pub = result[0]!;
  if (!isSamplerPubResult(pub)) throw new Error(`${name}: expected a sampler pub result`);
  return pub;
}

function estimator(name: string): EstimatorPubResult {
  const result = decodeResultOrThrow(text(name));
  expect(result.length).toBe(1);
  const pub = result[0]!;
  if (!isEstimatorPubResult(pub)) throw new Error(`${name}: expected an estimator pub result`);
  return pub;
}

/**
 * Counts by hand: each hex digit gives four bits, most significant first; the 20-bit string is
 * the digits' bits, left-padded with zeros. No BitArray, no library parsing.
 */
function countByHand(samples: readonly string[], numBits: number): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const sample of samples) {
    let bits = '';
    for (const digit of sample.slice(2)) {
      const value = '0123456789abcdef'.indexOf(digit.toLowerCase());
      bits += [8, 4, 2, 1].map((weight) => ((value & weight) !== 0 ? '1' : '0')).join('');
    }
    bits = bits.replace(/^0+/, '').padStart(numBits, '0');
    counts[bits] = (counts[bits] ?? 0) + 1;
  }
  return counts;
}

describe('result fixtures', () => {
  it('torino plain sampler result: counts equal the hand-counted hex samples', () => {
    const raw = JSON.parse(text('results_plain_sampler_ibm_torino.json')) as {
      results: { data: { c: { samples: string[]; num_bits: number } } }[];
    };
    const { samples, num_bits: numBits } = raw.results[0]!.data.c;
    const pub = sampler('results_plain_sampler_ibm_torino.json');
    const c = pub.data['c']!;
    expect(c.numBits).toBe(20); // the server's width, although the values only use 10 bits
    expect(c.numShots).toBe(100);
    expect(c.shape).toEqual([]);
    const counts = c.getCounts();
    expect(counts).toEqual(countByHand(samples, numBits));
    // Spot checks read off the file with grep: "0x3ff" occurs 32 times, "0x0" 39 times.
    expect(counts['00000000001111111111']).toBe(32);
    expect(counts['00000000000000000000']).toBe(39);
    expect(counts['00000000000000000010']).toBe(2); // "0x2" at shots 1 and 41
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(100);
    expect(c.toHexSamples()).toEqual(samples);
    expect(pub.metadata).toEqual({ circuit_metadata: {} });
  });

  it('torino plain sampler result: execution span and metadata', () => {
    const result = decodeResultOrThrow(text('results_plain_sampler_ibm_torino.json'));
    expect(result.metadata['version']).toBe(2);
    const [span, ...rest] = result.executionSpans;
    expect(rest).toEqual([]);
    expect(span!.type).toBe('DoubleSliceSpan');
    expect(span!.start.toISOString()).toBe('2025-09-02T05:30:55.420Z');
    expect(span!.stop.toISOString()).toBe('2025-09-02T05:30:56.388Z');
    expect(span!.duration).toBeCloseTo(0.968, 3);
    expect(span!.pubIndices).toEqual([0]);
    expect(span!.dataSlices.get(0)).toEqual({
      kind: 'double',
      shape: [100],
      argStart: 0,
      argStop: 1,
      shotStart: 0,
      shotStop: 100,
    });
  });

  it('synthesized RuntimeEncoder sampler result: counts {"00": 2, "11": 2}', () => {
    const pub = sampler('results_runtimeencoder_sampler_SYNTHESIZED.json');
    const meas = pub.data['meas']!;
    expect(meas.getCounts()).toEqual({ '00': 2, '11': 2 });
    expect(Array.from(meas.bytes)).toEqual([0, 3, 3, 0]);
    expect(meas.getBitstrings()).toEqual(['00', '11', '11', '00']);
    expect(meas.numShots).toBe(4);
    const result = decodeResultOrThrow(text('results_runtimeencoder_sampler_SYNTHESIZED.json'));
    const span = result.executionSpans[0]!;
    expect(span.type).toBe('DoubleSliceSpan');
    expect(span.start.toISOString()).toBe('2025-09-02T05:30:55.420Z');
    expect(span.dataSlices.get(0)).toEqual({
      kind: 'double',
      shape: [],
      argStart: 0,
      argStop: 1,
      shotStart: 0,
      shotStop: 4,
    });
    expect(result.metadata['version']).toBe(2);
  });

  it('estimator results in both encodings agree on evs, stds and ensemble standard error', () => {
    const plain = estimator('results_plain_estimator_docs_results_field.json');
    const encoded = estimator('results_runtimeencoder_estimator_SYNTHESIZED.json');
    for (const pub of [plain, encoded]) {
      expect(pub.data.evs.shape).toEqual([]);
      expect(pub.data.evs.dtype).toBe('float64');
      expect(pub.data.evs.get()).toBe(-0.9374102500618965);
      expect(pub.data.stds.get()).toBe(0.030982815700848845);
      expect(pub.data.ensembleStandardError!.get()).toBe(0.03686001673650654);
      expect(pub.metadata).toEqual({
        shots: 4096,
        target_precision: 0.015625,
        circuit_metadata: {},
        resilience: {},
        num_randomizations: 32,
      });
    }
    expect(plain.data.evs.toNested()).toEqual(encoded.data.evs.toNested());
    expect(plain.data.stds.toNested()).toEqual(encoded.data.stds.toNested());
  });
});
