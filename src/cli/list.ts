/**
 * `qjobs list`: the service's jobs, newest first, as a table (or one JSON document), filtered
 * by pending state, program, backend and tags.
 *
 * @module
 */
import { lastValueFrom, toArray } from 'rxjs';
import type { RuntimeJob } from '../service/runtime-job.js';
import { RuntimeService } from '../service/runtime-service.js';
import { booleanFlag, listFlag, numberFlag, parseArgs, stringFlag } from './args.js';
import type { FlagSpec, ParsedArgs } from './args.js';
import type { CliCommand, CliIo } from './command.js';
import {
  CONNECTION_FLAGS,
  CONNECTION_USAGE,
  connectionOptions,
  envOf,
  secretsOf,
} from './connection.js';
import { EXIT } from './exit-codes.js';
import { reportError, table, writeJson } from './output.js';

/** Jobs listed when `--limit` is not given. */
export const DEFAULT_LIST_LIMIT = 20;

const FLAGS: Readonly<Record<string, FlagSpec>> = {
  pending: { kind: 'boolean' },
  program: { kind: 'string' },
  backend: { kind: 'string' },
  limit: { kind: 'int', min: 1, max: 10_000 },
  tag: { kind: 'list' },
  json: { kind: 'boolean' },
  ...CONNECTION_FLAGS,
};

/** Usage text of `qjobs list`. */
export const LIST_USAGE = `usage: qjobs list [--pending] [--program P] [--backend B] [--limit N] [--tag T]... [--json] ${CONNECTION_USAGE}`;

/** One job of the listing, as plain JSON data. */
export function jobJson(job: RuntimeJob): Record<string, unknown> {
  return {
    jobId: job.jobId(),
    status: job.lastStatus ?? null,
    program: job.programId ?? null,
    backend: job.backendName ?? null,
    created: job.creationDate?.toISOString() ?? null,
    tags: [...job.tags],
    ...(job.sessionId !== undefined ? { sessionId: job.sessionId } : {}),
  };
}

async function listJobs(io: CliIo, parsed: ParsedArgs): Promise<number> {
  const options = connectionOptions(parsed, envOf(io));
  const secrets = secretsOf(options);
  try {
    const service = new RuntimeService(options);
    const program = stringFlag(parsed, 'program');
    const backend = stringFlag(parsed, 'backend');
    const tags = listFlag(parsed, 'tag');
    const jobs = await lastValueFrom(
      service
        .jobs({
          limit: numberFlag(parsed, 'limit') ?? DEFAULT_LIST_LIMIT,
          ...(booleanFlag(parsed, 'pending') ? { pending: true } : {}),
          ...(program !== undefined ? { program } : {}),
          ...(backend !== undefined ? { backend } : {}),
          ...(tags.length > 0 ? { tags } : {}),
        })
        .pipe(toArray()),
    );
    if (booleanFlag(parsed, 'json')) {
      writeJson(io.stdout, { jobs: jobs.map(jobJson) });
      return EXIT.ok;
    }
    if (jobs.length === 0) {
      io.stdout.write('no jobs\n');
      return EXIT.ok;
    }
    const rows = jobs.map((job) => [
      job.jobId(),
      job.lastStatus ?? '?',
      job.programId ?? '',
      job.backendName ?? '',
      job.creationDate?.toISOString().replace('T', ' ').slice(0, 19) ?? '',
      job.tags.join(','),
    ]);
    const lines = table([['ID', 'STATUS', 'PROGRAM', 'BACKEND', 'CREATED (UTC)', 'TAGS'], ...rows]);
    io.stdout.write(`${lines.join('\n')}\n`);
    return EXIT.ok;
  } catch (error) {
    return reportError(io, 'list', error, secrets);
  }
}

/** `qjobs list`. */
export const listCommand: CliCommand = {
  summary: 'list jobs, newest first (filter by pending, program, backend, tags)',
  usage: LIST_USAGE,
  async run(args: readonly string[], io: CliIo): Promise<number> {
    try {
      return await listJobs(io, parseArgs(args, FLAGS, { name: 'argument', min: 0 }));
    } catch (error) {
      return reportError(io, 'list', error, []);
    }
  },
};
