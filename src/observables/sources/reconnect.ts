/**
 * Bounded reconnection with exponential backoff for the websocket sources: after a drop wait
 * 0.5, 1, 2, 4, 8 s (capped) and connect again, at most 5 times in a row; any message received
 * resets the count.
 *
 * @module
 */
import { Observable, asyncScheduler } from 'rxjs';
import type { Observer, SchedulerLike, Subscription } from 'rxjs';
import {
  ConfigError,
  IBMRuntimeError,
  NetworkError,
  RuntimeJobNotFoundError,
  WebSocketClosedError,
} from '../../codecs/errors.js';

/** Close code of a policy violation; servers close with it when they reject the credentials. */
const WS_CLOSE_POLICY_VIOLATION = 1008;

/**
 * How a websocket source reconnects after a drop.
 *
 * @category Configuration
 */
export interface ReconnectPolicy {
  /** Consecutive reconnect attempts before the source gives up (default 5). */
  readonly maxRetries: number;
  /** Delay before the first reconnect; each further attempt doubles it (default 500 ms). */
  readonly backoffMs: number;
  /** Ceiling on one delay (default 8000 ms). */
  readonly maxBackoffMs: number;
}

/** The protocol's policy (protocol.md §7): 0.5, 1, 2, 4, 8 s, at most 5 attempts in a row. */
export const DEFAULT_RECONNECT_POLICY: ReconnectPolicy = {
  maxRetries: 5,
  backoffMs: 500,
  maxBackoffMs: 8000,
};

/** Delay before reconnect attempt `attempt` (1-based): `backoffMs * 2^(attempt-1)`, capped. */
export function reconnectDelayMs(
  attempt: number,
  policy: ReconnectPolicy = DEFAULT_RECONNECT_POLICY,
): number {
  return Math.min(policy.backoffMs * 2 ** Math.max(0, attempt - 1), policy.maxBackoffMs);
}

/** What {@link withReconnect} emits: a message of the connection, or a notice that it is reconnecting. */
export type Reconnectable<T> =
  | { readonly kind: 'message'; readonly value: T }
  | {
      readonly kind: 'reconnecting';
      /** 1-based attempt number since the last message. */
      readonly attempt: number;
      readonly delayMs: number;
      /** Why the previous connection ended. */
      readonly error: unknown;
    };

/** What a source knows when deciding whether to reconnect after `error`. */
export interface ReconnectContext {
  /** True once any connection of this source has delivered a message. */
  readonly everReceived: boolean;
}

/** Options of {@link withReconnect}. */
export interface WithReconnectOptions {
  readonly policy?: ReconnectPolicy;
  /** Scheduler the backoff delays run on (virtual time in specs). */
  readonly scheduler?: SchedulerLike;
  /**
   * Whether `error` is worth a reconnect. Returning false ends the source with `error` at once
   * (e.g. "job not found", or a service that has no websocket at all).
   */
  readonly retryable: (error: unknown, context: ReconnectContext) => boolean;
}

/**
 * Subscribe to `connect()` and, when it errors with a retryable error, subscribe again after a
 * backoff delay; a `reconnecting` notice is emitted before each wait. Completion of a connection
 * completes the result. More than `maxRetries` failures with no message in between end the
 * result with the last error. Every message resets the count.
 *
 * ```
 * connect:  -a-#        (attempt 1 after 500 ms)  -#   (attempt 2 after 1000 ms)  -b-|
 * result:   -a-R--------------------------------------R-----------------------------b-|
 * ```
 * (`R` = a `reconnecting` notice; after `a` and `b` the count starts over.)
 */
export function withReconnect<T>(
  connect: () => Observable<T>,
  options: WithReconnectOptions,
): Observable<Reconnectable<T>> {
  const policy = options.policy ?? DEFAULT_RECONNECT_POLICY;
  const scheduler = options.scheduler ?? asyncScheduler;
  // Written out by hand rather than with `retry` and a notice Subject: every status push
  // passes through here on its way to the subscriber.
  return new Observable<Reconnectable<T>>((subscriber) => {
    let failures = 0;
    let everReceived = false;
    let connection: Subscription | undefined;
    let wait: Subscription | undefined;
    const messages: Observer<T> = {
      next: (value) => {
        failures = 0;
        everReceived = true;
        subscriber.next({ kind: 'message', value });
      },
      error: (error: unknown) => {
        if (!options.retryable(error, { everReceived }) || failures >= policy.maxRetries) {
          subscriber.error(error);
          return;
        }
        failures += 1;
        const delayMs = reconnectDelayMs(failures, policy);
        subscriber.next({ kind: 'reconnecting', attempt: failures, delayMs, error });
        if (!subscriber.closed) wait = scheduler.schedule(open, delayMs);
      },
      complete: () => subscriber.complete(),
    };
    const open = (): void => {
      wait = undefined;
      let source: Observable<T>;
      try {
        source = connect();
      } catch (error) {
        messages.error(error);
        return;
      }
      connection = source.subscribe(messages);
    };
    open();
    return () => {
      connection?.unsubscribe();
      wait?.unsubscribe();
    };
  });
}

/** A change of a websocket source's connection. */
export interface SourceConnection {
  readonly kind: 'connection';
  /**
   * `open` once the server accepted the connection (authenticated, or sent its acknowledgement),
   * `reconnecting` before each wait after a drop, `closed` when the server ended the stream
   * because the job is over.
   */
  readonly state: 'open' | 'reconnecting' | 'closed';
  /** Why, in words: the close code, the attempt number. */
  readonly detail?: string;
  readonly time: Date;
}

/**
 * Whether a websocket source should reconnect after `error`. Never for a job the server does
 * not know, a configuration problem or a refused authentication (`IBMRuntimeError`, or a close
 * with 1008, policy violation, which servers use for a rejected token). Never for a connection that
 * could not be established before any message ever arrived: the service has no websocket (or
 * none reachable), so the caller falls back to polling at once instead of after 15 s of
 * backoff. Otherwise (abnormal closes such as 1006 or 4001, protocol errors, a failed
 * reconnect after messages did arrive) yes.
 */
export function isReconnectable(error: unknown, everReceived: boolean): boolean {
  if (error instanceof RuntimeJobNotFoundError || error instanceof ConfigError) return false;
  if (error instanceof WebSocketClosedError && error.code === WS_CLOSE_POLICY_VIOLATION)
    return false;
  if (error instanceof IBMRuntimeError) return false;
  if (error instanceof NetworkError) return everReceived;
  return true;
}
