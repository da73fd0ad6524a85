import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { QuantumJobsError } from '../../../src/codecs/errors.js';
import type {
  Angle,
  Circuit,
  GateInstruction,
  Instruction,
} from '../../../src/circuits/qasm/index.js';
import { QasmError, bindParameters, parseQasm } from '../../../src/circuits/qasm/index.js';
import { FIXTURES } from '../../helpers/fixtures.js';

const OQ3 = 'OPENQASM 3.0;\ninclude "stdgates.inc";\n';

function gates(c: Circuit): GateInstruction[] {
  return c.instructions.filter((i): i is GateInstruction => i.kind === 'gate');
}

/** The gates as `name(q0,q1)` strings (angles left out). */
function gateList(c: Circuit): string[] {
  return gates(c).map((g) => `${g.name}(${g.qubits.join(',')})`);
}

function parseError(source: string): QasmError {
  try {
    parseQasm(source);
  } catch (e) {
    if (e instanceof QasmError) return e;
    throw new Error(`expected a QasmError, got ${String(e)}`, { cause: e });
  }
  throw new Error('expected a QasmError, but the source parsed');
}

function fixturePubs(file: string): unknown[][] {
  const body = JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as {
    params: { pubs: unknown[][] };
  };
  return body.params.pubs;
}

describe('parseQasm', () => {
  describe('program header and declarations', () => {
    it('accepts OPENQASM 3.0, OPENQASM 3 and an include of stdgates.inc', () => {
      for (const header of ['OPENQASM 3.0;', 'OPENQASM 3;']) {
        const c = parseQasm(`${header}\ninclude "stdgates.inc";\nqubit[2] q;\nh q[0];`);
        expect(c.numQubits).toBe(2);
        expect(gateList(c)).toEqual(['h(0)']);
      }
    });

    it('lays qubit registers end to end, a bare `qubit` being one qubit', () => {
      const c = parseQasm(`${OQ3}qubit[2] a;\nqubit b;\nqubit[3] c;\nx a[1];\nx b;\nx c[2];`);
      expect(c.numQubits).toBe(6);
      expect(gateList(c)).toEqual(['x(1)', 'x(2)', 'x(5)']);
    });

    it('reads the early OpenQASM 3 forms `qubit q[3];` and `bit c[2];`, and `qubit $0;`', () => {
      const c = parseQasm(`${OQ3}qubit q[3];\nbit c[2];\nx q[2];`);
      expect([c.numQubits, c.numClbits]).toEqual([3, 2]);
      expect(parseQasm(`${OQ3}qubit $0;\nqubit $1;\ncx $0, $1;`).numQubits).toBe(2);
    });

    it('counts physical qubits as the highest index plus one', () => {
      const c = parseQasm(`${OQ3}x $3;\ncx $0, $3;`);
      expect(c.numQubits).toBe(4);
      expect(gateList(c)).toEqual(['x(3)', 'cx(0,3)']);
    });

    it('keeps several classical registers in declaration order', () => {
      const c = parseQasm(`${OQ3}qubit[3] q;\nbit[2] a;\nbit b;\ncreg c[4];`);
      expect(c.cregs).toEqual([
        { name: 'a', bits: [0, 1] },
        { name: 'b', bits: [2] },
        { name: 'c', bits: [3, 4, 5, 6] },
      ]);
      expect(c.numClbits).toBe(7);
    });

    it('lists input parameters (float[64], float, angle) in Qiskit’s order: by name', () => {
      const c = parseQasm(
        `${OQ3}input float[64] theta;\ninput angle phi;\ninput float alpha;\ninput angle[32] beta;\nqubit q;\nrx(theta + phi + alpha + beta) q;`,
      );
      expect(c.parameters).toEqual(['alpha', 'beta', 'phi', 'theta']);
    });

    it('orders the elements of an exported parameter vector by index (Qiskit writes θ[3] as _θ_3_)', () => {
      const inputs = ['_θ_10_', 'phi', '_θ_2_', '_θ_0_', 'θ', 'a_1'];
      const c = parseQasm(`${OQ3}${inputs.map((n) => `input float ${n};`).join('\n')}\nqubit q;`);
      expect(c.parameters).toEqual(['a_1', 'phi', 'θ', '_θ_0_', '_θ_2_', '_θ_10_']);
    });

    it('accepts an empty program and stray semicolons', () => {
      expect(parseQasm('').numQubits).toBe(0);
      expect(parseQasm('OPENQASM 3;;;').instructions).toEqual([]);
    });
  });

  describe('OpenQASM 2', () => {
    it('reads qreg/creg, qelib1 gates and `measure q -> c`', () => {
      const c = parseQasm(
        'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[2];\ncreg c[2];\nu1(pi) q[0];\nu2(0, pi) q[1];\nu3(pi, 0, pi) q[0];\ncu1(pi/2) q[0], q[1];\nid q[1];\nU(0, 0, pi) q[0];\nCX q[0], q[1];\nmeasure q -> c;',
      );
      expect(c.numQubits).toBe(2);
      expect(c.cregs).toEqual([{ name: 'c', bits: [0, 1] }]);
      // Qiskit's importer maps these onto U1Gate, U2Gate, U3Gate and CU1Gate
      // (Qiskit/qiskit qiskit/qasm2/parse.py, LEGACY_CUSTOM_INSTRUCTIONS).
      const g = gates(c);
      expect(g.map((x) => x.name)).toEqual(['u1', 'u2', 'u3', 'cu1', 'id', 'u', 'cx']);
      expect(g[0]!.params).toEqual([Math.PI]);
      expect(g[1]!.params).toEqual([0, Math.PI]);
      expect(g[3]!.params).toEqual([Math.PI / 2]);
      expect(c.instructions.slice(-2)).toEqual([
        { kind: 'measure', qubit: 0, clbit: 0 },
        { kind: 'measure', qubit: 1, clbit: 1 },
      ]);
    });

    it('reads single-bit `measure q[1] -> c[0]`', () => {
      const c = parseQasm('OPENQASM 2.0;\nqreg q[2];\ncreg c[1];\nmeasure q[1] -> c[0];');
      expect(c.instructions).toEqual([{ kind: 'measure', qubit: 1, clbit: 0 }]);
    });
  });

  describe('standard gates', () => {
    it('knows every standard gate with its arity', () => {
      const oneQubit = ['x', 'y', 'z', 'h', 's', 'sdg', 't', 'tdg', 'sx', 'sxdg', 'id'];
      const oneQubitAngle = ['rx', 'ry', 'rz', 'p'];
      const twoQubit = ['cx', 'CX', 'cy', 'cz', 'ch', 'swap'];
      const twoQubitAngle = ['crx', 'cry', 'crz', 'cp'];
      const lines = [
        ...oneQubit.map((g) => `${g} q[0];`),
        ...oneQubitAngle.map((g) => `${g}(0.5) q[1];`),
        'u(1, 2, 3) q[2];',
        'U(1, 2, 3) q[2];',
        ...twoQubit.map((g) => `${g} q[0], q[1];`),
        ...twoQubitAngle.map((g) => `${g}(0.25) q[1], q[2];`),
        'ccx q[0], q[1], q[2];',
        'cswap q[2], q[0], q[1];',
      ];
      const c = parseQasm(`${OQ3}qubit[3] q;\n${lines.join('\n')}`);
      expect(gates(c).map((g) => g.name)).toEqual([
        ...oneQubit,
        ...oneQubitAngle,
        'u',
        'u',
        'cx',
        'cx',
        'cy',
        'cz',
        'ch',
        'swap',
        ...twoQubitAngle,
        'ccx',
        'cswap',
      ] as never);
      const last = gates(c).slice(-2);
      expect(last[0]!.qubits).toEqual([0, 1, 2]);
      expect(last[1]!.qubits).toEqual([2, 0, 1]);
    });

    it('broadcasts a gate over whole registers of the same size', () => {
      const c = parseQasm(`${OQ3}qubit[3] a;\nqubit[3] b;\nh a;\ncx a, b;\ncz a[0], b;`);
      expect(gateList(c)).toEqual([
        'h(0)',
        'h(1)',
        'h(2)',
        'cx(0,3)',
        'cx(1,4)',
        'cx(2,5)',
        'cz(0,3)',
        'cz(0,4)',
        'cz(0,5)',
      ]);
    });
  });

  describe('angle expressions', () => {
    const angle = (expr: string): number => {
      const c = parseQasm(`${OQ3}qubit q;\nrz(${expr}) q;`);
      return gates(c)[0]!.params[0] as number;
    };

    it('evaluates constants, operators with their precedence, and functions', () => {
      expect(angle('pi')).toBe(Math.PI);
      expect(angle('π / 2')).toBe(Math.PI / 2);
      expect(angle('tau')).toBe(2 * Math.PI);
      expect(angle('euler')).toBe(Math.E);
      expect(angle('1 + 2 * 3')).toBe(7);
      expect(angle('(1 + 2) * 3')).toBe(9);
      expect(angle('2 ** 3 ** 2')).toBe(512);
      expect(angle('2 ** 3')).toBe(8);
      expect(angle('-2 ** 2')).toBe(-4);
      // OpenQASM 3: `^` is exclusive or, integers divide as integers.
      expect(angle('6 ^ 3')).toBe(5);
      expect(angle('7 / 2')).toBe(3);
      expect(angle('7.0 / 2')).toBe(3.5);
      expect(angle('- -1.5e1 / 3')).toBe(5);
      expect(angle('8 - 3 - 2')).toBe(3);
      expect(angle('.5 + 1_000')).toBe(1000.5);
      expect(angle('sin(pi/2) + cos(0) + tan(0)')).toBeCloseTo(2, 14);
      expect(angle('exp(1) - euler + ln(1) + sqrt(4)')).toBeCloseTo(2, 14);
      expect(angle('arcsin(1) + arccos(1) + arctan(1)')).toBeCloseTo(Math.PI / 2 + Math.PI / 4, 14);
    });

    it('keeps expressions over inputs and evaluates them once bound', () => {
      const c = parseQasm(`${OQ3}input float[64] theta;\nqubit q;\nrz(2 * theta + pi) q;`);
      const g = gates(c)[0]!;
      expect(typeof g.params[0]).toBe('object');
      const bound = bindParameters(c, { theta: 0.25 });
      expect(gates(bound)[0]!.params).toEqual([0.5 + Math.PI]);
      expect(bound.parameters).toEqual([]);
    });

    it('accepts const declarations', () => {
      const c = parseQasm(
        `${OQ3}const float half = pi / 2;\nconst int n = 2;\nqubit[n] q;\nrz(half) q[n - 1];`,
      );
      expect(c.numQubits).toBe(2);
      expect(gates(c)[0]!.params).toEqual([Math.PI / 2]);
      expect(gates(c)[0]!.qubits).toEqual([1]);
    });
  });

  describe('measurement, reset, barrier, delay and comments', () => {
    it('reads `c[0] = measure q[0];`, `c = measure q;` and `bit[2] c = measure q;`', () => {
      const c = parseQasm(
        `${OQ3}qubit[2] q;\nbit[2] c;\nbit[2] d = measure q;\nc[1] = measure q[0];\nc = measure q;\nmeasure q[1];`,
      );
      const measures: Instruction[] = c.instructions.filter((i) => i.kind === 'measure');
      expect(measures).toEqual([
        { kind: 'measure', qubit: 0, clbit: 2 },
        { kind: 'measure', qubit: 1, clbit: 3 },
        { kind: 'measure', qubit: 0, clbit: 1 },
        { kind: 'measure', qubit: 0, clbit: 0 },
        { kind: 'measure', qubit: 1, clbit: 1 },
        { kind: 'measure', qubit: 1, clbit: null },
      ]);
    });

    it("adds gphase to the circuit's phase at top level and to the definition's inside gate bodies", () => {
      const c = parseQasm(
        `${OQ3}gate g a { gphase(pi / 2); x a; }\nqubit q;\ngphase(0.3);\ngphase(1) q;\ng q;`,
      );
      expect(gateList(c)).toEqual(['g(0)']);
      expect(c.globalPhase).toBeCloseTo(1.3, 14);
      expect(c.gates).toEqual([
        {
          name: 'g',
          numQubits: 1,
          params: [],
          body: [{ kind: 'gate', name: 'x', qubits: [0], params: [] }],
          globalPhase: Math.PI / 2,
        },
      ]);
    });

    it('reads reset, barrier (with and without operands) and delay', () => {
      const c = parseQasm(
        `${OQ3}qubit[2] q;\nreset q;\nbarrier q[0], q[1];\nbarrier;\ndelay[100dt] q[0];\ndelay[2.5us] q;\nreset q[1];`,
      );
      expect(c.instructions).toEqual([
        { kind: 'reset', qubit: 0 },
        { kind: 'reset', qubit: 1 },
        { kind: 'barrier', qubits: [0, 1] },
        { kind: 'barrier', qubits: [] },
        { kind: 'delay', qubits: [0], duration: { kind: 'literal', value: 100, unit: 'dt' } },
        { kind: 'delay', qubits: [0, 1], duration: { kind: 'literal', value: 2.5, unit: 'us' } },
        { kind: 'reset', qubit: 1 },
      ]);
    });

    it('skips line and block comments', () => {
      const c = parseQasm(
        `// header\nOPENQASM 3.0; /* a\nmulti-line\ncomment */ include "stdgates.inc";\nqubit q; // trailing\n/**/x /* inline */ q;`,
      );
      expect(gateList(c)).toEqual(['x(0)']);
    });
  });

  describe('gate definitions', () => {
    it('keeps a user gate as a definition over its angles and qubits, applied by name', () => {
      const c = parseQasm(
        `${OQ3}gate rot(a, b) x, y { rz(a) x; cx x, y; ry(b / 2) y; }\nqubit[3] q;\nrot(pi, 1) q[2], q[0];`,
      );
      expect(c.instructions).toEqual([
        { kind: 'gate', name: 'rot', qubits: [2, 0], params: [Math.PI, 1] },
      ]);
      expect(c.gates).toEqual([
        {
          name: 'rot',
          numQubits: 2,
          params: ['a', 'b'],
          body: [
            { kind: 'gate', name: 'rz', qubits: [0], params: [{ op: 'param', name: 'a' }] },
            { kind: 'gate', name: 'cx', qubits: [0, 1], params: [] },
            {
              kind: 'gate',
              name: 'ry',
              qubits: [1],
              params: [
                { op: '/', left: { op: 'param', name: 'b' }, right: { op: 'num', value: 2 } },
              ],
            },
          ],
        },
      ]);
    });

    it('uses definitions inside definitions and passes input expressions to them', () => {
      const c = parseQasm(
        `${OQ3}input float theta;\ngate inner(t) a { rx(2 * t) a; }\ngate outer(t) a, b { inner(t + 1) a; barrier a, b; cz a, b; }\nqubit[2] q;\nouter(theta) q[0], q[1];`,
      );
      expect(c.gates.map((g) => g.name)).toEqual(['inner', 'outer']);
      expect(c.gates[1]!.body.map((g) => g.name)).toEqual(['inner', 'cz']);
      expect(gateList(c)).toEqual(['outer(0,1)']);
      const bound = bindParameters(c, [0.5]);
      expect(gates(bound)[0]!.params).toEqual([0.5]);
    });

    it('lets a definition provide a gate such as ecr under its own name', () => {
      const c = parseQasm(
        `${OQ3}gate ecr _q0, _q1 { s _q0; sx _q1; cx _q0, _q1; x _q0; }\nqubit[2] q;\necr q[0], q[1];`,
      );
      expect(gateList(c)).toEqual(['ecr(0,1)']);
      expect(c.gates[0]!.body.map((g) => `${g.name}(${g.qubits.join(',')})`)).toEqual([
        's(0)',
        'sx(1)',
        'cx(0,1)',
        'x(0)',
      ]);
    });

    it('broadcasts a user gate over registers', () => {
      const c = parseQasm(`${OQ3}gate hh a { h a; }\nqubit[2] q;\nhh q;`);
      expect(gateList(c)).toEqual(['hh(0)', 'hh(1)']);
    });

    it('stops past the instruction ceiling, counting unrolled loops', () => {
      const program = `${OQ3}qubit q;\nfor int i in [1:1000] { x q; }\n`;
      expect(parseQasm(program, { maxInstructions: 1000 }).instructions.length).toBe(1000);
      let error: unknown;
      try {
        parseQasm(`${program}h q;`, { maxInstructions: 1000 });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(QasmError);
      expect((error as QasmError).detail).toBe(
        'the circuit expands to more than 1000 instructions',
      );
      expect((error as QasmError).line).toBe(5);
    });
  });

  describe('fixtures', () => {
    it('parses the ISA circuits of the shared create-job requests', () => {
      const files = [
        'create_job_request_sampler_docs.json',
        'create_job_request_sampler_options_docs.json',
        'create_job_request_estimator_docs.json',
      ];
      for (const file of files) {
        for (const pub of fixturePubs(file)) {
          const c = parseQasm(pub[0] as string);
          expect(c.numQubits).toBe(3);
          expect(c.cregs).toEqual([{ name: 'meas', bits: [0, 1] }]);
          expect(gateList(c)).toEqual([
            'rz(1)',
            'sx(1)',
            'rz(1)',
            'x(2)',
            'cz(2,1)',
            'sx(1)',
            'rz(1)',
          ]);
          expect(gates(c).map((g): Angle | null => g.params[0] ?? null)).toEqual([
            Math.PI / 2,
            null,
            Math.PI,
            null,
            null,
            null,
            Math.PI / 2,
          ]);
        }
      }
      const sampler = parseQasm(
        fixturePubs('create_job_request_sampler_docs.json')[0]![0] as string,
      );
      expect(sampler.instructions.slice(-2)).toEqual([
        { kind: 'measure', qubit: 1, clbit: 0 },
        { kind: 'measure', qubit: 2, clbit: 1 },
      ]);
    });
  });

  describe('errors', () => {
    const cases: { source: string; line: number; column: number; detail: string }[] = [
      {
        source: `${OQ3}qubit q;\nfoo q;`,
        line: 4,
        column: 1,
        detail: "unknown gate 'foo'",
      },
      {
        source: `${OQ3}qubit[2] q;\n  cx q[0];`,
        line: 4,
        column: 3,
        detail: "gate 'cx' expects 2 qubits, got 1",
      },
      {
        source: `${OQ3}qubit q;\nrz q;`,
        line: 4,
        column: 1,
        detail: "gate 'rz' expects 1 parameter, got 0",
      },
      {
        source: `${OQ3}qubit[2] q;\nh q[2];`,
        line: 4,
        column: 5,
        detail: "index 2 is out of range for register 'q' of size 2",
      },
      {
        source: `${OQ3}qubit q;\nbit[2] c;\nc[5] = measure q;`,
        line: 5,
        column: 3,
        detail: "index 5 is out of range for register 'c' of size 2",
      },
      {
        source: `${OQ3}qubit q;\nrx(theta) q;`,
        line: 4,
        column: 4,
        detail: "unknown identifier 'theta'",
      },
      {
        source: `OPENQASM 3.0;\nqubit q;\nh q;`,
        line: 3,
        column: 1,
        detail: 'unknown gate \'h\' (add include "stdgates.inc"; to use the standard gates)',
      },
      {
        source: `${OQ3}qubit q;\nx r;`,
        line: 4,
        column: 3,
        detail: "unknown qubit register 'r'",
      },
      {
        source: `${OQ3}qubit q;\nx q`,
        line: 4,
        column: 4,
        detail: "expected ';', got end of input",
      },
      {
        source: `${OQ3}qubit[2] q;\ncx q[1], q[1];`,
        line: 4,
        column: 1,
        detail: "gate 'cx' is applied to the same qubit twice",
      },
      {
        source: `${OQ3}qubit[2] q;\nx $0;`,
        line: 4,
        column: 3,
        detail: 'physical qubits cannot be mixed with declared qubit registers',
      },
      {
        source: `${OQ3}qubit q;\nqubit q;`,
        line: 4,
        column: 7,
        detail: "'q' is already declared",
      },
      {
        source: `${OQ3}qubit q;\nrz(foo(1)) q;`,
        line: 4,
        column: 4,
        detail: "unknown function 'foo'",
      },
      {
        source: `${OQ3}qubit q;\nrz(1.0/0) q;`,
        line: 4,
        column: 4,
        detail: 'the angle is not a finite number',
      },
      {
        source: `${OQ3}qubit q;\nrz(1/0) q;`,
        line: 4,
        column: 5,
        detail: 'division by zero in int / int',
      },
      {
        source: `${OQ3}qubit[2] q;\nbit[3] c;\nc = measure q;`,
        line: 5,
        column: 13,
        detail: 'cannot measure 2 qubits into 3 bits',
      },
      {
        source: `${OQ3}gate g a { h b; }`,
        line: 3,
        column: 14,
        detail: "unknown qubit 'b' in gate body",
      },
      {
        source: `${OQ3}input complex c;`,
        line: 3,
        column: 7,
        detail:
          "unsupported input type 'complex' (float and angle inputs are parameters; bool, int, uint and duration inputs are variables)",
      },
      {
        source: `${OQ3}include "other.inc";`,
        line: 3,
        column: 9,
        detail: 'cannot include \'other.inc\': only "stdgates.inc" and "qelib1.inc" are available',
      },
      {
        source: `OPENQASM 4.0;`,
        line: 1,
        column: 10,
        detail: 'unsupported OpenQASM version 4.0 (2 and 3 are supported)',
      },
      {
        source: `${OQ3}qubit q;\n/* never closed`,
        line: 4,
        column: 1,
        detail: 'unterminated block comment',
      },
      {
        source: `${OQ3}qubit q;\nx q; ?`,
        line: 4,
        column: 6,
        detail: "unexpected character '?'",
      },

      {
        source: `${OQ3}x $0;\nqubit q;`,
        line: 4,
        column: 7,
        detail: 'qubit registers cannot be declared in a program that uses physical qubits',
      },
      {
        source: `${OQ3}qubit[2000000] q;`,
        line: 3,
        column: 7,
        detail: 'register size 2000000 is too large (at most 1048576)',
      },
      {
        source: `${OQ3}x $2000000;`,
        line: 3,
        column: 3,
        detail: 'physical qubit $2000000 is out of range (at most $1048575)',
      },
      {
        source: `${OQ3}qubit[1.5] q;`,
        line: 3,
        column: 7,
        detail: 'expected a non-negative integer',
      },
      {
        source: `${OQ3}input float t;\nconst float k = 2 * t;`,
        line: 4,
        column: 17,
        detail: 'a constant cannot depend on an input parameter',
      },
      {
        source: `${OQ3}gate g a { x a; }\ngate g a { y a; }`,
        line: 4,
        column: 6,
        detail: "'g' is already declared",
      },
      {
        source: `${OQ3}gate g a, a { x a; }`,
        line: 3,
        column: 11,
        detail: "duplicate name 'a'",
      },
      {
        source: `${OQ3}gate g a { cx a, a; }`,
        line: 3,
        column: 12,
        detail: "gate 'cx' is applied to the same qubit twice",
      },
      {
        source: `${OQ3}gate g a { x $0; }`,
        line: 3,
        column: 14,
        detail: 'physical qubits cannot be used inside a gate body',
      },
      {
        source: `${OQ3}input float t;\ngate g a { rz(t) a; }`,
        line: 4,
        column: 15,
        detail: "input parameter 't' cannot be used inside a gate body",
      },
      {
        source: `${OQ3}qubit q;\nq q;`,
        line: 4,
        column: 1,
        detail: "'q' is a register, not a gate",
      },
      {
        source: `${OQ3}qubit[2] a;\nqubit[3] b;\ncx a, b;`,
        line: 5,
        column: 7,
        detail: 'registers of different sizes (2 and 3) cannot be combined',
      },
      {
        source: `${OQ3}bit c;\nx c;`,
        line: 4,
        column: 3,
        detail: "'c' is a classical register, expected qubits",
      },
      {
        source: `${OQ3}qubit q;\nq = measure q;`,
        line: 4,
        column: 1,
        detail: "'q' is a qubit register, expected classical bits",
      },
      {
        source: `${OQ3}qubit q;\ndelay[10 parsecs] q;`,
        line: 4,
        column: 10,
        detail: "expected ']', got 'parsecs'",
      },
      {
        source: `${OQ3}qubit q;\nrz(2pi) q;`,
        line: 4,
        column: 5,
        detail: "unexpected 'pi' after number 2",
      },
    ];

    for (const c of cases) {
      it(`reports "${c.detail}" at line ${c.line}, column ${c.column}`, () => {
        const e = parseError(c.source);
        expect(e._tag).toBe('QasmError');
        expect(e).toBeInstanceOf(QuantumJobsError);
        expect(e.detail).toBe(c.detail);
        expect([e.line, e.column]).toEqual([c.line, c.column]);
        expect(e.message).toBe(`line ${c.line}, column ${c.column}: ${c.detail}`);
      });
    }

    it('rejects a source that is not a string with a QasmError', () => {
      expect(() => parseQasm(42 as unknown as string)).toThrowError(QasmError);
    });
  });
});
