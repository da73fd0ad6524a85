/**
 * The {@link decodeWith} operator: checks every value of a stream with an io-ts codec or a
 * decoder function, failing the stream with the first `DecodeError`.
 *
 * @module
 */
import type { Either } from 'fp-ts/lib/Either.js';
import { isLeft } from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import { map } from 'rxjs';
import type { OperatorFunction } from 'rxjs';
import { decode } from '../codecs/decode.js';
import { ConfigError, DecodeError, describeValue } from '../codecs/errors.js';

/**
 * A decoder function: the decoded value, or the {@link DecodeError} saying what was wrong. `I`
 * is what it reads (anything by default; the text of a result for a `ResultDecoder`).
 */
export type DecoderFunction<A, I = unknown> = (value: I) => Either<DecodeError, A>;

/** What {@link decodeWith} accepts: an io-ts codec or a {@link DecoderFunction}. */
export type Decoder<A, I = unknown> = t.Type<A, unknown, unknown> | DecoderFunction<A, I>;

function isCodec<A, I>(decoder: Decoder<A, I>): decoder is t.Type<A, unknown, unknown> {
  return typeof decoder === 'object' && decoder !== null && typeof decoder.decode === 'function';
}

/**
 * Decode each value with `decoder` and emit the decoded values. The first value that does not
 * decode fails the stream with its {@link DecodeError} (for an io-ts codec, the one
 * `decode()` builds, its path prefixed with `root`). A decoder function that throws instead of
 * returning a Left fails the stream with a `DecodeError` describing the value, so no raw
 * exception escapes. Throws {@link ConfigError} at once when `decoder` is neither a codec nor a
 * function.
 *
 * ```
 * source:  -a-b-x-c|          (x does not decode)
 *
 * decodeWith(codec)
 *
 * result:  -A-B-#             (# = DecodeError naming what was wrong with x)
 * ```
 *
 * @param root prefix of error paths, e.g. `'results'` gives `results[0].data`.
 *
 * @category Operators
 */
export function decodeWith<A, I = unknown>(
  decoder: Decoder<A, I>,
  root?: string,
): OperatorFunction<I, A> {
  if (!isCodec(decoder) && typeof decoder !== 'function') {
    throw new ConfigError('decodeWith needs an io-ts codec or a decoder function', 'decoder');
  }
  const run = (value: I): Either<DecodeError, A> => {
    if (isCodec(decoder)) return decode(decoder, value, root);
    try {
      return decoder(value);
    } catch (err: unknown) {
      if (err instanceof DecodeError) throw err;
      const reason = err instanceof Error ? err.message : describeValue(err);
      throw new DecodeError(
        root ?? '',
        'a value the decoder accepts',
        value,
        'invalid',
        `${root || '<root>'}: the decoder failed on ${describeValue(value)}: ${reason}`,
      );
    }
  };
  return map((value: I) => {
    const result = run(value);
    if (isLeft(result)) throw result.left;
    return result.right;
  });
}
