/**
 * Sessions and batches (`/sessions`): `Session` (mode `dedicated`) and `Batch` (mode
 * `batch`) with their lifecycle (create, run jobs inside, close gracefully, cancel, details,
 * status), and {@link withSession}, which closes the session once the work inside it is over.
 *
 * @module
 */
import {
  catchError,
  defaultIfEmpty,
  defer,
  finalize,
  firstValueFrom,
  from,
  isObservable,
  last,
  map,
  of,
  switchMap,
  throwError,
} from 'rxjs';
import type { Observable } from 'rxjs';
import { ConfigError, IBMApiError, describeValue, messageOf } from '../codecs/errors.js';
import type { PrimitiveResult } from '../codecs/result-model.js';
import { SessionDetails, sessionStatusText } from '../codecs/session.js';
import type { SessionCreateRequest, SessionMode } from '../codecs/session.js';
import { parseIsoDate } from '../codecs/scalars.js';
import { encodePathSegment } from '../transport/url.js';
import { contextOf } from './context.js';
import type { RuntimeContext, ServiceRef } from './context.js';
import { createJob$ } from './create-job.js';
import type { RunOptions } from './create-job.js';
import { runtimeError } from './errors.js';
import type { ResultDecoder } from '../codecs/results.js';
import type { ResultCallback, RuntimeJob } from './runtime-job.js';
import { decodeWith } from '../operators/decode-with.js';

/**
 * Options of `Session.create`, `Batch.create`, `service.session()` and `service.batch()`.
 *
 * @category Services and jobs
 */
export interface SessionOptions {
  /** Backend the session's jobs run on: a name or a `Backend`. */
  readonly backend?: string | { readonly name: string };
  /** Longest life of the session in seconds, whatever happens (`max_ttl`). Default: the service's. */
  readonly maxTtl?: number;
}

/** A session's details in camelCase, times as `Date`s (the raw answer is `raw`). */
export interface SessionInfo {
  readonly id: string;
  /** `dedicated` (Session) or `batch` (Batch). */
  readonly mode: string;
  readonly backendName: string | undefined;
  /** `open`, `active`, `inactive`, `closed` (or a newer state). */
  readonly state: string | undefined;
  readonly stateReason: string | undefined;
  readonly acceptingJobs: boolean | undefined;
  readonly startedAt: Date | undefined;
  readonly activatedAt: Date | undefined;
  readonly closedAt: Date | undefined;
  readonly lastJobStarted: Date | undefined;
  readonly lastJobCompleted: Date | undefined;
  /** Seconds. */
  readonly interactiveTtl: number | undefined;
  /** Seconds. */
  readonly maxTtl: number | undefined;
  /** Seconds. */
  readonly activeTtl: number | undefined;
  /** Seconds the session has been active, when the service reports it. */
  readonly elapsedTime: number | undefined;
  /** The answer of `GET /sessions/{id}` as sent. */
  readonly raw: SessionDetails;
}

function date(text: string | null | undefined): Date | undefined {
  return typeof text === 'string' ? parseIsoDate(text) : undefined;
}

function num(n: number | null | undefined): number | undefined {
  return typeof n === 'number' ? n : undefined;
}

function infoOf(d: SessionDetails): SessionInfo {
  return {
    id: d.id,
    mode: d.mode,
    backendName: d.backend_name ?? undefined,
    state: d.state ?? undefined,
    stateReason: d.state_reason ?? undefined,
    acceptingJobs: d.accepting_jobs ?? undefined,
    startedAt: date(d.started_at),
    activatedAt: date(d.activated_at),
    closedAt: date(d.closed_at),
    lastJobStarted: date(d.last_job_started),
    lastJobCompleted: date(d.last_job_completed),
    interactiveTtl: num(d.interactive_ttl),
    maxTtl: num(d.max_ttl),
    activeTtl: num(d.active_ttl),
    elapsedTime: num(d.elapsed_time),
    raw: d,
  };
}

function backendName(backend: SessionOptions['backend'], option = 'backend'): string | undefined {
  const name = typeof backend === 'object' && backend !== null ? backend.name : backend;
  if (name === undefined) return undefined;
  if (typeof name !== 'string' || name.trim() === '') {
    throw new ConfigError(
      `${option} must be a backend name or a Backend, got ${describeValue(backend)}`,
      option,
    );
  }
  return name;
}

/** `POST /sessions` with `mode`; the session the answer describes. */
function openSession$(
  service: ServiceRef,
  mode: SessionMode,
  options: SessionOptions,
): Observable<SessionDetails> {
  return defer(() => {
    const context = contextOf(service);
    if (options === null || typeof options !== 'object') {
      throw new ConfigError(
        `session options must be an object, got ${describeValue(options)}`,
        'options',
      );
    }
    const backend = backendName(options.backend);
    const ttl = options.maxTtl;
    if (ttl !== undefined && (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 1)) {
      throw new ConfigError(
        `maxTtl must be a whole number of seconds >= 1, got ${describeValue(ttl)}`,
        'maxTtl',
      );
    }
    const body: SessionCreateRequest = {
      mode,
      ...(backend !== undefined ? { backend } : {}),
      ...(ttl !== undefined ? { max_ttl: ttl } : {}),
    };
    return context.http.request({ method: 'POST', path: '/sessions', body }).pipe(
      catchError((e: unknown) => throwError(() => runtimeError('Failed to create session', e))),
      map((response) => response.body),
      decodeWith(SessionDetails, 'session'),
    );
  });
}

/**
 * A session: jobs run in it back to back on one backend (mode `dedicated`). Create one with
 * `Session.create(service, { backend })` or `service.session({ backend })`, run jobs with
 * `session.run(...)` or `new Sampler({ mode: session })`, end it with `close()` (no new jobs;
 * queued ones still run) or `cancel()` (queued jobs are cancelled too). {@link withSession}
 * closes it for you.
 *
 * @category Services and jobs
 */
export class Session implements ServiceRef {
  /** The session's id (`session_id` of its jobs). */
  readonly sessionId: string;
  /** `dedicated` for a Session, `batch` for a Batch. */
  readonly mode: string;
  readonly #context: RuntimeContext;
  readonly #backend: string | undefined;

  /** Wrap an existing session; use {@link Session.create} to open a new one. */
  constructor(
    service: ServiceRef,
    sessionId: string,
    options: { backend?: string; mode?: string } = {},
  ) {
    this.#context = contextOf(service);
    if (typeof sessionId !== 'string' || sessionId.trim() === '') {
      throw new ConfigError(
        `sessionId must be a non-empty string, got ${describeValue(sessionId)}`,
        'sessionId',
      );
    }
    this.sessionId = sessionId;
    this.#backend = options.backend;
    this.mode = options.mode ?? 'dedicated';
  }

  /** Open a new session (`POST /sessions`, mode `dedicated`). */
  static create(service: ServiceRef, options: SessionOptions = {}): Promise<Session> {
    return firstValueFrom(Session.create$(service, options));
  }

  /** Observable form of {@link Session.create}. */
  static create$(service: ServiceRef, options: SessionOptions = {}): Observable<Session> {
    return openSession$(service, 'dedicated', options).pipe(
      map((d) => new Session(service, d.id, { mode: d.mode, ...backendOf(d, options) })),
    );
  }

  /** A handle for an existing session, read from the service (`GET /sessions/{id}`). */
  static fromId(service: ServiceRef, sessionId: string): Promise<Session> {
    return firstValueFrom(
      readSession$(contextOf(service), sessionId).pipe(
        map((d) =>
          d.mode === 'batch'
            ? new Batch(service, d.id, { ...backendOf(d, {}) })
            : new Session(service, d.id, { mode: d.mode, ...backendOf(d, {}) }),
        ),
      ),
    );
  }

  /** The service this session belongs to. */
  get context(): RuntimeContext {
    return this.#context;
  }

  /** Name of the backend the session runs on, when known (the seeds' `session.backend()`). */
  backend(): string | undefined {
    return this.#backend;
  }

  /**
   * Run a job in this session: `service.run()` with `sessionId` set and, unless given, the
   * session's backend.
   */
  run<R = PrimitiveResult>(
    programId: string,
    inputs: Readonly<Record<string, unknown>>,
    options: Omit<RunOptions, 'sessionId'> = {},
    callback?: ResultCallback<R>,
    resultDecoder?: ResultDecoder<R>,
  ): Promise<RuntimeJob<R>> {
    return firstValueFrom(this.run$(programId, inputs, options, callback, resultDecoder));
  }

  /** Observable form of {@link Session.run}. */
  run$<R = PrimitiveResult>(
    programId: string,
    inputs: Readonly<Record<string, unknown>>,
    options: Omit<RunOptions, 'sessionId'> = {},
    callback?: ResultCallback<R>,
    resultDecoder?: ResultDecoder<R>,
  ): Observable<RuntimeJob<R>> {
    return defer(() =>
      createJob$<R>(
        this,
        programId,
        inputs,
        {
          ...(this.#backend !== undefined ? { backend: this.#backend } : {}),
          ...options,
          sessionId: this.sessionId,
        },
        callback,
        resultDecoder,
      ),
    );
  }

  /**
   * Close gracefully (`PATCH /sessions/{id}` with `accepting_jobs: false`): no new jobs are
   * accepted, queued and running ones finish. An unknown session (404) is already closed;
   * other failures are `IBMRuntimeError("Error closing session: …")`.
   */
  close(): Promise<void> {
    return firstValueFrom(this.close$());
  }

  /** Observable form of {@link Session.close}. */
  close$(): Observable<void> {
    return defer(() =>
      this.#context.http.request({
        method: 'PATCH',
        path: this.#path(),
        body: { accepting_jobs: false },
        accept: 'none',
      }),
    ).pipe(
      map((): void => undefined),
      catchError((e: unknown) =>
        e instanceof IBMApiError && e.status === 404
          ? of(undefined)
          : throwError(() => runtimeError('Error closing session', e)),
      ),
    );
  }

  /**
   * Cancel (`DELETE /sessions/{id}/close`): no new jobs, queued jobs are cancelled, running
   * ones finish. Failures are `IBMRuntimeError("Error cancelling session: …")`.
   */
  cancel(): Promise<void> {
    return firstValueFrom(this.cancel$());
  }

  /** Observable form of {@link Session.cancel}. */
  cancel$(): Observable<void> {
    return defer(() =>
      this.#context.http.request({ method: 'DELETE', path: this.#path('/close'), accept: 'none' }),
    ).pipe(
      map((): void => undefined),
      catchError((e: unknown) => throwError(() => runtimeError('Error cancelling session', e))),
    );
  }

  /** The session's details (`GET /sessions/{id}`), in camelCase. */
  details(): Promise<SessionInfo> {
    return firstValueFrom(this.details$());
  }

  /** Observable form of {@link Session.details}. */
  details$(): Observable<SessionInfo> {
    return readSession$(this.#context, this.sessionId).pipe(map(infoOf));
  }

  /**
   * The status line qiskit-ibm-runtime shows: `Pending`, `In progress, accepting new jobs`,
   * `In progress, not accepting new jobs`, `Closed` (see `sessionStatusText`).
   */
  status(): Promise<string | undefined> {
    return firstValueFrom(this.status$());
  }

  /** Observable form of {@link Session.status}. */
  status$(): Observable<string | undefined> {
    return readSession$(this.#context, this.sessionId).pipe(map((d) => sessionStatusText(d)));
  }

  /** `Session(<id>)` or `Batch(<id>)`. */
  toString(): string {
    return `${this.mode === 'batch' ? 'Batch' : 'Session'}(${this.sessionId})`;
  }

  /** The id, mode and backend. */
  toJSON(): { sessionId: string; mode: string; backend?: string } {
    return {
      sessionId: this.sessionId,
      mode: this.mode,
      ...(this.#backend !== undefined ? { backend: this.#backend } : {}),
    };
  }

  #path(rest = ''): string {
    return `/sessions/${encodePathSegment(this.sessionId, 'sessionId')}${rest}`;
  }
}

/**
 * A batch: a session in mode `batch`, where the service may run the jobs in any order and
 * interleave them with others. Same methods as {@link Session}.
 *
 * @category Services and jobs
 */
export class Batch extends Session {
  /** Wrap an existing batch; use {@link Batch.create} to open a new one. */
  constructor(service: ServiceRef, sessionId: string, options: { backend?: string } = {}) {
    super(service, sessionId, { ...options, mode: 'batch' });
  }

  /** Open a new batch (`POST /sessions`, mode `batch`). */
  static override create(service: ServiceRef, options: SessionOptions = {}): Promise<Batch> {
    return firstValueFrom(Batch.create$(service, options));
  }

  /** Observable form of {@link Batch.create}. */
  static override create$(service: ServiceRef, options: SessionOptions = {}): Observable<Batch> {
    return openSession$(service, 'batch', options).pipe(
      map((d) => new Batch(service, d.id, backendOf(d, options))),
    );
  }
}

function backendOf(d: SessionDetails, options: SessionOptions): { backend?: string } {
  const name = d.backend_name ?? backendName(options.backend);
  return typeof name === 'string' ? { backend: name } : {};
}

function readSession$(context: RuntimeContext, sessionId: string): Observable<SessionDetails> {
  return defer(() =>
    context.http.request({
      method: 'GET',
      path: `/sessions/${encodePathSegment(sessionId, 'sessionId')}`,
    }),
  ).pipe(
    catchError((e: unknown) =>
      throwError(() => runtimeError(`Failed to read session ${sessionId}`, e)),
    ),
    map((response) => response.body),
    decodeWith(SessionDetails, 'session'),
  );
}

/** Options of {@link withSession}: the session's, plus whether it is a batch. */
export interface WithSessionOptions extends SessionOptions {
  /** `dedicated` (a {@link Session}, the default) or `batch` (a {@link Batch}). */
  readonly mode?: SessionMode;
}

/** Open the session or batch `options.mode` asks for, when subscribed. */
function sessionFor$(service: ServiceRef, options: WithSessionOptions): Observable<Session> {
  return defer(() => {
    const mode = options?.mode ?? 'dedicated';
    if (mode !== 'dedicated' && mode !== 'batch') {
      throw new ConfigError(
        `mode must be 'dedicated' or 'batch', got ${describeValue(mode)}`,
        'mode',
      );
    }
    return mode === 'batch' ? Batch.create$(service, options) : Session.create$(service, options);
  });
}

/** Run `work` in `session` when subscribed, whether it gives a Promise or an Observable. */
function work$<T>(
  work: (session: Session) => Promise<T> | Observable<T>,
  session: Session,
): Observable<T> {
  return defer(() => {
    const out = work(session);
    return isObservable(out) ? out : from(out);
  });
}

function checkWork(work: unknown): void {
  if (typeof work !== 'function') {
    throw new ConfigError(`work must be a function, got ${describeValue(work)}`, 'work');
  }
}

/**
 * Open a session, run `work` inside it, and close the session (gracefully) when the work
 * completes, fails or is unsubscribed from. `work` may return a Promise or an Observable; the
 * result emits what it emits. The session is opened on subscription; a failure to close it is
 * reported through the service's `onNotice` (the stream is over by then).
 *
 * ```ts
 * withSession$(service, { backend }, (session) =>
 *   from(new Sampler({ mode: session }).run([[bell]])).pipe(switchMap((job) => job.result$)),
 * ).subscribe(console.log);
 * ```
 *
 * @category Services and jobs
 */
export function withSession$<T>(
  service: ServiceRef,
  options: WithSessionOptions,
  work: (session: Session) => Promise<T> | Observable<T>,
): Observable<T> {
  return defer(() => {
    checkWork(work);
    return sessionFor$(service, options).pipe(
      switchMap((session) =>
        work$(work, session).pipe(
          finalize(() => {
            session.close$().subscribe({
              error: (e: unknown) =>
                contextOf(service).notice(`closing ${session.toString()} failed: ${messageOf(e)}`),
            });
          }),
        ),
      ),
    );
  });
}

type Outcome<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

/**
 * Promise form of {@link withSession$}: resolves to what `work` resolves to (for an
 * Observable, its last value, `undefined` when it emits none) after the session was closed.
 * The session is closed whether `work` succeeds or fails; the work's error wins over a
 * failure to close.
 *
 * ```ts
 * const counts = await withSession(service, { backend: 'ibmq_qasm_simulator' }, async (session) => {
 *   const job = await new Sampler({ mode: session }).run([[bell]]);
 *   return (await job.result())[0].data.meas.getCounts();
 * });
 * ```
 *
 * @category Services and jobs
 */
export async function withSession<T>(
  service: ServiceRef,
  options: WithSessionOptions,
  work: (session: Session) => Promise<T> | Observable<T>,
): Promise<T> {
  checkWork(work);
  const session = await firstValueFrom(sessionFor$(service, options));
  const outcome = await firstValueFrom(
    work$(work, session).pipe(
      defaultIfEmpty(undefined as T),
      last(),
      map((value): Outcome<T> => ({ ok: true, value })),
      catchError((error: unknown) => of<Outcome<T>>({ ok: false, error })),
    ),
  );
  try {
    await session.close();
  } catch (closeError) {
    if (outcome.ok) throw closeError;
  }
  if (outcome.ok) return outcome.value;
  throw outcome.error;
}
