// Single- and two-qubit synthesis against the unitaries they implement: the ZSX Euler form
// (Qiskit's OneQubitEulerDecomposer basis 'ZSX': rz·sx·rz·sx·rz), the KAK/Weyl decomposition
// (Kraus & Cirac, PRA 63, 062309; Qiskit's TwoQubitWeylDecomposition coordinates), and the
// minimal number of entangling gates (Vatan & Williams, PRA 69, 032315: 0, 1, 2 or 3 CX).
import fc from 'fast-check';
import {
  distance,
  distanceUpToPhase,
  embed,
  identity,
  multiply,
  phase,
  scale,
  type ComplexMatrix,
} from '../../../src/circuits/gates/matrix.js';
import { standardGate } from '../../../src/circuits/gates/standard.js';
import { sequenceMatrix, uSequence, zsxSequence } from '../../../src/circuits/synthesis/euler.js';
import {
  localSequenceMatrix,
  synthesizeTwoQubit,
  type TwoQubitBasis,
} from '../../../src/circuits/synthesis/two-qubit.js';
import {
  canonicalGate,
  recompose,
  weylDecomposition,
} from '../../../src/circuits/synthesis/weyl.js';

const m = (name: string, ...params: number[]): ComplexMatrix => standardGate(name)!.matrix(params);
const angle = fc.double({ min: -7, max: 7, noNaN: true });
const u1 = fc.tuple(angle, angle, angle).map(([t, f, l]) => m('u', t, f, l));
/** A random two-qubit unitary: local layers around three CX. */
const u2 = fc.array(fc.tuple(u1, u1), { minLength: 4, maxLength: 4 }).map((layers) => {
  let u = identity(4);
  layers.forEach(([a, b], i) => {
    u = multiply(embed(a, [0], 2), u);
    u = multiply(embed(b, [1], 2), u);
    if (i < 3) u = multiply(embed(m('cx'), i % 2 === 0 ? [0, 1] : [1, 0], 2), u);
  });
  return u;
});

const exact = (seq: {
  gates: readonly { name: string; params: readonly number[] }[];
  phase: number;
}) => scale(sequenceMatrix(seq.gates), phase(seq.phase));

describe('single-qubit synthesis', () => {
  it('writes any unitary as at most rz·sx·rz·sx·rz with the exact global phase', () => {
    fc.assert(
      fc.property(u1, angle, (u, g) => {
        const target = scale(u, phase(g));
        const seq = zsxSequence(target);
        expect(seq.gates.length).toBeLessThanOrEqual(5);
        expect(seq.gates.every((x) => ['rz', 'sx', 'x'].includes(x.name))).toBeTrue();
        expect(distance(exact(seq), target)).toBeLessThan(1e-9);
        const useq = uSequence(target);
        expect(distance(exact(useq), target)).toBeLessThan(1e-9);
      }),
    );
  });

  it('uses the short forms: one rz for diagonal gates, rz·sx·rz for H, one x for X', () => {
    expect(zsxSequence(m('t')).gates.map((g) => g.name)).toEqual(['rz']);
    expect(zsxSequence(m('h')).gates.map((g) => g.name)).toEqual(['rz', 'sx', 'rz']);
    expect(zsxSequence(m('x')).gates.map((g) => g.name)).toEqual(['x']);
    expect(zsxSequence(identity(2)).gates).toEqual([]);
  });
});

describe('Weyl decomposition', () => {
  it('recomposes any two-qubit unitary, with coordinates in normal form', () => {
    fc.assert(
      fc.property(u2, (u) => {
        const w = weylDecomposition(u);
        expect(distance(recompose(w), u)).toBeLessThan(1e-9);
        expect(w.a).toBeLessThanOrEqual(Math.PI / 4 + 1e-9);
        expect(w.a + 1e-12).toBeGreaterThanOrEqual(w.b);
        expect(w.b + 1e-12).toBeGreaterThanOrEqual(Math.abs(w.c));
      }),
      { numRuns: 200 },
    );
  });

  it('gives the known coordinates of standard gates', () => {
    const coords = (u: ComplexMatrix) => {
      const w = weylDecomposition(u);
      return [w.a, w.b, w.c].map((x) => Math.round((x * 1e9) / (Math.PI / 4)) / 1e9);
    };
    expect(coords(m('cx'))).toEqual([1, 0, 0]);
    expect(coords(m('ecr'))).toEqual([1, 0, 0]);
    expect(coords(m('swap'))).toEqual([1, 1, 1]);
    expect(coords(m('iswap'))).toEqual([1, 1, 0]);
    expect(coords(identity(4))).toEqual([0, 0, 0]);
    expect(
      distanceUpToPhase(canonicalGate(Math.PI / 4, 0, 0), m('rxx', -Math.PI / 2)),
    ).toBeLessThan(1e-12);
  });
});

describe('two-qubit synthesis', () => {
  const bases: TwoQubitBasis[] = [
    { name: 'cx', qubits: [0, 1] },
    { name: 'cx', qubits: [1, 0] },
    { name: 'cz', qubits: [0, 1] },
    { name: 'ecr', qubits: [1, 0] },
    { name: 'rzz', qubits: [0, 1] },
  ];
  const count = (u: ComplexMatrix, b: TwoQubitBasis) =>
    synthesizeTwoQubit(u, b).steps.filter((s) => s.kind === 'gate').length;

  it('implements any unitary exactly with at most three entangling gates', () => {
    fc.assert(
      fc.property(u2, fc.constantFrom(...bases), (u, basis) => {
        const seq = synthesizeTwoQubit(u, basis);
        const got = scale(localSequenceMatrix(seq.steps), phase(seq.phase));
        expect(distance(got, u)).toBeLessThan(1e-8);
        expect(count(u, basis)).toBeLessThanOrEqual(3);
        for (const s of seq.steps) {
          if (s.kind !== 'gate') continue;
          expect(s.name).toBe(basis.name);
          if (basis.name !== 'rzz') expect(s.qubits).toEqual(basis.qubits);
          // IBM calibrates rzz for 0 ≤ θ ≤ π/2 (qiskit_ibm_runtime/utils/validations.py).
          else expect(s.params[0]! >= 0 && s.params[0]! <= Math.PI / 2 + 1e-12).toBeTrue();
        }
      }),
      { numRuns: 150 },
    );
  });

  it('needs the optimal number of entangling gates for standard gates', () => {
    const cz: TwoQubitBasis = { name: 'cz', qubits: [0, 1] };
    const rzz: TwoQubitBasis = { name: 'rzz', qubits: [0, 1] };
    expect(count(identity(4), cz)).toBe(0);
    expect(count(m('cx'), cz)).toBe(1);
    expect(count(m('ecr'), { name: 'cx', qubits: [1, 0] })).toBe(1);
    expect(count(m('cp', 0.3), cz)).toBe(2);
    expect(count(m('iswap'), cz)).toBe(2);
    expect(count(m('swap'), cz)).toBe(3);
    expect(count(m('rzz', 0.3), rzz)).toBe(1);
    expect(count(m('cp', 0.3), rzz)).toBe(1);
    expect(count(m('swap'), rzz)).toBe(3);
  });
});
