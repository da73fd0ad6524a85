/**
 * Post-routing re-layout (Qiskit's `VF2PostLayout`): once a circuit is routed, its two-qubit
 * gates sit on a known set of coupled pairs; any other placement of those physical qubits that
 * keeps every pair coupled runs the same circuit, so with the backend's error rates the one of
 * least expected error is chosen and the routed circuit relabelled onto it.
 *
 * @module
 */
import { mapBlocks } from '../blocks.js';
import type { Block, Instruction } from '../model.js';
import type { Target } from './target.js';
import { interactionGraph, layoutCost, vf2Layout, type Vf2Options } from './vf2.js';

/**
 * A relabelling of physical qubits (`map[p]` is the new qubit for `p`) with lower expected error
 * for the routed `block`, or `undefined` when none is better (or the backend has no error rates).
 */
export function postLayout(
  block: Block,
  target: Target,
  options: Vf2Options,
): Int32Array | undefined {
  if (!target.noiseAware) return undefined;
  const n = target.numQubits;
  const pairs: [number, number][] = [];
  const oneQubit = new Array<number>(n).fill(0);
  const measured = new Array<boolean>(n).fill(false);
  const used = new Set<number>();
  const walk = (b: Block) => {
    for (const ins of b) {
      switch (ins.kind) {
        case 'gate':
          ins.qubits.forEach((q) => used.add(q));
          if (ins.qubits.length === 2) pairs.push([ins.qubits[0]!, ins.qubits[1]!]);
          else if (ins.qubits.length === 1) oneQubit[ins.qubits[0]!]!++;
          break;
        case 'measure':
          used.add(ins.qubit);
          measured[ins.qubit] = true;
          break;
        case 'reset':
          used.add(ins.qubit);
          break;
        case 'barrier':
        case 'delay':
          break;
        default:
          mapBlocks(ins, (inner) => {
            walk(inner);
            return inner;
          });
      }
    }
  };
  walk(block);
  // The routed circuit's physical qubits play the part of virtual qubits here.
  const graph = interactionGraph(n, pairs, oneQubit, measured);
  const identity = Int32Array.from({ length: n }, (_, p) => (used.has(p) ? p : -1));
  const current = layoutCost(graph, target, identity);
  const found = vf2Layout(graph, target, options);
  if (found === undefined) return undefined;
  // Qubits with only single-qubit work go to the best free qubits.
  const taken = new Set<number>();
  for (const p of found) if (p >= 0) taken.add(p);
  const free = [...Array(n).keys()]
    .filter((p) => !taken.has(p))
    .sort(
      (a, b) =>
        target.readoutError(a) +
          target.qubitError(a) -
          (target.readoutError(b) + target.qubitError(b)) || a - b,
    );
  const map = Int32Array.from(found);
  let k = 0;
  for (const p of [...used].sort((a, b) => a - b)) if (map[p]! < 0) map[p] = free[k++]!;
  if (layoutCost(graph, target, map) >= current - 1e-12) return undefined;
  // Unused physical qubits take the places left, so the map is a permutation.
  const targets = new Set<number>();
  for (const p of used) targets.add(map[p]!);
  const rest = [...Array(n).keys()].filter((p) => !targets.has(p));
  let r = 0;
  for (let p = 0; p < n; p++) if (!used.has(p)) map[p] = rest[r++]!;
  return map;
}

/** The block with every physical qubit `p` renamed `map[p]`. */
export function relabel(block: Block, map: Int32Array): Instruction[] {
  return block.map((ins): Instruction => {
    switch (ins.kind) {
      case 'gate':
      case 'barrier':
      case 'delay':
        return { ...ins, qubits: ins.qubits.map((q) => map[q]!) };
      case 'measure':
      case 'reset':
        return { ...ins, qubit: map[ins.qubit]! };
      default:
        return mapBlocks(ins, (inner) => relabel(inner, map));
    }
  });
}
