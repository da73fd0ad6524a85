/**
 * Eliding swaps (Qiskit's `ElidePermutations`): a `swap` at the top level of a circuit is
 * dropped and every later instruction relabelled to the qubit the state moved to, so the swap
 * costs nothing; the permutation is kept so the layout still says where each qubit ends.
 *
 * @module
 */
import { mapBlocks } from '../blocks.js';
import type { Block, Instruction } from '../model.js';

/** The block without its top-level swaps, and where each qubit's state ends (`wire[q]`). */
export function elideSwaps(
  block: Block,
  numQubits: number,
): { block: Instruction[]; wire: number[] } {
  const wire = Array.from({ length: numQubits }, (_, q) => q);
  const relabel = (b: Block): Instruction[] =>
    b.map((ins): Instruction => {
      switch (ins.kind) {
        case 'gate':
        case 'barrier':
        case 'delay':
          return { ...ins, qubits: ins.qubits.map((q) => wire[q]!) };
        case 'measure':
        case 'reset':
          return { ...ins, qubit: wire[ins.qubit]! };
        default:
          return mapBlocks(ins, relabel);
      }
    });
  const out: Instruction[] = [];
  for (const ins of block) {
    if (
      ins.kind === 'gate' &&
      ins.name === 'swap' &&
      (ins.controls ?? 0) === 0 &&
      (ins.power ?? 1) === 1
    ) {
      const [a, b] = ins.qubits as [number, number];
      [wire[a], wire[b]] = [wire[b]!, wire[a]!];
      continue;
    }
    out.push(...relabel([ins]));
  }
  return { block: out, wire };
}
