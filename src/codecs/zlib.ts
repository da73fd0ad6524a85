/**
 * zlib streams (RFC 1950: a 2-byte header, DEFLATE data, an Adler-32 trailer), as written by
 * Python's `zlib.compress`. Inflating is streamed through fflate's `Inflate`, feeding the
 * input a slice at a time and counting output as it appears, so a decompression bomb stops
 * at the output ceiling instead of exhausting memory.
 *
 * @module
 */
import type { Either } from 'fp-ts/lib/Either.js';
import { left, right } from 'fp-ts/lib/Either.js';
import { Inflate, zlibSync } from 'fflate';
import { DecodeError, messageOf } from './errors.js';

/** Output ceiling of {@link inflate} unless told otherwise: 256 MiB. */
export const DEFAULT_MAX_INFLATE_BYTES = 256 * 1024 * 1024;

/** Options of {@link inflate}. */
export interface InflateOptions {
  /** Largest inflated size accepted; more is a `limit` DecodeError. Default 256 MiB. */
  readonly maxOutputBytes?: number;
  /** JSON path of the compressed value, for error messages. Default: root. */
  readonly path?: string;
}

/** Thrown from the output handler to stop inflating once the ceiling is passed. */
class CeilingReached {}

/**
 * Inflate a zlib stream. Corrupt or truncated data, an unsupported header (preset
 * dictionary, method other than DEFLATE) or a checksum mismatch is an `invalid`
 * {@link DecodeError}; output beyond `maxOutputBytes` is a `limit` one.
 */
export function inflate(
  bytes: Uint8Array,
  options: InflateOptions = {},
): Either<DecodeError, Uint8Array> {
  const path = options.path ?? '';
  const max = options.maxOutputBytes ?? DEFAULT_MAX_INFLATE_BYTES;
  const invalid = (what: string): Either<DecodeError, never> =>
    left(
      new DecodeError(
        path,
        'zlib-compressed data',
        bytes,
        'invalid',
        `${path || '<root>'}: invalid zlib data: ${what}`,
      ),
    );
  if (!(bytes instanceof Uint8Array)) {
    return left(new DecodeError(path, 'zlib-compressed bytes', bytes));
  }
  if (bytes.length < 6) return invalid(`only ${bytes.length} bytes, too short for a zlib stream`);
  const cmf = bytes[0]!;
  const flg = bytes[1]!;
  if ((cmf & 0x0f) !== 8 || cmf >> 4 > 7 || ((cmf << 8) | flg) % 31 !== 0) {
    return invalid('bad header (not a zlib stream)');
  }
  if (flg & 0x20) return invalid('preset dictionaries are not supported');

  const chunks: Uint8Array[] = [];
  let total = 0;
  let adler = 1;
  const stream = new Inflate((chunk) => {
    total += chunk.length;
    if (total > max) throw new CeilingReached();
    chunks.push(chunk);
    adler = adler32(adler, chunk);
  });
  const body = bytes.subarray(2, bytes.length - 4);
  // Each input slice inflates to at most ~1032 times its size, and output is checked after
  // every slice, so a bomb never gets more than a quarter past the ceiling before it stops.
  const step = Math.max(512, Math.min(65536, Math.floor(max / 4128)));
  try {
    for (let i = 0; i < body.length; i += step) {
      const end = Math.min(body.length, i + step);
      stream.push(body.subarray(i, end), end === body.length);
    }
  } catch (e) {
    if (e instanceof CeilingReached) {
      return left(
        new DecodeError(
          path,
          `at most ${max} inflated bytes`,
          bytes,
          'limit',
          `${path || '<root>'}: zlib data inflates to more than the limit of ${max} bytes`,
        ),
      );
    }
    return invalid(messageOf(e));
  }
  const t = bytes.length - 4;
  const expected =
    ((bytes[t]! << 24) | (bytes[t + 1]! << 16) | (bytes[t + 2]! << 8) | bytes[t + 3]!) >>> 0;
  if (expected !== adler) return invalid('Adler-32 checksum mismatch (corrupt or truncated data)');
  if (chunks.length === 1) return right(chunks[0]!);
  const out = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return right(out);
}

/**
 * Continue an Adler-32 checksum over `data`, reducing modulo 65521 every 5552 bytes (the
 * longest run whose sums stay below 2^32).
 */
function adler32(adler: number, data: Uint8Array): number {
  let a = adler & 0xffff;
  let b = adler >>> 16;
  const n = data.length;
  for (let i = 0; i < n;) {
    const end = Math.min(n, i + 5552);
    for (; i < end; i++) {
      a += data[i]!;
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/** Compress bytes into a zlib stream (DEFLATE level 6, Python's `zlib.compress` default). */
export function deflate(bytes: Uint8Array): Uint8Array {
  return zlibSync(bytes, { level: 6 });
}
