// ISA checks against configurations shaped like IBM's (fields as in
// Qiskit/qiskit-ibm-runtime qiskit_ibm_runtime/fake_provider/backends/fez/conf_fez.json:
// `basis_gates`, per-gate `coupling_map`, `supported_instructions`).
import { checkIsa, describeViolation, targetFromConfiguration } from '../../src/circuits/isa.js';
import type { Circuit, Instruction } from '../../src/circuits/model.js';
import { parseQasm } from '../../src/circuits/qasm/index.js';

const line = [
  [0, 1],
  [1, 0],
  [1, 2],
  [2, 1],
];
/** A 3-qubit line with a Heron basis (cz both ways). */
const heron = targetFromConfiguration({
  n_qubits: 3,
  basis_gates: ['cz', 'id', 'rz', 'sx', 'x'],
  coupling_map: line,
  supported_instructions: [
    'cz',
    'id',
    'delay',
    'measure',
    'reset',
    'rz',
    'sx',
    'x',
    'if_else',
    'for_loop',
    'switch_case',
  ],
  gates: [{ name: 'cz', coupling_map: line }],
});
/** A 3-qubit line with an Eagle basis: ecr only in the listed direction, no control flow. */
const eagle = targetFromConfiguration({
  n_qubits: 3,
  basis_gates: ['ecr', 'id', 'rz', 'sx', 'x'],
  coupling_map: [
    [1, 0],
    [1, 2],
  ],
  supported_instructions: ['ecr', 'id', 'delay', 'measure', 'reset', 'rz', 'sx', 'x'],
});

const circuit = (instructions: Instruction[], numQubits = 3): Circuit => ({
  numQubits,
  numClbits: 2,
  qregs: [],
  cregs: [{ name: 'c', bits: [0, 1] }],
  parameters: [],
  globalPhase: 0,
  vars: [],
  gates: [],
  instructions,
});
const gate = (name: string, qubits: number[], params: number[] = []): Instruction => ({
  kind: 'gate',
  name,
  qubits,
  params,
});

describe('checkIsa', () => {
  it('accepts the ISA circuit of the REST guide (physical qubits, rz sx x cz, measure)', () => {
    const c = parseQasm(
      'OPENQASM 3.0;\ninclude "stdgates.inc";\nbit[2] meas;\nrz(pi/2) $1;\nsx $1;\nrz(pi) $1;\nx $2;\ncz $2, $1;\nsx $1;\nrz(pi/2) $1;\nmeas[0] = measure $1;\nmeas[1] = measure $2;\n',
    );
    expect(checkIsa(c, heron)).toEqual([]);
  });

  it('refuses gates outside the basis, naming the instruction and its qubits', () => {
    const v = checkIsa(circuit([gate('h', [0]), gate('cx', [0, 1])]), heron);
    expect(v.map((x) => [x.reason, x.name, x.qubits, x.path])).toEqual([
      ['unsupported-instruction', 'h', [0], [0]],
      ['unsupported-instruction', 'cx', [0, 1], [1]],
    ]);
    expect(describeViolation(v[0]!)).toBe(
      'The instruction h on qubits (0,) is not supported by the target',
    );
    expect(describeViolation(v[1]!)).toBe(
      'The instruction cx on qubits (0, 1) is not supported by the target',
    );
  });

  it('refuses two-qubit gates on uncoupled qubits, and the wrong ECR direction', () => {
    expect(checkIsa(circuit([gate('cz', [0, 2])]), heron).map((x) => x.reason)).toEqual([
      'unsupported-qubits',
    ]);
    expect(checkIsa(circuit([gate('cz', [1, 0])]), heron)).toEqual([]);
    expect(checkIsa(circuit([gate('ecr', [1, 0])]), eagle)).toEqual([]);
    expect(checkIsa(circuit([gate('ecr', [0, 1])]), eagle).map((x) => x.reason)).toEqual([
      'unsupported-qubits',
    ]);
  });

  it('refuses qubits beyond the device, circuits wider than it, and gate modifiers', () => {
    expect(checkIsa(circuit([gate('x', [5])], 6), heron).map((x) => x.reason)).toEqual([
      'circuit-too-wide',
      'qubit-out-of-range',
    ]);
    const inv: Instruction = { kind: 'gate', name: 'sx', qubits: [0], params: [], power: -1 };
    expect(checkIsa(circuit([inv]), heron).map((x) => x.reason)).toEqual(['gate-modifier']);
  });

  it('checks inside control flow, and control flow itself against supported instructions', () => {
    const cond = {
      kind: 'var',
      location: { kind: 'clbit', index: 0 },
      type: { kind: 'bool' },
    } as const;
    const dyn = circuit([
      { kind: 'measure', qubit: 0, clbit: 0 },
      { kind: 'if', condition: cond, then: [gate('x', [1]), gate('h', [2])], else: null },
    ]);
    expect(checkIsa(dyn, heron).map((x) => [x.name, x.path])).toEqual([['h', [1, 1]]]);
    expect(checkIsa(dyn, eagle).map((x) => [x.name, x.path])).toEqual([
      ['if_else', [1]],
      ['h', [1, 1]],
    ]);
    const loop = circuit([{ kind: 'while', condition: cond, body: [gate('x', [0])] }]);
    expect(checkIsa(loop, heron).map((x) => x.name)).toEqual(['while_loop']);
  });

  it('takes the coupling map for a two-qubit basis gate without its own list', () => {
    expect(checkIsa(circuit([gate('ecr', [2, 1])]), eagle).map((x) => x.reason)).toEqual([
      'unsupported-qubits',
    ]);
    expect(checkIsa(circuit([gate('ecr', [1, 2])]), eagle)).toEqual([]);
    // Barriers and measurements are always accepted on the device's qubits.
    expect(
      checkIsa(
        circuit([
          { kind: 'barrier', qubits: [0, 1, 2] },
          { kind: 'measure', qubit: 2, clbit: 1 },
        ]),
        eagle,
      ),
    ).toEqual([]);
  });

  it('holds fractional rzz to the calibrated range [0, π/2], as IBM does', () => {
    // Qiskit/qiskit-ibm-runtime qiskit_ibm_runtime/utils/utils.py, _is_valid_rzz_pub_helper.
    const fractional = targetFromConfiguration({
      n_qubits: 3,
      basis_gates: ['cz', 'rz', 'sx', 'x', 'rzz', 'rx'],
      coupling_map: line,
    });
    const rzz = (theta: number) =>
      circuit([{ kind: 'gate', name: 'rzz', qubits: [0, 1], params: [theta] }]);
    expect(checkIsa(rzz(Math.PI / 2), fractional)).toEqual([]);
    expect(checkIsa(rzz(0), fractional)).toEqual([]);
    const bad = checkIsa(rzz(-0.3), fractional);
    expect(bad.map((v) => v.reason)).toEqual(['angle-out-of-range']);
    expect(describeViolation(bad[0]!)).toBe(
      'The instruction rzz is supported only for angles in the range [0, pi/2], but an angle (-0.3) outside of this range has been requested.',
    );
    expect(checkIsa(rzz(2), fractional).map((v) => v.reason)).toEqual(['angle-out-of-range']);
  });
});
