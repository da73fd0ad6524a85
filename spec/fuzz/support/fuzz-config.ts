/**
 * Run sizes of the fuzzers: a fixed seed and modest run counts in `npm test`, so every run
 * explores the same inputs and a failure reproduces; with `QJOBS_SOAK=1` (the soak) every
 * count is multiplied and the seed can be moved with `QJOBS_FUZZ_SEED` to explore new inputs.
 */

/** True when the soak asked for the long run. */
export const SOAK = process.env['QJOBS_SOAK'] === '1';

/** The fast-check seed every fuzzer uses (fixed unless `QJOBS_FUZZ_SEED` moves it). */
export const FUZZ_SEED = parseSeed(process.env['QJOBS_FUZZ_SEED']) ?? 0x5eed_2026;

/** How much bigger soak runs are than the default ones. */
export const SOAK_FACTOR = 20;

function parseSeed(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const n = Number(text);
  return Number.isInteger(n) ? n | 0 : undefined;
}

/** `numRuns` for a property: `base` normally, `base * SOAK_FACTOR` in the soak. */
export function runs(base: number): number {
  return SOAK ? base * SOAK_FACTOR : base;
}

/** fast-check parameters with the fixed seed and the run count for `base`. */
export function fuzzParameters(base: number): { seed: number; numRuns: number } {
  return { seed: FUZZ_SEED, numRuns: runs(base) };
}
