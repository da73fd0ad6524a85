/**
 * Two-qubit block resynthesis (Qiskit's `ConsolidateBlocks` followed by `UnitarySynthesis`):
 * maximal runs of gates confined to one pair of qubits (the two-qubit gates on that pair and the
 * single-qubit gates on either) are multiplied into one 4×4 unitary and resynthesised by KAK
 * with the pair's entangling gate, when that needs fewer two-qubit gates than the run has.
 *
 * @module
 */
import { addAngles, angleValue } from '../angles.js';
import { mapBlocks } from '../blocks.js';
import { identity } from '../gates/matrix.js';
import { standardGate } from '../gates/standard.js';
import type { Angle, Block, GateInstruction, Instruction } from '../model.js';
import { twoQubitCost } from '../synthesis/two-qubit.js';
import { applyLeft } from '../circuit-unitary.js';
import { qubitsTouched } from './dag.js';
import type { Target } from './target.js';
import { Translator } from './translate.js';

interface OpenBlock {
  readonly a: number;
  readonly b: number;
  readonly indices: number[];
  twoQubit: number;
}

/** Resynthesise two-qubit blocks of `block` (and nested blocks) that can be made cheaper. */
export function consolidateBlocks(
  block: Block,
  target: Target,
): { block: Instruction[]; phase: Angle; changed: boolean } {
  const translator = new Translator(target);
  let phase: Angle = 0;
  let changed = false;
  const walk = (b: Block): Instruction[] => {
    const slots: Instruction[][] = [];
    const open = new Map<number, OpenBlock>();
    const pending = new Map<number, number[]>();
    const close = (q: number) => {
      const blk = open.get(q);
      if (blk === undefined) return;
      open.delete(blk.a);
      open.delete(blk.b);
      resynthesise(blk);
    };
    const resynthesise = (blk: OpenBlock) => {
      if (blk.twoQubit < 2) return;
      const gates = blk.indices.map((i) => slots[i]![0] as GateInstruction);
      const local = (q: number) => (q === blk.a ? 0 : 1);
      const u = identity(4);
      for (const g of gates) {
        const m = standardGate(g.name)!.matrix(g.params.map((p) => angleValue(p)!));
        applyLeft(u, m, g.qubits.map(local));
      }
      const name = target.twoQubitGates(blk.a, blk.b)[0] ?? target.twoQubitGates(blk.b, blk.a)[0];
      if (name === undefined || twoQubitCost(u, name === 'rzz' ? 'cz' : name) >= blk.twoQubit)
        return;
      // Express the block as one unitary gate and let the translator synthesise it.
      const sink = translator.translateUnitary(u, blk.a, blk.b);
      changed = true;
      phase = addAngles(phase, sink.phase);
      slots[blk.indices[blk.indices.length - 1]!] = sink.out;
      for (const i of blk.indices.slice(0, -1)) slots[i] = [];
    };
    for (const ins of b) {
      const index = slots.length;
      slots.push([ins]);
      if (ins.kind === 'gate' && numeric(ins) && ins.qubits.length <= 2) {
        if (ins.qubits.length === 1) {
          const q = ins.qubits[0]!;
          const blk = open.get(q);
          if (blk !== undefined) blk.indices.push(index);
          else {
            const list = pending.get(q) ?? [];
            list.push(index);
            pending.set(q, list);
          }
          continue;
        }
        const [a, c] = ins.qubits as [number, number];
        const blk = open.get(a);
        if (blk !== undefined && blk === open.get(c)) {
          blk.indices.push(index);
          blk.twoQubit++;
          continue;
        }
        close(a);
        close(c);
        const indices = [...(pending.get(a) ?? []), ...(pending.get(c) ?? []), index].sort(
          (x, y) => x - y,
        );
        pending.delete(a);
        pending.delete(c);
        const fresh: OpenBlock = { a, b: c, indices, twoQubit: 1 };
        open.set(a, fresh);
        open.set(c, fresh);
        continue;
      }
      const touched =
        ins.kind === 'gate' ||
        ins.kind === 'measure' ||
        ins.kind === 'reset' ||
        ins.kind === 'barrier' ||
        ins.kind === 'delay'
          ? qubitsTouched(ins)
          : [...new Set([...open.keys(), ...pending.keys()])];
      for (const q of touched) {
        close(q);
        pending.delete(q);
      }
      slots[index] = [mapBlocks(ins, walk)];
    }
    for (const blk of new Set(open.values())) resynthesise(blk);
    return slots.flat();
  };
  return { block: walk(block), phase, changed };
}

function numeric(ins: GateInstruction): boolean {
  return (
    (ins.controls ?? 0) === 0 &&
    (ins.power ?? 1) === 1 &&
    standardGate(ins.name) !== undefined &&
    ins.params.every((p) => angleValue(p) !== undefined)
  );
}
