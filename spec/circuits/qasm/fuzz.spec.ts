import fc from 'fast-check';
import { QasmError, bindParameters, parseQasm } from '../../../src/circuits/qasm/index.js';

const OQ3 = 'OPENQASM 3.0;\ninclude "stdgates.inc";\n';

/** Fragments of OpenQASM, shuffled into mostly-wrong programs. */
const FRAGMENTS = [
  'OPENQASM 3;',
  'OPENQASM 2.0;',
  'include "stdgates.inc";',
  'include "qelib1.inc";',
  'qubit[3] q;',
  'qubit r;',
  'qreg s[2];',
  'bit[3] c;',
  'creg d[2];',
  'input float[64] theta;',
  'input angle phi;',
  'const float k = pi / 3;',
  'gate g(a) x, y { rz(a) x; cx x, y; }',
  'gate h2 x { h x; h x; }',
  'h q;',
  'cx q[0], q[1];',
  'g(theta) q[0], q[2];',
  'h2 r;',
  'rz(theta * 2 - phi) q[1];',
  'u(1, 2, 3) q[2];',
  'c = measure q;',
  'c[1] = measure q[0];',
  'measure s -> d;',
  'reset q[0];',
  'barrier q;',
  'delay[10dt] q;',
  'x $4;',
  'ccx q[0], q[1], q[2];',
  'if (c == 1) x q;',
  'ctrl @ x q[0], q[1];',
  'if (c[0]) { x q[0]; } else { h q[1]; }',
  'while (c == 0) { c = measure q; }',
  'for int i in [0:2] { rx(i * pi) q[i]; }',
  'for uint i in {2, 0} { if (i == 1) break; continue; }',
  'switch (c) { case 0 { x q[0]; } default { } }',
  'def f(qubit a, int k) -> bit { rz(k) a; return measure a; }',
  'c[1] = f(q[0], 3);',
  'let al = q[0:1] ++ q[2];',
  'inv @ pow(2) @ negctrl @ s q[0], q[1];',
  'int[8] n = 3;',
  'n += int[8](c) << 1;',
  'array[float[64], 2] a = {0.5, 1.5};',
  'box[100ns] { delay[20dt] q; }',
  'stretch s;',
  'gphase(pi);',
  'opaque o q;',
  'o q[0];',
  'extern e(int) -> bit;',
  'defcal x $0 { }',
  'input bool flag;',
  'end;',
  '{',
  'case',
  'break;',
  'return;',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  ';',
  ',',
  '=',
  '->',
  '$',
  '"',
  '/*',
  '*/',
  '//',
  'π',
  '1e309',
  '-',
  '^',
  'sin(',
];

function expectOnlyQasmErrors(source: string): void {
  try {
    const circuit = parseQasm(source);
    if (circuit.parameters.length > 0) {
      bindParameters(circuit, Object.fromEntries(circuit.parameters.map((p) => [p, 0.5])));
    }
  } catch (e) {
    if (!(e instanceof QasmError)) throw e;
    expect(e.line).toBeGreaterThanOrEqual(1);
    expect(e.column).toBeGreaterThanOrEqual(1);
  }
}

describe('parseQasm on arbitrary input', () => {
  it('throws nothing but QasmError for shuffled fragments', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 25 }),
        fc.constantFrom(' ', '\n', ''),
        (parts, sep) => expectOnlyQasmErrors(parts.join(sep)),
      ),
      { numRuns: 2000 },
    );
  });

  it('throws nothing but QasmError for arbitrary text after a valid header', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => expectOnlyQasmErrors(OQ3 + text)),
      { numRuns: 2000 },
    );
  });
});
