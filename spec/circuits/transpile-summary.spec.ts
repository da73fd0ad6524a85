// summarizeTranspile: what a transpilation for ibm_fez (the local runtime's calibration
// snapshot, from Qiskit/qiskit-ibm-runtime qiskit_ibm_runtime/fake_provider/backends/fez) did,
// checked against the output circuit itself: its two-qubit gates, the layout it carries, and
// the device qubit behind each classical bit.
import { forEachInstruction } from '../../src/circuits/blocks.js';
import { parseQasm } from '../../src/circuits/qasm/index.js';
import { QuantumCircuit } from '../../src/circuits/quantum-circuit.js';
import { transpile } from '../../src/circuits/transpile.js';
import { summarizeTranspile } from '../../src/circuits/transpile-summary.js';
import type { BackendLike } from '../../src/circuits/transpiler/target.js';
import { device } from '../../src/local/backends/index.js';

const fez = device('ibm_fez')!;
const FEZ: BackendLike = {
  configuration: fez.configuration as never,
  properties: fez.properties as never,
};

/** Three CXs around a triangle (none embeds in heavy-hex: routing swaps), on two registers. */
const TRIANGLE = `OPENQASM 3.0;
include "stdgates.inc";
qubit[2] a;
qubit[1] b;
bit[3] c;
x a[0];
cx a[0], a[1];
cx a[1], b[0];
cx b[0], a[0];
c[0] = measure b[0];
c[1] = measure a[0];
`;

describe('summarizeTranspile', () => {
  const input = parseQasm(TRIANGLE);
  const output = transpile(input, FEZ, { optimizationLevel: 1, initialLayout: [3, 4, 5] });
  const summary = summarizeTranspile(input, output);

  it('counts the two-qubit gates of the output, by name', () => {
    let cz = 0;
    forEachInstruction(output.toCircuit().instructions, (ins) => {
      if (ins.kind === 'gate' && ins.qubits.length === 2) {
        expect(ins.name).toBe('cz');
        cz++;
      }
    });
    expect(summary.twoQubitGates).toEqual({ cz });
    expect(cz).toBeGreaterThan(3);
  });

  it('gives the layout the output carries and names the qubits by register', () => {
    expect(summary.initialLayout).toEqual([3, 4, 5]);
    expect(summary.finalLayout).toEqual(output.layout!.finalIndexLayout());
    expect(summary.qubitNames).toEqual(['a[0]', 'a[1]', 'b[0]']);
  });

  it('places each measured qubit on the device qubit measured into its classical bit', () => {
    const measuredInto = new Map<number, number>();
    forEachInstruction(output.toCircuit().instructions, (ins) => {
      if (ins.kind === 'measure' && ins.clbit !== null) measuredInto.set(ins.clbit, ins.qubit);
    });
    // a[1] is never measured; the others in qubit order, each where it ended.
    expect(summary.measured).toEqual([
      { name: 'a[0]', physical: measuredInto.get(1)! },
      { name: 'b[0]', physical: measuredInto.get(0)! },
    ]);
    expect(summary.measured.map((m) => m.physical)).toEqual([
      summary.finalLayout[0]!,
      summary.finalLayout[2]!,
    ]);
  });

  it('needs the layout of a transpile output', () => {
    expect(() => summarizeTranspile(input, QuantumCircuit.fromCircuit(input))).toThrowError(
      TypeError,
      /carries its layout/,
    );
  });
});
