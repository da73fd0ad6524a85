/**
 * The fuzzers' oracle: a decoder called on hostile input must answer (no hang), must not throw,
 * and when it answers `Left` the error must be a typed `DecodeError`.
 */
import * as E from 'fp-ts/lib/Either.js';
import { DecodeError } from '../../../src/codecs/errors.js';

/** Longest a single decoder call may take on one fuzzed input before it counts as a hang. */
export const HANG_MS = 3_000;

/** What one decoder call did. */
export type Outcome =
  | { readonly kind: 'right'; readonly value: unknown }
  | { readonly kind: 'left'; readonly error: DecodeError };

/** A decoder broke its contract on one input. */
export class ContractBreach extends Error {
  constructor(
    readonly decoder: string,
    readonly problem: string,
  ) {
    super(`${decoder}: ${problem}`);
  }
}

function describeThrown(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return String(e);
}

/**
 * Call `decoder`, which returns an Either, and check the contract. Throws {@link ContractBreach}
 * (failing the property) when it throws, is too slow, or fails with anything but a DecodeError.
 */
export function typedOnly(name: string, decoder: () => E.Either<unknown, unknown>): Outcome {
  const started = performance.now();
  let result: E.Either<unknown, unknown>;
  try {
    result = decoder();
  } catch (e) {
    throw new ContractBreach(name, `threw instead of answering: ${describeThrown(e)}`);
  }
  const took = performance.now() - started;
  if (took > HANG_MS) throw new ContractBreach(name, `took ${Math.round(took)} ms`);
  if (E.isRight(result)) return { kind: 'right', value: result.right };
  if (!(result.left instanceof DecodeError)) {
    throw new ContractBreach(name, `failed with ${describeThrown(result.left)}, not a DecodeError`);
  }
  if (result.left.message.length === 0) throw new ContractBreach(name, 'empty error message');
  return { kind: 'left', error: result.left };
}

/** Call a function that must not throw at all (builders such as `apiErrorFromResponse`). */
export function neverThrows<A>(name: string, f: () => A): A {
  const started = performance.now();
  let out: A;
  try {
    out = f();
  } catch (e) {
    throw new ContractBreach(name, `threw: ${describeThrown(e)}`);
  }
  const took = performance.now() - started;
  if (took > HANG_MS) throw new ContractBreach(name, `took ${Math.round(took)} ms`);
  return out;
}

/** Counts of what the decoders answered, for the spec's summary line. */
export class OutcomeTally {
  right = 0;
  left = 0;
  readonly kinds = new Map<string, number>();

  add(outcome: Outcome): Outcome {
    if (outcome.kind === 'right') this.right++;
    else {
      this.left++;
      this.kinds.set(outcome.error.kind, (this.kinds.get(outcome.error.kind) ?? 0) + 1);
    }
    return outcome;
  }

  get total(): number {
    return this.right + this.left;
  }
}
