/**
 * Long synchronous computations cut into slices: a {@link Sliced} computation is a generator
 * that now and then yields the work it did since its previous yield (in the simulator's unit
 * of work, about one amplitude update), so whoever drives it can count the work and let the
 * event loop run in between (`Cooperation.drive`), or run it through at once
 * ({@link runAtOnce}).
 *
 * @module
 */

/** A computation that yields the work done since its previous yield and returns a `T`. */
export type Sliced<T> = Generator<number, T, undefined>;

/** Work charged for handling one instruction or program step in one planning pass. */
export const INSTRUCTION_WORK = 2 ** 12;

/** Instructions or program steps a planning pass handles between two yields. */
export const INSTRUCTIONS_PER_YIELD = 64;

/** Run `s` to its end without pausing. */
export function runAtOnce<T>(s: Sliced<T>): T {
  for (;;) {
    const r = s.next();
    if (r.done) return r.value;
  }
}
