/**
 * Two-qubit synthesis: any 4×4 unitary as the fewest uses of a hardware two-qubit gate (a
 * supercontrolled gate such as `cx`, `cz` or `ecr` in either direction, or IBM's fractional
 * `rzz(θ)` with `0 ≤ θ ≤ π/2`) between single-qubit unitaries. The KAK decomposition gives the
 * interaction coordinates `(a, b, c)`; 0, 1, 2 or 3 supercontrolled gates suffice when none,
 * one at (π/4, 0, 0), all but `c`, or all three are non-zero (Vatan & Williams, "Optimal
 * quantum circuits for general two-qubit gates", PRA 69, 032315), and one `rzz` per non-zero
 * coordinate.
 *
 * @module
 */
import {
  adjoint,
  distanceUpToPhase,
  embed,
  identity,
  multiply,
  type ComplexMatrix,
} from '../gates/matrix.js';
import { standardGate } from '../gates/standard.js';
import { phaseBetween } from './euler.js';
import { weylDecomposition } from './weyl.js';

/** A step of a local (two-qubit) sequence: qubits are 0 and 1. */
export type LocalStep =
  | { readonly kind: 'u1'; readonly qubit: number; readonly matrix: ComplexMatrix }
  | {
      readonly kind: 'gate';
      readonly name: string;
      readonly qubits: readonly [number, number];
      readonly params: readonly number[];
    };

/** A synthesised two-qubit sequence in circuit order, and the global phase it needs. */
export interface TwoQubitSequence {
  readonly steps: readonly LocalStep[];
  readonly phase: number;
}

/** A hardware two-qubit gate available on the pair, in the direction it runs. */
export interface TwoQubitBasis {
  /** `cx`, `cz`, `ecr`, … (supercontrolled: locally equivalent to CX) or `rzz`. */
  readonly name: string;
  /** The local qubits it acts on, in its own order: `[0, 1]` or `[1, 0]`. */
  readonly qubits: readonly [number, number];
}

/** Coordinates closer than this to zero (or to π/4) count as exactly that. */
export const WEYL_TOLERANCE = 1e-9;

const gateMatrix = (name: string, params: readonly number[] = []): ComplexMatrix =>
  standardGate(name)!.matrix(params);

/** The number of supercontrolled gates a unitary with these normal-form coordinates needs. */
export function supercontrolledCount(a: number, b: number, c: number): 0 | 1 | 2 | 3 {
  const t = WEYL_TOLERANCE;
  if (a < t) return 0;
  if (Math.abs(a - Math.PI / 4) < t && b < t && Math.abs(c) < t) return 1;
  if (Math.abs(c) < t) return 2;
  return 3;
}

/** The number of `rzz` gates a unitary with these normal-form coordinates needs. */
export function rzzCount(a: number, b: number, c: number): number {
  return [a, b, c].filter((x) => Math.abs(x) >= WEYL_TOLERANCE).length;
}

/** The number of uses of `basis` needed for `u`. */
export function twoQubitCost(u: ComplexMatrix, basis: string): number {
  const w = weylDecomposition(u);
  return basis === 'rzz' ? rzzCount(w.a, w.b, w.c) : supercontrolledCount(w.a, w.b, w.c);
}

/** A step in the CX templates: a single-qubit unitary or a CX. */
type TemplateStep =
  | { readonly kind: 'u1'; readonly qubit: number; readonly matrix: ComplexMatrix }
  | { readonly kind: 'cx'; readonly control: number; readonly target: number };

const u1 = (qubit: number, name: string, params: readonly number[] = []): TemplateStep => ({
  kind: 'u1',
  qubit,
  matrix: gateMatrix(name, params),
});
const cx = (control: number, target: number): TemplateStep => ({ kind: 'cx', control, target });

/**
 * CX templates equal, up to global phase, to `exp(i(a·XX + b·YY + c·ZZ))` with 1, 2 or 3 CX
 * (checked in spec/circuits/synthesis/two-qubit.spec.ts).
 */
function cxTemplate(count: 1 | 2 | 3, a: number, b: number, c: number): TemplateStep[] {
  const h = Math.PI / 2;
  switch (count) {
    case 1:
      // exp(iπ/4·XX) = (H⊗H)·(Rz(−π/2)⊗Rz(−π/2))·CZ·(H⊗H), CZ = (H on 1)·CX·(H on 1).
      return [
        u1(0, 'h'),
        cx(0, 1),
        u1(0, 'rz', [-h]),
        u1(1, 'h'),
        u1(1, 'rz', [-h]),
        u1(1, 'h'),
        u1(0, 'h'),
      ];
    case 2:
      // exp(i(aXX + bYY)) = (R⊗R)·CX·(Rx(−2a)⊗Rz(−2b))·CX·(R†⊗R†) with R = Rx(π/2).
      return [
        u1(0, 'rx', [-h]),
        u1(1, 'rx', [-h]),
        cx(0, 1),
        u1(0, 'rx', [-2 * a]),
        u1(1, 'rz', [-2 * b]),
        cx(0, 1),
        u1(0, 'rx', [h]),
        u1(1, 'rx', [h]),
      ];
    case 3:
      return [
        u1(1, 'rz', [-h]),
        cx(1, 0),
        u1(0, 'rz', [-2 * c + h]),
        u1(1, 'ry', [2 * a - h]),
        cx(0, 1),
        u1(1, 'ry', [-2 * b + h]),
        cx(1, 0),
        u1(0, 'rz', [h]),
      ];
  }
}

/** `rzz` template: one `rzz(θ)`, `0 ≤ θ ≤ π/2`, per non-zero coordinate. */
function rzzTemplate(a: number, b: number, c: number): LocalStep[] {
  const steps: LocalStep[] = [];
  const rzz = (x: number, into: string | undefined) => {
    if (Math.abs(x) < WEYL_TOLERANCE) return;
    // exp(ix·PP) = (V†⊗V†)·rzz(−2x)·(V⊗V) with V·P·V† = Z; rzz(−θ) = (X⊗1)·rzz(θ)·(X⊗1).
    const to =
      into === undefined ? [] : [into === 'h' ? gateMatrix('h') : gateMatrix('rx', [Math.PI / 2])];
    const from = into === undefined ? [] : [adjoint(to[0]!)];
    for (const m of to)
      steps.push({ kind: 'u1', qubit: 0, matrix: m }, { kind: 'u1', qubit: 1, matrix: m });
    const flip = x > 0;
    if (flip) steps.push({ kind: 'u1', qubit: 0, matrix: gateMatrix('x') });
    steps.push({ kind: 'gate', name: 'rzz', qubits: [0, 1], params: [2 * Math.abs(x)] });
    if (flip) steps.push({ kind: 'u1', qubit: 0, matrix: gateMatrix('x') });
    for (const m of from)
      steps.push({ kind: 'u1', qubit: 0, matrix: m }, { kind: 'u1', qubit: 1, matrix: m });
  };
  rzz(a, 'h');
  rzz(b, 'rx');
  rzz(c, undefined);
  return steps;
}

/** The local equivalence `CX(control → target) = (after) · basis · (before)`, per basis gate. */
interface CxEquivalence {
  readonly before: readonly [ComplexMatrix, ComplexMatrix];
  readonly after: readonly [ComplexMatrix, ComplexMatrix];
}

const equivalences = new Map<string, CxEquivalence>();

/** The basis gate's matrix on local qubits (0, 1) for the direction it runs in. */
function basisMatrix(basis: TwoQubitBasis, params: readonly number[] = []): ComplexMatrix {
  const g = gateMatrix(basis.name, params);
  return basis.qubits[0] === 0 ? g : embed(g, [1, 0], 2);
}

function cxEquivalence(basis: TwoQubitBasis, control: number): CxEquivalence {
  const key = `${basis.name}:${basis.qubits.join(',')}:${control}`;
  const known = equivalences.get(key);
  if (known !== undefined) return known;
  const cxm = embed(gateMatrix('cx'), [control, 1 - control], 2);
  const wc = weylDecomposition(cxm);
  const wg = weylDecomposition(basisMatrix(basis));
  // CX = K1c·N·K2c and G = K1g·N·K2g (same N) give CX = K1c·K1g†·G·K2g†·K2c up to phase.
  const eq: CxEquivalence = {
    before: [
      multiply(adjoint(wg.before[0]), wc.before[0]),
      multiply(adjoint(wg.before[1]), wc.before[1]),
    ],
    after: [
      multiply(wc.after[0], adjoint(wg.after[0])),
      multiply(wc.after[1], adjoint(wg.after[1])),
    ],
  };
  equivalences.set(key, eq);
  return eq;
}

/** The matrix of a local sequence (for the final phase and for checks). */
export function localSequenceMatrix(steps: readonly LocalStep[]): ComplexMatrix {
  let m = identity(4);
  for (const s of steps) {
    const g =
      s.kind === 'u1'
        ? embed(s.matrix, [s.qubit], 2)
        : embed(gateMatrix(s.name, s.params), s.qubits, 2);
    m = multiply(g, m);
  }
  return m;
}

/** The sequence for `u` with the given hardware gate. */
export function synthesizeTwoQubit(u: ComplexMatrix, basis: TwoQubitBasis): TwoQubitSequence {
  const w = weylDecomposition(u);
  const steps: LocalStep[] = [
    { kind: 'u1', qubit: 1, matrix: w.before[0] },
    { kind: 'u1', qubit: 0, matrix: w.before[1] },
  ];
  if (basis.name === 'rzz') {
    steps.push(...rzzTemplate(w.a, w.b, w.c));
  } else {
    const count = supercontrolledCount(w.a, w.b, w.c);
    if (count > 0) {
      for (const t of cxTemplate(count as 1 | 2 | 3, w.a, w.b, w.c)) {
        if (t.kind === 'u1') {
          steps.push(t);
          continue;
        }
        const eq = cxEquivalence(basis, t.control);
        // Local qubit 1 is the high factor of the Kronecker split.
        steps.push({ kind: 'u1', qubit: 1, matrix: eq.before[0] });
        steps.push({ kind: 'u1', qubit: 0, matrix: eq.before[1] });
        steps.push({ kind: 'gate', name: basis.name, qubits: basis.qubits, params: [] });
        steps.push({ kind: 'u1', qubit: 1, matrix: eq.after[0] });
        steps.push({ kind: 'u1', qubit: 0, matrix: eq.after[1] });
      }
    }
  }
  steps.push({ kind: 'u1', qubit: 1, matrix: w.after[0] });
  steps.push({ kind: 'u1', qubit: 0, matrix: w.after[1] });
  const merged = mergeLocal(steps);
  const m = localSequenceMatrix(merged);
  const phase = phaseBetween(m, u);
  if (distanceUpToPhase(m, u) > 1e-6) {
    throw new Error(`two-qubit synthesis lost precision (${distanceUpToPhase(m, u)})`);
  }
  return { steps: merged, phase };
}

/** Multiply adjacent single-qubit steps on the same qubit together. */
function mergeLocal(steps: readonly LocalStep[]): LocalStep[] {
  const pending: (ComplexMatrix | undefined)[] = [undefined, undefined];
  const out: LocalStep[] = [];
  const flush = (q: number) => {
    const m = pending[q];
    if (m !== undefined) out.push({ kind: 'u1', qubit: q, matrix: m });
    pending[q] = undefined;
  };
  for (const s of steps) {
    if (s.kind === 'u1') {
      const prev = pending[s.qubit];
      pending[s.qubit] = prev === undefined ? s.matrix : multiply(s.matrix, prev);
    } else {
      flush(0);
      flush(1);
      out.push(s);
    }
  }
  flush(0);
  flush(1);
  return out;
}
