/**
 * Small scalar codecs shared by the payload codecs: bounded integers, timestamps and the
 * nullable wrapper. Their names are what a `DecodeError` says was expected.
 *
 * @module
 */
import * as t from 'io-ts';

/** A codec accepting `codec`'s values or `null`, as the service sends for empty fields. */
export function nullable<C extends t.Mixed>(codec: C): t.UnionC<[C, t.NullC]> {
  return t.union([codec, t.null], `${codec.name} or null`);
}

/** A codec for integers in `[min, max]`, named `name` in error messages. */
export function integer(
  name: string,
  min = Number.MIN_SAFE_INTEGER,
  max = Number.MAX_SAFE_INTEGER,
): t.Type<number> {
  const is = (u: unknown): u is number =>
    typeof u === 'number' && Number.isInteger(u) && u >= min && u <= max;
  return new t.Type<number>(
    name,
    is,
    (u, c) => (is(u) ? t.success(u) : t.failure(u, c)),
    t.identity,
  );
}

/** An integer `>= 0` (counts, offsets, seconds). */
export const NonNegativeInt = integer('non-negative integer', 0);

/** An integer `>= 1` (shots, page sizes). */
export const PositiveInt = integer('positive integer', 1);

/** A finite number (no NaN, no infinities). */
export const FiniteNumber = new t.Type<number>(
  'finite number',
  (u): u is number => typeof u === 'number' && Number.isFinite(u),
  (u, c) => (typeof u === 'number' && Number.isFinite(u) ? t.success(u) : t.failure(u, c)),
  t.identity,
);

const ISO_DATE =
  /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;

/** True for an ISO-8601 date or date-time string (`2021-10-04T13:52:09.456851Z`, naive or with offset). */
export function isIsoDateString(u: unknown): u is string {
  return (
    typeof u === 'string' && ISO_DATE.test(u) && !Number.isNaN(Date.parse(u.replace(' ', 'T')))
  );
}

/** An ISO-8601 timestamp string, kept as text (naive times carry no zone and are UTC by convention). */
export const IsoDateString = new t.Type<string>(
  'ISO-8601 timestamp',
  isIsoDateString,
  (u, c) => (isIsoDateString(u) ? t.success(u) : t.failure(u, c)),
  t.identity,
);

/**
 * Read an ISO-8601 timestamp as a `Date`; a naive time (no `Z`, no offset) is taken as UTC,
 * which is how the service writes them. Undefined for anything that is not such a timestamp.
 */
export function parseIsoDate(text: string): Date | undefined {
  if (!isIsoDateString(text)) return undefined;
  const normal = text.replace(' ', 'T');
  const zoned =
    /(?:Z|[+-]\d{2}:?\d{2})$/i.test(normal) || !normal.includes('T') ? normal : `${normal}Z`;
  const ms = Date.parse(zoned);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}
