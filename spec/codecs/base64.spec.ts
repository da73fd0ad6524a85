import fc from 'fast-check';
import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import { decodeBase64, encodeBase64 } from '../../src/codecs/base64.js';
import { DecodeError } from '../../src/codecs/errors.js';

function err(e: Either<DecodeError, unknown>): DecodeError {
  if (isRight(e)) throw new Error('expected a DecodeError');
  expect(e.left).toBeInstanceOf(DecodeError);
  return e.left;
}

describe('base64', () => {
  it('matches the RFC 4648 test vectors', () => {
    const vectors: [string, string][] = [
      ['', ''],
      ['f', 'Zg=='],
      ['fo', 'Zm8='],
      ['foo', 'Zm9v'],
      ['foob', 'Zm9vYg=='],
      ['fooba', 'Zm9vYmE='],
      ['foobar', 'Zm9vYmFy'],
    ];
    for (const [plain, encoded] of vectors) {
      const bytes = new TextEncoder().encode(plain);
      expect(encodeBase64(bytes)).toBe(encoded);
      const back = decodeBase64(encoded);
      expect(isRight(back) && new TextDecoder().decode(back.right)).toBe(plain);
    }
  });

  it('uses the standard alphabet with + and /', () => {
    expect(encodeBase64(Uint8Array.of(0xfb, 0xff, 0xbf))).toBe('+/+/');
  });

  it('round-trips any bytes, and agrees with the platform encoder', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const text = encodeBase64(bytes);
        expect(text).toBe(btoa(String.fromCharCode(...bytes)));
        const back = decodeBase64(text);
        expect(isRight(back) && Array.from(back.right)).toEqual(Array.from(bytes));
      }),
    );
  });

  it('encodes large inputs (more than one fromCharCode chunk)', () => {
    const bytes = new Uint8Array(200_003).map((_, i) => (i * 7) & 0xff);
    const back = decodeBase64(encodeBase64(bytes));
    expect(isRight(back) && back.right).toEqual(bytes);
  });

  it('rejects truncated text', () => {
    const e = err(decodeBase64('Zm9vYg=', 'a.b'));
    expect(e.path).toBe('a.b');
    expect(e.message).toBe('a.b: truncated base64: length 7 is not a multiple of 4');
  });

  it('rejects characters outside the alphabet, naming the offset', () => {
    expect(err(decodeBase64('Zm9v-mFy')).message).toBe(
      '<root>: invalid base64: character "-" at offset 4',
    );
    expect(err(decodeBase64('Zm9vYm y')).message).toBe(
      '<root>: invalid base64: character " " at offset 6',
    );
    // A code unit whose low byte is a valid character must still be rejected.
    expect(err(decodeBase64('Zm9v\u0141mFy')).message).toContain('character "Ł" at offset 4');
    expect(err(decodeBase64('Zg\u0141=')).message).toContain('at offset 2');
  });

  it('rejects misplaced padding', () => {
    expect(err(decodeBase64('Zg==Zm8=')).message).toBe(
      '<root>: invalid base64: misplaced padding "=" at offset 2',
    );
    expect(err(decodeBase64('Z===')).message).toContain('misplaced padding');
    expect(err(decodeBase64('====')).message).toContain('misplaced padding');
  });

  it('rejects a value that is not a string', () => {
    const e = decodeBase64(12 as unknown as string, 'x');
    expect(isLeft(e) && e.left.message).toBe('x: expected a base64 string, got 12');
  });
});
