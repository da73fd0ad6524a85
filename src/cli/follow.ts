/**
 * Following one or more jobs to their end for `qjobs run`, `watch` and `result`: their event
 * streams under one optional deadline, with Ctrl-C handled (ask, cancel or stop watching), and
 * the outcome of each job as a value.
 *
 * @module
 */
import type { Subscription } from 'rxjs';
import { RuntimeJobCancelledError, RuntimeJobTimeoutError } from '../codecs/errors.js';
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

/** What happened when the user pressed Ctrl-C, if they did. */
export type InterruptAction = 'detached' | 'cancelled';

/** Everything {@link follow} found out. */
export interface FollowReport {
  /** One per job, in the order given; jobs left unfinished by an interrupt are missing. */
  readonly outcomes: readonly JobOutcome[];
  readonly interrupted: InterruptAction | undefined;
  /** Jobs whose cancel request failed after Ctrl-C, with the error. */
  readonly cancelFailures: readonly { readonly job: RuntimeJob; readonly error: unknown }[];
}

/** Options of {@link follow}. */
export interface FollowOptions {
  /** Seconds each job may take before it counts as timed out (exit code 4). */
  readonly timeoutSeconds?: number;
  /** On Ctrl-C cancel the remote jobs without asking. */
  readonly cancelOnInterrupt: boolean;
  /** Every event of every job, as it arrives. */
  onEvent(job: RuntimeJob, event: JobEvent): void;
  /** Called before the Ctrl-C question is written (clear a live display). */
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
 * no); without a terminal watching stops and the jobs go on. Never rejects.
 */
export function follow(
  io: CliIo,
  jobs: readonly RuntimeJob[],
  options: FollowOptions,
): Promise<FollowReport> {
  return new Promise((resolve) => {
    const outcomes = new Map<RuntimeJob, JobOutcome>();
    const subscriptions: Subscription[] = [];
    const cancelFailures: { job: RuntimeJob; error: unknown }[] = [];
    let finished = false;
    let question: Question | undefined;
    /** Ctrl-C listeners, installed once following starts. */
    const listening: { interrupts?: Interrupts } = {};

    const finish = (interrupted: InterruptAction | undefined): void => {
      if (finished) return;
      finished = true;
      question?.abort();
      listening.interrupts?.stop();
      for (const s of subscriptions) s.unsubscribe();
      resolve({
        outcomes: jobs.flatMap((j) => {
          const o = outcomes.get(j);
          return o === undefined ? [] : [o];
        }),
        interrupted,
        cancelFailures,
      });
    };

    const settle = (job: RuntimeJob, outcome: Omit<JobOutcome, 'job' | 'status'>): void => {
      if (outcomes.has(job)) return;
      outcomes.set(job, { job, status: job.lastStatus, ...outcome });
      if (outcomes.size === jobs.length) finish(undefined);
    };

    const cancelUnfinished = async (): Promise<void> => {
      const open = jobs.filter((j) => !outcomes.has(j));
      for (const s of subscriptions) s.unsubscribe();
      await Promise.all(
        open.map(async (job) => {
          try {
            await job.cancel();
            outcomes.set(job, {
              job,
              status: 'CANCELLED',
              error: new RuntimeJobCancelledError(job.jobId(), 'cancelled from qjobs (Ctrl-C)'),
              exitCode: EXIT.cancelled,
            });
          } catch (error) {
            cancelFailures.push({ job, error });
          }
        }),
      );
      finish('cancelled');
    };

    const onCtrlC = (): void => {
      if (finished) return;
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
      subscriptions.push(
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
