/**
 * Routing a whole circuit onto physical qubits: SABRE swap insertion for each block, with
 * control flow routed consistently — each nested block starts from the placement in force where
 * the control-flow instruction runs and undoes its swaps at its end (so every branch and every
 * loop iteration ends where it started), and `break`/`continue` first undo the swaps made since
 * the loop body began.
 *
 * @module
 */
import type { Block, Instruction } from '../model.js';
import { mapBlocks } from '../blocks.js';
import { routingDag } from './dag.js';
import type { Placement } from './placement.js';
import type { Random } from './random.js';
import { sabreRoute } from './sabre.js';
import type { Target } from './target.js';

/** The routed block, the swaps inserted (nested blocks included), and its own swaps in order. */
export interface Routed {
  readonly block: Instruction[];
  readonly swaps: number;
  /** The swaps this block made at its own level, which move its placement. */
  readonly own: readonly (readonly [number, number])[];
}

const swapGate = (a: number, b: number): Instruction => ({
  kind: 'gate',
  name: 'swap',
  qubits: [a, b],
  params: [],
});

/**
 * Route `block` (over virtual qubits) from `placement`, which is left at the block's final
 * placement. `loopLog` collects the swaps made since the innermost enclosing loop body began.
 */
export function routeBlock(
  block: Block,
  numClbits: number,
  target: Target,
  placement: Placement,
  random: Random,
  loopLog: [number, number][] | null = null,
): Routed {
  const dag = routingDag(block, target.numQubits, numClbits);
  const out: Instruction[] = [];
  const own: [number, number][] = [];
  let swaps = 0;
  swaps += sabreRoute(dag, target, placement, random, {
    swap: (a, b) => {
      out.push(swapGate(a, b));
      own.push([a, b]);
      loopLog?.push([a, b]);
    },
    node: (i, p) => {
      const ins = dag.nodes[i]!;
      const routed = place(ins, p);
      if (routed !== undefined) {
        out.push(routed);
        return;
      }
      if (ins.kind === 'break' || ins.kind === 'continue') {
        // Leave the loop body with the placement it started with.
        for (const [a, b] of [...(loopLog ?? [])].reverse()) {
          out.push(swapGate(a, b));
          swaps++;
        }
        out.push(ins);
        return;
      }
      const isLoop = ins.kind === 'for' || ins.kind === 'while';
      out.push(
        mapBlocks(ins, (inner) => {
          const r = routeBlock(inner, numClbits, target, p, random, isLoop ? [] : loopLog);
          swaps += r.swaps;
          // Undo the block's swaps so the placement after it is the one before it.
          const undo: Instruction[] = [];
          for (const [a, b] of [...r.own].reverse()) {
            p.swap(a, b);
            undo.push(swapGate(a, b));
            if (!isLoop) loopLog?.push([a, b]);
          }
          swaps += undo.length;
          return [...r.block, ...undo];
        }),
      );
    },
  });
  return { block: out, swaps, own };
}

/** Map a non-control-flow instruction onto physical qubits; `undefined` for the others. */
function place(ins: Instruction, p: Placement): Instruction | undefined {
  const v2p = p.v2p;
  switch (ins.kind) {
    case 'gate':
      return { ...ins, qubits: ins.qubits.map((q) => v2p[q]!) };
    case 'barrier':
      return { ...ins, qubits: ins.qubits.map((q) => v2p[q]!) };
    case 'delay':
      return { ...ins, qubits: ins.qubits.map((q) => v2p[q]!) };
    case 'measure':
      return { ...ins, qubit: v2p[ins.qubit]! };
    case 'reset':
      return { ...ins, qubit: v2p[ins.qubit]! };
    case 'store':
      return ins;
    default:
      return undefined;
  }
}
