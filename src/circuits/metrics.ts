/**
 * Circuit metrics as Qiskit computes them: the number of operations by name (`count_ops`),
 * the size, and the depth (the longest path of instructions through shared qubits and bits,
 * barriers not counted), optionally of the two-qubit gates only.
 *
 * @module
 */
import { blocksOf } from './blocks.js';
import type { Block, Circuit, Instruction } from './model.js';

const CONTROL_FLOW_NAMES: Readonly<Record<string, string>> = {
  if: 'if_else',
  while: 'while_loop',
  for: 'for_loop',
  switch: 'switch_case',
  box: 'box',
};

/** An instruction's name as Qiskit's `count_ops` lists it. */
export function instructionName(ins: Instruction): string {
  return ins.kind === 'gate' ? ins.name : (CONTROL_FLOW_NAMES[ins.kind] ?? ins.kind);
}

/** Operations by name, most frequent first, nested blocks included (Qiskit's `count_ops`). */
export function countOps(circuit: Pick<Circuit, 'instructions'>): Map<string, number> {
  const counts = new Map<string, number>();
  const walk = (b: Block) => {
    for (const ins of b) {
      const name = instructionName(ins);
      counts.set(name, (counts.get(name) ?? 0) + 1);
      for (const inner of blocksOf(ins)) walk(inner);
    }
  };
  walk(circuit.instructions);
  return new Map([...counts].sort((a, b) => b[1] - a[1]));
}

/**
 * The depth: the length of the longest chain of instructions that share a qubit or a bit
 * (barriers excluded, a control-flow instruction counting as one). With `twoQubitOnly`, only
 * gates on two or more qubits count.
 */
export function circuitDepth(
  circuit: Pick<Circuit, 'instructions' | 'numQubits' | 'numClbits'>,
  twoQubitOnly = false,
): number {
  const level = new Int32Array(circuit.numQubits + circuit.numClbits);
  let depth = 0;
  for (const ins of circuit.instructions) {
    if (ins.kind === 'barrier') continue;
    const wires = wiresOf(ins, circuit.numQubits, circuit.numClbits);
    if (wires.length === 0) continue;
    let d = 0;
    for (const w of wires) d = Math.max(d, level[w]!);
    const counts = !twoQubitOnly || (ins.kind === 'gate' && ins.qubits.length >= 2);
    if (counts) d++;
    for (const w of wires) level[w] = d;
    depth = Math.max(depth, d);
  }
  return depth;
}

function wiresOf(ins: Instruction, numQubits: number, numClbits: number): number[] {
  switch (ins.kind) {
    case 'gate':
    case 'delay':
      return [...ins.qubits];
    case 'measure':
      return ins.clbit === null ? [ins.qubit] : [ins.qubit, numQubits + ins.clbit];
    case 'reset':
      return [ins.qubit];
    default: {
      const qubits = new Set<number>();
      const walk = (b: Block) => {
        for (const inner of b) {
          for (const w of wiresOf(inner, numQubits, numClbits)) if (w < numQubits) qubits.add(w);
          for (const x of blocksOf(inner)) walk(x);
        }
      };
      for (const b of blocksOf(ins)) walk(b);
      return [...qubits, ...Array.from({ length: numClbits }, (_, c) => numQubits + c)];
    }
  }
}
