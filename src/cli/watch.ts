/**
 * `qjobs watch ID...`: follow one or more jobs and print each status transition until every
 * job is final (or, with `--json`, every event as one JSON line).
 *
 * @module
 */
import {
  RuntimeJobCancelledError,
  RuntimeJobFailureError,
  RuntimeJobMaxTimeoutError,
} from '../codecs/errors.js';
import type { JobEvent } from '../events/job-event.js';
import type { RuntimeJob } from '../service/runtime-job.js';
import { booleanFlag, numberFlag } from './args.js';
import type { CliCommand } from './command.js';
import { defineCommand } from './command-runner.js';
import type { CommandContext } from './command-runner.js';
import { CANCEL_ON_INTERRUPT_FLAG, JSON_FLAG, TIMEOUT_FLAG } from './common-flags.js';
import { eventJson } from './event-json.js';
import { EXIT } from './exit-codes.js';
import type { ExitCode } from './exit-codes.js';
import { describeFailure } from './failure.js';
import { combinedExitCode, follow } from './follow.js';
import { cancelPendingFailure, cancelRaceNotes, interruptFailure } from './interrupted.js';
import { writeJson } from './output.js';
import { reportFailure } from './report.js';

const isTerminalJobError = (e: unknown): boolean =>
  e instanceof RuntimeJobFailureError ||
  e instanceof RuntimeJobMaxTimeoutError ||
  e instanceof RuntimeJobCancelledError;

function clock(date: Date): string {
  return date.toISOString().slice(11, 23);
}

/** One human line for an event worth showing, or undefined. */
function eventLine(event: JobEvent): string | undefined {
  const head = `${clock(event.time)}  ${event.jobId}`;
  switch (event.type) {
    case 'status': {
      const why = event.reason !== undefined ? `: ${event.reason.replace(/\s+/g, ' ').trim()}` : '';
      return `${head}  ${event.status}${why}`;
    }
    case 'progress':
      return event.queuePosition !== undefined
        ? `${head}  queue position ${event.queuePosition}`
        : undefined;
    case 'unknownStatus':
      return `${head}  unknown status ${JSON.stringify(event.raw)} (kept as data)`;
    case 'connection':
      return event.state === 'fallback' ? `${head}  ${event.detail ?? 'polling only'}` : undefined;
    case 'result':
      return `${head}  result ready (qjobs result ${event.jobId})`;
    default:
      return undefined;
  }
}

async function watchJobs(ctx: CommandContext): Promise<number> {
  const { io, parsed, json } = ctx;
  const timeout = numberFlag(parsed, 'timeout');
  ctx.about.timeoutSeconds = timeout;
  const service = ctx.service();
  const ids = [...new Set(parsed.positionals)];
  const lookupCodes: ExitCode[] = [];
  const jobs: RuntimeJob[] = [];
  for (const id of ids) {
    try {
      jobs.push(await service.job(id));
    } catch (error) {
      lookupCodes.push(
        reportFailure(
          io,
          'watch',
          describeFailure(error, { ...ctx.about, settings: ctx.settings(), jobId: id }),
          { json, secrets: ctx.secrets(), extra: { jobId: id } },
        ),
      );
    }
  }
  const report = await follow(io, jobs, {
    ...(timeout !== undefined ? { timeoutSeconds: timeout } : {}),
    cancelOnInterrupt: booleanFlag(parsed, 'cancel-on-interrupt'),
    onEvent: (_job, event) => {
      if (json) {
        writeJson(io.stdout, eventJson(event));
        return;
      }
      const line = eventLine(event);
      if (line !== undefined) io.stdout.write(`${line}\n`);
    },
  });
  for (const outcome of report.outcomes) {
    const error = outcome.error;
    // A job that failed, was cancelled or timed out showed it in its own events.
    if (error === undefined || isTerminalJobError(error)) continue;
    const id = outcome.job.jobId();
    reportFailure(
      io,
      'watch',
      describeFailure(error, {
        ...ctx.about,
        settings: ctx.settings(),
        jobId: id,
        following: true,
      }),
      { json, secrets: ctx.secrets(), extra: { jobId: id } },
    );
  }
  for (const f of report.cancelFailures) ctx.warn(f.error);
  for (const note of cancelRaceNotes(report)) io.stderr.write(`${note}\n`);
  const cancelFailed = report.cancelFailures.length > 0;
  if (report.interrupted === 'detached' || cancelFailed) {
    // Left running: the jobs without an outcome.
    const left = jobs.filter((j) => !report.outcomes.some((o) => o.job === j));
    ctx.fail(
      interruptFailure(
        report.interrupted!,
        left.map((j) => j.jobId()),
        cancelFailed,
      ),
    );
    return EXIT.interrupted;
  }
  if (report.interrupted === 'cancelled') {
    // Cancelled: the ones whose outcome is that; the others ended as their events showed.
    const cancelled = report.outcomes.filter(
      (o) => report.cancelRequested.includes(o.job) && o.exitCode === EXIT.cancelled,
    );
    if (cancelled.length > 0) {
      ctx.fail(
        interruptFailure(
          'cancelled',
          cancelled.map((o) => o.job.jobId()),
          false,
        ),
      );
    }
    if (report.cancelPending.length > 0) {
      ctx.fail(cancelPendingFailure(report.cancelPending));
      return EXIT.interrupted;
    }
  }
  return combinedExitCode([...report.outcomes, ...lookupCodes.map((exitCode) => ({ exitCode }))]);
}

/** `qjobs watch`. */
export const watchCommand: CliCommand = defineCommand({
  help: {
    name: 'watch',
    summary: 'follow jobs live until they are final (exit code from their outcome)',
    description:
      'Follows one or more jobs and prints a line per status transition (with the reason of a ' +
      'failure), per change of queue position, for unknown statuses and for a fall back to ' +
      'polling, until every job is final. A job already final prints its final status at once. ' +
      'The exit code is the worst outcome: 1 if a job failed or could not be read, else 4 if ' +
      'one timed out, else 3 if one was cancelled, else 0. With --json, every event is one JSON ' +
      'document on its own line.',
    synopsis: 'ID...',
    flags: [JSON_FLAG, TIMEOUT_FLAG, CANCEL_ON_INTERRUPT_FLAG],
    connection: true,
    examples: [
      'qjobs watch d5k2m1a9s8f7g6h5j4k3',
      'qjobs watch d5k2m1a9s8f7g6h5j4k3 d5k2m1b0t9g8h7j6k5l4 --timeout 600',
      'qjobs watch d5k2m1a9s8f7g6h5j4k3 --json | jq -c \'select(.type == "status")\'',
    ],
  },
  positional: { name: 'job ID', min: 1, max: Number.POSITIVE_INFINITY },
  run: watchJobs,
});
