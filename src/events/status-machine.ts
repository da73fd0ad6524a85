/**
 * `StatusMachine`: the one driver of the status reducer. It keeps one job's machine state and
 * feeds it observations; every stream that turns status readings into events (`job$`,
 * `jobSet$`, the `monotonicStatus` operator) steps through one of these.
 *
 * @module
 */
import type { JobStatus } from '../codecs/status.js';
import { acceptPendingFinal, initialMachineState, isSettled, stepStatus } from './state-machine.js';
import type {
  MachineOptions,
  MachineState,
  StatusMachineEvent,
  StatusObservation,
  StepResult,
} from './state-machine.js';

/**
 * One job's state machine. {@link StatusMachine.step} applies {@link stepStatus} and keeps the
 * new state; {@link StatusMachine.acceptPendingFinal} emits a final status held for
 * confirmation when no confirmation can come any more.
 *
 * ```ts
 * const machine = new StatusMachine(jobId, { unconfirmedSources: ['websocket'] });
 * const { events, pendingFinal } = machine.step({ mapped, source: 'websocket', time });
 * ```
 */
export class StatusMachine {
  #state: MachineState;

  /**
   * @throws ConfigError for an `initial` that is not a `JobStatus` or an unknown entry in
   *   `unconfirmedSources` (see {@link initialMachineState}).
   */
  constructor(jobId: string, options: MachineOptions = {}) {
    this.#state = initialMachineState(jobId, options);
  }

  /** The machine's state now. */
  get state(): MachineState {
    return this.#state;
  }

  /** The last status emitted (or the one the machine started in). */
  get status(): JobStatus | undefined {
    return this.#state.status;
  }

  /** True once a final status was emitted (or the machine started in one). */
  get settled(): boolean {
    return isSettled(this.#state);
  }

  /** Feed one observation; the events to emit, and whether a final status started being held. */
  step(observation: StatusObservation): StepResult {
    const result = stepStatus(this.#state, observation);
    this.#state = result.state;
    return result;
  }

  /** Emit a final status held for confirmation as it is; no events when none is held. */
  acceptPendingFinal(): readonly StatusMachineEvent[] {
    const result = acceptPendingFinal(this.#state);
    this.#state = result.state;
    return result.events;
  }
}
