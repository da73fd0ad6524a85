import { Rng, StateVector } from '../../../src/local/simulator/index.js';
import { Cooperation } from '../../../src/local/simulator/cooperation.js';
import { Executor } from '../../../src/local/simulator/executor.js';
import { compileGate } from '../../../src/local/simulator/gate-ops.js';

// 20 qubits: 2^19 pair units, so every pass below spans several chunks.
const N = 20;

/** A state with structure on low and high qubits, built with the one-pass API. */
function prepared(): StateVector {
  const sv = new StateVector(N);
  for (const q of [0, 7, 19]) sv.applyGate('ry', [q], [0.3 + q / 10]);
  sv.applyGate('cx', [19, 3]);
  sv.applyGate('rz', [3], [0.9]);
  return sv;
}

/** Index of the first difference between two arrays, or −1 when they are identical. */
function firstDifference(a: Float64Array, b: Float64Array): number {
  if (a.length !== b.length) return 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}

async function withExecutor<T>(sv: StateVector, f: (e: Executor) => Promise<T>): Promise<T> {
  const cooperation = new Cooperation({});
  try {
    return await f(new Executor(sv, cooperation));
  } finally {
    cooperation.close();
  }
}

describe('Executor', () => {
  it('applies gates chunk by chunk exactly as one pass does', async () => {
    const reference = prepared();
    const chunked = new StateVector(N);
    await withExecutor(chunked, async (e) => {
      for (const q of [0, 7, 19]) await e.applyGate(compileGate('ry', [q], [0.3 + q / 10], N));
      await e.applyGate(compileGate('cx', [19, 3], [], N));
      await e.applyGate(compileGate('rz', [3], [0.9], N));
    });
    expect(firstDifference(chunked.amplitudes, reference.amplitudes)).toBe(-1);
  });

  it('measures the same probabilities and collapses to the same state', async () => {
    for (const q of [0, 3, 19]) {
      const reference = prepared();
      const chunked = prepared();
      const p1 = reference.probabilityOfOne(q);
      await withExecutor(chunked, async (e) => {
        expect(Math.abs((await e.probabilityOfOne(q)) - p1)).toBeLessThan(1e-12);
        await e.collapse(q, 1, p1);
      });
      reference.collapse(q, 1, p1);
      expect(firstDifference(chunked.amplitudes, reference.amplitudes)).toBe(-1);
    }
  });

  it('measures and resets with the same random outcomes as the one-pass state', async () => {
    const reference = prepared();
    const chunked = prepared();
    const r1 = new Rng(5);
    const r2 = new Rng(5);
    const outcomes: number[] = [];
    await withExecutor(chunked, async (e) => {
      outcomes.push(await e.measure(19, r1));
      await e.reset(3, r1);
      outcomes.push(await e.measure(0, r1));
    });
    const expected = [reference.measure(19, r2)];
    reference.reset(3, r2);
    expected.push(reference.measure(0, r2));
    expect(outcomes).toEqual(expected);
    expect(firstDifference(chunked.amplitudes, reference.amplitudes)).toBe(-1);
    expect(chunked.probabilityOfOne(3)).toBe(0);
  });

  it('clears and copies whole states', async () => {
    const source = prepared();
    const target = new StateVector(N);
    await withExecutor(target, async (e) => {
      await e.copyFrom(source);
      expect(firstDifference(target.amplitudes, source.amplitudes)).toBe(-1);
      await e.setZero();
    });
    expect(target.probabilityOfOne(19)).toBe(0);
    expect(target.amplitudes[0]).toBe(1);
    expect(target.amplitudes.some((x, i) => i > 0 && x !== 0)).toBe(false);
  });
});
