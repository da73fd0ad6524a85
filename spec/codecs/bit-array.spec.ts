import fc from 'fast-check';
import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import { decodeBase64, encodeBase64 } from '../../src/codecs/base64.js';
import { BitArray } from '../../src/codecs/bit-array.js';
import { DecodeError } from '../../src/codecs/errors.js';
import { NdArray } from '../../src/codecs/nd-array.js';
import { parseNpy, writeNpy } from '../../src/codecs/npy.js';
import { deflate, inflate } from '../../src/codecs/zlib.js';

function ok<A>(e: Either<DecodeError, A>): A {
  if (isLeft(e)) throw new Error(`expected a value, got ${e.left.message}`);
  return e.right;
}

function err(e: Either<DecodeError, unknown>): DecodeError {
  if (isRight(e)) throw new Error('expected a DecodeError');
  expect(e.left).toBeInstanceOf(DecodeError);
  return e.left;
}

/** A register's shots as reference values: plain bigints, one per shot. */
interface Case {
  readonly numBits: number;
  readonly shape: number[];
  readonly numShots: number;
  readonly values: bigint[];
}

const cases: fc.Arbitrary<Case> = fc
  .record({
    numBits: fc.integer({ min: 1, max: 130 }),
    shape: fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 }),
    numShots: fc.integer({ min: 0, max: 12 }),
  })
  .chain(({ numBits, shape, numShots }) => {
    const n = shape.reduce((a, b) => a * b, 1) * numShots;
    const max = (1n << BigInt(numBits)) - 1n;
    // Few distinct values, so counts have repeats.
    return fc
      .array(fc.bigInt({ min: 0n, max }), { minLength: 1, maxLength: 4 })
      .chain((pool) => fc.array(fc.constantFrom(...pool), { minLength: n, maxLength: n }))
      .map((values) => ({ numBits, shape, numShots, values }));
  });

const hexOf = (v: bigint): string => `0x${v.toString(16)}`;
const bitsOf = (v: bigint, numBits: number): string => v.toString(2).padStart(numBits, '0');

/** Counts the slow, obvious way: bigint -> bitstring -> tally. */
function referenceCounts(values: readonly bigint[], numBits: number): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of values) {
    const key = bitsOf(v, numBits);
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

describe('BitArray', () => {
  it('counts many distinct outcomes (the object built from text) as the reference does', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 32 }),
        fc.integer({ min: 1024, max: 3000 }),
        fc.integer(),
        (numBits, distinct, seed) => {
          // Outcomes of every width up to numBits, some repeated, in a scrambled order.
          const values: bigint[] = [];
          let x = seed >>> 0;
          for (let i = 0; i < distinct * 2; i++) {
            x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
            values.push(
              BigInt(x % Math.min(2 ** numBits, distinct * 3)) & ((1n << BigInt(numBits)) - 1n),
            );
          }
          const bits = BitArray.fromInts(values, numBits);
          expect(Object.entries(bits.getCounts())).toEqual(
            Object.entries(referenceCounts(values, numBits)),
          );
        },
      ),
      { numRuns: 20 },
    );
  });

  it('round-trips hex samples and matches the reference counts, bits and ints', () => {
    fc.assert(
      fc.property(cases, ({ numBits, shape, numShots, values }) => {
        const hex = values.map(hexOf);
        const bits = BitArray.fromSamples(hex, numBits, shape);
        expect(bits.numBits).toBe(numBits);
        expect(bits.numShots).toBe(numShots);
        expect(bits.shape).toEqual(shape);
        expect(bits.numBytes).toBe(Math.ceil(numBits / 8));
        expect(bits.toHexSamples()).toEqual(hex);
        expect(bits.getBigInts()).toEqual(values);
        expect(bits.getBitstrings()).toEqual(values.map((v) => bitsOf(v, numBits)));
        expect(Object.entries(bits.getCounts())).toEqual(
          Object.entries(referenceCounts(values, numBits)),
        );
        const bigCounts = new Map<bigint, number>();
        for (const v of values) bigCounts.set(v, (bigCounts.get(v) ?? 0) + 1);
        expect(bits.getBigIntCounts()).toEqual(bigCounts);
        if (numBits <= 53) {
          expect(bits.getInts()).toEqual(values.map(Number));
          expect(bits.getIntCounts()).toEqual(
            new Map([...bigCounts].map(([v, c]) => [Number(v), c])),
          );
        } else {
          expect(() => bits.getInts()).toThrowError(DecodeError, /use the bigint variant/);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('round-trips through npy, zlib and base64 (the RuntimeEncoder form)', () => {
    fc.assert(
      fc.property(cases, ({ numBits, shape, values }) => {
        const bits = BitArray.fromInts(values, numBits, shape);
        const text = encodeBase64(deflate(writeNpy(bits.toNdArray())));
        const array = ok(parseNpy(ok(inflate(ok(decodeBase64(text))))));
        expect(array.shape).toEqual([...shape, bits.numShots, bits.numBytes]);
        const back = ok(BitArray.fromNdArray(array, numBits));
        expect(back.equals(bits)).toBeTrue();
        expect(back.toHexSamples()).toEqual(values.map(hexOf));
      }),
      { numRuns: 200 },
    );
  });

  it('round-trips bitstrings and agrees between all constructors', () => {
    fc.assert(
      fc.property(cases, ({ numBits, shape, values }) => {
        const fromInts = BitArray.fromInts(values, numBits, shape);
        const fromHex = BitArray.fromSamples(values.map(hexOf), numBits, shape);
        expect(fromInts.bytes).toEqual(fromHex.bytes);
        if (values.length > 0) {
          const fromStrings = BitArray.fromBitstrings(fromInts.getBitstrings(), shape);
          expect(fromStrings.equals(fromInts)).toBeTrue();
        }
      }),
      { numRuns: 200 },
    );
  });

  it('counts one position of the shape with loc, and slices share the bytes', () => {
    fc.assert(
      fc.property(
        cases.filter((c) => c.shape.length > 0),
        ({ numBits, shape, numShots, values }) => {
          const bits = BitArray.fromInts(values, numBits, shape);
          const per = (values.length / shape[0]!) | 0;
          for (let i = 0; i < shape[0]!; i++) {
            const mine = values.slice(i * per, (i + 1) * per);
            expect(bits.getCounts(i)).toEqual(referenceCounts(mine, numBits));
            expect(bits.getCounts([i])).toEqual(referenceCounts(mine, numBits));
            const slice = bits.slice(i);
            expect(slice.shape).toEqual(shape.slice(1));
            expect(slice.numShots).toBe(numShots);
            expect(slice.getBigInts()).toEqual(mine);
            expect(slice.bytes.buffer).toBe(bits.bytes.buffer);
          }
          expect(bits.getCounts(-1)).toEqual(bits.slice(shape[0]! - 1).getCounts());
        },
      ),
      { numRuns: 100 },
    );
  });

  it('counts like Qiskit prints: most significant bit first, zero-padded', () => {
    const bits = BitArray.fromSamples(['0x1', '0x2', '0x1', '0x4'], 3);
    expect(bits.getCounts()).toEqual({ '001': 2, '010': 1, '100': 1 });
    expect(bits.getBitstrings()).toEqual(['001', '010', '001', '100']);
    expect(bits.toString()).toBe('BitArray(<shape=(), num_shots=4, num_bits=3>)');
    // Bit 0 of the integer is the last byte's lowest bit.
    expect(Array.from(BitArray.fromSamples(['0x1ff'], 9).bytes)).toEqual([0x01, 0xff]);
  });

  it('counts registers on every counting path (table, hash table, number map, strings)', () => {
    for (const numBits of [1, 8, 9, 16, 17, 24, 31, 32, 33, 48, 53, 54, 64, 127]) {
      const max = (1n << BigInt(numBits)) - 1n;
      const pool = [0n, 1n, max, max >> 1n, (max * 3n) / 7n];
      const values = Array.from({ length: 5000 }, (_, i) => pool[(i * i + 3 * i) % pool.length]!);
      // Add many distinct values so the hash table has to grow.
      for (let i = 0; i < 3000; i++) values.push((BigInt(i) * 2654435761n) & max);
      const bits = BitArray.fromInts(values, numBits);
      expect(Object.entries(bits.getCounts())).toEqual(
        Object.entries(referenceCounts(values, numBits)),
      );
    }
  });

  it('ignores bits above numBits in the first byte, as Qiskit masks them', () => {
    const bits = new BitArray(Uint8Array.of(0xff, 0x05, 0xf0), { numBits: 3, numShots: 3 });
    expect(bits.getCounts()).toEqual({ '111': 1, '101': 1, '000': 1 });
    expect(bits.toHexSamples()).toEqual(['0x7', '0x5', '0x0']);
    expect(bits.getInts()).toEqual([7, 5, 0]);
    expect(bits.getBigInts()).toEqual([7n, 5n, 0n]);
    expect(bits.equals(BitArray.fromInts([7, 5, 0], 3))).toBeTrue();
    const wide = new BitArray(Uint8Array.of(0xfe, 0, 0, 0, 0, 0, 0, 1), {
      numBits: 57,
      numShots: 1,
    });
    expect(wide.getBitstrings()[0]).toBe(`${'0'.repeat(56)}1`);
  });

  it('reads hex samples with leading zeros and upper-case digits', () => {
    const bits = BitArray.fromSamples(['0x0003', '0XfF', '0x0000000000000001'], 8);
    expect(bits.getInts()).toEqual([3, 255, 1]);
  });

  it('handles a zero-width register and zero shots', () => {
    const empty = BitArray.fromSamples([], 5);
    expect(empty.numShots).toBe(0);
    expect(empty.getCounts()).toEqual({});
    const zero = BitArray.fromSamples(['0x0', '0x0'], 0);
    expect(zero.getCounts()).toEqual({ '': 2 });
    expect(zero.toHexSamples()).toEqual(['0x0', '0x0']);
  });

  it('rejects bad samples with the path of the sample', () => {
    const at = (samples: unknown, numBits: unknown = 8, shape: number[] = []): string =>
      err(BitArray.decodeHexSamples(samples, numBits, shape, 'results[0].data.meas.samples'))
        .message;
    expect(at(['0x1', '0x2', '0x3', 12])).toBe(
      'results[0].data.meas.samples[3]: expected hex string, got 12',
    );
    expect(at(['0x1', '12'])).toBe(
      'results[0].data.meas.samples[1]: expected hex string, got "12"',
    );
    expect(at(['0x'])).toBe('results[0].data.meas.samples[0]: expected hex string, got "0x"');
    expect(at(['0x1g'])).toBe('results[0].data.meas.samples[0]: expected hex string, got "0x1g"');
    expect(at(['0x1\u0141'])).toContain('expected hex string');
    expect(at(['0x100'])).toBe(
      'results[0].data.meas.samples[0]: sample "0x100" does not fit in num_bits = 8',
    );
    expect(at(['0x8'], 3)).toBe(
      'results[0].data.meas.samples[0]: sample "0x8" does not fit in num_bits = 3',
    );
    expect(ok(BitArray.decodeHexSamples(['0x1ff'], 9)).getInts()).toEqual([511]);
    expect(at('0x1')).toBe(
      'results[0].data.meas.samples: expected an array of hex strings, got "0x1"',
    );
    expect(at(['0x1'], -1)).toBe(
      'results[0].data.meas.samples: expected a non-negative integer number of bits, got -1',
    );
    expect(at(['0x1', '0x1', '0x1'], 8, [2])).toBe(
      'results[0].data.meas.samples: 3 samples do not divide evenly over shape (2)',
    );
  });

  it('throws DecodeErrors from the throwing constructors', () => {
    expect(() => BitArray.fromSamples(['0x1', 'zz'], 4)).toThrowError(
      DecodeError,
      'samples[1]: expected hex string, got "zz"',
    );
    expect(() => BitArray.fromBitstrings(['01', '012'])).toThrowError(
      DecodeError,
      'bitstrings[1]: expected a string of 2 zeros and ones, got "012"',
    );
    expect(() => BitArray.fromInts([4], 2)).toThrowError(
      DecodeError,
      'values[0]: expected an integer in [0, 2^2), got 4',
    );
    expect(() => BitArray.fromInts([1, 2, 3], 2, [2])).toThrowError(
      DecodeError,
      'shape: 3 shots do not divide evenly over shape (2)',
    );
    expect(() => new BitArray(new Uint8Array(3), { numBits: 9, numShots: 2 })).toThrowError(
      DecodeError,
      '<root>: 3 bytes do not fit shape () x 2 shots x 2 bytes',
    );
    expect(() => new BitArray(new Uint8Array(0), { numBits: 1.5, numShots: 0 })).toThrowError(
      DecodeError,
      'num_bits: expected a non-negative integer, got 1.5',
    );
    expect(
      () => new BitArray(new Uint8Array(0), { numBits: 1, numShots: 0, shape: [-2] }),
    ).toThrowError(DecodeError, 'shape: dimension 0 is -2, not a non-negative integer');
    expect(() => BitArray.fromSamples(['0x1'], 60).getInts()).toThrowError(DecodeError);
    expect(() => BitArray.fromSamples(['0x1'], 60).getIntCounts()).toThrowError(DecodeError);
  });

  it('rejects locations outside the shape with a RangeError', () => {
    const bits = BitArray.fromInts([1, 2, 3, 0], 2, [2]);
    expect(() => bits.getCounts(2)).toThrowError(RangeError, /index 2 out of range for axis 0/);
    expect(() => bits.getCounts([0, 0])).toThrowError(RangeError, /2 indices for shape \(2\)/);
    expect(bits.getCounts(1)).toEqual({ '11': 1, '00': 1 });
  });

  it('builds from a uint8 ndarray only with the right layout', () => {
    const bits = BitArray.fromInts([1, 2], 10);
    const wrongWidth = BitArray.fromNdArray(bits.toNdArray(), 17, 'x');
    expect(isLeft(wrongWidth) && wrongWidth.left.message).toBe(
      'x.array: last axis holds 2 bytes per shot but num_bits = 17 needs 3',
    );
    const flat = BitArray.fromNdArray(new NdArray('uint8', [4], bits.bytes), 10, 'x');
    expect(isLeft(flat) && flat.left.message).toBe(
      'x.array: expected a uint8 array of rank >= 2 (*shape, num_shots, num_bytes), got NdArray<uint8>(shape=(4,))',
    );
    const badBits = BitArray.fromNdArray(bits.toNdArray(), 'ten', 'x');
    expect(isLeft(badBits) && badBits.left.message).toBe(
      'x.num_bits: expected a non-negative integer, got "ten"',
    );
  });
});
