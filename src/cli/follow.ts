/**
 * Following one or more jobs to their end for `qjobs run`, `watch` and `result`: their event
 * streams under one optional deadline, with Ctrl-C handled (ask, cancel or stop watching), and
 * the outcome of each job as a value. A cancel the service accepted is not an outcome: the jobs
 * are followed on to the final status the service reports (CANCELLED, or the DONE or ERROR a
 * job reached first), for {@link CANCEL_WAIT_MS} at most.
 *
 * @module
 */
import type { Subscription } from 'rxjs';
import { RuntimeInvalidStateError, RuntimeJobTimeoutError } from '../codecs/errors.js';
import type { PrimitiveResult } from '../codecs/result-model.js';
import type { JobStatus } from '../codecs/status.js';
import type { JobEvent } from '../events/job-event.js';
import { deadline } from '../operators/deadline.js';
import type { RuntimeJob } from '../service/runtime-job.js';
import type { CliIo } from './command.js';
import { EXIT, exitCodeOf } from './exit-codes.js';
import type { ExitCode } from './exit-codes.js';
import { isYes, listenForInterrupts } from './interrupt.js';
import type { Interrupts, Question } from './interrupt.js';

/** How following one job ended. */
export interface JobOutcome {
  readonly job: RuntimeJob;
  /** The last status seen. */
  readonly status: JobStatus | undefined;
  /** The result of a DONE job. */
  readonly result?: PrimitiveResult;
  /** Why the job did not end DONE (its typed error), when it did not. */
  readonly error?: unknown;
  /** The exit code this outcome stands for. */
  readonly exitCode: ExitCode;
}

/**
 * How long jobs whose cancel the service accepted after Ctrl-C are followed to their final
 * status: a cancelled job normally reports CANCELLED within seconds.
 */
export const CANCEL_WAIT_MS = 30_000;

/** What happened when the user pressed Ctrl-C, if they did. */
export type InterruptAction = 'detached' | 'cancelled';

/** Everything {@link follow} found out. */
export interface FollowReport {
  /**
   * One per job, in the order given; jobs left unfinished by an interrupt are missing. After a
   * cancel, the outcome is what the service reported (a job may have ended DONE first).
   */
  readonly outcomes: readonly JobOutcome[];
  readonly interrupted: InterruptAction | undefined;
  /**
   * Jobs whose cancel request failed after Ctrl-C, with the error (no longer followed); a
   * cancel refused because the job is already final is not one: that job's outcome tells.
   */
  readonly cancelFailures: readonly { readonly job: RuntimeJob; readonly error: unknown }[];
  /**
   * Jobs whose cancel the service accepted after Ctrl-C but whose final status was not seen:
   * {@link CANCEL_WAIT_MS} passed, or a second Ctrl-C stopped the wait.
   */
  readonly cancelPending: readonly RuntimeJob[];
  /** Jobs a cancel request was sent for after Ctrl-C. */
  readonly cancelRequested: readonly RuntimeJob[];
}

/** Options of {@link follow}. */
export interface FollowOptions {
  /** Seconds each job may take before it counts as timed out (exit code 4). */
  readonly timeoutSeconds?: number;
  /** On Ctrl-C cancel the remote jobs without asking. */
  readonly cancelOnInterrupt: boolean;
  /** Every event of every job, as it arrives. */
  onEvent(job: RuntimeJob, event: JobEvent): void;
  /** Called before the Ctrl-C question or the cancel notice is written (clear a live display). */
  beforeQuestion?(): void;
}

/** The worst exit code of several outcomes: failure, then timeout, then cancelled, then done. */
export function combinedExitCode(outcomes: readonly { readonly exitCode: ExitCode }[]): ExitCode {
  const codes = outcomes.map((o) => o.exitCode);
  for (const code of [EXIT.failed, EXIT.usage, EXIT.timeout, EXIT.cancelled] as const) {
    if (codes.includes(code)) return code;
  }
  return EXIT.ok;
}

/**
 * Follow `jobs` until each reaches a final status (and a DONE job's result arrived), the
 * deadline passes, or the user interrupts. On Ctrl-C (SIGINT, or `io.signal` aborting):
 * with `cancelOnInterrupt` the unfinished jobs are cancelled; otherwise, when stdin is a
 * terminal, the user is asked whether to cancel them too (a second Ctrl-C while asking means
 * no); without a terminal watching stops and the jobs go on. Jobs whose cancel was accepted
 * are followed on to their final status, for {@link CANCEL_WAIT_MS} at most (a further Ctrl-C
 * stops waiting). Never rejects.
 */
export function follow(
  io: CliIo,
  jobs: readonly RuntimeJob[],
  options: FollowOptions,
): Promise<FollowReport> {
  return new Promise((resolve) => {
    const outcomes = new Map<RuntimeJob, JobOutcome>();
    const subscriptions = new Map<RuntimeJob, Subscription>();
    const cancelFailures: { job: RuntimeJob; error: unknown }[] = [];
    /** Jobs no longer followed because their cancel request failed. */
    const dropped = new Set<RuntimeJob>();
    const requested: RuntimeJob[] = [];
    let finished = false;
    /** Set once the user chose to cancel: the outcomes that follow end the wait as cancelled. */
    let cancelling = false;
    let waitTimer: ReturnType<typeof setTimeout> | undefined;
    let question: Question | undefined;
    /** Ctrl-C listeners, installed once following starts. */
    const listening: { interrupts?: Interrupts } = {};

    const finish = (interrupted: InterruptAction | undefined): void => {
      if (finished) return;
      finished = true;
      question?.abort();
      clearTimeout(waitTimer);
      listening.interrupts?.stop();
      for (const s of subscriptions.values()) s.unsubscribe();
      resolve({
        outcomes: jobs.flatMap((j) => {
          const o = outcomes.get(j);
          return o === undefined ? [] : [o];
        }),
        interrupted,
        cancelFailures,
        cancelRequested: requested,
        cancelPending: cancelling ? jobs.filter((j) => !outcomes.has(j) && !dropped.has(j)) : [],
      });
    };

    const finishWhenAllEnded = (): void => {
      if (jobs.every((j) => outcomes.has(j) || dropped.has(j))) {
        finish(cancelling ? 'cancelled' : undefined);
      }
    };

    const settle = (job: RuntimeJob, outcome: Omit<JobOutcome, 'job' | 'status'>): void => {
      if (outcomes.has(job) || dropped.has(job)) return;
      outcomes.set(job, { job, status: job.lastStatus, ...outcome });
      finishWhenAllEnded();
    };

    const cancelUnfinished = async (): Promise<void> => {
      cancelling = true;
      const open = jobs.filter((j) => !outcomes.has(j));
      requested.push(...open);
      const accepted: RuntimeJob[] = [];
      await Promise.all(
        open.map(async (job) => {
          try {
            await job.cancel();
            accepted.push(job);
          } catch (error) {
            // Refused because the job is already final: its stream is about to say how it ended.
            if (error instanceof RuntimeInvalidStateError) return;
            cancelFailures.push({ job, error });
            dropped.add(job);
            subscriptions.get(job)?.unsubscribe();
          }
        }),
      );
      if (finished) return;
      const waiting = accepted.filter((j) => !outcomes.has(j));
      if (waiting.length > 0) {
        options.beforeQuestion?.();
        const ids = waiting.map((j) => j.jobId()).join(', ');
        io.stderr.write(
          `cancel of job${waiting.length === 1 ? '' : 's'} ${ids} accepted; waiting for the final status (Ctrl-C stops waiting)\n`,
        );
        waitTimer = setTimeout(() => finish('cancelled'), CANCEL_WAIT_MS);
      }
      finishWhenAllEnded();
    };

    const onCtrlC = (): void => {
      if (finished) return;
      if (cancelling) {
        // Ctrl-C while the cancel is sent or its outcome awaited: stop waiting.
        finish('cancelled');
        return;
      }
      if (question !== undefined) {
        // A second Ctrl-C while asking: stop watching, leave the jobs alone.
        finish('detached');
        return;
      }
      if (options.cancelOnInterrupt) {
        void cancelUnfinished();
        return;
      }
      const interrupts = listening.interrupts;
      if (interrupts === undefined || !interrupts.canAsk) {
        finish('detached');
        return;
      }
      options.beforeQuestion?.();
      const open = jobs.filter((j) => !outcomes.has(j)).length;
      question = interrupts.ask(`\ncancel the remote job${open === 1 ? '' : 's'} too? [y/N] `);
      void question.answer.then((answer) => {
        if (finished) return;
        question = undefined;
        if (isYes(answer)) void cancelUnfinished();
        else finish('detached');
      });
    };

    if (jobs.length === 0) {
      finish(undefined);
      return;
    }
    listening.interrupts = listenForInterrupts(io, onCtrlC);
    const ms = options.timeoutSeconds === undefined ? undefined : options.timeoutSeconds * 1000;
    for (const job of jobs) {
      let result: PrimitiveResult | undefined;
      const events$ =
        ms === undefined ? job.events$ : job.events$.pipe(deadline(ms, { jobId: job.jobId() }));
      subscriptions.set(
        job,
        events$.subscribe({
          next: (event) => {
            if (event.type === 'result') result = event.result;
            options.onEvent(job, event);
          },
          error: (error: unknown) =>
            settle(job, {
              error,
              exitCode: error instanceof RuntimeJobTimeoutError ? EXIT.timeout : exitCodeOf(error),
            }),
          complete: () =>
            settle(job, {
              ...(result !== undefined ? { result } : {}),
              exitCode: EXIT.ok,
            }),
        }),
      );
      if (finished) break;
    }
  });
}
