/**
 * The runtime result-stream websocket source: skip the server's acknowledgement, decode every
 * later frame as an interim result (the one the server closes the stream right after is the
 * `last`: the final result of a completed job), treat a normal close as the end of the job,
 * and reconnect after drops.
 *
 * @module
 */
import {
  Observable,
  asyncScheduler,
  catchError,
  concat,
  defer,
  map,
  mergeMap,
  of,
  throwError,
} from 'rxjs';
import type { MonoTypeOperatorFunction, SchedulerLike, Subscription } from 'rxjs';
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

/** A result frame of the stream, decoded. */
export interface ResultFrame<R> {
  /**
   * `interim`: an interim result. `last`: the frame the server sent right before it closed the
   * stream normally: the final result when the job ended DONE (the stream carries no status,
   * so the caller decides), otherwise the job's last interim result.
   */
  readonly kind: 'interim' | 'last';
  /** Counts the result frames of the whole source from 0, across reconnects. */
  readonly index: number;
  readonly value: R;
  readonly time: Date;
}

/** What {@link resultStream$} emits. */
export type ResultStreamEvent<R> = SourceConnection | ResultFrame<R>;

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
  /**
   * How long a frame is held back to see whether the stream closes right after it (which makes
   * it the `last` frame). Default {@link LAST_FRAME_WINDOW_MS}.
   */
  readonly lastFrameWindowMs?: number;
}

/**
 * How long a result frame is held back by default: the server sends the final result and closes
 * the stream at once, so a normal close within this window after a frame makes it the `last`.
 */
export const LAST_FRAME_WINDOW_MS = 250;

/**
 * Watch job `jobId`'s result stream.
 *
 * On every connection the first frame is the server's acknowledgement: it is not decoded and
 * yields `connection: open`. Every later frame is decoded with `decode` and emitted as an
 * `interim` event once the next event comes or `lastFrameWindowMs` passed. The server sends the
 * final result of a completed job as one more frame and closes normally (1000): a frame the
 * normal close follows within the window is emitted as the `last` frame instead, then
 * `connection: closed`, and the source completes (the stream carries no status; the caller
 * confirms the final status another way, and knows from it what the `last` frame was).
 *
 * A close with 4003 ends the source with `RuntimeJobNotFoundError`. A frame that does not
 * decode ends the source with the decoder's {@link DecodeError} (a bad
 * payload would be sent again on reconnect). Abnormal closes reconnect with backoff as in
 * `withReconnect` (at most 5 attempts in a row, the count reset by any frame, each wait
 * announced by `connection: reconnecting`); a service without the stream endpoint fails at
 * once (see `isReconnectable`).
 *
 * ```
 * server:  -ack--r0--------r1-close(1000)        (window: 4 frames)
 * events:  -open-----i(0)----(last(1),closed|)
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
            return of<ResultStreamEvent<R>>({
              kind: 'interim',
              index: nextIndex++,
              value: decoded.right,
              time: now(),
            });
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
      holdLastFrame<R>(options.lastFrameWindowMs ?? LAST_FRAME_WINDOW_MS, scheduler),
    );
  });
}

/**
 * Hold each `interim` frame until the next event or `windowMs`: a frame followed by the
 * stream's `closed` event within the window becomes the `last` frame; any other event, the
 * window passing, an error or the end emit it as it was.
 */
function holdLastFrame<R>(
  windowMs: number,
  scheduler: SchedulerLike,
): MonoTypeOperatorFunction<ResultStreamEvent<R>> {
  return (source) =>
    new Observable<ResultStreamEvent<R>>((subscriber) => {
      let held: ResultFrame<R> | undefined;
      let timer: Subscription | undefined;
      const flush = (): void => {
        timer?.unsubscribe();
        timer = undefined;
        const frame = held;
        held = undefined;
        if (frame !== undefined) subscriber.next(frame);
      };
      const upstream = source.subscribe({
        next: (event) => {
          if (event.kind === 'interim') {
            flush();
            held = event;
            timer = scheduler.schedule(flush, windowMs);
            return;
          }
          if (event.kind === 'connection' && event.state === 'closed' && held !== undefined) {
            timer?.unsubscribe();
            timer = undefined;
            const frame = held;
            held = undefined;
            subscriber.next({ ...frame, kind: 'last' });
          } else {
            flush();
          }
          subscriber.next(event);
        },
        error: (error: unknown) => {
          flush();
          subscriber.error(error);
        },
        complete: () => {
          flush();
          subscriber.complete();
        },
      });
      return () => {
        timer?.unsubscribe();
        upstream.unsubscribe();
      };
    });
}
