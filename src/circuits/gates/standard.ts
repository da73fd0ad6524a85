/**
 * The standard gates: every gate a circuit may name without defining it, under Qiskit's
 * names (`Gate.name`), with its number of qubits and angles, its Qiskit class and its unitary
 * in Qiskit's conventions (little-endian over the gate's qubits; for controlled gates the
 * controls come first).
 *
 * Gates whose textbook definition is a sequence of other gates (ECR, DCX and the
 * relative-phase Toffolis) get their matrix from that sequence, so the two cannot disagree.
 *
 * @module
 */
import {
  controlled,
  diagonal,
  embed,
  fromRows,
  identity,
  multiply,
  phase,
  scale,
  type Complex,
  type ComplexMatrix,
} from './matrix.js';

/** One standard gate. */
export interface StandardGate {
  /** The canonical name (Qiskit's `Gate.name`, except `c3x` and `c4x` which Qiskit names `mcx`). */
  readonly name: string;
  readonly numQubits: number;
  readonly numParams: number;
  /** The Qiskit class implementing it (the name QPY writes for it). */
  readonly qiskitClass: string;
  /** Whether OpenQASM 3's `stdgates.inc` declares it under this name. */
  readonly stdgates: boolean;
  /** The unitary for numeric angles. */
  readonly matrix: (params: readonly number[]) => ComplexMatrix;
}

const S = Math.SQRT1_2;
const I: Complex = [0, 1];
const NEG_I: Complex = [0, -1];

function u(theta: number, phi: number, lambda: number): ComplexMatrix {
  const c = Math.cos(theta / 2),
    s = Math.sin(theta / 2);
  const el = phase(lambda),
    ep = phase(phi),
    epl = phase(phi + lambda);
  return fromRows([
    [c, [-el[0] * s, -el[1] * s]],
    [
      [ep[0] * s, ep[1] * s],
      [epl[0] * c, epl[1] * c],
    ],
  ]);
}

function rx(theta: number): ComplexMatrix {
  const c = Math.cos(theta / 2),
    s = Math.sin(theta / 2);
  return fromRows([
    [c, [0, -s]],
    [[0, -s], c],
  ]);
}

function ry(theta: number): ComplexMatrix {
  const c = Math.cos(theta / 2),
    s = Math.sin(theta / 2);
  return fromRows([
    [c, -s],
    [s, c],
  ]);
}

function rz(theta: number): ComplexMatrix {
  return diagonal([phase(-theta / 2), phase(theta / 2)]);
}

function p(lambda: number): ComplexMatrix {
  return diagonal([[1, 0], phase(lambda)]);
}

const X = fromRows([
  [0, 1],
  [1, 0],
]);
const Y = fromRows([
  [0, NEG_I],
  [I, 0],
]);
const Z = diagonal([
  [1, 0],
  [-1, 0],
]);
const H = fromRows([
  [S, S],
  [S, -S],
]);
const SX = fromRows([
  [
    [0.5, 0.5],
    [0.5, -0.5],
  ],
  [
    [0.5, -0.5],
    [0.5, 0.5],
  ],
]);
const SXDG = fromRows([
  [
    [0.5, -0.5],
    [0.5, 0.5],
  ],
  [
    [0.5, 0.5],
    [0.5, -0.5],
  ],
]);
const SWAP = fromRows([
  [1, 0, 0, 0],
  [0, 0, 1, 0],
  [0, 1, 0, 0],
  [0, 0, 0, 1],
]);

/** `exp(−iθ/2 · A⊗B)` for Paulis with `A` on gate qubit 1 and `B` on gate qubit 0. */
function twoQubitRotation(a: ComplexMatrix, b: ComplexMatrix, theta: number): ComplexMatrix {
  // For a Pauli product P (P² = I): exp(−iθ/2 P) = cos(θ/2)·I − i·sin(θ/2)·P.
  const pp = multiply(embed(a, [1], 2), embed(b, [0], 2));
  const c = Math.cos(theta / 2),
    s = Math.sin(theta / 2);
  const out = scale(identity(4), [c, 0]);
  const sp = scale(pp, [0, -s]);
  for (let i = 0; i < out.data.length; i++) out.data[i]! += sp.data[i]!;
  return out;
}

/** The matrix of a sequence of `[matrix, qubits]` steps on `n` qubits, first step first. */
function sequence(n: number, steps: readonly (readonly [ComplexMatrix, readonly number[]])[]) {
  let m = identity(1 << n);
  for (const [g, qs] of steps) m = multiply(embed(g, qs, n), m);
  return m;
}

const CX = controlled(X, 1);
const ECR = sequence(2, [
  [twoQubitRotation(X, Z, Math.PI / 4), [0, 1]],
  [X, [0]],
  [twoQubitRotation(X, Z, -Math.PI / 4), [0, 1]],
]);
const DCX = sequence(2, [
  [CX, [0, 1]],
  [CX, [1, 0]],
]);
const U2_0_PI = u(Math.PI / 2, 0, Math.PI);
const RCCX = sequence(3, [
  [U2_0_PI, [2]],
  [p(Math.PI / 4), [2]],
  [CX, [1, 2]],
  [p(-Math.PI / 4), [2]],
  [CX, [0, 2]],
  [p(Math.PI / 4), [2]],
  [CX, [1, 2]],
  [p(-Math.PI / 4), [2]],
  [U2_0_PI, [2]],
]);
const RC3X = sequence(4, [
  [U2_0_PI, [3]],
  [p(Math.PI / 4), [3]],
  [CX, [2, 3]],
  [p(-Math.PI / 4), [3]],
  [U2_0_PI, [3]],
  [CX, [0, 3]],
  [p(Math.PI / 4), [3]],
  [CX, [1, 3]],
  [p(-Math.PI / 4), [3]],
  [CX, [0, 3]],
  [p(Math.PI / 4), [3]],
  [CX, [1, 3]],
  [p(-Math.PI / 4), [3]],
  [U2_0_PI, [3]],
  [p(Math.PI / 4), [3]],
  [CX, [2, 3]],
  [p(-Math.PI / 4), [3]],
  [U2_0_PI, [3]],
]);

function xxMinusYY(theta: number, beta: number): ComplexMatrix {
  const c = Math.cos(theta / 2),
    s = Math.sin(theta / 2);
  const em = phase(-beta),
    ep = phase(beta);
  return fromRows([
    [c, 0, 0, [s * em[1], -s * em[0]]],
    [0, 1, 0, 0],
    [0, 0, 1, 0],
    [[s * ep[1], -s * ep[0]], 0, 0, c],
  ]);
}

function xxPlusYY(theta: number, beta: number): ComplexMatrix {
  const c = Math.cos(theta / 2),
    s = Math.sin(theta / 2);
  const em = phase(-beta),
    ep = phase(beta);
  return fromRows([
    [1, 0, 0, 0],
    [0, c, [s * em[1], -s * em[0]], 0],
    [0, [s * ep[1], -s * ep[0]], c, 0],
    [0, 0, 0, 1],
  ]);
}

function r(theta: number, phi: number): ComplexMatrix {
  const c = Math.cos(theta / 2),
    s = Math.sin(theta / 2);
  const em = phase(-phi),
    ep = phase(phi);
  // [[cos, −i e^{−iφ} sin], [−i e^{iφ} sin, cos]]
  return fromRows([
    [c, [s * em[1], -s * em[0]]],
    [[s * ep[1], -s * ep[0]], c],
  ]);
}

const fixed =
  (m: ComplexMatrix): StandardGate['matrix'] =>
  () =>
    m;

type Row = readonly [
  name: string,
  numQubits: number,
  numParams: number,
  qiskitClass: string,
  stdgates: boolean,
  matrix: StandardGate['matrix'],
];

const ROWS: readonly Row[] = [
  ['global_phase', 0, 1, 'GlobalPhaseGate', false, ([t]) => diagonal([phase(t!)])],
  ['id', 1, 0, 'IGate', true, fixed(identity(2))],
  ['x', 1, 0, 'XGate', true, fixed(X)],
  ['y', 1, 0, 'YGate', true, fixed(Y)],
  ['z', 1, 0, 'ZGate', true, fixed(Z)],
  ['h', 1, 0, 'HGate', true, fixed(H)],
  ['s', 1, 0, 'SGate', true, fixed(p(Math.PI / 2))],
  ['sdg', 1, 0, 'SdgGate', true, fixed(p(-Math.PI / 2))],
  ['t', 1, 0, 'TGate', true, fixed(p(Math.PI / 4))],
  ['tdg', 1, 0, 'TdgGate', true, fixed(p(-Math.PI / 4))],
  ['sx', 1, 0, 'SXGate', true, fixed(SX)],
  ['sxdg', 1, 0, 'SXdgGate', false, fixed(SXDG)],
  ['rx', 1, 1, 'RXGate', true, ([t]) => rx(t!)],
  ['ry', 1, 1, 'RYGate', true, ([t]) => ry(t!)],
  ['rz', 1, 1, 'RZGate', true, ([t]) => rz(t!)],
  ['p', 1, 1, 'PhaseGate', true, ([l]) => p(l!)],
  ['r', 1, 2, 'RGate', false, ([t, f]) => r(t!, f!)],
  ['u', 1, 3, 'UGate', false, ([t, f, l]) => u(t!, f!, l!)],
  ['u1', 1, 1, 'U1Gate', true, ([l]) => p(l!)],
  ['u2', 1, 2, 'U2Gate', true, ([f, l]) => u(Math.PI / 2, f!, l!)],
  ['u3', 1, 3, 'U3Gate', true, ([t, f, l]) => u(t!, f!, l!)],
  ['cx', 2, 0, 'CXGate', true, fixed(CX)],
  ['cy', 2, 0, 'CYGate', true, fixed(controlled(Y, 1))],
  ['cz', 2, 0, 'CZGate', true, fixed(controlled(Z, 1))],
  ['ch', 2, 0, 'CHGate', true, fixed(controlled(H, 1))],
  ['cs', 2, 0, 'CSGate', false, fixed(controlled(p(Math.PI / 2), 1))],
  ['csdg', 2, 0, 'CSdgGate', false, fixed(controlled(p(-Math.PI / 2), 1))],
  ['csx', 2, 0, 'CSXGate', false, fixed(controlled(SX, 1))],
  ['cp', 2, 1, 'CPhaseGate', true, ([l]) => controlled(p(l!), 1)],
  ['crx', 2, 1, 'CRXGate', true, ([t]) => controlled(rx(t!), 1)],
  ['cry', 2, 1, 'CRYGate', true, ([t]) => controlled(ry(t!), 1)],
  ['crz', 2, 1, 'CRZGate', true, ([t]) => controlled(rz(t!), 1)],
  ['cu', 2, 4, 'CUGate', true, ([t, f, l, g]) => controlled(scale(u(t!, f!, l!), phase(g!)), 1)],
  ['cu1', 2, 1, 'CU1Gate', false, ([l]) => controlled(p(l!), 1)],
  ['cu3', 2, 3, 'CU3Gate', false, ([t, f, l]) => controlled(u(t!, f!, l!), 1)],
  ['swap', 2, 0, 'SwapGate', true, fixed(SWAP)],
  [
    'iswap',
    2,
    0,
    'iSwapGate',
    false,
    fixed(
      fromRows([
        [1, 0, 0, 0],
        [0, 0, I, 0],
        [0, I, 0, 0],
        [0, 0, 0, 1],
      ]),
    ),
  ],
  ['dcx', 2, 0, 'DCXGate', false, fixed(DCX)],
  ['ecr', 2, 0, 'ECRGate', false, fixed(ECR)],
  ['rxx', 2, 1, 'RXXGate', false, ([t]) => twoQubitRotation(X, X, t!)],
  ['ryy', 2, 1, 'RYYGate', false, ([t]) => twoQubitRotation(Y, Y, t!)],
  ['rzz', 2, 1, 'RZZGate', false, ([t]) => twoQubitRotation(Z, Z, t!)],
  ['rzx', 2, 1, 'RZXGate', false, ([t]) => twoQubitRotation(X, Z, t!)],
  ['xx_minus_yy', 2, 2, 'XXMinusYYGate', false, ([t, b]) => xxMinusYY(t!, b!)],
  ['xx_plus_yy', 2, 2, 'XXPlusYYGate', false, ([t, b]) => xxPlusYY(t!, b!)],
  ['ccx', 3, 0, 'CCXGate', true, fixed(controlled(X, 2))],
  ['ccz', 3, 0, 'CCZGate', false, fixed(controlled(Z, 2))],
  ['cswap', 3, 0, 'CSwapGate', true, fixed(controlled(SWAP, 1))],
  ['rccx', 3, 0, 'RCCXGate', false, fixed(RCCX)],
  ['c3x', 4, 0, 'C3XGate', false, fixed(controlled(X, 3))],
  ['c3sx', 4, 0, 'C3SXGate', false, fixed(controlled(SX, 3))],
  ['rcccx', 4, 0, 'RC3XGate', false, fixed(RC3X)],
  ['c4x', 5, 0, 'C4XGate', false, fixed(controlled(X, 4))],
];

/** Every standard gate by canonical name. */
export const STANDARD_GATES: ReadonlyMap<string, StandardGate> = new Map(
  ROWS.map(([name, numQubits, numParams, qiskitClass, stdgates, matrix]) => [
    name,
    { name, numQubits, numParams, qiskitClass, stdgates, matrix },
  ]),
);

/** The standard gate called `name`, or `undefined`. */
export function standardGate(name: string): StandardGate | undefined {
  return STANDARD_GATES.get(name);
}
