/**
 * From the console's filters to `GET /v1/jobs` requests, and one page of the list. The API
 * filters by program, backend, tag, creation time and `pending` (unfinished or finished);
 * a single status (Completed, Failed, …) is the matching `pending` half read from the
 * newest job on and kept by status here, looking through at most {@link SCAN_LIMIT} jobs.
 *
 * @module
 */
import type { JobFilters, JobStatus } from '../../../src/index.js';
import type { ListFilters } from './view-state.js';

/** Jobs per request while looking for one status. */
export const SCAN_CHUNK = 100;

/** Most jobs looked through for one status before the page says it stopped looking. */
export const SCAN_LIMIT = 1000;

/** What to ask the API, and which statuses to keep of what it answers (all when undefined). */
export interface ListRequest {
  readonly filters: JobFilters;
  readonly keep?: readonly JobStatus[];
}

function day(text: string): [number, number, number] {
  const [y, m, d] = text.split('-').map(Number);
  return [y!, m! - 1, d!];
}

/** The first instant of a local day `YYYY-MM-DD`. */
export function dayStart(text: string): Date {
  const [y, m, d] = day(text);
  return new Date(y, m, d);
}

/** The last instant (millisecond) of a local day `YYYY-MM-DD`. */
export function dayEnd(text: string): Date {
  const [y, m, d] = day(text);
  return new Date(new Date(y, m, d + 1).getTime() - 1);
}

/** The request for the console's filters. */
export function listRequest(f: ListFilters): ListRequest {
  const filters: JobFilters = {
    ...(f.program !== undefined ? { program: f.program } : {}),
    ...(f.backend !== undefined ? { backend: f.backend } : {}),
    ...(f.tag !== undefined ? { tags: [f.tag] } : {}),
    ...(f.from !== undefined ? { createdAfter: dayStart(f.from) } : {}),
    ...(f.to !== undefined ? { createdBefore: dayEnd(f.to) } : {}),
  };
  switch (f.status) {
    case 'any':
      return { filters };
    case 'active':
      return { filters: { ...filters, pending: true } };
    case 'finished':
      return { filters: { ...filters, pending: false } };
    case 'DONE':
    case 'ERROR':
    case 'CANCELLED':
      return { filters: { ...filters, pending: false }, keep: [f.status] };
    case 'QUEUED':
    case 'RUNNING':
      return { filters: { ...filters, pending: true }, keep: [f.status] };
    default:
      // INITIALIZING and VALIDATING come before the queue: unfinished jobs.
      return { filters: { ...filters, pending: true }, keep: [f.status] };
  }
}

/** Reads one page of jobs: `limit` matching jobs after `skip`, and how many match in all. */
export type PageReader<J> = (
  filters: JobFilters & { readonly skip: number; readonly limit: number },
) => Promise<{ readonly jobs: readonly J[]; readonly count: number | undefined }>;

/** One page of the list. */
export interface ListPage<J> {
  readonly jobs: readonly J[];
  /** Jobs matching in all, when known. */
  readonly total: number | undefined;
  /** A later page has jobs. */
  readonly hasMore: boolean;
  /** Looking for one status stopped after {@link SCAN_LIMIT} jobs without reaching the end. */
  readonly capped: boolean;
  /** Requests this page took. */
  readonly requests: number;
}

/**
 * Page `page` (from 0) of `pageSize` jobs for `request`: one request when the API filters
 * everything, else the `pending` half read {@link SCAN_CHUNK} at a time until the page and
 * one more job are found, the jobs end, or {@link SCAN_LIMIT} jobs were looked through.
 */
export async function loadPage<J>(
  read: PageReader<J>,
  request: ListRequest,
  page: number,
  pageSize: number,
  statusOf: (job: J) => JobStatus | undefined,
): Promise<ListPage<J>> {
  const start = page * pageSize;
  if (request.keep === undefined) {
    const answer = await read({ ...request.filters, skip: start, limit: pageSize });
    const hasMore =
      answer.count !== undefined
        ? start + answer.jobs.length < answer.count
        : answer.jobs.length === pageSize;
    return { jobs: answer.jobs, total: answer.count, hasMore, capped: false, requests: 1 };
  }
  const keep = request.keep;
  const wanted = start + pageSize + 1;
  const found: J[] = [];
  let offset = 0;
  let requests = 0;
  let exhausted = false;
  while (found.length < wanted && offset < SCAN_LIMIT) {
    const answer = await read({ ...request.filters, skip: offset, limit: SCAN_CHUNK });
    requests++;
    for (const job of answer.jobs) {
      const status = statusOf(job);
      if (status !== undefined && keep.includes(status)) found.push(job);
    }
    offset += answer.jobs.length;
    if (answer.jobs.length < SCAN_CHUNK || (answer.count !== undefined && offset >= answer.count)) {
      exhausted = true;
      break;
    }
  }
  return {
    jobs: found.slice(start, start + pageSize),
    total: exhausted ? found.length : undefined,
    hasMore: found.length > start + pageSize,
    capped: !exhausted && found.length < wanted,
    requests,
  };
}
