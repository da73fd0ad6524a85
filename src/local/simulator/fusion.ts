/**
 * Gate fusion: merges each run of single-qubit gates on one qubit (with no other step on that
 * qubit in between) into a single 2×2 matrix, so a chain such as `rz sx rz` costs one pass
 * over the state instead of three. Gates on different qubits commute, so a run may be applied
 * later than its members were written, but never past another step on its own qubit.
 *
 * @module
 */
import type { GateOp } from './gate-ops.js';
import type { Step } from './step.js';

/** A 2×2 complex matrix as 8 numbers: rows of (re, im) pairs. */
type Matrix2 = Float64Array;

/** The matrix of a single-qubit kernel, or `undefined` for any other kind. */
function matrixOf(op: GateOp): Matrix2 | undefined {
  const S = Math.SQRT1_2;
  switch (op.kind) {
    case 'matrix1':
      return op.m;
    case 'real1':
      return Float64Array.of(op.m00, 0, op.m01, 0, op.m10, 0, op.m11, 0);
    case 'h':
      return Float64Array.of(S, 0, S, 0, S, 0, -S, 0);
    case 'x':
      return Float64Array.of(0, 0, 1, 0, 1, 0, 0, 0);
    case 'y':
      return Float64Array.of(0, 0, 0, -1, 0, 1, 0, 0);
    case 'phase1':
      return Float64Array.of(1, 0, 0, 0, 0, 0, op.pr, op.pi);
    case 'diag1':
      return Float64Array.of(op.d0r, op.d0i, 0, 0, 0, 0, op.d1r, op.d1i);
    default:
      return undefined;
  }
}

/** The qubit of a single-qubit kernel. */
function qubitOf(op: GateOp): number {
  return (op as { q: number }).q;
}

/** `a · b` (apply b, then a). */
function multiply(a: Matrix2, b: Matrix2): Matrix2 {
  const out = new Float64Array(8);
  for (let r = 0; r < 2; r++) {
    for (let c = 0; c < 2; c++) {
      let re = 0,
        im = 0;
      for (let k = 0; k < 2; k++) {
        const xr = a[4 * r + 2 * k]!,
          xi = a[4 * r + 2 * k + 1]!,
          yr = b[4 * k + 2 * c]!,
          yi = b[4 * k + 2 * c + 1]!;
        re += xr * yr - xi * yi;
        im += xr * yi + xi * yr;
      }
      out[4 * r + 2 * c] = re;
      out[4 * r + 2 * c + 1] = im;
    }
  }
  return out;
}

/** The cheapest kernel for a fused matrix: a phase, a diagonal, or the general form. */
function opOf(q: number, m: Matrix2): GateOp {
  if (m[2] === 0 && m[3] === 0 && m[4] === 0 && m[5] === 0) {
    if (m[0] === 1 && m[1] === 0) return { kind: 'phase1', q, pr: m[6]!, pi: m[7]! };
    return { kind: 'diag1', q, d0r: m[0]!, d0i: m[1]!, d1r: m[6]!, d1i: m[7]! };
  }
  return { kind: 'matrix1', q, m };
}

/** The simulated qubits a step acts on. */
function qubitsOf(step: Step): readonly number[] {
  switch (step.kind) {
    case 'gate': {
      const op = step.op as Partial<Record<'q' | 'c' | 't' | 'q0' | 'q1' | 'c0' | 'c1', number>>;
      return [op.q, op.c, op.t, op.q0, op.q1, op.c0, op.c1].filter(
        (q): q is number => q !== undefined,
      );
    }
    case 'parametric':
      return step.qubits;
    default:
      return step.qubit >= 0 ? [step.qubit] : [];
  }
}

interface Pending {
  readonly first: GateOp;
  matrix: Matrix2;
  count: number;
}

/** Fuse runs of single-qubit gates in `steps` (see the module comment). */
export function fuseSingleQubitGates(steps: readonly Step[]): Step[] {
  const out: Step[] = [];
  const pending = new Map<number, Pending>();
  const flush = (q: number): void => {
    const p = pending.get(q);
    if (!p) return;
    pending.delete(q);
    out.push({ kind: 'gate', op: p.count === 1 ? p.first : opOf(q, p.matrix) });
  };
  for (const step of steps) {
    const m = step.kind === 'gate' ? matrixOf(step.op) : undefined;
    if (step.kind === 'gate' && m) {
      const q = qubitOf(step.op);
      const p = pending.get(q);
      if (p) {
        p.matrix = multiply(m, p.matrix);
        p.count++;
      } else {
        pending.set(q, { first: step.op, matrix: m, count: 1 });
      }
      continue;
    }
    for (const q of qubitsOf(step)) flush(q);
    out.push(step);
  }
  for (const q of [...pending.keys()]) flush(q);
  return out;
}
