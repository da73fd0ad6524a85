/**
 * `RuntimeJob`: one job of a service, with every method of the seeds' `RuntimeJob` (and of
 * `IBMQJob` where the job API allows) as a Promise, its Observable twin (`name$()`), and live
 * streams (`events$`, `status$`, `interim$`, `result$`) that all come from one shared `job$`.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import {
  EMPTY,
  catchError,
  concat,
  defer,
  filter,
  firstValueFrom,
  map,
  mergeMap,
  of,
  take,
  takeWhile,
  tap,
  throwError,
} from 'rxjs';
import type { Observable, Subscription } from 'rxjs';
import {
  ConfigError,
  DecodeError,
  IBMApiError,
  RuntimeInvalidStateError,
  RuntimeJobCancelledError,
  RuntimeJobFailureError,
  RuntimeJobMaxTimeoutError,
  describeValue,
  messageOf,
} from '../codecs/errors.js';
import { decodeJobInputs } from '../circuits/job-inputs.js';
import { JobDetails } from '../codecs/job.js';
import { JobMetrics } from '../codecs/metrics.js';
import { SessionDetails } from '../codecs/session.js';
import type { PrimitiveResult } from '../codecs/result-model.js';
import type { ResultDecoder } from '../codecs/results.js';
import { parseIsoDate } from '../codecs/scalars.js';
import { isFinal } from '../codecs/status.js';
import type { JobStatus } from '../codecs/status.js';
import { terminalErrorOf } from '../events/terminal-error.js';
import type { JobEvent, StatusEvent } from '../events/job-event.js';
import { job$ } from '../observables/job-stream.js';
import { deadline } from '../operators/deadline.js';
import { finalResult } from '../operators/final-result.js';
import { interimResults } from '../operators/interim-results.js';
import { statusChanges } from '../operators/status-changes.js';
import { encodePathSegment } from '../transport/url.js';
import { findBackend$ } from './backend.js';
import type { Backend } from './backend.js';
import { contextOf } from './context.js';
import type { RuntimeContext, ServiceRef } from './context.js';
import { NotImplementedError, cancelJobError, jobLookupError, runtimeError } from './errors.js';
import { shareWithLatest } from './job-events.js';
import { JobResults, checkDecoder, resultOptionsOf, timeoutMs } from './job-results.js';
import type { ResultOptions } from './job-results.js';
import { JobSnapshot, dateOf } from './job-snapshot.js';
import { NAME_TAG_PREFIX, checkTags, nameChangeOf, putTags$, tagChangeOf } from './job-tags.js';
import type { TagChange, TagUpdate } from './job-tags.js';
import { decodeJobHandle } from './job-handle.js';
import type { JobHandle } from './job-handle.js';

/**
 * Called with the job id and each interim result, then the final result (the seeds' `callback`).
 *
 * @category Services and jobs
 */
export type ResultCallback<T = unknown> = (jobId: string, result: T) => void;

/**
 * Called with the job id, each status seen while waiting, and the job (IBMQJob's `callback`).
 *
 * @category Services and jobs
 */
export type StatusCallback<R = PrimitiveResult> = (
  jobId: string,
  status: JobStatus,
  job: RuntimeJob<R>,
) => void;

/**
 * Where a queued job stands (from the job's metrics).
 *
 * @category Services and jobs
 */
export interface QueueInfo {
  readonly jobId: string;
  /** The job's status when the information was read. */
  readonly status: JobStatus | undefined;
  /** 1-based position in the queue. */
  readonly position: number | undefined;
  readonly estimatedStartTime: Date | undefined;
  readonly estimatedCompletionTime: Date | undefined;
}

/** When a job entered each step of its processing (from the job's metrics timestamps). */
export type TimePerStep = Partial<Record<JobStatus, Date>>;

/** What is known about a job when its handle is built. Only `jobId` is required. */
export interface RuntimeJobInit<R> {
  readonly jobId: string;
  readonly programId?: string;
  readonly backendName?: string;
  readonly sessionId?: string;
  readonly tags?: readonly string[];
  readonly inputs?: Readonly<Record<string, unknown>>;
  readonly creationDate?: Date;
  readonly private?: boolean;
  /** The job's details as last read. */
  readonly details?: JobDetails;
  /** The status the job was already seen in: streams start after it, never repeating it. */
  readonly resumeFrom?: {
    readonly status: JobStatus;
    readonly reason?: string;
    readonly reasonCode?: number;
    readonly maxExecutionTimeExceeded?: boolean;
  };
  /** Decoder of results and interim results. Default `decodeResult`. */
  readonly resultDecoder?: ResultDecoder<R>;
}

const isTerminalJobError = (e: unknown): boolean =>
  e instanceof RuntimeJobFailureError ||
  e instanceof RuntimeJobMaxTimeoutError ||
  e instanceof RuntimeJobCancelledError;

/**
 * One job of a service.
 *
 * ```ts
 * const job = await service.run('sampler', { pubs: [[bell]], version: 2 }, { backend: 'ibmq_qasm_simulator' });
 * job.status$.subscribe((s) => console.log(s));     // QUEUED, RUNNING, DONE
 * const result = await job.result();                 // PrimitiveResult
 * ```
 *
 * **Promise and Observable forms.** Every asynchronous method `name()` has a cold Observable
 * twin `name$()` that does the same work when subscribed and emits one value. The live
 * streams `events$` (every `JobEvent`), `status$` (each status once, completing at the final
 * one), `interim$` (interim results) and `result$` (the result, with `result()`'s errors) all
 * come from one shared `job$` stream per job: websockets and polling are opened once, however
 * many subscribers there are, and closed when the last one leaves.
 *
 * **Attributes** (`creationDate`, `image`, `inputs`, `programId`, `sessionId`, `tags`,
 * `usageEstimation`, `backendName`, `isPrivate`) are synchronous getters over what was last
 * read; they never make a request. Jobs from `service.job()` and `service.jobs()` have them
 * filled in; a job from `run()` knows what it was created with; `refresh()` reads them again
 * (`refresh({ inputs: true })` also the input parameters).
 *
 * **Errors** are the seeds': `result()` fails with `RuntimeJobFailureError`,
 * `RuntimeJobMaxTimeoutError` (ran past its maximum execution time, reason code 1305),
 * `RuntimeInvalidStateError` (cancelled) or `RuntimeJobTimeoutError` (the `timeout` passed);
 * `cancel()` with `RuntimeInvalidStateError` for a final job; reads of an unknown job with
 * `RuntimeJobNotFoundError`.
 *
 * @category Services and jobs
 */
export class RuntimeJob<R = PrimitiveResult> implements ServiceRef {
  /** The seeds' `RuntimeJob.version`: the interface version this class follows. */
  readonly version = 1;

  /**
   * Every event of the job (status transitions, progress, interim results, the result,
   * connection changes), from the shared `job$`. Completes after the `result` event of a DONE
   * job; fails with `RuntimeJobFailureError`, `RuntimeJobMaxTimeoutError` or
   * `RuntimeJobCancelledError` after the final status event of a failed or cancelled one. A job
   * already known to be final replays its final status (unless it was restored with it) and
   * result without opening a stream.
   */
  readonly events$: Observable<JobEvent<R>>;
  /** Each status once, in order; completes at the final one (a failure is a status, not an error). */
  readonly status$: Observable<JobStatus>;
  /**
   * Interim results, decoded like the result (a `PrimitiveResult` of the pubs done so far for
   * Sampler and Estimator jobs); the final result is not one of them. Completes when the job
   * ends.
   */
  readonly interim$: Observable<R>;
  /** The result once the job is DONE, then completes; fails like {@link RuntimeJob.result}. */
  readonly result$: Observable<R>;

  readonly #context: RuntimeContext;
  readonly #id: string;
  readonly #resume: JobStatus | undefined;
  /** What is known of the job without asking. */
  readonly #job: JobSnapshot;
  /** Its result and interim results, as read. */
  readonly #results: JobResults<R>;
  #streaming: Subscription | undefined;

  /**
   * Build a handle for a job that exists on the service. Usually obtained from
   * `service.run()`, `service.job()`, `service.jobs()` or {@link RuntimeJob.fromDict}.
   */
  constructor(service: ServiceRef, init: RuntimeJobInit<R>) {
    this.#context = contextOf(service);
    if (init === null || typeof init !== 'object') {
      throw new ConfigError(`job init must be an object, got ${describeValue(init)}`, 'init');
    }
    if (typeof init.jobId !== 'string' || init.jobId.trim() === '') {
      throw new ConfigError(
        `jobId must be a non-empty string, got ${describeValue(init.jobId)}`,
        'jobId',
      );
    }
    checkDecoder(init.resultDecoder);
    this.#id = init.jobId;
    const job = new JobSnapshot(init.jobId);
    this.#job = job;
    this.#results = new JobResults(
      this.#context.http,
      init.jobId,
      this.#path(),
      init.resultDecoder,
      this.#context.streamOptions.resultRetry,
    );
    job.programId = init.programId;
    job.backendName = init.backendName;
    job.sessionId = init.sessionId;
    job.tags = init.tags === undefined ? undefined : [...checkTags(init.tags, 'tags')];
    job.inputs = init.inputs;
    job.creationDate = init.creationDate;
    job.private = init.private;
    const resume = init.resumeFrom;
    this.#resume = resume?.status;
    if (resume !== undefined) {
      job.observeStatus(
        resume.status,
        resume.reason,
        resume.reasonCode,
        resume.maxExecutionTimeExceeded ?? false,
      );
    }
    if (init.details !== undefined) job.observeDetails(init.details, false);

    // The job's one shared stream: every subscriber of events$ (and of status$, interim$ and
    // result$, made from it) shares one job$, with the current state replayed to late ones.
    const decoder = init.resultDecoder;
    const shared$ = shareWithLatest(this.#jobStream$(decoder, true));
    this.events$ = defer(() => (job.final ? this.#settled$(decoder, true) : shared$));
    this.status$ = this.events$.pipe(
      statusChanges<R>(),
      takeWhile((s) => !isFinal(s), true),
      catchError((e: unknown) => (isTerminalJobError(e) ? EMPTY : throwError(() => e))),
    );
    this.interim$ = this.events$.pipe(
      interimResults<R>(),
      catchError((e: unknown) => (isTerminalJobError(e) ? EMPTY : throwError(() => e))),
    );
    this.result$ = defer(() => this.#result$<R>({}));
  }

  /**
   * Re-attach a job from its {@link RuntimeJob.toDict} handle. The new handle knows the last
   * status the old one saw, so its streams resume after it: no transition is repeated. Throws
   * a `DecodeError` naming the bad field when `dict` is not a handle.
   */
  static fromDict<R = PrimitiveResult>(
    service: ServiceRef,
    dict: unknown,
    options: { readonly resultDecoder?: ResultDecoder<R> } = {},
  ): RuntimeJob<R> {
    const decoded = decodeJobHandle(dict);
    if (E.isLeft(decoded)) throw decoded.left;
    const h = decoded.right;
    return new RuntimeJob<R>(service, {
      jobId: h.jobId,
      ...(h.programId !== undefined ? { programId: h.programId } : {}),
      ...(h.backend !== undefined ? { backendName: h.backend } : {}),
      ...(h.sessionId !== undefined ? { sessionId: h.sessionId } : {}),
      ...(h.tags !== undefined ? { tags: h.tags } : {}),
      ...(h.creationDate !== undefined ? { creationDate: parseIsoDate(h.creationDate)! } : {}),
      ...(h.private !== undefined ? { private: h.private } : {}),
      ...(h.status !== undefined
        ? {
            resumeFrom: {
              status: h.status,
              ...(h.reason !== undefined ? { reason: h.reason } : {}),
              ...(h.reasonCode !== undefined ? { reasonCode: h.reasonCode } : {}),
              maxExecutionTimeExceeded: h.maxExecutionTimeExceeded ?? false,
            },
          }
        : {}),
      ...(options.resultDecoder !== undefined ? { resultDecoder: options.resultDecoder } : {}),
    });
  }

  /** A handle built from the details the service returned for the job. */
  static fromDetails<R = PrimitiveResult>(
    service: ServiceRef,
    details: JobDetails,
    options: { readonly resultDecoder?: ResultDecoder<R> } = {},
  ): RuntimeJob<R> {
    if (typeof details?.id !== 'string') {
      throw new DecodeError('id', 'job id (string)', details?.id);
    }
    return new RuntimeJob<R>(service, {
      jobId: details.id,
      details,
      ...(options.resultDecoder !== undefined ? { resultDecoder: options.resultDecoder } : {}),
    });
  }

  /** The service this job belongs to. */
  get context(): RuntimeContext {
    return this.#context;
  }

  // -------------------------------------------------------------------------------------------
  // Identity and attributes (no request)

  /** The job's id, assigned by the service. */
  jobId(): string {
    return this.#id;
  }

  /** The last status seen (by `status()`, a stream or the handle it was restored from); no request. */
  get lastStatus(): JobStatus | undefined {
    return this.#job.status;
  }

  /** Id of the program the job runs (`sampler`, `estimator`). */
  get programId(): string | undefined {
    return this.#job.programId;
  }

  /** Name of the backend the job runs on. */
  get backendName(): string | undefined {
    return this.#job.backendName;
  }

  /** Id of the session or batch the job belongs to. */
  get sessionId(): string | undefined {
    return this.#job.sessionId;
  }

  /** The job's tags (the name tag included). */
  get tags(): readonly string[] {
    return this.#job.tags ?? [];
  }

  /** The job's input parameters: those it was created with, or read by `refresh({ inputs: true })`. */
  get inputs(): Readonly<Record<string, unknown>> | undefined {
    return this.#job.inputs;
  }

  /**
   * {@link inputs} as qiskit-ibm-runtime's `job.inputs` shows them: RuntimeEncoder values
   * decoded, and each circuit sent as QPY (as the Python client sends them) an `InputCircuit`
   * with its circuit model and OpenQASM 3 text. `undefined` when the inputs are not known (a
   * handle restored by id: `refresh({ inputs: true })` first).
   *
   * @throws DecodeError naming the path of a value that cannot be read.
   */
  decodedInputs(): Readonly<Record<string, unknown>> | undefined {
    const inputs = this.#job.inputs;
    return inputs === undefined ? undefined : decodeJobInputs(inputs);
  }

  /** When the service created the job (a `Date`; print it in local time with `toLocaleString()`). */
  get creationDate(): Date | undefined {
    return this.#job.creationDate;
  }

  /** Runtime image `name:tag` the job used, `''` for the default image or when not read yet. */
  get image(): string {
    return this.#job.image ?? '';
  }

  /** Whether the job is private (its parameters are not returned, its result can be read once). */
  get isPrivate(): boolean {
    return this.#job.private ?? false;
  }

  /** The service's estimate of the job's quantum time, in seconds (`quantumSeconds`). */
  get usageEstimation(): { readonly quantumSeconds: number | undefined } {
    return { quantumSeconds: this.#job.usageSeconds };
  }

  /** The job's name: the value of its `name:` tag (the job API has no name field). */
  name(): string | undefined {
    const tag = this.tags.find((t) => t.startsWith(NAME_TAG_PREFIX));
    return tag === undefined ? undefined : tag.slice(NAME_TAG_PREFIX.length);
  }

  // -------------------------------------------------------------------------------------------
  // Status

  /**
   * `GET /jobs/{id}` and the status it shows (the cached status once final, without a
   * request). A status string neither vocabulary knows leaves the last known status (or
   * INITIALIZING). `RuntimeJobNotFoundError` for an unknown job.
   */
  status(): Promise<JobStatus> {
    return firstValueFrom(this.#readStatus$());
  }

  /** True when the job was cancelled (reads the status like {@link RuntimeJob.status}). */
  cancelled(): Promise<boolean> {
    return firstValueFrom(this.cancelled$());
  }

  /** Observable form of {@link RuntimeJob.cancelled}. */
  cancelled$(): Observable<boolean> {
    return this.#readStatus$().pipe(map((s) => s === 'CANCELLED'));
  }

  /** True when the job ran successfully (status DONE). */
  done(): Promise<boolean> {
    return firstValueFrom(this.done$());
  }

  /** Observable form of {@link RuntimeJob.done}. */
  done$(): Observable<boolean> {
    return this.#readStatus$().pipe(map((s) => s === 'DONE'));
  }

  /** True while the job is running (status RUNNING). */
  running(): Promise<boolean> {
    return firstValueFrom(this.running$());
  }

  /** Observable form of {@link RuntimeJob.running}. */
  running$(): Observable<boolean> {
    return this.#readStatus$().pipe(map((s) => s === 'RUNNING'));
  }

  /** True when the job is in a final status (DONE, CANCELLED or ERROR). */
  inFinalState(): Promise<boolean> {
    return firstValueFrom(this.inFinalState$());
  }

  /** Observable form of {@link RuntimeJob.inFinalState}. */
  inFinalState$(): Observable<boolean> {
    return this.#readStatus$().pipe(map((s) => isFinal(s)));
  }

  /**
   * Why the job failed, `undefined` unless its status is ERROR: `Job <id> has failed:\n<reason>`
   * (`Error code <n>; <reason>` when the service gave a code), or for a job stopped at its
   * maximum execution time `Job <id> ran longer than maximum execution time. Job was
   * cancelled:\n<reason>`. Without a reason the result text (the failure report) is used.
   */
  errorMessage(): Promise<string | undefined> {
    return firstValueFrom(this.errorMessage$());
  }

  /** Observable form of {@link RuntimeJob.errorMessage}. */
  errorMessage$(): Observable<string | undefined> {
    return this.#readStatus$().pipe(
      mergeMap((status) => {
        if (status !== 'ERROR') return of(undefined);
        const reason = this.#job.reason;
        const text$ =
          reason !== undefined && reason !== ''
            ? of(
                this.#job.reasonCode !== undefined
                  ? `Error code ${this.#job.reasonCode}; ${reason}`
                  : reason,
              )
            : this.#results.text$(false).pipe(catchError(() => of('(no reason given)')));
        return text$.pipe(
          map((text) =>
            this.#job.maxExecution
              ? `Job ${this.#id} ran longer than maximum execution time. Job was cancelled:\n${text}`
              : `Job ${this.#id} has failed:\n${text}`,
          ),
        );
      }),
    );
  }

  /**
   * Wait until the job is in a final status and return it (a failed job is not an error here).
   * `timeout` in seconds; `RuntimeJobTimeoutError` when it passes first. `callback(jobId,
   * status, job)` is called for each status seen while waiting (IBMQJob's `callback`). Uses
   * the shared stream (websockets with polling), so waiting costs no extra requests when other
   * subscribers watch.
   */
  waitForFinalState(timeout?: number, callback?: StatusCallback<R>): Promise<JobStatus> {
    return firstValueFrom(this.waitForFinalState$(timeout, callback));
  }

  /** Observable form of {@link RuntimeJob.waitForFinalState}. */
  waitForFinalState$(timeout?: number, callback?: StatusCallback<R>): Observable<JobStatus> {
    return defer(() => {
      const ms = timeoutMs(timeout);
      if (callback !== undefined && typeof callback !== 'function') {
        throw new ConfigError(
          `callback must be a function, got ${describeValue(callback)}`,
          'callback',
        );
      }
      const tell = (status: JobStatus): void => {
        try {
          callback?.(this.#id, status, this);
        } catch (e) {
          this.#context.notice(`the status callback of job ${this.#id} threw: ${messageOf(e)}`);
        }
      };
      const wait$ = this.#finalStatus$(tell);
      return ms === undefined ? wait$ : wait$.pipe(deadline(ms, { jobId: this.#id }));
    });
  }

  /**
   * How the job is scheduled: `dedicated` (in a session), `batch` (in a batch), or `undefined`
   * for a job outside both (IBMQJob's `scheduling_mode`). Read from the job's details, or from
   * its session (`GET /sessions/{id}`).
   */
  schedulingMode(): Promise<string | undefined> {
    return firstValueFrom(this.schedulingMode$());
  }

  /** Observable form of {@link RuntimeJob.schedulingMode}. */
  schedulingMode$(): Observable<string | undefined> {
    return defer(() => {
      const known$ =
        this.#job.mode !== undefined || this.#job.sessionId !== undefined
          ? of(this)
          : this.refresh$();
      return known$.pipe(
        mergeMap(() => {
          if (this.#job.mode !== undefined) return of(this.#job.mode);
          const session = this.#job.sessionId;
          if (session === undefined || session === this.#id) return of(undefined);
          return this.#context.http
            .getJson(`/sessions/${encodePathSegment(session, 'sessionId')}`, SessionDetails)
            .pipe(
              map((d) => d.mode),
              catchError((e: unknown) =>
                throwError(() => runtimeError(`Failed to read session ${session}`, e)),
              ),
            );
        }),
      );
    });
  }

  // -------------------------------------------------------------------------------------------
  // Results

  /**
   * The job's result, once it is DONE: decoded with the job's decoder (by default a
   * `PrimitiveResult`: `result[0].data.meas.getCounts()`), read once and kept.
   *
   * - `timeout` (seconds): `RuntimeJobTimeoutError` when the job is not done by then.
   * - `decoder`: decode the result text with this instead.
   * - object form: `{ timeout, decoder, partial, refresh }` (see {@link ResultOptions}).
   *
   * Fails with `RuntimeJobFailureError` for a failed job, `RuntimeJobMaxTimeoutError` for a job
   * stopped at its maximum execution time (reason code 1305), and `RuntimeInvalidStateError`
   * for a cancelled job, as the seeds do.
   */
  result(timeout?: number): Promise<R>;
  result<T>(timeout: number | undefined, decoder: ResultDecoder<T>): Promise<T>;
  result<T>(options: ResultOptions<T> & { readonly decoder: ResultDecoder<T> }): Promise<T>;
  result(options: ResultOptions<R>): Promise<R>;
  result(
    timeoutOrOptions?: number | ResultOptions<unknown>,
    decoder?: ResultDecoder<unknown>,
  ): Promise<unknown> {
    return firstValueFrom(this.#result$(resultOptionsOf(timeoutOrOptions, decoder)));
  }

  /** Observable form of {@link RuntimeJob.result} (the `result$` property is this with no options). */
  resultOf$<T = R>(options: ResultOptions<T> = {}): Observable<T> {
    return defer(() => this.#result$<T>(resultOptionsOf(options, undefined) as ResultOptions<T>));
  }

  /**
   * The latest interim result (`GET /jobs/{id}/interim_results`), decoded like the result;
   * `undefined` when none was published. Fails with `RuntimeJobFailureError` for a failed job.
   */
  interimResults<T = unknown>(decoder?: ResultDecoder<T>): Promise<T | undefined> {
    return firstValueFrom(this.interimResults$(decoder));
  }

  /** Observable form of {@link RuntimeJob.interimResults}. */
  interimResults$<T = R>(decoder?: ResultDecoder<T>): Observable<T | undefined> {
    return defer(() => {
      checkDecoder(decoder);
      return this.#readStatus$().pipe(
        mergeMap((status) =>
          status === 'ERROR'
            ? throwError(
                () => new RuntimeJobFailureError(this.#id, this.#job.reason, this.#job.reasonCode),
              )
            : this.#results.latestInterim$(decoder, isFinal(status)),
        ),
      );
    });
  }

  /**
   * Call `callback(jobId, value)` for every interim result and then the final result, as they
   * arrive (from the shared stream), until the job ends: `cancel()` does not stop it, so a job
   * that finishes before its cancel takes effect still delivers its result. A callback that
   * throws is reported through the service's `onNotice` and streaming goes on. Throws `RuntimeInvalidStateError` when a callback is
   * already streaming results or the job is known to be finished.
   */
  streamResults<T = unknown>(callback: ResultCallback<T>, decoder?: ResultDecoder<T>): void {
    if (typeof callback !== 'function') {
      throw new ConfigError(
        `callback must be a function, got ${describeValue(callback)}`,
        'callback',
      );
    }
    checkDecoder(decoder);
    if (this.#streaming !== undefined && !this.#streaming.closed) {
      throw new RuntimeInvalidStateError(
        'A callback function is already streaming results.',
        this.#id,
      );
    }
    if (this.#job.status !== undefined && isFinal(this.#job.status)) {
      throw new RuntimeInvalidStateError('Job already finished.', this.#id);
    }
    const own = decoder === undefined || (decoder as unknown) === this.#results.decoder;
    const source$ = (own ? this.events$ : this.#stream$(decoder, false)) as Observable<JobEvent<T>>;
    const deliver = (value: T): void => {
      try {
        callback(this.#id, value);
      } catch (e) {
        this.#context.notice(`the result callback of job ${this.#id} threw: ${messageOf(e)}`);
      }
    };
    this.#streaming = source$.subscribe({
      next: (event) => {
        if (event.type === 'interim') deliver(event.value as T);
        else if (event.type === 'result') deliver(event.result);
      },
      error: (e: unknown) => {
        if (!isTerminalJobError(e)) {
          this.#context.notice(`result streaming of job ${this.#id} stopped: ${messageOf(e)}`);
        }
      },
    });
  }

  /** Stop the streaming started by {@link RuntimeJob.streamResults} (nothing when none runs). */
  cancelResultStreaming(): void {
    this.#streaming?.unsubscribe();
    this.#streaming = undefined;
  }

  /** True while a callback receives results. */
  get streaming(): boolean {
    return this.#streaming !== undefined && !this.#streaming.closed;
  }

  // -------------------------------------------------------------------------------------------
  // Actions

  /**
   * `POST /jobs/{id}/cancel`: resolves once the service accepted the request (HTTP 204).
   * Accepting it is not a status: the job may still finish first (a cancel that loses the race
   * with completion), so nothing is recorded. The job's streams, `waitForFinalState()` and
   * `result()` go on following the service until it reports the final status, CANCELLED or
   * the DONE or ERROR the job reached first, and every subscriber sees that one; a stream that
   * watches the job reads it at once. `RuntimeInvalidStateError` when the job cannot be
   * cancelled (already final, HTTP 409); `IBMRuntimeError("Failed to cancel job: …")` for any
   * other failure.
   */
  cancel(): Promise<void> {
    return firstValueFrom(this.cancel$());
  }

  /** Observable form of {@link RuntimeJob.cancel}: emits `undefined` once the service accepted it. */
  cancel$(): Observable<void> {
    return defer(() =>
      this.#context.http.request({ method: 'POST', path: this.#path('/cancel'), accept: 'none' }),
    ).pipe(
      catchError((e: unknown) => throwError(() => cancelJobError(this.#id, e))),
      map(() => {
        // from Qiskit/qiskit-ibm-runtime qiskit_ibm_runtime/runtime_job_v2.py cancel(), which
        // sets the status to CANCELLED on the 204; here the status stays the service's.
        this.#context.jobClient.pollScheduler.pokeNow(this.#id);
      }),
    );
  }

  /**
   * Replace the job's tags (`PUT /jobs/{id}/tags`), then read them back; resolves to the new
   * tags. With a list, the tags become that list (the job's `name:` tag is kept unless the
   * list has its own); with `{ replacement, additional, removal }` the changes are applied in
   * that order. A refusal by the service is an `IBMApiError`.
   */
  updateTags(tags: readonly string[] | TagUpdate): Promise<readonly string[]> {
    return firstValueFrom(this.updateTags$(tags));
  }

  /** Observable form of {@link RuntimeJob.updateTags}. */
  updateTags$(tags: readonly string[] | TagUpdate): Observable<readonly string[]> {
    return defer(() => this.#applyTags$(tagChangeOf(tags)));
  }

  /** Set the job's name (kept as its `name:` tag); resolves to the name. */
  updateName(name: string): Promise<string> {
    return firstValueFrom(this.updateName$(name));
  }

  /** Observable form of {@link RuntimeJob.updateName}. */
  updateName$(name: string): Observable<string> {
    return defer(() => this.#applyTags$(nameChangeOf(name)).pipe(map(() => name)));
  }

  /**
   * Not supported, as in the seeds: jobs are submitted by `service.run()`, `Sampler.run()` or
   * `Estimator.run()`. Always throws `NotImplementedError`.
   */
  submit(): never {
    throw new NotImplementedError(
      'RuntimeJob.submit() is not supported: submit jobs with service.run(), Sampler.run() or Estimator.run()',
    );
  }

  // -------------------------------------------------------------------------------------------
  // Other reads

  /**
   * Read the job's details again (`GET /jobs/{id}`) and update every attribute; with
   * `{ inputs: true }` also its input parameters. Resolves to this job.
   */
  refresh(options: { readonly inputs?: boolean } = {}): Promise<this> {
    return firstValueFrom(this.refresh$(options));
  }

  /** Observable form of {@link RuntimeJob.refresh}. */
  refresh$(options: { readonly inputs?: boolean } = {}): Observable<this> {
    return defer(() =>
      this.#context.http.getJson(this.#path(), JobDetails, {
        exclude_params: options.inputs !== true,
      }),
    ).pipe(
      catchError((e: unknown) => throwError(() => jobLookupError(this.#id, e))),
      map((details) => {
        this.#job.observeDetails(details, options.inputs === true);
        return this;
      }),
    );
  }

  /** The job's log text (`''` when the service has none). `IBMRuntimeError` when it cannot be read. */
  logs(): Promise<string> {
    return firstValueFrom(this.logs$());
  }

  /** Observable form of {@link RuntimeJob.logs}. */
  logs$(): Observable<string> {
    return defer(() => this.#context.http.getText(this.#path('/logs'))).pipe(
      catchError((e: unknown) =>
        e instanceof IBMApiError && e.status === 404
          ? of('')
          : throwError(() => runtimeError('Failed to get job logs', e)),
      ),
    );
  }

  /** The job's metrics: timestamps, usage, queue estimates. `IBMRuntimeError` when they cannot be read. */
  metrics(): Promise<JobMetrics> {
    return firstValueFrom(this.metrics$());
  }

  /** Observable form of {@link RuntimeJob.metrics}. */
  metrics$(): Observable<JobMetrics> {
    return defer(() => this.#context.http.getJson(this.#path('/metrics'), JobMetrics)).pipe(
      catchError((e: unknown) => throwError(() => runtimeError('Failed to get job metrics', e))),
      tap((m) => {
        this.#job.observeMetrics(m);
      }),
    );
  }

  /**
   * The backend the job runs on, from the service's backend list (`undefined` when the job
   * names none). `IBMRuntimeError` when it cannot be read.
   */
  backend(): Promise<Backend | undefined> {
    return firstValueFrom(this.backend$());
  }

  /** Observable form of {@link RuntimeJob.backend}. */
  backend$(): Observable<Backend | undefined> {
    return defer(() => {
      const name$ =
        this.#job.backendName !== undefined
          ? of(this.#job.backendName)
          : this.refresh$().pipe(map(() => this.#job.backendName));
      return name$.pipe(
        mergeMap((name) => (name === undefined ? of(undefined) : findBackend$(this, name))),
      );
    });
  }

  /**
   * The job's 1-based position in the queue (from its metrics; `undefined` when not queued).
   * Without `refresh` a position already seen (on a stream or in earlier metrics) is returned
   * without a request.
   */
  queuePosition(refresh = false): Promise<number | undefined> {
    return firstValueFrom(this.queuePosition$(refresh));
  }

  /** Observable form of {@link RuntimeJob.queuePosition}. */
  queuePosition$(refresh = false): Observable<number | undefined> {
    return defer(() =>
      !refresh && this.#job.queuePosition !== undefined
        ? of(this.#job.queuePosition)
        : this.metrics$().pipe(map((m) => m.position_in_queue ?? undefined)),
    );
  }

  /**
   * Where the job stands in the queue (from its metrics), or `undefined` when the service gives
   * neither a position nor an estimate.
   */
  queueInfo(): Promise<QueueInfo | undefined> {
    return firstValueFrom(this.queueInfo$());
  }

  /** Observable form of {@link RuntimeJob.queueInfo}. */
  queueInfo$(): Observable<QueueInfo | undefined> {
    return this.metrics$().pipe(
      map((m) => {
        const info: QueueInfo = {
          jobId: this.#id,
          status: this.#job.status,
          position: m.position_in_queue ?? undefined,
          estimatedStartTime: dateOf(m.estimated_start_time),
          estimatedCompletionTime: dateOf(m.estimated_completion_time),
        };
        return info.position === undefined &&
          info.estimatedStartTime === undefined &&
          info.estimatedCompletionTime === undefined
          ? undefined
          : info;
      }),
    );
  }

  /**
   * When the job entered each step, from its metrics timestamps: `QUEUED` (created),
   * `RUNNING`, and its final status (finished).
   */
  timePerStep(): Promise<TimePerStep> {
    return firstValueFrom(this.timePerStep$());
  }

  /** Observable form of {@link RuntimeJob.timePerStep}. */
  timePerStep$(): Observable<TimePerStep> {
    return this.metrics$().pipe(
      mergeMap((m) => {
        const ts = m.timestamps ?? {};
        const finished = dateOf(ts.finished);
        const status$ = finished === undefined ? of(this.#job.status) : this.#readStatus$();
        return status$.pipe(
          map((status) => {
            const steps: Partial<Record<JobStatus, Date>> = {};
            const created = dateOf(ts.created);
            const running = dateOf(ts.running);
            if (created !== undefined) steps.QUEUED = created;
            if (running !== undefined) steps.RUNNING = running;
            if (finished !== undefined && status !== undefined && isFinal(status))
              steps[status] = finished;
            return steps;
          }),
        );
      }),
    );
  }

  // -------------------------------------------------------------------------------------------
  // Serialisation

  /**
   * A plain-JSON handle of the job (no credentials): its id, what is known about it and the
   * last status seen. {@link RuntimeJob.fromDict} re-attaches it.
   */
  toDict(): JobHandle {
    return this.#job.toHandle(this.#context.url);
  }

  /** `JSON.stringify(job)` gives {@link RuntimeJob.toDict}. */
  toJSON(): JobHandle {
    return this.toDict();
  }

  /** `RuntimeJob(<id>, <last status>)`. */
  toString(): string {
    return `RuntimeJob(${this.#id}, ${this.#job.status ?? 'status not read'})`;
  }

  /** What Node's `util.inspect` (and `console.log`) shows. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }

  // -------------------------------------------------------------------------------------------
  // Internals

  #path(rest = ''): string {
    return `/jobs/${encodePathSegment(this.#id, 'jobId')}${rest}`;
  }

  /** What a stream event tells: the job's status and queue place, and its result (`own` decoder). */
  #observeEvent(event: JobEvent<unknown>, own: boolean): void {
    this.#job.observeEvent(event);
    if (own && event.type === 'result') this.#results.keep(event.result as R);
  }

  /**
   * The events of the job decoded with `decoder`: the shared `job$` (starting after the
   * status the handle was restored with), or, for a job already known to be final, its final
   * status and result replayed without a stream.
   */
  #stream$<T>(decoder: ResultDecoder<T> | undefined, own: boolean): Observable<JobEvent<T>> {
    return defer(() =>
      this.#job.final ? this.#settled$(decoder, own) : this.#jobStream$(decoder, own),
    );
  }

  /** A `job$` of this job (unshared), whose events update what the handle knows. */
  #jobStream$<T>(decoder: ResultDecoder<T> | undefined, own: boolean): Observable<JobEvent<T>> {
    return defer(() => {
      const options = {
        ...this.#context.streamOptions,
        ...(decoder !== undefined ? { resultDecoder: decoder } : {}),
        ...(this.#resume !== undefined ? { initialStatus: this.#resume } : {}),
      };
      return job$<T>(this.#context.jobClient, this.#id, options);
    }).pipe(tap((event) => this.#observeEvent(event as JobEvent<unknown>, own)));
  }

  #settled$<T>(decoder: ResultDecoder<T> | undefined, own: boolean): Observable<JobEvent<T>> {
    const final = this.#job.finalEvent();
    const replay$: Observable<JobEvent<T>> = this.#resume === final.status ? EMPTY : of(final);
    if (final.status !== 'DONE') {
      return concat(
        replay$,
        throwError(() => terminalErrorOf(final, this.#id)),
      );
    }
    const result$: Observable<T> =
      own && this.#results.kept !== undefined
        ? of(this.#results.kept.value as unknown as T)
        : this.#results.decoded$(decoder, false);
    return concat(
      replay$,
      result$.pipe(
        map((result): JobEvent<T> => ({
          type: 'result',
          jobId: this.#id,
          time: new Date(),
          result,
        })),
      ),
    );
  }

  /** `GET /jobs/{id}?exclude_params=true` unless the status is already final. */
  #readStatus$(): Observable<JobStatus> {
    return defer(() => {
      const known = this.#job.status;
      if (known !== undefined && isFinal(known)) return of(known);
      return this.refresh$().pipe(map(() => this.#job.status ?? 'INITIALIZING'));
    });
  }

  /**
   * The final status, waiting on the shared stream; a failure is a status here, not an error.
   * `tell` hears every status seen on the way (the final one included).
   */
  #finalStatus$(tell: (status: JobStatus) => void = () => undefined): Observable<JobStatus> {
    return defer(() => {
      const known = this.#job.status;
      if (known !== undefined && isFinal(known)) {
        tell(known);
        return of(known);
      }
      return this.events$.pipe(
        filter((e): e is StatusEvent => e.type === 'status'),
        tap((e) => tell(e.status)),
        filter((e) => isFinal(e.status)),
        map((e) => e.status),
        take(1),
        catchError((e: unknown) => {
          const now = this.#job.status;
          return isTerminalJobError(e) && now !== undefined && isFinal(now)
            ? of(now)
            : throwError(() => e);
        }),
      );
    });
  }

  #result$<T>(options: ResultOptions<T>): Observable<T> {
    return defer(() => {
      const ms = timeoutMs(options.timeout);
      const own =
        options.decoder === undefined || (options.decoder as unknown) === this.#results.decoder;
      const refresh = options.refresh === true;
      const kept = this.#results.kept;
      if (own && !refresh && kept !== undefined) return of(kept.value as unknown as T);
      const wait$: Observable<T> =
        own && !refresh
          ? (this.events$.pipe(finalResult<R>()) as unknown as Observable<T>)
          : this.#finalStatus$().pipe(
              mergeMap((status) =>
                status === 'DONE'
                  ? this.#results
                      .decoded$<T>(options.decoder as ResultDecoder<T> | undefined, refresh)
                      .pipe(
                        tap((value) => {
                          if (own) this.#results.keep(value as unknown as R);
                        }),
                      )
                  : throwError(() => terminalErrorOf(this.#job.finalEvent(), this.#id)),
              ),
            );
      const timed$ = ms === undefined ? wait$ : wait$.pipe(deadline(ms, { jobId: this.#id }));
      return timed$.pipe(
        catchError((e: unknown) => {
          if (e instanceof RuntimeJobCancelledError) {
            return throwError(
              () =>
                new RuntimeInvalidStateError(
                  `Unable to retrieve result for job ${this.#id}. Job was cancelled.`,
                  this.#id,
                ),
            );
          }
          if (
            options.partial === true &&
            (e instanceof RuntimeJobFailureError || e instanceof RuntimeJobMaxTimeoutError)
          ) {
            return this.#results.partial$<T>(options.decoder, e);
          }
          return throwError(() => e);
        }),
      );
    });
  }

  /** Read the current tags if not known, PUT the changed list, read the job back. */
  #applyTags$(change: TagChange): Observable<readonly string[]> {
    const current$ =
      this.#job.tags !== undefined
        ? of(this.#job.tags)
        : this.refresh$().pipe(map(() => this.tags));
    return current$.pipe(
      mergeMap((current) => putTags$(this.#context.http, this.#path(), change(current))),
      catchError((e: unknown) =>
        throwError(() =>
          e instanceof IBMApiError && e.status === 404 ? jobLookupError(this.#id, e) : e,
        ),
      ),
      mergeMap(() => this.refresh$()),
      map(() => this.tags),
    );
  }
}
