/**
 * A codec for string enumerations that may grow: the documented values give the type its
 * completions, and any other string still decodes so a newer service does not break a client.
 *
 * @module
 */
import * as t from 'io-ts';

/**
 * One of `known`, or any other string. The type is `K | (string & {})` so editors still
 * suggest the known values.
 */
export type OpenEnum<K extends string> = K | (string & {});

/** Build a codec for `OpenEnum`; `name` appears in error messages. */
export function openEnum<K extends string>(name: string, known: readonly K[]): t.Type<OpenEnum<K>> {
  const is = (u: unknown): u is OpenEnum<K> => typeof u === 'string';
  return new t.Type<OpenEnum<K>>(
    `${name} (${known.map((k) => JSON.stringify(k)).join(' | ')} or another string)`,
    is,
    (u, c) => (is(u) ? t.success(u) : t.failure(u, c)),
    t.identity,
  );
}

/** True when `value` is one of the documented values. */
export function isKnown<K extends string>(known: readonly K[], value: string): value is K {
  return (known as readonly string[]).includes(value);
}
