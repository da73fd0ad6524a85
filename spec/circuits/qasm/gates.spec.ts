// Gates: the include libraries (openqasm/openqasm examples/stdgates.inc; Qiskit/qiskit
// qiskit/qasm/libs/qelib1.inc as Qiskit's importer maps it, qiskit/qasm2/parse.py
// LEGACY_CUSTOM_INSTRUCTIONS), gate modifiers (openqasm/openqasm source/language/gates.rst) and
// the program's own definitions, kept in Circuit.gates.
import { standardGate } from '../../../src/circuits/gates/standard.js';
import { parseQasm } from '../../../src/circuits/qasm/index.js';
import { OQ3, lowered, problems } from './support.js';

const QASM2 = 'OPENQASM 2.0;\ninclude "qelib1.inc";\n';

describe('parseQasm gates', () => {
  describe('qelib1.inc', () => {
    // Every gate of Qiskit's qelib1.inc, with its arity, and the standard gate it becomes.
    const QELIB1: readonly [string, number, number, string][] = [
      ['u3', 3, 1, 'u3'],
      ['u2', 2, 1, 'u2'],
      ['u1', 1, 1, 'u1'],
      ['cx', 0, 2, 'cx'],
      ['id', 0, 1, 'id'],
      ['u0', 1, 1, 'id'],
      ['u', 3, 1, 'u'],
      ['p', 1, 1, 'p'],
      ['x', 0, 1, 'x'],
      ['y', 0, 1, 'y'],
      ['z', 0, 1, 'z'],
      ['h', 0, 1, 'h'],
      ['s', 0, 1, 's'],
      ['sdg', 0, 1, 'sdg'],
      ['t', 0, 1, 't'],
      ['tdg', 0, 1, 'tdg'],
      ['rx', 1, 1, 'rx'],
      ['ry', 1, 1, 'ry'],
      ['rz', 1, 1, 'rz'],
      ['sx', 0, 1, 'sx'],
      ['sxdg', 0, 1, 'sxdg'],
      ['cz', 0, 2, 'cz'],
      ['cy', 0, 2, 'cy'],
      ['swap', 0, 2, 'swap'],
      ['ch', 0, 2, 'ch'],
      ['ccx', 0, 3, 'ccx'],
      ['cswap', 0, 3, 'cswap'],
      ['crx', 1, 2, 'crx'],
      ['cry', 1, 2, 'cry'],
      ['crz', 1, 2, 'crz'],
      ['cu1', 1, 2, 'cu1'],
      ['cp', 1, 2, 'cp'],
      ['cu3', 3, 2, 'cu3'],
      ['csx', 0, 2, 'csx'],
      ['cu', 4, 2, 'cu'],
      ['rxx', 1, 2, 'rxx'],
      ['rzz', 1, 2, 'rzz'],
      ['rccx', 0, 3, 'rccx'],
      ['rc3x', 0, 4, 'rcccx'],
      ['c3x', 0, 4, 'c3x'],
      ['c3sqrtx', 0, 4, 'c3sx'],
      ['c4x', 0, 5, 'c4x'],
    ];

    it('knows every gate of Qiskit’s qelib1.inc and maps it to a standard gate', () => {
      const lines = QELIB1.map(([name, params, qubits]) => {
        const args =
          params > 0
            ? `(${Array.from({ length: params }, (_, i) => `0.${i + 1}`).join(', ')})`
            : '';
        return `${name}${args} ${Array.from({ length: qubits }, (_, i) => `q[${i}]`).join(', ')};`;
      });
      const c = parseQasm(`${QASM2}qreg q[5];\n${lines.join('\n')}`);
      const names = c.instructions.map((i) => (i.kind === 'gate' ? i.name : i.kind));
      expect(names).toEqual(QELIB1.map(([, , , standard]) => standard));
      for (const [name, , qubits, standard] of QELIB1) {
        expect(standardGate(standard)?.numQubits).withContext(name).toBe(qubits);
      }
    });

    it('names the include that declares a gate the program did not include', () => {
      expect(problems('OPENQASM 2.0;\nqreg q[4];\nc3x q[0], q[1], q[2], q[3];')).toEqual([
        `3:1 unknown gate 'c3x' (it is declared in "qelib1.inc": add include "qelib1.inc";)`,
      ]);
      expect(problems('OPENQASM 2.0;\nqreg q[1];\nh q[0];')).toEqual([
        `3:1 unknown gate 'h' (it is declared in "qelib1.inc": add include "qelib1.inc";)`,
      ]);
      expect(problems('OPENQASM 3.0;\nqubit q;\nh q;')).toEqual([
        `3:1 unknown gate 'h' (add include "stdgates.inc"; to use the standard gates)`,
      ]);
      expect(problems('OPENQASM 3.0;\nqubit[2] q;\necr q[0], q[1];')).toEqual([
        `3:1 unknown gate 'ecr' (a Qiskit standard gate: add include "stdgates.inc"; to use it, or define it)`,
      ]);
    });

    it('refuses to define a gate the included library declares', () => {
      expect(problems(`${QASM2}gate h a { U(pi/2, 0, pi) a; }`)).toEqual([
        `3:6 'h' is already declared by "qelib1.inc"`,
      ]);
    });

    it('lets a program define its own gate under a name Qiskit added to qelib1.inc', () => {
      // QASMBench's ipea_n2 defines a two-qubit `cu`, written for the original qelib1.inc.
      const c = parseQasm(`${QASM2}gate cu c, t { cu1(pi/4) c, t; }\nqreg q[2];\ncu q[0], q[1];`);
      expect(c.gates.map((g) => g.name)).toEqual(['cu']);
      expect(c.instructions).toEqual([{ kind: 'gate', name: 'cu', qubits: [0, 1], params: [] }]);
    });
  });

  describe('stdgates.inc and Qiskit’s standard gates', () => {
    it('maps the compatibility names and knows the gates IBM backends take by name', () => {
      const source = `${OQ3}qubit[2] q;\nphase(0.5) q[0];\ncphase(0.25) q[0], q[1];\nCX q[0], q[1];\necr q[0], q[1];\nrzz(0.1) q[0], q[1];\nsxdg q[1];\ncu(1, 2, 3, 4) q[0], q[1];`;
      expect(lowered(source)).toEqual([
        'p(0.5) 0',
        'cp(0.25) 0, 1',
        'cx 0, 1',
        'ecr 0, 1',
        'rzz(0.1) 0, 1',
        'sxdg 1',
        'cu(1, 2, 3, 4) 0, 1',
      ]);
    });

    it('lets a variable and a gate share a name, as values and gates are used apart', () => {
      const source = `${OQ3}input float t;\nqubit q;\nt q;\nrz(t) q;`;
      expect(parseQasm(source).instructions.map((i) => (i.kind === 'gate' ? i.name : ''))).toEqual([
        't',
        'rz',
      ]);
    });
  });

  describe('modifiers', () => {
    it('reduces modifiers to the canonical form, writing standard gates as Qiskit does', () => {
      const source = `${OQ3}qubit[4] q;\nctrl @ x q[0], q[1];\nctrl(2) @ x q[0], q[1], q[2];\nctrl @ cx q[0], q[1], q[2];\ninv @ s q[0];\npow(2) @ rz(0.5) q[0];\ninv @ pow(2) @ t q[0];\nnegctrl @ ctrl @ h q[0], q[1], q[2];\nctrl @ inv @ s q[0], q[1];\nctrl @ U(1, 2, 3) q[0], q[1];\nctrl @ gphase(0.5) q[0];\npow(0.5) @ x q[0];`;
      expect(lowered(source)).toEqual([
        'cx 0, 1',
        'ccx 0, 1, 2',
        'ccx 0, 1, 2',
        'sdg 0',
        'rz(1) 0',
        'p(-1.570796327) 0',
        'ctrl(2)=2 @ h 0, 1, 2',
        'csdg 0, 1',
        'ctrl(1) @ u(1, 2, 3) 0, 1',
        'p(0.5) 0',
        'pow(0.5) @ x 0',
      ]);
    });

    it('keeps modifiers on the program’s own gates, also inside definitions', () => {
      const source = `OPENQASM 3.0;\ngate cx c, t { ctrl @ U(pi, 0, pi) c, t; }\ngate g a, b { inv @ cx a, b; }\nqubit[3] q;\nctrl @ g q[0], q[1], q[2];\npow(3) @ cx q[1], q[2];`;
      const c = parseQasm(source);
      expect(lowered(source)).toEqual(['ctrl(1) @ g 0, 1, 2', 'pow(3) @ cx 1, 2']);
      expect(c.gates.map((g) => [g.name, g.body])).toEqual([
        [
          'cx',
          [{ kind: 'gate', name: 'u', qubits: [0, 1], params: [Math.PI, 0, Math.PI], controls: 1 }],
        ],
        ['g', [{ kind: 'gate', name: 'cx', qubits: [0, 1], params: [], power: -1 }]],
      ]);
    });

    it('checks the number of qubits a modified gate needs, and pow’s exponent', () => {
      expect(problems(`${OQ3}qubit[2] q;\nctrl(2) @ x q[0], q[1];`)).toEqual([
        "4:11 gate 'x' with 2 controls expects 3 qubits, got 2",
      ]);
      expect(problems(`${OQ3}input float k;\nqubit q;\npow(k) @ x q;`)).toEqual([
        "5:5 'pow' needs a number known before the circuit runs",
      ]);
    });
  });

  describe('definitions', () => {
    it('unrolls loops inside a gate body and keeps its global phase', () => {
      const source = `${OQ3}gate ladder a, b, c { gphase(pi); for int i in [0:1] { rz(i + 1) a; } cx a, b; }\nqubit[3] q;\nladder q[0], q[1], q[2];`;
      const c = parseQasm(source);
      expect(c.gates[0]!.body.map((g) => `${g.name}(${g.params.join()})`)).toEqual([
        'rz(1)',
        'rz(2)',
        'cx()',
      ]);
      expect(c.gates[0]!.globalPhase).toBe(Math.PI);
    });

    it('refuses an opaque gate where it is applied, a gate applying itself, and statements a gate cannot hold', () => {
      expect(problems(`${QASM2}opaque magic(a) q;\nqreg q[1];\nmagic(0.5) q[0];`)).toEqual([
        "5:1 gate 'magic' is declared opaque: it has no definition, so it cannot run",
      ]);
      expect(problems(`${OQ3}gate a x { a x; }`)).toEqual(["3:12 gate 'a' cannot apply itself"]);
      expect(problems(`${OQ3}gate m x { measure x; }`)).toEqual([
        "3:12 only gates, 'gphase', 'barrier' and 'for' loops can be used inside a gate definition, not a measurement",
      ]);
    });

    it('refuses a gate known only by its calibration, and accepts calibrations otherwise', () => {
      const source = `OPENQASM 3.0;\ndefcalgrammar "openpulse";\ncal { extern port d0; }\ndefcal zx $0, $1 { play d0, gaussian(...); }\nzx $0, $1;`;
      expect(problems(source)).toEqual([
        "5:1 gate 'zx' has only a pulse-level calibration (defcal) and no gate definition, so it cannot run",
      ]);
      expect(parseQasm(`${OQ3}defcal x $0 { play d0; }\nx $0;`).instructions.length).toBe(1);
    });
  });
});
