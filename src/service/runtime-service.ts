/**
 * `RuntimeService`: the entry point of the facade (the seeds' `QiskitRuntimeService`). It
 * holds the connection to one service (URL, credentials, retry and stream settings, an
 * optional shared poll budget) and creates jobs, backends, sessions and batches.
 *
 * @module
 */
import { ReplaySubject, catchError, defer, firstValueFrom, map, of, throwError } from 'rxjs';
import type { Observable } from 'rxjs';
import { describeValue, ConfigError } from '../codecs/errors.js';
import { JobDetails } from '../codecs/job.js';
import type { PrimitiveResult } from '../codecs/result-model.js';
import { VersionsResponse } from '../codecs/versions.js';
import { NO_WEBSOCKETS } from '../codecs/websocket-offers.js';
import type { ApiVersion } from '../codecs/versions.js';
import { statusFetcherOf } from '../observables/job-client.js';
import { resolveResultRetry } from '../observables/result-read.js';
import { PollScheduler } from '../observables/scheduler/poll-scheduler.js';
import type { PollSchedulerOptions } from '../observables/scheduler/types.js';
import { HttpClient } from '../transport/http-client.js';
import { encodePathSegment } from '../transport/url.js';
import { findBackend$, listBackends$ } from './backend.js';
import type { Backend, BackendFilters } from './backend.js';
import type { RuntimeContext, ServiceRef } from './context.js';
import { createJob$ } from './create-job.js';
import type { RunOptions } from './create-job.js';
import { processEnv } from './env.js';
import type { EnvRecord } from './env.js';
import { environmentOptions } from './from-env.js';
import type { SavedAccountChoice } from './from-env.js';
import { deleteJobError, jobLookupError, runtimeError } from './errors.js';
import { InstanceUsageResponse, instanceUsageOf } from './instance-usage.js';
import type { InstanceUsage } from './instance-usage.js';
import { leastBusy$ } from './least-busy.js';
import { iterateJobs, jobs$, jobsPage$ } from './job-list.js';
import type { JobFilters, JobsPageResult } from './job-list.js';
import { ibmPollCadence } from './ibm-cadence.js';
import { resolveServiceOptions } from './options.js';
import type { RuntimeServiceOptions, ServiceWarning } from './options.js';
import { RuntimeJob } from './runtime-job.js';
import type { ResultDecoder } from '../codecs/results.js';
import type { ResultCallback } from './runtime-job.js';
import { Batch, Session } from './session.js';
import type { SessionOptions } from './session.js';
import { decodeWith } from '../operators/decode-with.js';

/**
 * The options of a service's poll scheduler: `requestBudget`, with `poll` as its intervals and
 * the waits of `retry` as its backoff after failed reads (unless the budget says otherwise).
 */
function schedulerOptions(
  budget: RuntimeServiceOptions['requestBudget'] | false,
  poll: RuntimeServiceOptions['poll'],
  retry: RuntimeServiceOptions['retry'],
): PollSchedulerOptions {
  const intervals = poll ?? {};
  const backoff = {
    ...(retry?.baseDelayMs !== undefined ? { initialMs: retry.baseDelayMs } : {}),
    ...(retry?.maxDelayMs !== undefined ? { maxMs: retry.maxDelayMs } : {}),
  };
  const base: PollSchedulerOptions = { intervals, backoff };
  if (budget === undefined) return base;
  if (typeof budget === 'number') {
    if (!Number.isFinite(budget) || budget <= 0) {
      throw new ConfigError(
        `requestBudget must be requests per second > 0 or PollSchedulerOptions, got ${describeValue(budget)}`,
        'requestBudget',
      );
    }
    return { ...base, requestsPerSecond: budget };
  }
  if (budget === null || typeof budget !== 'object') {
    throw new ConfigError(
      `requestBudget must be a number or PollSchedulerOptions (every service reads its jobs through one poll scheduler), got ${describeValue(budget)}`,
      'requestBudget',
    );
  }
  return {
    ...budget,
    intervals: { ...intervals, ...budget.intervals },
    backoff: { ...backoff, ...budget.backoff },
  };
}

/** What a service says when no `onWarning` is given: the warning's message on the console. */
function warnOnConsole(warning: ServiceWarning): void {
  console.warn(`quantum-jobs-rx: ${warning.message}`);
}

/**
 * The connection to one Qiskit Runtime service (the seeds' `QiskitRuntimeService`).
 *
 * ```ts
 * const service = new RuntimeService({ url: runtime.url, token: runtime.token }); // a local runtime
 * const service = RuntimeService.fromEnv();        // QJOBS_URL/QJOBS_TOKEN or QISKIT_IBM_TOKEN/QISKIT_IBM_INSTANCE
 * const service = new RuntimeService({ apiKey, serviceCrn });                      // IBM Quantum Platform
 * ```
 *
 * With no `url` and no `serviceCrn` the service points at a local runtime on
 * `http://127.0.0.1:8787/api` (the default of `qjobs serve`) and says so in {@link
 * RuntimeService.notice}; it never goes to a remote host unless told to. Without credentials
 * the constructor throws a `ConfigError` explaining how to start `qjobs serve`.
 *
 * Every asynchronous method `name()` has a cold Observable twin `name$()`; `jobs()` is an
 * Observable that pages lazily. Credentials never appear in `toString()`, `toJSON()`, `util.inspect`
 * or error messages. Call {@link RuntimeService.close} when done.
 *
 * @category Services and jobs
 */
export class RuntimeService implements ServiceRef {
  /** API root, e.g. `http://127.0.0.1:8787/api`; requests go to `{url}/v1/...`. */
  readonly url: string;
  /** True when the URL is a loopback host (a local runtime). */
  readonly local: boolean;
  /** What the service said about where it points when that was not configured, else `undefined`. */
  readonly notice: string | undefined;
  /** How requests are authenticated: a bearer token or an IAM API key. */
  readonly auth: 'bearer' | 'iam';
  /** What jobs, backends, sessions and primitives of this service use to reach it. */
  readonly context: RuntimeContext;
  /** True when the URL is an IBM Quantum Platform host: polling only, `Service-CRN` on every request. */
  readonly ibm: boolean;
  /**
   * Warnings about the service itself, each once: the service announced that the
   * `IBM-API-Version` sent is deprecated (see `ApiDeprecationWarning`). Replays what was
   * already said to late subscribers; completes on {@link RuntimeService.close}.
   */
  readonly warnings$: Observable<ServiceWarning>;
  readonly #scheduler: PollScheduler;
  readonly #warnings = new ReplaySubject<ServiceWarning>();

  constructor(options: RuntimeServiceOptions = {}) {
    const resolved = resolveServiceOptions(options);
    // Checked here, so a bad policy is a ConfigError of the service, not of its first job.
    if (options.resultRetry !== undefined) resolveResultRetry(options.resultRetry);
    const onNotice = options.onNotice;
    const notice = (message: string): void => onNotice?.(message);
    const onWarning = options.onWarning ?? warnOnConsole;
    const warnings = this.#warnings;
    const http = new HttpClient({
      onDeprecation: (warning) => {
        warnings.next(warning);
        onWarning(warning);
      },
      baseUrl: resolved.baseUrl,
      credentials: resolved.credentials,
      ...(resolved.serviceCrn !== undefined ? { serviceCrn: resolved.serviceCrn } : {}),
      ...(options.apiVersion !== undefined ? { apiVersion: options.apiVersion } : {}),
      ...(options.retry !== undefined ? { retry: options.retry } : {}),
      ...(options.allowInsecureHttp !== undefined
        ? { allowInsecureHttp: options.allowInsecureHttp }
        : {}),
      ...(options.fetch !== undefined ? { fetch: options.fetch } : {}),
      ...(options.userAgent !== undefined ? { userAgent: options.userAgent } : {}),
    });
    const cadence = schedulerOptions(options.requestBudget, options.poll, options.retry);
    this.#scheduler = new PollScheduler(
      statusFetcherOf(http),
      resolved.ibm ? ibmPollCadence(cadence, notice) : cadence,
    );
    const jobClient = {
      http,
      pollScheduler: this.#scheduler,
      // IBM Quantum Platform serves no websocket: never asked, none opened unless named.
      ...(resolved.ibm ? { webSocketOffers: of(NO_WEBSOCKETS) } : {}),
      ...(options.webSocketFactory !== undefined
        ? { webSocketFactory: options.webSocketFactory }
        : {}),
      ...(options.allowInsecureHttp === true ? { allowInsecureWebSocket: true } : {}),
    };
    this.url = resolved.url;
    this.ibm = resolved.ibm;
    this.warnings$ = warnings.asObservable();
    this.local = resolved.local;
    this.notice = resolved.notice;
    this.auth = resolved.credentials.type;
    this.context = {
      url: resolved.url,
      http,
      jobClient,
      streamOptions: {
        ...(options.websocket !== undefined ? { websocket: options.websocket } : {}),
        ...(options.retry !== undefined ? { retry: options.retry } : {}),
        ...(options.resultRetry !== undefined ? { resultRetry: options.resultRetry } : {}),
      },
      notice,
    };
    if (resolved.notice !== undefined) this.context.notice(resolved.notice);
  }

  /**
   * A service configured as QiskitRuntimeService configures itself when given no account:
   * environment variables (see `ENV_VARIABLES`: `QJOBS_URL` and `QJOBS_TOKEN`, or
   * `QISKIT_IBM_TOKEN`, `QISKIT_IBM_INSTANCE`, `QISKIT_IBM_URL`, `QISKIT_IBM_CHANNEL`, ...),
   * else, in Node, the default account saved by `QiskitRuntimeService.save_account()` in
   * `~/.qiskit/qiskit-ibm.json` (or the one `account.name` names, in `account.filename`), with
   * `overrides` on top. `env` defaults to the process environment where there is one (never
   * touched in a browser); the file is looked for under its `HOME`. Saved-account fields this
   * client cannot apply (`proxies`, `verify: false`) are told through `onNotice`.
   */
  static fromEnv(
    env?: EnvRecord,
    overrides: RuntimeServiceOptions = {},
    account: SavedAccountChoice = {},
  ): RuntimeService {
    const found = environmentOptions(env ?? processEnv(), overrides, account);
    const service = new RuntimeService(found.options);
    if (found.account !== undefined) {
      service.context.notice(
        `Using saved account ${JSON.stringify(found.account.name)} of ${found.account.file}.`,
      );
    }
    for (const message of found.ignored) service.context.notice(`Not applied: ${message}.`);
    return service;
  }

  /** The REST client (authenticated, base URL `{url}/v1`), for requests the facade does not cover. */
  get http(): HttpClient {
    return this.context.http;
  }

  // -------------------------------------------------------------------------------------------
  // Jobs

  /**
   * Run `programId` (`sampler`, `estimator`) with `inputs` (its `params`), resolving to the
   * new job once the service accepted it. `options`: `backend` (required unless in a session
   * that names one), `maxExecutionTime` (seconds, sent as `cost`), `tags`, `sessionId`,
   * `logLevel`, `private`, `image`. `callback(jobId, result)` receives interim results and the
   * final result as they arrive; `resultDecoder` decodes them (default `decodeResult`).
   * Errors: `RuntimeProgramNotFoundError` (unknown program), `IBMRuntimeError("Failed to run
   * program: …")` (any other refusal), `ConfigError` (bad options).
   */
  run<R = PrimitiveResult>(
    programId: string,
    inputs: Readonly<Record<string, unknown>>,
    options: RunOptions = {},
    callback?: ResultCallback<R>,
    resultDecoder?: ResultDecoder<R>,
  ): Promise<RuntimeJob<R>> {
    return firstValueFrom(this.run$(programId, inputs, options, callback, resultDecoder));
  }

  /** Observable form of {@link RuntimeService.run}: creates the job when subscribed and emits it. */
  run$<R = PrimitiveResult>(
    programId: string,
    inputs: Readonly<Record<string, unknown>>,
    options: RunOptions = {},
    callback?: ResultCallback<R>,
    resultDecoder?: ResultDecoder<R>,
  ): Observable<RuntimeJob<R>> {
    return createJob$<R>(this, programId, inputs, options, callback, resultDecoder);
  }

  /** The job with id `jobId`, its details read. `RuntimeJobNotFoundError` when the service does not know it. */
  job<R = PrimitiveResult>(
    jobId: string,
    options: { readonly resultDecoder?: ResultDecoder<R> } = {},
  ): Promise<RuntimeJob<R>> {
    return firstValueFrom(this.job$(jobId, options));
  }

  /** Observable form of {@link RuntimeService.job}. */
  job$<R = PrimitiveResult>(
    jobId: string,
    options: { readonly resultDecoder?: ResultDecoder<R> } = {},
  ): Observable<RuntimeJob<R>> {
    return defer(() =>
      this.context.http.getJson(`/jobs/${encodePathSegment(jobId, 'jobId')}`, JobDetails, {
        exclude_params: true,
      }),
    ).pipe(
      catchError((e: unknown) => throwError(() => jobLookupError(jobId, e))),
      map((details) =>
        RuntimeJob.fromDetails<R>(this, { ...details, id: details.id ?? jobId }, options),
      ),
    );
  }

  /**
   * Every job matching `filters` (newest first unless `descending: false`, at most `limit`),
   * paged lazily: the next page is requested only after every job of the current one was
   * emitted and the subscriber still wants more (`take(n)` stops paging).
   */
  jobs<R = PrimitiveResult>(
    filters: JobFilters = {},
    resultDecoder?: ResultDecoder<R>,
  ): Observable<RuntimeJob<R>> {
    return jobs$<R>(this, filters, resultDecoder);
  }

  /** One page of jobs: `limit` (default 20) jobs after `skip`, with the total `count`. One request. */
  jobsPage<R = PrimitiveResult>(
    filters: JobFilters = {},
    resultDecoder?: ResultDecoder<R>,
  ): Promise<JobsPageResult<R>> {
    return firstValueFrom(this.jobsPage$(filters, resultDecoder));
  }

  /** Observable form of {@link RuntimeService.jobsPage}. */
  jobsPage$<R = PrimitiveResult>(
    filters: JobFilters = {},
    resultDecoder?: ResultDecoder<R>,
  ): Observable<JobsPageResult<R>> {
    return jobsPage$<R>(this, filters, resultDecoder);
  }

  /** Every job matching `filters` as an async iterable, a page requested only when the loop needs it. */
  iterateJobs<R = PrimitiveResult>(
    filters: JobFilters = {},
    resultDecoder?: ResultDecoder<R>,
  ): AsyncGenerator<RuntimeJob<R>, void, undefined> {
    return iterateJobs<R>(this, filters, resultDecoder);
  }

  /**
   * Delete a finished job (`DELETE /jobs/{id}`). `RuntimeJobNotFoundError` for an unknown job,
   * `RuntimeInvalidStateError` for one still queued or running, `IBMRuntimeError` otherwise.
   */
  deleteJob(jobId: string): Promise<void> {
    return firstValueFrom(this.deleteJob$(jobId));
  }

  /** Observable form of {@link RuntimeService.deleteJob}. */
  deleteJob$(jobId: string): Observable<void> {
    return defer(() =>
      this.context.http.request({
        method: 'DELETE',
        path: `/jobs/${encodePathSegment(jobId, 'jobId')}`,
        accept: 'none',
      }),
    ).pipe(
      map((): void => undefined),
      catchError((e: unknown) => throwError(() => deleteJobError(jobId, e))),
    );
  }

  // -------------------------------------------------------------------------------------------
  // Backends

  /** The backend called `name`. `BackendNotFoundError` when the service has none of that name. */
  backend(name: string): Promise<Backend> {
    return firstValueFrom(this.backend$(name));
  }

  /** Observable form of {@link RuntimeService.backend}. */
  backend$(name: string): Observable<Backend> {
    return findBackend$(this, name);
  }

  /** The backends matching `filters` (`name`, `simulator`, `operational`, `minNumQubits`). */
  backends(filters: BackendFilters = {}): Promise<Backend[]> {
    return firstValueFrom(this.backends$(filters));
  }

  /** Observable form of {@link RuntimeService.backends}. */
  backends$(filters: BackendFilters = {}): Observable<Backend[]> {
    return listBackends$(this, filters);
  }

  /**
   * The operational backend matching `filters` with the fewest jobs waiting on it (qiskit's
   * `service.least_busy`); among equals, the first the service lists. `{ simulator: false }`
   * for hardware. `BackendNotFoundError` when no backend matches.
   */
  leastBusy(filters: BackendFilters = {}): Promise<Backend> {
    return firstValueFrom(this.leastBusy$(filters));
  }

  /** Observable form of {@link RuntimeService.leastBusy}. */
  leastBusy$(filters: BackendFilters = {}): Observable<Backend> {
    return leastBusy$(this, filters);
  }

  // -------------------------------------------------------------------------------------------
  // Sessions

  /** Open a session (mode `dedicated`) on `options.backend`. */
  session(options: SessionOptions = {}): Promise<Session> {
    return Session.create(this, options);
  }

  /** Observable form of {@link RuntimeService.session}. */
  session$(options: SessionOptions = {}): Observable<Session> {
    return Session.create$(this, options);
  }

  /** Open a batch (mode `batch`) on `options.backend`. */
  batch(options: SessionOptions = {}): Promise<Batch> {
    return Batch.create(this, options);
  }

  /** Observable form of {@link RuntimeService.batch}. */
  batch$(options: SessionOptions = {}): Observable<Batch> {
    return Batch.create$(this, options);
  }

  // -------------------------------------------------------------------------------------------
  // Service information

  /** The instance's usage (`GET /instances/usage`). `IBMRuntimeError` when the service has no such endpoint. */
  usage(): Promise<InstanceUsage> {
    return firstValueFrom(this.usage$());
  }

  /** Observable form of {@link RuntimeService.usage}. */
  usage$(): Observable<InstanceUsage> {
    return defer(() => this.context.http.getJson('/instances/usage', InstanceUsageResponse)).pipe(
      map(instanceUsageOf),
      catchError((e: unknown) => throwError(() => runtimeError('Failed to get instance usage', e))),
    );
  }

  /** The API versions the service accepts (`GET /versions`). */
  versions(): Promise<readonly ApiVersion[]> {
    return firstValueFrom(this.versions$());
  }

  /** Observable form of {@link RuntimeService.versions}. */
  versions$(): Observable<readonly ApiVersion[]> {
    return defer(() => this.context.http.request({ method: 'GET', path: '/versions' })).pipe(
      map((response) => response.body),
      decodeWith(VersionsResponse, 'versions'),
      map((decoded) => decoded.versions),
      catchError((e: unknown) => throwError(() => runtimeError('Failed to get API versions', e))),
    );
  }

  // -------------------------------------------------------------------------------------------
  // Lifecycle and display

  /**
   * Release what the service holds: its poll scheduler (its timer and watches). Jobs are not
   * read any more (unsubscribe their streams first); jobs created after this are sent without
   * the shared budget. Safe to call twice.
   */
  close(): void {
    this.#scheduler.dispose();
    this.#warnings.complete();
  }

  /** `RuntimeService(<url>, <auth>[, local runtime])`: never a credential. */
  toString(): string {
    return `RuntimeService(${this.url}, ${this.auth}${this.local ? ', local runtime' : ''})`;
  }

  /** Where the service points and how it authenticates; never a credential. */
  toJSON(): { url: string; local: boolean; auth: 'bearer' | 'iam'; apiVersion: string } {
    return {
      url: this.url,
      local: this.local,
      auth: this.auth,
      apiVersion: this.context.http.apiVersion,
    };
  }

  /** What Node's `util.inspect` (and `console.log`) shows. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}
