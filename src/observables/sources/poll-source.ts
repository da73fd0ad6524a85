/**
 * The polling source: reads a job's details again and again, one request at a time, at an
 * interval that follows the job's status, until the job reaches a final status.
 *
 * @module
 */
import { EMPTY, Observable, Subscription, asapScheduler, asyncScheduler } from 'rxjs';
import type { Observer, SchedulerLike } from 'rxjs';
import {
  ConfigError,
  DecodeError,
  IBMApiError,
  RuntimeJobNotFoundError,
} from '../../codecs/errors.js';
import { jobStatusOf } from '../../codecs/job.js';
import type { JobDetails } from '../../codecs/job.js';
import { isFinal, isUnknownStatus, rank } from '../../codecs/status.js';
import type { JobStatus, MappedStatus } from '../../codecs/status.js';
import { backoffDelay, resolveRetryPolicy, retryDelayFor } from '../../transport/retry.js';
import type { RetryPolicy } from '../../transport/retry.js';
import { pageVisibility$ } from './visibility.js';

/** How often a job is polled, by status. Every interval is raised to at least `floorMs`. */
export interface PollIntervals {
  /** While the job waits in the queue (and before its first status is known). Default 5000 ms. */
  readonly queuedMs: number;
  /** While the job runs (and while it initialises or validates). Default 1000 ms. */
  readonly runningMs: number;
  /** No poll follows another sooner than this. Default 100 ms. */
  readonly floorMs: number;
  /**
   * While another source (a status websocket) carries the stream: polling only checks now
   * and then, in case the push channel missed something. Default 30000 ms.
   */
  readonly relaxedMs: number;
}

/** The intervals used where none are given. */
export const DEFAULT_POLL_INTERVALS: PollIntervals = Object.freeze({
  queuedMs: 5000,
  runningMs: 1000,
  floorMs: 100,
  relaxedMs: 30_000,
});

/**
 * Fill in partial intervals with the defaults and check them. Throws a {@link ConfigError}
 * naming the option when a value is not a finite number >= 0.
 */
export function resolvePollIntervals(intervals: Partial<PollIntervals> = {}): PollIntervals {
  const out: Record<string, number> = { ...DEFAULT_POLL_INTERVALS };
  for (const [key, value] of Object.entries(intervals)) {
    if (value === undefined) continue;
    if (!(key in DEFAULT_POLL_INTERVALS)) {
      throw new ConfigError(`poll.${key} is not a poll option`, `poll.${key}`);
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new ConfigError(
        `poll.${key} must be a finite number of milliseconds >= 0, got ${String(value)}`,
        `poll.${key}`,
      );
    }
    out[key] = value;
  }
  return Object.freeze(out as unknown as PollIntervals);
}

/**
 * The wait before the next poll when the job was last seen in `status`, never below `floorMs`:
 * `queuedMs` for QUEUED and for a status not known yet, `runningMs` for every other status (a
 * job initialising or running changes soon; a final status only reported by a push is
 * confirmed quickly). `relaxed` selects `relaxedMs` instead.
 */
export function pollIntervalFor(
  status: JobStatus | undefined,
  intervals: PollIntervals,
  relaxed = false,
): number {
  let ms: number;
  if (relaxed) ms = intervals.relaxedMs;
  else if (status === undefined || status === 'QUEUED') ms = intervals.queuedMs;
  else ms = intervals.runningMs;
  return Math.max(ms, intervals.floorMs);
}

/** One answer of the polling source. */
export interface PollReading {
  readonly details: JobDetails;
  /** The status read from `details`, with the server's reason. */
  readonly mapped: MappedStatus;
  /** When the answer arrived (scheduler clock). */
  readonly time: Date;
  /** How long the source waits before the next request (unless poked); 0 after a final status. */
  readonly nextPollMs: number;
}

/** Options of {@link pollJob$}. */
export interface PollSourceOptions {
  readonly intervals?: Partial<PollIntervals>;
  /** Retrying of transient failures (network errors, 5xx, 429 with `Retry-After`). */
  readonly retry?: Partial<RetryPolicy>;
  /** Scheduler of every wait (virtual time in specs). Default `asyncScheduler`. */
  readonly scheduler?: SchedulerLike;
  /**
   * Each emission asks for a poll now: the pending wait is cut short, or, when a request is in
   * flight, the next one starts as soon as it settles. Requests never overlap.
   */
  readonly poke$?: Observable<unknown>;
  /**
   * A status learnt from another source (a websocket push). The interval follows the most
   * advanced of it and the last polled status.
   */
  readonly statusHint$?: Observable<JobStatus>;
  /**
   * `true` while another source carries the stream: the interval becomes `relaxedMs`. A switch
   * back to `false` (the other source dropped) polls at once, so nothing is missed.
   */
  readonly relaxed$?: Observable<boolean>;
  /**
   * Page visibility (`true` = visible); polling pauses while hidden and polls at once when the
   * page becomes visible again. Default {@link pageVisibility$}, which is always visible in Node.
   */
  readonly visibility$?: Observable<boolean>;
}

/**
 * Poll job `jobId` with `fetch` (one `GET /v1/jobs/{id}`): emit a {@link PollReading} per answer,
 * complete after the first final status.
 *
 * - The next request is scheduled only after the previous one settled (answer or error), so
 *   requests never overlap; the wait is {@link pollIntervalFor} the last status (`queuedMs`
 *   while queued, `runningMs` while running, never below `floorMs`).
 * - Transient failures (network errors, the 5xx force list, 429) are retried with exponential
 *   backoff, or after the server's `Retry-After`, as the transport's `retryTransient` would; so
 *   is an answer whose body cannot be read (a `DecodeError`), which ends the source only when
 *   it persists through every attempt.
 * - HTTP 404 ends the source with {@link RuntimeJobNotFoundError}; other errors pass through.
 * - Unsubscribing cancels the request in flight (the request Observable's teardown runs) and
 *   every timer.
 *
 * ```
 * fetch answers:  Q           Q               R         R         D
 * readings:       Q-(5000ms)--Q-(5000ms)------R-(1000)--R-(1000)--(D|)
 * ```
 */
export function pollJob$(
  jobId: string,
  fetch: () => Observable<JobDetails>,
  options: PollSourceOptions = {},
): Observable<PollReading> {
  const intervals = resolvePollIntervals(options.intervals);
  const scheduler = options.scheduler ?? asyncScheduler;
  const retry = resolveRetryPolicy(options.retry);
  return new Observable<PollReading>((subscriber) => {
    // The loop is written out by hand rather than with `expand`: one request, then one
    // scheduled action, and nothing else allocated per poll.
    const subscription = new Subscription();
    let request: Subscription | undefined;
    let next: Subscription | undefined;
    let inFlight = false;
    let retryNumber = 0;
    let poked = false;
    let relaxed = false;
    let visible = true;
    let hinted: JobStatus | undefined;
    let last: PollReading | undefined;

    // 0 after a final status; otherwise the interval for the most advanced status known. A
    // final status pushed by another source but not polled yet needs confirming: no relaxing.
    const nextDelay = (mapped: MappedStatus): number => {
      const polled = known(mapped.status);
      if (polled !== undefined && isFinal(polled)) return 0;
      const status = mostAdvanced(polled, hinted);
      const awaitingConfirmation = status !== undefined && isFinal(status);
      return pollIntervalFor(status, intervals, relaxed && !awaitingConfirmation);
    };

    const fail = (error: unknown): void =>
      subscriber.error(
        error instanceof IBMApiError && error.status === 404
          ? new RuntimeJobNotFoundError(jobId, { cause: error })
          : error,
      );

    const send = (): void => {
      next?.unsubscribe();
      next = undefined;
      if (subscriber.closed) return;
      if (!visible) return; // resumed by the visibility subscription
      poked = false;
      inFlight = true;
      retryNumber = 0;
      attempt();
    };

    // One request. A transient failure waits its backoff (or `Retry-After`) and tries again,
    // with `inFlight` still set: a poke or the page being shown does not cut a backoff short.
    const attempt = (): void => {
      next = undefined;
      last = undefined;
      let answer$: Observable<JobDetails>;
      try {
        answer$ = fetch();
      } catch (error) {
        failed(error);
        return;
      }
      request = answer$.subscribe(answers);
    };

    // The observer of every request, made once per subscription rather than once per poll.
    const answers: Observer<JobDetails> = {
      next: (details) => {
        const mapped = jobStatusOf(details);
        last = {
          details,
          mapped,
          time: new Date(scheduler.now()),
          nextPollMs: nextDelay(mapped),
        };
        subscriber.next(last);
      },
      error: (error: unknown) => failed(error),
      complete: () => {
        inFlight = false;
        settled(last);
      },
    };

    const failed = (error: unknown): void => {
      retryNumber++;
      const delayMs = pollRetryDelay(error, retryNumber, retry);
      if (delayMs === undefined) {
        inFlight = false;
        fail(error);
        return;
      }
      next = scheduler.schedule(attempt, delayMs);
    };

    // A request settled: stop after a final status, otherwise arm the next one. A zero wait
    // goes through the asap queue rather than a 0 ms timer, so the event loop does not idle
    // for the timer's minimum delay (a wake-up that costs more CPU than handling the answer).
    const settled = (reading: PollReading | undefined): void => {
      const polled = reading === undefined ? undefined : known(reading.mapped.status);
      if (polled !== undefined && isFinal(polled)) {
        subscriber.complete();
        return;
      }
      // An answer without a value keeps the pace of the last status known.
      const ms = poked
        ? 0
        : reading !== undefined
          ? reading.nextPollMs
          : pollIntervalFor(hinted, intervals, relaxed);
      arm(ms);
    };

    const arm = (ms: number): void => {
      next?.unsubscribe();
      next = ms > 0 ? scheduler.schedule(send, ms) : asapScheduler.schedule(send);
    };

    // Cut a pending wait short (a poke, the other source dropping, the page shown again); while
    // a request is in flight, `poked` makes the next one start as soon as it settles.
    const wake = (): void => {
      if (!inFlight && next !== undefined) arm(0);
    };

    subscription.add(
      (options.poke$ ?? EMPTY).subscribe(() => {
        poked = true;
        wake();
      }),
    );
    subscription.add(
      (options.statusHint$ ?? EMPTY).subscribe((status) => {
        hinted = mostAdvanced(hinted, status);
      }),
    );
    subscription.add(
      (options.relaxed$ ?? EMPTY).subscribe((value) => {
        const dropped = relaxed && !value;
        relaxed = value;
        if (dropped) {
          poked = true;
          wake();
        }
      }),
    );
    subscription.add(
      (options.visibility$ ?? pageVisibility$()).subscribe((value) => {
        const shown = !visible && value;
        visible = value;
        // Shown again: poll at once, whether a wait was pending or the loop was paused.
        if (shown && !inFlight) arm(0);
      }),
    );
    subscription.add(() => {
      request?.unsubscribe();
      next?.unsubscribe();
    });
    send();
    return subscription;
  });
}

/**
 * The wait before reading again after `error`, or `undefined` to give up: the transport's
 * policy ({@link retryDelayFor}), and also a backoff after a details body that could not be
 * read (not one that was too large). Such a body is usually damage on the way (a proxy's
 * error page, a cut answer) and the next read is whole; a body that stays unreadable ends the
 * source with its `DecodeError` once the attempts are used up.
 */
function pollRetryDelay(
  error: unknown,
  retryNumber: number,
  policy: RetryPolicy,
): number | undefined {
  if (error instanceof DecodeError && error.kind !== 'limit') {
    return retryNumber < policy.maxAttempts ? backoffDelay(retryNumber, policy) : undefined;
  }
  return retryDelayFor(error, retryNumber, policy);
}

function known(status: MappedStatus['status']): JobStatus | undefined {
  return isUnknownStatus(status) ? undefined : status;
}

function mostAdvanced(a: JobStatus | undefined, b: JobStatus | undefined): JobStatus | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return rank(b) > rank(a) ? b : a;
}
