/**
 * A fast path for codecs whose decoding hands back the input unchanged: the type guard is
 * tried first, and the full validation, with its error context, runs only when it fails.
 *
 * @module
 */
import * as t from 'io-ts';

/**
 * `codec` with a faster `decode`: a value that passes `codec.is` succeeds as it is, without
 * building a validation context; any other value goes through `codec.validate` and fails with
 * exactly the errors it would have given. The result is still the same kind of codec (an
 * intersection stays an intersection, with its members), so it composes as `codec` does.
 *
 * Only for codecs built from non-transforming parts (`t.type`, `t.partial`, `t.intersection`,
 * `t.union`, primitives, refinements): for those, `is(u)` holds exactly when decoding succeeds
 * with `u` itself. A codec that converts (a string to a `Date`, say) must not be guarded.
 *
 * `is` is the guard tried first, `codec.is` unless given; one written by hand must give the
 * same answer as `codec.is` for every value (see `isJobDetails`).
 *
 * A job's details are decoded on every poll of every job; this halves the cost of that.
 */
export function guarded<C extends t.Any>(
  codec: C,
  is: (u: unknown) => boolean = (u) => codec.is(u),
): C {
  const fast: C = Object.create(codec) as C;
  const validate = (u: unknown, context: t.Context): t.Validation<t.TypeOf<C>> =>
    is(u) ? t.success(u as t.TypeOf<C>) : (codec.validate(u, context) as t.Validation<t.TypeOf<C>>);
  Object.defineProperties(fast, {
    validate: { value: validate },
    decode: { value: (u: unknown) => validate(u, [{ key: '', type: fast, actual: u }]) },
  });
  return fast;
}
