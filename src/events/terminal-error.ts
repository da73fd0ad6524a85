/**
 * The typed error a failed or cancelled final status stands for ({@link terminalErrorOf}).
 *
 * @module
 */
import {
  RuntimeJobCancelledError,
  RuntimeJobFailureError,
  RuntimeJobMaxTimeoutError,
} from '../codecs/errors.js';
import type { StatusEvent } from './job-event.js';

/** The typed error a failed or cancelled job stands for. */
export type TerminalJobError =
  RuntimeJobFailureError | RuntimeJobMaxTimeoutError | RuntimeJobCancelledError;

/**
 * The error a final status event stands for: {@link RuntimeJobMaxTimeoutError} for ERROR with
 * `maxExecutionTimeExceeded`, {@link RuntimeJobFailureError} for any other ERROR,
 * {@link RuntimeJobCancelledError} for CANCELLED, each carrying the server's reason; `undefined`
 * for DONE and for non-final statuses. `jobId` defaults to the event's own.
 */
export function terminalErrorOf(
  event: StatusEvent,
  jobId: string = event.jobId,
): TerminalJobError | undefined {
  switch (event.status) {
    case 'ERROR':
      return event.maxExecutionTimeExceeded
        ? new RuntimeJobMaxTimeoutError(jobId, event.reason)
        : new RuntimeJobFailureError(jobId, event.reason, event.reasonCode);
    case 'CANCELLED':
      return new RuntimeJobCancelledError(jobId, event.reason);
    default:
      return undefined;
  }
}
