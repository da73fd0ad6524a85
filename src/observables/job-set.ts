/**
 * `jobSet$`: many jobs watched as one Observable through one shared poll scheduler, with an
 * aggregate for progress bars, failures collected instead of ending the set, a summary at the
 * end, and `retryFailed()` to resubmit only the members that failed.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import {
  EMPTY,
  Observable,
  Subject,
  Subscription,
  asyncScheduler,
  catchError,
  defer,
  filter,
  finalize,
  from,
  ignoreElements,
  map,
  mergeMap,
  of,
  share,
  tap,
} from 'rxjs';
import type { SchedulerLike, Subscriber } from 'rxjs';
import {
  ConfigError,
  IBMRuntimeError,
  QuantumJobsError,
  describeValue,
  messageOf,
} from '../codecs/errors.js';
import type { CreateJobRequest } from '../codecs/job.js';
import type { PrimitiveResult } from '../codecs/result-model.js';
import { defaultResultDecoder } from '../codecs/results.js';
import { JOB_STATUSES, isFinal } from '../codecs/status.js';
import type { JobStatus } from '../codecs/status.js';
import { DEFAULT_RETRY_POLICY } from '../transport/retry.js';
import { readDoneResult$, resolveResultRetry } from './result-read.js';
import type { ResultRetryPolicy } from './result-read.js';
import { readFailureOutcome } from './scheduler/read-failures.js';
import { resultEvent, statusEvent } from '../events/job-event.js';
import type { JobEvent } from '../events/job-event.js';
import { terminalErrorOf } from '../events/terminal-error.js';
import type { TerminalJobError } from '../events/terminal-error.js';
import { pollSchedulerOf, pollSchedulerOfClient, statusFetcherOf, toJobApi } from './job-client.js';
import type { JobApi, JobClient } from './job-client.js';
import { SUBMIT_TOKEN_PREFIX, jobCreationOf, requestFromDetails } from './job-creation.js';
import type { JobCreation } from './job-creation.js';
import { PollScheduler } from './scheduler/poll-scheduler.js';
import type { PollSchedulerOptions, Unwatch, WatchEvent } from './scheduler/types.js';
import type { ResultDecoder } from '../codecs/results.js';
import { StatusMachine } from '../events/status-machine.js';
import { submitAll } from './submit-all.js';
import type { SubmitAllOptions, SubmitOutcome } from './submit-all.js';
import { decodeWith } from '../transport/decode-with.js';

/**
 * A job as {@link jobSet$} accepts it besides a bare id: anything with a `jobId` (a string,
 * or a method as on `RuntimeJob`), optionally what it was created with so that
 * `retryFailed()` can resubmit it without asking the service.
 */
export interface JobLike {
  readonly jobId: string | (() => string);
  /** A status the job is known to be in already; a final one is taken as the job's end. */
  readonly lastStatus?: JobStatus | undefined;
  /** The request that created the job. */
  readonly request?: CreateJobRequest | undefined;
  /** With `backendName` and `inputs`, what a `RuntimeJob` knows of its creation. */
  readonly programId?: string | undefined;
  readonly backendName?: string | undefined;
  readonly inputs?: Readonly<Record<string, unknown>> | undefined;
  readonly tags?: readonly string[] | undefined;
  readonly sessionId?: string | undefined;
}

/**
 * One member of a set: a job id, a job (see {@link JobLike}), or an outcome of `submitAll`
 * (a `failed` or `unknown` outcome joins the set as a member that failed without a job).
 *
 * @category Streams and events
 */
export type JobSetInput = string | JobLike | SubmitOutcome;

/**
 * Why a member failed:
 * - `failed`: the job ended in ERROR (`RuntimeJobFailureError`, `RuntimeJobMaxTimeoutError`);
 * - `cancelled`: the job ended CANCELLED (`RuntimeJobCancelledError`);
 * - `lost`: the job cannot be followed: not found (`RuntimeJobNotFoundError`), its details do
 *   not decode (`DecodeError`), or reading it is refused (`IBMApiError` 401/403...);
 * - `result`: the job is DONE but its result could not be downloaded or decoded;
 * - `submission`: the service refused to create the job (`submitAll`'s `failed`);
 * - `unknown-outcome`: whether the job was created is unknown (`submitAll`'s `unknown`).
 */
export type JobSetFailureKind =
  'failed' | 'cancelled' | 'lost' | 'result' | 'submission' | 'unknown-outcome';

/**
 * A member that failed, with the typed error that says why.
 *
 * @category Streams and events
 */
export interface JobSetFailure {
  /** Position of the member in the set (input order). */
  readonly index: number;
  /** The member's job, `undefined` when no job was created. */
  readonly jobId: string | undefined;
  readonly kind: JobSetFailureKind;
  readonly error: QuantumJobsError;
  /**
   * Whether `retryFailed()` resubmits it: every kind but `result` (the job ran) and
   * `unknown-outcome` (the job may exist; resubmitting could run it twice).
   */
  readonly retryable: boolean;
  /** Jobs the member had before its current one (earlier attempts), oldest first. */
  readonly previousJobIds: readonly string[];
}

/**
 * Counts of the members of a set, for progress bars. `done + failed + cancelled + pending === total`.
 *
 * @category Streams and events
 */
export interface JobSetAggregate {
  /** Members of the set. */
  readonly total: number;
  /** Members by the last status read for their current job (lost members excluded). */
  readonly byStatus: Readonly<Record<JobStatus, number>>;
  /** Members whose status has not been read yet. */
  readonly unread: number;
  /** Members the set stopped following before a final status: not found, unreadable, never created. */
  readonly lost: number;
  /** Members DONE. */
  readonly done: number;
  /** Members in ERROR, plus the lost ones. */
  readonly failed: number;
  /** Members CANCELLED. */
  readonly cancelled: number;
  /** Members still to finish (unread, initialising, validating, queued or running). */
  readonly pending: number;
}

/** An event of one member's job: `event` is what `job$` would emit for it. */
export interface JobSetJobEvent<R = PrimitiveResult> {
  readonly type: 'job';
  readonly index: number;
  readonly jobId: string;
  readonly event: JobEvent<R>;
}

/** The counts changed (emitted at most once per `aggregateIntervalMs`, and before each summary). */
export interface JobSetAggregateEvent extends JobSetAggregate {
  readonly type: 'aggregate';
}

/** A member failed (it also appears in the next summary). */
export interface JobSetFailureEvent {
  readonly type: 'failure';
  readonly failure: JobSetFailure;
}

/** `retryFailed()` replaced a member's failed job with a new one, now watched. */
export interface JobSetResubmittedEvent {
  readonly type: 'resubmitted';
  readonly index: number;
  /** The failed job, or `undefined` when the member had none. */
  readonly previousJobId: string | undefined;
  readonly jobId: string;
}

/**
 * Every member is settled (final, or failed without a job) and nothing is in progress: the
 * counts and every failure, by member order. The set completes right after, unless a
 * `retryFailed()` was started from this event's handler; then it goes on with the new jobs and
 * ends with another summary.
 */
export interface JobSetSummaryEvent extends JobSetAggregate {
  readonly type: 'summary';
  readonly failures: readonly JobSetFailure[];
}

/**
 * What a set emits, discriminated by `type`.
 *
 * @category Streams and events
 */
export type JobSetEvent<R = PrimitiveResult> =
  | JobSetJobEvent<R>
  | JobSetAggregateEvent
  | JobSetFailureEvent
  | JobSetResubmittedEvent
  | JobSetSummaryEvent;

/**
 * Options of {@link jobSet$}.
 *
 * @category Streams and events
 */
export interface JobSetOptions<R = PrimitiveResult> {
  /**
   * Download each DONE member's result and emit it as a `result` job event (not kept by the
   * set). Default false: ask for results with `result$(jobId)` instead.
   */
  readonly fetchResults?: boolean;
  /** Decoder of results. Default `decodeResult`. */
  readonly resultDecoder?: ResultDecoder<R>;
  /** Result downloads at once with `fetchResults`. Default 2. */
  readonly resultConcurrency?: number;
  /**
   * Reading a DONE member's result: a read answered 404 or failing transiently is read again
   * with backoff within `windowMs`, as `job$` does (see `ResultRetryPolicy`).
   */
  readonly resultRetry?: Partial<ResultRetryPolicy>;
  /**
   * At most one `aggregate` event per this many milliseconds. Default 0: changes made together
   * (a list page that updates 100 jobs) give one event.
   */
  readonly aggregateIntervalMs?: number;
  /**
   * Options of a poll scheduler of the set's own, used only when the client has no
   * `pollScheduler` of its own: then each subscription to the set polls through a scheduler of
   * its own (on `scheduler`'s clock), disposed at the end. Without these options (and without
   * `scheduler`) the set reads through the client's default scheduler, shared with its other
   * streams.
   */
  readonly polling?: PollSchedulerOptions;
  /** Defaults of `retryFailed()` (concurrency, pacing...). */
  readonly submit?: SubmitAllOptions;
  /** Clock of events' `time` and timer of aggregate events (virtual time in specs). */
  readonly scheduler?: SchedulerLike;
}

/** Options of {@link JobSet.retryFailed}. */
export interface RetryFailedOptions extends SubmitAllOptions {
  /** Which failures to resubmit. Default every retryable kind. */
  readonly kinds?: readonly JobSetFailureKind[];
}

const RETRYABLE_KINDS: readonly JobSetFailureKind[] = ['failed', 'cancelled', 'lost', 'submission'];

/** Where a member counts in the aggregate. */
type Category = JobStatus | 'UNREAD' | 'LOST';

/** One member of a set. As a watcher of the poll scheduler it is the sink itself (no closure). */
class Member {
  jobId: string | undefined;
  /** The status known before any read (restored), until the first read makes a machine. */
  restored: JobStatus | undefined;
  /** The job's state machine, made at the first read. */
  machine: StatusMachine | undefined;
  failure: JobSetFailure | undefined;
  request: CreateJobRequest | undefined;
  previous: string[] | undefined;
  unwatch: Unwatch | undefined;
  retrying = false;

  constructor(
    readonly core: SetCore<unknown>,
    readonly index: number,
  ) {}

  /** A watch event from the poll scheduler. */
  next(event: WatchEvent): void {
    this.core.onWatch(this, event);
  }

  /** The member's status: the machine's, or the restored one before any read. */
  get status(): JobStatus | undefined {
    return this.machine === undefined ? this.restored : this.machine.status;
  }

  /** Failed before reaching a final status: the set no longer follows it. */
  lost(): boolean {
    return this.failure !== undefined && (this.status === undefined || !isFinal(this.status));
  }

  category(): Category {
    if (this.lost()) return 'LOST';
    return this.status ?? 'UNREAD';
  }

  /** Final, or lost: nothing more will happen to it by itself. */
  settled(): boolean {
    return this.lost() || (this.status !== undefined && isFinal(this.status));
  }
}

function typed(error: unknown): QuantumJobsError {
  if (error instanceof QuantumJobsError) return error;
  return new IBMRuntimeError(messageOf(error), {
    cause: error,
  });
}

function isJobStatus(value: unknown): value is JobStatus {
  return (JOB_STATUSES as readonly unknown[]).includes(value);
}

function isOutcome(value: object): value is SubmitOutcome {
  const v = value as Partial<SubmitOutcome>;
  return (
    (v.type === 'submitted' || v.type === 'failed' || v.type === 'unknown') &&
    typeof v.index === 'number' &&
    typeof v.attempts === 'number'
  );
}

function withoutTokens(request: CreateJobRequest): CreateJobRequest {
  const tags = (request.tags ?? []).filter((tag) => !tag.startsWith(SUBMIT_TOKEN_PREFIX));
  const { tags: _dropped, ...rest } = request;
  return tags.length > 0 ? { ...rest, tags } : rest;
}

/** What a member starts as, read from one input. */
interface Parsed {
  readonly jobId: string | undefined;
  readonly status: JobStatus | undefined;
  readonly request: CreateJobRequest | undefined;
  readonly failure:
    | {
        readonly kind: JobSetFailureKind;
        readonly error: QuantumJobsError;
        readonly retryable: boolean;
      }
    | undefined;
}

function parseInput(input: unknown, where: string): Parsed {
  if (typeof input === 'string') {
    if (input.trim() === '') throw new ConfigError(`${where} must be a non-empty job id`, where);
    return { jobId: input, status: undefined, request: undefined, failure: undefined };
  }
  if (input === null || typeof input !== 'object') {
    throw new ConfigError(
      `${where} must be a job id, a job or a submitAll outcome, got ${describeValue(input)}`,
      where,
    );
  }
  if (isOutcome(input)) {
    if (input.type === 'submitted') {
      return { jobId: input.jobId, status: undefined, request: input.request, failure: undefined };
    }
    return {
      jobId: undefined,
      status: undefined,
      request: input.request,
      failure:
        input.type === 'failed'
          ? { kind: 'submission', error: input.error, retryable: input.request !== undefined }
          : { kind: 'unknown-outcome', error: input.error, retryable: false },
    };
  }
  const job = input as JobLike;
  let jobId: unknown;
  try {
    jobId = typeof job.jobId === 'function' ? job.jobId() : job.jobId;
  } catch (error) {
    throw new ConfigError(`${where}.jobId() failed: ${typed(error).message}`, where);
  }
  if (typeof jobId !== 'string' || jobId.trim() === '') {
    throw new ConfigError(
      `${where}.jobId must be a non-empty string, got ${describeValue(jobId)}`,
      where,
    );
  }
  let request = job.request;
  if (
    request === undefined &&
    typeof job.programId === 'string' &&
    typeof job.backendName === 'string' &&
    job.inputs !== null &&
    typeof job.inputs === 'object'
  ) {
    const tags = (job.tags ?? []).filter((tag) => !tag.startsWith(SUBMIT_TOKEN_PREFIX));
    request = {
      program_id: job.programId,
      backend: job.backendName,
      params: { ...job.inputs },
      ...(tags.length > 0 ? { tags } : {}),
      ...(typeof job.sessionId === 'string' ? { session_id: job.sessionId } : {}),
    };
  }
  const status = isJobStatus(job.lastStatus) ? job.lastStatus : undefined;
  return { jobId, status, request, failure: undefined };
}

function checkOptions<R>(options: JobSetOptions<R>): void {
  if (options === null || typeof options !== 'object') {
    throw new ConfigError(
      `jobSet$ options must be an object, got ${describeValue(options)}`,
      'options',
    );
  }
  if (options.fetchResults !== undefined && typeof options.fetchResults !== 'boolean') {
    throw new ConfigError(
      `fetchResults must be a boolean, got ${describeValue(options.fetchResults)}`,
      'fetchResults',
    );
  }
  if (options.resultDecoder !== undefined && typeof options.resultDecoder !== 'function') {
    throw new ConfigError('resultDecoder must be a function', 'resultDecoder');
  }
  const concurrency = options.resultConcurrency;
  if (concurrency !== undefined && (!Number.isInteger(concurrency) || concurrency < 1)) {
    throw new ConfigError(
      `resultConcurrency must be a whole number >= 1, got ${describeValue(concurrency)}`,
      'resultConcurrency',
    );
  }
  const interval = options.aggregateIntervalMs;
  if (
    interval !== undefined &&
    (typeof interval !== 'number' || !Number.isFinite(interval) || interval < 0)
  ) {
    throw new ConfigError(
      `aggregateIntervalMs must be a finite number >= 0, got ${describeValue(interval)}`,
      'aggregateIntervalMs',
    );
  }
}

/**
 * What one run of a set (from its first subscriber until it ends or the last one leaves) uses:
 * the poll scheduler, the aggregate timer, the result downloads, and `out`, the one subscriber
 * of the run, which `share()` multicasts to the set's subscribers.
 */
class Run<R> {
  /** Everything the run subscribed to, unsubscribed when it stops. */
  readonly teardown = new Subscription();
  readonly downloads = new Subject<Member>();
  flushTimer: Subscription | undefined;
  lastFlushAt = -Infinity;
  /** Result downloads asked for and not finished. */
  downloadsInFlight = 0;
  stopped = false;

  constructor(
    readonly polls: PollScheduler,
    readonly ownsPolls: boolean,
    readonly out: Subscriber<JobSetEvent<R>>,
  ) {}

  emit(event: JobSetEvent<R>): void {
    if (!this.stopped) this.out.next(event);
  }
}

/** The state of a set, kept between subscriptions. */
class SetCore<R> {
  readonly members: Member[] = [];
  readonly byJob = new Map<string, Member>();
  readonly counts = new Map<Category, number>();
  run: Run<R> | undefined;
  input$: Observable<unknown> | undefined;
  inputDone: boolean;
  retries = 0;
  dirty = false;
  readonly api: JobApi;
  private readonly fetchResults: boolean;
  private readonly decode: ResultDecoder<R>;
  private readonly clock: SchedulerLike;
  private readonly aggregateIntervalMs: number;
  private readonly resultConcurrency: number;
  private readonly resultRetry: ResultRetryPolicy;
  readonly resultShares = new Map<string, Observable<R>>();

  constructor(
    readonly client: JobClient,
    readonly options: JobSetOptions<R>,
    inputs: Iterable<JobSetInput> | Observable<JobSetInput>,
  ) {
    this.api = toJobApi(client);
    this.fetchResults = options.fetchResults ?? false;
    this.decode = options.resultDecoder ?? defaultResultDecoder<R>();
    this.clock = options.scheduler ?? asyncScheduler;
    this.aggregateIntervalMs = options.aggregateIntervalMs ?? 0;
    this.resultConcurrency = options.resultConcurrency ?? 2;
    this.resultRetry = resolveResultRetry(options.resultRetry);
    if (typeof (inputs as Observable<unknown>).subscribe === 'function') {
      this.input$ = inputs as Observable<unknown>;
      this.inputDone = false;
    } else {
      let i = 0;
      for (const input of inputs as Iterable<unknown>) this.add(parseInput(input, `jobs[${i++}]`));
      this.inputDone = true;
    }
  }

  // ---------------------------------------------------------------- members and counts

  add(parsed: Parsed): Member | undefined {
    if (parsed.jobId !== undefined && this.byJob.has(parsed.jobId)) return undefined;
    const member = new Member(this as SetCore<unknown>, this.members.length);
    member.jobId = parsed.jobId;
    member.request = parsed.request;
    this.members.push(member);
    if (parsed.jobId !== undefined) this.byJob.set(parsed.jobId, member);
    if (parsed.failure !== undefined) {
      member.failure = {
        index: member.index,
        jobId: undefined,
        previousJobIds: [],
        ...parsed.failure,
      };
    } else if (parsed.status !== undefined) {
      member.restored = parsed.status;
      const error = this.terminalError(member, parsed.status);
      if (error !== undefined)
        this.fail(
          member,
          parsed.status === 'CANCELLED' ? 'cancelled' : 'failed',
          error,
          true,
          false,
        );
    }
    this.bump(member.category(), 1);
    return member;
  }

  private terminalError(member: Member, status: JobStatus): TerminalJobError | undefined {
    if (status !== 'ERROR' && status !== 'CANCELLED') return undefined;
    return terminalErrorOf(
      statusEvent({
        jobId: member.jobId!,
        time: new Date(this.clock.now()),
        status,
        previous: undefined,
        maxExecutionTimeExceeded: false,
        source: 'restored',
      }),
    );
  }

  private bump(category: Category, by: number): void {
    this.counts.set(category, (this.counts.get(category) ?? 0) + by);
  }

  /** Change a member, keeping the counts right. */
  private update(member: Member, change: () => void): void {
    this.bump(member.category(), -1);
    change();
    this.bump(member.category(), 1);
    this.markDirty();
  }

  private fail(
    member: Member,
    kind: JobSetFailureKind,
    error: QuantumJobsError,
    retryable: boolean,
    announce = true,
  ): void {
    const failure: JobSetFailure = {
      index: member.index,
      jobId: member.jobId,
      kind,
      error,
      retryable,
      previousJobIds: member.previous ? [...member.previous] : [],
    };
    member.failure = failure;
    if (announce) this.run?.emit({ type: 'failure', failure });
  }

  aggregate(): JobSetAggregate {
    const byStatus = Object.fromEntries(
      JOB_STATUSES.map((s) => [s, this.counts.get(s) ?? 0]),
    ) as Record<JobStatus, number>;
    const lost = this.counts.get('LOST') ?? 0;
    const total = this.members.length;
    const done = byStatus.DONE;
    const failed = byStatus.ERROR + lost;
    const cancelled = byStatus.CANCELLED;
    return {
      total,
      byStatus,
      unread: this.counts.get('UNREAD') ?? 0,
      lost,
      done,
      failed,
      cancelled,
      pending: total - done - failed - cancelled,
    };
  }

  failures(): JobSetFailure[] {
    return this.members.flatMap((m) => (m.failure !== undefined ? [m.failure] : []));
  }

  // ---------------------------------------------------------------- runs

  /**
   * Run the set for `out` (the one subscriber `share()` gives it): watch every member that
   * needs it and read the input; the returned teardown stops the run.
   */
  runFor(out: Subscriber<JobSetEvent<R>>): () => void {
    // A client without a scheduler of its own lends its default one, unless the set asks for
    // other scheduler options or another clock.
    const own =
      this.client.pollScheduler === undefined &&
      (this.options.polling !== undefined || this.options.scheduler !== undefined);
    const polls = own
      ? new PollScheduler(statusFetcherOf(this.client.http), {
          ...(this.options.scheduler !== undefined ? { scheduler: this.options.scheduler } : {}),
          ...this.options.polling,
        })
      : pollSchedulerOf(this.api, this.options.scheduler);
    const run = new Run<R>(polls, own, out);
    this.run = run;
    this.dirty = false;
    this.begin(run);
    return () => this.stop(run);
  }

  /** The first subscriber is in: watch every member that needs it and read the input. */
  private begin(run: Run<R>): void {
    run.teardown.add(
      run.downloads
        .pipe(mergeMap((member) => this.download(member, run), this.resultConcurrency))
        .subscribe(),
    );
    for (const member of this.members) this.watch(member);
    const input$ = this.input$;
    if (input$ !== undefined) {
      // An Observable input is read once, by the first run; leaving early stops it.
      this.input$ = undefined;
      let i = 0;
      run.teardown.add(
        input$.subscribe({
          next: (input) => {
            if (run.stopped) return;
            let parsed: Parsed;
            try {
              parsed = parseInput(input, `jobs[${i++}]`);
            } catch (error) {
              this.failRun(run, error);
              return;
            }
            const member = this.add(parsed);
            if (member === undefined) return;
            this.markDirty();
            if (member.failure !== undefined)
              this.run?.emit({ type: 'failure', failure: member.failure });
            this.watch(member);
          },
          error: (error: unknown) => this.failRun(run, error),
          complete: () => {
            if (run.stopped) return;
            this.inputDone = true;
            this.checkSettled();
          },
        }),
      );
    }
    this.checkSettled();
  }

  private failRun(run: Run<R>, error: unknown): void {
    if (run.stopped) return;
    this.stop(run);
    run.out.error(typed(error));
  }

  private stop(run: Run<R>): void {
    if (run.stopped) return;
    run.stopped = true;
    if (this.run === run) this.run = undefined;
    run.flushTimer?.unsubscribe();
    for (const member of this.members) {
      member.unwatch?.();
      member.unwatch = undefined;
    }
    run.teardown.unsubscribe();
    run.downloads.complete();
    if (run.ownsPolls) run.polls.dispose();
    if (!this.inputDone && this.input$ === undefined) {
      // The input was cut off before it completed: nothing more will come from it.
      this.inputDone = true;
    }
  }

  watch(member: Member): void {
    const run = this.run;
    if (run === undefined || run.stopped || member.jobId === undefined || member.unwatch) return;
    if (member.settled()) return;
    member.unwatch = run.polls.watch(member.jobId, member);
  }

  private unwatch(member: Member): void {
    const unwatch = member.unwatch;
    member.unwatch = undefined;
    unwatch?.();
  }

  // ---------------------------------------------------------------- reads

  onWatch(member: Member, event: WatchEvent): void {
    const run = this.run;
    if (run === undefined || member.unwatch === undefined || member.jobId === undefined) return;
    const jobId = member.jobId;
    if (event.kind === 'details') {
      const machine = (member.machine ??= new StatusMachine(jobId, { initial: member.restored }));
      const before = member.category();
      const step = machine.step({
        mapped: event.mapped,
        source: 'poll',
        time: new Date(this.clock.now()),
      });
      if (member.category() !== before) {
        this.bump(before, -1);
        this.bump(member.category(), 1);
        this.markDirty();
      }
      for (const e of step.events) run.emit({ type: 'job', index: member.index, jobId, event: e });
      const status = member.status;
      if (status !== undefined && isFinal(status)) {
        this.unwatch(member);
        const last = step.events.find((e) => e.type === 'status');
        if (status === 'DONE') {
          if (this.fetchResults) {
            run.downloadsInFlight++;
            run.downloads.next(member);
          }
        } else if (last !== undefined && last.type === 'status') {
          const error = terminalErrorOf(last, jobId);
          if (error !== undefined) {
            this.fail(member, status === 'CANCELLED' ? 'cancelled' : 'failed', error, true);
          }
        }
        this.checkSettled();
      }
      return;
    }
    if (event.kind === 'error') {
      // Unreadable bodies get the stream's bounded retry; network and 5xx failures are waited
      // out for as long as they last (the scheduler tries again).
      const outcome = readFailureOutcome(
        jobId,
        event.error,
        event.failures,
        DEFAULT_RETRY_POLICY.maxAttempts,
        Infinity,
      );
      if (outcome === undefined) return;
      const lost = typed(outcome);
      this.unwatch(member);
      this.update(member, () => this.fail(member, 'lost', lost, true));
      this.checkSettled();
    }
  }

  private download(member: Member, run: Run<R>): Observable<never> {
    const jobId = member.jobId!;
    return this.resultOf(jobId).pipe(
      tap((result) => {
        this.run?.emit({
          type: 'job',
          index: member.index,
          jobId,
          event: resultEvent<R>({ jobId, time: new Date(this.clock.now()), result }),
        });
      }),
      ignoreElements(),
      catchError((error: unknown) => {
        if (member.jobId === jobId) {
          this.update(member, () => this.fail(member, 'result', typed(error), false));
        }
        return EMPTY;
      }),
      finalize(() => {
        run.downloadsInFlight--;
        this.checkSettled();
      }),
    );
  }

  resultOf(jobId: string): Observable<R> {
    return readDoneResult$(this.api.results(jobId), this.resultRetry, this.clock).pipe(
      decodeWith(this.decode),
    );
  }

  // ---------------------------------------------------------------- aggregate and the end

  markDirty(): void {
    const run = this.run;
    this.dirty = true;
    if (run === undefined || run.flushTimer !== undefined) return;
    const now = this.clock.now();
    const delay = Math.max(0, run.lastFlushAt + this.aggregateIntervalMs - now);
    run.flushTimer = this.clock.schedule(() => {
      run.flushTimer = undefined;
      this.flush(run);
    }, delay);
  }

  private flush(run: Run<R>): void {
    if (run.stopped || !this.dirty) return;
    this.dirty = false;
    run.lastFlushAt = this.clock.now();
    run.emit({ type: 'aggregate', ...this.aggregate() });
  }

  settled(): boolean {
    return (
      this.inputDone &&
      this.retries === 0 &&
      (this.run?.downloadsInFlight ?? 0) === 0 &&
      this.members.every((m) => m.settled())
    );
  }

  checkSettled(): void {
    const run = this.run;
    if (run === undefined || run.stopped || !this.settled()) return;
    run.flushTimer?.unsubscribe();
    run.flushTimer = undefined;
    const aggregate = this.aggregate();
    if (this.dirty) run.emit({ type: 'aggregate', ...aggregate });
    this.dirty = false;
    run.emit({ type: 'summary', ...aggregate, failures: this.failures() });
    // A retry started from the summary's handler keeps the set going.
    if (run.stopped || !this.settled()) return;
    this.stop(run);
    run.out.complete();
  }

  // ---------------------------------------------------------------- retries

  retryFailed(options: RetryFailedOptions): Observable<SubmitOutcome> {
    const { kinds = RETRYABLE_KINDS, ...submitOptions } = options;
    if (!Array.isArray(kinds)) {
      throw new ConfigError(`kinds must be an array, got ${describeValue(kinds)}`, 'kinds');
    }
    const creation = jobCreationOf(
      this.client.http,
      this.run?.polls ?? pollSchedulerOfClient(this.client),
    );
    const merged: SubmitAllOptions = { ...this.options.submit, ...submitOptions };
    return new Observable<SubmitOutcome>((subscriber) => {
      const targets = this.members.filter(
        (m) =>
          m.failure !== undefined &&
          m.failure.retryable &&
          !m.retrying &&
          kinds.includes(m.failure.kind),
      );
      for (const m of targets) m.retrying = true;
      this.retries++;
      const sent: Member[] = [];
      const requests$ = from(targets).pipe(
        mergeMap(
          (member) =>
            this.requestOf(member, creation).pipe(map((request) => ({ member, request }))),
          4,
        ),
        map(({ member, request }) => {
          if (E.isLeft(request)) {
            subscriber.next({
              type: 'failed',
              index: member.index,
              submission: member.request,
              attempts: 0,
              request: undefined,
              token: undefined,
              error: request.left,
            });
            return undefined;
          }
          sent.push(member);
          return request.right;
        }),
        filter((request): request is CreateJobRequest => request !== undefined),
      );
      let done = false;
      const finish = (): void => {
        if (done) return;
        done = true;
        for (const m of targets) m.retrying = false;
        this.retries--;
        this.checkSettled();
      };
      const subscription = submitAll(creation, requests$, merged).subscribe({
        next: (outcome) => {
          const member = sent[outcome.index];
          if (member !== undefined) this.applyRetry(member, outcome);
          subscriber.next({ ...outcome, index: member?.index ?? outcome.index });
        },
        error: (error: unknown) => {
          finish();
          subscriber.error(error);
        },
        complete: () => {
          finish();
          subscriber.complete();
        },
      });
      return () => {
        subscription.unsubscribe();
        finish();
      };
    });
  }

  private requestOf(
    member: Member,
    creation: JobCreation,
  ): Observable<E.Either<QuantumJobsError, CreateJobRequest>> {
    if (member.request !== undefined) return of(E.right(withoutTokens(member.request)));
    const jobId = member.jobId;
    if (jobId === undefined) {
      return of(
        E.left(new IBMRuntimeError(`member ${member.index} has neither a job nor a request`)),
      );
    }
    return creation.withParams(jobId).pipe(
      map(
        (details) =>
          requestFromDetails(jobId, details) as E.Either<QuantumJobsError, CreateJobRequest>,
      ),
      catchError((error: unknown) => of(E.left(typed(error)))),
    );
  }

  private applyRetry(member: Member, outcome: SubmitOutcome): void {
    if (outcome.type === 'submitted') {
      const previousJobId = member.jobId;
      this.update(member, () => {
        if (previousJobId !== undefined) {
          this.byJob.delete(previousJobId);
          (member.previous ??= []).push(previousJobId);
        }
        member.jobId = outcome.jobId;
        member.restored = undefined;
        member.machine = undefined;
        member.failure = undefined;
        member.request = outcome.request;
        this.byJob.set(outcome.jobId, member);
      });
      this.run?.emit({
        type: 'resubmitted',
        index: member.index,
        previousJobId,
        jobId: outcome.jobId,
      });
      this.watch(member);
      return;
    }
    this.update(member, () =>
      this.fail(
        member,
        outcome.type === 'failed' ? 'submission' : 'unknown-outcome',
        outcome.error,
        outcome.type === 'failed',
      ),
    );
  }
}

/**
 * A set of jobs watched together: an Observable of {@link JobSetEvent}s with the set's state
 * and operations. Subscriptions share one run (one watch per job); see {@link jobSet$}.
 *
 * @category Streams and events
 */
export class JobSet<R = PrimitiveResult> extends Observable<JobSetEvent<R>> {
  readonly #core: SetCore<R>;

  /** Same as {@link jobSet$}`(client, jobs, options)`. */
  constructor(
    client: JobClient,
    jobs: Iterable<JobSetInput> | Observable<JobSetInput>,
    options: JobSetOptions<R> = {},
  ) {
    if (client === null || typeof client !== 'object' || client.http === undefined) {
      throw new ConfigError('client must be a JobClient with an http client', 'client');
    }
    checkOptions(options);
    if (
      jobs === null ||
      typeof jobs !== 'object' ||
      (typeof (jobs as Iterable<unknown>)[Symbol.iterator] !== 'function' &&
        typeof (jobs as Observable<unknown>).subscribe !== 'function')
    ) {
      throw new ConfigError(
        `jobs must be an iterable or an Observable of jobs, got ${describeValue(jobs)}`,
        'jobs',
      );
    }
    const core = new SetCore<R>(client, options, jobs);
    // One run at a time, multicast to every subscriber; a subscriber first gets the counts now.
    const run$ = new Observable<JobSetEvent<R>>((out) => core.runFor(out)).pipe(share());
    super((subscriber) => {
      subscriber.next({ type: 'aggregate', ...core.aggregate() });
      return run$.subscribe(subscriber);
    });
    this.#core = core;
  }

  /** The members' job events (statuses, unknown statuses, results with `fetchResults`). */
  get events$(): Observable<JobSetJobEvent<R>> {
    return this.pipe(filter((e): e is JobSetJobEvent<R> => e.type === 'job'));
  }

  /** The counts, each time they change (the first at once on subscribe). */
  get aggregate$(): Observable<JobSetAggregateEvent> {
    return this.pipe(filter((e): e is JobSetAggregateEvent => e.type === 'aggregate'));
  }

  /** Each failure as it happens. */
  get failures$(): Observable<JobSetFailureEvent> {
    return this.pipe(filter((e): e is JobSetFailureEvent => e.type === 'failure'));
  }

  /** The summaries (the last one just before the set completes). */
  get summary$(): Observable<JobSetSummaryEvent> {
    return this.pipe(filter((e): e is JobSetSummaryEvent => e.type === 'summary'));
  }

  /** The counts now. */
  get aggregate(): JobSetAggregate {
    return this.#core.aggregate();
  }

  /** The failures now, by member order. */
  get failures(): readonly JobSetFailure[] {
    return this.#core.failures();
  }

  /** The members' current job ids, by member order (`undefined` for a member without a job). */
  get jobIds(): readonly (string | undefined)[] {
    return this.#core.members.map((m) => m.jobId);
  }

  /**
   * Resubmit the members that failed, and only those: each with the request that created it
   * (what `submitAll` sent, or what a `RuntimeJob` knows; otherwise read back with
   * `GET /jobs/{id}?exclude_params=false`), through `submitAll` with the set's `submit` options
   * overridden by `options`. A new job replaces the failed one in its member (a `resubmitted`
   * event; the failure is cleared) and is watched at once while the set is subscribed, else at
   * its next subscription. A refused or unknown resubmission replaces the member's failure.
   * Members whose failure is `result` or `unknown-outcome` are never resubmitted; `kinds`
   * narrows the rest. Emits each submission's outcome (with the member's `index`), completes
   * when all are settled. While it runs the set does not end.
   *
   * Throws {@link ConfigError} for bad options.
   */
  retryFailed(options: RetryFailedOptions = {}): Observable<SubmitOutcome> {
    if (options === null || typeof options !== 'object') {
      throw new ConfigError(`retryFailed options must be an object, got ${describeValue(options)}`);
    }
    return this.#core.retryFailed(options);
  }

  /**
   * The result of member job `jobId` (a current or earlier job of the set), downloaded when
   * subscribed and decoded with the set's `resultDecoder`. Subscribers at the same time share
   * one download; nothing is kept once the last one leaves.
   *
   * Throws {@link ConfigError} when `jobId` is not a job of the set.
   */
  result$(jobId: string): Observable<R> {
    const core = this.#core;
    const known =
      core.byJob.has(jobId) || core.members.some((m) => m.previous?.includes(jobId) === true);
    if (!known) {
      throw new ConfigError(`${describeValue(jobId)} is not a job of this set`, 'jobId');
    }
    return defer(() => {
      let shared = core.resultShares.get(jobId);
      if (shared === undefined) {
        const created = core.resultOf(jobId).pipe(
          finalize(() => {
            if (core.resultShares.get(jobId) === created) core.resultShares.delete(jobId);
          }),
          share({ resetOnError: true, resetOnComplete: true, resetOnRefCountZero: true }),
        );
        shared = created;
        core.resultShares.set(jobId, created);
      }
      return shared;
    });
  }
}

/**
 * Watch many jobs as one set: per-job events tagged with the member's `index` and `jobId`,
 * `aggregate` counts for progress bars, each `failure` as it happens, and a `summary` with
 * every failure's typed error once all members are settled; then the set completes.
 *
 * `jobs` are job ids, jobs (anything with `jobId`, such as a `RuntimeJob`), or `submitAll`
 * outcomes; an Observable of them (e.g. `submitAll(...)` itself) adds members as they come and
 * is read once, by the first subscription. A job already in the set is not added twice.
 *
 * **One budget.** Statuses are read only through the client's `PollScheduler` (its own
 * `client.pollScheduler`, or the default one made for the client), shared with every other
 * stream of the client, so a job also watched by `job$` is read once for both (unless
 * `options.polling` asks for a scheduler of the set's own). `retryFailed()` creates jobs
 * within the same budget. No websocket is opened per member. A member between two reads is a
 * record in the scheduler and in the set: no timer, no subscription, no closure of its own.
 *
 * **Failures do not end the set.** A member whose job ends in ERROR or CANCELLED, is not found,
 * or cannot be read becomes a {@link JobSetFailure} (`failure` event, then in the summary) and
 * the others go on. `retryFailed()` resubmits only those members.
 *
 * **Results** are not downloaded by default (`fetchResults: false`): ask for one with
 * `result$(jobId)`. With `fetchResults: true` each DONE member's result is downloaded
 * (`resultConcurrency` at once) and emitted as a `result` job event; the set keeps none.
 *
 * **Sharing.** Subscribers at the same time share one run; a late subscriber first gets the
 * current `aggregate`, then the live events. A subscription after the set completed starts a
 * new run that only watches members not yet settled (the set remembers every member's last
 * status), so after `retryFailed()` the new jobs are watched there.
 *
 * Throws {@link ConfigError} at once for an unusable client, a bad member or bad options.
 *
 * ```ts
 * const set = jobSet$(client, outcomes, { fetchResults: false });
 * set.aggregate$.subscribe(({ done, total }) => bar.update(done / total));
 * set.summary$.subscribe(({ failures }) => failures.forEach((f) => console.log(f.error.message)));
 * ```
 *
 * @category Streams and events
 */
export function jobSet$<R = PrimitiveResult>(
  client: JobClient,
  jobs: Iterable<JobSetInput> | Observable<JobSetInput>,
  options: JobSetOptions<R> = {},
): JobSet<R> {
  return new JobSet<R>(client, jobs, options);
}
