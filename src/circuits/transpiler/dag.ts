/**
 * The dependency graph routing walks: one node per instruction of a block, ordered along each
 * qubit and each classical bit it touches (a control-flow instruction or a `store` touches every
 * classical bit and variable, a measurement its own bit), with a flag on the nodes that need
 * their two qubits adjacent.
 *
 * @module
 */
import { blocksOf } from '../blocks.js';
import type { Block, Instruction } from '../model.js';

/** A dependency graph over the instructions of one block. */
export interface RoutingDag {
  readonly nodes: readonly Instruction[];
  /** The virtual qubits each node acts on (a control-flow node: every qubit its blocks use). */
  readonly qubits: readonly (readonly number[])[];
  /** 1 for two-qubit gates, which need adjacent physical qubits. */
  readonly twoQubit: Uint8Array;
  readonly successors: readonly (readonly number[])[];
  readonly predecessors: Int32Array;
}

/** The qubits an instruction and its nested blocks act on, in first-use order. */
export function qubitsTouched(ins: Instruction): number[] {
  switch (ins.kind) {
    case 'gate':
    case 'barrier':
    case 'delay':
      return [...ins.qubits];
    case 'measure':
    case 'reset':
      return [ins.qubit];
    default: {
      const seen = new Set<number>();
      for (const block of blocksOf(ins)) {
        for (const inner of block) for (const q of qubitsTouched(inner)) seen.add(q);
      }
      return [...seen];
    }
  }
}

/** The classical wires of an instruction: bit `i` is wire `i`, `ALL` stands for every wire. */
function classicalWires(ins: Instruction): readonly number[] | 'all' {
  switch (ins.kind) {
    case 'measure':
      return ins.clbit === null ? [] : [ins.clbit];
    case 'gate':
    case 'barrier':
    case 'delay':
    case 'reset':
      return [];
    default:
      return 'all';
  }
}

/** Build the dependency graph of `block` over `numQubits` qubits and `numClbits` bits. */
export function routingDag(block: Block, numQubits: number, numClbits: number): RoutingDag {
  const n = block.length;
  const qubits: number[][] = new Array(n);
  const twoQubit = new Uint8Array(n);
  const successors: number[][] = Array.from({ length: n }, () => []);
  const predecessors = new Int32Array(n);
  // The last node on each wire: qubits, then bits, then one wire for variables.
  const wires = numQubits + numClbits + 1;
  const last = new Int32Array(wires).fill(-1);
  const link = (from: number, to: number) => {
    if (from < 0) return;
    const list = successors[from]!;
    if (list[list.length - 1] === to) return;
    if (list.includes(to)) return;
    list.push(to);
    predecessors[to]!++;
  };
  for (let i = 0; i < n; i++) {
    const ins = block[i]!;
    const qs = qubitsTouched(ins);
    qubits[i] = qs;
    if (ins.kind === 'gate' && qs.length === 2) twoQubit[i] = 1;
    const touched: number[] = [...qs];
    const classical = classicalWires(ins);
    if (classical === 'all') {
      for (let c = 0; c < numClbits + 1; c++) touched.push(numQubits + c);
    } else {
      for (const c of classical) touched.push(numQubits + c);
    }
    for (const w of touched) {
      link(last[w]!, i);
      last[w] = i;
    }
  }
  return { nodes: block, qubits, twoQubit, successors, predecessors };
}

/**
 * The two-qubit interactions of a block in program order, nested blocks flattened in place
 * (what layout selection scores against).
 */
export function interactions(block: Block): [number, number][] {
  const out: [number, number][] = [];
  const walk = (b: Block) => {
    for (const ins of b) {
      if (ins.kind === 'gate') {
        if (ins.qubits.length === 2) out.push([ins.qubits[0]!, ins.qubits[1]!]);
      } else {
        for (const inner of blocksOf(ins)) walk(inner);
      }
    }
  };
  walk(block);
  return out;
}

/** A dependency graph of two-qubit interactions only (for layout's forward and backward passes). */
export function interactionDag(
  pairs: readonly (readonly [number, number])[],
  numQubits: number,
): RoutingDag {
  const nodes: Instruction[] = pairs.map(([a, b]) => ({
    kind: 'gate',
    name: 'cx',
    qubits: [a, b],
    params: [],
  }));
  return routingDag(nodes, numQubits, 0);
}
