/**
 * Turns a gate into a {@link GateOp} (the dense kernel to run, with its precomputed numbers):
 * the common gates get a dedicated kernel, any other (controlled, negatively controlled,
 * raised to a power, several targets) the general one. Runs a `GateOp` over a range of its
 * index space.
 *
 * @module
 */
import { describeValue } from '../../codecs/errors.js';
import { standardGate } from '../../circuits/gates/standard.js';
import { compileGate as compileInstruction, type CompiledGate } from './compiled-gate.js';
import { SimulationError } from './errors.js';
import { prepareGeneral, runGeneral, type GeneralKernelOp } from './kernels-general.js';
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
  | { readonly kind: 'cswap'; readonly c: number; readonly q0: number; readonly q1: number }
  | { readonly kind: 'general'; readonly op: GeneralKernelOp };

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
    case 'general':
      return op.op.fixed.length;
    default:
      return 2;
  }
}

/** The kernels `runGateOpWith` calls, by a name that does not depend on how the code was built. */
export const KERNELS = {
  matrix1: k.matrix1,
  real1: k.real1,
  hadamard: k.hadamard,
  pauliX: k.pauliX,
  pauliY: k.pauliY,
  phase1: k.phase1,
  diag1: k.diag1,
  cx: k.cx,
  controlled1: k.controlled1,
  phase2: k.phase2,
  swap: k.swap,
  matrix2: k.matrix2,
  diag2: k.diag2,
  ccx: k.ccx,
  cswap: k.cswap,
  runGeneral,
};

/** Run `op` over units `[lo, hi)` of its index space (see `kernels.ts`). */
export function runGateOp(a: Float64Array, op: GateOp, lo: number, hi: number): void {
  runGateOpWith(KERNELS, a, op, lo, hi);
}

/**
 * {@link runGateOp} with the kernels passed in: self-contained, so a worker thread can run the
 * same code (see `pool.ts`).
 */
export function runGateOpWith(
  K: typeof KERNELS,
  a: Float64Array,
  op: GateOp,
  lo: number,
  hi: number,
): void {
  // Integer-typed bounds keep the kernels' loop counters in int32 arithmetic.
  lo |= 0;
  hi |= 0;
  switch (op.kind) {
    case 'none':
      return;
    case 'matrix1':
      return K.matrix1(a, op.q, lo, hi, op.m);
    case 'real1':
      return K.real1(a, op.q, lo, hi, op.m00, op.m01, op.m10, op.m11);
    case 'h':
      return K.hadamard(a, op.q, lo, hi);
    case 'x':
      return K.pauliX(a, op.q, lo, hi);
    case 'y':
      return K.pauliY(a, op.q, lo, hi);
    case 'phase1':
      return K.phase1(a, op.q, lo, hi, op.pr, op.pi);
    case 'diag1':
      return K.diag1(a, op.q, lo, hi, op.d0r, op.d0i, op.d1r, op.d1i);
    case 'cx':
      return K.cx(a, op.c, op.t, lo, hi);
    case 'controlled1':
      return K.controlled1(a, op.c, op.t, lo, hi, op.m);
    case 'phase2':
      return K.phase2(a, op.q0, op.q1, lo, hi, op.pr, op.pi);
    case 'swap':
      return K.swap(a, op.q0, op.q1, lo, hi);
    case 'matrix2':
      return K.matrix2(a, op.q0, op.q1, lo, hi, op.m);
    case 'diag2':
      return K.diag2(a, op.q0, op.q1, lo, hi, op.m);
    case 'ccx':
      return K.ccx(a, op.c0, op.c1, op.t, lo, hi);
    case 'cswap':
      return K.cswap(a, op.c, op.q0, op.q1, lo, hi);
    case 'general':
      return K.runGeneral(a, op.op, lo, hi);
  }
}

/** Spellings accepted by {@link compileGate} besides the standard names. */
const ALIASES: Readonly<Record<string, string>> = {
  U: 'u',
  CX: 'cx',
  phase: 'p',
  cphase: 'cp',
  cnot: 'cx',
  toffoli: 'ccx',
  fredkin: 'cswap',
};

/**
 * Build the {@link GateOp} for standard gate `name` (a Qiskit name such as `cx`, `rz`, `cu`,
 * `u3`, or `U`, `CX`, `phase`, `cphase`) on `qubits` of an `numQubits`-qubit state, controls
 * first. Throws {@link SimulationError} for an unknown gate, wrong arity, a qubit out of range
 * or repeated, or a non-finite angle.
 */
export function compileGate(
  name: string,
  qubits: readonly number[],
  params: readonly number[],
  numQubits: number,
): GateOp {
  const canonical = ALIASES[name] ?? name;
  const spec = standardGate(canonical);
  if (!spec) throw new SimulationError(`unknown gate '${name}'`);
  if (qubits.length !== spec.numQubits) {
    throw new SimulationError(
      `gate '${name}' acts on ${spec.numQubits} qubit(s), got ${qubits.length}`,
    );
  }
  if (params.length !== spec.numParams) {
    throw new SimulationError(
      `gate '${name}' takes ${spec.numParams} angle(s), got ${params.length}`,
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
  const gate = compileInstruction(
    { kind: 'gate', name: canonical, qubits, params },
    qubits,
    params,
    new Map(),
  );
  return gate ? fromCompiled(gate, (q) => q) : { kind: 'none' };
}

const S = Math.SQRT1_2;

function near(x: number, y: number): boolean {
  return Math.abs(x - y) < 1e-15;
}

/** The kernel for a compiled gate, whose qubits `local` maps to bit positions of the array. */
export function fromCompiled(g: CompiledGate, local: (q: number) => number): GateOp {
  const t = g.targets.map(local);
  const c = g.controls.map(local);
  const m = g.matrix.data;
  const allOn = g.ctrlState === 2 ** c.length - 1;
  if (t.length === 1 && c.length === 0) {
    const q = t[0]!;
    if (g.name === 'h') return { kind: 'h', q };
    if (g.name === 'x') return { kind: 'x', q };
    if (g.name === 'y') return { kind: 'y', q };
    if (g.structure === 'diagonal') {
      if (m[0] === 1 && m[1] === 0) return { kind: 'phase1', q, pr: m[6]!, pi: m[7]! };
      return { kind: 'diag1', q, d0r: m[0]!, d0i: m[1]!, d1r: m[6]!, d1i: m[7]! };
    }
    if (m[1] === 0 && m[3] === 0 && m[5] === 0 && m[7] === 0) {
      if (near(m[0]!, S) && near(m[2]!, S) && near(m[4]!, S) && near(m[6]!, -S)) {
        return { kind: 'h', q };
      }
      return { kind: 'real1', q, m00: m[0]!, m01: m[2]!, m10: m[4]!, m11: m[6]! };
    }
    return { kind: 'matrix1', q, m: Float64Array.from(m) };
  }
  if (t.length === 1 && c.length === 1 && allOn) {
    const [ct, tt] = [c[0]!, t[0]!];
    if (g.structure === 'permutation' && m[2] === 1 && m[3] === 0 && m[4] === 1 && m[5] === 0) {
      return { kind: 'cx', c: ct, t: tt };
    }
    if (g.structure === 'diagonal' && m[0] === 1 && m[1] === 0) {
      return { kind: 'phase2', q0: ct, q1: tt, pr: m[6]!, pi: m[7]! };
    }
    return { kind: 'controlled1', c: ct, t: tt, m: Float64Array.from(m) };
  }
  if (t.length === 1 && c.length === 2 && allOn && g.structure === 'permutation') {
    if (m[2] === 1 && m[3] === 0 && m[4] === 1 && m[5] === 0) {
      return { kind: 'ccx', c0: c[0]!, c1: c[1]!, t: t[0]! };
    }
  }
  if (t.length === 2 && c.length === 0) {
    if (g.name === 'swap') return { kind: 'swap', q0: t[0]!, q1: t[1]! };
    if (g.structure === 'diagonal') {
      const d = new Float64Array(8);
      for (let j = 0; j < 4; j++) {
        d[2 * j] = m[2 * (j * 4 + j)]!;
        d[2 * j + 1] = m[2 * (j * 4 + j) + 1]!;
      }
      return { kind: 'diag2', q0: t[0]!, q1: t[1]!, m: d };
    }
    return { kind: 'matrix2', q0: t[0]!, q1: t[1]!, m: Float64Array.from(m) };
  }
  if (t.length === 2 && c.length === 1 && allOn && g.name === '' && isSwap(m)) {
    return { kind: 'cswap', c: c[0]!, q0: t[0]!, q1: t[1]! };
  }
  return {
    kind: 'general',
    op: prepareGeneral(t, c, g.ctrlState, g.matrix.data, g.structure, g.perm),
  };
}

function isSwap(m: Float64Array): boolean {
  const ones = [0, 6, 9, 15];
  for (let i = 0; i < 16; i++) {
    const want = ones.includes(i) ? 1 : 0;
    if (m[2 * i] !== want || m[2 * i + 1] !== 0) return false;
  }
  return true;
}
