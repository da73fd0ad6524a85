/**
 * The circuits of the simulator benchmark: OpenQASM 3 text for the programs run on both this
 * simulator and the QDK (the H-and-CX chain, GHZ states, a random 12-qubit circuit), and the
 * dynamic circuits with their static twins (the same circuit with the feed-forward removed),
 * built in the circuit model.
 */
import type {
  Circuit,
  ClassicalExpr,
  GateInstruction,
  Instruction,
} from '../../src/circuits/model.js';
import { Rng } from '../../src/local/simulator/rng.js';

const HEADER = ['OPENQASM 3.0;', 'include "stdgates.inc";'];

/** H on every qubit, then cx q[i], q[i+1] for each i, measure all. */
export function chainQasm(n: number): string {
  const lines = [...HEADER, `qubit[${n}] q;`, `bit[${n}] c;`, 'h q;'];
  for (let q = 0; q + 1 < n; q++) lines.push(`cx q[${q}], q[${q + 1}];`);
  lines.push('c = measure q;');
  return lines.join('\n');
}

/** A GHZ state on n qubits (h, then a CX chain), measured. */
export function ghzQasm(n: number): string {
  const lines = [...HEADER, `qubit[${n}] q;`, `bit[${n}] c;`, 'h q[0];'];
  for (let q = 0; q + 1 < n; q++) lines.push(`cx q[${q}], q[${q + 1}];`);
  lines.push('c = measure q;');
  return lines.join('\n');
}

/**
 * A random circuit: `depth` layers, each a random rotation (rz then ry) on every qubit and
 * CXs on a brick pattern of neighbouring pairs, measured. Angles have 12 digits.
 */
export function randomQasm(n: number, depth: number, seed: number): string {
  const rng = new Rng(seed);
  const angle = () => (rng.next() * 2 * Math.PI).toFixed(12);
  const lines = [...HEADER, `qubit[${n}] q;`, `bit[${n}] c;`];
  for (let layer = 0; layer < depth; layer++) {
    for (let q = 0; q < n; q++) lines.push(`rz(${angle()}) q[${q}];`, `ry(${angle()}) q[${q}];`);
    for (let q = layer % 2; q + 1 < n; q += 2) lines.push(`cx q[${q}], q[${q + 1}];`);
  }
  lines.push('c = measure q;');
  return lines.join('\n');
}

// ---- dynamic circuits, in the model -------------------------------------------------------

const gate = (name: string, qubits: number[], params: number[] = []): GateInstruction => ({
  kind: 'gate',
  name,
  qubits,
  params,
});
const measure = (qubit: number, clbit: number): Instruction => ({ kind: 'measure', qubit, clbit });
const bit = (index: number): ClassicalExpr => ({
  kind: 'var',
  location: { kind: 'clbit', index },
  type: { kind: 'bool' },
});
const not = (e: ClassicalExpr): ClassicalExpr => ({
  kind: 'unary',
  op: 'not',
  operand: e,
  type: { kind: 'bool' },
});
const and = (a: ClassicalExpr, b: ClassicalExpr): ClassicalExpr => ({
  kind: 'binary',
  op: 'and',
  left: a,
  right: b,
  type: { kind: 'bool' },
});
const when = (condition: ClassicalExpr, then: Instruction[]): Instruction => ({
  kind: 'if',
  condition,
  then,
  else: null,
});

function model(
  numQubits: number,
  cregs: [string, number[]][],
  instructions: Instruction[],
): Circuit {
  return {
    numQubits,
    numClbits: cregs.reduce((n, [, bits]) => n + bits.length, 0),
    qregs: [{ name: 'q', bits: [...Array(numQubits).keys()] }],
    cregs: cregs.map(([name, bits]) => ({ name, bits })),
    parameters: [],
    globalPhase: 0,
    vars: [],
    gates: [],
    instructions,
  };
}

/** A dynamic circuit and its static twin (the feed-forward removed). */
export interface DynamicPair {
  readonly dynamic: Circuit;
  readonly static: Circuit;
}

function pair(build: (feedForward: boolean) => Circuit): DynamicPair {
  return { dynamic: build(true), static: build(false) };
}

/**
 * A chain of `hops` teleportations over fresh qubits (2·hops + 1 of them): the state
 * u(0.3, 0.2, 0.1)|0⟩ moves from qubit 0 to qubit 2·hops, corrected by x and z conditioned on
 * the two measured bits of each hop.
 */
export function teleportChain(hops: number): DynamicPair {
  return pair((feedForward) => {
    const n = 2 * hops + 1;
    const ins: Instruction[] = [gate('u', [0], [0.3, 0.2, 0.1])];
    for (let h = 0; h < hops; h++) {
      const [a, b, t] = [2 * h, 2 * h + 1, 2 * h + 2];
      ins.push(gate('h', [b]), gate('cx', [b, t]), gate('cx', [a, b]), gate('h', [a]));
      ins.push(measure(a, 2 * h), measure(b, 2 * h + 1));
      if (feedForward) {
        ins.push(when(bit(2 * h + 1), [gate('x', [t])]), when(bit(2 * h), [gate('z', [t])]));
      }
    }
    ins.push(measure(n - 1, 2 * hops));
    return model(
      n,
      [
        ['m', [...Array(2 * hops).keys()]],
        ['out', [2 * hops]],
      ],
      ins,
    );
  });
}

/**
 * `hops` teleportations back and forth over three qubits, reusing the measured qubits after a
 * reset (as hardware with mid-circuit measurement does).
 */
export function teleportReuse(hops: number): DynamicPair {
  return pair((feedForward) => {
    const ins: Instruction[] = [gate('u', [0], [0.3, 0.2, 0.1])];
    const b = 1;
    let [a, t] = [0, 2];
    for (let h = 0; h < hops; h++) {
      ins.push(gate('h', [b]), gate('cx', [b, t]), gate('cx', [a, b]), gate('h', [a]));
      ins.push(measure(a, 2 * h), measure(b, 2 * h + 1));
      if (feedForward) {
        ins.push(when(bit(2 * h + 1), [gate('x', [t])]), when(bit(2 * h), [gate('z', [t])]));
      }
      ins.push({ kind: 'reset', qubit: a }, { kind: 'reset', qubit: b });
      [a, t] = [t, a];
    }
    ins.push(measure(a, 2 * hops));
    return model(
      3,
      [
        ['m', [...Array(2 * hops).keys()]],
        ['out', [2 * hops]],
      ],
      ins,
    );
  });
}

/**
 * The three-qubit bit-flip code under repeated syndrome measurement: data qubits 0–2 hold
 * (|000⟩ + |111⟩)/√2, each round a small x-rotation error hits one data qubit, two ancillas
 * (3, 4) measure the parities, are reset, and the syndrome selects an x correction.
 */
export function repeatedSyndrome(rounds: number): DynamicPair {
  return pair((feedForward) => {
    const ins: Instruction[] = [gate('h', [0]), gate('cx', [0, 1]), gate('cx', [0, 2])];
    for (let r = 0; r < rounds; r++) {
      ins.push(gate('rx', [r % 3], [0.3]));
      ins.push(gate('cx', [0, 3]), gate('cx', [1, 3]), gate('cx', [1, 4]), gate('cx', [2, 4]));
      const [s0, s1] = [2 * r, 2 * r + 1];
      ins.push(measure(3, s0), measure(4, s1));
      ins.push({ kind: 'reset', qubit: 3 }, { kind: 'reset', qubit: 4 });
      if (feedForward) {
        ins.push(when(and(bit(s0), not(bit(s1))), [gate('x', [0])]));
        ins.push(when(and(bit(s0), bit(s1)), [gate('x', [1])]));
        ins.push(when(and(not(bit(s0)), bit(s1)), [gate('x', [2])]));
      }
    }
    ins.push(measure(0, 2 * rounds), measure(1, 2 * rounds + 1), measure(2, 2 * rounds + 2));
    return model(
      5,
      [
        ['syndrome', [...Array(2 * rounds).keys()]],
        ['data', [2 * rounds, 2 * rounds + 1, 2 * rounds + 2]],
      ],
      ins,
    );
  });
}
