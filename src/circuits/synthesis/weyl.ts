/**
 * The KAK (Cartan) decomposition of a two-qubit unitary: `U = e^{iφ} · (A1 ⊗ B1) ·
 * exp(i(a·XX + b·YY + c·ZZ)) · (A2 ⊗ B2)`, with the interaction coordinates `(a, b, c)` brought
 * to the normal form `π/4 ≥ a ≥ b ≥ |c|` (the Weyl chamber up to the reflection that two-qubit
 * synthesis does not need). Built on the magic-basis construction of Kraus and Cirac
 * ("Optimal creation of entanglement using a two-qubit gate", PRA 63, 062309) and the
 * coordinate conventions of Qiskit's `TwoQubitWeylDecomposition`.
 *
 * Matrices are little-endian as everywhere in the circuits layer: `B` acts on qubit 0 and `A`
 * on qubit 1.
 *
 * @module
 */
import { adjoint, fromRows, multiply, scale, type ComplexMatrix } from '../gates/matrix.js';
import {
  build,
  determinant,
  entry,
  kron2,
  splitKron,
  symmetricEigen,
  transpose,
} from './linalg.js';

/** A two-qubit unitary split into local parts around its canonical interaction. */
export interface WeylDecomposition {
  /** Interaction coordinates in normal form: `π/4 ≥ a ≥ b ≥ |c|`. */
  readonly a: number;
  readonly b: number;
  readonly c: number;
  /** Global phase `φ`. */
  readonly phase: number;
  /** Single-qubit unitaries applied after the interaction, on qubit 1 and qubit 0. */
  readonly after: readonly [q1: ComplexMatrix, q0: ComplexMatrix];
  /** Single-qubit unitaries applied before the interaction, on qubit 1 and qubit 0. */
  readonly before: readonly [q1: ComplexMatrix, q0: ComplexMatrix];
}

const R = Math.SQRT1_2;
/** Columns: the magic basis (Bell states with phases) in which local gates are real. */
const MAGIC = fromRows([
  [R, 0, 0, [0, R]],
  [0, [0, R], R, 0],
  [0, [0, R], -R, 0],
  [R, 0, 0, [0, -R]],
]);
const MAGIC_DAG = adjoint(MAGIC);

const PX = fromRows([
  [0, 1],
  [1, 0],
]);
const PY = fromRows([
  [0, [0, -1]],
  [[0, 1], 0],
]);
const PZ = fromRows([
  [1, 0],
  [0, -1],
]);
const S = fromRows([
  [1, 0],
  [0, [0, 1]],
]);
const H = fromRows([
  [R, R],
  [R, -R],
]);
/** Rx(π/2). */
const RX90 = fromRows([
  [R, [0, -R]],
  [[0, -R], R],
]);

/** `exp(i(a·XX + b·YY + c·ZZ))`. */
export function canonicalGate(a: number, b: number, c: number): ComplexMatrix {
  // In the magic basis the interaction is diagonal: phases a−b+c, a+b−c, −a−b−c, −a+b+c.
  const h = [a - b + c, a + b - c, -a - b - c, -a + b + c];
  const d = build(4, (r, col) => (r === col ? [Math.cos(h[r]!), Math.sin(h[r]!)] : [0, 0]));
  return multiply(MAGIC, multiply(d, MAGIC_DAG));
}

/** Ratios tried to combine the real and imaginary parts before diagonalising them together. */
const MIXES = [0.6180339887498949, 1.4142135623730951, 0.2718281828459045, 3.141592653589793];

/**
 * A real orthogonal `P` (determinant 1) with `Pᵀ · M · P` diagonal, for a complex symmetric
 * unitary `M` (whose real and imaginary parts commute).
 */
function diagonalise(m: ComplexMatrix): Float64Array {
  const re = new Float64Array(16),
    im = new Float64Array(16);
  for (let i = 0; i < 16; i++) {
    re[i] = m.data[2 * i]!;
    im[i] = m.data[2 * i + 1]!;
  }
  let best: Float64Array | undefined;
  let bestOff = Infinity;
  for (const mix of MIXES) {
    const mixed = new Float64Array(16);
    for (let i = 0; i < 16; i++) mixed[i] = re[i]! + mix * im[i]!;
    const { vectors } = symmetricEigen(mixed, 4);
    const off = offDiagonal(m, vectors);
    if (off < bestOff) {
      bestOff = off;
      best = vectors;
    }
    if (off < 1e-13) break;
  }
  const p = best!;
  if (realDet4(p) < 0) for (let r = 0; r < 4; r++) p[r * 4] = -p[r * 4]!;
  return p;
}

/** Largest off-diagonal magnitude of `Pᵀ · M · P`. */
function offDiagonal(m: ComplexMatrix, p: Float64Array): number {
  let worst = 0;
  for (let i = 0; i < 4; i++) {
    for (let j = 0; j < 4; j++) {
      if (i === j) continue;
      let sr = 0,
        si = 0;
      for (let k = 0; k < 4; k++) {
        for (let l = 0; l < 4; l++) {
          const w = p[k * 4 + i]! * p[l * 4 + j]!;
          sr += w * m.data[2 * (k * 4 + l)]!;
          si += w * m.data[2 * (k * 4 + l) + 1]!;
        }
      }
      worst = Math.max(worst, Math.hypot(sr, si));
    }
  }
  return worst;
}

function realDet4(p: Float64Array): number {
  const m = build(4, (r, c) => [p[r * 4 + c]!, 0]);
  return determinant(m)[0];
}

/** The raw decomposition, before the coordinates are normalised. */
interface RawDecomposition {
  coords: [number, number, number];
  phase: number;
  /** After the interaction: qubit 1 and qubit 0. */
  k1: [ComplexMatrix, ComplexMatrix];
  /** Before the interaction: qubit 1 and qubit 0. */
  k2: [ComplexMatrix, ComplexMatrix];
}

function rawDecomposition(u: ComplexMatrix): RawDecomposition {
  const [dr, di] = determinant(u);
  const detPhase = Math.atan2(di, dr);
  let phase = detPhase / 4;
  const su = scale(u, [Math.cos(-phase), Math.sin(-phase)]);
  const up = multiply(MAGIC_DAG, multiply(su, MAGIC));
  const m2 = multiply(transpose(up), up);
  const p = diagonalise(m2);
  const pm = build(4, (r, c) => [p[r * 4 + c]!, 0]);
  const d = multiply(transpose(pm), multiply(m2, pm));
  const half: number[] = [];
  for (let k = 0; k < 4; k++) {
    const [re, im] = entry(d, k, k);
    half.push(Math.atan2(im, re) / 2);
  }
  // The half-phases must sum to a multiple of 2π for K1 to have determinant 1.
  const sum = half.reduce((s, x) => s + x, 0);
  const turns = Math.round(sum / Math.PI);
  if (turns % 2 !== 0) half[0] = half[0]! - Math.PI;
  const dhInv = build(4, (r, c) => (r === c ? [Math.cos(-half[r]!), Math.sin(-half[r]!)] : [0, 0]));
  const k1p = multiply(up, multiply(pm, dhInv));
  const k1 = multiply(MAGIC, multiply(k1p, MAGIC_DAG));
  const k2 = multiply(MAGIC, multiply(transpose(pm), MAGIC_DAG));
  const [h1, h2, h3, h4] = half as [number, number, number, number];
  const a = (h1 + h2 - h3 - h4) / 4;
  const b = (h2 + h4 - h1 - h3) / 4;
  const c = (h1 + h4 - h2 - h3) / 4;
  // The diagonal carries e^{i·Σh/4} beyond exp(i(aXX + bYY + cZZ)).
  phase += (h1 + h2 + h3 + h4) / 4;
  const s1 = splitKron(k1),
    s2 = splitKron(k2);
  return { coords: [a, b, c], phase, k1: [s1.high, s1.low], k2: [s2.high, s2.low] };
}

/** Reduce `x` into (−π/4, π/4] by whole multiples of π/2; returns the value and the multiple. */
function reduceQuarter(x: number): [number, number] {
  let k = Math.round(x / (Math.PI / 2));
  let r = x - (k * Math.PI) / 2;
  if (r <= -Math.PI / 4 + 1e-13) {
    r += Math.PI / 2;
    k -= 1;
  }
  return [r, k];
}

/**
 * Decompose a two-qubit unitary. The result satisfies
 * `U = e^{iφ} · (after[0] ⊗ after[1]) · canonicalGate(a, b, c) · (before[0] ⊗ before[1])`.
 */
export function weylDecomposition(u: ComplexMatrix): WeylDecomposition {
  if (u.dim !== 4) throw new RangeError(`a two-qubit unitary is 4×4, not ${u.dim}×${u.dim}`);
  const raw = rawDecomposition(u);
  let [k1h, k1l] = raw.k1;
  let [k2h, k2l] = raw.k2;
  let phase = raw.phase;
  const coords = [...raw.coords];
  const paulis = [PX, PY, PZ];
  // Shift every coordinate into (−π/4, π/4]: N(x + kπ/2) = N(x) · (i·PP)^k.
  for (let i = 0; i < 3; i++) {
    const [r, k] = reduceQuarter(coords[i]!);
    coords[i] = r;
    const times = ((k % 4) + 4) % 4;
    for (let t = 0; t < times; t++) {
      k2h = multiply(paulis[i]!, k2h);
      k2l = multiply(paulis[i]!, k2l);
    }
    phase += (k * Math.PI) / 2;
  }
  // Conjugations by local Cliffords permute and negate coordinates:
  // N(…) = (g† ⊗ g†) · N(permuted) · (g ⊗ g) for a swap, (g ⊗ 1) · N(negated) · (g ⊗ 1) for signs.
  const swap = (i: number, j: number, g: ComplexMatrix) => {
    const gd = adjoint(g);
    k1h = multiply(k1h, gd);
    k1l = multiply(k1l, gd);
    k2h = multiply(g, k2h);
    k2l = multiply(g, k2l);
    const t = coords[i]!;
    coords[i] = coords[j]!;
    coords[j] = t;
  };
  const swapWith = (i: number, j: number) => {
    if (i === j) return;
    const pair = i + j;
    // a↔b: S; a↔c: H; b↔c: Rx(π/2) maps (…, b, c) to (…, c, b).
    if (pair === 1) swap(0, 1, S);
    else if (pair === 2) swap(0, 2, H);
    else swap(1, 2, RX90);
  };
  // Sort by magnitude, largest first.
  for (let i = 0; i < 2; i++) {
    let k = i;
    for (let j = i + 1; j < 3; j++) if (Math.abs(coords[j]!) > Math.abs(coords[k]!) + 1e-15) k = j;
    swapWith(i, k);
  }
  const flip = (i: number, j: number) => {
    // Z flips (a, b), X flips (b, c), Y flips (a, c); applied to qubit 1 on both sides.
    const g = i + j === 1 ? PZ : i + j === 3 ? PX : PY;
    k1h = multiply(k1h, g);
    k2h = multiply(g, k2h);
    coords[i] = -coords[i]!;
    coords[j] = -coords[j]!;
  };
  if (coords[0]! < 0 && coords[1]! < 0) flip(0, 1);
  else if (coords[0]! < 0) flip(0, 2);
  else if (coords[1]! < 0) flip(1, 2);
  return {
    a: coords[0]!,
    b: coords[1]!,
    c: coords[2]!,
    phase,
    after: [k1h, k1l],
    before: [k2h, k2l],
  };
}

/** Recompose a decomposition into its 4×4 unitary (for checks). */
export function recompose(w: WeylDecomposition): ComplexMatrix {
  const m = multiply(
    kron2(w.after[0], w.after[1]),
    multiply(canonicalGate(w.a, w.b, w.c), kron2(w.before[0], w.before[1])),
  );
  return scale(m, [Math.cos(w.phase), Math.sin(w.phase)]);
}
