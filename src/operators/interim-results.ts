/**
 * The {@link interimResults} operator: the interim results of a job event stream.
 *
 * @module
 */
import { filter, map, pipe } from 'rxjs';
import type { OperatorFunction } from 'rxjs';
import type { PrimitiveResult } from '../codecs/result-model.js';
import { isInterimEvent } from '../events/job-event.js';
import type { JobEvent } from '../events/job-event.js';

/**
 * Keep the `interim` events and emit their values, in the order they arrived, decoded like the
 * result (`R`: a `PrimitiveResult` of the pubs done so far for Sampler and Estimator jobs).
 * Completion and errors pass through.
 *
 * ```
 * source:  -r-i-j-d-R|        (i, j = interim events carrying 1 and 2)
 *
 * interimResults()
 *
 * result:  ---1-2----|
 * ```
 *
 * @category Operators
 */
export function interimResults<R = PrimitiveResult>(): OperatorFunction<JobEvent<R>, R> {
  return pipe(
    filter(isInterimEvent),
    map((event) => event.value),
  );
}
