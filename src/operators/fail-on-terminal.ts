/**
 * The {@link failOnTerminal} operator: turns a failed or cancelled final status into the
 * stream's typed error.
 *
 * @module
 */
import { concat, concatMap, of, takeWhile, throwError } from 'rxjs';
import type { MonoTypeOperatorFunction, Observable } from 'rxjs';
import type { PrimitiveResult } from '../codecs/result-model.js';
import type { JobEvent } from '../events/job-event.js';
import { terminalErrorOf } from '../events/terminal-error.js';
import type { TerminalJobError } from '../events/terminal-error.js';

/** Options of {@link failOnTerminal}. */
export interface FailOnTerminalOptions {
  /** Complete (instead of failing) after an ERROR or CANCELLED status. Default false. */
  readonly completeOnFailure?: boolean;
}

function failureOf<R>(event: JobEvent<R>, jobId: string): TerminalJobError | undefined {
  return event.type === 'status' ? terminalErrorOf(event, jobId) : undefined;
}

/**
 * Pass events through; after an ERROR or CANCELLED status event (which is emitted), fail with
 * the typed error it stands for: `RuntimeJobMaxTimeoutError` for an ERROR with
 * `maxExecutionTimeExceeded`, `RuntimeJobFailureError` for any other ERROR (with its reason and
 * reason code), `RuntimeJobCancelledError` for CANCELLED (with its reason), each naming
 * `jobId`. With `completeOnFailure` the stream completes there instead. Either way the source
 * is unsubscribed. A DONE status passes like any event (the result follows it).
 *
 * ```
 * source:  -q-r-e-x|          (e = ERROR, reason 'boom')
 *
 * failOnTerminal(id)
 *
 * result:  -q-r-(e#)          (# = RuntimeJobFailureError(id, 'boom', code))
 *
 * failOnTerminal(id, { completeOnFailure: true })
 *
 * result:  -q-r-(e|)
 * ```
 *
 * @category Operators
 */
export function failOnTerminal<R = PrimitiveResult>(
  jobId: string,
  options: FailOnTerminalOptions = {},
): MonoTypeOperatorFunction<JobEvent<R>> {
  const completeOnFailure = options.completeOnFailure ?? false;
  return (source: Observable<JobEvent<R>>) =>
    source.pipe(
      takeWhile((event) => failureOf(event, jobId) === undefined, true),
      concatMap((event) => {
        const failure = failureOf(event, jobId);
        return failure === undefined || completeOnFailure
          ? of(event)
          : concat(
              of(event),
              throwError(() => failure),
            );
      }),
    );
}
