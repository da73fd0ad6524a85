/**
 * Running io-ts codecs and turning their failures into one `DecodeError`.
 *
 * io-ts reports a list of failures, each with a context (the chain of codecs and keys it
 * went through). This module picks the most specific failure, writes its location as a
 * JSON path that reads like the data (`results[0].data.meas.samples[3]`, `state.status`),
 * and names what was expected there. Union and intersection members add keys to the io-ts
 * context that are not part of the data; those keys never show up in a path.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { DecodeError } from './errors.js';

/** One step of a path: a property name or an array index. */
export type PathSegment = string | number;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * Append one segment to a JSON path: numbers become `[n]`, identifier-like names `.name`
 * (no dot at the start), anything else `["some key"]`.
 */
export function appendPath(path: string, segment: PathSegment): string {
  if (typeof segment === 'number') return `${path}[${segment}]`;
  if (IDENTIFIER.test(segment)) return path === '' ? segment : `${path}.${segment}`;
  return `${path}[${JSON.stringify(segment)}]`;
}

/** Format a list of segments as a JSON path: `formatPath(['results', 0, 'data'])` is `results[0].data`. */
export function formatPath(segments: readonly PathSegment[], root = ''): string {
  return segments.reduce<string>(appendPath, root);
}

/** Codec kinds whose context entries stand for a member of the codec, not a step into the data. */
const MEMBER_TAGS: ReadonlySet<string> = new Set([
  'UnionType',
  'IntersectionType',
  'RefinementType',
  'ExactType',
  'ReadonlyType',
  'RecursiveType',
]);

/** Codec kinds whose keys are array positions. */
const INDEXED_TAGS: ReadonlySet<string> = new Set([
  'ArrayType',
  'ReadonlyArrayType',
  'TupleType',
  'ReadonlyTupleType',
]);

function tagOf(entry: t.ContextEntry): string | undefined {
  const tag = (entry.type as { _tag?: unknown })._tag;
  return typeof tag === 'string' ? tag : undefined;
}

/**
 * A codec that only carries a name through a failure's context: `failAt` uses it to say
 * what was expected at a location a custom check rejected.
 */
class Expectation extends t.Type<unknown> {
  readonly _tag = 'Expectation' as const;
  constructor(
    name: string,
    /** The entry's key is an array index. */
    readonly indexKey: boolean,
    /** The entry names the location of its parent instead of adding a key. */
    readonly inPlace: boolean,
  ) {
    super(
      name,
      (_u): _u is unknown => false,
      (u, c) => t.failure(u, c),
      t.identity,
    );
  }
}

/** Context entries that stand for the same location as their parent (see `validateInPlace`). */
const IN_PLACE = new WeakSet<t.ContextEntry>();

/**
 * Run `codec` on `value` from inside a custom codec's `validate`, at the same location: the
 * failure paths read as if `codec` had been applied there directly, and a union's member
 * indices stay out of them. Calling `codec.validate(value, context)` directly would let a
 * union's member index leak into the path.
 */
export function validateInPlace<A>(
  codec: t.Decoder<unknown, A>,
  value: unknown,
  context: t.Context,
): t.Validation<A> {
  const entry: t.ContextEntry = { key: '', type: codec, actual: value };
  IN_PLACE.add(entry);
  return codec.validate(value, [...context, entry]);
}

/** Where a failure happened: its path segments and the context entry that owns that location. */
interface Located {
  readonly segments: PathSegment[];
  /** Index in the context of the outermost codec applied at the failing location. */
  readonly owner: number;
}

function locate(context: t.Context): Located {
  const segments: PathSegment[] = [];
  let owner = 0;
  for (let i = 1; i < context.length; i++) {
    const parent = context[i - 1]!;
    const entry = context[i]!;
    if (IN_PLACE.has(entry)) continue;
    if (entry.type instanceof Expectation) {
      if (!entry.type.inPlace) segments.push(entry.type.indexKey ? Number(entry.key) : entry.key);
      owner = i;
      continue;
    }
    const parentTag = tagOf(parent);
    if (parentTag !== undefined && MEMBER_TAGS.has(parentTag)) continue;
    const indexed =
      (parentTag !== undefined && INDEXED_TAGS.has(parentTag)) ||
      (Array.isArray(parent.actual) && /^\d+$/.test(entry.key));
    segments.push(indexed ? Number(entry.key) : entry.key);
    owner = i;
  }
  return { segments, owner };
}

/**
 * Convert io-ts failures into one `DecodeError`. The failure reaching deepest into the
 * data wins (for a union that is the member that matched best); when several failures stop at
 * the same place, their expectations are listed together (`"a" | "b"`).
 *
 * @param root prefix of every path, e.g. `body` gives `body.state.status`.
 */
export function toDecodeError(errors: t.Errors, root = ''): DecodeError {
  if (errors.length === 0) return new DecodeError(root, 'a valid value', undefined);
  const located = errors.map((error) => ({ error, where: locate(error.context) }));
  const depth = located.reduce((max, l) => Math.max(max, l.where.segments.length), 0);
  const deepest = located.filter((l) => l.where.segments.length === depth);
  const first = deepest[0]!;
  const path = formatPath(first.where.segments, root);
  const atPath = deepest.filter((l) => formatPath(l.where.segments, root) === path);
  // A custom check's verdict is more specific than a union's "none of my members matched".
  const custom = atPath.filter((l) => l.error.context[l.where.owner]?.type instanceof Expectation);
  const samePlace = custom.length > 0 ? custom : atPath;
  const expected = [
    ...new Set(samePlace.map((l) => l.error.context[l.where.owner]?.type.name ?? 'a valid value')),
  ].join(' | ');
  const actual = samePlace[0]!.error.value;
  const message = samePlace.find((l) => l.error.message !== undefined)?.error.message;
  return new DecodeError(
    path,
    expected,
    actual,
    'invalid',
    message === undefined ? undefined : `${path || '<root>'}: ${message}`,
  );
}

/**
 * Decode `value` with `codec`. Failures come back as one `DecodeError` whose path
 * names the offending field (prefixed with `root` when given). Never throws for any input
 * a codec in this package can receive.
 */
export function decode<A, O>(
  codec: t.Type<A, O, unknown>,
  value: unknown,
  root?: string,
): E.Either<DecodeError, A> {
  const result = codec.decode(value);
  return E.isRight(result) ? result : E.left(toDecodeError(result.left, root));
}

/** Like `decode`, but returns the value or throws the `DecodeError`. */
export function decodeOrThrow<A, O>(
  codec: t.Type<A, O, unknown>,
  value: unknown,
  root?: string,
): A {
  const result = decode(codec, value, root);
  if (E.isLeft(result)) throw result.left;
  return result.right;
}

/**
 * Report a failure at or below the value a custom codec is validating, for checks io-ts
 * cannot express (cross-field rules, consistent lengths). `segments` lead from that value to
 * the offending part (empty for the value itself), `expected` names what was wanted there,
 * and `message` (optional) replaces the `expected ..., got ...` text after the path.
 *
 * ```ts
 * (u, c) => tooLong ? failAt(c, u, [1, 'ZZZ'], 'Pauli string of length 2') : t.success(u)
 * ```
 */
export function failAt<A>(
  context: t.Context,
  value: unknown,
  segments: readonly PathSegment[],
  expected: string,
  message?: string,
): t.Validation<A> {
  if (segments.length === 0) {
    const c = t.appendContext(context, '', new Expectation(expected, false, true), value);
    return t.failure(value, c, message);
  }
  let c = context;
  let current: unknown = value;
  segments.forEach((segment, i) => {
    current = childOf(current, segment);
    const name = i === segments.length - 1 ? expected : 'a valid value';
    c = t.appendContext(
      c,
      String(segment),
      new Expectation(name, typeof segment === 'number', false),
      current,
    );
  });
  return t.failure(current, c, message);
}

function childOf(value: unknown, segment: PathSegment): unknown {
  if (value === null || typeof value !== 'object') return undefined;
  if (typeof segment === 'number') return Array.isArray(value) ? value[segment] : undefined;
  return Object.prototype.hasOwnProperty.call(value, segment)
    ? (value as Record<string, unknown>)[segment]
    : undefined;
}
