/**
 * The polling source for clients with a shared {@link PollScheduler}: the same readings as
 * `pollJob$`, but the scheduler decides when the job is read, within one request budget for
 * every job of the client.
 *
 * @module
 */
import { EMPTY, Observable, asyncScheduler } from 'rxjs';
import type { SchedulerLike } from 'rxjs';
import { IBMApiError, RuntimeJobNotFoundError } from '../../codecs/errors.js';
import { jobStatusOf } from '../../codecs/job.js';
import { isFinal, isUnknownStatus } from '../../codecs/status.js';
import type { JobStatus } from '../../codecs/status.js';
import { isTransient } from '../../transport/retry.js';
import type { PollScheduler } from '../scheduler/poll-scheduler.js';
import type { WatchEvent } from '../scheduler/types.js';
import type { PollReading } from './poll-source.js';

/** Options of {@link scheduledPoll$}. */
export interface ScheduledPollOptions {
  /** Each emission asks the scheduler to read the job as soon as the budget allows. */
  readonly poke$?: Observable<unknown>;
  /** Statuses learnt from another source, passed on as the scheduler's status hints. */
  readonly statusHint$?: Observable<JobStatus>;
  /** Clock of the readings' `time`. Default `asyncScheduler`. */
  readonly scheduler?: SchedulerLike;
}

/**
 * Watch job `jobId` through `pollScheduler`: emit a {@link PollReading} per read (its
 * `nextPollMs` is the interval the scheduler last announced for the job), complete after the
 * first final status, and stop watching on unsubscribe.
 *
 * Failed reads: a 404 ends the source with {@link RuntimeJobNotFoundError}; other errors that
 * are not transient (401, 403, a body that does not decode) end it with that error; transient
 * ones are left to the scheduler, which retries with backoff.
 */
export function scheduledPoll$(
  pollScheduler: PollScheduler,
  jobId: string,
  options: ScheduledPollOptions = {},
): Observable<PollReading> {
  const clock = options.scheduler ?? asyncScheduler;
  return new Observable<PollReading>((subscriber) => {
    let intervalMs = 0;
    const onEvent = (event: WatchEvent): void => {
      switch (event.kind) {
        case 'interval':
          intervalMs = event.pollIntervalMs;
          return;
        case 'error': {
          const error = event.error;
          if (error instanceof IBMApiError && error.status === 404) {
            subscriber.error(new RuntimeJobNotFoundError(jobId, { cause: error }));
          } else if (!isTransient(error)) {
            subscriber.error(error);
          }
          return;
        }
        case 'details': {
          const mapped = jobStatusOf(event.details);
          const final = !isUnknownStatus(mapped.status) && isFinal(mapped.status);
          subscriber.next({
            details: event.details,
            mapped,
            time: new Date(clock.now()),
            nextPollMs: final ? 0 : intervalMs,
          });
          if (final) subscriber.complete();
        }
      }
    };
    const unwatch = pollScheduler.watch(jobId, onEvent);
    subscriber.add(unwatch);
    subscriber.add((options.poke$ ?? EMPTY).subscribe(() => pollScheduler.pokeNow(jobId)));
    subscriber.add(
      (options.statusHint$ ?? EMPTY).subscribe((status) =>
        pollScheduler.setStatusHint(jobId, status),
      ),
    );
  });
}
