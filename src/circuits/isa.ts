/**
 * ISA checks: whether a circuit uses only what a hardware backend executes (its basis gates,
 * on the qubit tuples its configuration lists, plus the non-gate instructions it supports),
 * as IBM's service requires of every circuit sent to a real device. The local runtime refuses
 * non-ISA circuits with this check, and the transpiler's output is held to it.
 *
 * @module
 */
import { blocksOf } from './blocks.js';
import type { Block, Circuit, Instruction } from './model.js';

/** The fields of a backend configuration (`GET /v1/backends/{name}/configuration`) used here. */
export interface BackendConfigurationLike {
  readonly n_qubits: number;
  readonly basis_gates: readonly string[];
  /** Directed qubit pairs; `null` or absent for all-to-all. */
  readonly coupling_map?: readonly (readonly number[])[] | null;
  /** Every instruction name the backend accepts: gates, `measure`, `delay`, `if_else`, … */
  readonly supported_instructions?: readonly string[] | null;
  /** Per-gate qubit tuples (`coupling_map` of each gate entry). */
  readonly gates?: readonly {
    readonly name: string;
    readonly coupling_map?: readonly (readonly number[])[] | null;
  }[];
}

/** What one backend executes. */
export interface IsaTarget {
  readonly numQubits: number;
  /** Gate name → the qubit tuples it runs on (`null`: any tuple of distinct qubits). */
  readonly gates: ReadonlyMap<string, ReadonlySet<string> | null>;
  /** Non-gate instructions: `measure`, `reset`, `delay`, `if_else`, `while_loop`, … */
  readonly instructions: ReadonlySet<string>;
}

/** Why an instruction is not ISA. */
export type IsaViolationReason =
  /** The circuit has more qubits than the backend. */
  | 'circuit-too-wide'
  /** A qubit index beyond the backend's qubits. */
  | 'qubit-out-of-range'
  /** The backend has no such gate or instruction. */
  | 'unsupported-instruction'
  /** The backend has the gate, but not on these qubits (for two-qubit gates: not coupled). */
  | 'unsupported-qubits'
  /** The gate carries control, inverse or power modifiers. */
  | 'gate-modifier'
  /** A fractional `rzz` with an angle outside the calibrated range [0, π/2]. */
  | 'angle-out-of-range';

/** One place where a circuit is not ISA. */
export interface IsaViolation {
  readonly reason: IsaViolationReason;
  /** The instruction's name as the service reports it (`h`, `measure`, `if_else`, …). */
  readonly name: string;
  readonly qubits: readonly number[];
  /** Indices from the top-level instruction list down through nested blocks. */
  readonly path: readonly number[];
  /** The angle, for `angle-out-of-range`. */
  readonly angle?: number;
}

/** The instruction names of control flow, as Qiskit and IBM's configurations spell them. */
const CONTROL_FLOW_NAMES = {
  if: 'if_else',
  while: 'while_loop',
  for: 'for_loop',
  switch: 'switch_case',
  box: 'box',
} as const;

const key = (qubits: readonly number[]): string => qubits.join(',');

/** The target of a backend configuration. */
export function targetFromConfiguration(config: BackendConfigurationLike): IsaTarget {
  const perGate = new Map(config.gates?.map((g) => [g.name, g.coupling_map ?? null]) ?? []);
  const coupling = config.coupling_map ?? null;
  const gates = new Map<string, ReadonlySet<string> | null>();
  for (const name of config.basis_gates) {
    const listed = perGate.get(name) ?? null;
    if (listed !== null) gates.set(name, new Set(listed.map(key)));
    else gates.set(name, null);
  }
  // A two-qubit basis gate without its own list runs on the backend's coupling map.
  for (const [name, qargs] of gates) {
    if (qargs === null && coupling !== null && TWO_QUBIT_BASIS.has(name)) {
      gates.set(name, new Set(coupling.map(key)));
    }
  }
  const instructions = new Set<string>(['barrier', 'measure']);
  for (const name of config.supported_instructions ?? []) {
    if (!gates.has(name)) instructions.add(name);
  }
  return { numQubits: config.n_qubits, gates, instructions };
}

/** Basis gates of IBM backends that act on two qubits. */
const TWO_QUBIT_BASIS = new Set(['cx', 'cz', 'ecr', 'rzz', 'rzx', 'cr', 'iswap']);

/**
 * Every place where `circuit` is not ISA for `target`, in program order (nested blocks
 * included); empty when the circuit is ISA.
 */
export function checkIsa(circuit: Circuit, target: IsaTarget): IsaViolation[] {
  const out: IsaViolation[] = [];
  if (circuit.numQubits > target.numQubits) {
    out.push({
      reason: 'circuit-too-wide',
      name: circuit.name ?? 'circuit',
      qubits: [],
      path: [],
    });
  }
  const classical = ['if_else', 'while_loop', 'for_loop', 'switch_case'].some((n) =>
    target.instructions.has(n),
  );
  const visit = (block: Block, prefix: readonly number[]): void => {
    block.forEach((ins, i) => {
      const path = [...prefix, i];
      const issue = violation(ins, target, classical);
      if (issue !== undefined) out.push({ ...issue, path });
      for (const inner of blocksOf(ins)) visit(inner, path);
    });
  };
  visit(circuit.instructions, []);
  return out;
}

function violation(
  ins: Instruction,
  target: IsaTarget,
  classical: boolean,
): Omit<IsaViolation, 'path'> | undefined {
  const qubits = qubitsOf(ins);
  const outside = qubits.some((q) => q >= target.numQubits);
  switch (ins.kind) {
    case 'gate': {
      if (outside) return { reason: 'qubit-out-of-range', name: ins.name, qubits };
      if ((ins.controls ?? 0) !== 0 || (ins.power ?? 1) !== 1) {
        return { reason: 'gate-modifier', name: ins.name, qubits };
      }
      if (!target.gates.has(ins.name)) {
        return { reason: 'unsupported-instruction', name: ins.name, qubits };
      }
      const qargs = target.gates.get(ins.name)!;
      if (qargs !== null && !qargs.has(key(qubits))) {
        return { reason: 'unsupported-qubits', name: ins.name, qubits };
      }
      // IBM calibrates rzz for 0 ≤ θ ≤ π/2 only (Qiskit/qiskit-ibm-runtime
      // qiskit_ibm_runtime/utils/utils.py, `_is_valid_rzz_pub_helper`); a parameter is checked
      // once bound.
      const angle = ins.name === 'rzz' ? ins.params[0] : undefined;
      if (typeof angle === 'number' && (angle < 0 || angle > Math.PI / 2 + 1e-10)) {
        return { reason: 'angle-out-of-range', name: ins.name, qubits, angle };
      }
      return undefined;
    }
    case 'measure':
    case 'reset':
    case 'delay':
    case 'barrier': {
      if (outside) return { reason: 'qubit-out-of-range', name: ins.kind, qubits };
      if (!target.instructions.has(ins.kind)) {
        return { reason: 'unsupported-instruction', name: ins.kind, qubits };
      }
      return undefined;
    }
    case 'if':
    case 'while':
    case 'for':
    case 'switch':
    case 'box': {
      const name = CONTROL_FLOW_NAMES[ins.kind];
      return target.instructions.has(name)
        ? undefined
        : { reason: 'unsupported-instruction', name, qubits };
    }
    case 'store':
    case 'break':
    case 'continue':
      // Classical bookkeeping runs wherever the backend runs control flow.
      return classical ? undefined : { reason: 'unsupported-instruction', name: ins.kind, qubits };
  }
}

/** The qubits an instruction acts on directly (not those of its nested blocks). */
function qubitsOf(ins: Instruction): readonly number[] {
  switch (ins.kind) {
    case 'gate':
    case 'barrier':
    case 'delay':
      return ins.qubits;
    case 'measure':
    case 'reset':
      return [ins.qubit];
    default:
      return [];
  }
}

/**
 * The sentence for one violation, in the words of Qiskit's target checks
 * (`The instruction h on qubits (0,) is not supported by the target`).
 */
export function describeViolation(v: IsaViolation): string {
  const tuple = v.qubits.length === 1 ? `(${v.qubits[0]},)` : `(${v.qubits.join(', ')})`;
  switch (v.reason) {
    case 'circuit-too-wide':
      return 'the circuit has more qubits than the target';
    case 'qubit-out-of-range':
      return `the instruction ${v.name} acts on qubits ${tuple}, beyond the target's qubits`;
    case 'gate-modifier':
      return `the instruction ${v.name} on qubits ${tuple} carries gate modifiers, which the target does not execute`;
    case 'angle-out-of-range':
      return `The instruction rzz is supported only for angles in the range [0, pi/2], but an angle (${v.angle}) outside of this range has been requested.`;
    default:
      return `The instruction ${v.name} on qubits ${tuple} is not supported by the target`;
  }
}
