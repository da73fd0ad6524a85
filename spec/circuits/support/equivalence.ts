// Equivalence of a circuit and its transpiled form: the transpiled circuit, restricted to the
// physical qubits it touches, maps every basis input |x⟩ (placed by the initial layout, idle
// qubits at |0⟩) to the input circuit's output (placed by the final layout), up to one global
// phase for all inputs.
import { angleValue } from '../../../src/circuits/angles.js';
import { forEachInstruction } from '../../../src/circuits/blocks.js';
import { identity, type ComplexMatrix } from '../../../src/circuits/gates/matrix.js';
import type { Circuit, Instruction } from '../../../src/circuits/model.js';
import type { TranspileLayout } from '../../../src/circuits/transpiler/layout.js';
import { applyLeft, circuitUnitary } from '../../../src/circuits/circuit-unitary.js';
import { gateUnitary } from '../../../src/circuits/unitary.js';

/** The largest deviation between the two, after the best common global phase (0 = equal). */
export function transpiledDistance(
  input: Circuit,
  output: Circuit,
  layout: TranspileLayout,
): number {
  const nv = input.numQubits;
  const want = circuitUnitary(input);
  const active = new Set<number>(layout.initialLayout);
  for (const p of layout.finalIndexLayout()) active.add(p);
  forEachInstruction(output.instructions, (ins) => {
    if (ins.kind === 'gate' || ins.kind === 'barrier') for (const q of ins.qubits) active.add(q);
  });
  const physical = [...active].sort((a, b) => a - b);
  const local = new Map(physical.map((p, i) => [p, i]));
  const k = physical.length;
  if (k > 12) throw new Error(`too many active qubits (${k}) to compare unitaries`);
  const got = identity(1 << k);
  const defs = new Map(output.gates.map((g) => [g.name, g]));
  for (const ins of output.instructions as Instruction[]) {
    if (ins.kind === 'barrier' || ins.kind === 'delay') continue;
    if (ins.kind !== 'gate') throw new Error(`unexpected ${ins.kind} in a unitary comparison`);
    applyLeft(
      got,
      gateUnitary(ins, defs),
      ins.qubits.map((q) => local.get(q)!),
    );
  }
  const initial = layout.initialLayout.map((p) => local.get(p)!);
  const final = layout.finalIndexLayout().map((p) => local.get(p)!);
  const spread = (x: number, places: readonly number[]) => {
    let y = 0;
    for (let v = 0; v < nv; v++) if ((x >> v) & 1) y |= 1 << places[v]!;
    return y;
  };
  const dimIn = 1 << nv;
  const dimOut = 1 << k;
  // Overlap for the phase, then the worst entry.
  let or = 0,
    oi = 0;
  const entry = (m: ComplexMatrix, r: number, c: number): [number, number] => [
    m.data[2 * (r * m.dim + c)]!,
    m.data[2 * (r * m.dim + c) + 1]!,
  ];
  for (let x = 0; x < dimIn; x++) {
    const col = spread(x, initial);
    for (let y = 0; y < dimIn; y++) {
      const [gr, gi] = entry(got, spread(y, final), col);
      const [wr, wi] = entry(want, y, x);
      or += wr * gr + wi * gi;
      oi += wr * gi - wi * gr;
    }
  }
  const norm = Math.hypot(or, oi) || 1;
  const pr = or / norm,
    pi = -oi / norm;
  const gp = angleValue(output.globalPhase) ?? NaN;
  let worst = Number.isFinite(gp) ? 0 : Infinity;
  for (let x = 0; x < dimIn; x++) {
    const col = spread(x, initial);
    const expected = new Map<number, [number, number]>();
    for (let y = 0; y < dimIn; y++) expected.set(spread(y, final), entry(want, y, x));
    for (let r = 0; r < dimOut; r++) {
      const [gr, gi] = entry(got, r, col);
      const [wr, wi] = expected.get(r) ?? [0, 0];
      const ar = gr * pr - gi * pi,
        ai = gr * pi + gi * pr;
      worst = Math.max(worst, Math.hypot(ar - wr, ai - wi));
    }
  }
  return worst;
}
