import { Rng, SimulationError } from '../../../src/local/simulator/index.js';

const draw = (seed: number, n: number) => {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => rng.next());
};

describe('Rng', () => {
  it('repeats its sequence for the same seed and differs for another', () => {
    expect(draw(123, 50)).toEqual(draw(123, 50));
    expect(draw(123, 50)).not.toEqual(draw(124, 50));
    expect(draw(2 ** 40, 10)).not.toEqual(draw(0, 10));
    expect(draw(-1, 10)).not.toEqual(draw(2 ** 32 - 1, 10));
  });

  it('draws doubles in [0, 1) spread evenly over ten bins', () => {
    const n = 100_000;
    const bins = new Array<number>(10).fill(0);
    for (const x of draw(7, n)) {
      expect(x >= 0 && x < 1).toBe(true);
      bins[Math.floor(x * 10)]!++;
    }
    // Chi-square with 9 degrees of freedom: 27.9 is the 0.999 quantile.
    const chi2 = bins.reduce((s, b) => s + (b - n / 10) ** 2 / (n / 10), 0);
    expect(chi2).toBeLessThan(27.9);
  });

  it('fills an array with the values repeated next() calls give', () => {
    const a = new Rng(31);
    const b = new Rng(31);
    const filled = new Float64Array(100);
    a.fill(filled.subarray(0, 60));
    a.fill(filled.subarray(60));
    expect(Array.from(filled)).toEqual(Array.from({ length: 100 }, () => b.next()));
  });

  it('draws unsigned 32-bit integers', () => {
    const rng = new Rng(99);
    for (let i = 0; i < 1000; i++) {
      const x = rng.nextUint32();
      expect(Number.isInteger(x) && x >= 0 && x < 2 ** 32).toBe(true);
    }
  });

  it('rejects a seed that is not a safe integer', () => {
    for (const seed of [1.5, NaN, 2 ** 60, '1']) {
      expect(() => new Rng(seed as number)).toThrowError(SimulationError);
    }
  });
});
