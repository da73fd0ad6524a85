// Classical types, values and operators of OpenQASM 3 (openqasm/openqasm
// source/language/types.rst and classical.rst), with Qiskit's conventions where the
// specification leaves a choice (Qiskit/qiskit-qasm3-import src/qiskit_qasm3_import/expression.py).
import { parseQasm } from '../../../src/circuits/qasm/index.js';
import { OQ3, lowered, problems } from './support.js';

/** The angle of the first gate of a program whose last line is `rz(<expr>) q;`. */
function angleOf(declarations: string, expression: string, header = OQ3): number {
  const c = parseQasm(`${header}qubit q;\n${declarations}\nrz(${expression}) q;`);
  const g = c.instructions.find((i) => i.kind === 'gate');
  if (g?.kind !== 'gate') throw new Error('no gate');
  return g.params[0] as number;
}

describe('parseQasm classical values', () => {
  it('wraps sized integers in two’s complement and keeps unsized ones 64-bit', () => {
    expect(angleOf('int[8] a = 127;\na += 1;', 'a')).toBe(-128);
    expect(angleOf('uint[4] b = 15;\nb += 2;', 'b')).toBe(1);
    expect(angleOf('int big = 2 ** 62;', 'big / 2 ** 60')).toBe(4);
  });

  it('divides integers as integers (C99: toward zero, the remainder with the dividend’s sign), and reals as reals', () => {
    expect(angleOf('', '7 / 2')).toBe(3);
    expect(angleOf('', '-7 / 2')).toBe(-3);
    expect(angleOf('', '-7 % 2')).toBe(-1);
    expect(angleOf('', '7 % -2')).toBe(1);
    expect(angleOf('', '7 / 2.0')).toBe(3.5);
    expect(angleOf('', 'pi / 2')).toBe(Math.PI / 2);
  });

  it('reads `^` as exclusive or in OpenQASM 3 and as a power in OpenQASM 2', () => {
    expect(angleOf('', '6 ^ 3')).toBe(5);
    expect(angleOf('', '2 ** 10')).toBe(1024);
    const qasm2 = 'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[1];\nrz(2^3) q[0];\nrz(1/2) q[0];';
    const g = parseQasm(qasm2).instructions;
    expect(g.map((i) => (i.kind === 'gate' ? i.params[0] : null))).toEqual([8, 0.5]);
  });

  it('shifts, masks and counts bits, and takes bits of integers', () => {
    expect(angleOf('uint[8] x = 0b1011;', '(x << 2) | 1')).toBe(45);
    expect(angleOf('uint[8] x = 0xF0;', 'popcount(x) + rotl(x, 4)')).toBe(4 + 15);
    expect(angleOf('uint[4] a = 10;', 'int(a[1]) + 2 * int(a[0])')).toBe(1);
    expect(angleOf('const bit[4] b = "1010";', 'uint[4](b)')).toBe(10);
  });

  it('casts bit registers little-endian, to signed integers in two’s complement', () => {
    expect(angleOf('const bit[4] b = "1100";', 'int[4](b)')).toBe(-4);
    expect(angleOf('const bit[4] b = "0011";', 'int[4](b)')).toBe(3);
    expect(angleOf('', 'int(2.9) + int(-2.9)')).toBe(0);
    expect(angleOf('', 'float(true) + uint(false)')).toBe(1);
  });

  it('keeps angles as real numbers without wrapping them, as Qiskit does', () => {
    expect(angleOf('angle a = 3 * pi;', 'a')).toBeCloseTo(3 * Math.PI, 12);
    expect(angleOf('angle[16] b = pi / 2;', 'b * 2')).toBeCloseTo(Math.PI, 12);
    expect(angleOf('float[32] f = 0.1;', 'f')).toBe(Math.fround(0.1));
  });

  it('computes with arrays: literals, indices in any dimension, slices, sizeof', () => {
    const decl =
      'array[float[64], 2, 3] m = {{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}};\narray[int[32], 4] v = {1, 2, 3, 4};\nv[1:2] = {20, 30};\nm[1, 2] = 60;';
    expect(angleOf(decl, 'm[1][2] + m[0, 1] + v[1] + v[2] + sizeof(m, 1)')).toBe(
      60 + 2 + 20 + 30 + 3,
    );
    expect(angleOf(decl, 'v[-1]')).toBe(4);
  });

  it('accepts constants of every type and refuses what is not known before the circuit runs', () => {
    expect(angleOf('const bool yes = true;\nconst uint[8] n = 3;', 'int(yes) + n')).toBe(4);
    expect(problems(`${OQ3}qubit q;\nbit c = measure q;\nconst int k = c;`)).toEqual([
      '5:15 a constant must be known before the circuit runs',
    ]);
  });

  it('keeps a duration in its unit, and a stretch or durationof as written', () => {
    const c = parseQasm(
      `${OQ3}qubit q;\nstretch g;\nduration d = 2 * 100ns;\ndelay[d] q;\ndelay[3 * g] q;\ndelay[durationof({x q;})] q;\ndelay[50dt] q;`,
    );
    expect(c.instructions.map((i) => (i.kind === 'delay' ? i.duration : null))).toEqual([
      { kind: 'literal', value: 2e-7, unit: 's' },
      { kind: 'symbolic', text: '(3 * g)' },
      { kind: 'symbolic', text: 'durationof({...})' },
      { kind: 'literal', value: 50, unit: 'dt' },
    ]);
  });

  it('stores run-time values into variables and bits, typed as Qiskit types them', () => {
    const source = `${OQ3}qubit[2] q;\nbit[2] c;\nint[8] n = 1;\nc = measure q;\nn = n + int[8](c);\nbit parity = c[0] ^ c[1];\nc = "10";\nc[0] = parity;`;
    expect(lowered(source)).toEqual([
      'measure 0 -> 0',
      'measure 1 -> 1',
      'n = (1 add int[8](c))',
      'b2 = (b0 bitxor b1)',
      'c = 2',
      'b0 = b2',
    ]);
  });

  it('joins qubits and bits listed in braces (Qiskit’s older register aliases)', () => {
    const source = `${OQ3}qubit _q0;\nqubit _q1;\nbit _b0;\nbit _b1;\nlet qr = {_q0, _q1};\nlet cr = {_b1, _b0};\ncr = measure qr;`;
    expect(lowered(source)).toEqual(['measure 0 -> 1', 'measure 1 -> 0']);
  });

  it('gives qubits and bits other names with let, joining registers with ++', () => {
    const source = `${OQ3}qubit[2] a;\nqubit[2] b;\nbit[4] c;\nlet both = a[1] ++ b;\nlet low = c[0:1];\nh both;\nlow = measure b;`;
    expect(lowered(source)).toEqual(['h 1', 'h 2', 'h 3', 'measure 2 -> 0', 'measure 3 -> 1']);
  });

  it('takes float and angle inputs as parameters, others as input variables', () => {
    const c = parseQasm(
      `${OQ3}input float[64] theta;\ninput angle phi;\nqubit q;\nrx(theta * 2 + phi) q;`,
    );
    expect(c.parameters.length).toBe(2);
    // Qiskit's `add_input` variables, as its exporter writes them.
    const vars = parseQasm(`${OQ3}input bool a;\ninput uint[8] b;\nqubit q;\nif (a && b > 2) x q;`);
    expect(vars.vars).toEqual([
      { name: 'a', type: { kind: 'bool' }, role: 'input', initial: null },
      { name: 'b', type: { kind: 'uint', width: 8 }, role: 'input', initial: null },
    ]);
    expect(lowered(`${OQ3}input bool a;\nqubit q;\nif (a) x q;`)).toEqual(['if a', '  x 0']);
    expect(problems(`${OQ3}input bit[2] n;`)).toEqual([
      "3:7 unsupported input type 'bit' (float and angle inputs are parameters; bool, int, uint and duration inputs are variables)",
    ]);
    expect(problems(`${OQ3}input float t;\nqubit q;\nif (t > 1) x q;`)).toEqual([
      "5:7 '>' cannot be applied to an input parameter (only + - * / ** and functions)",
    ]);
  });

  it('reports type errors with their operator', () => {
    expect(problems(`${OQ3}qubit q;\nrz(1.5 & 1) q;`)).toEqual([
      "4:8 cannot apply '&' to float & int",
    ]);
    expect(problems(`${OQ3}qubit q;\nint x = 1;\nx = q;`)).toEqual([
      "5:5 cannot assign qubits to 'x'",
    ]);
    expect(problems(`${OQ3}const int n = 2;\nn = 3;`)).toEqual([
      "4:1 cannot assign to the constant 'n'",
    ]);
  });
});
