/**
 * A gate ready to apply to any representation of the state: its target qubits with a small
 * unitary, plus control qubits with the state that activates them, all numbered as simulated
 * qubits. Standard controlled gates are taken apart (`ccx` is `x` with two controls), so the
 * matrix only covers what the controls do not.
 *
 * @module
 */
import { CircuitError } from '../../circuits/errors.js';
import type { ComplexMatrix } from '../../circuits/gates/matrix.js';
import { standardGateMatrix, splitControls } from '../../circuits/gates/modifiers.js';
import { standardGate } from '../../circuits/gates/standard.js';
import type { GateDefinition, GateInstruction } from '../../circuits/model.js';
import { gateUnitary } from '../../circuits/unitary.js';
import { SimulationError } from './errors.js';

/** Entries smaller than this are structural zeros (cos(π/2) and the like). */
export const ZERO_TOLERANCE = 1e-14;

/** How a gate's matrix moves amplitudes. */
export type GateStructure =
  /** Multiplies each amplitude by a phase. */
  | 'diagonal'
  /** Moves each amplitude to one place, times a phase (X, CX, SWAP, ECR is not). */
  | 'permutation'
  | 'general';

/** A gate on simulated qubits. */
export interface CompiledGate {
  /** The qubits the matrix acts on; `targets[j]` is bit j of the matrix index. */
  readonly targets: readonly number[];
  /** Control qubits, which must be in `ctrlState` for the gate to act. */
  readonly controls: readonly number[];
  /** Bit i: the activating value of `controls[i]`. */
  readonly ctrlState: number;
  /** `2^t × 2^t` over the targets. */
  readonly matrix: ComplexMatrix;
  readonly structure: GateStructure;
  /** For a permutation: `perm[c]` is the row of the one non-zero entry of column c. */
  readonly perm: Int32Array | undefined;
  /** Bit j set when the matrix mixes states that differ in target j. */
  readonly mixing: number;
  /** The standard gate it came from, without modifiers, when it has no controls; else `''`. */
  readonly name: string;
  readonly params: readonly number[];
}

/** Snap structural zeros (in place) and classify a matrix. */
export function analyseMatrix(m: ComplexMatrix): {
  structure: GateStructure;
  perm: Int32Array | undefined;
  mixing: number;
} {
  const n = m.dim;
  const d = m.data;
  let diagonal = true;
  let monomial = true;
  let mixing = 0;
  const perm = new Int32Array(n).fill(-1);
  for (let c = 0; c < n; c++) {
    let count = 0;
    for (let r = 0; r < n; r++) {
      const at = 2 * (r * n + c);
      if (Math.abs(d[at]!) < ZERO_TOLERANCE) d[at] = 0;
      if (Math.abs(d[at + 1]!) < ZERO_TOLERANCE) d[at + 1] = 0;
      if (d[at] === 0 && d[at + 1] === 0) continue;
      count++;
      perm[c] = r;
      if (r !== c) {
        diagonal = false;
        mixing |= r ^ c;
      }
    }
    if (count !== 1) monomial = false;
  }
  if (monomial && new Set(perm).size !== n) monomial = false;
  const structure: GateStructure = diagonal ? 'diagonal' : monomial ? 'permutation' : 'general';
  return { structure, perm: structure === 'permutation' ? perm : undefined, mixing };
}

/**
 * Compile a gate instruction (inlined: a standard gate, or a custom gate kept for a
 * non-integer power) with numeric `angles`, its qubits already mapped to simulated qubits.
 * Returns `undefined` for a gate that does nothing (an identity, an uncontrolled global phase).
 */
export function compileGate(
  ins: GateInstruction,
  qubits: readonly number[],
  angles: readonly number[],
  definitions: ReadonlyMap<string, GateDefinition>,
): CompiledGate | undefined {
  for (const a of angles) {
    if (!Number.isFinite(a)) {
      throw new SimulationError(`gate '${ins.name}' gets the non-finite angle ${a}`);
    }
  }
  let controls = ins.controls ?? 0;
  let ctrlState = ins.ctrlState ?? 2 ** controls - 1;
  let name = ins.name;
  const power = ins.power ?? 1;
  if (!definitions.has(name)) {
    const split = splitControls(name);
    if (split) {
      ctrlState += (2 ** split.controls - 1) * 2 ** controls;
      controls += split.controls;
      name = split.base;
    }
  }
  const targets = qubits.slice(controls);
  if (name === 'global_phase' && controls === 0) return undefined;
  if (name === 'id' && controls === 0) return undefined;
  let matrix: ComplexMatrix;
  try {
    matrix =
      definitions.has(name) || !standardGate(name)
        ? gateUnitary(
            { kind: 'gate', name, qubits: targets.map((_, i) => i), params: angles, power },
            definitions,
          )
        : standardGateMatrix(name, angles, 0, 0, power);
  } catch (e) {
    if (e instanceof CircuitError || e instanceof RangeError) {
      throw new SimulationError(`gate '${ins.name}': ${e.message}`);
    }
    throw e;
  }
  const { structure, perm, mixing } = analyseMatrix(matrix);
  return {
    targets,
    controls: qubits.slice(0, controls),
    ctrlState,
    matrix,
    structure,
    perm,
    mixing,
    name: controls === 0 && power === 1 ? name : '',
    params: angles,
  };
}

/** The simulated qubits a gate acts on non-diagonally (a bit mask). */
export function mixingMask(g: CompiledGate): number {
  let mask = 0;
  g.targets.forEach((q, j) => {
    if ((g.mixing >> j) & 1) mask |= 1 << q;
  });
  return mask;
}
