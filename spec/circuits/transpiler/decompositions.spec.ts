// Every definition the transpiler expands a multi-qubit standard gate into equals that gate's
// unitary exactly, global phase included (Qiskit's definitions, as in Qiskit/qiskit
// qiskit/circuit/library/standard_gates/*.py `_define`, or their textbook equivalents).
import fc from 'fast-check';
import { distance, phase, scale } from '../../../src/circuits/gates/matrix.js';
import { STANDARD_GATES } from '../../../src/circuits/gates/standard.js';
import { angleValue } from '../../../src/circuits/angles.js';
import { asU, standardDefinition } from '../../../src/circuits/transpiler/decompositions.js';
import { circuitUnitary } from '../../../src/circuits/circuit-unitary.js';

const angles = fc.array(fc.double({ min: -7, max: 7, noNaN: true }), {
  minLength: 4,
  maxLength: 4,
});

describe('standard gate definitions', () => {
  it('match the unitary of every multi-qubit standard gate they define', () => {
    const defined = [...STANDARD_GATES.values()].filter(
      (g) => standardDefinition(g.name, new Array(g.numParams).fill(0)) !== undefined,
    );
    expect(defined.map((g) => g.name)).toEqual(
      jasmine.arrayContaining(['ccx', 'cswap', 'rzz', 'ecr', 'cu', 'xx_plus_yy', 'rcccx']),
    );
    fc.assert(
      fc.property(angles, (values) => {
        for (const gate of defined) {
          const params = values.slice(0, gate.numParams);
          const d = standardDefinition(gate.name, params)!;
          const u = circuitUnitary({
            numQubits: gate.numQubits,
            instructions: d.gates,
            globalPhase: d.phase,
          });
          const err = distance(u, gate.matrix(params));
          if (err > 1e-9) throw new Error(`${gate.name}(${params.join(', ')}): off by ${err}`);
        }
      }),
      { numRuns: 50 },
    );
  });

  it('write the single-qubit rotations as u(θ, φ, λ) times a phase', () => {
    fc.assert(
      fc.property(angles, (values) => {
        for (const name of ['u', 'u3', 'u2', 'p', 'u1', 'rz', 'ry', 'rx', 'r']) {
          const gate = STANDARD_GATES.get(name)!;
          const params = values.slice(0, gate.numParams);
          const form = asU(name, params)!;
          const u = STANDARD_GATES.get('u')!.matrix(
            [form.theta, form.phi, form.lambda].map((a) => angleValue(a)!),
          );
          const err = distance(scale(u, phase(angleValue(form.phase)!)), gate.matrix(params));
          if (err > 1e-9) throw new Error(`${name}: off by ${err}`);
        }
      }),
      { numRuns: 50 },
    );
  });
});
