/**
 * The {@link statusChanges} operator: the statuses of a job event stream.
 *
 * @module
 */
import { filter, map, pipe } from 'rxjs';
import type { OperatorFunction } from 'rxjs';
import type { PrimitiveResult } from '../codecs/result-model.js';
import type { JobStatus } from '../codecs/status.js';
import { isStatusEvent } from '../events/job-event.js';
import type { JobEvent } from '../events/job-event.js';

/**
 * Keep the `status` events and emit their {@link JobStatus}. Job streams already emit each
 * status once, in rank order, so the values are the job's distinct statuses as it moved
 * through them. Completion and errors pass through.
 *
 * ```
 * source:  -q-p-r-m-d|        (p = progress, m = metrics; q, r, d = status events)
 *
 * statusChanges()
 *
 * result:  -Q---R---D|        (Q = 'QUEUED', R = 'RUNNING', D = 'DONE')
 * ```
 *
 * @category Operators
 */
export function statusChanges<R = PrimitiveResult>(): OperatorFunction<JobEvent<R>, JobStatus> {
  return pipe(
    filter(isStatusEvent),
    map((event) => event.status),
  );
}
