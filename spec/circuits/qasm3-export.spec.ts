// The OpenQASM 3 exporter: the program Qiskit's `qasm3.dumps` writes for the same circuit
// (Qiskit/qiskit qiskit/qasm3/exporter.py: header, inputs, gate definitions, bits, qubits,
// statements; `$n` for a transpiled circuit; `basis_gates` called without definitions), and
// round trips through this project's OpenQASM parser: random circuits read back equal, and
// circuits with gates only a definition describes read back with the same unitary.
import fc from 'fast-check';
import { circuitUnitary } from '../../src/circuits/circuit-unitary.js';
import { distanceUpToPhase } from '../../src/circuits/gates/matrix.js';
import type { Angle, Circuit, Instruction } from '../../src/circuits/model.js';
import { Parameter, ParameterVector } from '../../src/circuits/parameter.js';
import { dumps, escapeIdentifier, exportProgram } from '../../src/circuits/qasm3-export.js';
import { parseQasm } from '../../src/circuits/qasm/index.js';
import { isQiskitGate } from '../../src/circuits/qasm/library.js';
import { STANDARD_GATES } from '../../src/circuits/gates/standard.js';
import { QuantumCircuit } from '../../src/circuits/quantum-circuit.js';
import { serializeCircuit } from '../../src/circuits/serialize.js';
import { substitute } from '../../src/circuits/qasm/expression.js';
import { randomCircuit } from './support/random-circuits.js';
import { inlineGates } from '../../src/circuits/inline.js';
import { blocksOf, mapBlocks } from '../../src/circuits/blocks.js';

/** Gates the parser knows by name: stdgates.inc plus Qiskit's other standard gates. */
const NAMED = [...STANDARD_GATES.values()]
  .filter((g) => g.numQubits > 0 && isQiskitGate(g.name))
  .map((g) => g.name);
const NON_STD = NAMED.filter((n) => !STANDARD_GATES.get(n)!.stdgates);

function evaluate(a: Angle, values: ReadonlyMap<string, number>): number {
  const v = substitute(a, (name) => values.get(name));
  if (typeof v !== 'number') throw new Error('unbound parameter');
  return v;
}

/** Structural equality, angles compared by value at random parameter values. */
function expectEqual(got: Circuit, want: Circuit, names: ReadonlyMap<string, string>): void {
  expect(got.numQubits).toBe(want.numQubits);
  expect(got.numClbits).toBe(want.numClbits);
  expect(got.qregs).toEqual(want.qregs);
  expect(got.cregs).toEqual(want.cregs);
  expect([...got.parameters].sort()).toEqual(want.parameters.map((p) => names.get(p)!).sort());
  const values = new Map<string, number>();
  want.parameters.forEach((p, i) => values.set(p, 0.37 + i));
  const renamed = new Map<string, number>([...values].map(([k, v]) => [names.get(k)!, v]));
  const compare = (g: readonly Instruction[], w: readonly Instruction[]) => {
    expect(g.length).toBe(w.length);
    g.forEach((gi, i) => {
      const wi = w[i]!;
      expect(gi.kind).toBe(wi.kind);
      if (gi.kind === 'gate' && wi.kind === 'gate') {
        expect(`${gi.name}${JSON.stringify(gi.qubits)}`).toBe(
          `${wi.name}${JSON.stringify(wi.qubits)}`,
        );
        gi.params.forEach((p, k) =>
          expect(evaluate(p, renamed)).toBeCloseTo(evaluate(wi.params[k]!, values), 12),
        );
        expect([
          gi.controls ?? 0,
          gi.ctrlState ?? (1 << (gi.controls ?? 0)) - 1,
          gi.power ?? 1,
        ]).toEqual([
          wi.controls ?? 0,
          wi.ctrlState ?? (1 << (wi.controls ?? 0)) - 1,
          wi.power ?? 1,
        ]);
      } else {
        // Everything but the nested blocks equal, then the blocks compared the same way.
        const strip = (x: Instruction) => JSON.stringify(mapBlocks(x, () => []));
        expect(strip(gi)).toBe(strip(wi));
        const gb = blocksOf(gi),
          wb = blocksOf(wi);
        expect(gb.length).toBe(wb.length);
        gb.forEach((blk, k) => compare(blk, wb[k]!));
      }
    });
  };
  compare(got.instructions, want.instructions);
  expect(evaluate(got.globalPhase, renamed)).toBeCloseTo(evaluate(want.globalPhase, values), 12);
}

/** The circuit with its `for` loops unrolled, the loop parameter bound in each copy. */
function unrollLoops(c: Circuit): Circuit {
  const walk = (b: readonly Instruction[], values: ReadonlyMap<string, Angle>): Instruction[] =>
    b.flatMap((ins): Instruction[] => {
      if (ins.kind === 'gate') {
        return [{ ...ins, params: ins.params.map((p) => substitute(p, (n) => values.get(n))) }];
      }
      if (ins.kind === 'for') {
        const v = ins.values;
        const list =
          v.kind === 'list'
            ? v.values
            : Array.from(
                { length: Math.max(0, Math.ceil((v.stop - v.start) / v.step)) },
                (_, i) => v.start + i * v.step,
              );
        return list.flatMap((x) =>
          walk(
            ins.body,
            ins.parameter === null ? values : new Map([...values, [ins.parameter, x]]),
          ),
        );
      }
      return [mapBlocks(ins, (inner) => walk(inner, values))];
    });
  return { ...c, instructions: walk(c.instructions, new Map()) };
}

describe('dumps', () => {
  it('writes the Bell circuit as Qiskit does', () => {
    const bell = new QuantumCircuit(2).h(0).cx(0, 1).measureAll();
    expect(dumps(bell.toCircuit())).toBe(
      [
        'OPENQASM 3.0;',
        'include "stdgates.inc";',
        'bit[2] meas;',
        'qubit[2] q;',
        'h q[0];',
        'cx q[0], q[1];',
        'barrier q[0], q[1];',
        'meas[0] = measure q[0];',
        'meas[1] = measure q[1];',
        '',
      ].join('\n'),
    );
  });

  it('declares parameters as inputs, escaping names Qiskit escapes, and defines non-stdgates gates', () => {
    const theta = new Parameter('θ');
    const x = new ParameterVector('x', 2);
    const qc = new QuantumCircuit(2).rzz(theta.mul(2), 0, 1).ecr(0, 1).rx(x.at(1), 0);
    const { source, parameterNames } = exportProgram(qc.toCircuit());
    expect(source).toContain('input float[64] _x_1_;\ninput float[64] θ;');
    expect(source).toContain('gate rzz(_gate_p_0) _gate_q_0, _gate_q_1 {');
    expect(source).toContain('gate ecr _gate_q_0, _gate_q_1 {');
    expect(source).toContain('rzz(θ*2) q[0], q[1];');
    expect(parameterNames.get('x[1]')).toBe('_x_1_');
    expect(escapeIdentifier('if')).toBe('_if');
    expect(escapeIdentifier('θ')).toBe('θ');
  });

  it('calls basis gates by name on physical qubits, as IBM guides export ISA circuits', () => {
    const qc = new QuantumCircuit(3)
      .ecr(2, 0)
      .rz(Math.PI / 2, 1)
      .measureAll();
    const text = dumps(qc.toCircuit(), { physicalQubits: true, basisGates: ['ecr'] });
    expect(text).not.toContain('gate ecr');
    expect(text).not.toContain('qubit');
    expect(text).toContain('ecr $2, $0;\nrz(pi/2) $1;');
  });

  it('writes modifiers and control flow in OpenQASM 3 syntax', () => {
    const qc = new QuantumCircuit(3, 2)
      .append(new QuantumCircuit(1).h(0).toGate('hh').control(2, 1).power(2), [0, 1, 2])
      .measure(0, 0)
      .ifTest(
        [0, 1],
        (b) => b.x(1),
        (b) => b.y(1),
      )
      .forLoop([0, 2], (b, i) => b.rz(i, 2))
      .whileLoop([1, 0], (b) => b.h(1).measure(1, 1));
    const text = dumps(qc.toCircuit());
    expect(text).toContain('gate hh _gate_q_0 {\n  h _gate_q_0;\n}');
    expect(text).toContain('ctrl @ negctrl @ pow(2) @ hh q[0], q[1], q[2];');
    expect(text).toContain('if (c[0]) {\n  x q[1];\n}\nelse {\n  y q[1];\n}');
    expect(text).toContain('for int _loop_i in {0, 2} {\n  rz(_loop_i) q[2];\n}');
    expect(text).toContain('while (!c[1]) {');
  });

  it('reads back equal circuits of named gates, angles and parameters included', () => {
    fc.assert(
      fc.property(
        randomCircuit({
          numQubits: 3,
          length: 12,
          gates: NAMED,
          parameters: ['θ', 'a', 'x[1]'],
          measureAll: true,
        }),
        (c) => {
          const { source, parameterNames } = exportProgram(c, { basisGates: NON_STD });
          // Both sides in the reader's canonical form: gates as inlineGates writes them, and
          // `for` loops over constant ranges unrolled (the parser runs them at compile time).
          expectEqual(inlineGates(parseQasm(source)), unrollLoops(inlineGates(c)), parameterNames);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('reads back dynamic circuits with modifiers and a global phase equal', () => {
    fc.assert(
      fc.property(
        randomCircuit({
          numQubits: 3,
          length: 10,
          gates: NAMED,
          dynamic: true,
          modifiers: true,
          parameters: ['θ'],
        }).map((c) => ({ ...c, globalPhase: 0.3 })),
        (c) => {
          const { source, parameterNames } = exportProgram(c, { basisGates: NON_STD });
          // Both sides in the reader's canonical form: gates as inlineGates writes them, and
          // `for` loops over constant ranges unrolled (the parser runs them at compile time).
          expectEqual(inlineGates(parseQasm(source)), unrollLoops(inlineGates(c)), parameterNames);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('reads back circuits of every standard gate, with their definitions, with the same unitary', () => {
    fc.assert(
      fc.property(randomCircuit({ numQubits: 3, length: 8 }), (c) => {
        const back = parseQasm(dumps(c));
        expect(distanceUpToPhase(circuitUnitary(back), circuitUnitary(c))).toBeLessThan(1e-9);
      }),
      { numRuns: 150 },
    );
  });

  it('keeps list values in the circuit’s order and renames values given by name', () => {
    const x = new ParameterVector('x', 11);
    const qc = new QuantumCircuit(1).rx(x.at(2), 0).rx(x.at(10), 0);
    const wire = serializeCircuit(qc);
    // The program's inputs _x_2_ and _x_10_ read back in the circuit's order.
    expect(parseQasm(wire.source).parameters).toEqual(['_x_2_', '_x_10_']);
    expect(wire.values([[2, 10]])).toEqual([[2, 10]]);
    expect(wire.values({ 'x[2]': 2, 'x[10]': 10 })).toEqual({ _x_2_: 2, _x_10_: 10 });
  });
});
