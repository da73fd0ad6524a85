/**
 * What follows the final status of a job stream: the result (DONE, read again for a while when
 * the service is not ready to serve it yet), metrics and logs when asked for, and the job's
 * typed error (ERROR, CANCELLED).
 *
 * @module
 */
import { EMPTY, catchError, concat, defer, map, of, tap, throwError } from 'rxjs';
import type { Observable } from 'rxjs';
import { IBMApiError, IBMRuntimeError } from '../codecs/errors.js';
import { isFinal } from '../codecs/status.js';
import { logsEvent, metricsEvent, resultEvent } from '../events/job-event.js';
import type { JobEvent, StatusEvent } from '../events/job-event.js';
import { terminalErrorOf } from '../events/terminal-error.js';
import { decodeWith } from '../transport/decode-with.js';
import type { JobApi } from './job-client.js';
import type { ResolvedJobStreamOptions } from './job-stream-options.js';
import { readDoneResult$ } from './result-read.js';

/**
 * `live$` (the job's sources, ending right after the final status), then what follows that
 * status: on DONE the result (with `fetchResult`; a read answered 404 or failing transiently is
 * read again within `resultRetry`, see `readDoneResult$`), then metrics and logs when asked for; on
 * ERROR and CANCELLED metrics and logs, then the job's typed error (unless
 * `completeOnFailure`). Sources that end before a final status fail with `IBMRuntimeError`.
 */
export function withJobEnding<R>(
  api: JobApi,
  jobId: string,
  o: ResolvedJobStreamOptions<R>,
  live$: Observable<JobEvent<R>>,
): Observable<JobEvent<R>> {
  return defer(() => {
    const now = (): Date => new Date(o.scheduler.now());
    let lastStatus: StatusEvent | undefined;
    const final$ = defer((): Observable<JobEvent<R>> => {
      const last = lastStatus;
      if (last === undefined || !isFinal(last.status)) {
        // Started in a final status: nothing to add.
        if (last === undefined && o.initialStatus !== undefined && isFinal(o.initialStatus)) {
          return EMPTY;
        }
        return throwError(
          () => new IBMRuntimeError(`The sources of job ${jobId} ended before a final status`),
        );
      }
      const extras$ = concat(
        o.metrics
          ? api.metrics(jobId).pipe(map((m) => metricsEvent({ jobId, time: now(), metrics: m })))
          : EMPTY,
        o.logs
          ? api.logs(jobId).pipe(
              catchError((error: unknown) =>
                error instanceof IBMApiError && error.status === 404
                  ? of('')
                  : throwError(() => error),
              ),
              map((text) => logsEvent({ jobId, time: now(), logs: text })),
            )
          : EMPTY,
      );
      if (last.status === 'DONE') {
        const result$ = o.fetchResult
          ? readDoneResult$(api.results(jobId), o.resultRetry, o.scheduler).pipe(
              decodeWith(o.decode),
              map((result) => resultEvent<R>({ jobId, time: now(), result })),
            )
          : EMPTY;
        return concat(result$, extras$);
      }
      const error = terminalErrorOf(last, jobId);
      return concat(
        extras$,
        o.completeOnFailure || error === undefined ? EMPTY : throwError(() => error),
      );
    });
    return concat(
      live$.pipe(
        tap((e) => {
          if (e.type === 'status') lastStatus = e;
        }),
      ),
      final$,
    );
  });
}
