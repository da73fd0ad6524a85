// Classical control in OpenQASM 2 and 3 (openqasm/openqasm source/language/classical.rst and
// insts.rst; OpenQASM 2's `if(c==n)` from Cross et al., arXiv:1707.03429): what is known while
// reading is decided then; what depends on a measurement becomes the model's control flow.
import { parseQasm } from '../../../src/circuits/qasm/index.js';
import { OQ3, listing, lowered, problems } from './support.js';

describe('parseQasm control flow', () => {
  describe('if', () => {
    it("reads OpenQASM 2's `if(c==1) x q[0];` as a condition on the whole register", () => {
      const source =
        'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[2];\ncreg c[2];\nh q[0];\nmeasure q[0] -> c[0];\nif(c==1) x q[1];\n';
      expect(lowered(source)).toEqual(['h 0', 'measure 0 -> 0', 'if (c eq 1)', '  x 1']);
    });

    it('reads conditions on a bit, on a register value and on an integer cast, with else and nesting', () => {
      const source = `${OQ3}qubit[2] q;\nbit[4] c;\nc[0] = measure q[0];\nif (c[0]) { x q[1]; } else { z q[1]; }\nif (c == 3) { if (c[1] == 0) h q[0]; }\nif (int[4](c) == 1) y q[1];\nif (!c[0]) x q[0];`;
      expect(lowered(source)).toEqual([
        'measure 0 -> 0',
        'if b0',
        '  x 1',
        'else',
        '  z 1',
        'if (c eq 3)',
        '  if (b1 eq false)',
        '    h 0',
        'if (int[4](c) eq 1)',
        '  y 1',
        'if not b0',
        '  x 0',
      ]);
    });

    it('keeps only the branch a condition known while reading selects', () => {
      const source = `${OQ3}qubit q;\nconst int n = 3;\nif (n > 2) { x q; } else { y q; }\nif (false) z q;`;
      expect(lowered(source)).toEqual(['x 0']);
    });

    it('feeds mid-circuit measurements to later gates (teleportation)', () => {
      const c = parseQasm(
        `${OQ3}qubit[3] q;\nbit[3] c;\nh q[1];\ncx q[1], q[2];\ncx q[0], q[1];\nh q[0];\nc[0] = measure q[0];\nc[1] = measure q[1];\nif (c[1] == 1) x q[2];\nif (c[0] == 1) z q[2];\nc[2] = measure q[2];`,
      );
      expect(listing(c.instructions).slice(4)).toEqual([
        'measure 0 -> 0',
        'measure 1 -> 1',
        'if (b1 eq true)',
        '  x 2',
        'if (b0 eq true)',
        '  z 2',
        'measure 2 -> 2',
      ]);
    });

    it('moves a variable a conditional block assigns to run time first', () => {
      const source = `${OQ3}qubit q;\nbit c;\nint count = 2;\nc = measure q;\nif (c) { count += 1; }\nif (count == 3) x q;`;
      const c = parseQasm(source);
      expect(c.vars).toEqual([
        { name: 'count', type: { kind: 'int', width: null }, role: 'declare', initial: null },
      ]);
      expect(listing(c.instructions)).toEqual([
        'measure 0 -> 0',
        'count = 2',
        'if b0',
        '  count = (count add 1)',
        'if (count eq 3)',
        '  x 0',
      ]);
    });
  });

  describe('for', () => {
    it('unrolls a loop over a range with its variable known in each iteration (ranges include their end)', () => {
      const source = `${OQ3}qubit[4] q;\nfor int i in [0:3] { rx(i * pi / 4) q[i]; }\nfor uint i in [3:-2:0] { h q[i]; }`;
      expect(lowered(source)).toEqual([
        'rx(0) 0',
        'rx(0.785398163) 1',
        'rx(1.570796327) 2',
        'rx(2.35619449) 3',
        'h 3',
        'h 1',
      ]);
    });

    it('runs over a set and over an array', () => {
      const source = `${OQ3}qubit[4] q;\narray[int[8], 3] idx = {3, 1, 2};\nfor int i in {2, 0} { x q[i]; }\nfor int i in idx { z q[i]; }`;
      expect(lowered(source)).toEqual(['x 2', 'x 0', 'z 3', 'z 1', 'z 2']);
    });

    it('leaves a loop on a break known while reading', () => {
      const source = `${OQ3}qubit q;\nfor int i in [0:9] { if (i == 2) break; if (i == 0) continue; rz(i) q; }`;
      expect(lowered(source)).toEqual(['rz(1) 0']);
    });

    it('guards the rest of the loop with a flag when a break happens at run time', () => {
      const source = `${OQ3}qubit q;\nbit c;\nfor int i in [0:2] { c = measure q; if (c) break; x q; }`;
      const c = parseQasm(source);
      expect(c.vars.map((v) => v.name)).toEqual(['_break']);
      expect(listing(c.instructions)).toEqual([
        'measure 0 -> 0',
        'if b0',
        '  _break = true',
        'if not _break',
        '  x 0',
        'if not _break',
        '  measure 0 -> 0',
        '  if b0',
        '    _break = true',
        '  if not _break',
        '    x 0',
        'if not _break',
        '  measure 0 -> 0',
        '  if b0',
        '    _break = true',
        '  if not _break',
        '    x 0',
        '_break = false',
      ]);
    });
  });

  describe('while', () => {
    it('unrolls a loop whose condition is known while reading', () => {
      const source = `${OQ3}qubit[3] q;\nint n = 0;\nwhile (n < 3) { h q[n]; n += 1; }`;
      expect(lowered(source)).toEqual(['h 0', 'h 1', 'h 2']);
    });

    it('becomes a run-time loop when its condition depends on a measurement (repeat until success)', () => {
      const source = `${OQ3}qubit q;\nbit c = 1;\nwhile (c) { reset q; h q; c = measure q; }\nx q;`;
      expect(lowered(source)).toEqual([
        'b0 = true',
        'while b0',
        '  reset 0',
        '  h 0',
        '  measure 0 -> 0',
        'x 0',
      ]);
    });

    it('continues as a run-time loop once a variable of its condition depends on a measurement', () => {
      const source = `${OQ3}qubit q;\nbit c;\nint tries = 0;\nwhile (tries < 5) { c = measure q; if (c) { break; } tries += 1; }`;
      expect(lowered(source)).toEqual([
        'measure 0 -> 0',
        'if b0',
        '  _break = true',
        'tries = 0',
        'if not _break',
        '  tries = (tries add 1)',
        'while (not _break and (tries lt 5))',
        '  measure 0 -> 0',
        '  if b0',
        '    break',
        '  tries = (tries add 1)',
        '_break = false',
      ]);
    });

    it('refuses a loop that never ends while reading, and a condition that measures at run time', () => {
      expect(problems(`${OQ3}qubit q;\nwhile (true) { h q; }`)).toEqual([
        '4:1 the while loop did not end within 100000 iterations known before the circuit runs',
      ]);
      expect(
        problems(`${OQ3}qubit q;\nbit c;\nc = measure q;\nwhile (measure q == 1) { h q; }`)[0],
      ).toContain('a while condition that measures or calls a subroutine');
    });
  });

  describe('switch', () => {
    it('selects a case while reading, or becomes a run-time switch', () => {
      const source = `${OQ3}qubit[2] q;\nbit[2] c;\nconst int k = 1;\nswitch (k) { case 0 { x q[0]; } case 1, 2 { y q[0]; } }\nc = measure q;\nswitch (c) { case 0 { x q[0]; } case 1, 3 { z q[0]; } default { h q[0]; } }`;
      expect(lowered(source).slice(0, 1)).toEqual(['y 0']);
      const c = parseQasm(source);
      const sw = c.instructions[c.instructions.length - 1]!;
      expect(sw.kind).toBe('switch');
      expect(listing([sw])).toEqual([
        'switch c',
        ' case 0',
        '  x 0',
        ' case 1, 3',
        '  z 0',
        ' case default',
        '  h 0',
      ]);
    });

    it('reads the earlier switch form Qiskit writes on request (case 1: case 2: { } break;)', () => {
      const source = `${OQ3}qubit[2] q;\nbit[2] c;\nc = measure q;\nint s = c;\nswitch (s) {\n  case 0: {\n    x q[0];\n  }\n  break;\n  case 1:\n  case 2: {\n    y q[0];\n  }\n  break;\n  default: {\n    z q[0];\n  }\n  break;\n}`;
      expect(lowered(source).slice(-7)).toEqual([
        'switch s',
        ' case 0',
        '  x 0',
        ' case 1, 2',
        '  y 0',
        ' case default',
        '  z 0',
      ]);
    });
  });

  describe('box, blocks and end', () => {
    it('keeps a box as a block, accepts anonymous blocks and stops at end', () => {
      const source = `${OQ3}qubit q;\nbox[100ns] { x q; }\n{ int k = 1; rz(k) q; }\nend;\nh q;`;
      expect(lowered(source)).toEqual([
        'box {"kind":"literal","value":100,"unit":"ns"}',
        '  x 0',
        'rz(1) 0',
      ]);
    });
  });

  describe('subroutines', () => {
    it('inlines a subroutine taking qubits and classical values (by value) at each call', () => {
      const source = `${OQ3}qubit[2] q;\ndef prep(qubit a, float t) { rx(t) a; t = 0; }\nfloat angle = 0.5;\nprep(q[1], angle);\nprep(q[0], 2 * angle);\nrz(angle) q[0];`;
      expect(lowered(source)).toEqual(['rx(0.5) 1', 'rx(1) 0', 'rz(0.5) 0']);
    });

    it('returns a measurement result (the syndrome subroutine of the specification)', () => {
      const source = `${OQ3}qubit[3] d;\nqubit[2] a;\nbit[2] syn;\ndef syndrome(qubit[3] d, qubit[2] a) -> bit[2] {\n  bit[2] b;\n  cx d[0], a[0];\n  cx d[1], a[1];\n  measure a -> b;\n  return b;\n}\nsyn = syndrome(d, a);\nif (syn == 1) x d[0];`;
      expect(lowered(source)).toEqual([
        'cx 0, 3',
        'cx 1, 4',
        'measure 3 -> 2',
        'measure 4 -> 3',
        'b0 = b2',
        'b1 = b3',
        'if (syn eq 1)',
        '  x 0',
      ]);
    });

    it('keeps the value of a return that happens at run time in a variable', () => {
      const source = `${OQ3}qubit q;\nbit c;\ndef f(qubit a) -> bit { bit r = measure a; if (r) { return 1; } return 0; }\nc = f(q);`;
      const c = parseQasm(source);
      expect(c.vars.map((v) => v.name)).toEqual(['_f_result', '_f_returned']);
      expect(listing(c.instructions)).toEqual([
        'measure 0 -> 1',
        'if b1',
        '  _f_result = true',
        '  _f_returned = true',
        'if not _f_returned',
        '  _f_result = false',
        '  _f_returned = true',
        '_f_returned = false',
        'b0 = _f_result',
      ]);
    });

    it('accepts the older call form `name(args) qubits;`', () => {
      const source = `${OQ3}qubit[2] q;\ndef bell(qubit[2] p) { h p[0]; cx p[0], p[1]; }\nbell q;`;
      expect(lowered(source)).toEqual(['h 0', 'cx 0, 1']);
    });

    it('bounds recursion and checks arguments', () => {
      expect(problems(`${OQ3}qubit q;\ndef f(qubit a) { f(a); }\nf(q);`)).toEqual([
        "4:18 subroutine calls nested more than 64 deep (does 'f' call itself without end?)",
      ]);
      expect(problems(`${OQ3}qubit[2] q;\ndef f(qubit a) { x a; }\nf(q);`)).toEqual([
        "5:3 argument 'a' of 'f' is one qubit, got 2",
      ]);
      expect(problems(`${OQ3}def f(int a) -> int { return a; }\nint x = f(1, 2);`)).toEqual([
        "4:9 subroutine 'f' expects 1 argument, got 2",
      ]);
    });

    it('refuses extern functions when they are called, not when they are declared', () => {
      expect(parseQasm(`${OQ3}extern vote(bit[3]) -> bit;\nqubit q;`).numQubits).toBe(1);
      expect(problems(`${OQ3}extern vote(bit[3]) -> bit;\nbit[3] c;\nbit r = vote(c);`)).toEqual([
        "5:9 extern function 'vote' has no implementation here; only subroutines defined with 'def' can run",
      ]);
    });
  });
});
