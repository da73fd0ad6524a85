/**
 * Measurement outcomes of one classical register, stored the way Qiskit's `BitArray` stores
 * them: one row of `ceil(numBits / 8)` bytes per shot, big-endian (the first byte of a row
 * holds the most significant bits, the last byte classical bits 7..0), rows laid out as an
 * array of shape `(*shape, numShots, numBytes)`.
 *
 * @module
 */
import type { Either } from 'fp-ts/lib/Either.js';
import { isLeft, left, right } from 'fp-ts/lib/Either.js';
import { DecodeError, describeValue } from './errors.js';
import { HEX_VALUE, HexSamplesText } from './hex-samples-text.js';
import { NdArray, shapeProblem, shapeSize } from './nd-array.js';
import { DEFAULT_MAX_INFLATE_BYTES } from './zlib.js';

/**
 * Most bytes the packed rows decoded from hex samples may take (256 MiB, the same ceiling as
 * compressed arrays): a body declaring a huge `num_bits` is a `limit` DecodeError instead of a
 * gigabyte allocation or a RangeError.
 */
export const MAX_HEX_SAMPLES_BYTES = DEFAULT_MAX_INFLATE_BYTES;

/** Sizes of a {@link BitArray}. */
export interface BitArrayOptions {
  /** Register width in bits. */
  readonly numBits: number;
  /** Shots per position of `shape`. */
  readonly numShots: number;
  /** Shape of the parameter sweep the shots were taken over; `[]` (the default) for one position. */
  readonly shape?: readonly number[];
}

/** A position in a BitArray's `shape`: one index, or a prefix of indices (a sub-array). */
export type BitArrayLocation = number | readonly number[];

/** Byte -> two lower-case hex digits. */
const HEX_PAIRS: readonly string[] = Array.from({ length: 256 }, (_, i) =>
  i.toString(16).padStart(2, '0'),
);

/** Byte -> its eight bits, most significant first. */
const BIT_OCTETS: readonly string[] = Array.from({ length: 256 }, (_, i) =>
  i.toString(2).padStart(8, '0'),
);

const where = (path: string): string => path || '<root>';

/** The error of hex sample `k` (text `s`) that does not fit in `numBits`. */
function tooWide(path: string, k: number, s: string, numBits: number): DecodeError {
  return new DecodeError(
    `${path}[${k}]`,
    `a value below 2^${numBits}`,
    s,
    'invalid',
    `${path}[${k}]: sample ${describeValue(s)} does not fit in num_bits = ${numBits}`,
  );
}

/** Decoder of the ASCII text {@link BitArray.getCounts} builds large counts objects from. */
const ASCII = new TextDecoder();

/** Distinct outcomes from which {@link BitArray.getCounts} builds its object from text. */
const MANY_OUTCOMES = 1024;

/** Mask keeping the meaningful bits of a row's first byte. */
function topMask(numBits: number): number {
  const r = numBits % 8;
  return r === 0 ? 0xff : (1 << r) - 1;
}

/**
 * Shot outcomes of a classical register, packed as bytes (Qiskit's `BitArray` layout).
 *
 * ```ts
 * const bits = BitArray.fromSamples(['0x0', '0x3', '0x3', '0x0'], 2);
 * bits.getCounts(); // { '00': 2, '11': 2 }
 * ```
 *
 * @category Results
 */
export class BitArray {
  /** Register width in bits. */
  readonly numBits: number;
  /** Shots per position of {@link shape}. */
  readonly numShots: number;
  /** Shape of the sweep (`[]` for a single position). */
  readonly shape: readonly number[];
  /** Bytes per shot: `ceil(numBits / 8)`. */
  readonly numBytes: number;
  /** The packed rows, `(*shape, numShots, numBytes)` in row-major order. */
  readonly bytes: Uint8Array;

  /**
   * Wrap packed bytes. The bytes are used as they are (not copied).
   *
   * @throws DecodeError when a size is not a non-negative integer or the byte count is not
   * `size(shape) * numShots * ceil(numBits / 8)`.
   */
  constructor(bytes: Uint8Array, options: BitArrayOptions) {
    const problem = checkSizes(bytes, options, '');
    if (problem !== undefined) throw problem;
    this.bytes = bytes;
    this.numBits = options.numBits;
    this.numShots = options.numShots;
    this.shape = Object.freeze([...(options.shape ?? [])]);
    this.numBytes = Math.ceil(this.numBits / 8);
  }

  /** Like the constructor, returning the problem (reported at `path`) instead of throwing it. */
  static tryCreate(
    bytes: Uint8Array,
    options: BitArrayOptions,
    path = '',
  ): Either<DecodeError, BitArray> {
    const problem = checkSizes(bytes, options, path);
    return problem === undefined ? right(new BitArray(bytes, options)) : left(problem);
  }

  /**
   * Build from hex samples as the plain REST encoding sends them: one `0x`-prefixed hex
   * integer per shot (bit i of the integer is classical bit i), the shots of all positions
   * of `shape` flattened in row-major order.
   *
   * @throws DecodeError naming the bad sample.
   */
  static fromSamples(
    hexSamples: readonly string[],
    numBits: number,
    shape: readonly number[] = [],
  ): BitArray {
    const r = BitArray.decodeHexSamples(hexSamples, numBits, shape, 'samples');
    if (isLeft(r)) throw r.left;
    return r.right;
  }

  /**
   * Decode untrusted hex samples (see {@link fromSamples}). Errors name the sample's path,
   * e.g. `results[0].data.meas.samples[3]: expected hex string, got 12`.
   */
  static decodeHexSamples(
    samples: unknown,
    numBits: unknown,
    shape: readonly number[] = [],
    path = '',
  ): Either<DecodeError, BitArray> {
    const fromText = samples instanceof HexSamplesText ? samples : undefined;
    if (fromText === undefined && !Array.isArray(samples))
      return left(new DecodeError(path, 'an array of hex strings', samples));
    const length = (samples as { length: number }).length;
    if (typeof numBits !== 'number' || !Number.isSafeInteger(numBits) || numBits < 0) {
      return left(new DecodeError(path, 'a non-negative integer number of bits', numBits));
    }
    const positions = shapeSize(shape);
    const numShots = positions === 0 ? 0 : length / positions;
    if (!Number.isInteger(numShots) || (positions === 0 && length !== 0)) {
      return left(
        new DecodeError(
          path,
          `a multiple of ${positions} samples`,
          fromText?.toArray() ?? samples,
          'invalid',
          `${where(path)}: ${length} samples do not divide evenly over shape (${shape.join(', ')})`,
        ),
      );
    }
    const numBytes = Math.ceil(numBits / 8);
    const total = length * numBytes;
    if (total > MAX_HEX_SAMPLES_BYTES) {
      return left(
        new DecodeError(
          path,
          `samples packing into at most ${MAX_HEX_SAMPLES_BYTES} bytes`,
          numBits,
          'limit',
          `${where(path)}: ${length} samples of num_bits = ${numBits} need ${total} bytes, more than the limit of ${MAX_HEX_SAMPLES_BYTES}`,
        ),
      );
    }
    const mask = topMask(numBits);
    const out = new Uint8Array(total);
    if (fromText !== undefined) {
      // Lifted from the text already checked as hex: only the width can be wrong.
      const k = fromText.packInto(out, numBytes, mask);
      if (k >= 0) return left(tooWide(path, k, fromText.sampleAt(k), numBits));
      return right(new BitArray(out, { numBits, numShots, shape }));
    }
    const list = samples as readonly unknown[];
    for (let k = 0; k < list.length; k++) {
      const s: unknown = list[k];
      if (typeof s !== 'string') return left(new DecodeError(`${path}[${k}]`, 'hex string', s));
      const n = s.length;
      if (n < 3 || s.charCodeAt(0) !== 0x30 || (s.charCodeAt(1) | 0x20) !== 0x78) {
        return left(new DecodeError(`${path}[${k}]`, 'hex string', s));
      }
      const rowStart = k * numBytes;
      let b = rowStart + numBytes - 1;
      let j = n - 1;
      let bad = 0;
      // Two digits per byte, from the least significant end.
      for (; j >= 3; j -= 2) {
        const lo = HEX_VALUE[s.charCodeAt(j)]!;
        const hi = HEX_VALUE[s.charCodeAt(j - 1)]!;
        bad |= lo | hi;
        const v = (hi << 4) | lo;
        if (b >= rowStart) out[b--] = v;
        else if (v !== 0) bad |= 0x100;
      }
      if (j === 2) {
        const lo = HEX_VALUE[s.charCodeAt(2)]!;
        bad |= lo;
        if (b >= rowStart) out[b] = lo;
        else if (lo !== 0) bad |= 0x100;
      }
      if (bad & 0xf0) return left(new DecodeError(`${path}[${k}]`, 'hex string', s));
      if (bad & 0x100 || (numBytes > 0 && (out[rowStart]! & ~mask) !== 0)) {
        return left(tooWide(path, k, s, numBits));
      }
    }
    return right(new BitArray(out, { numBits, numShots, shape }));
  }

  /**
   * Build from bitstrings, most significant bit first (as {@link getCounts} writes them), all
   * of the same length, which becomes `numBits`.
   *
   * @throws DecodeError naming a string of another length or with a character other than 0/1.
   */
  static fromBitstrings(bitstrings: readonly string[], shape: readonly number[] = []): BitArray {
    const numBits = bitstrings[0]?.length ?? 0;
    const numBytes = Math.ceil(numBits / 8);
    const out = new Uint8Array(bitstrings.length * numBytes);
    bitstrings.forEach((s, k) => {
      if (typeof s !== 'string' || s.length !== numBits || !/^[01]*$/.test(s)) {
        throw new DecodeError(`bitstrings[${k}]`, `a string of ${numBits} zeros and ones`, s);
      }
      for (let i = 0; i < numBits; i++) {
        if (s.charCodeAt(numBits - 1 - i) === 0x31) {
          const at = k * numBytes + numBytes - 1 - (i >> 3);
          out[at] = out[at]! | (1 << (i & 7));
        }
      }
    });
    return new BitArray(out, { numBits, numShots: shotsFor(bitstrings.length, shape), shape });
  }

  /**
   * Build from integer outcomes (bit i = classical bit i).
   *
   * @throws DecodeError naming a value that is negative, fractional or wider than `numBits`.
   */
  static fromInts(
    values: readonly (number | bigint)[],
    numBits: number,
    shape: readonly number[] = [],
  ): BitArray {
    const numBytes = Math.ceil(numBits / 8);
    const out = new Uint8Array(values.length * numBytes);
    const limit = 1n << BigInt(numBits);
    values.forEach((v, k) => {
      const ok =
        typeof v === 'bigint'
          ? v >= 0n && v < limit
          : Number.isSafeInteger(v) && v >= 0 && BigInt(v) < limit;
      if (!ok) throw new DecodeError(`values[${k}]`, `an integer in [0, 2^${numBits})`, v);
      if (typeof v === 'number') {
        let x = v;
        for (let b = numBytes - 1; b >= 0 && x > 0; b--) {
          out[k * numBytes + b] = x % 256;
          x = Math.floor(x / 256);
        }
      } else {
        let x = v;
        for (let b = numBytes - 1; b >= 0 && x > 0n; b--) {
          out[k * numBytes + b] = Number(x & 0xffn);
          x >>= 8n;
        }
      }
    });
    return new BitArray(out, { numBits, numShots: shotsFor(values.length, shape), shape });
  }

  /**
   * Build from a uint8 array of shape `(*shape, numShots, ceil(numBits / 8))`, the encoded
   * (RuntimeEncoder) form. Errors are reported at `path`.
   */
  static fromNdArray(array: NdArray, numBits: unknown, path = ''): Either<DecodeError, BitArray> {
    if (typeof numBits !== 'number' || !Number.isSafeInteger(numBits) || numBits < 0) {
      return left(new DecodeError(`${path}.num_bits`, 'a non-negative integer', numBits));
    }
    if (array.dtype !== 'uint8' || array.shape.length < 2) {
      return left(
        new DecodeError(
          `${path}.array`,
          'a uint8 array of shape (*shape, num_shots, num_bytes)',
          array,
          'invalid',
          `${path}.array: expected a uint8 array of rank >= 2 (*shape, num_shots, num_bytes), got ${array.toString()}`,
        ),
      );
    }
    const numBytes = array.shape[array.shape.length - 1]!;
    if (numBytes !== Math.ceil(numBits / 8)) {
      return left(
        new DecodeError(
          `${path}.array`,
          `${Math.ceil(numBits / 8)} bytes per shot`,
          numBytes,
          'invalid',
          `${path}.array: last axis holds ${numBytes} bytes per shot but num_bits = ${numBits} needs ${Math.ceil(numBits / 8)}`,
        ),
      );
    }
    return BitArray.tryCreate(
      array.data as Uint8Array,
      {
        numBits,
        numShots: array.shape[array.shape.length - 2]!,
        shape: array.shape.slice(0, -2),
      },
      path,
    );
  }

  /** The packed bytes as a uint8 array of shape `(*shape, numShots, numBytes)`. */
  toNdArray(): NdArray<'uint8'> {
    return new NdArray('uint8', [...this.shape, this.numShots, this.numBytes], this.bytes);
  }

  /** Number of positions in {@link shape} (1 for `[]`). */
  get size(): number {
    return shapeSize(this.shape);
  }

  /**
   * The outcomes at one position of the sweep (or, with fewer indices than `shape` has axes,
   * the sub-array there). Shares the bytes. Negative indices count from the end.
   *
   * @throws RangeError for an index out of range (a programming error).
   */
  slice(...index: number[]): BitArray {
    const { start, end } = this.rows(index);
    return new BitArray(this.bytes.subarray(start * this.numBytes, end * this.numBytes), {
      numBits: this.numBits,
      numShots: this.numShots,
      shape: this.shape.slice(index.length),
    });
  }

  /** First and past-the-end row selected by a location (all rows when undefined). */
  private rows(loc: BitArrayLocation | undefined): { start: number; end: number } {
    const total = this.size * this.numShots;
    if (loc === undefined) return { start: 0, end: total };
    const index = typeof loc === 'number' ? [loc] : loc;
    if (index.length > this.shape.length) {
      throw new RangeError(
        `BitArray: ${index.length} indices for shape (${this.shape.join(', ')})`,
      );
    }
    let flat = 0;
    index.forEach((raw, k) => {
      const dim = this.shape[k]!;
      const i = Number.isInteger(raw) && raw < 0 ? raw + dim : raw;
      if (!Number.isInteger(i) || i < 0 || i >= dim) {
        throw new RangeError(`BitArray: index ${raw} out of range for axis ${k} of size ${dim}`);
      }
      flat = flat * dim + i;
    });
    const span = shapeSize(this.shape.slice(index.length)) * this.numShots;
    return { start: flat * span, end: (flat + 1) * span };
  }

  /** Bitstring of a value of a register of at most 53 bits. */
  private bitstring(v: number): string {
    return this.numBits === 0 ? '' : v.toString(2).padStart(this.numBits, '0');
  }

  /** Bitstring of the row starting at byte `o`, for any width. */
  private rowBitstring(o: number): string {
    let s = '';
    const mask = topMask(this.numBits);
    for (let b = 0; b < this.numBytes; b++) {
      s += BIT_OCTETS[b === 0 ? this.bytes[o]! & mask : this.bytes[o + b]!];
    }
    return s.slice(s.length - this.numBits);
  }

  /** Value of the row starting at byte `o`, exact while numBits <= 53. */
  private rowValue(o: number): number {
    let v = this.bytes[o]! & topMask(this.numBits);
    for (let b = 1; b < this.numBytes; b++) v = v * 256 + this.bytes[o + b]!;
    return v;
  }

  /**
   * Count outcomes: bitstring (most significant bit first, zero-padded to `numBits`, as Qiskit
   * prints them) -> number of shots, in order of first appearance. `loc` restricts the count
   * to one position (or sub-array) of `shape`; by default every shot counts.
   */
  getCounts(loc?: BitArrayLocation): Record<string, number> {
    const { start, end } = this.rows(loc);
    const counts: Record<string, number> = {};
    if (this.numBits <= 32) {
      const { keys, values } = countUint32(
        this.bytes,
        start,
        end,
        this.numBytes,
        topMask(this.numBits),
      );
      if (keys.length >= MANY_OUTCOMES) return this.countsFromText(keys, values);
      for (let i = 0; i < keys.length; i++) counts[this.bitstring(keys[i]!)] = values[i]!;
    } else if (this.numBits <= 53) {
      const map = new Map<number, number>();
      for (let r = start; r < end; r++) {
        const v = this.rowValue(r * this.numBytes);
        map.set(v, (map.get(v) ?? 0) + 1);
      }
      for (const [v, c] of map) counts[this.bitstring(v)] = c;
    } else {
      const map = new Map<string, number>();
      for (let r = start; r < end; r++) {
        const key = this.rowBitstring(r * this.numBytes);
        map.set(key, (map.get(key) ?? 0) + 1);
      }
      for (const [k, c] of map) counts[k] = c;
    }
    return counts;
  }

  /**
   * The counts object of many distinct outcomes (of at most 32 bits), built by `JSON.parse` of
   * its text: V8 makes a large object from JSON text faster than from one assignment per key,
   * and the object is the same (bitstrings need no escaping; keys keep their order).
   */
  private countsFromText(keys: Uint32Array, values: Uint32Array): Record<string, number> {
    // `{"<bits>":<count>,...}` written as ASCII bytes: the bits, at most 10 digits and 4
    // quotes, colon and comma per entry.
    const n = this.numBits;
    const text = new Uint8Array(2 + keys.length * (n + 14));
    let p = 0;
    text[p++] = 0x7b;
    for (let i = 0; i < keys.length; i++) {
      if (i > 0) text[p++] = 0x2c;
      text[p++] = 0x22;
      const v = keys[i]!;
      for (let bit = n - 1; bit >= 0; bit--) text[p++] = 0x30 | ((v >>> bit) & 1);
      text[p++] = 0x22;
      text[p++] = 0x3a;
      let c = values[i]!;
      const digitsAt = p;
      do {
        text[p++] = 0x30 + (c % 10);
        c = Math.floor(c / 10);
      } while (c > 0);
      text.subarray(digitsAt, p).reverse();
    }
    text[p++] = 0x7d;
    return JSON.parse(ASCII.decode(text.subarray(0, p))) as Record<string, number>;
  }

  /**
   * Count outcomes as integers (value -> shots), like Qiskit's `get_int_counts`.
   *
   * @throws DecodeError (kind `limit`) for registers wider than 53 bits; use
   * {@link getBigIntCounts} there.
   */
  getIntCounts(loc?: BitArrayLocation): Map<number, number> {
    this.requireSafeWidth('getIntCounts');
    const { start, end } = this.rows(loc);
    const map = new Map<number, number>();
    if (this.numBits <= 32) {
      const { keys, values } = countUint32(
        this.bytes,
        start,
        end,
        this.numBytes,
        topMask(this.numBits),
      );
      for (let i = 0; i < keys.length; i++) map.set(keys[i]!, values[i]!);
    } else {
      for (let r = start; r < end; r++) {
        const v = this.rowValue(r * this.numBytes);
        map.set(v, (map.get(v) ?? 0) + 1);
      }
    }
    return map;
  }

  /** Count outcomes as bigints (value -> shots), for registers of any width. */
  getBigIntCounts(loc?: BitArrayLocation): Map<bigint, number> {
    const out = new Map<bigint, number>();
    for (const [k, c] of Object.entries(this.getCounts(loc))) {
      out.set(k === '' ? 0n : BigInt(`0b${k}`), c);
    }
    return out;
  }

  /** One bitstring per shot (most significant bit first), row-major over `shape` and shots. */
  getBitstrings(loc?: BitArrayLocation): string[] {
    const { start, end } = this.rows(loc);
    const out = new Array<string>(end - start);
    if (this.numBits <= 53) {
      const cache = new Map<number, string>();
      for (let r = start; r < end; r++) {
        const v = this.rowValue(r * this.numBytes);
        let s = cache.get(v);
        if (s === undefined) cache.set(v, (s = this.bitstring(v)));
        out[r - start] = s;
      }
    } else {
      for (let r = start; r < end; r++) out[r - start] = this.rowBitstring(r * this.numBytes);
    }
    return out;
  }

  /**
   * One integer per shot (bit i = classical bit i).
   *
   * @throws DecodeError (kind `limit`) for registers wider than 53 bits, whose values a
   * `number` cannot hold exactly; use {@link getBigInts} there.
   */
  getInts(loc?: BitArrayLocation): number[] {
    this.requireSafeWidth('getInts');
    const { start, end } = this.rows(loc);
    const out = new Array<number>(end - start);
    for (let r = start; r < end; r++) out[r - start] = this.rowValue(r * this.numBytes);
    return out;
  }

  /** One bigint per shot (bit i = classical bit i), for registers of any width. */
  getBigInts(loc?: BitArrayLocation): bigint[] {
    const { start, end } = this.rows(loc);
    const out = new Array<bigint>(end - start);
    const mask = topMask(this.numBits);
    for (let r = start; r < end; r++) {
      const o = r * this.numBytes;
      let hex = '0x0';
      for (let b = 0; b < this.numBytes; b++) {
        hex += HEX_PAIRS[b === 0 ? this.bytes[o]! & mask : this.bytes[o + b]!];
      }
      out[r - start] = BigInt(hex);
    }
    return out;
  }

  /**
   * The plain REST encoding of the shots: one lower-case `0x`-prefixed hex integer per shot,
   * minimal digits (`0x0` for zero), row-major over `shape` and shots.
   */
  toHexSamples(): string[] {
    const rows = this.size * this.numShots;
    const out = new Array<string>(rows);
    const mask = topMask(this.numBits);
    const cache = new Map<number, string>();
    for (let r = 0; r < rows; r++) {
      const o = r * this.numBytes;
      if (this.numBytes <= 6) {
        const v = this.rowValue(o);
        let s = cache.get(v);
        if (s === undefined) cache.set(v, (s = `0x${v.toString(16)}`));
        out[r] = s;
        continue;
      }
      let b = 0;
      while (
        b < this.numBytes - 1 &&
        (b === 0 ? this.bytes[o]! & mask : this.bytes[o + b]!) === 0
      ) {
        b++;
      }
      const first = b === 0 ? this.bytes[o]! & mask : this.bytes[o + b]!;
      let s = `0x${first.toString(16)}`;
      for (b++; b < this.numBytes; b++) s += HEX_PAIRS[this.bytes[o + b]!];
      out[r] = s;
    }
    return out;
  }

  /** Same sizes and the same outcomes (bits beyond `numBits` are ignored). */
  equals(other: BitArray): boolean {
    if (
      this.numBits !== other.numBits ||
      this.numShots !== other.numShots ||
      this.shape.length !== other.shape.length ||
      this.shape.some((d, i) => d !== other.shape[i])
    ) {
      return false;
    }
    const mask = topMask(this.numBits);
    for (let i = 0; i < this.bytes.length; i++) {
      const m = i % this.numBytes === 0 ? mask : 0xff;
      if ((this.bytes[i]! & m) !== (other.bytes[i]! & m)) return false;
    }
    return true;
  }

  /** `BitArray(<shape=(), num_shots=4, num_bits=2>)`, as Qiskit prints it. */
  toString(): string {
    const shape = this.shape.length === 1 ? `(${this.shape[0]},)` : `(${this.shape.join(', ')})`;
    return `BitArray(<shape=${shape}, num_shots=${this.numShots}, num_bits=${this.numBits}>)`;
  }

  private requireSafeWidth(method: string): void {
    if (this.numBits > 53) {
      throw new DecodeError(
        '',
        'a register of at most 53 bits',
        this.numBits,
        'limit',
        `BitArray.${method}: ${this.numBits}-bit values do not fit a number exactly; use the bigint variant`,
      );
    }
  }
}

function shotsFor(count: number, shape: readonly number[]): number {
  const positions = shapeSize(shape);
  const shots = positions === 0 ? 0 : count / positions;
  if (!Number.isInteger(shots) || (positions === 0 && count !== 0)) {
    throw new DecodeError(
      'shape',
      `a shape dividing ${count} shots`,
      shape,
      'invalid',
      `shape: ${count} shots do not divide evenly over shape (${shape.join(', ')})`,
    );
  }
  return shots;
}

function checkSizes(
  bytes: Uint8Array,
  options: BitArrayOptions,
  path: string,
): DecodeError | undefined {
  if (!(bytes instanceof Uint8Array))
    return new DecodeError(path, 'a Uint8Array of packed bits', bytes);
  const { numBits, numShots } = options;
  const shape = options.shape ?? [];
  for (const [name, v] of [
    ['num_bits', numBits],
    ['num_shots', numShots],
  ] as const) {
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
      return new DecodeError(path ? `${path}.${name}` : name, 'a non-negative integer', v);
    }
  }
  const problem = Array.isArray(shape) ? shapeProblem(shape) : 'not an array';
  if (problem !== undefined) {
    return new DecodeError(
      path ? `${path}.shape` : 'shape',
      'an array shape',
      shape,
      'invalid',
      `${path ? `${path}.shape` : 'shape'}: ${problem}`,
    );
  }
  const want = shapeSize(shape) * numShots * Math.ceil(numBits / 8);
  if (bytes.length !== want) {
    return new DecodeError(
      path,
      `${want} bytes`,
      bytes,
      'invalid',
      `${where(path)}: ${bytes.length} bytes do not fit shape (${shape.join(', ')}) x ${numShots} shots x ${Math.ceil(numBits / 8)} bytes`,
    );
  }
  return undefined;
}

/** Result of {@link countUint32}: distinct values in order of first appearance, and their counts. */
interface UintCounts {
  readonly keys: Uint32Array;
  readonly values: Uint32Array;
}

/**
 * Count rows of at most 4 bytes by value. Small registers use a direct table; wider ones an
 * open-addressing hash table on typed arrays, which avoids boxing and string keys entirely.
 */
function countUint32(
  bytes: Uint8Array,
  start: number,
  end: number,
  numBytes: number,
  mask: number,
): UintCounts {
  if (numBytes <= 2) {
    const table = new Uint32Array(numBytes === 0 ? 1 : 1 << (8 * numBytes));
    const order: number[] = [];
    for (let r = start; r < end; r++) {
      const o = r * numBytes;
      const v =
        numBytes === 0
          ? 0
          : numBytes === 1
            ? bytes[o]! & mask
            : ((bytes[o]! & mask) << 8) | bytes[o + 1]!;
      if (table[v]!++ === 0) order.push(v);
    }
    const keys = Uint32Array.from(order);
    const values = new Uint32Array(keys.length);
    for (let i = 0; i < keys.length; i++) values[i] = table[keys[i]!]!;
    return { keys, values };
  }
  // Each slot is three adjacent words (value, count, order of first appearance), so a probe
  // touches one cache line; count 0 marks an empty slot.
  let capacity = 1024;
  let slots = new Uint32Array(capacity * 3);
  let order = new Uint32Array(capacity);
  let distinct = 0;
  let shift = 32 - 10;
  for (let r = start; r < end; r++) {
    const o = r * numBytes;
    let v = bytes[o]! & mask;
    for (let b = 1; b < numBytes; b++) v = (v << 8) | bytes[o + b]!;
    v >>>= 0;
    let h = Math.imul(v, 0x9e3779b1) >>> shift;
    for (;;) {
      const at = h * 3;
      const c = slots[at + 1]!;
      if (c === 0) {
        slots[at] = v;
        slots[at + 1] = 1;
        slots[at + 2] = distinct;
        order[distinct++] = v;
        if (distinct * 2 > capacity) {
          // Grow: rehash into a table twice the size.
          const old = slots;
          capacity *= 2;
          shift--;
          slots = new Uint32Array(capacity * 3);
          const grown = new Uint32Array(capacity);
          grown.set(order);
          order = grown;
          for (let i = 0; i < old.length; i += 3) {
            if (old[i + 1] === 0) continue;
            let g = Math.imul(old[i]!, 0x9e3779b1) >>> shift;
            while (slots[g * 3 + 1] !== 0) g = (g + 1) & (capacity - 1);
            slots[g * 3] = old[i]!;
            slots[g * 3 + 1] = old[i + 1]!;
            slots[g * 3 + 2] = old[i + 2]!;
          }
        }
        break;
      }
      if (slots[at] === v) {
        slots[at + 1] = c + 1;
        break;
      }
      h = (h + 1) & (capacity - 1);
    }
  }
  const keys = order.slice(0, distinct);
  const values = new Uint32Array(distinct);
  for (let i = 0; i < slots.length; i += 3) {
    if (slots[i + 1] !== 0) values[slots[i + 2]!] = slots[i + 1]!;
  }
  return { keys, values };
}
