/**
 * The runtime result-stream websocket source (protocol.md §7.1): skip the server's
 * acknowledgement, decode every later frame as an interim result, treat a normal close as the
 * end of the job, and reconnect after drops.
 *
 * @module
 */
import { asyncScheduler, catchError, concat, defer, map, mergeMap, of, throwError } from 'rxjs';
import type { Observable, SchedulerLike } from 'rxjs';
import * as E from 'fp-ts/lib/Either.js';
import {
  DecodeError,
  messageOf,
  RuntimeJobNotFoundError,
  WebSocketClosedError,
} from '../../codecs/errors.js';
import type { ResultDecoder } from '../../codecs/results.js';
import { WS_CLOSE_JOB_NOT_FOUND, classifyStreamFrame } from '../../codecs/ws-messages.js';
import { isReconnectable, withReconnect } from './reconnect.js';
import type { ReconnectPolicy, SourceConnection } from './reconnect.js';

/** What {@link resultStream$} emits. */
export type ResultStreamEvent<R> =
  | SourceConnection
  | {
      readonly kind: 'interim';
      /** Counts the result frames of the whole source from 0, across reconnects. */
      readonly index: number;
      readonly value: R;
      readonly time: Date;
    };

/** Options of {@link resultStream$}. */
export interface ResultStreamOptions<R> {
  /**
   * Opens one connection (authenticated: an `Authorization` header on Node, `?access_token=` in
   * browsers): the text frames received. A normal close (1000) must complete it, other closes
   * error it with `WebSocketClosedError`, failures to connect with `NetworkError`.
   */
  readonly connect: () => Observable<string>;
  /** Decoder of each result frame. */
  readonly decode: ResultDecoder<R>;
  readonly reconnect?: ReconnectPolicy;
  /** Scheduler of the backoff waits and of the events' `time`. */
  readonly scheduler?: SchedulerLike;
}

/**
 * Watch job `jobId`'s result stream.
 *
 * On every connection the first frame is the server's acknowledgement: it is not decoded and
 * yields `connection: open`. Every later frame is decoded with `decode` and emitted as an
 * `interim` event. The server closes normally (1000) when the job has ended: the source emits
 * `connection: closed` and completes (the stream carries no status; the caller confirms the
 * final status another way).
 *
 * A close with 4003 ends the source with `RuntimeJobNotFoundError`. A frame that does not
 * decode ends the source with the decoder's {@link DecodeError} (a bad
 * payload would be sent again on reconnect). Abnormal closes reconnect with backoff as in
 * `withReconnect` (at most 5 attempts in a row, the count reset by any frame, each wait
 * announced by `connection: reconnecting`); a service without the stream endpoint fails at
 * once (see `isReconnectable`).
 *
 * ```
 * server:  -ack--r0----r1---close(1000)
 * events:  -open-i(0)--i(1)-(closed|)
 * ```
 */
export function resultStream$<R>(
  jobId: string,
  options: ResultStreamOptions<R>,
): Observable<ResultStreamEvent<R>> {
  const scheduler = options.scheduler ?? asyncScheduler;
  const now = (): Date => new Date(scheduler.now());
  return defer(() => {
    let nextIndex = 0;
    const connectOnce = (): Observable<ResultStreamEvent<R>> =>
      defer(() => {
        let frames = 0;
        const events$ = options.connect().pipe(
          catchError((error: unknown) =>
            throwError(() =>
              error instanceof WebSocketClosedError && error.code === WS_CLOSE_JOB_NOT_FOUND
                ? new RuntimeJobNotFoundError(jobId, { cause: error })
                : error,
            ),
          ),
          mergeMap((text): Observable<ResultStreamEvent<R>> => {
            const frame = classifyStreamFrame(frames++, text);
            if (frame.kind === 'ack') return of({ kind: 'connection', state: 'open', time: now() });
            const decoded = options.decode(frame.text);
            if (E.isLeft(decoded)) return throwError(() => decoded.left);
            return of({ kind: 'interim', index: nextIndex++, value: decoded.right, time: now() });
          }),
        );
        const closed$ = defer(() =>
          of<ResultStreamEvent<R>>({
            kind: 'connection',
            state: 'closed',
            detail: `result stream of job ${jobId} ended`,
            time: now(),
          }),
        );
        return concat(events$, closed$);
      });
    return withReconnect(connectOnce, {
      policy: options.reconnect,
      scheduler,
      retryable: (error, { everReceived }) =>
        !(error instanceof DecodeError) && isReconnectable(error, everReceived),
    }).pipe(
      map((item): ResultStreamEvent<R> =>
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
  });
}
