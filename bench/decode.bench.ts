/**
 * decode: a 1,000,000-shot, 27-bit Sampler result in the plain REST encoding (hex samples),
 * from text to counts.
 *
 * Baseline: bare `JSON.parse` of the same text, then a hand-written counts loop over the
 * parsed samples (a Map keyed by the hex string), then each distinct key turned into its
 * zero-padded bitstring. Library: `decodeResult(text)` (JSON parse, validation of every sample,
 * packing into a BitArray) then `result[0].data.meas.getCounts()`.
 *
 * Figures: ratio = median library time / median baseline time, target <= 1.5 (the last line);
 * json_parse_ratio = median library time / median time of `JSON.parse` alone on the same text,
 * target <= 1.2: decoding and counting cost at most a fifth more than parsing the text.
 */
import { isLeft } from 'fp-ts/lib/Either.js';
import { decodeResult } from '../src/codecs/results.js';
import { isSamplerPubResult } from '../src/codecs/result-model.js';
import { median, report } from './harness.js';

const SHOTS = 1_000_000;
const NUM_BITS = 27;
const DISTINCT = 3000;
const NOISE = 0.05;
const RUNS = 9;

/** Small seeded PRNG (mulberry32) so every run measures the same text. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Outcomes of a noisy device: a few thousand likely bitstrings with Zipf-like weights, plus a
 * share of uniformly random 27-bit readout noise.
 */
function buildText(): string {
  const rand = prng(20250902);
  const outcomes = Array.from({ length: DISTINCT }, () => Math.floor(rand() * 2 ** NUM_BITS));
  const weights = outcomes.map((_, i) => 1 / (i + 1));
  const cumulative: number[] = [];
  let sum = 0;
  for (const w of weights) cumulative.push((sum += w));
  const samples = new Array<string>(SHOTS);
  for (let s = 0; s < SHOTS; s++) {
    let v: number;
    if (rand() < NOISE) {
      v = Math.floor(rand() * 2 ** NUM_BITS);
    } else {
      const x = rand() * sum;
      let lo = 0;
      let hi = cumulative.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cumulative[mid]! < x) lo = mid + 1;
        else hi = mid;
      }
      v = outcomes[lo]!;
    }
    samples[s] = `"0x${v.toString(16)}"`;
  }
  return (
    `{"results":[{"data":{"meas":{"samples":[${samples.join(',')}],"num_bits":${NUM_BITS}}},` +
    `"metadata":{"circuit_metadata":{}}}],"metadata":{"execution":{"execution_spans":` +
    `[[{"date":"2025-09-02T05:30:55.420561"},{"date":"2025-09-02T05:30:56.388795"},` +
    `{"0":[[${SHOTS}],[0,1],[0,${SHOTS}]]}]]},"version":2}}`
  );
}

function baseline(text: string): Record<string, number> {
  const body = JSON.parse(text) as {
    results: { data: { meas: { samples: string[]; num_bits: number } } }[];
  };
  const { samples, num_bits: numBits } = body.results[0]!.data.meas;
  const byHex = new Map<string, number>();
  for (const s of samples) byHex.set(s, (byHex.get(s) ?? 0) + 1);
  const counts: Record<string, number> = {};
  for (const [hex, c] of byHex) counts[parseInt(hex, 16).toString(2).padStart(numBits, '0')] = c;
  return counts;
}

function library(text: string): Record<string, number> {
  const decoded = decodeResult(text);
  if (isLeft(decoded)) throw decoded.left;
  const pub = decoded.right[0]!;
  if (!isSamplerPubResult(pub)) throw new Error('expected a sampler result');
  return pub.data['meas']!.getCounts();
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

function time(fn: () => unknown): number {
  gc();
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

const text = buildText();
console.log(`  text: ${(text.length / 1e6).toFixed(1)} MB, ${SHOTS} shots, ${NUM_BITS} bits`);

// Both sides must agree before their speed means anything.
const expected = baseline(text);
const actual = library(text);
const keys = Object.keys(expected);
if (keys.length !== Object.keys(actual).length || keys.some((k) => expected[k] !== actual[k])) {
  throw new Error('library counts differ from the baseline counts');
}
console.log(`  distinct outcomes: ${keys.length}`);

const baselineMs: number[] = [];
const libraryMs: number[] = [];
const parseOnlyMs: number[] = [];
const sides: { fn: () => unknown; into: number[] }[] = [
  { fn: () => baseline(text), into: baselineMs },
  { fn: () => library(text), into: libraryMs },
  { fn: () => JSON.parse(text), into: parseOnlyMs },
];
for (let r = 0; r < RUNS; r++) {
  // Rotate the order so no side always runs on a warmer heap.
  for (let i = 0; i < sides.length; i++) {
    const side = sides[(r + i) % sides.length]!;
    side.into.push(time(side.fn));
  }
}
const parseMs = median(parseOnlyMs);
const b = median(baselineMs);
const l = median(libraryMs);

report('decode', {
  figures: {
    ratio: l / b,
    json_parse_ratio: l / parseMs,
    baseline_ms: b,
    library_ms: l,
    json_parse_ms: parseMs,
    shots: SHOTS,
    num_bits: NUM_BITS,
    distinct_outcomes: keys.length,
  },
  targets: [
    { figure: 'ratio', op: '<=', value: 1.5 },
    { figure: 'json_parse_ratio', op: '<=', value: 1.2 },
  ],
});
