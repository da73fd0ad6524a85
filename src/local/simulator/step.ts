/**
 * One step of a simulation plan: a compiled gate, a gate whose angles wait for parameter
 * values, a measurement or a reset, with qubits renumbered to simulated positions.
 *
 * @module
 */
import type { Angle } from '../../circuits/model.js';
import type { GateOp, StandardGateName } from './gate-ops.js';

/** One step of a plan, with qubits renumbered to simulated positions. */
export type Step =
  | { readonly kind: 'gate'; readonly op: GateOp }
  | {
      readonly kind: 'parametric';
      readonly name: StandardGateName;
      readonly qubits: readonly number[];
      readonly params: readonly Angle[];
    }
  | {
      readonly kind: 'measure';
      /** Simulated position, or −1 for a qubit no gate touches (always measures 0). */
      readonly qubit: number;
      /** Flat classical bit index (registers laid end to end), or −1 when discarded. */
      readonly clbit: number;
      /** True when no later gate or reset acts on the qubit. */
      readonly terminal: boolean;
    }
  | { readonly kind: 'reset'; readonly qubit: number };
