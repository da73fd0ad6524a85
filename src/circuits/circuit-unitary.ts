/**
 * The unitary of a whole circuit of gates (small circuits only: the matrix has `4^n` entries),
 * built by applying each gate's unitary (`gateUnitary`) to the rows it acts on, global phase
 * included.
 *
 * @module
 */
import { angleValue } from './angles.js';
import { CircuitError } from './errors.js';
import { identity, phase as phaseOf, scale, type ComplexMatrix } from './gates/matrix.js';
import type { Angle, GateDefinition, Instruction } from './model.js';
import { gateUnitary } from './unitary.js';

/** Most qubits {@link circuitUnitary} builds a matrix for. */
export const MAX_CIRCUIT_UNITARY_QUBITS = 12;

/**
 * The unitary of a circuit of gates (barriers and delays allowed) on `numQubits` qubits,
 * including its global phase.
 */
export function circuitUnitary(circuit: {
  readonly numQubits: number;
  readonly instructions: readonly Instruction[];
  readonly gates?: readonly GateDefinition[];
  readonly globalPhase?: Angle;
}): ComplexMatrix {
  const n = circuit.numQubits;
  if (n > MAX_CIRCUIT_UNITARY_QUBITS) {
    throw new CircuitError(`a unitary of ${n} qubits is too large to build`);
  }
  const definitions = new Map((circuit.gates ?? []).map((g) => [g.name, g]));
  const m = identity(1 << n);
  for (const ins of circuit.instructions) {
    if (ins.kind === 'barrier' || ins.kind === 'delay') continue;
    if (ins.kind !== 'gate') {
      throw new CircuitError(`a circuit with ${ins.kind} instructions has no unitary`);
    }
    applyLeft(m, gateUnitary(ins, definitions), ins.qubits);
  }
  const gp = angleValue(circuit.globalPhase ?? 0);
  if (gp === undefined) throw new CircuitError('the global phase has an unbound parameter');
  return gp === 0 ? m : scale(m, phaseOf(gp));
}

/** `m ← embed(gate, qubits) · m`, in place, without building the embedded matrix. */
export function applyLeft(m: ComplexMatrix, gate: ComplexMatrix, qubits: readonly number[]): void {
  const dim = m.dim,
    k = qubits.length,
    size = 1 << k;
  let mask = 0;
  for (const q of qubits) mask |= 1 << q;
  const offsets = new Int32Array(size);
  for (let j = 0; j < size; j++) {
    let o = 0;
    for (let b = 0; b < k; b++) if ((j >> b) & 1) o |= 1 << qubits[b]!;
    offsets[j] = o;
  }
  const g = gate.data,
    d = m.data;
  const re = new Float64Array(size),
    im = new Float64Array(size);
  for (let base = 0; base < dim; base++) {
    if ((base & mask) !== 0) continue;
    for (let c = 0; c < dim; c++) {
      for (let j = 0; j < size; j++) {
        const idx = 2 * ((base | offsets[j]!) * dim + c);
        re[j] = d[idx]!;
        im[j] = d[idx + 1]!;
      }
      for (let r = 0; r < size; r++) {
        let sr = 0,
          si = 0;
        for (let j = 0; j < size; j++) {
          const gr = g[2 * (r * size + j)]!,
            gi = g[2 * (r * size + j) + 1]!;
          sr += gr * re[j]! - gi * im[j]!;
          si += gr * im[j]! + gi * re[j]!;
        }
        const idx = 2 * ((base | offsets[r]!) * dim + c);
        d[idx] = sr;
        d[idx + 1] = si;
      }
    }
  }
}
