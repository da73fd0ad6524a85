import fc from 'fast-check';
import { BIT_ONE, BIT_ZERO, BitArrayWriter } from '../../../src/local/simulator/bitarray.js';
import {
  cumulateRange,
  drawFromTable,
  guideSize,
  startCumulative,
} from '../../../src/local/simulator/sampling.js';

/** A normalised interleaved state whose probabilities follow `weights` (zeros kept). */
function stateFrom(weights: readonly number[]): Float64Array {
  const total = weights.reduce((a, b) => a + b, 0);
  const a = new Float64Array(2 * weights.length);
  weights.forEach((w, k) => {
    // Split each probability between the real and imaginary parts.
    a[2 * k] = Math.sqrt((0.3 * w) / total);
    a[2 * k + 1] = -Math.sqrt((0.7 * w) / total);
  });
  return a;
}

/** The reference draw: the first index whose plain running total exceeds r × total. */
function referenceDraw(weights: readonly number[], a: Float64Array, r: number): number {
  const probs = weights.map((_, k) => a[2 * k]! ** 2 + a[2 * k + 1]! ** 2);
  const total = probs.reduce((x, y) => x + y, 0);
  let running = 0;
  for (let k = 0; k < probs.length; k++) {
    running += probs[k]!;
    if (running > r * total) return k;
  }
  return probs.length - 1;
}

const weightsArb = fc
  .integer({ min: 0, max: 7 })
  .chain((n) =>
    fc.array(fc.oneof(fc.constant(0), fc.double({ min: 1e-6, max: 1, noNaN: true })), {
      minLength: 2 ** n,
      maxLength: 2 ** n,
    }),
  )
  .filter((w) => w.some((x) => x > 0));

describe('sampling', () => {
  it('draws through the guide table exactly as a plain bisection would', () => {
    fc.assert(
      fc.property(
        weightsArb,
        fc.integer({ min: 1, max: 300 }),
        fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), {
          minLength: 1,
          maxLength: 50,
        }),
        fc.integer({ min: 1, max: 5 }),
        (weights, shots, draws, pieces) => {
          const a = stateFrom(weights);
          const reference = draws.map((r) => referenceDraw(weights, a, r));
          const table = startCumulative(a, weights.length, shots);
          const step = Math.ceil(weights.length / pieces);
          for (let lo = 0; lo < weights.length; lo += step) {
            cumulateRange(table, lo, Math.min(weights.length, lo + step));
          }
          const drawn = draws.map((r) => drawFromTable(table, r));
          expect(drawn).toEqual(reference);
          for (const k of drawn) expect(weights[k]).toBeGreaterThan(0);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('sizes the guide from the shots, within the state size', () => {
    expect(guideSize(2 ** 20, 10_000)).toBe(32_768);
    expect(guideSize(4, 10_000)).toBe(16);
    expect(guideSize(2 ** 10, 1)).toBe(16);
  });
});

describe('BitArrayWriter', () => {
  it('writes a batch of shots exactly as shot-by-shot writes would', () => {
    const sourceArb = fc.oneof(
      fc.constant(BIT_ZERO),
      fc.constant(BIT_ONE),
      fc.integer({ min: 0, max: 11 }),
    );
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 3 }),
        fc.boolean(),
        fc.array(fc.integer({ min: 0, max: 4095 }), { minLength: 1, maxLength: 20 }),
        fc.array(sourceArb, { minLength: 60, maxLength: 60 }),
        fc.nat(3),
        (sizes, consecutive, indices, randomSources, shift) => {
          const offsets = sizes.map((_, i) => sizes.slice(0, i).reduce((a, b) => a + b, 0));
          const registers = sizes.map((size, i) => ({
            name: `r${i}`,
            bits: Array.from({ length: size }, (_, b) => offsets[i]! + b),
          }));
          const numClbits = sizes.reduce((a, b) => a + b, 0);
          // Either the `c = measure q` layout (bit b reads qubit shift + b) or random sources.
          const sources = Int32Array.from({ length: numClbits }, (_, c) => {
            if (!consecutive) return randomSources[c]!;
            const start = Math.max(...offsets.filter((o) => o <= c));
            return Math.min(11, shift + c - start);
          });
          const batch = new BitArrayWriter(registers, indices.length + 2);
          const single = new BitArrayWriter(registers, indices.length + 2);
          batch.writeShots(2, sources, Int32Array.from(indices));
          indices.forEach((index, s) => single.writeShot(2 + s, sources, index));
          expect(batch.registers).toEqual(single.registers);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('packs bit i of a register into the last byte first (big-endian rows)', () => {
    const writer = new BitArrayWriter([{ name: 'c', bits: [...Array(12).keys()] }], 1);
    const sources = Int32Array.from({ length: 12 }, (_, i) => i);
    writer.writeShots(0, sources, Int32Array.from([0b1010_0000_0011]));
    expect(Array.from(writer.registers[0]!.bytes)).toEqual([0b1010, 0b0000_0011]);
  });
});
