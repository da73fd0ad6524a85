/**
 * The {@link untilFinal} operator: ends a job event stream once the job is over.
 *
 * @module
 */
import { defer, filter, takeWhile } from 'rxjs';
import type { MonoTypeOperatorFunction, Observable } from 'rxjs';
import type { PrimitiveResult } from '../codecs/result-model.js';
import { isFinalStatusEvent } from '../events/job-event.js';
import type { JobEvent } from '../events/job-event.js';

/**
 * Pass events through until the job is over, then complete:
 *
 * - a CANCELLED or ERROR status event is emitted and the stream completes right after it;
 * - a DONE status event is emitted and, unless a `result` event already went through, the
 *   stream keeps passing events until the first `result` event, emits it and completes
 *   (metrics, logs, interim and connection events in between pass too; status and
 *   unknownStatus events after the final one are dropped);
 * - a DONE status after a `result` event was already seen completes at once;
 * - if the source ends first, its completion or error passes through.
 *
 * Unsubscribes from the source when it completes.
 *
 * ```
 * source:  -q-r-d-m-R-x|      (d = DONE, m = metrics, R = result)
 * result:  -q-r-d-m-(R|)
 *
 * source:  -q-r-e-R|          (e = ERROR)
 * result:  -q-r-(e|)
 *
 * source:  -q-R-d-m|          (result pushed before the DONE status)
 * result:  -q-R-(d|)
 * ```
 *
 * @category Operators
 */
export function untilFinal<R = PrimitiveResult>(): MonoTypeOperatorFunction<JobEvent<R>> {
  return (source: Observable<JobEvent<R>>) =>
    defer(() => {
      let waitingForResult = false;
      let resultSeen = false;
      return source.pipe(
        filter(
          (event) =>
            !(waitingForResult && (event.type === 'status' || event.type === 'unknownStatus')),
        ),
        takeWhile((event) => {
          if (event.type === 'result') {
            resultSeen = true;
            return !waitingForResult;
          }
          if (isFinalStatusEvent(event)) {
            waitingForResult = event.status === 'DONE' && !resultSeen;
            return waitingForResult;
          }
          return true;
        }, true),
      );
    });
}
