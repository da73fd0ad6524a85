/**
 * A bounds-checked cursor over QPY bytes: big-endian (network order) integers and floats as
 * QPY writes them, the few little-endian fields, and UTF-8 text; every read past the end, and
 * every length larger than what is left, is a {@link QpyError} at the offending offset.
 *
 * @module
 */
import { QpyError, type QpyErrorKind } from './errors.js';
import type { QpyLimits } from './limits.js';

/** What every reader of one QPY file shares: its version, its ceilings, where it is. */
export interface ReadContext {
  /** The file's QPY version (`null` until the header is read). */
  version: number | null;
  readonly limits: QpyLimits;
  /** The QPY names of the instructions being read, innermost last. */
  readonly instructions: string[];
  /** Instructions produced so far for the current top-level circuit. */
  produced: number;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** A cursor over `bytes[start, end)`; offsets in errors are relative to the whole file. */
export class ByteReader {
  private pos: number;
  constructor(
    readonly ctx: ReadContext,
    private readonly bytes: Uint8Array,
    private readonly start = 0,
    readonly end = bytes.length,
    /** Offset of `bytes[0]` within the file. */
    private readonly base = 0,
  ) {
    this.pos = start;
  }

  /** Offset of the cursor within the file. */
  get offset(): number {
    return this.base + this.pos;
  }

  /** Bytes left before `end`. */
  get remaining(): number {
    return this.end - this.pos;
  }

  /** A {@link QpyError} about `field` at the cursor (or at `offset`). */
  error(field: string, detail: string, kind: QpyErrorKind = 'invalid', offset = this.offset) {
    const ins = this.ctx.instructions;
    return new QpyError(
      detail,
      {
        version: this.ctx.version,
        instruction: ins.length > 0 ? ins[ins.length - 1]! : null,
        field,
        offset,
      },
      kind,
    );
  }

  /** Throw unless `n` more bytes are there. */
  need(n: number, field: string): void {
    if (!Number.isSafeInteger(n) || n < 0 || n > this.remaining) {
      throw this.error(
        field,
        `needs ${n} byte(s) but only ${this.remaining} remain (truncated data or a bad length)`,
      );
    }
  }

  /** Move the cursor to `offset` within the file (a circuit start table entry). */
  seek(offset: number, field: string): void {
    const p = offset - this.base;
    if (!Number.isSafeInteger(p) || p < this.start || p > this.end) {
      throw this.error(field, `offset ${offset} is outside the data`);
    }
    this.pos = p;
  }

  u8(field: string): number {
    this.need(1, field);
    return this.bytes[this.pos++]!;
  }

  bool(field: string): boolean {
    return this.u8(field) !== 0;
  }

  /** One byte read as an ASCII character (a QPY type key). */
  char(field: string): string {
    return String.fromCharCode(this.u8(field));
  }

  u16(field: string): number {
    this.need(2, field);
    const b = this.bytes,
      p = this.pos;
    this.pos += 2;
    return (b[p]! << 8) | b[p + 1]!;
  }

  u32(field: string): number {
    this.need(4, field);
    const b = this.bytes,
      p = this.pos;
    this.pos += 4;
    return ((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!) >>> 0;
  }

  i32(field: string): number {
    return this.u32(field) | 0;
  }

  /** An unsigned 64-bit count or size; more than 2^53 − 1 cannot be real and is an error. */
  u64(field: string): number {
    const hi = this.u32(field);
    const lo = this.u32(field);
    if (hi >= 0x200000) throw this.error(field, `value ${hi * 2 ** 32 + lo} is absurdly large`);
    return hi * 2 ** 32 + lo;
  }

  /** A signed 64-bit big-endian integer. */
  i64(field: string): bigint {
    this.need(8, field);
    const v = this.view().getBigInt64(this.pos);
    this.pos += 8;
    return v;
  }

  /** A signed 64-bit little-endian integer (instruction parameters of QPY ≤ 17). */
  i64le(field: string): bigint {
    this.need(8, field);
    const v = this.view().getBigInt64(this.pos, true);
    this.pos += 8;
    return v;
  }

  f64(field: string): number {
    this.need(8, field);
    const v = this.view().getFloat64(this.pos);
    this.pos += 8;
    return v;
  }

  /** A little-endian double (instruction parameters of QPY ≤ 17). */
  f64le(field: string): number {
    this.need(8, field);
    const v = this.view().getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }

  /** The next `n` bytes (a view, not a copy). */
  take(n: number, field: string): Uint8Array {
    this.need(n, field);
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  skip(n: number, field: string): void {
    this.need(n, field);
    this.pos += n;
  }

  /** `n` bytes of UTF-8 text. */
  utf8(n: number, field: string): string {
    const at = this.offset;
    const raw = this.take(n, field);
    try {
      return UTF8.decode(raw);
    } catch {
      throw this.error(field, 'is not valid UTF-8 text', 'invalid', at);
    }
  }

  /** A reader over the next `n` bytes, which this one then skips. */
  sub(n: number, field: string): ByteReader {
    this.need(n, field);
    const r = new ByteReader(this.ctx, this.bytes, this.pos, this.pos + n, this.base);
    this.pos += n;
    return r;
  }

  /** Throw unless every byte was consumed (a payload whose size was given). */
  done(field: string): void {
    if (this.remaining !== 0) {
      throw this.error(field, `${this.remaining} unexpected byte(s) after the value`);
    }
  }

  /** Throw unless `count` items of at least `minSize` bytes each can still fit. */
  fits(count: number, minSize: number, field: string): void {
    if (count * minSize > this.remaining) {
      throw this.error(
        field,
        `declares ${count} item(s) but only ${this.remaining} byte(s) remain`,
      );
    }
  }

  private view(): DataView {
    return new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
  }
}
