// Unrolling keeps the unitary exactly (global phase included): every standard gate with any
// combination of OpenQASM 3 modifiers (`ctrl @`, `negctrl @`, `inv @`, `pow(k) @`, as the
// OpenQASM spec defines them and Qiskit's `Gate.control`/`inverse`/`power` implement them), and
// custom gates (inlined first by inlineGates, the powers it keeps resynthesised), become gates
// of at most two qubits.
import fc from 'fast-check';
import { circuitUnitary } from '../../../src/circuits/circuit-unitary.js';
import { distance } from '../../../src/circuits/gates/matrix.js';
import { STANDARD_GATES } from '../../../src/circuits/gates/standard.js';
import { inlineGates } from '../../../src/circuits/inline.js';
import type { Circuit, GateDefinition, GateInstruction } from '../../../src/circuits/model.js';
import { Unroller } from '../../../src/circuits/transpiler/unroll.js';

const gates = [...STANDARD_GATES.values()].filter((g) => g.numQubits <= 3);

const modified = fc
  .record({
    gate: fc.constantFrom(...gates),
    angles: fc.array(fc.double({ min: -4, max: 4, noNaN: true }), { minLength: 4, maxLength: 4 }),
    controls: fc.integer({ min: 0, max: 2 }),
    ctrlState: fc.nat(3),
    power: fc.constantFrom(1, 1, -1, 2, -2, 0.5, -0.25),
  })
  .filter(({ gate, controls, power }) => {
    // Non-integer powers of gates of three qubits have no two-qubit resynthesis.
    if (!Number.isInteger(power) && gate.numQubits > 2) return false;
    return gate.numQubits + controls <= 4 && gate.numQubits + controls >= 1;
  });

function check(ins: GateInstruction, definitions: GateDefinition[] = []): void {
  const n = Math.max(...ins.qubits) + 1;
  const circuit: Circuit = {
    numQubits: n,
    numClbits: 0,
    qregs: [],
    cregs: [],
    parameters: [],
    globalPhase: 0,
    vars: [],
    gates: definitions,
    instructions: [ins],
  };
  const inlined = inlineGates(circuit);
  const unrolled = new Unroller(inlined.gates).unrollBlock(inlined.instructions);
  for (const g of unrolled.block) {
    if (g.kind !== 'gate') throw new Error(`unexpected ${g.kind}`);
    expect(g.qubits.length).toBeLessThanOrEqual(2);
    expect(g.controls ?? 0).toBe(0);
    expect(g.power ?? 1).toBe(1);
  }
  const want = circuitUnitary(circuit);
  const got = circuitUnitary({
    numQubits: n,
    instructions: unrolled.block,
    globalPhase: { op: '+', left: asExpr(inlined.globalPhase), right: asExpr(unrolled.phase) },
  });
  const err = distance(got, want);
  if (err > 1e-8) throw new Error(`${JSON.stringify(ins)}: off by ${err}`);
}

const asExpr = (a: Circuit['globalPhase']) =>
  typeof a === 'number' ? { op: 'num' as const, value: a } : a;

describe('Unroller', () => {
  it('keeps the unitary of standard gates under any modifiers', () => {
    fc.assert(
      fc.property(modified, ({ gate, angles, controls, ctrlState, power }) => {
        const qubits = Array.from({ length: controls + gate.numQubits }, (_, i) => i);
        const ins: GateInstruction = {
          kind: 'gate',
          name: gate.name,
          qubits,
          params: angles.slice(0, gate.numParams),
          ...(controls > 0 ? { controls, ctrlState: ctrlState & ((1 << controls) - 1) } : {}),
          ...(power !== 1 ? { power } : {}),
        };
        check(ins);
      }),
      { numRuns: 300 },
    );
  });

  it('expands custom gates, also inverted, powered and controlled, with their phase', () => {
    const definitions: GateDefinition[] = [
      {
        name: 'bell',
        numQubits: 2,
        params: ['t'],
        body: [
          { kind: 'gate', name: 'h', qubits: [0], params: [] },
          { kind: 'gate', name: 'cx', qubits: [0, 1], params: [] },
          { kind: 'gate', name: 'rz', qubits: [1], params: [{ op: 'param', name: 't' }] },
        ],
        globalPhase: {
          op: '*',
          left: { op: 'num', value: 0.5 },
          right: { op: 'param', name: 't' },
        },
      },
      {
        name: 'wrap',
        numQubits: 3,
        params: [],
        body: [
          { kind: 'gate', name: 'bell', qubits: [2, 0], params: [0.7] },
          { kind: 'gate', name: 'x', qubits: [1, 2], params: [], controls: 1, ctrlState: 0 },
        ],
      },
    ];
    check({ kind: 'gate', name: 'bell', qubits: [1, 0], params: [0.3] }, definitions);
    check(
      { kind: 'gate', name: 'bell', qubits: [2, 0, 1], params: [1.1], controls: 1 },
      definitions,
    );
    check({ kind: 'gate', name: 'bell', qubits: [0, 1], params: [1.1], power: -2 }, definitions);
    check({ kind: 'gate', name: 'bell', qubits: [0, 1], params: [1.1], power: 0.5 }, definitions);
    check(
      {
        kind: 'gate',
        name: 'wrap',
        qubits: [3, 1, 0, 2],
        params: [],
        controls: 1,
        ctrlState: 0,
        power: -1,
      },
      definitions,
    );
  });

  it('writes a controlled single-qubit gate without a named form as one cu', () => {
    const u = new Unroller([]).unrollGate({
      kind: 'gate',
      name: 'sxdg',
      qubits: [0, 1],
      params: [],
      controls: 1,
    });
    expect(u.gates.map((g) => g.name)).toEqual(['cu']);
  });
});
