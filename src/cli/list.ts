/**
 * `qjobs list`: the service's jobs, newest first, as a table (or one JSON document), filtered
 * by status, program, backend and tags, a page at a time (`--limit`, `--offset`) or every page
 * (`--page-all`), with a hint naming the next offset when the page did not show everything.
 *
 * @module
 */
import { filter, lastValueFrom, skip, take, toArray } from 'rxjs';
import { FINAL_STATUSES, JOB_STATUSES } from '../codecs/status.js';
import type { JobStatus } from '../codecs/status.js';
import type { RuntimeJob } from '../service/runtime-job.js';
import { booleanFlag, listFlag, numberFlag, stringFlag } from './args.js';
import type { CliCommand } from './command.js';
import { defineCommand } from './command-runner.js';
import type { CommandContext } from './command-runner.js';
import { JSON_FLAG } from './common-flags.js';
import { EXIT } from './exit-codes.js';
import { table, writeJson } from './output.js';
import { nearest } from './suggest.js';
import { CliUsageError } from './usage-error.js';

/** Jobs listed when `--limit` is not given. */
export const DEFAULT_LIST_LIMIT = 20;

/** Programs of Qiskit Runtime the CLI knows by name (others are accepted when they have jobs). */
export const KNOWN_PROGRAMS: readonly string[] = ['sampler', 'estimator', 'noise-learner'];

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

/** The `--status` values, upper-cased and checked. */
function statusesOf(ctx: CommandContext): readonly JobStatus[] {
  return listFlag(ctx.parsed, 'status').map((raw) => {
    const s = raw.toUpperCase();
    if ((JOB_STATUSES as readonly string[]).includes(s)) return s as JobStatus;
    const guess = nearest(s, JOB_STATUSES);
    throw new CliUsageError(
      `--status expects one of ${JOB_STATUSES.join(', ')}, got ${JSON.stringify(raw)}${guess !== undefined ? ` (did you mean ${guess}?)` : ''}`,
    );
  });
}

/** What was asked for and what came back. */
interface Listing {
  readonly jobs: readonly RuntimeJob[];
  /** Matching jobs in total, when the service said (and no filter ran on this side). */
  readonly count: number | undefined;
  /** Whether jobs after this page match too. */
  readonly more: boolean;
}

async function fetchJobs(ctx: CommandContext, statuses: readonly JobStatus[]): Promise<Listing> {
  const { parsed } = ctx;
  const limit = numberFlag(parsed, 'limit') ?? DEFAULT_LIST_LIMIT;
  const offset = numberFlag(parsed, 'offset') ?? 0;
  const all = booleanFlag(parsed, 'page-all');
  const program = stringFlag(parsed, 'program');
  const backend = stringFlag(parsed, 'backend');
  const tags = listFlag(parsed, 'tag');
  const finals = statuses.filter((s) => FINAL_STATUSES.includes(s)).length;
  // The service filters by pending or finished only; the exact statuses are picked here.
  const pending = booleanFlag(parsed, 'pending')
    ? true
    : statuses.length === 0 || (finals > 0 && finals < statuses.length)
      ? undefined
      : finals === 0;
  const filters = {
    ...(pending !== undefined ? { pending } : {}),
    ...(program !== undefined ? { program } : {}),
    ...(backend !== undefined ? { backend } : {}),
    ...(tags.length > 0 ? { tags } : {}),
  };
  const service = ctx.service();
  if (statuses.length === 0 && !all) {
    const page = await service.jobsPage({ ...filters, limit, skip: offset });
    const more =
      page.count !== undefined
        ? offset + page.jobs.length < page.count
        : page.jobs.length === limit;
    return { jobs: page.jobs, count: page.count, more };
  }
  if (statuses.length === 0) {
    const jobs = await lastValueFrom(
      service.jobs({ ...filters, skip: offset, pageSize: limit }).pipe(toArray()),
    );
    return { jobs, count: undefined, more: false };
  }
  const wanted = new Set<string>(statuses);
  const matching = service.jobs({ ...filters, pageSize: Math.max(limit, DEFAULT_LIST_LIMIT) }).pipe(
    filter((job) => job.lastStatus !== undefined && wanted.has(job.lastStatus)),
    skip(offset),
  );
  const jobs = await lastValueFrom(
    (all ? matching : matching.pipe(take(limit + 1))).pipe(toArray()),
  );
  const more = !all && jobs.length > limit;
  return { jobs: more ? jobs.slice(0, limit) : jobs, count: undefined, more };
}

/** A program name that is neither known nor found on the service is most likely a typo. */
function checkProgram(program: string | undefined, found: number): void {
  if (program === undefined || found > 0 || KNOWN_PROGRAMS.includes(program)) return;
  const guess = nearest(program, KNOWN_PROGRAMS);
  throw new CliUsageError(
    `unknown program ${JSON.stringify(program)}${guess !== undefined ? ` (did you mean ${guess}?)` : ''}`,
    { hint: `programs: ${KNOWN_PROGRAMS.join(', ')}`, code: 'unknown_program' },
  );
}

async function listJobs(ctx: CommandContext): Promise<number> {
  const { io, parsed } = ctx;
  const statuses = statusesOf(ctx);
  if (booleanFlag(parsed, 'pending') && statuses.some((s) => FINAL_STATUSES.includes(s))) {
    throw new CliUsageError(
      `--pending lists queued and running jobs: it excludes --status ${statuses.join(',')}`,
    );
  }
  const listing = await fetchJobs(ctx, statuses);
  checkProgram(stringFlag(parsed, 'program'), listing.jobs.length);
  const offset = numberFlag(parsed, 'offset') ?? 0;
  const limit = numberFlag(parsed, 'limit') ?? DEFAULT_LIST_LIMIT;
  const nextOffset = offset + listing.jobs.length;
  if (ctx.json) {
    writeJson(io.stdout, {
      type: 'jobs',
      jobs: listing.jobs.map(jobJson),
      offset,
      limit,
      ...(listing.count !== undefined ? { count: listing.count } : {}),
      more: listing.more,
      ...(listing.more ? { nextOffset } : {}),
    });
    return EXIT.ok;
  }
  if (listing.jobs.length === 0) {
    io.stdout.write(offset > 0 ? `no jobs after the first ${offset}\n` : 'no jobs\n');
    return EXIT.ok;
  }
  const rows = listing.jobs.map((job) => [
    job.jobId(),
    job.lastStatus ?? '?',
    job.programId ?? '',
    job.backendName ?? '',
    job.creationDate?.toISOString().replace('T', ' ').slice(0, 19) ?? '',
    job.tags.join(','),
  ]);
  const lines = table([['ID', 'STATUS', 'PROGRAM', 'BACKEND', 'CREATED (UTC)', 'TAGS'], ...rows]);
  io.stdout.write(`${lines.join('\n')}\n`);
  if (listing.more) {
    const of = listing.count !== undefined ? ` of ${listing.count}` : '';
    io.stderr.write(
      `showing jobs ${offset + 1}-${nextOffset}${of}; more jobs: use --offset ${nextOffset} (or --page-all)\n`,
    );
  }
  return EXIT.ok;
}

/** `qjobs list`. */
export const listCommand: CliCommand = defineCommand({
  help: {
    name: 'list',
    summary: 'list jobs, newest first, filtered by status, program, backend or tag',
    description:
      'Lists the jobs of the service, newest first: id, status, program, backend, creation time ' +
      '(UTC) and tags. One page at a time: when more jobs match than the page shows, a line on ' +
      'stderr names the --offset of the next page.',
    synopsis: '',
    flags: [
      {
        name: 'status',
        kind: 'list',
        value: 'STATUS',
        help: 'only jobs in these statuses (repeat, or comma-separate): QUEUED, RUNNING, DONE, ERROR, CANCELLED, INITIALIZING, VALIDATING',
        default: 'any status',
      },
      { name: 'pending', kind: 'boolean', help: 'only queued and running jobs' },
      {
        name: 'program',
        kind: 'string',
        value: 'P',
        help: 'only jobs of program P (sampler, estimator)',
        default: 'any program',
      },
      {
        name: 'backend',
        kind: 'string',
        value: 'B',
        help: 'only jobs on backend B',
        default: 'any backend',
      },
      {
        name: 'tag',
        kind: 'list',
        value: 'T',
        help: 'only jobs carrying every tag given (repeat, or comma-separate)',
      },
      {
        name: 'limit',
        kind: 'int',
        min: 1,
        max: 10_000,
        value: 'N',
        help: 'show at most N jobs (with --page-all: fetch N per request)',
        default: String(DEFAULT_LIST_LIMIT),
      },
      {
        name: 'offset',
        kind: 'int',
        min: 0,
        value: 'N',
        help: 'skip the first N matching jobs',
        default: '0',
      },
      {
        name: 'page-all',
        kind: 'boolean',
        help: 'show every matching job after --offset, fetching page after page',
      },
      JSON_FLAG,
    ],
    connection: true,
    examples: [
      'qjobs list',
      'qjobs list --status QUEUED,RUNNING --program sampler',
      '# the second page of 20',
      'qjobs list --offset 20',
      'qjobs list --tag experiment-7 --page-all --json',
    ],
  },
  positional: { name: 'argument', min: 0 },
  run: listJobs,
});
