/**
 * The job-status websocket source (the legacy IBMQ protocol, protocol.md §7.2): authenticate
 * in-band, then turn each `job-status` push into a status observation, reconnecting after
 * drops.
 *
 * @module
 */
import { Observable, Subscription, asyncScheduler, defer, map, take } from 'rxjs';
import type { SchedulerLike } from 'rxjs';
import * as E from 'fp-ts/lib/Either.js';
import {
  IBMRuntimeError,
  messageOf,
  RuntimeJobNotFoundError,
  WebSocketClosedError,
} from '../../codecs/errors.js';
import { isFinal, isUnknownStatus, mapLegacyStatus } from '../../codecs/status.js';
import {
  WS_CLOSE_JOB_FINAL,
  WS_CLOSE_JOB_NOT_FOUND,
  decodeLegacyServerMessage,
  encodeLegacyAuthMessage,
  queueInfoOf,
} from '../../codecs/ws-messages.js';
import type { StatusObservation } from '../../events/state-machine.js';
import { isReconnectable, withReconnect } from './reconnect.js';
import type { ReconnectPolicy, SourceConnection } from './reconnect.js';

/** What {@link jobStatusSocket$} emits. */
export type StatusSocketEvent =
  SourceConnection | { readonly kind: 'status'; readonly observation: StatusObservation };

/**
 * Opens one connection: a cold Observable of the text frames received, sending `input$`'s
 * frames once the socket is open. Close codes 1000 and 4002 (the job is final) must complete
 * it; other closes error it with `WebSocketClosedError`, failures to connect with `NetworkError`
 * (the transport's `webSocket$` with `normalCloseCodes` does this).
 */
export type StatusSocketConnect = (input$: Observable<string>) => Observable<string>;

/** Options of {@link jobStatusSocket$}. */
export interface StatusSocketOptions {
  readonly connect: StatusSocketConnect;
  /**
   * The access token sent in the authentication message, read once per connection (so a
   * refreshed token is used after a reconnect).
   */
  readonly token: () => Observable<string>;
  readonly reconnect?: ReconnectPolicy;
  /** Scheduler of the backoff waits and of the events' `time`. */
  readonly scheduler?: SchedulerLike;
}

/**
 * Watch job `jobId` on the job-status websocket.
 *
 * Per connection: send `{"type":"authentication","data":<token>}`; the first answer must be
 * `{"type":"authenticated"}` (then a `connection: open` event), anything else ends the source
 * with an `IBMRuntimeError` (never retried). Every `job-status` message becomes a `status` event whose
 * observation maps `data.status` with `mapLegacyStatus` (source `websocket`) and carries the
 * queue position and estimates of `data.infoQueue`. After a final status, or when the server
 * closes with 4002 (job final) or 1000, the source emits `connection: closed` and completes.
 *
 * Close 4003 ends it with {@link RuntimeJobNotFoundError}. Abnormal closes (4001, 1006, ...)
 * and unparsable messages reconnect after 0.5, 1, 2, 4, 8 s (see `withReconnect`), each wait
 * announced by `connection: reconnecting`; the count restarts with every message, and after
 * five failed attempts in a row the last error ends the source. A service without the
 * websocket fails at once (see {@link isReconnectable}).
 *
 * ```
 * server:  -auth--QUEUED----RUNNING--COMPLETED--close(4002)
 * events:  -open--status(Q)-status(R)-(status(D), closed|)
 * ```
 */
export function jobStatusSocket$(
  jobId: string,
  options: StatusSocketOptions,
): Observable<StatusSocketEvent> {
  const scheduler = options.scheduler ?? asyncScheduler;
  const now = (): Date => new Date(scheduler.now());

  // One connection, written as one subscriber rather than a chain of operators: every push
  // passes through here on its way to the subscriber.
  const connectOnce = (): Observable<StatusSocketEvent> =>
    new Observable<StatusSocketEvent>((subscriber) => {
      let authenticated = false;
      // Closed by `finish`; a socket added after that (a source answering synchronously while
      // being subscribed) is let go at once.
      const connection = new Subscription();
      // Completion: a final status was received, or the server closed with 1000 or 4002. The
      // socket is let go first, then `closed` is announced.
      const finish = (sawFinal: boolean): void => {
        connection.unsubscribe();
        subscriber.next({
          kind: 'connection',
          state: 'closed',
          detail: sawFinal
            ? 'final status received'
            : `closed by the server (job final, code ${WS_CLOSE_JOB_FINAL} or 1000)`,
          time: now(),
        });
        subscriber.complete();
      };
      // One frame, one event or none. A frame that cannot be read ends the connection.
      const eventOf = (text: string): StatusSocketEvent | undefined => {
        const decoded = decodeLegacyServerMessage(text);
        if (E.isLeft(decoded)) throw decoded.left;
        const message = decoded.right;
        if (!authenticated) {
          if (message.type !== 'authenticated') {
            throw new IBMRuntimeError(
              `Failed to authenticate against the job-status websocket: got ${describeMessage(text)}`,
            );
          }
          authenticated = true;
          return { kind: 'connection', state: 'open', time: now() };
        }
        if (message.type !== 'job-status' || message.data === undefined) return undefined;
        const data = message.data;
        const observation: StatusObservation = {
          mapped: mapLegacyStatus(data.status),
          source: 'websocket',
          time: now(),
          ...queueInfoOf(data),
        };
        return { kind: 'status', observation };
      };
      const input$ = defer(options.token).pipe(take(1), map(encodeLegacyAuthMessage));
      connection.add(
        options.connect(input$).subscribe({
          next: (text) => {
            let event: StatusSocketEvent | undefined;
            try {
              event = eventOf(text);
            } catch (error) {
              subscriber.error(error);
              return;
            }
            if (event === undefined) return;
            subscriber.next(event);
            if (isFinalStatusEvent(event)) finish(true);
          },
          error: (error: unknown) =>
            subscriber.error(
              error instanceof WebSocketClosedError && error.code === WS_CLOSE_JOB_NOT_FOUND
                ? new RuntimeJobNotFoundError(jobId, { cause: error })
                : error,
            ),
          complete: () => finish(false),
        }),
      );
      return connection;
    });

  return withReconnect(connectOnce, {
    policy: options.reconnect,
    scheduler,
    retryable: (error, { everReceived }) => isReconnectable(error, everReceived),
  }).pipe(
    map((item): StatusSocketEvent =>
      item.kind === 'message'
        ? item.value
        : {
            kind: 'connection',
            state: 'reconnecting',
            detail: `attempt ${item.attempt} in ${item.delayMs} ms after: ${messageOf(item.error)}`,
            time: now(),
          },
    ),
  );
}

function isFinalStatusEvent(event: StatusSocketEvent): boolean {
  if (event.kind !== 'status') return false;
  const status = event.observation.mapped.status;
  return !isUnknownStatus(status) && isFinal(status);
}

function describeMessage(text: string): string {
  return text.length > 60 ? `${JSON.stringify(text.slice(0, 57))}...` : JSON.stringify(text);
}
