/**
 * The {@link monotonicStatus} operator: status observations from any number of sources in,
 * one clean sequence of status, unknownStatus and progress events out.
 *
 * @module
 */
import { concat, defer, EMPTY, map, mergeMap, of, takeWhile } from 'rxjs';
import type { Observable, OperatorFunction } from 'rxjs';
import type { JobStatus } from '../codecs/status.js';
import type { EventSource } from '../events/job-event.js';
import { initialMachineState } from '../events/state-machine.js';
import type { StatusMachineEvent, StatusObservation } from '../events/state-machine.js';
import { StatusMachine } from '../events/status-machine.js';

/** Options of {@link monotonicStatus}. */
export interface MonotonicStatusOptions {
  /** See `MachineOptions.unconfirmedSources`. */
  readonly unconfirmedSources?: readonly EventSource[];
  /**
   * Called once, synchronously, when a final status from an unconfirmed source starts being
   * held: the place to trigger the confirming poll.
   */
  readonly onPendingFinal?: (held: StatusObservation) => void;
}

/**
 * Turn a merged stream of status observations from any sources into status, unknownStatus and
 * progress events following `stepStatus`: each transition once, in rank order, never
 * backwards, and the stream completes right after the final status (unsubscribing from the
 * sources). If the sources complete while a final status is held for confirmation, it is
 * emitted as it is before completing, so a stream that learnt of a final status never ends
 * without it. Errors pass through. Throws `ConfigError` for bad options.
 *
 * ```
 * websocket: ---Q-------R-------D|        (D from an unconfirmed source: held)
 * poll:      -Q-----Q-------R-------D|
 *
 * monotonicStatus(id, undefined, { unconfirmedSources: ['websocket'] })
 *
 * events:    -Q---------R-----------(D|)  (D emitted by the poll, previous R)
 * ```
 *
 * Each subscription runs its own machine, starting from `initial` (see
 * `MachineOptions.initial`); a final `initial` completes at once without subscribing.
 *
 * @category Operators
 */
export function monotonicStatus(
  jobId: string,
  initial?: JobStatus,
  options: MonotonicStatusOptions = {},
): OperatorFunction<StatusObservation, StatusMachineEvent> {
  const machineOptions = { initial, unconfirmedSources: options.unconfirmedSources };
  initialMachineState(jobId, machineOptions); // bad options throw now, not on subscribe
  return (source: Observable<StatusObservation>) =>
    defer(() => {
      const machine = new StatusMachine(jobId, machineOptions);
      if (machine.settled) return EMPTY;
      const steps$ = concat(
        source.pipe(
          map((obs) => {
            const result = machine.step(obs);
            if (result.pendingFinal !== undefined) options.onPendingFinal?.(result.pendingFinal);
            return result.events;
          }),
        ),
        defer(() => of(machine.acceptPendingFinal())),
      );
      return steps$.pipe(
        takeWhile(() => !machine.settled, true),
        mergeMap((events) => events),
      );
    });
}
