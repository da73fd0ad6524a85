import fc from 'fast-check';
import type { Circuit, Instruction } from '../../../src/circuits/qasm/index.js';
import type { StandardGateName } from '../../../src/local/simulator/gate-ops.js';
import { parseQasm } from '../../../src/circuits/qasm/index.js';
import { DEFAULT_LIMITS, StateVector } from '../../../src/local/simulator/index.js';
import { runGateOp } from '../../../src/local/simulator/gate-ops.js';
import { planCircuit } from '../../../src/local/simulator/plan.js';
import { OQ3 } from './support.js';

const N = 4;
const ONE: [StandardGateName, number][] = [
  ['h', 0],
  ['x', 0],
  ['y', 0],
  ['z', 0],
  ['s', 0],
  ['sdg', 0],
  ['t', 0],
  ['tdg', 0],
  ['sx', 0],
  ['sxdg', 0],
  ['id', 0],
  ['rx', 1],
  ['ry', 1],
  ['rz', 1],
  ['p', 1],
  ['u', 3],
];
const TWO: [StandardGateName, number][] = [
  ['cx', 0],
  ['cz', 0],
  ['cp', 1],
  ['swap', 0],
  ['rzz', 1],
  ['ecr', 0],
  ['crx', 1],
];

const angle = fc.double({ min: -4, max: 4, noNaN: true });
const distinct = (k: number) =>
  fc.shuffledSubarray(
    Array.from({ length: N }, (_, q) => q),
    { minLength: k, maxLength: k },
  );

const instruction: fc.Arbitrary<Instruction> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .tuple(fc.constantFrom(...ONE), distinct(1), fc.array(angle, { minLength: 3, maxLength: 3 }))
      .map(([[name, k], qubits, ps]): Instruction => ({
        kind: 'gate',
        name,
        qubits,
        params: ps.slice(0, k),
      })),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom(...TWO), distinct(2), angle)
      .map(([[name, k], qubits, a]): Instruction => ({
        kind: 'gate',
        name,
        qubits,
        params: k ? [a] : [],
      })),
  },
  {
    weight: 1,
    arbitrary: distinct(3).map((qubits): Instruction => ({
      kind: 'gate',
      name: 'ccx',
      qubits,
      params: [],
    })),
  },
  {
    weight: 1,
    arbitrary: fc.nat(N - 1).map((qubit): Instruction => ({ kind: 'measure', qubit, clbit: null })),
  },
  { weight: 1, arbitrary: fc.nat(N - 1).map((qubit): Instruction => ({ kind: 'reset', qubit })) },
);

/**
 * Project qubit q onto its more likely outcome (a deterministic stand-in for measurement);
 * near-ties go to 0, so rounding noise cannot pick different outcomes in the two runs.
 */
function projectLikely(sv: StateVector, q: number, resetToZero: boolean): void {
  const p1 = sv.probabilityOfOne(q);
  const outcome = p1 > 0.5 + 1e-9 ? 1 : 0;
  sv.collapse(q, outcome, outcome ? p1 : 1 - p1);
  if (resetToZero && outcome === 1) sv.applyGate('x', [q]);
}

describe('single-qubit gate fusion', () => {
  it('leaves the final state unchanged and keeps gates on their side of measurements', () => {
    fc.assert(
      fc.property(fc.array(instruction, { maxLength: 40 }), (instructions) => {
        // Start every qubit away from |0⟩ so nothing is trivially certain.
        const prelude: Instruction[] = Array.from({ length: N }, (_, q) => ({
          kind: 'gate',
          name: 'ry',
          qubits: [q],
          params: [0.4 + q],
        }));
        const all = [...prelude, ...instructions];
        const circuit: Circuit = {
          numQubits: N,
          numClbits: 0,
          qregs: [],
          cregs: [],
          parameters: [],
          globalPhase: 0,
          vars: [],
          gates: [],
          instructions: all,
        };
        const plan = planCircuit(circuit, DEFAULT_LIMITS);
        expect(plan.numSimulated).toBe(N);

        const direct = new StateVector(N);
        for (const ins of all) {
          if (ins.kind === 'gate') direct.applyGate(ins.name, ins.qubits, ins.params as number[]);
          else if (ins.kind === 'measure' || ins.kind === 'reset')
            projectLikely(direct, ins.qubit, ins.kind === 'reset');
        }
        const fused = new StateVector(N);
        for (const step of plan.steps) {
          if (step.kind === 'gate') runGateOp(fused.amplitudes, step.op, 0, fused.opUnits(step.op));
          else if (step.kind === 'measure' || step.kind === 'reset') {
            projectLikely(fused, step.qubit, step.kind === 'reset');
          }
        }
        let worst = 0;
        for (let i = 0; i < direct.amplitudes.length; i++) {
          worst = Math.max(worst, Math.abs(direct.amplitudes[i]! - fused.amplitudes[i]!));
        }
        expect(worst).toBeLessThan(1e-12);
      }),
      { numRuns: 300 },
    );
  });

  it('turns a run like rz sx rz into one pass, and a lone gate keeps its own kernel', () => {
    const plan = planCircuit(
      parseQasm(
        `${OQ3}qubit[2] q;\nrz(0.1) q[0];\nsx q[0];\nrz(0.2) q[0];\nh q[1];\ncx q[0], q[1];\nrz(1) q[0];\nt q[0];`,
      ),
      DEFAULT_LIMITS,
    );
    expect(plan.steps.map((s) => (s.kind === 'gate' ? s.op.kind : s.kind))).toEqual([
      'matrix1',
      'h',
      'cx',
      'diag1',
    ]);
    expect(plan.numGates).toBe(4);
  });
});
