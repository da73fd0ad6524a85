import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import { BitArray } from '../../src/codecs/bit-array.js';
import { DecodeError } from '../../src/codecs/errors.js';
import { encodeRuntimeResult } from '../../src/codecs/result-encode.js';
import type { PrimitiveResult } from '../../src/codecs/result-model.js';
import {
  isEstimatorPubResult,
  isSamplerPubResult,
  PrimitiveResult as Result,
  samplerPubResult,
} from '../../src/codecs/result-model.js';
import { decodeResult, decodeResultOrThrow, resultEncoding } from '../../src/codecs/results.js';

function ok(e: Either<DecodeError, PrimitiveResult>): PrimitiveResult {
  if (isLeft(e)) throw new Error(`expected a result, got ${e.left.message}`);
  return e.right;
}

function err(e: Either<DecodeError, unknown>): DecodeError {
  if (isRight(e)) throw new Error('expected a DecodeError');
  expect(e.left).toBeInstanceOf(DecodeError);
  return e.left;
}

const plainText =
  '{"results":[{"data":{"meas":{"samples":["0x0","0x3","0x3","0x0"],"num_bits":2}},' +
  '"metadata":{"circuit_metadata":{}}}],"metadata":{"version":2}}';

describe('decodeResult', () => {
  it('detects the plain encoding from a results array, in text or parsed', () => {
    for (const input of [plainText, JSON.parse(plainText) as unknown]) {
      const result = ok(decodeResult(input));
      const pub = result[0]!;
      expect(isSamplerPubResult(pub) && pub.data['meas']!.getCounts()).toEqual({
        '00': 2,
        '11': 2,
      });
    }
    expect(resultEncoding(JSON.parse(plainText))).toBe('plain');
  });

  it('detects the RuntimeEncoder encoding from a top-level __type__', () => {
    const text = encodeRuntimeResult(
      new Result([samplerPubResult({ meas: BitArray.fromInts([0, 3, 3, 0], 2) })], { version: 2 }),
    );
    expect(resultEncoding(JSON.parse(text))).toBe('encoded');
    const pub = ok(decodeResult(text))[0]!;
    expect(isSamplerPubResult(pub) && pub.data['meas']!.getCounts()).toEqual({ '00': 2, '11': 2 });
  });

  it('reads Python NaN and Infinity tokens in estimator bodies', () => {
    const result = ok(
      decodeResult('{"results":[{"data":{"evs":[NaN,1.5],"stds":[Infinity,-Infinity]}}]}'),
    );
    const pub = result[0]!;
    if (!isEstimatorPubResult(pub)) throw new Error('expected an estimator pub');
    expect(pub.data.evs.toNested()).toEqual([NaN, 1.5]);
    expect(pub.data.stds.toNested()).toEqual([Infinity, -Infinity]);
  });

  it('is a real array with metadata', () => {
    const result = ok(decodeResult(plainText));
    expect(Array.isArray(result)).toBeTrue();
    expect(result).toBeInstanceOf(Result);
    expect(result.length).toBe(1);
    expect([...result].length).toBe(1);
    expect(result.metadata).toEqual({ version: 2 });
    expect(Object.keys(result)).toEqual(['0']);
    const mapped = result.map((p) => p.kind);
    expect(mapped).toEqual(['sampler']);
    expect(mapped instanceof Result).toBeFalse();
  });

  it('reports invalid JSON with its position', () => {
    expect(err(decodeResult('{"results": [')).message).toBe(
      '<root>: invalid JSON at line 1, column 14 (offset 13): expected a JSON value, got end of input',
    );
  });

  it('reports a body that is neither encoding', () => {
    const e = err(decodeResult('{"url": "https://example.com/r"}'));
    expect(e.message).toBe(
      '<root>: expected a result (an object with "__type__" or a "results" array), got an object',
    );
    expect(err(decodeResult('[1]')).message).toContain('got an array of length 1');
    expect(err(decodeResult(null)).message).toContain('got null');
    expect(resultEncoding('x')).toBeUndefined();
  });

  it('applies the size limits', () => {
    expect(err(decodeResult(plainText, { maxLength: 10 })).kind).toBe('limit');
    expect(err(decodeResult('{"results":[[[[1]]]]}', { maxDepth: 3 })).kind).toBe('limit');
    const text = encodeRuntimeResult(
      new Result([samplerPubResult({ meas: BitArray.fromInts(new Array(1000).fill(1), 2) })]),
    );
    const e = err(decodeResult(text, { maxInflateBytes: 500 }));
    expect(e.kind).toBe('limit');
    expect(e.message).toContain('zlib data inflates to more than the limit of 500 bytes');
  });

  it('decodeResultOrThrow returns the result or throws the DecodeError', () => {
    expect(decodeResultOrThrow(plainText).length).toBe(1);
    expect(() => decodeResultOrThrow('{"results": 1}')).toThrowError(
      DecodeError,
      'results: expected an array of pub results, got 1',
    );
  });
});
