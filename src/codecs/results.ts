/**
 * The entry point for job results: {@link decodeResult} takes the body of
 * `GET /jobs/{id}/results` (text or already parsed) and returns one {@link PrimitiveResult},
 * whichever encoding the server used. A top-level `__type__` means the RuntimeEncoder form, a
 * `results` array the plain REST form. Text may contain Python's bare `NaN`/`Infinity`.
 *
 * @module
 */
import type { Either } from 'fp-ts/lib/Either.js';
import { isLeft, left, right } from 'fp-ts/lib/Either.js';
import { DecodeError } from './errors.js';
import { liftHexSamples, placeHexSamples } from './hex-samples-text.js';
import { parseJson } from './json.js';
import type { PrimitiveResult } from './result-model.js';
import { decodeEncodedResult } from './result-encoded.js';
import { decodePlainResult } from './result-plain.js';

/**
 * Turns the text of a result (or of an interim result) into a value: the decoded value, or the
 * {@link DecodeError} saying what was wrong. The default everywhere is {@link decodeResult},
 * which gives a {@link PrimitiveResult}. The seeds' `ResultDecoder` class.
 *
 * @category Results
 */
export type ResultDecoder<R> = (text: string) => Either<DecodeError, R>;

/** {@link decodeResult} as the {@link ResultDecoder} of any result type `R` (the default decoder). */
export function defaultResultDecoder<R>(): ResultDecoder<R> {
  return decodeResult as unknown as ResultDecoder<R>;
}

/** Options of {@link decodeResult}. */
export interface DecodeResultOptions {
  /** Deepest JSON nesting accepted. Default 512. */
  readonly maxDepth?: number;
  /** Longest body accepted, in characters. Default: no limit. */
  readonly maxLength?: number;
  /** Most bytes the compressed arrays of one result may inflate to, together. Default 256 MiB. */
  readonly maxInflateBytes?: number;
}

/** Which encoding a parsed result body uses, or `undefined` when it is neither. */
export function resultEncoding(value: unknown): 'encoded' | 'plain' | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  if (Object.prototype.hasOwnProperty.call(value, '__type__')) return 'encoded';
  if (Object.prototype.hasOwnProperty.call(value, 'results')) return 'plain';
  return undefined;
}

/**
 * Decode a job result, from its text or from an already parsed value. Every problem is a
 * {@link DecodeError}: invalid JSON (with line and column), a missing or mistyped field (with
 * its path), a structure that needs a known encoded type and holds another, or a size limit.
 *
 * @category Results
 */
export function decodeResult(
  input: string | unknown,
  options: DecodeResultOptions = {},
): Either<DecodeError, PrimitiveResult> {
  return decodeResultWith(input, options, LIFT_MIN_SAMPLES);
}

/** Sample arrays shorter than this are parsed as usual (lifting them gains nothing). */
const LIFT_MIN_SAMPLES = 256;

/**
 * {@link decodeResult}, lifting `samples` arrays of at least `liftMinSamples` hex strings out
 * of the text before it is parsed (see `hex-samples-text.ts`); `Infinity` lifts none.
 *
 * @internal Specs compare both ways of reading the same text.
 */
export function decodeResultWith(
  input: string | unknown,
  options: DecodeResultOptions,
  liftMinSamples: number,
): Either<DecodeError, PrimitiveResult> {
  let value: unknown = input;
  if (typeof input === 'string') {
    const parsed = parseResultText(input, options, liftMinSamples);
    if (isLeft(parsed)) return parsed;
    value = parsed.right;
  }
  switch (resultEncoding(value)) {
    case 'encoded':
      return decodeEncodedResult(value, {
        maxInflateBytes: options.maxInflateBytes,
        maxDepth: options.maxDepth,
      });
    case 'plain':
      return decodePlainResult(value);
    default:
      return left(
        new DecodeError('', 'a result (an object with "__type__" or a "results" array)', value),
      );
  }
}

/**
 * Parse a result's text. Long hex sample arrays are lifted out first and put back as views of
 * the text; any problem with the rest of the text is reported from the whole text, so its line
 * and column are those of the text as sent.
 */
function parseResultText(
  text: string,
  options: DecodeResultOptions,
  liftMinSamples: number,
): Either<DecodeError, unknown> {
  const limits = { maxDepth: options.maxDepth, maxLength: options.maxLength };
  const fits = options.maxLength === undefined || text.length <= options.maxLength;
  const lifted =
    fits && liftMinSamples < Infinity ? liftHexSamples(text, liftMinSamples) : undefined;
  if (lifted !== undefined) {
    const parsed = parseJson(lifted.text, { maxDepth: options.maxDepth });
    if (!isLeft(parsed)) return right(placeHexSamples(parsed.right, lifted.arrays));
  }
  return parseJson(text, limits);
}

/** Like {@link decodeResult}, but returns the result or throws the {@link DecodeError}. */
export function decodeResultOrThrow(
  input: string | unknown,
  options?: DecodeResultOptions,
): PrimitiveResult {
  const result = decodeResult(input, options);
  if (isLeft(result)) throw result.left;
  return result.right;
}
