/**
 * The error raised when a circuit object cannot be transformed: an unknown gate, a custom gate
 * used with the wrong number of qubits or angles, a gate definition that uses itself, or an
 * expansion past its size bound.
 *
 * @module
 */
import { QuantumJobsError } from '../codecs/errors.js';

/**
 * A circuit (as data, from any reader) is inconsistent or too large for a transformation.
 * `path` gives the indices from the top-level instruction list down through nested blocks to
 * the offending instruction, when there is one.
 */
export class CircuitError extends QuantumJobsError {
  readonly _tag = 'CircuitError' as const;
  constructor(
    message: string,
    readonly path: readonly number[] = [],
  ) {
    super(path.length > 0 ? `instruction ${path.join('.')}: ${message}` : message);
  }
}

/**
 * A circuit cannot be transpiled for a backend: it needs more qubits than the backend has, uses
 * an instruction the backend does not run (for example `while_loop` on a backend without it),
 * an initial layout that does not fit, or a gate the transpiler cannot decompose (a symbolic
 * parameter where only a number will do). The message names what was wrong.
 */
export class TranspileError extends QuantumJobsError {
  readonly _tag = 'TranspileError' as const;
}
