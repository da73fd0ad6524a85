/**
 * Standard base64 (RFC 4648 alphabet with `+` and `/`, `=` padding) between bytes and text,
 * without Node's `Buffer`, so it runs in browsers too. Decoding is strict: the text must be
 * a whole number of padded 4-character groups of alphabet characters.
 *
 * @module
 */
import type { Either } from 'fp-ts/lib/Either.js';
import { left, right } from 'fp-ts/lib/Either.js';
import { DecodeError } from './errors.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** UTF-16 code unit -> 6-bit value, or 255 for characters outside the alphabet. */
const VALUES = new Uint8Array(65536).fill(255);
for (let i = 0; i < ALPHABET.length; i++) VALUES[ALPHABET.charCodeAt(i)] = i;

/** 12-bit value -> the two alphabet char codes, packed as `hi << 8 | lo`. */
const PAIRS = new Uint16Array(4096);
for (let i = 0; i < 4096; i++) {
  PAIRS[i] = (ALPHABET.charCodeAt(i >> 6) << 8) | ALPHABET.charCodeAt(i & 63);
}

const PAD = 0x3d; // '='

/** Encode bytes as standard, padded base64. */
export function encodeBase64(bytes: Uint8Array): string {
  const n = bytes.length;
  const codes = new Uint8Array(Math.ceil(n / 3) * 4);
  let o = 0;
  let i = 0;
  for (; i + 2 < n; i += 3) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    const hi = PAIRS[v >> 12]!;
    const lo = PAIRS[v & 0xfff]!;
    codes[o++] = hi >> 8;
    codes[o++] = hi & 0xff;
    codes[o++] = lo >> 8;
    codes[o++] = lo & 0xff;
  }
  if (i < n) {
    const b0 = bytes[i]!;
    const b1 = i + 1 < n ? bytes[i + 1]! : 0;
    const v = (b0 << 16) | (b1 << 8);
    codes[o++] = ALPHABET.charCodeAt(v >> 18);
    codes[o++] = ALPHABET.charCodeAt((v >> 12) & 63);
    codes[o++] = i + 1 < n ? ALPHABET.charCodeAt((v >> 6) & 63) : PAD;
    codes[o] = PAD;
  }
  return latin1(codes);
}

/** Bytes (all below 0x80 here) to a string, in chunks small enough for `fromCharCode`'s argument list. */
function latin1(codes: Uint8Array): string {
  const CHUNK = 0x8000;
  if (codes.length <= CHUNK) return String.fromCharCode(...codes);
  const parts: string[] = [];
  for (let i = 0; i < codes.length; i += CHUNK) {
    parts.push(String.fromCharCode(...codes.subarray(i, i + CHUNK)));
  }
  return parts.join('');
}

/**
 * Decode standard, padded base64. Anything else (a character outside the alphabet, a length
 * that is not a multiple of 4, misplaced `=`) is a {@link DecodeError} at `path` saying where.
 */
export function decodeBase64(text: string, path = ''): Either<DecodeError, Uint8Array> {
  if (typeof text !== 'string') return left(new DecodeError(path, 'a base64 string', text));
  const n = text.length;
  if (n % 4 !== 0) {
    return left(
      new DecodeError(
        path,
        'base64 text whose length is a multiple of 4',
        text,
        'invalid',
        `${path || '<root>'}: truncated base64: length ${n} is not a multiple of 4`,
      ),
    );
  }
  let pad = 0;
  if (n > 0 && text.charCodeAt(n - 1) === PAD) pad = text.charCodeAt(n - 2) === PAD ? 2 : 1;
  const out = new Uint8Array((n / 4) * 3 - pad);
  const full = pad === 0 ? n : n - 4;
  let o = 0;
  let i = 0;
  for (; i < full; i += 4) {
    const a = VALUES[text.charCodeAt(i)]!;
    const b = VALUES[text.charCodeAt(i + 1)]!;
    const c = VALUES[text.charCodeAt(i + 2)]!;
    const d = VALUES[text.charCodeAt(i + 3)]!;
    if ((a | b | c | d) === 255) return left(badChar(text, i, path));
    const v = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = v >> 16;
    out[o++] = (v >> 8) & 0xff;
    out[o++] = v & 0xff;
  }
  if (pad > 0) {
    const a = VALUES[text.charCodeAt(i)]!;
    const b = VALUES[text.charCodeAt(i + 1)]!;
    const c = pad === 1 ? VALUES[text.charCodeAt(i + 2)]! : 0;
    if ((a | b | c) === 255) return left(badChar(text, i, path));
    const v = (a << 18) | (b << 12) | (c << 6);
    out[o] = v >> 16;
    if (pad === 1) out[o + 1] = (v >> 8) & 0xff;
  }
  return right(out);
}

function badChar(text: string, group: number, path: string): DecodeError {
  let at = group;
  while (at < group + 4) {
    if (VALUES[text.charCodeAt(at)] === 255) break;
    at++;
  }
  const ch = text[at] ?? '';
  const what = ch === '=' ? 'misplaced padding "="' : `character ${JSON.stringify(ch)}`;
  return new DecodeError(
    path,
    'base64 alphabet characters',
    ch,
    'invalid',
    `${path || '<root>'}: invalid base64: ${what} at offset ${at}`,
  );
}
