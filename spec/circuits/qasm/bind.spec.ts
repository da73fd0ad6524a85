import type { GateInstruction } from '../../../src/circuits/qasm/index.js';
import { QasmError, bindParameters, parseQasm } from '../../../src/circuits/qasm/index.js';

const SOURCE = `OPENQASM 3.0;
include "stdgates.inc";
input float[64] theta;
input float[64] phi;
qubit[2] q;
rx(theta) q[0];
rz(phi / 2 - theta) q[1];
h q[0];
`;

function angles(source: string, values: Parameters<typeof bindParameters>[1]): number[][] {
  const bound = bindParameters(parseQasm(source), values);
  return bound.instructions
    .filter((i): i is GateInstruction => i.kind === 'gate')
    .map((g) => g.params as number[]);
}

function bindError(source: string, values: Parameters<typeof bindParameters>[1]): QasmError {
  try {
    bindParameters(parseQasm(source), values);
  } catch (e) {
    if (e instanceof QasmError) return e;
    throw e;
  }
  throw new Error('expected a QasmError');
}

describe('bindParameters', () => {
  it('binds by name', () => {
    expect(angles(SOURCE, { theta: 1, phi: 4 })).toEqual([[1], [1], []]);
  });

  it('binds a list in the order of circuit.parameters (Qiskit’s: by name)', () => {
    expect(parseQasm(SOURCE).parameters).toEqual(['phi', 'theta']);
    expect(angles(SOURCE, [4, 1])).toEqual([[1], [1], []]);
  });

  it('leaves the input circuit untouched and returns one without parameters', () => {
    const circuit = parseQasm(SOURCE);
    const bound = bindParameters(circuit, [0, 0]);
    expect(bound.parameters).toEqual([]);
    expect(circuit.parameters).toEqual(['phi', 'theta']);
    expect(typeof (circuit.instructions[0] as GateInstruction).params[0]).toBe('object');
  });

  it('reports an unbound parameter at its first use', () => {
    const e = bindError(SOURCE, { theta: 1 });
    expect(e.detail).toBe("no value bound for parameter 'phi'");
    expect([e.line, e.column]).toEqual([7, 4]);
  });

  it('reports an angle that becomes non-finite', () => {
    const e = bindError(
      'OPENQASM 3;\ninclude "stdgates.inc";\ninput float a;\nqubit q;\nrz(1 / a) q;',
      { a: 0 },
    );
    expect(e.detail).toBe('the angle evaluates to Infinity with the bound values');
    expect([e.line, e.column]).toEqual([5, 8]);
  });

  it('rejects a list of the wrong length and a non-numeric value', () => {
    expect(bindError(SOURCE, [1]).detail).toBe('expected 2 parameter values (phi, theta), got 1');
    expect(bindError(SOURCE, { theta: 1, phi: 'x' as unknown as number }).detail).toBe(
      "the value for parameter 'phi' must be a number",
    );
  });
});
