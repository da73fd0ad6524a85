import { Rng, SimulationError, StateVector } from '../../../src/local/simulator/index.js';

function bell(): StateVector {
  const sv = new StateVector(2);
  sv.applyGate('h', [0]);
  sv.applyGate('cx', [0, 1]);
  return sv;
}

describe('StateVector', () => {
  it('starts in |0…0⟩ with interleaved amplitudes', () => {
    const sv = new StateVector(3);
    expect(sv.dimension).toBe(8);
    expect(sv.amplitudes.length).toBe(16);
    expect(Array.from(sv.probabilities())).toEqual([1, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('gives probabilities of basis states and of a qubit being 1', () => {
    const sv = bell();
    const p = sv.probabilities();
    expect(p[0]).toBeCloseTo(0.5, 15);
    expect(p[3]).toBeCloseTo(0.5, 15);
    expect(p[1]! + p[2]!).toBe(0);
    expect(sv.probabilityOfOne(1)).toBeCloseTo(0.5, 15);
    sv.applyGate('x', [0]);
    expect(sv.probabilityOfOne(0)).toBeCloseTo(0.5, 15);
  });

  it('collapses both qubits of a Bell pair when one is measured', () => {
    for (let seed = 0; seed < 20; seed++) {
      const sv = bell();
      const outcome = sv.measure(0, new Rng(seed));
      const p = sv.probabilities();
      expect(p[outcome === 1 ? 3 : 0]).toBeCloseTo(1, 14);
      expect(sv.probabilityOfOne(1)).toBeCloseTo(outcome, 14);
    }
  });

  it('resets a qubit to |0⟩ and keeps the state normalised', () => {
    for (let seed = 0; seed < 20; seed++) {
      const sv = bell();
      sv.applyGate('ry', [1], [0.7]);
      sv.reset(1, new Rng(seed));
      expect(sv.probabilityOfOne(1)).toBe(0);
      const total = sv.probabilities().reduce((a, b) => a + b, 0);
      expect(total).toBeCloseTo(1, 14);
    }
  });

  it('returns to |0…0⟩ and copies another state', () => {
    const a = bell();
    const b = new StateVector(2);
    b.copyFrom(a);
    expect(Array.from(b.amplitudes)).toEqual(Array.from(a.amplitudes));
    a.setZero();
    expect(Array.from(a.probabilities())).toEqual([1, 0, 0, 0]);
  });

  it('refuses impossible projections, bad qubits and absurd sizes', () => {
    const sv = new StateVector(2);
    expect(() => sv.collapse(0, 1, 0)).toThrowError(SimulationError);
    expect(() => sv.probabilityOfOne(2)).toThrowError(SimulationError);
    expect(() => new StateVector(31)).toThrowMatching(
      (e) => e instanceof SimulationError && e.limit === 'memory',
    );
  });
});
