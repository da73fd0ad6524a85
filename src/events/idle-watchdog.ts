/**
 * The {@link idleWatchdog} operator: notices when a job stream has gone quiet, reports it as a
 * `connection` event and lets the caller re-poll or reconnect.
 *
 * @module
 */
import { asyncScheduler, Observable } from 'rxjs';
import type { MonoTypeOperatorFunction, SchedulerLike, Subscription } from 'rxjs';
import { ConfigError } from '../codecs/errors.js';
import type { PrimitiveResult } from '../codecs/result-model.js';
import { connectionEvent } from './job-event.js';
import type { ConnectionChannel, JobEvent } from './job-event.js';

/** Options of {@link idleWatchdog}. */
export interface IdleWatchdogOptions {
  /**
   * Called right after each idle event is emitted, e.g. to trigger a poll or reconnect the
   * websocket. An exception thrown here errors the stream.
   */
  readonly onIdle?: () => void;
  /** Clock and timer of the watchdog (a `TestScheduler` in tests). Default `asyncScheduler`. */
  readonly scheduler?: SchedulerLike;
  /**
   * The job named in idle events. When left out, the `jobId` of the last event seen is used
   * (and the empty string before any event arrived).
   */
  readonly jobId?: string;
  /** The channel the idle events name. Default `'websocket'`. */
  readonly channel?: ConnectionChannel;
}

/**
 * Watch a job event stream for silence. Whenever `ms` pass without an event, emit a
 * `connection` event `{ state: 'idle', channel, detail: 'no event for <ms> ms' }` (so the
 * silence shows up as data) and then call `onIdle`. The window restarts after every source
 * event and after every idle event, so a stream that stays silent reports it every `ms`.
 * Source events, completion and errors pass through unchanged; the timer is cleared when the
 * stream ends or is unsubscribed. Throws {@link ConfigError} for an `ms` that is not a positive
 * finite number.
 *
 * ```
 * source:   -a-b---------c--|
 *
 * idleWatchdog(4)
 *
 * result:   -a-b---i---i-c--|       (i = idle connection event, onIdle() called after each)
 * ```
 *
 * @category Operators
 */
export function idleWatchdog<R = PrimitiveResult>(
  ms: number,
  options: IdleWatchdogOptions = {},
): MonoTypeOperatorFunction<JobEvent<R>> {
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms <= 0) {
    throw new ConfigError(
      `idle window must be a finite number of milliseconds > 0, got ${String(ms)}`,
      'idleMs',
    );
  }
  const scheduler = options.scheduler ?? asyncScheduler;
  const channel = options.channel ?? 'websocket';
  return (source: Observable<JobEvent<R>>) =>
    new Observable<JobEvent<R>>((subscriber) => {
      let lastJobId = options.jobId;
      let timer: Subscription | undefined;
      const arm = (): void => {
        timer?.unsubscribe();
        timer = scheduler.schedule(() => {
          subscriber.next(
            connectionEvent({
              jobId: options.jobId ?? lastJobId ?? '',
              time: new Date(scheduler.now()),
              channel,
              state: 'idle',
              detail: `no event for ${ms} ms`,
            }),
          );
          try {
            options.onIdle?.();
          } catch (err: unknown) {
            subscriber.error(err);
            return;
          }
          if (!subscriber.closed) arm();
        }, ms);
      };
      arm();
      const upstream = source.subscribe({
        next: (event) => {
          lastJobId = event.jobId;
          arm();
          subscriber.next(event);
        },
        error: (err: unknown) => subscriber.error(err),
        complete: () => subscriber.complete(),
      });
      return () => {
        timer?.unsubscribe();
        upstream.unsubscribe();
      };
    });
}
