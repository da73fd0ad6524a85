/**
 * A small, fast, seedable pseudo-random generator (xoshiro128**, seeded through splitmix32),
 * so that the same seed always yields the same samples on every platform.
 *
 * @module
 */
import { describeValue } from '../../codecs/errors.js';
import { SimulationError } from './errors.js';

function splitmix32(state: number): [number, number] {
  const next = (state + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return [next, (z ^ (z >>> 16)) >>> 0];
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** Advance the 4-word state `s` by one step and return the next 32-bit output. */
function step(s: Uint32Array): number {
  const a = s[0]!,
    b = s[1]!,
    c = s[2]! ^ a,
    d = s[3]! ^ b;
  const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
  s[1] = b ^ c;
  s[0] = a ^ d;
  s[2] = c ^ (b << 9);
  s[3] = rotl(d, 11);
  return result;
}

/**
 * Fill `out` with uniform doubles in [0, 1) (53 random bits each) from state `s`. A plain
 * function over typed arrays, so its optimised code outlives any particular generator.
 */
function fillUniform(s: Uint32Array, out: Float64Array): void {
  for (let i = 0; i < out.length; i++) {
    const hi = step(s) >>> 5; // 27 bits
    const lo = step(s) >>> 6; // 26 bits
    out[i] = (hi * 67108864 + lo) / 9007199254740992;
  }
}

/** A deterministic random number generator; not suitable for cryptography. */
export class Rng {
  private readonly state = new Uint32Array(4);
  private readonly one = new Float64Array(1);

  /**
   * Seed from any safe integer (negative values and values above 2^32 are fine: both halves
   * of the 53-bit integer feed the state). Throws {@link SimulationError} for anything else.
   */
  constructor(seed: number) {
    if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) {
      throw new SimulationError(`the seed must be a safe integer, got ${describeValue(seed)}`);
    }
    const low = seed >>> 0;
    const high = Math.floor(seed / 0x1_0000_0000) >>> 0;
    let s = (low ^ Math.imul(high, 0x27d4eb2d)) | 0;
    for (let i = 0; i < 4; i++) {
      let out: number;
      [s, out] = splitmix32(i === 1 ? s ^ high : s);
      this.state[i] = out;
    }
    if ((this.state[0]! | this.state[1]! | this.state[2]! | this.state[3]!) === 0)
      this.state[3] = 1;
  }

  /** The next 32-bit unsigned integer. */
  nextUint32(): number {
    return step(this.state);
  }

  /** A uniform double in [0, 1) with 53 random bits. */
  next(): number {
    fillUniform(this.state, this.one);
    return this.one[0]!;
  }

  /** Fill `out` with uniform doubles in [0, 1), the same values as repeated {@link next} calls. */
  fill(out: Float64Array): void {
    fillUniform(this.state, out);
  }
}

/**
 * A binomial draw: the number of successes in `n` trials of probability `p`, exact, in time
 * about `n · min(p, 1 − p)` (gaps between successes are geometric).
 */
export function binomial(n: number, p: number, rng: Rng): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  const flip = p > 0.5;
  const q = flip ? 1 - p : p;
  let count = 0;
  if (n <= 32) {
    for (let i = 0; i < n; i++) if (rng.next() < q) count++;
  } else {
    const log1q = Math.log1p(-q);
    let position = 0;
    for (;;) {
      // 1 − U lies in (0, 1], so its logarithm is finite.
      position += Math.floor(Math.log(1 - rng.next()) / log1q) + 1;
      if (position > n) break;
      count++;
    }
  }
  return flip ? n - count : count;
}
