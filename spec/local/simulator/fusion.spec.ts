// Gate fusion keeps the state unchanged and makes fewer passes: random circuits run step by
// step on a dense state before and after fusion give the same amplitudes.
import fc from 'fast-check';
import { inlineGates } from '../../../src/circuits/inline.js';
import type { Instruction } from '../../../src/circuits/model.js';
import { fuseGates } from '../../../src/local/simulator/fusion.js';
import { fromCompiled, runGateOp, opQubitCount } from '../../../src/local/simulator/gate-ops.js';
import { compileProgram, type Program } from '../../../src/local/simulator/program.js';
import { StateVector } from '../../../src/local/simulator/statevector.js';
import { circuit, g } from './model.js';

const N = 5;

function run(program: Program): Float64Array {
  const sv = new StateVector(program.numSimulated);
  sv.amplitudes.fill(0);
  // A generic starting state, so that no gate acts on zeros only.
  for (let i = 0; i < sv.amplitudes.length; i++) sv.amplitudes[i] = Math.sin(i * 1.3 + 0.2);
  for (const op of program.ops) {
    if (op.op !== 'gate') continue;
    const k = fromCompiled(op.gate, (q) => q);
    runGateOp(sv.amplitudes, k, 0, sv.dimension >> opQubitCount(k));
  }
  return sv.amplitudes;
}

const angle = fc.double({ min: -4, max: 4, noNaN: true });
const qubits = (k: number) =>
  fc.shuffledSubarray([...Array(N).keys()], { minLength: k, maxLength: k });
const gateArb: fc.Arbitrary<Instruction> = fc.oneof(
  fc
    .tuple(fc.constantFrom('h', 'x', 's', 't', 'sx', 'y'), qubits(1))
    .map(([name, q]) => g(name, q)),
  fc
    .tuple(fc.constantFrom('rx', 'ry', 'rz', 'p'), qubits(1), angle)
    .map(([name, q, a]) => g(name, q, [a])),
  fc
    .tuple(fc.constantFrom('cx', 'cz', 'swap', 'ch', 'cy'), qubits(2))
    .map(([name, q]) => g(name, q)),
  fc
    .tuple(fc.constantFrom('crz', 'cp', 'rzz', 'rxx'), qubits(2), angle)
    .map(([name, q, a]) => g(name, q, [a])),
  fc.tuple(fc.constantFrom('ccx', 'cswap'), qubits(3)).map(([name, q]) => g(name, q)),
  fc
    .tuple(qubits(3), fc.integer({ min: 0, max: 3 }))
    .map(([q, state]) => g('x', q, [], { controls: 2, ctrlState: state })),
);

describe('gate fusion', () => {
  it('leaves the state of random circuits unchanged', () => {
    fc.assert(
      fc.property(fc.array(gateArb, { minLength: 1, maxLength: 40 }), (gates) => {
        const program = compileProgram(
          inlineGates(
            circuit({
              qubits: N,
              instructions: [
                ...gates,
                g('h', [0]),
                g('h', [1]),
                g('h', [2]),
                g('h', [3]),
                g('h', [4]),
              ],
            }),
          ),
        );
        const before = run(program);
        const after = run(fuseGates(program));
        for (let i = 0; i < before.length; i++) {
          expect(Math.abs(after[i]! - before[i]!)).toBeLessThan(1e-9);
        }
      }),
      { numRuns: 200, seed: 5 },
    );
  });

  it('sweeps a layered circuit far fewer times', () => {
    const gates: Instruction[] = [];
    for (let layer = 0; layer < 6; layer++) {
      for (let q = 0; q < N; q++) gates.push(g('rz', [q], [0.1 * layer + q]), g('ry', [q], [0.2]));
      for (let q = layer % 2; q + 1 < N; q += 2) gates.push(g('cx', [q, q + 1]));
    }
    const program = compileProgram(inlineGates(circuit({ qubits: N, instructions: gates })));
    const fused = fuseGates(program);
    expect(fused.ops.length).toBeLessThan(program.ops.length / 3);
  });

  it('keeps two gates apart when their product would cost more than they do', () => {
    const program = compileProgram(
      inlineGates(circuit({ qubits: 2, instructions: [g('ry', [0], [0.3]), g('cx', [0, 1])] })),
    );
    // A general 4×4 block costs more than the two passes.
    expect(fuseGates(program).ops.length).toBe(2);
  });

  it('fuses phases and permutations on up to four qubits into one pass', () => {
    const program = compileProgram(
      inlineGates(
        circuit({
          qubits: 4,
          instructions: [
            g('rz', [0], [0.3]),
            g('cx', [0, 1]),
            g('cz', [1, 2]),
            g('ccx', [0, 2, 3]),
            g('t', [3]),
          ],
        }),
      ),
    );
    const fused = fuseGates(program);
    expect(fused.ops.length).toBe(1);
    expect((fused.ops[0] as { gate: { structure: string } }).gate.structure).toBe('permutation');
  });
});
