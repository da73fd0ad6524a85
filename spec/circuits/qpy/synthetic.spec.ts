// QPY features no published file exercises, in bytes laid out field by field as Qiskit's
// writers lay them out (Qiskit/qiskit qiskit/qpy/__init__.py, binary_io/circuits.py,
// binary_io/value.py, crates/qpy/src/formats.rs): control flow, classical expressions and
// variables, conditions, parameter expressions of both encodings, vectors, custom, controlled
// and annotated definitions, QPY 16's circuit table and QPY 18's register tags.
import type { Circuit, GateInstruction } from '../../../src/circuits/model.js';
import { QpyError, readQpy } from '../../../src/circuits/qpy/index.js';
import {
  cat,
  ch,
  circuit,
  custom,
  expr,
  f64,
  file,
  i64,
  instruction,
  operand,
  param,
  replayEntry,
  replayExpression,
  text,
  typed,
  u16,
  u32,
  u64,
  u8,
  uuid,
  type CircuitSpec,
} from './support/writer.js';

const one = (spec: CircuitSpec): Circuit => {
  const [c] = readQpy(file(spec.version, [circuit(spec)]));
  return c!;
};
const err = (bytes: Uint8Array): QpyError => {
  try {
    readQpy(bytes);
  } catch (e) {
    if (e instanceof QpyError) return e;
    throw e;
  }
  throw new Error('no error');
};

const CREG = [
  ['q', 'q', [0, 1]],
  ['c', 'c', [0, 1]],
] as const;

describe('readQpy on QPY laid out as Qiskit writes it', () => {
  for (const version of [13, 15, 16, 17, 18]) {
    it(`reads if/else, while, for, switch and break of QPY ${version} into blocks on the outer bits`, () => {
      const block = (ins: Uint8Array[], n = 1, c = 0) =>
        circuit({ version, numQubits: n, numClbits: c, instructions: ins });
      const x0 = instruction({ name: 'XGate', qargs: [0] });
      const cond = expr.binary(6, expr.bool(), expr.creg('c', 2), expr.int(expr.uint(2), 1));
      const c = one({
        version,
        numQubits: 2,
        numClbits: 2,
        registers: CREG,
        instructions: [
          instruction({ name: 'HGate', qargs: [1] }),
          instruction({ name: 'Measure', qargs: [1], cargs: [1] }),
          instruction({
            name: 'IfElseOp',
            qargs: [1],
            cargs: [0, 1],
            condition: { expr: cond },
            params: [param.circuit(block([x0], 1, 2)), param.null()],
          }),
          instruction({
            name: 'WhileLoopOp',
            qargs: [0],
            cargs: [1],
            condition: { expr: expr.clbit(0) },
            params: [param.circuit(block([x0], 1, 1))],
          }),
          instruction({
            name: 'ForLoopOp',
            qargs: [1],
            params: [
              param.range(0, 3, 1),
              param.symbol('i', 9),
              param.circuit(
                block([
                  instruction({ name: 'RZGate', qargs: [0], params: [param.symbol('i', 9)] }),
                  instruction({ name: 'BreakLoopOp', qargs: [0] }),
                ]),
              ),
            ],
          }),
          instruction({
            name: 'SwitchCaseOp',
            qargs: [0],
            cargs: [0, 1],
            params: [
              typed('R', version >= 18 ? cat(u8(1), text('c')) : text('c')),
              param.tuple([
                param.tuple([
                  param.tuple([param.int(0, version), param.int(2, version)]),
                  param.circuit(block([x0], 1, 2)),
                ]),
                param.tuple([param.tuple([param.default()]), param.circuit(block([], 1, 2))]),
              ]),
            ],
          }),
        ],
      });
      expect(c.parameters).toEqual([]);
      const [, , ifElse, loop, forLoop, sw] = c.instructions;
      expect(ifElse).toEqual({
        kind: 'if',
        condition: {
          kind: 'binary',
          op: 'eq',
          left: {
            kind: 'var',
            location: { kind: 'creg', name: 'c' },
            type: { kind: 'uint', width: 2 },
          },
          right: { kind: 'value', value: 1, type: { kind: 'uint', width: 2 } },
          type: { kind: 'bool' },
        },
        then: [{ kind: 'gate', name: 'x', qubits: [1], params: [] }],
        else: null,
      });
      expect(loop).toEqual({
        kind: 'while',
        condition: { kind: 'var', location: { kind: 'clbit', index: 0 }, type: { kind: 'bool' } },
        body: [{ kind: 'gate', name: 'x', qubits: [0], params: [] }],
      });
      expect(forLoop).toEqual({
        kind: 'for',
        parameter: 'i',
        values: { kind: 'range', start: 0, stop: 3, step: 1 },
        body: [
          { kind: 'gate', name: 'rz', qubits: [1], params: [{ op: 'param', name: 'i' }] },
          { kind: 'break' },
        ],
      });
      expect(sw).toEqual({
        kind: 'switch',
        target: {
          kind: 'var',
          location: { kind: 'creg', name: 'c' },
          type: { kind: 'uint', width: 2 },
        },
        cases: [
          { values: [0, 2], body: [{ kind: 'gate', name: 'x', qubits: [0], params: [] }] },
          { values: ['default'], body: [] },
        ],
      });
    });
  }

  it('reads an old c_if condition on a clbit (QPY 10 string "\\0<index>") as an if around the gate', () => {
    const c = one({
      version: 10,
      numQubits: 1,
      numClbits: 2,
      registers: [['c', 'c', [0, 1]]],
      instructions: [
        instruction({
          name: 'XGate',
          qargs: [0],
          condition: { register: cat([0], text('1')), value: 1 },
        }),
      ],
    });
    expect(c.instructions).toEqual([
      {
        kind: 'if',
        condition: { kind: 'var', location: { kind: 'clbit', index: 1 }, type: { kind: 'bool' } },
        then: [{ kind: 'gate', name: 'x', qubits: [0], params: [] }],
        else: null,
      },
    ]);
  });

  it('reads QPY 18 big-endian instruction floats and tagged clbit conditions', () => {
    const c = one({
      version: 18,
      numQubits: 1,
      numClbits: 1,
      instructions: [
        instruction({
          name: 'RXGate',
          qargs: [0],
          params: [param.float(0.25, 18)],
          condition: { register: cat(u8(0), u32(0)), value: 0 },
        }),
      ],
    });
    expect(c.instructions).toEqual([
      {
        kind: 'if',
        condition: {
          kind: 'unary',
          op: 'not',
          operand: { kind: 'var', location: { kind: 'clbit', index: 0 }, type: { kind: 'bool' } },
          type: { kind: 'bool' },
        },
        then: [{ kind: 'gate', name: 'rx', qubits: [0], params: [0.25] }],
        else: null,
      },
    ]);
  });

  it('replays a QPY 13 parameter expression (2·θ + φ, then sin) and orders vector elements by index', () => {
    const e = replayExpression(
      [
        replayEntry(2, operand.float(2), operand.param(1)),
        replayEntry(0, operand.stack(), operand.param(2)),
        replayEntry(5, operand.stack(), ['n', new Uint8Array(16)]),
      ],
      [
        ['theta', 1],
        ['phi', 2],
      ],
    );
    const c = one({
      version: 13,
      numQubits: 1,
      instructions: [
        instruction({ name: 'RZGate', qargs: [0], params: [typed('e', e)] }),
        instruction({ name: 'RYGate', qargs: [0], params: [param.vector('v', 11, 10, 30)] }),
        instruction({ name: 'RYGate', qargs: [0], params: [param.vector('v', 11, 2, 31)] }),
        instruction({ name: 'RXGate', qargs: [0], params: [param.symbol('a', 32)] }),
      ],
    });
    expect(c.parameters).toEqual(['a', 'phi', 'theta', 'v[2]', 'v[10]']);
    expect((c.instructions[0] as GateInstruction).params[0]).toEqual({
      op: 'sin',
      arg: {
        op: '+',
        left: { op: '*', left: { op: 'num', value: 2 }, right: { op: 'param', name: 'theta' } },
        right: { op: 'param', name: 'phi' },
      },
    });
  });

  it('reads a QPY 10 sympy expression and a global phase that is an expression', () => {
    const srepr = text("Mul(Rational(1, 2), Symbol('t'))");
    const name = text('t');
    const e = cat(
      u64(1),
      u64(srepr.length),
      srepr,
      ch('p'),
      ch('p'),
      u64(0),
      u16(name.length),
      uuid(4),
      name,
    );
    const c = one({
      version: 10,
      numQubits: 1,
      phase: typed('e', e),
      instructions: [instruction({ name: 'PhaseGate', qargs: [0], params: [typed('e', e)] })],
    });
    const half = { op: '*', left: { op: 'num', value: 0.5 }, right: { op: 'param', name: 't' } };
    expect(c.globalPhase).toEqual(half as never);
    expect(c.parameters).toEqual(['t']);
  });

  it('refuses symengine-encoded expressions (QPY 11, use_symengine=True) as unsupported, naming the gate', () => {
    const e = cat(u64(0), u64(4), [1, 2, 3, 4]);
    const bytes = file(
      11,
      [
        circuit({
          version: 11,
          numQubits: 1,
          instructions: [instruction({ name: 'RZGate', qargs: [0], params: [typed('e', e)] })],
        }),
      ],
      'e',
    );
    const error = err(bytes);
    expect(error.kind).toBe('unsupported');
    expect(error.instruction).toBe('RZGate');
    expect(error.version).toBe(11);
  });

  it('reads custom, controlled and annotated definitions (QPY 11+) into gate definitions and modifiers', () => {
    const v = 13;
    const bell = circuit({
      version: v,
      numQubits: 2,
      instructions: [
        instruction({ name: 'HGate', qargs: [0] }),
        instruction({ name: 'CXGate', qargs: [0, 1], ctrl: [1, 1] }),
      ],
    });
    const key = `bell_${'0'.repeat(31)}1`;
    const rzBase = instruction({ name: 'RZGate', params: [param.float(0.5, v)] }, false, 1);
    const modifier = (k: string, n: number, s: number, p: number) =>
      typed('m', cat(ch(k), u32(n), u32(s), f64(p)));
    const c = one({
      version: v,
      numQubits: 3,
      custom: [
        custom(key, 'g', 2, 0, bell),
        custom('ch_o1_abc', 'c', 3, 0, null, [2, 1], instruction({ name: 'HGate' }, false, 1)),
        custom('rz_ann', 'a', 2, 0, null, [0, 0], rzBase),
      ],
      instructions: [
        instruction({ name: key, qargs: [2, 0] }),
        instruction({ name: 'ch_o1_abc', qargs: [0, 1, 2] }),
        instruction({
          name: 'rz_ann',
          qargs: [1, 2],
          params: [modifier('c', 1, 0, 0), modifier('i', 0, 0, 0)],
        }),
        instruction({ name: 'CXGate', qargs: [1, 0], ctrl: [1, 0] }),
      ],
    });
    expect(c.gates).toEqual([
      {
        name: 'bell',
        numQubits: 2,
        params: [],
        body: [
          { kind: 'gate', name: 'h', qubits: [0], params: [] },
          { kind: 'gate', name: 'cx', qubits: [0, 1], params: [] },
        ],
      },
    ]);
    expect(c.instructions).toEqual([
      { kind: 'gate', name: 'bell', qubits: [2, 0], params: [] },
      { kind: 'gate', name: 'h', qubits: [0, 1, 2], params: [], controls: 2, ctrlState: 1 },
      {
        kind: 'gate',
        name: 'rz',
        qubits: [1, 2],
        params: [0.5],
        controls: 1,
        ctrlState: 0,
        power: -1,
      },
      { kind: 'gate', name: 'x', qubits: [1, 0], params: [], controls: 1, ctrlState: 0 },
    ]);
  });

  it('inlines a custom instruction whose definition measures (QPY 12) and keeps standalone variables', () => {
    const v = 12;
    const def = circuit({
      version: v,
      numQubits: 1,
      numClbits: 1,
      instructions: [
        instruction({ name: 'HGate', qargs: [0] }),
        instruction({ name: 'Measure', qargs: [0], cargs: [0] }),
      ],
    });
    const c = one({
      version: v,
      numQubits: 2,
      numClbits: 2,
      vars: [[7, 'L', expr.bool(), 'flag']],
      custom: [custom('hm_ab', 'i', 1, 1, def)],
      instructions: [
        instruction({ name: 'hm_ab', qargs: [1], cargs: [0] }),
        instruction({
          name: 'Store',
          params: [param.expr(expr.standalone(expr.bool(), 0)), param.expr(expr.clbit(0))],
        }),
      ],
    });
    expect(c.vars).toEqual([
      { name: 'flag', type: { kind: 'bool' }, role: 'declare', initial: null },
    ]);
    expect(c.instructions).toEqual([
      { kind: 'gate', name: 'h', qubits: [1], params: [] },
      { kind: 'measure', qubit: 1, clbit: 0 },
      {
        kind: 'store',
        target: { kind: 'var', location: { kind: 'var', name: 'flag' }, type: { kind: 'bool' } },
        value: { kind: 'var', location: { kind: 'clbit', index: 0 }, type: { kind: 'bool' } },
      },
    ]);
  });

  it('reads a QPY 16 file of two circuits through its circuit table', () => {
    const a = circuit({
      version: 16,
      name: 'a',
      numQubits: 1,
      instructions: [instruction({ name: 'XGate', qargs: [0] })],
    });
    const b = circuit({ version: 16, name: 'b', numQubits: 2, instructions: [] });
    expect(readQpy(file(16, [a, b])).map((c) => [c.name, c.numQubits])).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
  });

  it('names the unknown gate, its version and offset', () => {
    const bytes = file(14, [
      circuit({
        version: 14,
        numQubits: 1,
        instructions: [instruction({ name: 'FooGate', qargs: [0] })],
      }),
    ]);
    const e = err(bytes);
    expect(e.instruction).toBe('FooGate');
    expect(e.version).toBe(14);
    expect(e.kind).toBe('unsupported');
    expect(e.offset).toBeGreaterThan(20);
  });

  it('refuses a qubit argument out of range and an instruction count larger than the data', () => {
    const out = err(
      file(13, [
        circuit({
          version: 13,
          numQubits: 1,
          instructions: [instruction({ name: 'XGate', qargs: [3] })],
        }),
      ]),
    );
    expect(out.message).toContain('qubit 3 is out of range');
    const c = circuit({ version: 13, numQubits: 1, instructions: [] });
    const view = new DataView(c.buffer, c.byteOffset);
    view.setBigUint64(2 + 1 + 2 + 4 + 4 + 8 + 4, 1n << 40n);
    expect(err(file(13, [c])).field).toBe('instructions');
    void i64;
  });
});
