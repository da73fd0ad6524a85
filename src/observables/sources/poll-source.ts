/**
 * `pollJob$`: one job's status reads as an Observable, a thin view of the client's
 * `PollScheduler`, which decides when the job is read within one request budget for every job
 * of the client.
 *
 * @module
 */
import { EMPTY, Observable, asyncScheduler } from 'rxjs';
import type { SchedulerLike } from 'rxjs';
import type { JobDetails } from '../../codecs/job.js';
import { isFinal, isUnknownStatus } from '../../codecs/status.js';
import type { JobStatus, MappedStatus } from '../../codecs/status.js';
import { resolveRetryPolicy } from '../../transport/retry.js';
import type { RetryPolicy } from '../../transport/retry.js';
import type { PollScheduler } from '../scheduler/poll-scheduler.js';
import { readFailureOutcome } from '../scheduler/read-failures.js';
import type { PollIntervals, WatchEvent } from '../scheduler/types.js';

/** One read of the job. */
export interface PollReading {
  readonly details: JobDetails;
  /** The status read from `details`, with the server's reason. */
  readonly mapped: MappedStatus;
  /** When the answer arrived (the `scheduler` clock). */
  readonly time: Date;
  /** How often the scheduler reads the job now (its last announced interval); 0 after a final status. */
  readonly nextPollMs: number;
}

/** Options of {@link pollJob$}. */
export interface PollSourceOptions {
  /** This stream's own intervals for the job (see `WatchOptions.intervals`). Default: the scheduler's. */
  readonly intervals?: Partial<PollIntervals>;
  /**
   * How many failed reads in a row the source accepts (`maxAttempts`); the waits between them
   * are the scheduler's backoff. See `readFailureOutcome` for which failures are read again.
   */
  readonly retry?: Partial<RetryPolicy>;
  /** Clock of the readings' `time`. Default `asyncScheduler`. */
  readonly scheduler?: SchedulerLike;
  /** Each emission asks for a read as soon as the budget and the floor allow. */
  readonly poke$?: Observable<unknown>;
  /**
   * Statuses learnt from another source (a websocket push): a further-along one changes the
   * pace at once, a final one asks for one confirming read.
   */
  readonly statusHint$?: Observable<JobStatus>;
  /**
   * `true` while another channel (the job-status websocket) carries the job for this stream:
   * reads relax to `relaxedMs`; `false` again reads at once, so nothing is missed.
   */
  readonly carried$?: Observable<boolean>;
}

/**
 * Read job `jobId` through `polls`, the client's poll scheduler: emit a {@link PollReading} per
 * read (its own request or a pending-list page), complete after the first final status, and
 * stop watching on unsubscribe. A job several streams watch is read once for all of them.
 *
 * Failed reads (see `readFailureOutcome`): a 404 ends the source with
 * `RuntimeJobNotFoundError`; a body that cannot be read, or a network or 5xx failure, is read
 * again on the scheduler's backoff and ends the source only after `retry.maxAttempts` failures
 * in a row; anything else ends it at once. Rate-limit answers pause the whole scheduler and are
 * not failures of the job.
 *
 * ```
 * scheduler reads:  Q          Q          R     R     D
 * readings:         Q-(10 s)---Q-(10 s)---R-(2s)R-(2s)(D|)
 * ```
 */
export function pollJob$(
  polls: PollScheduler,
  jobId: string,
  options: PollSourceOptions = {},
): Observable<PollReading> {
  const clock = options.scheduler ?? asyncScheduler;
  const maxAttempts = resolveRetryPolicy(options.retry).maxAttempts;
  const watchOptions = options.intervals === undefined ? {} : { intervals: options.intervals };
  return new Observable<PollReading>((subscriber) => {
    let intervalMs = 0;
    const sink = {
      next: (event: WatchEvent): void => {
        switch (event.kind) {
          case 'interval':
            intervalMs = event.pollIntervalMs;
            return;
          case 'error': {
            const outcome = readFailureOutcome(jobId, event.error, event.failures, maxAttempts);
            if (outcome !== undefined) subscriber.error(outcome);
            return;
          }
          case 'details': {
            const mapped = event.mapped;
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
      },
    };
    subscriber.add(polls.watch(jobId, sink, watchOptions));
    subscriber.add((options.poke$ ?? EMPTY).subscribe(() => polls.pokeNow(jobId)));
    subscriber.add(
      (options.statusHint$ ?? EMPTY).subscribe((status) => polls.setStatusHint(jobId, status)),
    );
    subscriber.add(
      (options.carried$ ?? EMPTY).subscribe((carried) => polls.setCarried(jobId, sink, carried)),
    );
  });
}
