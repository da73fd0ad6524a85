/**
 * Sampler samples read straight from a result's JSON text. A plain result carries one hex
 * string per shot (`"samples": ["0x3", "0x0", ...]`); parsing a million of them into a million
 * strings costs more than everything else the decoder does. {@link liftHexSamples} finds every
 * `"samples"` array made only of `"0x…"` strings, checks it, and leaves a small marker object in
 * its place; the rest of the text is parsed as usual and {@link placeHexSamples} puts back, at
 * each register's `samples`, a {@link HexSamplesText} that packs its rows from the text, and at
 * any other place the array itself. The decoded result is the one the parsed text gives.
 *
 * Anything unusual (an escaped character, a non-hex digit, a number, a marker name already in
 * the text) leaves that array, or the whole text, to the ordinary parser, so errors keep their
 * paths and messages.
 *
 * @module
 */

/** Hex digit value per UTF-16 code unit, 255 for anything that is not a hex digit. */
export const HEX_VALUE = new Uint8Array(65536).fill(255);
for (let i = 0; i < 16; i++) {
  HEX_VALUE['0123456789abcdef'.charCodeAt(i)] = i;
  HEX_VALUE['0123456789ABCDEF'.charCodeAt(i)] = i;
}

const QUOTE = 0x22;
const COMMA = 0x2c;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/**
 * One `samples` array of hex strings, still in the text: `start` is just past its `[`, `end`
 * is the index of its `]`, `length` the number of samples. Every element is `"0x"` (or `"0X"`)
 * followed by one or more hex digits.
 */
export class HexSamplesText {
  constructor(
    readonly text: string,
    readonly start: number,
    readonly end: number,
    readonly length: number,
    /** Every sample's value, read by the scan, when none has more than 8 digits. */
    private readonly values: Uint32Array | undefined,
  ) {}

  /** The samples as strings, as `JSON.parse` gives them. */
  toArray(): string[] {
    return JSON.parse(this.text.slice(this.start - 1, this.end + 1)) as string[];
  }

  /** The `k`-th sample, as a string (for error messages). */
  sampleAt(k: number): string {
    let p = this.start;
    for (let i = 0; ; i++) {
      const open = this.text.indexOf('"', p);
      const close = this.text.indexOf('"', open + 1);
      if (i === k) return this.text.slice(open + 1, close);
      p = close + 1;
    }
  }

  /**
   * Pack every sample into `out`, `numBytes` bytes per row, most significant byte first, as
   * `BitArray.decodeHexSamples` does. Returns the index of the first sample that does not fit
   * in the row (its top byte outside `mask`, or more digits than bytes), or -1.
   */
  packInto(out: Uint8Array, numBytes: number, mask: number): number {
    if (this.values !== undefined) return this.packValues(this.values, out, numBytes, mask);
    const text = this.text;
    let p = this.start;
    for (let k = 0; k < this.length; k++) {
      // Every element was checked by the scan: skip to its opening quote, then past "0x.
      while (text.charCodeAt(p) !== QUOTE) p++;
      const digits = p + 3;
      let q = digits;
      while (text.charCodeAt(q) !== QUOTE) q++;
      const rowStart = k * numBytes;
      let b = rowStart + numBytes - 1;
      let j = q - 1;
      let over = 0;
      for (; j > digits; j -= 2) {
        const v = (HEX_VALUE[text.charCodeAt(j - 1)]! << 4) | HEX_VALUE[text.charCodeAt(j)]!;
        if (b >= rowStart) out[b--] = v;
        else over |= v;
      }
      if (j === digits) {
        const v = HEX_VALUE[text.charCodeAt(digits)]!;
        if (b >= rowStart) out[b] = v;
        else over |= v;
      }
      if (over !== 0 || (numBytes > 0 && (out[rowStart]! & ~mask) !== 0)) return k;
      p = q + 1;
    }
    return -1;
  }

  /** {@link packInto} from the values read by the scan. */
  private packValues(values: Uint32Array, out: Uint8Array, numBytes: number, mask: number): number {
    // Rows of up to 4 bytes hold values below this; wider rows hold every 32-bit value.
    const limit = numBytes > 4 ? 2 ** 32 : 2 ** (8 * (numBytes - 1)) * (mask + 1);
    for (let k = 0; k < this.length; k++) {
      let v = values[k]!;
      if (v >= limit) return k;
      for (let b = (k + 1) * numBytes - 1; v !== 0 && b >= k * numBytes; b--) {
        out[b] = v & 0xff;
        v >>>= 8;
      }
    }
    return -1;
  }
}

/** What the scan of a samples array found. */
interface ScannedHex {
  /** Number of samples. */
  readonly count: number;
  /** Each sample's value, when every sample has at most 8 digits; otherwise undefined. */
  readonly values: Uint32Array | undefined;
}

/** Characters scanned at a time: they are copied as bytes into a buffer this size. */
const CHUNK = 1 << 16;

/** The scan's state across chunks. */
class HexScan {
  count = 0;
  narrow = true;
  values: Uint32Array;
  constructor(capacity: number) {
    this.values = new Uint32Array(Math.max(16, capacity));
  }

  /**
   * Scan `n` bytes holding one or more whole elements separated by commas (the text between
   * two separating commas, or an end of the array). False when anything else is there.
   */
  elements(bytes: Uint8Array, n: number): boolean {
    let p = 0;
    for (;;) {
      while (p < n && isSpace(bytes[p]!)) p++;
      if (p + 2 >= n || bytes[p] !== QUOTE || bytes[p + 1] !== 0x30) return false;
      if ((bytes[p + 2]! | 0x20) !== 0x78) return false;
      p += 3;
      const first = p;
      let v = 0;
      let d: number;
      while (p < n && (d = HEX_VALUE[bytes[p]!]!) <= 15) {
        v = ((v << 4) | d) >>> 0;
        p++;
      }
      if (p === first || p === n || bytes[p] !== QUOTE) return false;
      if (p - first > 8) this.narrow = false;
      if (this.count === this.values.length) {
        const grown = new Uint32Array(this.values.length * 2);
        grown.set(this.values);
        this.values = grown;
      }
      this.values[this.count++] = v;
      p++;
      while (p < n && isSpace(bytes[p]!)) p++;
      if (p === n) return true;
      if (bytes[p] !== COMMA) return false;
      p++;
    }
  }
}

/**
 * Scan the array whose `[` is at `open`: its `]` (the first one after `open`: an array of
 * strings without brackets inside has no other) and its samples, when every element is a
 * `"0x…"` hex string of ASCII characters; otherwise undefined. The text is copied a chunk at a
 * time (cut at a comma) into a small byte buffer, which is read much faster than the string.
 */
function scanArray(
  text: string,
  open: number,
  encoder: TextEncoder,
  buffer: Uint8Array,
): { end: number; scanned: ScannedHex } | undefined {
  const end = text.indexOf(']', open);
  if (end === -1) return undefined;
  let pos = open + 1;
  let blank = true;
  for (let i = pos; i < end && blank; i++) blank = isSpace(text.charCodeAt(i));
  if (blank) return { end, scanned: { count: 0, values: new Uint32Array(0) } };
  const scan = new HexScan(Math.ceil((end - pos) / 8));
  for (;;) {
    let stop = end;
    if (end - pos > CHUNK) {
      stop = text.lastIndexOf(',', pos + CHUNK - 1);
      if (stop < pos) stop = text.indexOf(',', pos);
      if (stop === -1 || stop > end) stop = end;
    }
    const length = stop - pos;
    const bytes = length <= buffer.length ? buffer : new Uint8Array(length);
    const { read, written } = encoder.encodeInto(text.slice(pos, stop), bytes);
    if (read !== length || written !== length || !scan.elements(bytes, length)) return undefined;
    if (stop === end) break;
    pos = stop + 1;
  }
  return {
    end,
    scanned: { count: scan.count, values: scan.narrow ? scan.values : undefined },
  };
}

/** The key of the marker objects left in the text; a text that contains it is not lifted. */
export const HEX_SAMPLES_MARKER = '__quantum_jobs_rx_hex_samples__';

/** A text with its hex sample arrays lifted out, and those arrays by marker number. */
export interface LiftedHexSamples {
  readonly text: string;
  readonly arrays: readonly HexSamplesText[];
}

const KEY = '"samples"';

/**
 * Lift every `"samples"` array of at least `minCount` hex strings out of `text`, leaving
 * `{"<marker>": n}` in its place. Undefined when there is none (or the marker name occurs in
 * the text): parse the text as it is.
 *
 * A `"samples"` found inside a string is never taken: a quote inside a string is escaped, so
 * the key's opening quote is checked for an odd run of backslashes before it.
 */
export function liftHexSamples(text: string, minCount: number): LiftedHexSamples | undefined {
  if (text.includes(HEX_SAMPLES_MARKER)) return undefined;
  const pieces: string[] = [];
  const arrays: HexSamplesText[] = [];
  const encoder = new TextEncoder();
  const buffer = new Uint8Array(CHUNK);
  let copied = 0;
  for (let at = text.indexOf(KEY); at !== -1; at = text.indexOf(KEY, at + KEY.length)) {
    let slashes = 0;
    while (text.charCodeAt(at - 1 - slashes) === 0x5c) slashes++;
    if (slashes % 2 === 1) continue;
    let p = at + KEY.length;
    while (isSpace(text.charCodeAt(p))) p++;
    if (text.charCodeAt(p) !== 0x3a) continue;
    p++;
    while (isSpace(text.charCodeAt(p))) p++;
    if (text.charCodeAt(p) !== 0x5b) continue;
    const array = scanArray(text, p, encoder, buffer);
    if (array === undefined || array.scanned.count < minCount) continue;
    const { end, scanned } = array;
    pieces.push(text.slice(copied, p), `{"${HEX_SAMPLES_MARKER}":${arrays.length}}`);
    arrays.push(new HexSamplesText(text, p + 1, end, scanned.count, scanned.values));
    copied = end + 1;
    at = end;
  }
  if (arrays.length === 0) return undefined;
  pieces.push(text.slice(copied));
  return { text: pieces.join(''), arrays };
}

type Obj = Record<string, unknown>;

const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function markerOf(v: unknown, count: number): number | undefined {
  if (!isObject(v) || v instanceof HexSamplesText) return undefined;
  const keys = Object.keys(v);
  if (keys.length !== 1 || keys[0] !== HEX_SAMPLES_MARKER) return undefined;
  const n = v[HEX_SAMPLES_MARKER];
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 && n < count ? n : undefined;
}

function put(o: Obj, key: string, value: unknown): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * Put the lifted arrays back into the parsed value (changing it in place): a register's
 * `samples` in a plain result (`results[i].data.<name>.samples`) gets its {@link HexSamplesText},
 * every other marker the array itself.
 */
export function placeHexSamples(value: unknown, arrays: readonly HexSamplesText[]): unknown {
  // Markers are only ever the value of a "samples" key, never the whole text.
  // Only a plain result (no top-level `__type__`) is read register by register.
  const plain = isObject(value) && !Object.prototype.hasOwnProperty.call(value, '__type__');
  const results = plain ? value['results'] : undefined;
  if (Array.isArray(results)) {
    for (const pub of results) {
      const data = isObject(pub) ? pub['data'] : undefined;
      if (!isObject(data)) continue;
      for (const register of Object.values(data)) {
        if (!isObject(register)) continue;
        const n = markerOf(register['samples'], arrays.length);
        if (n !== undefined) put(register, 'samples', arrays[n]);
      }
    }
  }
  // Anywhere else (metadata, an estimator result, a top-level value): the array itself.
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (Array.isArray(v)) {
      for (const x of v) if (typeof x === 'object' && x !== null) stack.push(x);
    } else if (isObject(v) && !(v instanceof HexSamplesText)) {
      for (const [k, x] of Object.entries(v)) {
        const n = markerOf(x, arrays.length);
        if (n !== undefined) put(v, k, arrays[n]!.toArray());
        else if (typeof x === 'object' && x !== null) stack.push(x);
      }
    }
  }
  return value;
}
