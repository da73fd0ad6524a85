/**
 * Cancellation of two-qubit gates (Qiskit's `InverseCancellation` and, with `commute`,
 * `CommutativeCancellation`): a self-inverse two-qubit gate (`cx`, `cz`, `ecr`, `swap`, …) meeting
 * the same gate on the same qubits cancels with it; with `commute`, single-qubit gates that
 * commute with it (`rz` beside `cz`, `rz` on a `cx` control, `x`/`sx` on a `cx` target, checked
 * on the matrices) may sit between the two, and `rz` rotations merge across the two-qubit gates
 * they commute with.
 *
 * @module
 */
import { addAngles, angleValue } from '../angles.js';
import { mapBlocks } from '../blocks.js';
import { embed, multiply, type ComplexMatrix } from '../gates/matrix.js';
import { standardGate } from '../gates/standard.js';
import type { Block, GateInstruction, Instruction } from '../model.js';
import { qubitsTouched } from './dag.js';

/** Two-qubit gates that are their own inverse. */
const SELF_INVERSE = new Set(['cx', 'cz', 'ecr', 'swap', 'cy', 'ch']);
/** Two-qubit gates that act the same with their qubits exchanged. */
const SYMMETRIC = new Set(['cz', 'swap', 'rzz', 'rxx', 'ryy', 'iswap']);

const commuteCache = new Map<string, boolean>();

/** Whether a single-qubit gate on `role` (0 or 1) of a two-qubit gate commutes with it. */
export function commutesWith(two: GateInstruction, role: number, one: GateInstruction): boolean {
  const twoValues = two.params.map(angleValue);
  if (twoValues.some((v) => v === undefined)) return false;
  let oneValues = one.params.map(angleValue);
  // A diagonal rotation commutes (or not) whatever its angle: check it at a generic angle.
  if (DIAGONAL.has(one.name)) oneValues = [0.7];
  else if (oneValues.some((v) => v === undefined)) return false;
  const key = `${two.name}(${twoValues.join(',')})@${role}:${one.name}(${oneValues.join(',')})`;
  let known = commuteCache.get(key);
  if (known === undefined) {
    const g2 = standardGate(two.name)!.matrix(twoValues as number[]);
    const g1 = embed(standardGate(one.name)!.matrix(oneValues as number[]), [role], 2);
    known = close(multiply(g1, g2), multiply(g2, g1));
    commuteCache.set(key, known);
  }
  return known;
}

const DIAGONAL = new Set(['rz', 'p', 'u1']);

function close(a: ComplexMatrix, b: ComplexMatrix): boolean {
  for (let i = 0; i < a.data.length; i++)
    if (Math.abs(a.data[i]! - b.data[i]!) > 1e-10) return false;
  return true;
}

/**
 * Cancel pairs of two-qubit gates in `block` (and nested blocks), and with `commute` merge `rz`
 * rotations through the gates they commute with.
 */
export function cancelTwoQubitPairs(
  block: Block,
  commute: boolean,
): { block: Instruction[]; changed: boolean } {
  let changed = false;
  const walk = (b: Block): Instruction[] => {
    const items: (Instruction | null)[] = [];
    // Per qubit, the indices of live instructions on it, in order.
    const trails = new Map<number, number[]>();
    const trail = (q: number) => {
      let t = trails.get(q);
      if (t === undefined) trails.set(q, (t = []));
      return t;
    };
    const lastLive = (t: number[]) => {
      while (t.length > 0 && items[t[t.length - 1]!] === null) t.pop();
    };
    /** The index before which only gates commuting with `g` (on `role`) sit on the trail. */
    const blocker = (t: number[], g: GateInstruction, role: number): number => {
      for (let k = t.length - 1; k >= 0; k--) {
        const item = items[t[k]!];
        if (item === null || item === undefined) continue;
        if (
          commute &&
          item.kind === 'gate' &&
          item.qubits.length === 1 &&
          commutesWith(g, role, item)
        )
          continue;
        return t[k]!;
      }
      return -1;
    };
    for (const ins of b) {
      const index = items.length;
      if (
        ins.kind === 'gate' &&
        ins.qubits.length === 2 &&
        (ins.controls ?? 0) === 0 &&
        (ins.power ?? 1) === 1
      ) {
        const [a, c] = ins.qubits as [number, number];
        const ta = trail(a),
          tc = trail(c);
        lastLive(ta);
        lastLive(tc);
        if (SELF_INVERSE.has(ins.name)) {
          const pa = blocker(ta, ins, 0),
            pc = blocker(tc, ins, 1);
          const prev = pa >= 0 ? items[pa] : null;
          if (pa >= 0 && pa === pc && prev?.kind === 'gate' && sameGate(prev, ins)) {
            items[pa] = null;
            items.push(null);
            changed = true;
            continue;
          }
        }
        items.push(ins);
        ta.push(index);
        tc.push(index);
        continue;
      }
      if (commute && ins.kind === 'gate' && ins.name === 'rz' && ins.qubits.length === 1) {
        // Merge into an earlier rz reachable through commuting gates.
        const q = ins.qubits[0]!;
        const t = trail(q);
        let merged = false;
        for (let k = t.length - 1; k >= 0; k--) {
          const item = items[t[k]!];
          if (item === null || item === undefined) continue;
          if (item.kind === 'gate' && item.name === 'rz' && item.qubits.length === 1) {
            items[t[k]!] = { ...item, params: [addAngles(item.params[0]!, ins.params[0]!)] };
            merged = true;
            break;
          }
          if (
            item.kind === 'gate' &&
            item.qubits.length === 2 &&
            commutesWith(item, item.qubits.indexOf(q), ins)
          )
            continue;
          break;
        }
        if (merged) {
          items.push(null);
          changed = true;
          continue;
        }
      }
      items.push(ins.kind === 'gate' ? ins : mapBlocks(ins, walk));
      const touched =
        ins.kind === 'gate' ||
        ins.kind === 'measure' ||
        ins.kind === 'reset' ||
        ins.kind === 'barrier' ||
        ins.kind === 'delay'
          ? qubitsTouched(ins)
          : [...trails.keys()];
      for (const q of touched) trail(q).push(index);
      if (ins.kind !== 'gate' && touched.length === 0)
        for (const t of trails.values()) t.push(index);
    }
    return items.filter((x): x is Instruction => x !== null);
  };
  return { block: walk(block), changed };
}

function sameGate(a: GateInstruction, b: GateInstruction): boolean {
  if (a.name !== b.name || (a.controls ?? 0) !== 0 || (a.power ?? 1) !== 1) return false;
  if (a.qubits[0] === b.qubits[0] && a.qubits[1] === b.qubits[1]) return true;
  return SYMMETRIC.has(a.name) && a.qubits[0] === b.qubits[1] && a.qubits[1] === b.qubits[0];
}
