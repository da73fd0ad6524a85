// The QuantumCircuit builder against Qiskit's QuantumCircuit behaviour (Qiskit/qiskit
// qiskit/circuit/quantumcircuit.py): registers named q/c/meas, broadcasting, parameters sorted
// as `QuantumCircuit.parameters` sorts them, assign_parameters, compose, inverse, power, control,
// the legacy (bit, value)/(register, value) conditions of if_test, and the text drawer's layout
// (qiskit/visualization/circuit/text.py).
import { circuitUnitary } from '../../src/circuits/circuit-unitary.js';
import { expr } from '../../src/circuits/classical.js';
import { CircuitError } from '../../src/circuits/errors.js';
import { Gate } from '../../src/circuits/gate.js';
import { controlled, distance, distanceUpToPhase } from '../../src/circuits/gates/matrix.js';
import { Parameter, ParameterVector } from '../../src/circuits/parameter.js';
import { QuantumCircuit } from '../../src/circuits/quantum-circuit.js';
import { ClassicalRegister, QuantumRegister } from '../../src/circuits/register.js';

describe('QuantumCircuit', () => {
  it('builds the Bell circuit of "Run a job" as Qiskit does', () => {
    const bell = new QuantumCircuit(2).h(0).cx(0, 1).measureAll();
    const c = bell.toCircuit();
    expect(c.qregs).toEqual([{ name: 'q', bits: [0, 1] }]);
    expect(c.cregs).toEqual([{ name: 'meas', bits: [0, 1] }]);
    expect(c.instructions.map((i) => i.kind)).toEqual([
      'gate',
      'gate',
      'barrier',
      'measure',
      'measure',
    ]);
    expect(c.instructions[1]).toEqual({ kind: 'gate', name: 'cx', qubits: [0, 1], params: [] });
  });

  it('takes registers and their bits, and broadcasts lists and registers', () => {
    const qr = new QuantumRegister(3, 'qr');
    const cr = new ClassicalRegister(3, 'cr');
    const qc = new QuantumCircuit(qr, cr).h(qr).cx(qr.at(0), [1, 2]).measure(qr, cr);
    const c = qc.toCircuit();
    expect(
      c.instructions
        .filter((i) => i.kind === 'gate')
        .map((i) => (i as unknown as { qubits: number[] }).qubits),
    ).toEqual([[0], [1], [2], [0, 1], [0, 2]]);
    expect(c.instructions.filter((i) => i.kind === 'measure').length).toBe(3);
  });

  it('refuses bad qubits, duplicate qubits and mismatched measurements with CircuitError', () => {
    const qc = new QuantumCircuit(2, 1);
    expect(() => qc.h(2)).toThrowError(CircuitError, /qubit 2 is out of range/);
    expect(() => qc.cx(1, 1)).toThrowError(CircuitError, /duplicate qubit/);
    expect(() => qc.measure([0, 1], 0)).toThrowError(CircuitError, /2 qubit\(s\) into 1 bit/);
    expect(() => new QuantumCircuit(-1)).toThrowError(CircuitError);
  });

  it('lists parameters in Qiskit order and binds them', () => {
    const theta = new Parameter('θ');
    const x = new ParameterVector('x', 11);
    const qc = new QuantumCircuit(1)
      .rx(theta, 0)
      .rz(x.at(10), 0)
      .rz(x.at(2), 0)
      .ry(new Parameter('a').mul(2), 0);
    expect(qc.parameters).toEqual(['a', 'x[2]', 'x[10]', 'θ']);
    const bound = qc.assignParameters([1, 2, 3, 4]);
    expect(bound.parameters).toEqual([]);
    const gates = bound.toCircuit().instructions as unknown as { params: number[] }[];
    expect(gates.map((g) => g.params[0])).toEqual([4, 3, 2, 2]);
    const partial = qc.assignParameters({ θ: theta.add(1) });
    expect(partial.parameters).toEqual(['a', 'x[2]', 'x[10]', 'θ']);
    expect(() => qc.assignParameters({ nope: 1 })).toThrowError(
      CircuitError,
      /no parameter 'nope'/,
    );
  });

  it('inverts, repeats and controls circuits with the unitaries Qiskit gives', () => {
    const qc = new QuantumCircuit(2).h(0).s(1).cx(0, 1).rz(0.3, 1).u(0.1, 0.2, 0.3, 0);
    qc.globalPhase = 0.4;
    const u = circuitUnitary(qc.toCircuit());
    const inv = circuitUnitary(qc.inverse().toCircuit());
    const both = circuitUnitary(qc.compose(qc.inverse()).toCircuit());
    expect(distance(both, circuitUnitary(new QuantumCircuit(2).toCircuit()))).toBeLessThan(1e-12);
    expect(inv.dim).toBe(4);
    const sq = circuitUnitary(qc.power(2).toCircuit());
    expect(distance(sq, circuitUnitary(qc.compose(qc).toCircuit()))).toBeLessThan(1e-12);
    const c = qc.control(1, 0);
    expect(distance(circuitUnitary(c.toCircuit()), controlled(u, 1, 0))).toBeLessThan(1e-12);
  });

  it('appends custom gates from circuits, with control, inverse and power', () => {
    const t = new Parameter('t');
    const sub = new QuantumCircuit(2).h(0).cx(0, 1).rz(t, 1);
    sub.name = 'bellz';
    const gate = sub.toGate();
    const qc = new QuantumCircuit(3)
      .append(gate, [2, 0])
      .append(gate.control(1).inverse(), [1, 0, 2]);
    expect(qc.parameters).toEqual(['t']);
    expect(qc.toCircuit().gates.map((g) => g.name)).toEqual(['bellz']);
    const bound = circuitUnitary(qc.assignParameters([0.7]).toCircuit());
    expect(bound.dim).toBe(8);
    expect(() => qc.append(Gate.standard('cx'), [0])).toThrowError(CircuitError, /acts on 2 qubit/);
  });

  it('builds control flow with callbacks, conditions as Qiskit writes them', () => {
    const cr = new ClassicalRegister(2, 'c');
    const qc = new QuantumCircuit(new QuantumRegister(2, 'q'), cr);
    qc.h(0)
      .measure(0, 0)
      .ifTest(
        [cr.at(0), 1],
        (b) => b.x(1),
        (b) => b.h(1),
      )
      .ifTest([cr, 2], (b) => b.z(0))
      .whileLoop(expr.logicNot(cr.at(1)), (b) => b.h(1).measure(1, 1))
      .forLoop({ stop: 3 }, (b, i) => b.rx(i, 0))
      .switchCase(cr, [
        [[0, 1], (b) => b.x(0)],
        ['default', (b) => b.y(0)],
      ]);
    const c = qc.toCircuit();
    const [, , ifOne, ifTwo, loop, forLoop, sw] = c.instructions;
    expect(ifOne).toEqual({
      kind: 'if',
      condition: { kind: 'var', location: { kind: 'clbit', index: 0 }, type: { kind: 'bool' } },
      then: [{ kind: 'gate', name: 'x', qubits: [1], params: [] }],
      else: [{ kind: 'gate', name: 'h', qubits: [1], params: [] }],
    });
    expect((ifTwo as { condition: unknown }).condition).toEqual({
      kind: 'binary',
      op: 'eq',
      left: {
        kind: 'var',
        location: { kind: 'creg', name: 'c' },
        type: { kind: 'uint', width: 2 },
      },
      right: { kind: 'value', value: 2, type: { kind: 'uint', width: 2 } },
      type: { kind: 'bool' },
    });
    expect(loop!.kind).toBe('while');
    expect(forLoop).toEqual(
      jasmine.objectContaining({
        kind: 'for',
        parameter: '_loop_i',
        values: { kind: 'range', start: 0, stop: 3, step: 1 },
      }),
    );
    expect(qc.parameters).toEqual([]);
    expect((sw as unknown as { cases: unknown[] }).cases.length).toBe(2);
  });

  it('counts operations, size and depth as Qiskit does', () => {
    const qc = new QuantumCircuit(3).h(0).cx(0, 1).cx(1, 2).h(0).measureAll();
    expect([...qc.countOps()]).toEqual([
      ['measure', 3],
      ['h', 2],
      ['cx', 2],
      ['barrier', 1],
    ]);
    expect(qc.size()).toBe(7);
    // h, cx(0,1), cx(1,2), measure(2): the barrier does not count.
    expect(qc.depth()).toBe(4);
    expect(qc.depth(true)).toBe(2);
  });

  it('draws like Qiskit’s text drawer', () => {
    const bell = new QuantumCircuit(2).h(0).cx(0, 1).measureAll();
    expect(bell.draw()).toBe(
      [
        '        ┌───┐      ░ ┌─┐',
        '   q_0: ┤ H ├──■───░─┤M├────',
        '        └───┘┌─┴─┐ ░ └╥┘┌─┐',
        '   q_1: ─────┤ X ├─░──╫─┤M├─',
        '             └───┘ ░  ║ └╥┘',
        'meas: 2/══════════════╩══╩══',
        '                      0  1',
      ].join('\n'),
    );
    const sw = new QuantumCircuit(3).swap(0, 2).cz(1, 2).rzz(0.5, 0, 1);
    const text = sw.draw();
    expect(text).toContain('─X─');
    expect(text).toContain('Rzz(0.5)');
    expect(
      distanceUpToPhase(circuitUnitary(sw.toCircuit()), circuitUnitary(sw.copy().toCircuit())),
    ).toBe(0);
  });
});
