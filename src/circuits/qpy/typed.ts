/**
 * QPY's generic typed payloads (`INSTRUCTION_PARAM`: a type key and a 64-bit size), and the
 * sequences and mappings built from them.
 *
 * @module
 */
import type { ByteReader } from './bytes.js';

/** One typed payload: its one-character type key and a reader over exactly its bytes. */
export interface Typed {
  readonly type: string;
  readonly data: ByteReader;
}

/** Read one `INSTRUCTION_PARAM` header and its payload. */
export function readTyped(r: ByteReader, field: string): Typed {
  const type = r.char(field);
  const size = r.u64(field);
  return { type, data: r.sub(size, field) };
}

/** Read a `SEQUENCE`: a 64-bit count and that many typed payloads. */
export function readSequence(r: ByteReader, field: string): Typed[] {
  const n = r.u64(field);
  r.fits(n, 9, field);
  const out: Typed[] = [];
  for (let i = 0; i < n; i++) out.push(readTyped(r, `${field}[${i}]`));
  return out;
}

/** One `MAP_ITEM` of a `MAPPING`: raw key bytes and a typed value. */
export interface MapItem {
  readonly key: Uint8Array;
  readonly value: Typed;
}

/** Read a `MAPPING`: a 64-bit count of items with 16-bit key and value sizes. */
export function readMapping(r: ByteReader, field: string): MapItem[] {
  const n = r.u64(field);
  r.fits(n, 5, field);
  const out: MapItem[] = [];
  for (let i = 0; i < n; i++) {
    const keySize = r.u16(field);
    const type = r.char(field);
    const size = r.u16(field);
    const key = r.take(keySize, field);
    out.push({ key, value: { type, data: r.sub(size, field) } });
  }
  return out;
}
