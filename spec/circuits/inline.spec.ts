// Inlining custom gates with modifiers, checked against the unitaries of the definitions
// (built independently by gateUnitary from the definition's matrix) and against the
// conventions of the OpenQASM 3 specification (openqasm/openqasm source/language/gates.rst:
// "inv @ ctrl @ U = ctrl @ inv @ U", "inv @ U(θ, ϕ, λ) is U(−θ, −λ, −ϕ)", "pow(k) @ U for an
// integer k is k repetitions of U, of inv @ U for k < 0") and Qiskit's (Qiskit/qiskit
// qiskit/circuit/library/standard_gates/*.py: `inverse()` and `power()` of each gate;
// qiskit/quantum_info/operators/operator.py: `Operator.power` takes the principal branch with
// a branch cut rotated by π·1e−12).
import fc from 'fast-check';
import { CircuitError } from '../../src/circuits/errors.js';
import {
  adjoint,
  controlled,
  distance,
  embed,
  identity,
  multiply,
  phase,
  scale,
  type ComplexMatrix,
} from '../../src/circuits/gates/matrix.js';
import { integerPower, unitaryPower } from '../../src/circuits/gates/power.js';
import { standardGate } from '../../src/circuits/gates/standard.js';
import { inlineGates, normaliseGate } from '../../src/circuits/inline.js';
import type {
  Angle,
  Circuit,
  GateDefinition,
  GateInstruction,
  Instruction,
} from '../../src/circuits/model.js';
import { substitute } from '../../src/circuits/qasm/expression.js';
import { gateUnitary } from '../../src/circuits/unitary.js';

const gate = (
  name: string,
  qubits: number[],
  params: Angle[] = [],
  mods: Partial<Pick<GateInstruction, 'controls' | 'ctrlState' | 'power'>> = {},
): GateInstruction => ({ kind: 'gate', name, qubits, params, ...mods });

function circuit(
  numQubits: number,
  instructions: Instruction[],
  gates: GateDefinition[] = [],
): Circuit {
  return {
    numQubits,
    numClbits: 0,
    qregs: [],
    cregs: [],
    parameters: [],
    globalPhase: 0,
    vars: [],
    gates,
    instructions,
  };
}

/** The unitary of a circuit of gates, from each gate's own unitary. */
function circuitUnitary(c: Circuit, bind: (a: Angle) => Angle = (a) => a): ComplexMatrix {
  const defs = new Map(c.gates.map((d) => [d.name, d]));
  let m = identity(2 ** c.numQubits);
  for (const ins of c.instructions) {
    if (ins.kind !== 'gate') throw new Error(`unexpected ${ins.kind}`);
    const g = { ...ins, params: ins.params.map(bind) };
    m = multiply(embed(gateUnitary(g, defs), g.qubits, c.numQubits), m);
  }
  const gp = bind(c.globalPhase);
  return scale(m, phase(gp as number));
}

const m = (name: string, ...params: number[]) => standardGate(name)!.matrix(params);

/** A two-qubit custom gate with a global phase and a parameter. */
const FANCY: GateDefinition = {
  name: 'fancy',
  numQubits: 2,
  params: ['a'],
  body: [
    gate('h', [0]),
    gate('rz', [1], [{ op: 'param', name: 'a' }]),
    gate('cx', [0, 1]),
    gate('s', [1]),
    gate(
      'u',
      [0],
      [0.3, { op: '*', left: { op: 'num', value: 2 }, right: { op: 'param', name: 'a' } }, 0.1],
    ),
    gate('sx', [1]),
  ],
  globalPhase: 0.4,
};

describe('matrix powers', () => {
  it('take the principal branch with the -1 eigenvalue on the positive side, as Qiskit', () => {
    expect(distance(unitaryPower(m('z'), 0.5), m('s'))).toBeLessThan(1e-12);
    expect(distance(unitaryPower(m('x'), 0.5), m('sx'))).toBeLessThan(1e-12);
    expect(distance(unitaryPower(m('s'), 0.5), m('t'))).toBeLessThan(1e-12);
    expect(distance(unitaryPower(m('swap'), 1), m('swap'))).toBe(0);
  });

  it('compose: U^a · U^b = U^(a+b) and (U^k)^-1 = U^-k for random unitaries', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -4, max: 4, noNaN: true }), { minLength: 6, maxLength: 6 }),
        fc.double({ min: -2, max: 2, noNaN: true }),
        ([a, b, c, d, e, f], k) => {
          const u = multiply(
            embed(m('u', a!, b!, c!), [0], 2),
            multiply(m('rxx', d!), embed(m('u', e!, f!, a!), [1], 2)),
          );
          const x = unitaryPower(u, k);
          expect(distance(multiply(x, unitaryPower(u, 1 - k)), u)).toBeLessThan(1e-9);
          expect(distance(unitaryPower(u, -k), adjoint(x))).toBeLessThan(1e-9);
        },
      ),
      { numRuns: 60, seed: 3 },
    );
  });

  it('integer powers are exact products', () => {
    const u = m('u', 0.3, 1.1, -0.4);
    expect(distance(integerPower(u, 3), multiply(u, multiply(u, u)))).toBeLessThan(1e-15);
    expect(distance(integerPower(u, -2), adjoint(multiply(u, u)))).toBeLessThan(1e-15);
  });
});

describe('normaliseGate', () => {
  const one = (g: GateInstruction) => {
    const out = normaliseGate(g);
    expect(out.length).toBe(1);
    return out[0]!;
  };

  it('folds controls active on |1> into the named controlled gate', () => {
    expect(one(gate('x', [0, 1], [], { controls: 1 }))).toEqual(gate('cx', [0, 1]));
    expect(one(gate('x', [0, 1, 2], [], { controls: 2 }))).toEqual(gate('ccx', [0, 1, 2]));
    expect(one(gate('cx', [0, 1, 2], [], { controls: 1 }))).toEqual(gate('ccx', [0, 1, 2]));
    expect(one(gate('u', [0, 1], [1, 2, 3], { controls: 1 }))).toEqual(
      gate('cu', [0, 1], [1, 2, 3, 0]),
    );
    expect(one(gate('p', [0, 1], [0.5], { controls: 1 }))).toEqual(gate('cp', [0, 1], [0.5]));
  });

  it('keeps negative controls as modifiers, unfolding a named controlled gate', () => {
    expect(one(gate('cx', [0, 1, 2], [], { controls: 1, ctrlState: 0 }))).toEqual(
      gate('x', [0, 1, 2], [], { controls: 2, ctrlState: 2 }),
    );
  });

  it('writes powers and inverses as Qiskit does', () => {
    expect(one(gate('s', [0], [], { power: -1 }))).toEqual(gate('sdg', [0]));
    expect(one(gate('z', [0], [], { power: 0.5 }))).toEqual(gate('p', [0], [Math.PI / 2]));
    expect(one(gate('rz', [0], [0.8], { power: 0.5 }))).toEqual(gate('rz', [0], [0.4]));
    expect(one(gate('u', [0], [1, 2, 3], { power: -1 }))).toEqual(gate('u', [0], [-1, -3, -2]));
    expect(one(gate('cx', [0, 1], [], { power: 3 }))).toEqual(
      gate('x', [0, 1], [], { controls: 1, ctrlState: 1, power: 3 }),
    );
    expect(normaliseGate(gate('h', [0], [], { power: 0 }))).toEqual([]);
  });

  it('turns a controlled global phase into a phase gate on the last control', () => {
    expect(one(gate('global_phase', [3], [0.7], { controls: 1 }))).toEqual(gate('p', [3], [0.7]));
    expect(one(gate('global_phase', [3, 4], [0.7], { controls: 2 }))).toEqual(
      gate('cp', [3, 4], [0.7]),
    );
  });

  it('keeps the unitary of every standard gate under random modifiers', () => {
    const names = [...['x', 'h', 'rz', 'u', 'cx', 'crz', 's', 'sx', 'cs', 'rzz', 'ecr', 'ccx']];
    fc.assert(
      fc.property(
        fc.constantFrom(...names),
        fc.integer({ min: 0, max: 2 }),
        fc.integer({ min: 0, max: 3 }),
        fc.constantFrom(1, -1, 2, -3, 0.5, -0.25, 1.5),
        fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 3, maxLength: 3 }),
        (name, controls, state, power, angles) => {
          const spec = standardGate(name)!;
          const n = spec.numQubits + controls;
          const g = gate(name, [...Array(n).keys()], angles.slice(0, spec.numParams), {
            controls,
            ctrlState: state % 2 ** controls,
            power,
          });
          const before = gateUnitary(g, new Map());
          const after = normaliseGate(g).map((x) => gateUnitary(x, new Map()));
          expect(distance(after[0]!, before)).toBeLessThan(1e-9);
        },
      ),
      { numRuns: 300, seed: 11 },
    );
  });
});

describe('inlineGates', () => {
  it('expands ctrl, negctrl, inv and integer powers of a custom gate into the same unitary', () => {
    const defs = new Map([[FANCY.name, FANCY]]);
    const cases: GateInstruction[] = [
      gate('fancy', [0, 1], [0.9]),
      gate('fancy', [2, 0, 1], [0.9], { controls: 1 }),
      gate('fancy', [2, 0, 1], [0.9], { controls: 1, ctrlState: 0 }),
      gate('fancy', [1, 2], [0.9], { power: -1 }),
      gate('fancy', [1, 0], [0.9], { power: 3 }),
      gate('fancy', [2, 1, 0], [-0.4], { controls: 1, power: -2 }),
    ];
    for (const g of cases) {
      const c = circuit(3, [g], [FANCY]);
      const inlined = inlineGates(c);
      expect(inlined.gates).toEqual([]);
      for (const ins of inlined.instructions) {
        expect(ins.kind === 'gate' && standardGate(ins.name) !== undefined).toBeTrue();
      }
      expect(distance(circuitUnitary(inlined), circuitUnitary(c)))
        .withContext(JSON.stringify(g))
        .toBeLessThan(1e-9);
      // And against the definition's matrix under the modifiers, built by hand.
      const base = gateUnitary(gate('fancy', [0, 1], [g.params[0]!]), defs);
      let u = integerPower(base, g.power ?? 1);
      if (g.controls) u = controlled(u, g.controls, g.ctrlState ?? 1);
      expect(distance(embed(u, g.qubits, 3), circuitUnitary(c))).toBeLessThan(1e-9);
    }
  });

  it('puts the global phase of a controlled definition on the control', () => {
    const phased: GateDefinition = {
      name: 'phased',
      numQubits: 1,
      params: [],
      body: [gate('x', [0])],
      globalPhase: Math.PI / 2,
    };
    const c = circuit(2, [gate('phased', [0, 1], [], { controls: 1 })], [phased]);
    const out = inlineGates(c).instructions;
    expect(out).toEqual([gate('cx', [0, 1]), gate('p', [0], [Math.PI / 2])]);
    expect(
      distance(circuitUnitary(inlineGates(c)), controlled(scale(m('x'), [0, 1]), 1)),
    ).toBeLessThan(1e-12);
  });

  it("reads Qiskit's own definition of cx without an include (ctrl @ U(pi, 0, pi))", () => {
    // qiskit/qasm3/exporter.py writes gates outside stdgates.inc as definitions.
    const cx: GateDefinition = {
      name: 'cx',
      numQubits: 2,
      params: [],
      body: [gate('u', [0, 1], [Math.PI, 0, Math.PI], { controls: 1 })],
    };
    const c = circuit(2, [gate('cx', [1, 0])], [cx]);
    const out = inlineGates(c);
    expect(out.instructions).toEqual([gate('cu', [1, 0], [Math.PI, 0, Math.PI, 0])]);
    expect(distance(circuitUnitary(out), embed(m('cx'), [1, 0], 2))).toBeLessThan(1e-15);
  });

  it('keeps a non-integer power of a custom gate with its inlined definition', () => {
    const outer: GateDefinition = {
      name: 'outer',
      numQubits: 2,
      params: ['b'],
      body: [gate('fancy', [1, 0], [{ op: 'param', name: 'b' }])],
    };
    const g = gate('outer', [0, 2, 1], [0.25], { controls: 1, power: 0.5 });
    const c = circuit(3, [g], [FANCY, outer]);
    const out = inlineGates(c);
    expect(out.instructions).toEqual([g]);
    expect(out.gates.map((d) => d.name)).toEqual(['outer']);
    expect(out.gates[0]!.body.every((b) => standardGate(b.name) !== undefined)).toBeTrue();
    const u = circuitUnitary(out);
    expect(
      distance(multiply(u, u), circuitUnitary(circuit(3, [{ ...g, power: 1 }], [...c.gates]))),
    ).toBeLessThan(1e-9);
  });

  it('substitutes arguments that are expressions over circuit parameters', () => {
    const c: Circuit = {
      ...circuit(
        2,
        [
          gate(
            'fancy',
            [0, 1],
            [{ op: '+', left: { op: 'param', name: 'x' }, right: { op: 'num', value: 1 } }],
            { power: -1 },
          ),
        ],
        [FANCY],
      ),
      parameters: ['x'],
    };
    const out = inlineGates(c);
    const bind = (a: Angle) => substitute(a, (n) => (n === 'x' ? 0.3 : undefined));
    expect(
      distance(
        circuitUnitary(out, bind),
        adjoint(circuitUnitary(circuit(2, [gate('fancy', [0, 1], [1.3])], [FANCY]))),
      ),
    ).toBeLessThan(1e-9);
  });

  it('folds top-level phases into the global phase and inlines inside control flow', () => {
    const phased: GateDefinition = {
      name: 'ph',
      numQubits: 1,
      params: [],
      body: [gate('z', [0])],
      globalPhase: 0.5,
    };
    const c: Circuit = {
      ...circuit(
        1,
        [
          gate('ph', [0]),
          {
            kind: 'if',
            condition: { kind: 'value', value: true, type: { kind: 'bool' } },
            then: [gate('ph', [0])],
            else: null,
          },
        ],
        [phased],
      ),
      globalPhase: 0.25,
    };
    const out = inlineGates(c);
    expect(out.globalPhase).toBe(0.75);
    expect(out.instructions[0]).toEqual(gate('z', [0]));
    expect((out.instructions[1] as unknown as { then: Instruction[] }).then).toEqual([
      gate('z', [0]),
      gate('global_phase', [], [0.5]),
    ]);
  });

  it('refuses unknown gates, wrong arity, recursion and runaway expansion', () => {
    const loop: GateDefinition = {
      name: 'loop',
      numQubits: 1,
      params: [],
      body: [gate('loop', [0])],
    };
    const big: GateDefinition = {
      name: 'big',
      numQubits: 1,
      params: [],
      body: [gate('x', [0], [], { power: 1 }), gate('x', [0])],
    };
    const cases: [Circuit, RegExp][] = [
      [circuit(1, [gate('nope', [0])]), /unknown gate 'nope'/],
      [circuit(2, [gate('cx', [0])]), /acts on 2 qubit/],
      [circuit(1, [gate('rz', [0])]), /takes 1 angle/],
      [circuit(2, [gate('cx', [1, 1])]), /same qubit twice/],
      [circuit(1, [gate('loop', [0])], [loop]), /in terms of itself \(loop → loop\)/],
      [circuit(1, [gate('big', [0], [], { power: 1000 })], [big]), /more than 100 instructions/],
    ];
    for (const [c, message] of cases) {
      let error: unknown;
      try {
        inlineGates(c, { maxInstructions: 100 });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(CircuitError);
      expect((error as Error).message).toMatch(message);
    }
  });
});
