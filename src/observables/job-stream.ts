/**
 * `job$`: one job as one Observable of {@link JobEvent}s, merging the job-status websocket, the
 * result stream and polling through the monotonic state machine, shared by every subscriber.
 *
 * @module
 */
import {
  BehaviorSubject,
  Observable,
  EMPTY,
  Subject,
  Subscription,
  asyncScheduler,
  catchError,
  concat,
  defer,
  finalize,
  from,
  map,
  merge,
  of,
  takeWhile,
  tap,
  throwError,
} from 'rxjs';
import type { OperatorFunction, SchedulerLike, Subscriber } from 'rxjs';
import {
  ConfigError,
  describeValue,
  IBMApiError,
  IBMRuntimeError,
  messageOf,
  RuntimeJobNotFoundError,
} from '../codecs/errors.js';
import type { PrimitiveResult } from '../codecs/result-model.js';
import { defaultResultDecoder } from '../codecs/results.js';
import { JOB_STATUSES, isFinal, isUnknownStatus } from '../codecs/status.js';
import type { JobStatus } from '../codecs/status.js';
import type { RetryPolicy } from '../transport/retry.js';
import { idleWatchdog } from '../events/idle-watchdog.js';
import {
  connectionEvent,
  interimEvent,
  logsEvent,
  metricsEvent,
  progressEvent,
  resultEvent,
} from '../events/job-event.js';
import { terminalErrorOf } from '../events/terminal-error.js';
import type {
  ConnectionChannel,
  ConnectionEvent,
  ConnectionState,
  JobEvent,
  LogsEvent,
  MetricsEvent,
  ProgressEvent,
  ResultEvent,
  StatusEvent,
} from '../events/job-event.js';
import { toJobApi } from './job-client.js';
import type { JobApi, JobClient } from './job-client.js';
import type { StatusObservation } from '../events/state-machine.js';
import { StatusMachine } from '../events/status-machine.js';
import { pollJob$, resolvePollIntervals } from './sources/poll-source.js';
import type { PollIntervals, PollReading } from './sources/poll-source.js';
import type { ReconnectPolicy } from './sources/reconnect.js';
import { resultStream$ } from './sources/result-stream-source.js';
import type { ResultDecoder } from '../codecs/results.js';
import { scheduledPoll$ } from './sources/scheduled-poll-source.js';
import { jobStatusSocket$ } from './sources/status-socket-source.js';
import { decodeWith } from '../transport/decode-with.js';

/**
 * Which websockets a job stream opens: `'both'` (the default, same as `true`) the job-status
 * socket and the result stream, `'status'` or `'stream'` only one, `false` none (polling only).
 *
 * @category Configuration
 */
export type WebSocketMode = boolean | 'status' | 'stream' | 'both';

/**
 * Options of {@link job$}.
 *
 * @category Streams and events
 */
export interface JobStreamOptions<R = PrimitiveResult> {
  /** Websockets to use next to polling. Default `'both'`. */
  readonly websocket?: WebSocketMode;
  /** Poll intervals by status (see `PollIntervals`). Ignored when the client has a poll scheduler. */
  readonly poll?: Partial<PollIntervals>;
  /** Retrying of failed polls (see `RetryPolicy`). */
  readonly retry?: Partial<RetryPolicy>;
  /** Reconnecting of dropped websockets (see `ReconnectPolicy`). */
  readonly reconnect?: ReconnectPolicy;
  /** Decoder of the final result and of interim results. Default `decodeResult`. */
  readonly resultDecoder?: ResultDecoder<R>;
  /** Fetch and emit the result once the job is DONE. Default true. */
  readonly fetchResult?: boolean;
  /**
   * On ERROR or CANCELLED, complete after the status event instead of failing with the job's
   * typed error. Default false.
   */
  readonly completeOnFailure?: boolean;
  /** Fetch and emit the job's metrics once it is final. Default false. */
  readonly metrics?: boolean;
  /** Fetch and emit the job's logs once it is final. Default false. */
  readonly logs?: boolean;
  /**
   * Report silence: after this many ms without an event, emit a `connection` event with state
   * `idle` and poll at once (see `idleWatchdog`). Default: off.
   */
  readonly idleTimeoutMs?: number;
  /**
   * A status the job is known to be in already (e.g. QUEUED right after creation): the stream
   * starts there and only emits later statuses. A final status completes the stream at once,
   * without opening any source.
   */
  readonly initialStatus?: JobStatus;
  /** Scheduler of every timer and of the events' `time` (virtual time in specs). */
  readonly scheduler?: SchedulerLike;
  /** Page visibility for the polling pause (see `pollJob$`). Default: the document's, if any. */
  readonly visibility$?: Observable<boolean>;
}

const MODES: readonly unknown[] = [true, false, 'status', 'stream', 'both'];

interface Resolved<R> {
  readonly status: boolean;
  readonly stream: boolean;
  readonly poll: Partial<PollIntervals>;
  readonly retry: Partial<RetryPolicy> | undefined;
  readonly reconnect: ReconnectPolicy | undefined;
  readonly decode: ResultDecoder<R>;
  readonly fetchResult: boolean;
  readonly completeOnFailure: boolean;
  readonly metrics: boolean;
  readonly logs: boolean;
  readonly idleTimeoutMs: number | undefined;
  readonly initialStatus: JobStatus | undefined;
  readonly scheduler: SchedulerLike;
  readonly visibility$: Observable<boolean> | undefined;
}

function flag(options: object, name: string, fallback: boolean): boolean {
  const value = (options as Record<string, unknown>)[name];
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') {
    throw new ConfigError(`${name} must be a boolean, got ${describeValue(value)}`, name);
  }
  return value;
}

function resolveOptions<R>(options: JobStreamOptions<R>): Resolved<R> {
  if (options === null || typeof options !== 'object') {
    throw new ConfigError(
      `job$ options must be an object, got ${describeValue(options)}`,
      'options',
    );
  }
  const mode = options.websocket ?? 'both';
  if (!MODES.includes(mode)) {
    throw new ConfigError(
      `websocket must be true, false, 'status', 'stream' or 'both', got ${describeValue(mode)}`,
      'websocket',
    );
  }
  if (options.resultDecoder !== undefined && typeof options.resultDecoder !== 'function') {
    throw new ConfigError('resultDecoder must be a function', 'resultDecoder');
  }
  if (
    options.initialStatus !== undefined &&
    !(JOB_STATUSES as readonly unknown[]).includes(options.initialStatus)
  ) {
    throw new ConfigError(
      `initialStatus must be one of ${JOB_STATUSES.join(', ')}, got ${describeValue(options.initialStatus)}`,
      'initialStatus',
    );
  }
  const idle = options.idleTimeoutMs;
  if (idle !== undefined && (typeof idle !== 'number' || !Number.isFinite(idle) || idle <= 0)) {
    throw new ConfigError(
      `idleTimeoutMs must be a finite number of milliseconds > 0, got ${describeValue(idle)}`,
      'idleTimeoutMs',
    );
  }
  resolvePollIntervals(options.poll); // throws a ConfigError naming a bad interval
  return {
    status: mode === true || mode === 'both' || mode === 'status',
    stream: mode === true || mode === 'both' || mode === 'stream',
    poll: options.poll ?? {},
    retry: options.retry,
    reconnect: options.reconnect,
    decode: options.resultDecoder ?? defaultResultDecoder<R>(),
    fetchResult: flag(options, 'fetchResult', true),
    completeOnFailure: flag(options, 'completeOnFailure', false),
    metrics: flag(options, 'metrics', false),
    logs: flag(options, 'logs', false),
    idleTimeoutMs: idle,
    initialStatus: options.initialStatus,
    scheduler: options.scheduler ?? asyncScheduler,
    visibility$: options.visibility$,
  };
}

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

/** A status observation to feed the machine, or an event to pass through as it is. */
type Item<R> =
  | { readonly kind: 'observation'; readonly observation: StatusObservation }
  | { readonly kind: 'event'; readonly event: JobEvent<R> };

/**
 * The unshared sources of one job, merged through the state machine: statuses, progress,
 * connection changes and interim results, ending right after the final status. Every
 * subscription opens its own sources; {@link job$} shares them per client, job and source
 * options (see {@link finishJob} for what comes after the final status).
 */
function watchJob<R>(api: JobApi, jobId: string, o: Resolved<R>): Observable<JobEvent<R>> {
  return defer(() => {
    const scheduler = o.scheduler;
    const now = (): Date => new Date(scheduler.now());
    const poke$ = new Subject<void>();
    const hint$ = new Subject<JobStatus>();
    // True while the job-status socket is open: polling then only checks now and then.
    const relaxed$ = new BehaviorSubject<boolean>(false);
    const machine = new StatusMachine(jobId, {
      initial: o.initialStatus,
      unconfirmedSources: o.status ? ['websocket'] : [],
    });
    // Known to be final already: there is nothing to watch.
    if (machine.settled) return EMPTY;

    const event = (e: JobEvent<R>): Item<R> => ({ kind: 'event', event: e });
    const connection = (
      state: ConnectionState,
      detail: string,
      channel: ConnectionChannel = 'websocket',
      error?: unknown,
    ): Item<R> => event(connectionEvent({ jobId, time: now(), channel, state, detail, error }));

    // The job-status websocket: status observations; its connection drives the poll pace.
    const statusItems$: Observable<Item<R>> = !o.status
      ? EMPTY
      : defer(() => {
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
                  finalPushed ||= status === 'DONE' || status === 'CANCELLED' || status === 'ERROR';
                }
                return { kind: 'observation', observation: e.observation };
              }
              if (e.state === 'open') relaxed$.next(true);
              else if (!finalPushed) relaxed$.next(false);
              const carry =
                e.state === 'reconnecting' ? '; polling carries the stream meanwhile' : '';
              return connection(e.state, `job-status socket: ${e.detail ?? e.state}${carry}`);
            }),
            catchError((error: unknown) => {
              if (error instanceof RuntimeJobNotFoundError) return throwError(() => error);
              relaxed$.next(false);
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
        });

    // The result stream: interim results; its normal close means the job ended.
    const streamItems$: Observable<Item<R>> = !o.stream
      ? EMPTY
      : resultStream$(jobId, {
          connect: () => api.resultStream(jobId),
          decode: o.decode,
          ...(o.reconnect !== undefined ? { reconnect: o.reconnect } : {}),
          scheduler,
        }).pipe(
          map((e): Item<R> => {
            if (e.kind === 'interim') {
              return event(interimEvent({ jobId, time: e.time, index: e.index, value: e.value }));
            }
            if (e.state === 'closed') poke$.next();
            return connection(e.state, `result stream: ${e.detail ?? e.state}`);
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
        );

    // Polling: on its own schedule, or through the client's shared scheduler.
    const readings$: Observable<PollReading> =
      api.pollScheduler !== undefined
        ? scheduledPoll$(api.pollScheduler, jobId, { poke$, statusHint$: hint$, scheduler })
        : pollJob$(jobId, () => api.details(jobId), {
            intervals: o.poll,
            ...(o.retry !== undefined ? { retry: o.retry } : {}),
            scheduler,
            poke$,
            statusHint$: hint$,
            relaxed$,
            ...(o.visibility$ !== undefined ? { visibility$: o.visibility$ } : {}),
          });
    let pace = -1;
    const pollItems$: Observable<Item<R>> = readings$.pipe(
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

    const step = (item: Item<R>): readonly JobEvent<R>[] => {
      if (item.kind === 'event') return [item.event];
      const result = machine.step(item.observation);
      // A final status pushed by the websocket: one poll now confirms it.
      if (result.pendingFinal !== undefined) poke$.next();
      return result.events;
    };

    let live$: Observable<JobEvent<R>> = concat(
      merge(statusItems$, streamItems$, pollItems$).pipe(flatMapArray(step)),
      // Every source ended while a pushed final status waited for confirmation: accept it.
      defer(() => from(machine.acceptPendingFinal())),
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
    live$ = live$.pipe(takeWhile(() => !machine.settled, true));

    return live$.pipe(
      finalize(() => {
        poke$.complete();
        hint$.complete();
        relaxed$.complete();
      }),
    );
  });
}

/**
 * What follows the final status of one job, for one set of options: the result (DONE, with
 * `fetchResult`), metrics and logs when asked for, and the job's typed error for ERROR and
 * CANCELLED (unless `completeOnFailure`). `live$` is the job's shared sources
 * ({@link watchJob}); streams that differ only in these options share them.
 */
function finishJob<R>(
  api: JobApi,
  jobId: string,
  o: Resolved<R>,
  live$: Observable<JobEvent<R>>,
): Observable<JobEvent<R>> {
  return defer(() => {
    const now = (): Date => new Date(o.scheduler.now());
    let lastStatus: StatusEvent | undefined;
    const final$ = defer((): Observable<JobEvent<R>> => {
      const last = lastStatus;
      if (last === undefined || !isFinal(last.status)) {
        // Started in a final status: nothing to add.
        if (last === undefined && o.initialStatus !== undefined && isFinal(o.initialStatus)) {
          return EMPTY;
        }
        return throwError(
          () => new IBMRuntimeError(`The sources of job ${jobId} ended before a final status`),
        );
      }
      const extras$ = concat(
        o.metrics
          ? api.metrics(jobId).pipe(map((m) => metricsEvent({ jobId, time: now(), metrics: m })))
          : EMPTY,
        o.logs
          ? api.logs(jobId).pipe(
              catchError((error: unknown) =>
                error instanceof IBMApiError && error.status === 404
                  ? of('')
                  : throwError(() => error),
              ),
              map((text) => logsEvent({ jobId, time: now(), logs: text })),
            )
          : EMPTY,
      );
      if (last.status === 'DONE') {
        const result$ = o.fetchResult
          ? api.results(jobId).pipe(
              decodeWith(o.decode),
              map((result) => resultEvent<R>({ jobId, time: now(), result })),
            )
          : EMPTY;
        return concat(result$, extras$);
      }
      const error = terminalErrorOf(last, jobId);
      return concat(
        extras$,
        o.completeOnFailure || error === undefined ? EMPTY : throwError(() => error),
      );
    });
    return concat(
      live$.pipe(
        tap((e) => {
          if (e.type === 'status') lastStatus = e;
        }),
      ),
      final$,
    );
  });
}

/**
 * The latest state of a running stream, replayed to a subscriber that joins late: the last
 * status event, the progress so far (queue position, estimates and poll interval merged into
 * one event), the latest connection event of each channel (idle reports excluded), and, once
 * they arrived, the result, metrics and logs. Interim results and unknown statuses are not
 * replayed.
 */
class LatestEvents<R> {
  private status: StatusEvent | undefined;
  private progress: ProgressEvent | undefined;
  private readonly connections = new Map<ConnectionChannel, ConnectionEvent>();
  private result: ResultEvent<R> | undefined;
  private metrics: MetricsEvent | undefined;
  private logs: LogsEvent | undefined;

  record(event: JobEvent<R>): void {
    switch (event.type) {
      case 'status':
        this.status = event;
        return;
      case 'progress':
        // Fields of the new event win; fields it leaves out keep their earlier value.
        this.progress = { ...this.progress, ...withoutUndefined(event) } as ProgressEvent;
        return;
      case 'connection':
        if (event.state !== 'idle') this.connections.set(event.channel, event);
        return;
      case 'result':
        this.result = event;
        return;
      case 'metrics':
        this.metrics = event;
        return;
      case 'logs':
        this.logs = event;
        return;
      default:
        return;
    }
  }

  snapshot(): JobEvent<R>[] {
    const out: (JobEvent<R> | undefined)[] = [
      this.status,
      this.progress,
      this.connections.get('websocket'),
      this.connections.get('poll'),
      this.result,
      this.metrics,
      this.logs,
    ];
    return out.filter((e): e is JobEvent<R> => e !== undefined);
  }

  clear(): void {
    this.status = undefined;
    this.progress = undefined;
    this.connections.clear();
    this.result = undefined;
    this.metrics = undefined;
    this.logs = undefined;
  }
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** One shared stream: its subscribers and how to remove it from the registry. */
interface SharedStream {
  readonly events$: Observable<JobEvent<unknown>>;
}

const registries = new WeakMap<object, Map<string, SharedStream>>();
const apis = new WeakMap<object, JobApi>();
const identities = new WeakMap<object, number>();
let nextIdentity = 1;

function identity(value: object | undefined): number {
  if (value === undefined) return 0;
  let id = identities.get(value);
  if (id === undefined) {
    id = nextIdentity++;
    identities.set(value, id);
  }
  return id;
}

/**
 * Streams of the same client and job whose options open the same sources share them: the
 * websockets, the polling, and the state machine. Options that only decide what happens after
 * the final status ({@link finishJob}) are not part of this key.
 */
function sourceKeyOf(
  jobId: string,
  options: JobStreamOptions<unknown>,
  r: Resolved<unknown>,
): string {
  return JSON.stringify([
    'sources',
    jobId,
    r.status,
    r.stream,
    r.poll,
    r.retry ?? null,
    r.reconnect ?? null,
    r.idleTimeoutMs ?? null,
    r.initialStatus ?? null,
    identity(options.resultDecoder),
    identity(options.scheduler),
    identity(options.visibility$),
  ]);
}

/** Streams with the same sources and the same ending options are one shared stream. */
function streamKeyOf(sourceKey: string, r: Resolved<unknown>): string {
  return JSON.stringify([
    'stream',
    sourceKey,
    r.fetchResult,
    r.completeOnFailure,
    r.metrics,
    r.logs,
  ]);
}

function share$<R>(create: () => Observable<JobEvent<R>>, release: () => void): SharedStream {
  const events = new SharedEvents<R>(create, release);
  return { events$: events.events$ as Observable<JobEvent<unknown>> };
}

/**
 * One stream multicast to its subscribers, with the latest state replayed to each newcomer:
 * the first subscription connects `create()`, the last unsubscribe disconnects it, and after
 * it ends (error or completion) the next subscription starts it afresh. `release` runs when no
 * subscriber is left, however they left.
 *
 * This is `share()` with a replay of {@link LatestEvents} in front, written as one class: every
 * event of every job passes through two of these on its way to the subscribers.
 */
class SharedEvents<R> {
  readonly events$: Observable<JobEvent<R>>;
  readonly #create: () => Observable<JobEvent<R>>;
  readonly #release: () => void;
  readonly #latest = new LatestEvents<R>();
  /** Replaced, never mutated, so an emission in progress is not disturbed by joins and leaves. */
  #subscribers: readonly Subscriber<JobEvent<R>>[] = [];
  #connection: Subscription | undefined;
  /** Subscriptions that have not been torn down yet (ended ones included until they are). */
  #active = 0;

  constructor(create: () => Observable<JobEvent<R>>, release: () => void) {
    this.#create = create;
    this.#release = release;
    this.events$ = new Observable<JobEvent<R>>((subscriber) => {
      this.#active += 1;
      for (const event of this.#latest.snapshot()) subscriber.next(event);
      if (!subscriber.closed) {
        this.#subscribers = [...this.#subscribers, subscriber];
        if (this.#connection === undefined) this.#connect();
      }
      return () => this.#leave(subscriber);
    });
  }

  #connect(): void {
    this.#latest.clear();
    const connection = new Subscription();
    this.#connection = connection;
    connection.add(
      this.#create().subscribe({
        next: (event) => {
          this.#latest.record(event);
          for (const subscriber of this.#subscribers) subscriber.next(event);
        },
        error: (error: unknown) => {
          for (const subscriber of this.#end(connection)) subscriber.error(error);
        },
        complete: () => {
          for (const subscriber of this.#end(connection)) subscriber.complete();
        },
      }),
    );
  }

  /** The source ended: forget it and its state, and hand back who must be told. */
  #end(connection: Subscription): readonly Subscriber<JobEvent<R>>[] {
    if (this.#connection !== connection) return [];
    const subscribers = this.#subscribers;
    this.#subscribers = [];
    this.#connection = undefined;
    this.#latest.clear();
    return subscribers;
  }

  #leave(subscriber: Subscriber<JobEvent<R>>): void {
    this.#subscribers = this.#subscribers.filter((s) => s !== subscriber);
    if (this.#subscribers.length === 0 && this.#connection !== undefined) {
      const connection = this.#connection;
      this.#connection = undefined;
      this.#latest.clear();
      connection.unsubscribe();
    }
    this.#active -= 1;
    if (this.#active === 0) this.#release();
  }
}

/**
 * Watch job `jobId` of `client` as one Observable of {@link JobEvent}s. `client` is a
 * {@link JobClient} (an HTTP client and where the websockets are), or a ready {@link JobApi}.
 *
 * **Sources.** Polling (`GET /jobs/{id}`, one request at a time, paced by status, or through
 * the client's shared `PollScheduler`), the job-status websocket (status pushes) and the
 * result stream (interim results), as chosen by `websocket`. A service without websockets makes
 * them fail at once: a `connection` event with state `fallback` says so and polling carries
 * the stream, without an error. So does a result-stream frame that cannot be decoded (the
 * event's `error` is its `DecodeError`): the interim results stop, the final result is still
 * read over HTTP.
 *
 * **Statuses.** Every observation goes through the monotonic state machine (`stepStatus`):
 * each transition is emitted once, in order, never backwards; a status neither vocabulary knows
 * is emitted as an `unknownStatus` event and the state is kept. While the job-status socket is
 * open polling slows to `poll.relaxedMs`; when it drops (`connection: reconnecting`) polling
 * polls at once and carries the stream at its normal pace, so no transition is missed. A final
 * status pushed by the websocket is held until one poll, made at once, confirms it; the status
 * event then carries the poll's reason fields.
 *
 * **Ending.** On DONE the result is fetched, decoded with `resultDecoder` (default
 * `decodeResult`) and emitted as a `result` event (unless `fetchResult: false`), then metrics
 * and logs when asked for, then the stream completes. On ERROR or CANCELLED the status event
 * is emitted, then metrics and logs when asked for, then the stream fails with
 * `RuntimeJobFailureError`, `RuntimeJobMaxTimeoutError` or `RuntimeJobCancelledError` carrying
 * the reason (or completes, with `completeOnFailure`). An unknown job fails with
 * `RuntimeJobNotFoundError`; other request failures (after retries) with their typed error.
 *
 * **Other events.** `interim` (one per result-stream frame), `progress` (queue position and
 * estimates from the job-status socket; `pollIntervalMs` whenever the poll pace changes),
 * `connection` (websocket `open`, `reconnecting`, `fallback`, `closed`; `idle` with
 * `idleTimeoutMs`).
 *
 * **Sharing.** Subscriptions to streams of the same client and job share one set of sources
 * (reference-counted) whenever they ask for the same sources (`websocket`, `poll`, `retry`,
 * `reconnect`, `idleTimeoutMs`, `initialStatus`, `resultDecoder`, `scheduler`,
 * `visibility$`): one job-status socket, one result stream and one poller, however many
 * subscribers. Options that only decide the ending (`fetchResult`, `completeOnFailure`,
 * `metrics`, `logs`) do not split the sources; streams that also agree on those share the
 * ending too (one result download). Through a client's `PollScheduler` a job is read once for
 * every stream that watches it, whatever their options. The first subscription opens the
 * sources and the last unsubscribe closes every socket and cancels every request and timer.
 * A subscriber joining a running
 * stream first receives its current state at once: the latest status event, the progress so
 * far merged into one `progress` event, the latest `connection` event of each channel, and the
 * `result`, `metrics` and `logs` events if they were already emitted; then it follows the live
 * events (interim results emitted before it joined are not replayed). A subscription made after
 * the stream ended starts it afresh.
 *
 * Throws {@link ConfigError} at once for an empty job id, an unusable client or bad options.
 *
 * ```
 * websocket:  --Q------R---D          (D held until the poll agrees)
 * poll:       -Q----Q--------R-D
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
  const resolved = resolveOptions(options);
  let api = apis.get(client);
  if (api === undefined) {
    api = toJobApi(client);
    apis.set(client, api);
  }
  const jobApi = api;
  const sourceKey = sourceKeyOf(
    jobId,
    options as JobStreamOptions<unknown>,
    resolved as Resolved<unknown>,
  );
  const streamKey = streamKeyOf(sourceKey, resolved as Resolved<unknown>);
  return defer(() => {
    let registry = registries.get(client);
    if (registry === undefined) {
      registry = new Map();
      registries.set(client, registry);
    }
    const entries = registry;
    const sources$ = shared<R>(entries, sourceKey, () => watchJob(jobApi, jobId, resolved));
    return shared<R>(entries, streamKey, () => finishJob(jobApi, jobId, resolved, sources$));
  });
}

/**
 * The shared stream registered under `key`, created with `create` on first use and removed
 * from `entries` when its last subscriber leaves. The lookup happens at subscription time.
 */
function shared<R>(
  entries: Map<string, SharedStream>,
  key: string,
  create: () => Observable<JobEvent<R>>,
): Observable<JobEvent<R>> {
  return defer(() => {
    let entry = entries.get(key);
    if (entry === undefined) {
      const created = share$<R>(create, () => {
        if (entries.get(key) === created) entries.delete(key);
      });
      entry = created;
      entries.set(key, created);
    }
    return entry.events$ as Observable<JobEvent<R>>;
  });
}
