/**
 * Gate fusion: consecutive gates of a program that act on a few qubits together become one
 * gate (the product of their matrices), so the state is swept once for the block instead of
 * once per gate. Gates on disjoint qubits commute, so several blocks stay open at once, one
 * per group of qubits, and a block is closed only when a gate overlapping it would make it too
 * wide (or a measurement, a jump target or a gate whose angles wait for run time intervenes).
 *
 * Whether a block is kept depends on what its kernel costs against the passes it saves: a
 * block that multiplies amplitudes by phases (diagonal) or moves them (a permutation, with
 * phases) costs one pass for any width; a general block costs more the wider it is, so it must
 * replace enough gates (see {@link GENERAL_BLOCK_COST}). Qubits on which a block acts only as
 * a control are taken out of its matrix again.
 *
 * @module
 */
import {
  controlled,
  embed,
  identity,
  multiply,
  type ComplexMatrix,
} from '../../circuits/gates/matrix.js';
import { analyseMatrix, type CompiledGate } from './compiled-gate.js';
import { successors } from './analysis.js';
import type { Op, OpEffects, Program } from './program.js';
import { INSTRUCTION_WORK, INSTRUCTIONS_PER_YIELD, runAtOnce, type Sliced } from './sliced.js';

/** Widest block of diagonal and permutation gates, in qubits (its kernel costs one pass). */
export const MAX_BLOCK_QUBITS = 4;

/** Widest block containing a general gate (its kernel costs more with every qubit). */
export const MAX_GENERAL_BLOCK_QUBITS = 2;

/**
 * Passes a general (dense) block on k qubits costs, by k: a block is kept only when it
 * replaces at least this many gates.
 */
export const GENERAL_BLOCK_COST: readonly number[] = [0, 1, 5, 16, 48];

interface Block {
  qubits: number[];
  gates: CompiledGate[];
  /** Whether some gate of the block is neither diagonal nor a permutation. */
  general: boolean;
}

/** The full matrix of `g` over its own qubits (controls first), with `qubits` their order. */
function fullMatrix(g: CompiledGate): { m: ComplexMatrix; qubits: number[] } {
  const m = g.controls.length > 0 ? controlled(g.matrix, g.controls.length, g.ctrlState) : g.matrix;
  return { m, qubits: [...g.controls, ...g.targets] };
}

/** One gate for a block (or the block's own gates when fusing does not pay). */
function close(block: Block): CompiledGate[] {
  if (block.gates.length === 1) return block.gates;
  // A general block must replace enough gates to pay for its kernel.
  if (block.general && block.gates.length < (GENERAL_BLOCK_COST[block.qubits.length] ?? Infinity)) {
    return block.gates;
  }
  const qubits = [...block.qubits].sort((a, b) => a - b);
  const k = qubits.length;
  let m = identity(2 ** k);
  for (const g of block.gates) {
    const full = fullMatrix(g);
    m = multiply(
      embed(
        full.m,
        full.qubits.map((q) => qubits.indexOf(q)),
        k,
      ),
      m,
    );
  }
  const fused = withControlsTakenOut(m, qubits);
  const cost =
    fused.structure === 'general' ? (GENERAL_BLOCK_COST[fused.targets.length] ?? Infinity) : 1;
  return block.gates.length >= Math.max(2, cost) ? [fused] : block.gates;
}

/**
 * The gate of matrix `m` on `qubits`, with every qubit on which `m` acts only as a control
 * (active on |1⟩: identity where it is 0, nothing mixing its values) moved to the controls.
 */
function withControlsTakenOut(m: ComplexMatrix, qubits: readonly number[]): CompiledGate {
  let matrix = m;
  let targets = [...qubits];
  const controls: number[] = [];
  for (let j = targets.length - 1; j >= 0; j--) {
    if (targets.length === 1) break;
    const reduced = controlReduced(matrix, j);
    if (!reduced) continue;
    matrix = reduced;
    controls.push(targets[j]!);
    targets = targets.filter((_, i) => i !== j);
  }
  const { structure, perm, mixing } = analyseMatrix(matrix);
  return {
    targets,
    controls,
    ctrlState: 2 ** controls.length - 1,
    matrix,
    structure,
    perm,
    mixing,
    name: '',
    params: [],
  };
}

/** `m` restricted to bit j = 1, when bit j is a control of `m`; else `undefined`. */
function controlReduced(m: ComplexMatrix, j: number): ComplexMatrix | undefined {
  const n = m.dim;
  const d = m.data;
  const bit = 1 << j;
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      const re = d[2 * (r * n + c)]!,
        im = d[2 * (r * n + c) + 1]!;
      const mixes = (r & bit) !== (c & bit);
      const inZero = (r & bit) === 0 && (c & bit) === 0;
      const want = inZero && r === c ? 1 : 0;
      if ((mixes || inZero) && (Math.abs(re - want) > 1e-14 || Math.abs(im) > 1e-14)) {
        return undefined;
      }
    }
  }
  const half = n / 2;
  const out = new Float64Array(2 * half * half);
  const low = bit - 1;
  const spread = (i: number) => ((i & ~low) << 1) | (i & low) | bit;
  for (let r = 0; r < half; r++) {
    for (let c = 0; c < half; c++) {
      const at = 2 * (spread(r) * n + spread(c));
      out[2 * (r * half + c)] = d[at]!;
      out[2 * (r * half + c) + 1] = d[at + 1]!;
    }
  }
  return { dim: half, data: out };
}

/**
 * Fuse the gates of `program` (see the module comment), returning a program with the same
 * behaviour and fewer gate steps. Jump targets are renumbered.
 */
export function fuseGates(program: Program): Program {
  return runAtOnce(fuseGatesSliced(program));
}

/** {@link fuseGates} as a sliced computation (see `sliced.ts`). */
export function* fuseGatesSliced(program: Program): Sliced<Program> {
  const { ops, effects } = program;
  const targets = new Set<number>();
  for (let pc = 0; pc < ops.length; pc++) {
    if (pc % (16 * INSTRUCTIONS_PER_YIELD) === 0) yield INSTRUCTIONS_PER_YIELD * INSTRUCTION_WORK;
    for (const s of successors(ops, pc)) if (s !== pc + 1) targets.add(s);
  }
  const out: Op[] = [];
  const outEffects: OpEffects[] = [];
  const newIndex = new Int32Array(ops.length + 1);
  let open: Block[] = [];
  const flush = (blocks: readonly Block[]): void => {
    for (const b of blocks) {
      for (const gate of close(b)) {
        out.push({ op: 'gate', gate });
        outEffects.push({ reads: [] });
      }
    }
  };
  for (let pc = 0; pc < ops.length; pc++) {
    // Closing a block multiplies matrices of up to 16 × 16: a step costs more here.
    if (pc % INSTRUCTIONS_PER_YIELD === 0) yield 4 * INSTRUCTIONS_PER_YIELD * INSTRUCTION_WORK;
    const op = ops[pc]!;
    if (targets.has(pc)) {
      flush(open);
      open = [];
    }
    newIndex[pc] = out.length;
    if (op.op !== 'gate') {
      flush(open);
      open = [];
      newIndex[pc] = out.length;
      out.push(op);
      outEffects.push(effects[pc]!);
      continue;
    }
    const g = op.gate;
    const qubits = [...g.controls, ...g.targets];
    const touching = open.filter((b) => b.qubits.some((q) => qubits.includes(q)));
    const union = new Set([...qubits, ...touching.flatMap((b) => b.qubits)]);
    const general = g.structure === 'general' || touching.some((b) => b.general);
    if (union.size <= (general ? MAX_GENERAL_BLOCK_QUBITS : MAX_BLOCK_QUBITS)) {
      // Join the blocks it touches (they commute with the others) and add the gate.
      const merged: Block = {
        qubits: [...union],
        gates: touching.flatMap((b) => b.gates),
        general,
      };
      merged.gates.push(g);
      open = [...open.filter((b) => !touching.includes(b)), merged];
    } else {
      flush(touching);
      open = [
        ...open.filter((b) => !touching.includes(b)),
        { qubits, gates: [g], general: g.structure === 'general' },
      ];
    }
  }
  flush(open);
  newIndex[ops.length] = out.length;
  const remap = (t: number) => newIndex[t]!;
  for (const op of out) {
    if (op.op === 'jump' || op.op === 'jumpUnless') op.target = remap(op.target);
    else if (op.op === 'forNext') op.exit = remap(op.exit);
    else if (op.op === 'switch') {
      op.fallback = remap(op.fallback);
      const cases = op.cases as Map<bigint, number>;
      for (const [k, v] of cases) cases.set(k, remap(v));
    }
  }
  return { ...program, ops: out, effects: outEffects };
}
