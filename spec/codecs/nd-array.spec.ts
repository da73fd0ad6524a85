import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import { DecodeError } from '../../src/codecs/errors.js';
import { Complex, NdArray, nestedToNdArray } from '../../src/codecs/nd-array.js';

describe('NdArray', () => {
  const a = new NdArray('float64', [2, 3], Float64Array.of(0, 1, 2, 3, 4, 5));

  it('indexes row-major, with negative indices from the end', () => {
    expect(a.size).toBe(6);
    expect(a.ndim).toBe(2);
    expect(a.get(0, 0)).toBe(0);
    expect(a.get(1, 2)).toBe(5);
    expect(a.get(0, 2)).toBe(2);
    expect(a.get(-1, -3)).toBe(3);
  });

  it('rejects out-of-range indices with a RangeError naming the axis', () => {
    expect(() => a.get(2, 0)).toThrowError(RangeError, /index 2 out of range for axis 0 of size 2/);
    expect(() => a.get(0, 1.5)).toThrowError(RangeError, /axis 1/);
    expect(() => a.get(0)).toThrowError(RangeError, /expected 2 indices/);
  });

  it('converts to nested lists following the shape', () => {
    expect(a.toNested()).toEqual([
      [0, 1, 2],
      [3, 4, 5],
    ]);
    expect(a.toArray()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(NdArray.scalar(2.5).toNested()).toBe(2.5);
    expect(NdArray.scalar(2.5).get()).toBe(2.5);
    expect(new NdArray('float64', [0, 2], new Float64Array(0)).toNested()).toEqual([]);
  });

  it('reads complex numbers from interleaved storage', () => {
    const c = new NdArray('complex128', [2], Float64Array.of(1, 2, 3, -4));
    expect(c.get(1)).toEqual(new Complex(3, -4));
    expect(String(c.get(1))).toBe('(3-4j)');
    expect(new NdArray('bool', [2], Uint8Array.of(0, 1)).toNested()).toEqual([false, true]);
  });

  it('checks storage length and shape when constructed', () => {
    expect(() => new NdArray('float64', [2, 2], new Float64Array(3))).toThrowError(
      DecodeError,
      'data: float64 storage of length 3 does not fit shape (2, 2), which needs 4',
    );
    expect(() => new NdArray('complex128', [2], new Float64Array(2))).toThrowError(DecodeError);
    expect(() => new NdArray('uint8', [-1], new Uint8Array(0))).toThrowError(
      DecodeError,
      'shape: dimension 0 is -1, not a non-negative integer',
    );
  });

  it('prints its dtype and shape', () => {
    expect(a.toString()).toBe('NdArray<float64>(shape=(2, 3))');
    expect(NdArray.float64([1, 2]).toString()).toBe('NdArray<float64>(shape=(2,))');
  });
});

describe('nestedToNdArray', () => {
  it('reads numbers, nested lists and their shape', () => {
    const scalar = nestedToNdArray(-0.5, 'float64');
    expect(isRight(scalar) && scalar.right.shape).toEqual([]);
    const m = nestedToNdArray(
      [
        [1, NaN],
        [Infinity, 4],
      ],
      'float64',
    );
    expect(isRight(m) && m.right.shape).toEqual([2, 2]);
    expect(isRight(m) && m.right.toNested()).toEqual([
      [1, NaN],
      [Infinity, 4],
    ]);
    const empty = nestedToNdArray([], 'float64');
    expect(isRight(empty) && empty.right.shape).toEqual([0]);
  });

  it('keeps any leaves in object arrays', () => {
    const o = nestedToNdArray(
      [
        ['a', { b: 1 }],
        [null, 2],
      ],
      'object',
    );
    expect(isRight(o) && o.right.get(0, 1)).toEqual({ b: 1 });
  });

  it('rejects ragged lists and non-numbers with the path', () => {
    const ragged = nestedToNdArray([[1, 2], [3]], 'float64', 'data.evs');
    expect(isLeft(ragged) && ragged.left.message).toBe(
      'data.evs[1]: ragged array: expected a list of length 2 (shape (2, 2)), got an array of length 1',
    );
    const deeper = nestedToNdArray([1, [2]], 'float64', 'e');
    expect(isLeft(deeper) && deeper.left.message).toContain('e[1]: ragged array');
    const text = nestedToNdArray([[1, '2']], 'float64', 'e');
    expect(isLeft(text) && text.left.message).toBe('e[0][1]: expected number, got "2"');
    const nul = nestedToNdArray(null, 'float64', 'stds');
    expect(isLeft(nul) && nul.left.message).toBe('stds: expected number, got null');
  });

  it('refuses more than 64 dimensions', () => {
    let v: unknown = 1;
    for (let i = 0; i < 65; i++) v = [v];
    const r = nestedToNdArray(v, 'float64', 'x');
    expect(isLeft(r) && r.left.kind).toBe('limit');
  });
});
