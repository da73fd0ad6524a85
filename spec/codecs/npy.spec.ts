import fc from 'fast-check';
import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import { decodeBase64 } from '../../src/codecs/base64.js';
import { DecodeError } from '../../src/codecs/errors.js';
import { Complex, NdArray } from '../../src/codecs/nd-array.js';
import { parseNpy, writeNpy } from '../../src/codecs/npy.js';

/** Files written by NumPy 2.4 (`np.save(f, a, allow_pickle=False)`, or `write_array` with an explicit version), base64. */
const NUMPY = {
  // np.array([[1.5, -2.0, nan], [inf, -inf, 0.25]])
  f8_2x3:
    'k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAAD4PwAAAAAAAADAAAAAAAAA+H8AAAAAAADwfwAAAAAAAPD/AAAAAAAA0D8=',
  // np.asfortranarray([[1., 2., 3.], [4., 5., 6.]])
  f8_fortran_2x3:
    'k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBUcnVlLCAnc2hhcGUnOiAoMiwgMyksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAADwPwAAAAAAABBAAAAAAAAAAEAAAAAAAAAUQAAAAAAAAAhAAAAAAAAAGEA=',
  // np.array([1.0, -2.5, 3.25], dtype='>f8')
  f8_big_3:
    'k05VTVBZAQB2AHsnZGVzY3InOiAnPmY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDMsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAo/8AAAAAAAAMAEAAAAAAAAQAoAAAAAAAA=',
  // np.array([1+2j, -0.5-1.5j])
  c16_2:
    'k05VTVBZAQB2AHsnZGVzY3InOiAnPGMxNicsICdmb3J0cmFuX29yZGVyJzogRmFsc2UsICdzaGFwZSc6ICgyLCksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAADwPwAAAAAAAABAAAAAAAAA4L8AAAAAAAD4vw==',
  // np.array([[-1, 2**62], [3, -2**63]], dtype='<i8')
  i8_2x2:
    'k05VTVBZAQB2AHsnZGVzY3InOiAnPGk4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDIpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAr//////////wAAAAAAAABAAwAAAAAAAAAAAAAAAAAAgA==',
  // np.array([True, False, True])
  b1_3: 'k05VTVBZAQB2AHsnZGVzY3InOiAnfGIxJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDMsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoBAAE=',
  // np.array(7, dtype=np.uint8)
  u1_0d:
    'k05VTVBZAQB2AHsnZGVzY3InOiAnfHUxJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKCksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoH',
  // np.array(-0.9374102500618965)
  f8_0d:
    'k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKCksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIArRbt7HQ//tvw==',
  // np.array([1, 2], dtype=np.uint8), version (2, 0)
  u1_v2_2:
    'k05VTVBZAgB0AAAAeydkZXNjcic6ICd8dTEnLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAnc2hhcGUnOiAoMiwpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoBAg==',
  // np.array([3, 4], dtype=np.uint8), version (3, 0)
  u1_v3_2:
    'k05VTVBZAwB0AAAAeydkZXNjcic6ICd8dTEnLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAnc2hhcGUnOiAoMiwpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoDBA==',
  // np.zeros((2, 0, 3))
  f8_empty_2x0x3:
    'k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDAsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAo=',
  // np.asfortranarray(np.arange(12, dtype='<i8').reshape(2, 3, 2))
  i8_fortran_2x3x2:
    'k05VTVBZAQB2AHsnZGVzY3InOiAnPGk4JywgJ2ZvcnRyYW5fb3JkZXInOiBUcnVlLCAnc2hhcGUnOiAoMiwgMywgMiksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAAAAAAYAAAAAAAAAAgAAAAAAAAAIAAAAAAAAAAQAAAAAAAAACgAAAAAAAAABAAAAAAAAAAcAAAAAAAAAAwAAAAAAAAAJAAAAAAAAAAUAAAAAAAAACwAAAAAAAAA=',
  // np.array([1, 2], dtype='<i4')
  i4_2: 'k05VTVBZAQB2AHsnZGVzY3InOiAnPGk0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoBAAAAAgAAAA==',
} as const;

function bytesOf(name: keyof typeof NUMPY): Uint8Array {
  const r = decodeBase64(NUMPY[name]);
  if (isLeft(r)) throw r.left;
  return r.right;
}

function ok(e: Either<DecodeError, NdArray>): NdArray {
  if (isLeft(e)) throw new Error(`expected an array, got ${e.left.message}`);
  return e.right;
}

function err(e: Either<DecodeError, unknown>): DecodeError {
  if (isRight(e)) throw new Error('expected a DecodeError');
  expect(e.left).toBeInstanceOf(DecodeError);
  return e.left;
}

/** Replace the header text of a NumPy file, keeping its length (pads with spaces). */
function withHeader(name: keyof typeof NUMPY, header: string): Uint8Array {
  const bytes = bytesOf(name).slice();
  const length = bytes[8]! | (bytes[9]! << 8);
  const text = header.padEnd(length - 1, ' ') + '\n';
  for (let i = 0; i < length; i++) bytes[10 + i] = text.charCodeAt(i);
  return bytes;
}

describe('parseNpy', () => {
  it('reads float64 in C order, NaN and infinities included', () => {
    const a = ok(parseNpy(bytesOf('f8_2x3')));
    expect(a.dtype).toBe('float64');
    expect(a.shape).toEqual([2, 3]);
    expect(a.toNested()).toEqual([
      [1.5, -2, NaN],
      [Infinity, -Infinity, 0.25],
    ]);
  });

  it('reorders Fortran-order data into row-major order', () => {
    expect(ok(parseNpy(bytesOf('f8_fortran_2x3'))).toNested()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const a = ok(parseNpy(bytesOf('i8_fortran_2x3x2')));
    expect(a.shape).toEqual([2, 3, 2]);
    expect(Array.from(a.data as BigInt64Array)).toEqual(
      Array.from({ length: 12 }, (_, i) => BigInt(i)),
    );
  });

  it('reads big-endian data', () => {
    expect(ok(parseNpy(bytesOf('f8_big_3'))).toNested()).toEqual([1, -2.5, 3.25]);
  });

  it('reads complex128, int64, bool and uint8', () => {
    expect(ok(parseNpy(bytesOf('c16_2'))).toNested()).toEqual([
      new Complex(1, 2),
      new Complex(-0.5, -1.5),
    ]);
    expect(ok(parseNpy(bytesOf('i8_2x2'))).toNested()).toEqual([
      [-1n, 2n ** 62n],
      [3n, -(2n ** 63n)],
    ]);
    expect(ok(parseNpy(bytesOf('b1_3'))).toNested()).toEqual([true, false, true]);
    const scalar = ok(parseNpy(bytesOf('u1_0d')));
    expect(scalar.shape).toEqual([]);
    expect(scalar.get()).toBe(7);
    expect(ok(parseNpy(bytesOf('f8_0d'))).get()).toBe(-0.9374102500618965);
  });

  it('reads format versions 2.0 and 3.0', () => {
    expect(ok(parseNpy(bytesOf('u1_v2_2'))).toNested()).toEqual([1, 2]);
    expect(ok(parseNpy(bytesOf('u1_v3_2'))).toNested()).toEqual([3, 4]);
  });

  it('reads empty arrays', () => {
    const a = ok(parseNpy(bytesOf('f8_empty_2x0x3')));
    expect(a.shape).toEqual([2, 0, 3]);
    expect(a.size).toBe(0);
    expect(a.toNested()).toEqual([[], []]);
  });

  it('rejects a bad magic string', () => {
    const bytes = bytesOf('f8_0d').slice();
    bytes[1] = 0x4d;
    expect(err(parseNpy(bytes, 'x.array')).message).toBe(
      'x.array: invalid NPY data: bad magic (expected "\\x93NUMPY")',
    );
    expect(err(parseNpy(new Uint8Array(3))).message).toContain('bad magic');
  });

  it('rejects unknown versions', () => {
    const bytes = bytesOf('f8_0d').slice();
    bytes[6] = 4;
    const e = err(parseNpy(bytes, 'p'));
    expect(e.kind).toBe('unsupported');
    expect(e.message).toBe('p: unsupported NPY version 4.0');
  });

  it('rejects unsupported dtypes by name', () => {
    const e = err(parseNpy(bytesOf('i4_2'), 'p'));
    expect(e.kind).toBe('unsupported');
    expect(e.message).toContain('p: unsupported NPY dtype "<i4"');
    const structured = withHeader(
      'f8_0d',
      "{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (), }",
    );
    expect(err(parseNpy(structured)).message).toContain(
      'bad header: structured dtypes are not supported',
    );
  });

  it('rejects malformed headers with a reason', () => {
    const cases: [string, string][] = [
      ["{'descr': '<f8', 'shape': (), }", "'fortran_order' missing or not True/False"],
      ["{'descr': '<f8', 'fortran_order': False, }", "'shape' missing or not a tuple"],
      ["{'fortran_order': False, 'shape': (), }", "'descr' missing or not a string"],
      ["{'descr': '<f8', 'fortran_order': False, 'shape': (-1,), }", 'unexpected character "-"'],
      ["{'descr': '<f8' 'fortran_order': False, 'shape': (), }", 'expected , or }'],
      ["{'descr': '<f8, 'fortran_order': False, 'shape': (), }", 'bad header'],
      ['not a dict', 'expected { but found not'],
    ];
    for (const [header, reason] of cases) {
      const e = err(parseNpy(withHeader('f8_0d', header), 'h'));
      expect(e.message).toContain('h: invalid NPY data: bad header');
      expect(e.message).toContain(reason);
    }
  });

  it('rejects a header length running past the file', () => {
    const bytes = bytesOf('f8_0d').slice(0, 60);
    expect(err(parseNpy(bytes)).message).toBe(
      '<root>: invalid NPY data: header length 118 runs past the end of the 60-byte file',
    );
  });

  it('rejects data that does not match the shape', () => {
    const bytes = bytesOf('f8_2x3');
    const e = err(parseNpy(bytes.subarray(0, bytes.length - 8), 'r.evs'));
    expect(e.message).toBe(
      'r.evs: NPY data length mismatch: shape (2, 3) of <f8 needs 48 bytes, found 40',
    );
    const longer = new Uint8Array(bytes.length + 1);
    longer.set(bytes);
    expect(err(parseNpy(longer)).message).toContain('needs 48 bytes, found 49');
  });
});

describe('writeNpy', () => {
  it('writes exactly what NumPy writes', () => {
    const cases: [keyof typeof NUMPY, NdArray][] = [
      [
        'f8_2x3',
        new NdArray('float64', [2, 3], Float64Array.of(1.5, -2, NaN, Infinity, -Infinity, 0.25)),
      ],
      ['c16_2', new NdArray('complex128', [2], Float64Array.of(1, 2, -0.5, -1.5))],
      ['i8_2x2', new NdArray('int64', [2, 2], BigInt64Array.of(-1n, 2n ** 62n, 3n, -(2n ** 63n)))],
      ['b1_3', new NdArray('bool', [3], Uint8Array.of(1, 0, 1))],
      ['u1_0d', new NdArray('uint8', [], Uint8Array.of(7))],
      ['f8_0d', NdArray.scalar(-0.9374102500618965)],
      ['f8_empty_2x0x3', new NdArray('float64', [2, 0, 3], new Float64Array(0))],
    ];
    for (const [name, array] of cases) expect(writeNpy(array)).toEqual(bytesOf(name));
  });

  it('writes a view of a larger buffer correctly', () => {
    const big = Uint8Array.of(9, 9, 1, 0, 1, 9);
    const view = new NdArray('bool', [3], big.subarray(2, 5));
    expect(writeNpy(view)).toEqual(bytesOf('b1_3'));
  });

  it('round-trips random arrays of every dtype and rank', () => {
    const shapes = fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 4 });
    fc.assert(
      fc.property(
        shapes,
        fc.constantFrom('bool', 'uint8', 'int64', 'float64', 'complex128'),
        fc.integer(),
        (shape, dtype, seed) => {
          const size = shape.reduce((a, b) => a * b, 1);
          let x = seed;
          const next = (): number => (x = (Math.imul(x, 1103515245) + 12345) | 0);
          let array: NdArray;
          switch (dtype) {
            case 'bool':
              array = new NdArray(
                'bool',
                shape,
                Uint8Array.from({ length: size }, () => next() & 1),
              );
              break;
            case 'uint8':
              array = new NdArray(
                'uint8',
                shape,
                Uint8Array.from({ length: size }, () => next() & 255),
              );
              break;
            case 'int64':
              array = new NdArray(
                'int64',
                shape,
                BigInt64Array.from(
                  { length: size },
                  () => BigInt(next()) * 4294967296n + BigInt(next() >>> 0),
                ),
              );
              break;
            case 'float64':
              array = new NdArray(
                'float64',
                shape,
                Float64Array.from({ length: size }, () => next() / 7),
              );
              break;
            default:
              array = new NdArray(
                'complex128',
                shape,
                Float64Array.from({ length: 2 * size }, () => next() / 3),
              );
          }
          const back = ok(parseNpy(writeNpy(array)));
          expect(back.dtype).toBe(array.dtype);
          expect(back.shape).toEqual(array.shape);
          expect(back.data).toEqual(array.data);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('refuses object arrays', () => {
    const e = (() => {
      try {
        writeNpy(new NdArray('object', [1], ['x']));
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(e).toBeInstanceOf(DecodeError);
    expect((e as DecodeError).kind).toBe('unsupported');
  });
});
