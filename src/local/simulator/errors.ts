/**
 * The errors raised by the statevector simulator: invalid input or an exceeded safety limit,
 * and an abort requested through an `AbortSignal`.
 *
 * @module
 */
import { QuantumJobsError } from '../../codecs/errors.js';

/** The ceiling a {@link SimulationError} hit: a `SimulatorLimits` entry, or available memory. */
export type SimulationLimitName =
  | 'maxQubits'
  | 'maxShots'
  | 'maxInstructions'
  | 'maxBindings'
  | 'maxBranches'
  | 'maxLoopIterations'
  | 'memory';

/**
 * A primitive unit of work (PUB) cannot be simulated: malformed parameter values or
 * observables, an observable whose width does not match the circuit, a gate the simulator does
 * not know, or a safety limit exceeded. `limit` names the `SimulatorLimits` entry (or
 * `'memory'`) when a limit was the reason, and is `undefined` otherwise.
 */
export class SimulationError extends QuantumJobsError {
  readonly _tag = 'SimulationError' as const;
  constructor(
    message: string,
    readonly limit?: SimulationLimitName,
  ) {
    super(message);
  }
}

/** The simulation was stopped because its `AbortSignal` fired. `reason` is the signal's reason. */
export class SimulationAbortedError extends QuantumJobsError {
  readonly _tag = 'SimulationAbortedError' as const;
  constructor(readonly reason?: unknown) {
    super('the simulation was aborted');
  }
}
