/**
 * Single-qubit run resynthesis (Qiskit's `Optimize1qGatesDecomposition`): every maximal run of
 * single-qubit gates with numeric angles on one qubit is multiplied out and rewritten in the
 * backend's single-qubit basis (`rz·sx·rz·sx·rz` at most), when that is shorter or the run holds
 * gates outside the basis. Runs end at anything else that touches the qubit.
 *
 * @module
 */
import { addAngles, angleValue } from '../angles.js';
import { mapBlocks } from '../blocks.js';
import type { ComplexMatrix } from '../gates/matrix.js';
import { standardGate } from '../gates/standard.js';
import type { Angle, Block, GateInstruction, Instruction } from '../model.js';
import { oneQubitSequence } from '../synthesis/euler.js';
import type { Target } from './target.js';

/** Resynthesise single-qubit runs in `block` (and nested blocks); returns the phase added. */
export function optimizeOneQubitRuns(
  block: Block,
  target: Target,
): { block: Instruction[]; phase: Angle; changed: boolean } {
  let phase: Angle = 0;
  let changed = false;
  const basisNames = new Set(
    target.oneQubitBasis === 'zsx' ? ['rz', 'sx', ...(target.hasX ? ['x'] : [])] : ['u'],
  );
  const walk = (b: Block): Instruction[] => {
    const slots: Instruction[][] = [];
    const runs = new Map<number, number[]>();
    const flush = (q: number) => {
      const run = runs.get(q);
      if (run === undefined) return;
      runs.delete(q);
      const gates = run.map((i) => slots[i]![0] as GateInstruction);
      if (gates.length === 1 && basisNames.has(gates[0]!.name) && !trivialRz(gates[0]!)) return;
      const seq = oneQubitSequence(runMatrix(gates), target.oneQubitBasis);
      const replacement: GateInstruction[] = [];
      for (const g of seq.gates) {
        if (g.name === 'x' && !target.hasX) {
          replacement.push(one('sx', q), one('sx', q));
        } else {
          replacement.push({ kind: 'gate', name: g.name, qubits: [q], params: g.params });
        }
      }
      const foreign = gates.some((g) => !basisNames.has(g.name));
      if (!foreign && replacement.length >= gates.length) return;
      changed = true;
      if (Math.abs(seq.phase) > 1e-15) phase = addAngles(phase, seq.phase);
      slots[run[0]!] = replacement;
      for (const i of run.slice(1)) slots[i] = [];
    };
    for (const ins of b) {
      const index = slots.length;
      if (ins.kind === 'gate' && ins.qubits.length === 1 && isNumeric(ins)) {
        slots.push([ins]);
        const q = ins.qubits[0]!;
        const run = runs.get(q);
        if (run === undefined) runs.set(q, [index]);
        else run.push(index);
        continue;
      }
      if (ins.kind === 'gate' || ins.kind === 'barrier' || ins.kind === 'delay') {
        for (const q of ins.qubits) flush(q);
        slots.push([ins]);
        continue;
      }
      if (ins.kind === 'measure' || ins.kind === 'reset') {
        flush(ins.qubit);
        slots.push([ins]);
        continue;
      }
      for (const q of [...runs.keys()]) flush(q);
      slots.push([mapBlocks(ins, walk)]);
    }
    for (const q of [...runs.keys()]) flush(q);
    return slots.flat();
  };
  const out = walk(block);
  return { block: out, phase, changed };
}

function isNumeric(ins: GateInstruction): boolean {
  return (
    (ins.controls ?? 0) === 0 &&
    (ins.power ?? 1) === 1 &&
    standardGate(ins.name) !== undefined &&
    ins.params.every((p) => angleValue(p) !== undefined)
  );
}

function one(name: string, q: number): GateInstruction {
  return { kind: 'gate', name, qubits: [q], params: [] };
}

function trivialRz(g: GateInstruction): boolean {
  if (g.name !== 'rz') return false;
  const v = angleValue(g.params[0]!)!;
  return Math.abs(Math.sin(v / 2)) < 1e-12;
}

/** The product of a run of single-qubit gates (in circuit order), fast for rz, sx and x. */
function runMatrix(gates: readonly GateInstruction[]): ComplexMatrix {
  // m = [[a, b], [c, d]] as re/im pairs.
  let ar = 1,
    ai = 0,
    br = 0,
    bi = 0,
    cr = 0,
    ci = 0,
    dr = 1,
    di = 0;
  for (const g of gates) {
    if (g.name === 'rz') {
      const t = angleValue(g.params[0]!)! / 2;
      const c = Math.cos(t),
        s = Math.sin(t);
      // diag(e^{-it}, e^{it}) · m
      [ar, ai, br, bi] = [ar * c + ai * s, ai * c - ar * s, br * c + bi * s, bi * c - br * s];
      [cr, ci, dr, di] = [cr * c - ci * s, ci * c + cr * s, dr * c - di * s, di * c + dr * s];
      continue;
    }
    if (g.name === 'x') {
      [ar, ai, br, bi, cr, ci, dr, di] = [cr, ci, dr, di, ar, ai, br, bi];
      continue;
    }
    const gm =
      g.name === 'sx' ? SX : standardGate(g.name)!.matrix(g.params.map((p) => angleValue(p)!)).data;
    const [g0r, g0i, g1r, g1i, g2r, g2i, g3r, g3i] = gm as unknown as number[];
    const nar = g0r! * ar - g0i! * ai + g1r! * cr - g1i! * ci;
    const nai = g0r! * ai + g0i! * ar + g1r! * ci + g1i! * cr;
    const nbr = g0r! * br - g0i! * bi + g1r! * dr - g1i! * di;
    const nbi = g0r! * bi + g0i! * br + g1r! * di + g1i! * dr;
    const ncr = g2r! * ar - g2i! * ai + g3r! * cr - g3i! * ci;
    const nci = g2r! * ai + g2i! * ar + g3r! * ci + g3i! * cr;
    const ndr = g2r! * br - g2i! * bi + g3r! * dr - g3i! * di;
    const ndi = g2r! * bi + g2i! * br + g3r! * di + g3i! * dr;
    [ar, ai, br, bi, cr, ci, dr, di] = [nar, nai, nbr, nbi, ncr, nci, ndr, ndi];
  }
  return { dim: 2, data: Float64Array.of(ar, ai, br, bi, cr, ci, dr, di) };
}

const SX = Float64Array.of(0.5, 0.5, 0.5, -0.5, 0.5, -0.5, 0.5, 0.5);
