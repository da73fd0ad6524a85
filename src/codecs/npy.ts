/**
 * The NumPy `.npy` file format (versions 1.0, 2.0 and 3.0), as `np.save(allow_pickle=False)`
 * writes it: the magic `\x93NUMPY`, a version, a little-endian header length, a header that is
 * a Python dict literal (`{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }`) and
 * the raw elements.
 *
 * Supported element types: `b1` (bool), `u1` (uint8), `i8` (int64), `f8` (float64) and `c16`
 * (complex128), in either byte order, in C or Fortran order; arrays of any rank, 0-d included.
 *
 * @module
 */
import type { Either } from 'fp-ts/lib/Either.js';
import { left, right } from 'fp-ts/lib/Either.js';
import { DecodeError } from './errors.js';
import type { DType, DTypeStorage } from './nd-array.js';
import { NdArray, shapeProblem, shapeSize } from './nd-array.js';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/** dtype kind+size (without byte order) -> our dtype and the element size in bytes. */
const DTYPES: Readonly<Record<string, { dtype: Exclude<DType, 'object'>; itemSize: number }>> = {
  b1: { dtype: 'bool', itemSize: 1 },
  u1: { dtype: 'uint8', itemSize: 1 },
  i8: { dtype: 'int64', itemSize: 8 },
  f8: { dtype: 'float64', itemSize: 8 },
  c16: { dtype: 'complex128', itemSize: 16 },
};

const DESCR: Readonly<Record<Exclude<DType, 'object'>, string>> = {
  bool: '|b1',
  uint8: '|u1',
  int64: '<i8',
  float64: '<f8',
  complex128: '<c16',
};

const LITTLE_ENDIAN_HOST = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/** Header fields the format requires. */
interface NpyHeader {
  readonly descr: string;
  readonly fortranOrder: boolean;
  readonly shape: number[];
}

/**
 * Parse an `.npy` file into an {@link NdArray}. Errors name `path` and what was wrong: bad
 * magic, unknown version, malformed header, unsupported dtype, or a data length that does not
 * match the shape.
 */
export function parseNpy(bytes: Uint8Array, path = ''): Either<DecodeError, NdArray> {
  const where = path || '<root>';
  const invalid = (what: string, actual: unknown = bytes): Either<DecodeError, never> =>
    left(
      new DecodeError(path, 'NPY data', actual, 'invalid', `${where}: invalid NPY data: ${what}`),
    );
  if (bytes.length < 10 || MAGIC.some((m, i) => bytes[i] !== m)) {
    return invalid('bad magic (expected "\\x93NUMPY")');
  }
  const major = bytes[6]!;
  const minor = bytes[7]!;
  if (major < 1 || major > 3) {
    return left(
      new DecodeError(
        path,
        'NPY version 1.0, 2.0 or 3.0',
        `${major}.${minor}`,
        'unsupported',
        `${where}: unsupported NPY version ${major}.${minor}`,
      ),
    );
  }
  const lengthBytes = major === 1 ? 2 : 4;
  const headerStart = 8 + lengthBytes;
  if (bytes.length < headerStart) return invalid('truncated before the header length');
  let headerLength = 0;
  for (let i = lengthBytes - 1; i >= 0; i--) headerLength = headerLength * 256 + bytes[8 + i]!;
  const dataStart = headerStart + headerLength;
  if (bytes.length < dataStart) {
    return invalid(
      `header length ${headerLength} runs past the end of the ${bytes.length}-byte file`,
    );
  }
  const headerBytes = bytes.subarray(headerStart, dataStart);
  const headerText =
    major === 3 ? new TextDecoder('utf-8').decode(headerBytes) : latin1(headerBytes);
  const header = parseHeader(headerText);
  if (typeof header === 'string') return invalid(`bad header: ${header}`, headerText);

  const order = header.descr[0];
  const kind = DTYPES[header.descr.slice(1)];
  if (kind === undefined || (order !== '<' && order !== '>' && order !== '|')) {
    return left(
      new DecodeError(
        path,
        'an NPY dtype among |b1, |u1, <i8, <f8, <c16',
        header.descr,
        'unsupported',
        `${where}: unsupported NPY dtype ${JSON.stringify(header.descr)} (supported: bool |b1, uint8 |u1, int64 <i8, float64 <f8, complex128 <c16, either byte order)`,
      ),
    );
  }
  if (order === '|' && kind.itemSize !== 1) {
    return invalid(`dtype ${JSON.stringify(header.descr)} needs a byte order`, header.descr);
  }
  const size = shapeSize(header.shape);
  const expected = size * kind.itemSize;
  const actual = bytes.length - dataStart;
  if (actual !== expected) {
    return left(
      new DecodeError(
        path,
        `${expected} data bytes`,
        actual,
        'invalid',
        `${where}: NPY data length mismatch: shape (${header.shape.join(', ')}) of ${header.descr} needs ${expected} bytes, found ${actual}`,
      ),
    );
  }
  const raw = bytes.subarray(dataStart);
  const bigEndian = order === '>' && kind.itemSize > 1;
  let data = readElements(kind.dtype, raw, size, bigEndian);
  if (header.fortranOrder && header.shape.length > 1) {
    data = fortranToC(data, header.shape, kind.dtype === 'complex128' ? 2 : 1);
  }
  return right(new NdArray(kind.dtype, header.shape, data));
}

function latin1(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]!);
  return s;
}

/** Copy raw element bytes into a fresh typed array of the dtype's storage. */
function readElements(
  dtype: Exclude<DType, 'object'>,
  raw: Uint8Array,
  size: number,
  bigEndian: boolean,
): DTypeStorage[Exclude<DType, 'object'>] {
  if (dtype === 'bool' || dtype === 'uint8') return raw.slice();
  const copy = raw.slice();
  if (bigEndian === LITTLE_ENDIAN_HOST) {
    // Swap each 8-byte word (complex parts are two independent doubles).
    for (let i = 0; i < copy.length; i += 8) {
      for (let a = i, b = i + 7; a < b; a++, b--) {
        const t = copy[a]!;
        copy[a] = copy[b]!;
        copy[b] = t;
      }
    }
  }
  if (dtype === 'int64') return new BigInt64Array(copy.buffer, 0, size);
  return new Float64Array(copy.buffer, 0, dtype === 'complex128' ? 2 * size : size);
}

/** Reorder column-major elements (first index fastest) into row-major order. */
function fortranToC<S extends DTypeStorage[Exclude<DType, 'object'>]>(
  data: S,
  shape: readonly number[],
  slots: number,
): S {
  const out = new (data.constructor as new (n: number) => S)(data.length);
  const rank = shape.length;
  const fStrides = new Array<number>(rank);
  let stride = 1;
  for (let k = 0; k < rank; k++) {
    fStrides[k] = stride;
    stride *= shape[k]!;
  }
  const index = new Array<number>(rank).fill(0);
  const size = shapeSize(shape);
  for (let c = 0; c < size; c++) {
    let f = 0;
    for (let k = 0; k < rank; k++) f += index[k]! * fStrides[k]!;
    for (let s = 0; s < slots; s++) out[c * slots + s] = data[f * slots + s]!;
    // Advance the row-major index (last axis fastest).
    for (let k = rank - 1; k >= 0; k--) {
      if (++index[k]! < shape[k]!) break;
      index[k] = 0;
    }
  }
  return out;
}

/**
 * Parse the header dict. Returns the fields, or a sentence saying what is wrong. The grammar
 * is the subset of Python literals NumPy writes: a dict of string keys whose values are
 * strings, `True`/`False`, and tuples of integers.
 */
function parseHeader(text: string): NpyHeader | string {
  const tokens = tokenize(text.trim());
  if (typeof tokens === 'string') return tokens;
  let i = 0;
  const peek = (): string | undefined => tokens[i];
  const expect = (t: string): string | undefined =>
    tokens[i] === t ? (i++, undefined) : `expected ${t} but found ${tokens[i] ?? 'the end'}`;
  const fields = new Map<string, string | boolean | number[]>();
  let err = expect('{');
  if (err) return err;
  while (peek() !== '}') {
    const key = tokens[i++];
    if (key === undefined || !key.startsWith("'"))
      return `expected a quoted key, found ${key ?? 'the end'}`;
    err = expect(':');
    if (err) return err;
    const tok = tokens[i++];
    let value: string | boolean | number[];
    if (tok === undefined) return 'unexpected end of header';
    if (tok.startsWith("'")) value = tok.slice(1);
    else if (tok === 'True' || tok === 'False') value = tok === 'True';
    else if (tok === '(') {
      const dims: number[] = [];
      while (peek() !== ')') {
        const d = tokens[i++];
        if (d === undefined || !/^[0-9]+L?$/.test(d)) return `bad shape entry ${d ?? 'the end'}`;
        dims.push(Number(d.replace('L', '')));
        if (peek() === ',') i++;
        else if (peek() !== ')') return `expected , or ) in shape, found ${peek() ?? 'the end'}`;
      }
      i++;
      value = dims;
    } else if (tok === '[') {
      return `structured dtypes are not supported`;
    } else return `unexpected ${tok}`;
    fields.set(key.slice(1), value);
    if (peek() === ',') i++;
    else if (peek() !== '}') return `expected , or } after a value, found ${peek() ?? 'the end'}`;
  }
  i++;
  if (i !== tokens.length) return `unexpected ${tokens[i]} after the dict`;
  const descr = fields.get('descr');
  const fortran = fields.get('fortran_order');
  const shape = fields.get('shape');
  if (typeof descr !== 'string') return "'descr' missing or not a string";
  if (typeof fortran !== 'boolean') return "'fortran_order' missing or not True/False";
  if (!Array.isArray(shape)) return "'shape' missing or not a tuple";
  const problem = shapeProblem(shape);
  if (problem !== undefined) return `bad 'shape': ${problem}`;
  return { descr, fortranOrder: fortran, shape };
}

/** Split a header into tokens; strings come back as `'` followed by their content. */
function tokenize(text: string): string[] | string {
  const tokens: string[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\n' || c === '\t' || c === '\r') {
      i++;
    } else if ('{}()[]:,'.includes(c)) {
      tokens.push(c);
      i++;
    } else if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1);
      if (end === -1) return 'unterminated string';
      tokens.push(`'${text.slice(i + 1, end)}`);
      i = end + 1;
    } else {
      const m = /^[A-Za-z0-9_]+/.exec(text.slice(i, i + 32));
      if (m === null) return `unexpected character ${JSON.stringify(c)}`;
      tokens.push(m[0]);
      i += m[0].length;
    }
  }
  return tokens;
}

/**
 * Write an array as an `.npy` file (version 1.0, or 2.0 when the header needs it), C order,
 * little-endian, header padded so the data starts on a 64-byte boundary, as NumPy does.
 *
 * @throws DecodeError (kind `unsupported`) for an `object` array, which `.npy` without pickle
 * cannot hold.
 */
export function writeNpy(array: NdArray): Uint8Array {
  if (array.dtype === 'object') {
    throw new DecodeError(
      '',
      'an array of bool, uint8, int64, float64 or complex128',
      'object',
      'unsupported',
      'object arrays cannot be written as NPY without pickle',
    );
  }
  const dtype = array.dtype;
  const shape = array.shape.length === 1 ? `(${array.shape[0]},)` : `(${array.shape.join(', ')})`;
  const dict = `{'descr': '${DESCR[dtype]}', 'fortran_order': False, 'shape': ${shape}, }`;
  let major = 1;
  let prefix = 10;
  if (dict.length + 1 + 10 > 0xffff) {
    major = 2;
    prefix = 12;
  }
  const headerLength = Math.ceil((prefix + dict.length + 1) / 64) * 64 - prefix;
  const header = dict.padEnd(headerLength - 1, ' ') + '\n';
  const data = array.data as DTypeStorage[typeof dtype];
  const raw = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const out = new Uint8Array(prefix + headerLength + raw.length);
  out.set(MAGIC, 0);
  out[6] = major;
  out[7] = 0;
  for (let i = 0; i < prefix - 8; i++) out[8 + i] = Math.floor(headerLength / 256 ** i) & 0xff;
  for (let i = 0; i < header.length; i++) out[prefix + i] = header.charCodeAt(i);
  out.set(raw, prefix + headerLength);
  if (!LITTLE_ENDIAN_HOST && dtype !== 'bool' && dtype !== 'uint8') {
    const body = out.subarray(prefix + headerLength);
    for (let i = 0; i < body.length; i += 8) body.subarray(i, i + 8).reverse();
  }
  return out;
}
