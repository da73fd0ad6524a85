import fc from 'fast-check';
import { unzlibSync, zlibSync } from 'fflate';
import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import { DecodeError } from '../../src/codecs/errors.js';
import { DEFAULT_MAX_INFLATE_BYTES, deflate, inflate } from '../../src/codecs/zlib.js';
import { zlibBomb } from './zlib-bomb.js';

function ok(e: Either<DecodeError, Uint8Array>): Uint8Array {
  if (isLeft(e)) throw new Error(`expected bytes, got ${e.left.message}`);
  return e.right;
}

/** Byte-for-byte equality (much faster than a deep equality on large arrays). */
function same(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function err(e: Either<DecodeError, unknown>): DecodeError {
  if (isRight(e)) throw new Error('expected a DecodeError');
  expect(e.left).toBeInstanceOf(DecodeError);
  return e.left;
}

describe('zlib', () => {
  it('round-trips any bytes, and interoperates with fflate one-shot zlib', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 5000 }), (bytes) => {
        expect(same(ok(inflate(deflate(bytes))), bytes)).toBeTrue();
        expect(same(ok(inflate(zlibSync(bytes, { level: 9 }))), bytes)).toBeTrue();
        expect(same(unzlibSync(deflate(bytes)), bytes)).toBeTrue();
      }),
      { numRuns: 50 },
    );
  });

  it('inflates output larger than one stream chunk', () => {
    let x = 2463534242;
    const bytes = new Uint8Array(300_000).map(() => {
      // xorshift32: incompressible, so the compressed input spans several slices
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      return x & 0xff;
    });
    const compressed = deflate(bytes);
    expect(compressed.length).toBeGreaterThan(65536); // more than one slice of input
    expect(same(ok(inflate(compressed)), bytes)).toBeTrue();
  });

  it('writes a zlib header Python reads (deflate, 32K window, default level)', () => {
    const z = deflate(Uint8Array.of(1, 2, 3));
    expect(z[0]).toBe(0x78);
    expect(((z[0]! << 8) | z[1]!) % 31).toBe(0);
  });

  it('rejects corrupt and truncated data', () => {
    const z = deflate(new TextEncoder().encode('hello hello hello hello'));
    expect(err(inflate(z.subarray(0, 4), { path: 'a' })).message).toBe(
      'a: invalid zlib data: only 4 bytes, too short for a zlib stream',
    );
    const truncated = z.slice(0, z.length - 6);
    expect(err(inflate(truncated)).message).toMatch(/^<root>: invalid zlib data: /);
    const badHeader = z.slice();
    badHeader[0] = 0x79;
    expect(err(inflate(badHeader)).message).toBe(
      '<root>: invalid zlib data: bad header (not a zlib stream)',
    );
    const badChecksum = z.slice();
    badChecksum[badChecksum.length - 1]! ^= 1;
    expect(err(inflate(badChecksum)).message).toBe(
      '<root>: invalid zlib data: Adler-32 checksum mismatch (corrupt or truncated data)',
    );
    const garbage = Uint8Array.of(0x78, 0x9c, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0);
    expect(err(inflate(garbage)).kind).toBe('invalid');
    const dict = Uint8Array.of(0x78, 0xbb, 0, 0, 0, 0, 0, 0);
    expect(err(inflate(dict)).message).toContain('preset dictionaries are not supported');
  });

  it('inflates the hand-built bomb correctly when it fits (the bomb is real DEFLATE)', () => {
    const bomb = zlibBomb(4000); // 1 + 258 * 4000 = 1,032,001 zero bytes from ~6.5 kB
    expect(bomb.length).toBeLessThan(7000);
    const out = ok(inflate(bomb));
    expect(out.length).toBe(1_032_001);
    expect(out.every((b) => b === 0)).toBeTrue();
  });

  it('stops a bomb at maxOutputBytes with a limit error', () => {
    const bomb = zlibBomb(4000);
    const e = err(inflate(bomb, { maxOutputBytes: 100_000, path: 'x.__value__' }));
    expect(e.kind).toBe('limit');
    expect(e.path).toBe('x.__value__');
    expect(e.message).toBe(
      'x.__value__: zlib data inflates to more than the limit of 100000 bytes',
    );
    expect(ok(inflate(bomb, { maxOutputBytes: 1_032_001 })).length).toBe(1_032_001);
    expect(err(inflate(bomb, { maxOutputBytes: 1_032_000 })).kind).toBe('limit');
  });

  it('stops a 300 MB bomb at the default 256 MiB ceiling', () => {
    const bomb = zlibBomb(Math.ceil(300_000_000 / 258));
    expect(bomb.length).toBeLessThan(2_000_000);
    const e = err(inflate(bomb));
    expect(e.kind).toBe('limit');
    expect(e.message).toBe(
      `<root>: zlib data inflates to more than the limit of ${DEFAULT_MAX_INFLATE_BYTES} bytes`,
    );
  });

  it('answers a value that is not bytes with a DecodeError', () => {
    expect(err(inflate('eJw=' as unknown as Uint8Array)).message).toBe(
      '<root>: expected zlib-compressed bytes, got "eJw="',
    );
  });
});
