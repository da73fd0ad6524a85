import fc from 'fast-check';
import { StateVector } from '../../../src/local/simulator/index.js';
import {
  pauliExpectationFromSum,
  pauliMasks,
  pauliPartialSum,
} from '../../../src/local/simulator/pauli.js';

type C = [number, number];
const LETTERS: Record<string, C[][]> = {
  I: [
    [
      [1, 0],
      [0, 0],
    ],
    [
      [0, 0],
      [1, 0],
    ],
  ],
  X: [
    [
      [0, 0],
      [1, 0],
    ],
    [
      [1, 0],
      [0, 0],
    ],
  ],
  Y: [
    [
      [0, 0],
      [0, -1],
    ],
    [
      [0, 1],
      [0, 0],
    ],
  ],
  Z: [
    [
      [1, 0],
      [0, 0],
    ],
    [
      [0, 0],
      [-1, 0],
    ],
  ],
};

/** ⟨ψ|P|ψ⟩ from the dense matrix of P = kron(letters), leftmost letter on the highest qubit. */
function denseExpectation(label: string, amps: Float64Array): number {
  const n = label.length;
  let re = 0;
  for (let i = 0; i < 2 ** n; i++) {
    for (let j = 0; j < 2 ** n; j++) {
      let m: C = [1, 0];
      for (let q = 0; q < n; q++) {
        const e = LETTERS[label[n - 1 - q]!]![(i >> q) & 1]![(j >> q) & 1]!;
        m = [m[0] * e[0] - m[1] * e[1], m[0] * e[1] + m[1] * e[0]];
      }
      // conj(ψ_i) · m · ψ_j, real part.
      const [pr, pi] = [amps[2 * j]!, amps[2 * j + 1]!];
      const [vr, vi] = [m[0] * pr - m[1] * pi, m[0] * pi + m[1] * pr];
      re += amps[2 * i]! * vr + amps[2 * i + 1]! * vi;
    }
  }
  return re;
}

describe('Pauli expectation values', () => {
  it('match the dense-matrix value on random states', () => {
    const n = 4;
    fc.assert(
      fc.property(
        fc
          .array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 32, maxLength: 32 })
          .filter((xs) => xs.some((x) => Math.abs(x) > 1e-3)),
        fc.array(fc.constantFrom('I', 'X', 'Y', 'Z'), { minLength: n, maxLength: n }),
        (raw, letters) => {
          const norm = Math.sqrt(raw.reduce((s, x) => s + x * x, 0));
          const sv = new StateVector(n);
          sv.amplitudes.set(raw.map((x) => x / norm));
          const label = letters.join('');
          const masks = pauliMasks(label, Int32Array.from([0, 1, 2, 3]))!;
          const half = sv.dimension / 2;
          const a = pauliPartialSum(sv.amplitudes, masks, 0, half);
          const b = pauliPartialSum(sv.amplitudes, masks, half, sv.dimension);
          const ev = pauliExpectationFromSum(masks, [a[0] + b[0], a[1] + b[1]]);
          expect(Math.abs(ev - denseExpectation(label, sv.amplitudes))).toBeLessThan(1e-12);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('maps labels onto simulated positions and drops X/Y on untouched qubits', () => {
    const position = Int32Array.from([0, -1, 1]);
    expect(pauliMasks('ZZX', position)).toEqual({ x: 1, z: 2, numY: 0 });
    expect(pauliMasks('YIZ', position)).toEqual({ x: 2, z: 3, numY: 1 });
    expect(pauliMasks('IXI', position)).toBeUndefined();
    expect(pauliMasks('IYI', position)).toBeUndefined();
    expect(pauliMasks('IZI', position)).toEqual({ x: 0, z: 0, numY: 0 });
  });
});
