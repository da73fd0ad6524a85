// Exact output distributions of circuits (static or dynamic) on the local simulator's
// statevector: every mid-circuit measurement and reset splits the run into weighted branches,
// control flow is followed per branch, and the final bit strings are summed by probability.
// Only the qubits the circuit touches are simulated, so a transpiled circuit over all of a
// device's qubits costs as much as the input.
import { angleValue } from '../../../src/circuits/angles.js';
import { blocksOf } from '../../../src/circuits/blocks.js';
import type {
  Angle,
  Block,
  Circuit,
  ClassicalExpr,
  Instruction,
} from '../../../src/circuits/model.js';
import { substitute } from '../../../src/circuits/qasm/expression.js';
import { gateUnitary } from '../../../src/circuits/unitary.js';
import { StateVector } from '../../../src/local/simulator/statevector.js';

interface Branch {
  sv: StateVector;
  p: number;
  bits: number[];
  signal: 'break' | 'continue' | null;
}

const MAX_WHILE = 12;

function touched(block: Block, into: Set<number>): Set<number> {
  for (const ins of block) {
    if (ins.kind === 'gate' || ins.kind === 'barrier' || ins.kind === 'delay')
      ins.qubits.forEach((q) => into.add(q));
    else if (ins.kind === 'measure' || ins.kind === 'reset') into.add(ins.qubit);
    for (const b of blocksOf(ins)) touched(b, into);
  }
  return into;
}

/** The probability of each classical outcome (bit string, bit 0 rightmost), with the mass lost to cut-off loops. */
export function outputDistribution(circuit: Circuit): {
  probabilities: Map<string, number>;
  lost: number;
} {
  const active = [...touched(circuit.instructions, new Set())].sort((a, b) => a - b);
  const local = new Map(active.map((q, i) => [q, i]));
  const definitions = new Map(circuit.gates.map((g) => [g.name, g]));
  let lost = 0;

  const value = (e: ClassicalExpr, bits: readonly number[]): bigint => {
    switch (e.kind) {
      case 'var': {
        const loc = e.location;
        if (loc.kind === 'clbit') return BigInt(bits[loc.index]!);
        if (loc.kind === 'creg') {
          const reg = circuit.cregs.find((r) => r.name === loc.name)!;
          let v = 0n;
          reg.bits.forEach((b, i) => (v |= BigInt(bits[b]!) << BigInt(i)));
          return v;
        }
        throw new Error('variables are not simulated here');
      }
      case 'value':
        return typeof e.value === 'boolean' ? (e.value ? 1n : 0n) : BigInt(e.value);
      case 'unary': {
        const v = value(e.operand, bits);
        if (e.op === 'not') return v === 0n ? 1n : 0n;
        if (e.op === 'bitnot') {
          const w = e.type.kind === 'uint' ? e.type.width : 1;
          return ~v & ((1n << BigInt(w)) - 1n);
        }
        return -v;
      }
      case 'binary': {
        const a = value(e.left, bits),
          b = value(e.right, bits);
        const ops: Record<string, () => bigint> = {
          bitand: () => a & b,
          bitor: () => a | b,
          bitxor: () => a ^ b,
          and: () => (a !== 0n && b !== 0n ? 1n : 0n),
          or: () => (a !== 0n || b !== 0n ? 1n : 0n),
          eq: () => (a === b ? 1n : 0n),
          ne: () => (a !== b ? 1n : 0n),
          lt: () => (a < b ? 1n : 0n),
          le: () => (a <= b ? 1n : 0n),
          gt: () => (a > b ? 1n : 0n),
          ge: () => (a >= b ? 1n : 0n),
          shl: () => a << b,
          shr: () => a >> b,
          add: () => a + b,
          sub: () => a - b,
          mul: () => a * b,
          div: () => a / b,
          mod: () => a % b,
          pow: () => a ** b,
        };
        return ops[e.op]!();
      }
      case 'cast': {
        const v = value(e.operand, bits);
        if (e.type.kind === 'bool') return v !== 0n ? 1n : 0n;
        if (e.type.kind === 'uint') return v & ((1n << BigInt(e.type.width)) - 1n);
        return v;
      }
      case 'index':
        return (value(e.target, bits) >> value(e.index, bits)) & 1n;
      case 'call':
        throw new Error('calls are not simulated here');
    }
  };

  const split = (branch: Branch, q: number): [Branch, 0 | 1][] => {
    const p1 = branch.sv.probabilityOfOne(q);
    const out: [Branch, 0 | 1][] = [];
    for (const outcome of [0, 1] as const) {
      const p = outcome === 1 ? p1 : 1 - p1;
      if (p < 1e-12) continue;
      const sv = new StateVector(branch.sv.numQubits);
      sv.copyFrom(branch.sv);
      sv.collapse(q, outcome, p);
      out.push([{ sv, p: branch.p * p, bits: [...branch.bits], signal: null }, outcome]);
    }
    return out;
  };

  const run = (block: Block, branches: Branch[], binding: ReadonlyMap<string, Angle>): Branch[] => {
    let live = branches;
    const done: Branch[] = [];
    for (const ins of block) {
      const next: Branch[] = [];
      for (const b of live) {
        if (b.signal !== null) {
          done.push(b);
          continue;
        }
        next.push(...step(ins, b, binding));
      }
      live = next;
    }
    return [...done, ...live];
  };

  const step = (ins: Instruction, b: Branch, binding: ReadonlyMap<string, Angle>): Branch[] => {
    switch (ins.kind) {
      case 'gate': {
        const params = ins.params.map((p) => {
          const v = angleValue(substitute(p, (n) => binding.get(n)));
          if (v === undefined) throw new Error(`unbound angle in ${ins.name}`);
          return v;
        });
        const qubits = ins.qubits.map((q) => local.get(q)!);
        const plain =
          (ins.controls ?? 0) === 0 && (ins.power ?? 1) === 1 && !definitions.has(ins.name);
        try {
          if (!plain) throw new Error('modifiers');
          b.sv.applyGate(ins.name, qubits, params);
        } catch {
          applyMatrix(b.sv, gateUnitary({ ...ins, params }, definitions).data, qubits);
        }
        return [b];
      }
      case 'measure': {
        const q = local.get(ins.qubit)!;
        return split(b, q).map(([nb, outcome]) => {
          if (ins.clbit !== null) nb.bits[ins.clbit] = outcome;
          return nb;
        });
      }
      case 'reset':
        return split(b, local.get(ins.qubit)!).map(([nb, outcome]) => {
          if (outcome === 1) nb.sv.applyGate('x', [local.get(ins.qubit)!]);
          return nb;
        });
      case 'barrier':
      case 'delay':
        return [b];
      case 'break':
      case 'continue':
        b.signal = ins.kind;
        return [b];
      case 'if':
        if (value(ins.condition, b.bits) !== 0n) return run(ins.then, [b], binding);
        return ins.else === null ? [b] : run(ins.else, [b], binding);
      case 'switch': {
        const v = value(ins.target, b.bits);
        const chosen =
          ins.cases.find((c) => c.values.some((x) => x !== 'default' && BigInt(x) === v)) ??
          ins.cases.find((c) => c.values.includes('default'));
        return chosen === undefined ? [b] : run(chosen.body, [b], binding);
      }
      case 'box':
        return run(ins.body, [b], binding);
      case 'for': {
        const values =
          ins.values.kind === 'list'
            ? ins.values.values
            : Array.from(
                {
                  length: Math.max(
                    0,
                    Math.ceil((ins.values.stop - ins.values.start) / ins.values.step),
                  ),
                },
                (_, i) =>
                  (ins.values as { start: number; step: number }).start +
                  i * (ins.values as { step: number }).step,
              );
        let live = [b];
        const out: Branch[] = [];
        for (const v of values) {
          const inner = new Map(binding);
          if (ins.parameter !== null) inner.set(ins.parameter, v);
          const after = run(ins.body, live, inner);
          live = [];
          for (const x of after) {
            if (x.signal === 'break') out.push({ ...x, signal: null });
            else live.push({ ...x, signal: null });
          }
        }
        return [...out, ...live];
      }
      case 'while': {
        let live = [b];
        const out: Branch[] = [];
        for (let i = 0; i < MAX_WHILE && live.length > 0; i++) {
          const entering: Branch[] = [];
          for (const x of live) (value(ins.condition, x.bits) !== 0n ? entering : out).push(x);
          const after = run(ins.body, entering, binding);
          live = [];
          for (const x of after) {
            if (x.signal === 'break') out.push({ ...x, signal: null });
            else live.push({ ...x, signal: null });
          }
        }
        for (const x of live) {
          if (value(ins.condition, x.bits) !== 0n) lost += x.p;
          else out.push(x);
        }
        return out;
      }
      case 'store':
        throw new Error('store is not simulated here');
    }
  };

  const start: Branch = {
    sv: new StateVector(active.length),
    p: 1,
    bits: new Array(circuit.numClbits).fill(0),
    signal: null,
  };
  const probabilities = new Map<string, number>();
  for (const b of run(circuit.instructions, [start], new Map())) {
    const key = [...b.bits].reverse().join('');
    probabilities.set(key, (probabilities.get(key) ?? 0) + b.p);
  }
  return { probabilities, lost };
}

function applyMatrix(sv: StateVector, m: Float64Array, qubits: readonly number[]): void {
  const k = qubits.length,
    size = 1 << k;
  let mask = 0;
  for (const q of qubits) mask |= 1 << q;
  const offsets = Array.from({ length: size }, (_, j) =>
    qubits.reduce((o, q, b) => ((j >> b) & 1 ? o | (1 << q) : o), 0),
  );
  const a = sv.amplitudes;
  const re = new Float64Array(size),
    im = new Float64Array(size);
  for (let base = 0; base < sv.dimension; base++) {
    if ((base & mask) !== 0) continue;
    for (let j = 0; j < size; j++) {
      re[j] = a[2 * (base | offsets[j]!)]!;
      im[j] = a[2 * (base | offsets[j]!) + 1]!;
    }
    for (let r = 0; r < size; r++) {
      let sr = 0,
        si = 0;
      for (let j = 0; j < size; j++) {
        const gr = m[2 * (r * size + j)]!,
          gi = m[2 * (r * size + j) + 1]!;
        sr += gr * re[j]! - gi * im[j]!;
        si += gr * im[j]! + gi * re[j]!;
      }
      a[2 * (base | offsets[r]!)] = sr;
      a[2 * (base | offsets[r]!) + 1] = si;
    }
  }
}

/** Total variation distance between two distributions. */
export function totalVariation(
  a: ReadonlyMap<string, number>,
  b: ReadonlyMap<string, number>,
): number {
  let d = 0;
  for (const k of new Set([...a.keys(), ...b.keys()]))
    d += Math.abs((a.get(k) ?? 0) - (b.get(k) ?? 0));
  return d / 2;
}

/** The expectation value of a Pauli string (qubit 0 rightmost) on the state a circuit of gates prepares. */
export function expectation(circuit: Circuit, pauli: string): number {
  const active = [...touched(circuit.instructions, new Set())];
  for (let i = 0; i < pauli.length; i++) if (pauli[pauli.length - 1 - i] !== 'I') active.push(i);
  const qubits = [...new Set(active)].sort((a, b) => a - b);
  const local = new Map(qubits.map((q, i) => [q, i]));
  const sv = new StateVector(qubits.length);
  const definitions = new Map(circuit.gates.map((g) => [g.name, g]));
  for (const ins of circuit.instructions) {
    if (ins.kind !== 'gate') continue;
    applyMatrix(
      sv,
      gateUnitary(ins, definitions).data,
      ins.qubits.map((q) => local.get(q)!),
    );
  }
  // ⟨ψ|P|ψ⟩ with P applied to a copy.
  const copy = new StateVector(qubits.length);
  copy.copyFrom(sv);
  for (let i = 0; i < pauli.length; i++) {
    const c = pauli[pauli.length - 1 - i]!;
    if (c === 'I') continue;
    copy.applyGate(c.toLowerCase(), [local.get(i)!]);
  }
  let re = 0;
  for (let j = 0; j < sv.amplitudes.length; j += 2)
    re += sv.amplitudes[j]! * copy.amplitudes[j]! + sv.amplitudes[j + 1]! * copy.amplitudes[j + 1]!;
  return re;
}
