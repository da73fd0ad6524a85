/**
 * `job$`: one job as one Observable of {@link JobEvent}s, merging the job-status websocket, the
 * result stream and the job's reads through the client's poll scheduler into one monotonic
 * sequence, then the result or the job's typed error. Cold: each subscription is its own stream.
 *
 * @module
 */
import { defer } from 'rxjs';
import type { Observable } from 'rxjs';
import { ConfigError, describeValue } from '../codecs/errors.js';
import type { PrimitiveResult } from '../codecs/result-model.js';
import type { JobEvent } from '../events/job-event.js';
import { withJobEnding } from './job-ending.js';
import { pollSchedulerOf, toJobApi } from './job-client.js';
import type { JobApi, JobClient } from './job-client.js';
import { jobSources$ } from './job-sources.js';
import { resolveJobStreamOptions } from './job-stream-options.js';
import type { JobStreamOptions } from './job-stream-options.js';

export type { JobStreamOptions, WebSocketMode } from './job-stream-options.js';

/** The JobApi of each client object (built once: checking a client is not free). */
const apis = new WeakMap<object, JobApi>();

/**
 * Watch job `jobId` of `client` as one Observable of {@link JobEvent}s. `client` is a
 * {@link JobClient} (an HTTP client and where the websockets are), or a ready {@link JobApi}.
 *
 * **Cold.** Like every RxJS creation function, each subscription runs its own stream: its own
 * websockets and its own state machine. The job's reads are shared anyway: they go through the
 * client's one `PollScheduler`, which reads a job once for every stream that watches it. To
 * share one stream between subscribers, share it explicitly (`share()`, `shareReplay({
 * bufferSize: 1, refCount: true })`), or use a `RuntimeJob`, which owns one shared stream per
 * job and replays the job's current state to late subscribers.
 *
 * **Sources.** The job's reads through the client's poll scheduler (`GET /jobs/{id}`, at the
 * scheduler's pace for the job's status, or at `poll`'s when given), the job-status websocket
 * (status pushes) and the result stream (interim results), as chosen by `websocket`. A service
 * without websockets makes them fail at once: a `connection` event with state `fallback` says
 * so and polling carries the stream, without an error. So does a result-stream frame that
 * cannot be decoded (the event's `error` is its `DecodeError`): the interim results stop, the
 * final result is still read over HTTP.
 *
 * **Statuses.** Every observation goes through the job's state machine (`StatusMachine`): each
 * transition is emitted once, in order, never backwards; a status neither vocabulary knows is
 * emitted as an `unknownStatus` event and the state is kept. While the job-status socket is
 * open it carries the job and reads relax to `relaxedMs`; when it drops (`connection:
 * reconnecting`) the job is read at once and at its normal pace, so no transition is missed. A
 * final status pushed by the websocket is held until one read, made at once, confirms it; the
 * status event then carries the read's reason fields.
 *
 * **Ending.** On DONE the result is fetched, decoded with `resultDecoder` (default
 * `decodeResult`) and emitted as a `result` event (unless `fetchResult: false`); a read answered
 * 404 (the service may report DONE a moment before it serves the result) or failing
 * transiently is read again with backoff within `resultRetry` (10 s by default), and the last
 * failure is the stream's error (an `IBMApiError` 404 stays one). Then metrics
 * and logs when asked for, then the stream completes. On ERROR or CANCELLED the status event
 * is emitted, then metrics and logs when asked for, then the stream fails with
 * `RuntimeJobFailureError`, `RuntimeJobMaxTimeoutError` or `RuntimeJobCancelledError` carrying
 * the reason (or completes, with `completeOnFailure`). An unknown job fails with
 * `RuntimeJobNotFoundError`; reads that keep failing (see `retry`) with their typed error.
 *
 * **Other events.** `interim` (the result stream's interim results, decoded like the result;
 * the final result the stream also sends is not repeated as one), `progress` (queue position
 * and estimates from the job-status socket; `pollIntervalMs` whenever the read pace changes),
 * `connection` (websocket `open`, `reconnecting`, `fallback`, `closed`; `idle` with
 * `idleTimeoutMs`).
 *
 * Unsubscribing closes every socket and ends the stream's watch of the job (its request is
 * cancelled when no other stream watches the job).
 *
 * Throws {@link ConfigError} at once for an empty job id, an unusable client or bad options.
 *
 * ```
 * websocket:  --Q------R---D          (D held until a read agrees)
 * reads:      -Q----Q--------R-D
 * job$:       --Q------R-------D-(r|)   (r = result event)
 * ```
 *
 * @category Streams and events
 */
export function job$<R = PrimitiveResult>(
  client: JobClient | JobApi,
  jobId: string,
  options: JobStreamOptions<R> = {},
): Observable<JobEvent<R>> {
  if (typeof jobId !== 'string' || jobId.trim() === '') {
    throw new ConfigError(`jobId must be a non-empty string, got ${describeValue(jobId)}`, 'jobId');
  }
  const resolved = resolveJobStreamOptions(options);
  let api = apis.get(client);
  if (api === undefined) {
    api = toJobApi(client);
    apis.set(client, api);
  }
  const jobApi = api;
  return defer(() => {
    const polls = pollSchedulerOf(jobApi, resolved.scheduler);
    return withJobEnding(jobApi, jobId, resolved, jobSources$(jobApi, polls, jobId, resolved));
  });
}
