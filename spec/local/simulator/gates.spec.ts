import fc from 'fast-check';
import { SimulationError, StateVector } from '../../../src/local/simulator/index.js';
import { compileGate } from '../../../src/local/simulator/gate-ops.js';

// ---- a tiny dense complex linear algebra, written independently of the simulator ----------

type C = readonly [number, number];
type Matrix = C[][];

const c = (re: number, im = 0): C => [re, im];
const mul = (a: C, b: C): C => [a[0] * b[0] - a[1] * b[1], a[0] * b[1] + a[1] * b[0]];
const add = (a: C, b: C): C => [a[0] + b[0], a[1] + b[1]];
const scale = (m: Matrix, s: C): Matrix => m.map((row) => row.map((x) => mul(x, s)));
const expi = (t: number): C => [Math.cos(t), Math.sin(t)];

function identity(n: number): Matrix {
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => c(i === j ? 1 : 0)),
  );
}

/** kron(A, B): B acts on the low bits of the index, A on the high bits. */
function kron(a: Matrix, b: Matrix): Matrix {
  const n = b.length;
  const out: Matrix = [];
  for (let i = 0; i < a.length * n; i++) {
    const row: C[] = [];
    for (let j = 0; j < a.length * n; j++) {
      row.push(mul(a[Math.floor(i / n)]![Math.floor(j / n)]!, b[i % n]![j % n]!));
    }
    out.push(row);
  }
  return out;
}

function sub(a: Matrix, b: Matrix): Matrix {
  return a.map((row, i) => row.map((x, j) => add(x, mul(b[i]![j]!, c(-1)))));
}

/**
 * The full 2^n × 2^n operator of gate `g` on operands `qs`: permute the qubits so the operands
 * come first (operand j on bit j), take kron(I, g) there, and permute back.
 */
function embed(g: Matrix, qs: readonly number[], n: number): Matrix {
  const k = qs.length;
  const rest = Array.from({ length: n }, (_, q) => q).filter((q) => !qs.includes(q));
  const order = [...qs, ...rest]; // new bit b holds original qubit order[b]
  const permute = (i: number): number =>
    order.reduce((acc, q, b) => acc | (((i >> q) & 1) << b), 0);
  const inner = kron(identity(2 ** (n - k)), g);
  const dim = 2 ** n;
  return Array.from({ length: dim }, (_, i) =>
    Array.from({ length: dim }, (_, j) => inner[permute(i)]![permute(j)]!),
  );
}

function apply(m: Matrix, psi: readonly C[]): C[] {
  return m.map((row) => row.reduce<C>((acc, x, j) => add(acc, mul(x, psi[j]!)), c(0)));
}

/** Controlled-U with the control on operand 0 (the low bit), as Qiskit writes its matrices. */
function controlled(u: Matrix): Matrix {
  return [
    [c(1), c(0), c(0), c(0)],
    [c(0), u[0]![0]!, c(0), u[0]![1]!],
    [c(0), c(0), c(1), c(0)],
    [c(0), u[1]![0]!, c(0), u[1]![1]!],
  ];
}

function permutation(images: readonly number[]): Matrix {
  return images.map((_, i) => images.map((img) => c(img === i ? 1 : 0)));
}

// ---- the gates, from their textbook / Qiskit definitions ------------------------------------

const R = Math.SQRT1_2;
const X: Matrix = [
  [c(0), c(1)],
  [c(1), c(0)],
];
const Y: Matrix = [
  [c(0), c(0, -1)],
  [c(0, 1), c(0)],
];
const Z: Matrix = [
  [c(1), c(0)],
  [c(0), c(-1)],
];
const H: Matrix = [
  [c(R), c(R)],
  [c(R), c(-R)],
];
const diag = (a: C, b: C): Matrix => [
  [a, c(0)],
  [c(0), b],
];
const SX: Matrix = [
  [c(0.5, 0.5), c(0.5, -0.5)],
  [c(0.5, -0.5), c(0.5, 0.5)],
];
const SXDG: Matrix = [
  [c(0.5, -0.5), c(0.5, 0.5)],
  [c(0.5, 0.5), c(0.5, -0.5)],
];
const rx = (t: number): Matrix => [
  [c(Math.cos(t / 2)), c(0, -Math.sin(t / 2))],
  [c(0, -Math.sin(t / 2)), c(Math.cos(t / 2))],
];
const ry = (t: number): Matrix => [
  [c(Math.cos(t / 2)), c(-Math.sin(t / 2))],
  [c(Math.sin(t / 2)), c(Math.cos(t / 2))],
];
const rz = (t: number): Matrix => diag(expi(-t / 2), expi(t / 2));
const p = (l: number): Matrix => diag(c(1), expi(l));
const u = (t: number, ph: number, l: number): Matrix => [
  [c(Math.cos(t / 2)), mul(expi(l), c(-Math.sin(t / 2)))],
  [mul(expi(ph), c(Math.sin(t / 2))), mul(expi(ph + l), c(Math.cos(t / 2)))],
];
const rotation2 = (pauli: Matrix, t: number): Matrix =>
  sub(scale(identity(4), c(Math.cos(t / 2))), scale(kron(pauli, pauli), c(0, Math.sin(t / 2))));
// Qiskit's documented ECR matrix (basis |q1 q0⟩: 00, 01, 10, 11).
const ECR: Matrix = [
  [c(0), c(R), c(0), c(0, R)],
  [c(R), c(0), c(0, -R), c(0)],
  [c(0), c(0, R), c(0), c(R)],
  [c(0, -R), c(0), c(R), c(0)],
];

interface GateCase {
  readonly name: string;
  readonly numQubits: number;
  readonly numParams: number;
  readonly matrix: (params: readonly number[]) => Matrix;
}

const CASES: GateCase[] = [
  { name: 'id', numQubits: 1, numParams: 0, matrix: () => identity(2) },
  { name: 'x', numQubits: 1, numParams: 0, matrix: () => X },
  { name: 'y', numQubits: 1, numParams: 0, matrix: () => Y },
  { name: 'z', numQubits: 1, numParams: 0, matrix: () => Z },
  { name: 'h', numQubits: 1, numParams: 0, matrix: () => H },
  { name: 's', numQubits: 1, numParams: 0, matrix: () => diag(c(1), c(0, 1)) },
  { name: 'sdg', numQubits: 1, numParams: 0, matrix: () => diag(c(1), c(0, -1)) },
  { name: 't', numQubits: 1, numParams: 0, matrix: () => diag(c(1), expi(Math.PI / 4)) },
  { name: 'tdg', numQubits: 1, numParams: 0, matrix: () => diag(c(1), expi(-Math.PI / 4)) },
  { name: 'sx', numQubits: 1, numParams: 0, matrix: () => SX },
  { name: 'sxdg', numQubits: 1, numParams: 0, matrix: () => SXDG },
  { name: 'rx', numQubits: 1, numParams: 1, matrix: ([t]) => rx(t!) },
  { name: 'ry', numQubits: 1, numParams: 1, matrix: ([t]) => ry(t!) },
  { name: 'rz', numQubits: 1, numParams: 1, matrix: ([t]) => rz(t!) },
  { name: 'p', numQubits: 1, numParams: 1, matrix: ([l]) => p(l!) },
  { name: 'u', numQubits: 1, numParams: 3, matrix: ([t, ph, l]) => u(t!, ph!, l!) },
  { name: 'cx', numQubits: 2, numParams: 0, matrix: () => controlled(X) },
  { name: 'cy', numQubits: 2, numParams: 0, matrix: () => controlled(Y) },
  { name: 'cz', numQubits: 2, numParams: 0, matrix: () => controlled(Z) },
  { name: 'ch', numQubits: 2, numParams: 0, matrix: () => controlled(H) },
  { name: 'csx', numQubits: 2, numParams: 0, matrix: () => controlled(SX) },
  { name: 'crx', numQubits: 2, numParams: 1, matrix: ([t]) => controlled(rx(t!)) },
  { name: 'cry', numQubits: 2, numParams: 1, matrix: ([t]) => controlled(ry(t!)) },
  { name: 'crz', numQubits: 2, numParams: 1, matrix: ([t]) => controlled(rz(t!)) },
  { name: 'cp', numQubits: 2, numParams: 1, matrix: ([l]) => controlled(p(l!)) },
  {
    name: 'cu',
    numQubits: 2,
    numParams: 4,
    matrix: ([t, ph, l, g]) => controlled(scale(u(t!, ph!, l!), expi(g!))),
  },
  { name: 'swap', numQubits: 2, numParams: 0, matrix: () => permutation([0, 2, 1, 3]) },
  { name: 'rxx', numQubits: 2, numParams: 1, matrix: ([t]) => rotation2(X, t!) },
  { name: 'ryy', numQubits: 2, numParams: 1, matrix: ([t]) => rotation2(Y, t!) },
  { name: 'rzz', numQubits: 2, numParams: 1, matrix: ([t]) => rotation2(Z, t!) },
  { name: 'ecr', numQubits: 2, numParams: 0, matrix: () => ECR },
  // Toffoli flips operand 2 when operands 0 and 1 are set: |011⟩ ↔ |111⟩.
  { name: 'ccx', numQubits: 3, numParams: 0, matrix: () => permutation([0, 1, 2, 7, 4, 5, 6, 3]) },
  // Fredkin swaps operands 1 and 2 when operand 0 is set: |011⟩ ↔ |101⟩.
  {
    name: 'cswap',
    numQubits: 3,
    numParams: 0,
    matrix: () => permutation([0, 1, 2, 5, 4, 3, 6, 7]),
  },
];

const N = 5;
const DIM = 2 ** N;

const stateArb = fc
  .array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 2 * DIM, maxLength: 2 * DIM })
  .filter((xs) => xs.some((x) => Math.abs(x) > 1e-3))
  .map((xs) => {
    const norm = Math.sqrt(xs.reduce((s, x) => s + x * x, 0));
    return xs.map((x) => x / norm);
  });

const angleArb = fc.double({ min: -10, max: 10, noNaN: true });

function qubitsArb(k: number) {
  return fc.shuffledSubarray(
    Array.from({ length: N }, (_, q) => q),
    { minLength: k, maxLength: k },
  );
}

function toComplex(interleaved: readonly number[]): C[] {
  return Array.from({ length: interleaved.length / 2 }, (_, i) =>
    c(interleaved[2 * i]!, interleaved[2 * i + 1]!),
  );
}

function expectClose(actual: Float64Array, expected: readonly C[]): void {
  let worst = 0;
  expected.forEach((e, i) => {
    worst = Math.max(worst, Math.abs(actual[2 * i]! - e[0]), Math.abs(actual[2 * i + 1]! - e[1]));
  });
  expect(worst).toBeLessThan(1e-12);
}

describe('StateVector.applyGate', () => {
  for (const g of CASES) {
    it(`applies ${g.name} as its ${2 ** g.numQubits}×${2 ** g.numQubits} matrix on random states and qubits`, () => {
      fc.assert(
        fc.property(
          stateArb,
          qubitsArb(g.numQubits),
          fc.array(angleArb, { minLength: g.numParams, maxLength: g.numParams }),
          (amps, qubits, params) => {
            const sv = new StateVector(N);
            sv.amplitudes.set(amps);
            sv.applyGate(g.name, qubits, params);
            expectClose(sv.amplitudes, apply(embed(g.matrix(params), qubits, N), toComplex(amps)));
          },
        ),
        { numRuns: 40 },
      );
    });
  }

  it('accepts the OpenQASM aliases U, CX, u1, u2, u3, phase, cphase, cu1, cu3', () => {
    const aliases: [string, number[], string, number[]][] = [
      ['U', [0.1, 0.2, 0.3], 'u', [0.1, 0.2, 0.3]],
      ['u3', [0.1, 0.2, 0.3], 'u', [0.1, 0.2, 0.3]],
      ['u2', [0.2, 0.3], 'u', [Math.PI / 2, 0.2, 0.3]],
      ['u1', [0.3], 'p', [0.3]],
      ['phase', [0.3], 'p', [0.3]],
    ];
    const twoQubit: [string, number[], string, number[]][] = [
      ['CX', [], 'cx', []],
      ['cphase', [0.4], 'cp', [0.4]],
      ['cu1', [0.4], 'cp', [0.4]],
      ['cu3', [0.1, 0.2, 0.3], 'cu', [0.1, 0.2, 0.3, 0]],
    ];
    fc.assert(
      fc.property(stateArb, (amps) => {
        for (const [alias, ap, name, np] of [...aliases, ...twoQubit]) {
          const qs = twoQubit.some((t) => t[0] === alias) ? [3, 1] : [2];
          const a = new StateVector(N);
          const b = new StateVector(N);
          a.amplitudes.set(amps);
          b.amplitudes.set(amps);
          a.applyGate(alias, qs, ap);
          b.applyGate(name, qs, np);
          expectClose(a.amplitudes, toComplex(Array.from(b.amplitudes)));
        }
      }),
      { numRuns: 10 },
    );
  });

  it('gives the same state when a gate is applied range by range', () => {
    const gatesUnderTest: [string, number[], number[]][] = [
      ['h', [0], []],
      ['rx', [3], [0.7]],
      ['cx', [4, 1], []],
      ['cp', [0, 2], [1.1]],
      ['rxx', [2, 0], [0.3]],
      ['ccx', [0, 3, 4], []],
    ];
    fc.assert(
      fc.property(
        stateArb,
        fc.constantFrom(...gatesUnderTest),
        fc.array(fc.integer({ min: 0, max: 16 }), { maxLength: 4 }),
        (amps, [name, qubits, params], cuts) => {
          const whole = new StateVector(N);
          whole.amplitudes.set(amps);
          whole.applyGate(name, qubits, params);
          const pieces = new StateVector(N);
          pieces.amplitudes.set(amps);
          const op = compileGate(name, qubits, params, N);
          const units = pieces.opUnits(op);
          const bounds = [...new Set([0, ...cuts.map((x) => Math.min(x, units)), units])].sort(
            (x, y) => x - y,
          );
          for (let i = 0; i + 1 < bounds.length; i++)
            pieces.applyOp(op, bounds[i]!, bounds[i + 1]!);
          expect(Array.from(pieces.amplitudes)).toEqual(Array.from(whole.amplitudes));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('rejects an unknown gate, a wrong arity, a bad qubit and a non-finite angle', () => {
    const sv = new StateVector(2);
    const cases: [string, number[], number[], string][] = [
      ['foo', [0], [], "unknown gate 'foo'"],
      ['cx', [0], [], "gate 'cx' acts on 2 qubit(s), got 1"],
      ['rz', [0], [], "gate 'rz' takes 1 angle(s), got 0"],
      ['x', [2], [], 'qubit 2 is out of range for a 2-qubit state'],
      ['cx', [1, 1], [], "gate 'cx' is applied to the same qubit twice"],
      ['rz', [0], [NaN], "gate 'rz' got a non-finite angle NaN"],
    ];
    for (const [name, qubits, params, message] of cases) {
      expect(() => sv.applyGate(name, qubits, params)).toThrowMatching(
        (e) => e instanceof SimulationError && e.message === message,
      );
    }
  });
});
