/**
 * The live part of one job stream: the job-status websocket, the result stream and the job's
 * reads through the client's poll scheduler, merged through the job's state machine until the
 * final status.
 *
 * @module
 */
import {
  BehaviorSubject,
  EMPTY,
  Observable,
  Subject,
  catchError,
  concat,
  defer,
  finalize,
  from,
  map,
  merge,
  mergeMap,
  of,
  take,
  takeWhile,
  throwError,
} from 'rxjs';
import type { OperatorFunction } from 'rxjs';
import { RuntimeJobNotFoundError, messageOf } from '../codecs/errors.js';
import { isFinal, isUnknownStatus } from '../codecs/status.js';
import type { WebSocketProtocol } from '../codecs/websocket-offers.js';
import type { JobStatus } from '../codecs/status.js';
import { idleWatchdog } from '../events/idle-watchdog.js';
import { connectionEvent, interimEvent, progressEvent } from '../events/job-event.js';
import type {
  ConnectionChannel,
  ConnectionState,
  InterimEvent,
  JobEvent,
} from '../events/job-event.js';
import type { StatusObservation } from '../events/state-machine.js';
import { StatusMachine } from '../events/status-machine.js';
import type { JobApi } from './job-client.js';
import type { ResolvedJobStreamOptions } from './job-stream-options.js';
import type { PollScheduler } from './scheduler/poll-scheduler.js';
import { pollJob$ } from './sources/poll-source.js';
import { resultStream$ } from './sources/result-stream-source.js';
import { jobStatusSocket$ } from './sources/status-socket-source.js';

/** A status observation to feed the machine, or an event to pass through as it is. */
type Item<R> =
  | { readonly kind: 'observation'; readonly observation: StatusObservation }
  | { readonly kind: 'event'; readonly event: JobEvent<R> }
  /** The result stream's last frame: the final result if the job ends DONE. */
  | { readonly kind: 'last'; readonly event: InterimEvent<R> };

/**
 * `mergeMap` for a projection that returns an array, without an inner Observable per value:
 * each value's array is emitted in order, synchronously. An exception thrown by `project`
 * errors the result.
 */
function flatMapArray<T, U>(project: (value: T) => readonly U[]): OperatorFunction<T, U> {
  return (source) =>
    new Observable<U>((subscriber) =>
      source.subscribe({
        next: (value) => {
          let out: readonly U[];
          try {
            out = project(value);
          } catch (error) {
            subscriber.error(error);
            return;
          }
          for (const item of out) subscriber.next(item);
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      }),
    );
}

/**
 * The sources of job `jobId`, merged through its state machine: statuses, progress, connection
 * changes and interim results, ending right after the final status. Each subscription opens
 * its own websockets and its own watch of the job in `polls` (a job several streams watch is
 * read once for all). The result stream's last frame, which is the final result when the job
 * ends DONE, is emitted as an interim result only when the job ends otherwise.
 */
export function jobSources$<R>(
  api: JobApi,
  polls: PollScheduler,
  jobId: string,
  o: ResolvedJobStreamOptions<R>,
): Observable<JobEvent<R>> {
  return defer(() => {
    const scheduler = o.scheduler;
    const now = (): Date => new Date(scheduler.now());
    const machine = new StatusMachine(jobId, {
      initial: o.initialStatus,
      unconfirmedSources: o.status ? ['websocket'] : [],
    });
    // Known to be final already: there is nothing to watch.
    if (machine.settled) return EMPTY;
    const poke$ = new Subject<void>();
    const hint$ = new Subject<JobStatus>();
    // True while the job-status socket is open: it carries the job, polling relaxes.
    const carried$ = new BehaviorSubject<boolean>(false);
    let lastFrame: InterimEvent<R> | undefined;

    const event = (e: JobEvent<R>): Item<R> => ({ kind: 'event', event: e });
    const connection = (
      state: ConnectionState,
      detail: string,
      channel: ConnectionChannel = 'websocket',
      error?: unknown,
    ): Item<R> => event(connectionEvent({ jobId, time: now(), channel, state, detail, error }));

    // In 'auto' mode a socket is opened only when the server advertises it (a hand-made
    // JobApi without `offers` offers both).
    const offered$ = (protocol: WebSocketProtocol): Observable<boolean> =>
      !o.auto || api.offers === undefined
        ? of(true)
        : api.offers().pipe(
            take(1),
            map((offers) => offers[protocol] !== undefined),
          );
    const ifOffered = (
      protocol: WebSocketProtocol,
      items$: Observable<Item<R>>,
    ): Observable<Item<R>> =>
      offered$(protocol).pipe(mergeMap((offered) => (offered ? items$ : EMPTY)));

    // The job-status websocket: status observations; while open it carries the job.
    const statusItems$: Observable<Item<R>> = !o.status
      ? EMPTY
      : ifOffered(
          'status',
          defer(() => {
            let finalPushed = false;
            return jobStatusSocket$(jobId, {
              connect: (input$) => api.statusSocket(jobId, input$),
              token: () => api.token(),
              ...(o.reconnect !== undefined ? { reconnect: o.reconnect } : {}),
              scheduler,
            }).pipe(
              map((e): Item<R> => {
                if (e.kind === 'status') {
                  const status = e.observation.mapped.status;
                  if (!isUnknownStatus(status)) {
                    hint$.next(status);
                    // A pushed final status is confirmed by reads at the normal pace.
                    if (isFinal(status) && !finalPushed) {
                      finalPushed = true;
                      carried$.next(false);
                    }
                  }
                  return { kind: 'observation', observation: e.observation };
                }
                if (e.state === 'open') carried$.next(!finalPushed);
                else carried$.next(false);
                const carry =
                  e.state === 'reconnecting' ? '; polling carries the stream meanwhile' : '';
                return connection(e.state, `job-status socket: ${e.detail ?? e.state}${carry}`);
              }),
              catchError((error: unknown) => {
                if (error instanceof RuntimeJobNotFoundError) return throwError(() => error);
                carried$.next(false);
                return of(
                  connection(
                    'fallback',
                    `job-status socket unavailable (${messageOf(error)}); polling carries the stream`,
                    'websocket',
                    error,
                  ),
                );
              }),
            );
          }),
        );

    // The result stream: interim results; its normal close means the job ended.
    const streamItems$: Observable<Item<R>> = !o.stream
      ? EMPTY
      : ifOffered(
          'stream',
          resultStream$(jobId, {
            connect: () => api.resultStream(jobId),
            decode: o.decode,
            ...(o.reconnect !== undefined ? { reconnect: o.reconnect } : {}),
            scheduler,
          }).pipe(
            map((e): Item<R> => {
              if (e.kind === 'connection') {
                if (e.state === 'closed') poke$.next();
                return connection(e.state, `result stream: ${e.detail ?? e.state}`);
              }
              const interim = interimEvent<R>({
                jobId,
                time: e.time,
                index: e.index,
                value: e.value,
              });
              return e.kind === 'last' ? { kind: 'last', event: interim } : event(interim);
            }),
            // Only an unknown job ends the stream. Anything else, an interim result that cannot
            // be read included, costs the interim results only: polling still carries the
            // statuses and the final result is read over HTTP.
            catchError((error: unknown) =>
              error instanceof RuntimeJobNotFoundError
                ? throwError(() => error)
                : of(
                    connection(
                      'fallback',
                      `result stream unavailable (${messageOf(error)}); no interim results`,
                      'websocket',
                      error,
                    ),
                  ),
            ),
          ),
        );

    // Polling: the job's reads through the client's poll scheduler.
    let pace = -1;
    const pollItems$: Observable<Item<R>> = pollJob$(polls, jobId, {
      ...(o.poll !== undefined ? { intervals: o.poll } : {}),
      ...(o.retry !== undefined ? { retry: o.retry } : {}),
      scheduler,
      poke$,
      statusHint$: hint$,
      carried$,
    }).pipe(
      flatMapArray((reading) => {
        const items: Item<R>[] = [
          {
            kind: 'observation',
            observation: { mapped: reading.mapped, source: 'poll', time: reading.time },
          },
        ];
        if (reading.nextPollMs > 0 && reading.nextPollMs !== pace) {
          pace = reading.nextPollMs;
          items.push(
            event(progressEvent({ jobId, time: reading.time, pollIntervalMs: reading.nextPollMs })),
          );
        }
        return items;
      }),
    );

    // A final status other than DONE: the stream's last frame was the job's last interim
    // result, which goes before it. DONE: it was the final result, which the `result` event
    // carries.
    const withLastFrame = (events: readonly JobEvent<R>[]): readonly JobEvent<R>[] => {
      const frame = lastFrame;
      if (frame === undefined) return events;
      const final = events.find((e) => e.type === 'status' && isFinal(e.status));
      if (final === undefined || final.type !== 'status') return events;
      lastFrame = undefined;
      return final.status === 'DONE' ? events : [frame, ...events];
    };

    const step = (item: Item<R>): readonly JobEvent<R>[] => {
      if (item.kind === 'event') return [item.event];
      if (item.kind === 'last') {
        lastFrame = item.event;
        return [];
      }
      const result = machine.step(item.observation);
      // A final status pushed by the websocket: one read now confirms it.
      if (result.pendingFinal !== undefined) poke$.next();
      return withLastFrame(result.events);
    };

    let live$: Observable<JobEvent<R>> = concat(
      merge(statusItems$, streamItems$, pollItems$).pipe(flatMapArray(step)),
      // Every source ended while a pushed final status waited for confirmation: accept it.
      defer(() => from(withLastFrame(machine.acceptPendingFinal()))),
    );
    if (o.idleTimeoutMs !== undefined) {
      live$ = live$.pipe(
        idleWatchdog<R>(o.idleTimeoutMs, {
          scheduler,
          jobId,
          channel: o.status || o.stream ? 'websocket' : 'poll',
          onIdle: () => poke$.next(),
        }),
      );
    }
    return live$.pipe(
      // The final status event is the last of its step (a failed job's last frame goes before
      // it), so the stream ends with that event, not with the first one emitted once settled.
      takeWhile((e) => !(e.type === 'status' && isFinal(e.status)), true),
      finalize(() => {
        poke$.complete();
        hint$.complete();
        carried$.complete();
      }),
    );
  });
}
