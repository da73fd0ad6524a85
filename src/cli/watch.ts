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
import { RuntimeService } from '../service/runtime-service.js';
import { booleanFlag, numberFlag, parseArgs } from './args.js';
import type { FlagSpec, ParsedArgs } from './args.js';
import type { CliCommand, CliIo } from './command.js';
import {
  CONNECTION_FLAGS,
  CONNECTION_USAGE,
  connectionOptions,
  envOf,
  secretsOf,
} from './connection.js';
import { eventJson } from './event-json.js';
import { EXIT } from './exit-codes.js';
import type { ExitCode } from './exit-codes.js';
import { combinedExitCode, follow } from './follow.js';
import { errorJson, reportError, writeJson } from './output.js';

const FLAGS: Readonly<Record<string, FlagSpec>> = {
  json: { kind: 'boolean' },
  timeout: { kind: 'seconds' },
  'cancel-on-interrupt': { kind: 'boolean' },
  ...CONNECTION_FLAGS,
};

/** Usage text of `qjobs watch`. */
export const WATCH_USAGE = `usage: qjobs watch ID... [--json] [--timeout S] [--cancel-on-interrupt] ${CONNECTION_USAGE}`;

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

async function watchJobs(io: CliIo, parsed: ParsedArgs): Promise<number> {
  const json = booleanFlag(parsed, 'json');
  const timeout = numberFlag(parsed, 'timeout');
  const options = connectionOptions(parsed, envOf(io));
  const secrets = secretsOf(options);
  const service = new RuntimeService(options);
  const ids = [...new Set(parsed.positionals)];
  const lookupCodes: ExitCode[] = [];
  const jobs: RuntimeJob[] = [];
  for (const id of ids) {
    try {
      jobs.push(await service.job(id));
    } catch (error) {
      if (json)
        writeJson(io.stdout, { type: 'error', jobId: id, error: errorJson(error, secrets) });
      lookupCodes.push(reportError(io, 'watch', error, secrets));
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
    if (error === undefined || isTerminalJobError(error)) continue;
    if (json) {
      writeJson(io.stdout, {
        type: 'error',
        jobId: outcome.job.jobId(),
        error: errorJson(error, secrets),
      });
    }
    reportError(io, 'watch', error, secrets);
  }
  for (const f of report.cancelFailures) reportError(io, 'watch', f.error, secrets);
  if (report.interrupted === 'detached' || report.cancelFailures.length > 0) {
    io.stderr.write('qjobs watch: stopped watching; the jobs go on\n');
    return EXIT.interrupted;
  }
  if (report.interrupted === 'cancelled') {
    io.stderr.write(
      `qjobs watch: cancelled ${report.outcomes
        .filter((o) => o.exitCode === EXIT.cancelled)
        .map((o) => o.job.jobId())
        .join(', ')}\n`,
    );
  }
  return combinedExitCode([...report.outcomes, ...lookupCodes.map((exitCode) => ({ exitCode }))]);
}

/** `qjobs watch`. */
export const watchCommand: CliCommand = {
  summary: 'follow jobs live until they are final (exit code from their outcome)',
  usage: WATCH_USAGE,
  async run(args: readonly string[], io: CliIo): Promise<number> {
    try {
      return await watchJobs(
        io,
        parseArgs(args, FLAGS, { name: 'job ID', min: 1, max: Number.POSITIVE_INFINITY }),
      );
    } catch (error) {
      return reportError(io, 'watch', error, []);
    }
  },
};
