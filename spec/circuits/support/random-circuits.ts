// Random circuits for property specs: static circuits over the standard gates (symbolic angles
// included), and dynamic ones with mid-circuit measurement, if/else, for, switch and while.
import fc from 'fast-check';
import { STANDARD_GATES } from '../../../src/circuits/gates/standard.js';
import type { Angle, Circuit, ClassicalExpr, Instruction } from '../../../src/circuits/model.js';

export interface RandomCircuitOptions {
  readonly numQubits: number;
  readonly numClbits?: number;
  readonly length: number;
  /** Gate names to draw from (default: every standard gate of one to three qubits). */
  readonly gates?: readonly string[];
  /** Parameter names angles may use. */
  readonly parameters?: readonly string[];
  /** Add control flow (if/else, for, switch; while when `whileLoops`). */
  readonly dynamic?: boolean;
  readonly whileLoops?: boolean;
  /** Add modifiers (ctrl, negctrl, inv, pow) to some gates. */
  readonly modifiers?: boolean;
  /** Measure every qubit at the end into its own bit. */
  readonly measureAll?: boolean;
}

const defaultGates = [...STANDARD_GATES.values()]
  .filter((g) => g.numQubits >= 1 && g.numQubits <= 3)
  .map((g) => g.name);

const angle = (parameters: readonly string[]): fc.Arbitrary<Angle> =>
  parameters.length === 0
    ? fc.double({ min: -4, max: 4, noNaN: true })
    : fc.oneof(
        { weight: 3, arbitrary: fc.double({ min: -4, max: 4, noNaN: true }) },
        {
          weight: 1,
          arbitrary: fc
            .tuple(fc.constantFrom(...parameters), fc.double({ min: -3, max: 3, noNaN: true }))
            .map(([name, k]): Angle => ({
              op: '+',
              left: { op: '*', left: { op: 'num', value: k }, right: { op: 'param', name } },
              right: { op: 'num', value: 0.25 },
            })),
        },
      );

function gateArb(o: RandomCircuitOptions): fc.Arbitrary<Instruction> {
  const names = (o.gates ?? defaultGates).filter(
    (n) => STANDARD_GATES.get(n)!.numQubits <= o.numQubits,
  );
  return fc
    .record({
      name: fc.constantFrom(...names),
      qubits: fc.shuffledSubarray([...Array(o.numQubits).keys()], {
        minLength: o.numQubits,
        maxLength: o.numQubits,
      }),
      params: fc.array(angle(o.parameters ?? []), { minLength: 4, maxLength: 4 }),
      controls: o.modifiers ? fc.constantFrom(0, 0, 0, 1, 2) : fc.constant(0),
      ctrlState: fc.nat(3),
      power: o.modifiers ? fc.constantFrom(1, 1, 1, -1, 2) : fc.constant(1),
    })
    .map(({ name, qubits, params, controls, ctrlState, power }): Instruction => {
      const g = STANDARD_GATES.get(name)!;
      const c = Math.min(controls, o.numQubits - g.numQubits);
      return {
        kind: 'gate',
        name,
        qubits: qubits.slice(0, g.numQubits + c),
        params: params.slice(0, g.numParams),
        ...(c > 0 ? { controls: c, ctrlState: ctrlState & ((1 << c) - 1) } : {}),
        ...(power !== 1 ? { power } : {}),
      };
    });
}

const bit = (index: number): ClassicalExpr => ({
  kind: 'var',
  location: { kind: 'clbit', index },
  type: { kind: 'bool' },
});

function dynamicArb(
  o: RandomCircuitOptions,
  numClbits: number,
  depth: number,
): fc.Arbitrary<Instruction> {
  const inner = fc.array(
    depth > 1 ? gateArb(o) : fc.oneof(gateArb(o), dynamicArb(o, numClbits, depth + 1)),
    { minLength: 1, maxLength: 3 },
  );
  const condition: fc.Arbitrary<ClassicalExpr> = fc.oneof(
    fc.nat(numClbits - 1).map(bit),
    fc.nat(numClbits - 1).map((i): ClassicalExpr => ({
      kind: 'unary',
      op: 'not',
      operand: bit(i),
      type: { kind: 'bool' },
    })),
  );
  const measure = fc
    .record({ q: fc.nat(o.numQubits - 1), c: fc.nat(numClbits - 1) })
    .map(({ q, c }): Instruction => ({ kind: 'measure', qubit: q, clbit: c }));
  const options: fc.Arbitrary<Instruction>[] = [
    measure,
    fc.nat(o.numQubits - 1).map((q): Instruction => ({ kind: 'reset', qubit: q })),
    fc
      .record({ condition, then: inner, other: fc.option(inner, { nil: null }) })
      .map(({ condition, then, other }): Instruction => ({
        kind: 'if',
        condition,
        then,
        else: other,
      })),
    fc
      .record({ n: fc.integer({ min: 1, max: 3 }), body: inner })
      .map(({ n, body }): Instruction => ({
        kind: 'for',
        parameter: null,
        values: { kind: 'range', start: 0, stop: n, step: 1 },
        body,
      })),
    fc.record({ a: inner, b: inner }).map(({ a, b }): Instruction => ({
      kind: 'switch',
      target: {
        kind: 'var',
        location: { kind: 'creg', name: 'c' },
        type: { kind: 'uint', width: numClbits },
      },
      cases: [
        { values: [1], body: a },
        { values: ['default'], body: b },
      ],
    })),
  ];
  if (o.whileLoops) {
    options.push(
      fc
        .record({ q: fc.nat(o.numQubits - 1), c: fc.nat(numClbits - 1), body: inner })
        .map(({ q, c, body }): Instruction => ({
          kind: 'while',
          condition: bit(c),
          body: [
            ...body,
            { kind: 'gate', name: 'h', qubits: [q], params: [] },
            { kind: 'measure', qubit: q, clbit: c },
          ],
        })),
    );
  }
  return fc.oneof(...options);
}

/** A random circuit model. */
export function randomCircuit(o: RandomCircuitOptions): fc.Arbitrary<Circuit> {
  const numClbits = o.numClbits ?? (o.dynamic || o.measureAll ? o.numQubits : 0);
  const step = o.dynamic
    ? fc.oneof(
        { weight: 3, arbitrary: gateArb(o) },
        { weight: 1, arbitrary: dynamicArb(o, numClbits, 0) },
      )
    : gateArb(o);
  return fc.array(step, { minLength: 1, maxLength: o.length }).map((instructions): Circuit => {
    const all = [...instructions];
    if (o.measureAll)
      for (let q = 0; q < o.numQubits; q++) all.push({ kind: 'measure', qubit: q, clbit: q });
    const used = new Set<string>();
    const walk = (b: readonly Instruction[]) => {
      for (const ins of b) {
        if (ins.kind === 'gate') for (const p of ins.params) collect(p, used);
        if (ins.kind === 'if') {
          walk(ins.then);
          if (ins.else) walk(ins.else);
        }
        if (ins.kind === 'for' || ins.kind === 'while') walk(ins.body);
        if (ins.kind === 'switch') ins.cases.forEach((c) => walk(c.body));
      }
    };
    walk(all);
    return {
      numQubits: o.numQubits,
      numClbits,
      qregs: [{ name: 'q', bits: [...Array(o.numQubits).keys()] }],
      cregs: numClbits > 0 ? [{ name: 'c', bits: [...Array(numClbits).keys()] }] : [],
      parameters: [...used].sort(),
      globalPhase: 0,
      vars: [],
      gates: [],
      instructions: all,
    };
  });
}

function collect(a: Angle, into: Set<string>): void {
  if (typeof a === 'number') return;
  if (a.op === 'param') into.add(a.name);
  else if ('arg' in a) collect(a.arg, into);
  else if ('left' in a) {
    collect(a.left, into);
    collect(a.right, into);
  }
}
