/**
 * Turns a named gate with numeric angles into a {@link GateOp} (the kernel to run and its
 * precomputed matrix), and runs a `GateOp` over a range of its index space.
 *
 * @module
 */
import { describeValue } from '../../codecs/errors.js';
import { BUILTIN_GATES, LIBRARY_GATES } from '../../circuits/qasm/gates.js';
import { SimulationError } from './errors.js';
import * as k from './kernels.js';

/** The gates the simulator has kernels for, under their canonical names. */
export type StandardGateName =
  | 'id'
  | 'x'
  | 'y'
  | 'z'
  | 'h'
  | 's'
  | 'sdg'
  | 't'
  | 'tdg'
  | 'sx'
  | 'sxdg'
  | 'rx'
  | 'ry'
  | 'rz'
  | 'p'
  | 'u'
  | 'cx'
  | 'cy'
  | 'cz'
  | 'ch'
  | 'csx'
  | 'crx'
  | 'cry'
  | 'crz'
  | 'cp'
  | 'cu'
  | 'swap'
  | 'rxx'
  | 'ryy'
  | 'rzz'
  | 'ecr'
  | 'ccx'
  | 'cswap';

/** A gate ready to run: which kernel, on which qubits, with which precomputed numbers. */
export type GateOp =
  | { readonly kind: 'none' }
  | { readonly kind: 'matrix1'; readonly q: number; readonly m: Float64Array }
  | {
      readonly kind: 'real1';
      readonly q: number;
      readonly m00: number;
      readonly m01: number;
      readonly m10: number;
      readonly m11: number;
    }
  | { readonly kind: 'h' | 'x' | 'y'; readonly q: number }
  | { readonly kind: 'phase1'; readonly q: number; readonly pr: number; readonly pi: number }
  | {
      readonly kind: 'diag1';
      readonly q: number;
      readonly d0r: number;
      readonly d0i: number;
      readonly d1r: number;
      readonly d1i: number;
    }
  | { readonly kind: 'cx'; readonly c: number; readonly t: number }
  | {
      readonly kind: 'controlled1';
      readonly c: number;
      readonly t: number;
      readonly m: Float64Array;
    }
  | {
      readonly kind: 'phase2';
      readonly q0: number;
      readonly q1: number;
      readonly pr: number;
      readonly pi: number;
    }
  | { readonly kind: 'swap'; readonly q0: number; readonly q1: number }
  | {
      readonly kind: 'matrix2' | 'diag2';
      readonly q0: number;
      readonly q1: number;
      readonly m: Float64Array;
    }
  | { readonly kind: 'ccx'; readonly c0: number; readonly c1: number; readonly t: number }
  | { readonly kind: 'cswap'; readonly c: number; readonly q0: number; readonly q1: number };

/** How many qubits a kernel's index space removes: N >> freeBits(op) units to cover. */
export function opQubitCount(op: GateOp): number {
  switch (op.kind) {
    case 'none':
      return 0;
    case 'matrix1':
    case 'real1':
    case 'h':
    case 'x':
    case 'y':
    case 'phase1':
    case 'diag1':
      return 1;
    case 'ccx':
    case 'cswap':
      return 3;
    default:
      return 2;
  }
}

/** Run `op` over units `[lo, hi)` of its index space (see `kernels.ts`). */
export function runGateOp(a: Float64Array, op: GateOp, lo: number, hi: number): void {
  // Integer-typed bounds keep the kernels' loop counters in int32 arithmetic.
  lo |= 0;
  hi |= 0;
  switch (op.kind) {
    case 'none':
      return;
    case 'matrix1':
      return k.matrix1(a, op.q, lo, hi, op.m);
    case 'real1':
      return k.real1(a, op.q, lo, hi, op.m00, op.m01, op.m10, op.m11);
    case 'h':
      return k.hadamard(a, op.q, lo, hi);
    case 'x':
      return k.pauliX(a, op.q, lo, hi);
    case 'y':
      return k.pauliY(a, op.q, lo, hi);
    case 'phase1':
      return k.phase1(a, op.q, lo, hi, op.pr, op.pi);
    case 'diag1':
      return k.diag1(a, op.q, lo, hi, op.d0r, op.d0i, op.d1r, op.d1i);
    case 'cx':
      return k.cx(a, op.c, op.t, lo, hi);
    case 'controlled1':
      return k.controlled1(a, op.c, op.t, lo, hi, op.m);
    case 'phase2':
      return k.phase2(a, op.q0, op.q1, lo, hi, op.pr, op.pi);
    case 'swap':
      return k.swap(a, op.q0, op.q1, lo, hi);
    case 'matrix2':
      return k.matrix2(a, op.q0, op.q1, lo, hi, op.m);
    case 'diag2':
      return k.diag2(a, op.q0, op.q1, lo, hi, op.m);
    case 'ccx':
      return k.ccx(a, op.c0, op.c1, op.t, lo, hi);
    case 'cswap':
      return k.cswap(a, op.c, op.q0, op.q1, lo, hi);
  }
}

/** A 2×2 complex matrix as 8 numbers: rows of (re, im) pairs. */
type M2 = readonly [number, number, number, number, number, number, number, number];

const S = Math.SQRT1_2;
const H: M2 = [S, 0, S, 0, S, 0, -S, 0];
const Y: M2 = [0, 0, 0, -1, 0, 1, 0, 0];
const SX: M2 = [0.5, 0.5, 0.5, -0.5, 0.5, -0.5, 0.5, 0.5];
const SXDG: M2 = [0.5, -0.5, 0.5, 0.5, 0.5, 0.5, 0.5, -0.5];

function rx(theta: number): M2 {
  const c = Math.cos(theta / 2),
    s = Math.sin(theta / 2);
  return [c, 0, 0, -s, 0, -s, c, 0];
}

function ry(theta: number): M2 {
  const c = Math.cos(theta / 2),
    s = Math.sin(theta / 2);
  return [c, 0, -s, 0, s, 0, c, 0];
}

function rzDiag(theta: number): M2 {
  const c = Math.cos(theta / 2),
    s = Math.sin(theta / 2);
  return [c, -s, 0, 0, 0, 0, c, s];
}

/** Qiskit's U(θ, φ, λ) times the global phase e^{iγ}. */
function u(theta: number, phi: number, lambda: number, gamma = 0): M2 {
  const c = Math.cos(theta / 2),
    s = Math.sin(theta / 2);
  return [
    c * Math.cos(gamma),
    c * Math.sin(gamma),
    -s * Math.cos(lambda + gamma),
    -s * Math.sin(lambda + gamma),
    s * Math.cos(phi + gamma),
    s * Math.sin(phi + gamma),
    c * Math.cos(phi + lambda + gamma),
    c * Math.sin(phi + lambda + gamma),
  ];
}

const f64 = (m: readonly number[]): Float64Array => Float64Array.from(m);

/** ECR in Qiskit's convention, (IX − XY)/√2 with qubit 0 the first operand. */
// prettier-ignore
const ECR = f64([
  0, 0, S, 0, 0, 0, 0, S,
  S, 0, 0, 0, 0, -S, 0, 0,
  0, 0, 0, S, 0, 0, S, 0,
  0, -S, 0, 0, S, 0, 0, 0,
]);

function rxx(theta: number): Float64Array {
  const c = Math.cos(theta / 2),
    s = Math.sin(theta / 2);
  const m = new Float64Array(32);
  for (let r = 0; r < 4; r++) {
    m[r * 8 + r * 2] = c;
    m[r * 8 + (3 - r) * 2 + 1] = -s;
  }
  return m;
}

function ryy(theta: number): Float64Array {
  const c = Math.cos(theta / 2),
    s = Math.sin(theta / 2);
  const m = new Float64Array(32);
  for (let r = 0; r < 4; r++) m[r * 8 + r * 2] = c;
  // −i·sin·(Y⊗Y): YY|00⟩ = −|11⟩, YY|01⟩ = |10⟩, YY|10⟩ = |01⟩, YY|11⟩ = −|00⟩.
  m[0 * 8 + 3 * 2 + 1] = s;
  m[1 * 8 + 2 * 2 + 1] = -s;
  m[2 * 8 + 1 * 2 + 1] = -s;
  m[3 * 8 + 0 * 2 + 1] = s;
  return m;
}

function rzz(theta: number): Float64Array {
  const c = Math.cos(theta / 2),
    s = Math.sin(theta / 2);
  return f64([c, -s, c, s, c, s, c, -s]);
}

const canonicalNames: ReadonlyMap<string, StandardGateName> = new Map(
  [...LIBRARY_GATES]
    .filter(([written, g]) => written === g.name)
    .map(([, g]) => [g.name, g.name as StandardGateName]),
);

/**
 * Build the {@link GateOp} for gate `name` (a canonical name such as `cx`, or any alias the
 * parser accepts: `U`, `CX`, `u1`, `u2`, `u3`, `cu1`, ...) on `qubits` of an `numQubits`-qubit
 * state. Throws {@link SimulationError} for an unknown gate, wrong arity, a qubit out of range
 * or repeated, or a non-finite angle.
 */
export function compileGate(
  name: string,
  qubits: readonly number[],
  params: readonly number[],
  numQubits: number,
): GateOp {
  const signature = canonicalNames.has(name)
    ? LIBRARY_GATES.get(name)!
    : (BUILTIN_GATES.get(name) ?? LIBRARY_GATES.get(name));
  if (!signature) throw new SimulationError(`unknown gate '${name}'`);
  if (qubits.length !== signature.numQubits) {
    throw new SimulationError(
      `gate '${name}' acts on ${signature.numQubits} qubit(s), got ${qubits.length}`,
    );
  }
  if (params.length !== signature.numParams) {
    throw new SimulationError(
      `gate '${name}' takes ${signature.numParams} angle(s), got ${params.length}`,
    );
  }
  for (const q of qubits) {
    if (!Number.isInteger(q) || q < 0 || q >= numQubits) {
      throw new SimulationError(`qubit ${q} is out of range for a ${numQubits}-qubit state`);
    }
  }
  if (new Set(qubits).size !== qubits.length) {
    throw new SimulationError(`gate '${name}' is applied to the same qubit twice`);
  }
  for (const p of params) {
    if (typeof p !== 'number' || !Number.isFinite(p)) {
      throw new SimulationError(`gate '${name}' got a non-finite angle ${describeValue(p)}`);
    }
  }
  const angles = signature.rewrite ? (signature.rewrite(params) as number[]) : params;
  return buildOp(signature.name as StandardGateName, qubits, angles);
}

function buildOp(name: StandardGateName, qs: readonly number[], p: readonly number[]): GateOp {
  const q = qs[0]!,
    r = qs[1]!,
    t = qs[2]!;
  const one = (m: M2): GateOp => ({ kind: 'matrix1', q, m: f64(m) });
  const ctl = (m: M2): GateOp => ({ kind: 'controlled1', c: q, t: r, m: f64(m) });
  const phase = (angle: number): GateOp => ({
    kind: 'phase1',
    q,
    pr: Math.cos(angle),
    pi: Math.sin(angle),
  });
  switch (name) {
    case 'id':
      return { kind: 'none' };
    case 'x':
    case 'y':
    case 'h':
      return { kind: name, q };
    case 'z':
      return { kind: 'phase1', q, pr: -1, pi: 0 };
    case 's':
      return { kind: 'phase1', q, pr: 0, pi: 1 };
    case 'sdg':
      return { kind: 'phase1', q, pr: 0, pi: -1 };
    case 't':
      return phase(Math.PI / 4);
    case 'tdg':
      return phase(-Math.PI / 4);
    case 'p':
      return phase(p[0]!);
    case 'sx':
      return one(SX);
    case 'sxdg':
      return one(SXDG);
    case 'rx':
      return one(rx(p[0]!));
    case 'ry': {
      const [m00, , m01, , m10, , m11] = ry(p[0]!);
      return { kind: 'real1', q, m00, m01, m10, m11 };
    }
    case 'rz': {
      const [d0r, d0i, , , , , d1r, d1i] = rzDiag(p[0]!);
      return { kind: 'diag1', q, d0r, d0i, d1r, d1i };
    }
    case 'u':
      return one(u(p[0]!, p[1]!, p[2]!));
    case 'cx':
      return { kind: 'cx', c: q, t: r };
    case 'cy':
      return ctl(Y);
    case 'cz':
      return { kind: 'phase2', q0: q, q1: r, pr: -1, pi: 0 };
    case 'ch':
      return ctl(H);
    case 'csx':
      return ctl(SX);
    case 'crx':
      return ctl(rx(p[0]!));
    case 'cry':
      return ctl(ry(p[0]!));
    case 'crz':
      return ctl(rzDiag(p[0]!));
    case 'cp':
      return { kind: 'phase2', q0: q, q1: r, pr: Math.cos(p[0]!), pi: Math.sin(p[0]!) };
    case 'cu':
      return ctl(u(p[0]!, p[1]!, p[2]!, p[3]!));
    case 'swap':
      return { kind: 'swap', q0: q, q1: r };
    case 'rxx':
      return { kind: 'matrix2', q0: q, q1: r, m: rxx(p[0]!) };
    case 'ryy':
      return { kind: 'matrix2', q0: q, q1: r, m: ryy(p[0]!) };
    case 'rzz':
      return { kind: 'diag2', q0: q, q1: r, m: rzz(p[0]!) };
    case 'ecr':
      return { kind: 'matrix2', q0: q, q1: r, m: ECR };
    case 'ccx':
      return { kind: 'ccx', c0: q, c1: r, t };
    case 'cswap':
      return { kind: 'cswap', c: q, q0: r, q1: t };
  }
}
