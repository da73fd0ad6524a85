/**
 * Identifiers the local runtime hands out: job and session ids in the service's format
 * (20 lowercase base32hex characters, like `d6147q3traac73bef6f0`) and the check every path
 * parameter passes before it reaches a store or a file name.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghijklmnopqrstuv';

/** Pattern of a job or session id: exactly 20 characters of `0-9a-v`. */
export const RUNTIME_ID_PATTERN = /^[0-9a-v]{20}$/;

/** A fresh random id in the service's format (100 bits of randomness). */
export function newRuntimeId(): string {
  const bytes = randomBytes(20);
  let id = '';
  for (const b of bytes) id += ALPHABET[b & 31];
  return id;
}

/** True when `value` has the shape of a job or session id (and so is safe inside a file name). */
export function isRuntimeId(value: string): boolean {
  return RUNTIME_ID_PATTERN.test(value);
}

/** Pattern of a backend name accepted in paths and bodies. */
export const BACKEND_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
