/**
 * The {@link finalResult} operator: a job event stream reduced to the job's result.
 *
 * @module
 */
import { defer, EMPTY, mergeMap, of, take, tap, throwError, throwIfEmpty } from 'rxjs';
import type { Observable, OperatorFunction } from 'rxjs';
import { RuntimeInvalidStateError } from '../codecs/errors.js';
import type { PrimitiveResult } from '../codecs/result-model.js';
import type { JobStatus } from '../codecs/status.js';
import { terminalErrorOf } from '../events/terminal-error.js';
import type { JobEvent } from '../events/job-event.js';

/**
 * Emit the result of the first `result` event and complete (unsubscribing from the source).
 * An ERROR or CANCELLED status event before any result fails the stream at once with its typed
 * error: `RuntimeJobFailureError`, `RuntimeJobMaxTimeoutError` (ERROR with
 * `maxExecutionTimeExceeded`) or `RuntimeJobCancelledError`, carrying the job's id and the
 * server's reason. A source that ends without a result and without such a status fails with
 * `RuntimeInvalidStateError` naming the last status seen. Source errors pass through.
 *
 * ```
 * source:  -q-r-d-m-R-|       (R = result event carrying x)
 *
 * finalResult()
 *
 * result:  ---------(x|)
 *
 * source:  -q-r-c|            (c = CANCELLED)
 * result:  -----#             (# = RuntimeJobCancelledError)
 *
 * source:  -q-r-d|            (DONE but no result)
 * result:  ------#            (# = RuntimeInvalidStateError)
 * ```
 *
 * @category Operators
 */
export function finalResult<R = PrimitiveResult>(): OperatorFunction<JobEvent<R>, R> {
  return (source: Observable<JobEvent<R>>) =>
    defer(() => {
      let jobId: string | undefined;
      let lastStatus: JobStatus | undefined;
      return source.pipe(
        tap((event) => {
          jobId = event.jobId;
          if (event.type === 'status') lastStatus = event.status;
        }),
        mergeMap((event): Observable<R> => {
          if (event.type === 'result') return of(event.result);
          if (event.type !== 'status') return EMPTY;
          const failure = terminalErrorOf(event);
          return failure === undefined ? EMPTY : throwError(() => failure);
        }),
        take(1),
        throwIfEmpty(
          () =>
            new RuntimeInvalidStateError(
              `The event stream of job ${jobId ?? '(unknown)'} ended without a result (last status: ${lastStatus ?? 'none'}).`,
              jobId,
            ),
        ),
      );
    });
}
