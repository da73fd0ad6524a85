/**
 * Listing jobs (`GET /jobs`): the filters in camelCase, one page as a value, and every
 * matching job as a lazily paged Observable or async iterable that asks for the next page only
 * once the consumer has taken every job of the current one and still wants more.
 *
 * @module
 */
import { Observable, defer, firstValueFrom, map } from 'rxjs';
import type { Subscription } from 'rxjs';
import { ConfigError, DecodeError, describeValue } from '../codecs/errors.js';
import { JobsPage, encodeJobListQuery } from '../codecs/job.js';
import type { JobListQuery } from '../codecs/job.js';
import type { PrimitiveResult } from '../codecs/result-model.js';
import type { ServiceRef } from './context.js';
import { RuntimeJob } from './runtime-job.js';
import type { ResultDecoder } from '../codecs/results.js';
import { decodeWith } from '../operators/decode-with.js';

/** Page size used when neither `pageSize` nor `limit` says otherwise. */
export const DEFAULT_PAGE_SIZE = 20;

/**
 * Filters of `service.jobs()` and `service.jobsPage()` (the seeds' `jobs()` arguments).
 *
 * @category Services and jobs
 */
export interface JobFilters {
  /**
   * Most jobs to return: the total for `jobs()`, the page size for `jobsPage()`. Default: every
   * matching job for `jobs()`, {@link DEFAULT_PAGE_SIZE} for `jobsPage()`.
   */
  readonly limit?: number;
  /** Matching jobs to skip first. Default 0. */
  readonly skip?: number;
  /** Jobs per request of `jobs()`. Default: `limit` when smaller than 20, else 20. */
  readonly pageSize?: number;
  /** `true`: queued or running jobs only; `false`: finished jobs only. */
  readonly pending?: boolean;
  /** Program id, e.g. `sampler`. */
  readonly program?: string;
  /** Backend name. */
  readonly backend?: string;
  /** Only jobs created at or after this time. */
  readonly createdAfter?: Date | string;
  /** Only jobs created at or before this time. */
  readonly createdBefore?: Date | string;
  /** Newest first (the default) or oldest first (`false`). */
  readonly descending?: boolean;
  /** Only jobs carrying all of these tags. */
  readonly tags?: readonly string[];
  /** Only jobs of this session or batch. */
  readonly sessionId?: string;
}

/** One page of jobs. */
export interface JobsPageResult<R = PrimitiveResult> {
  readonly jobs: readonly RuntimeJob<R>[];
  /** Matching jobs in total, ignoring paging (when the service said). */
  readonly count: number | undefined;
  /** Offset of the first job of this page. */
  readonly offset: number;
  /** Page size asked for. */
  readonly limit: number;
}

function count(value: unknown, option: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw new ConfigError(
      `${option} must be an integer >= ${min}, got ${describeValue(value)}`,
      option,
    );
  }
  return value;
}

function time(value: unknown, option: string): Date | string | undefined {
  if (value === undefined) return undefined;
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value;
  if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return value;
  throw new ConfigError(
    `${option} must be a Date or an ISO-8601 string, got ${describeValue(value)}`,
    option,
  );
}

/** The checked filters without paging, as the wire query of `GET /jobs` (paging added per page). */
function baseQuery(filters: JobFilters): JobListQuery {
  if (filters === null || typeof filters !== 'object') {
    throw new ConfigError(
      `job filters must be an object, got ${describeValue(filters)}`,
      'filters',
    );
  }
  const tags = filters.tags;
  if (tags !== undefined && (!Array.isArray(tags) || tags.some((t) => typeof t !== 'string'))) {
    throw new ConfigError(`tags must be an array of strings, got ${describeValue(tags)}`, 'tags');
  }
  for (const name of ['program', 'backend', 'sessionId'] as const) {
    const v = filters[name];
    if (v !== undefined && (typeof v !== 'string' || v === '')) {
      throw new ConfigError(`${name} must be a non-empty string, got ${describeValue(v)}`, name);
    }
  }
  for (const name of ['pending', 'descending'] as const) {
    const v = filters[name];
    if (v !== undefined && typeof v !== 'boolean') {
      throw new ConfigError(`${name} must be a boolean, got ${describeValue(v)}`, name);
    }
  }
  const createdAfter = time(filters.createdAfter, 'createdAfter');
  const createdBefore = time(filters.createdBefore, 'createdBefore');
  return {
    ...(filters.pending !== undefined ? { pending: filters.pending } : {}),
    ...(filters.program !== undefined ? { program: filters.program } : {}),
    ...(filters.backend !== undefined ? { backend: filters.backend } : {}),
    ...(createdAfter !== undefined ? { createdAfter } : {}),
    ...(createdBefore !== undefined ? { createdBefore } : {}),
    ...(filters.descending === false ? { sort: 'ASC' as const } : {}),
    ...(tags !== undefined ? { tags } : {}),
    ...(filters.sessionId !== undefined ? { sessionId: filters.sessionId } : {}),
    excludeParams: true,
  };
}

function fetchPage$<R>(
  service: ServiceRef,
  query: JobListQuery,
  offset: number,
  limit: number,
  decoder: ResultDecoder<R> | undefined,
): Observable<JobsPageResult<R>> {
  return defer(() =>
    service.context.http.request({
      method: 'GET',
      path: '/jobs',
      query: encodeJobListQuery({ ...query, offset, limit }),
    }),
  ).pipe(
    map((response) => response.body),
    decodeWith(JobsPage, 'jobs'),
    map((page) => ({
      jobs: page.jobs.map((details, i) => {
        if (typeof details.id !== 'string') {
          throw new DecodeError(`jobs.jobs[${i}].id`, 'job id (string)', details.id);
        }
        return RuntimeJob.fromDetails<R>(
          service,
          details,
          decoder ? { resultDecoder: decoder } : {},
        );
      }),
      count: page.count,
      offset,
      limit,
    })),
  );
}

/**
 * One page of jobs matching `filters`: `limit` jobs (default {@link DEFAULT_PAGE_SIZE}) after
 * skipping `skip`. One request.
 */
export function jobsPage$<R = PrimitiveResult>(
  service: ServiceRef,
  filters: JobFilters = {},
  decoder?: ResultDecoder<R>,
): Observable<JobsPageResult<R>> {
  return defer(() => {
    const query = baseQuery(filters);
    const limit = count(filters.limit, 'limit', 1) ?? DEFAULT_PAGE_SIZE;
    const skip = count(filters.skip, 'skip', 0) ?? 0;
    return fetchPage$(service, query, skip, limit, decoder);
  });
}

interface Paging {
  readonly query: JobListQuery;
  readonly skip: number;
  readonly total: number;
  readonly pageSize: number;
}

function paging(filters: JobFilters): Paging {
  const query = baseQuery(filters);
  const limit = count(filters.limit, 'limit', 1);
  const skip = count(filters.skip, 'skip', 0) ?? 0;
  const pageSize =
    count(filters.pageSize, 'pageSize', 1) ??
    Math.min(limit ?? DEFAULT_PAGE_SIZE, DEFAULT_PAGE_SIZE);
  return { query, skip, total: limit ?? Infinity, pageSize };
}

/** Whether another page may hold more jobs after `page`, with `delivered` jobs handed out so far. */
function morePages(page: JobsPageResult<unknown>, p: Paging, delivered: number): boolean {
  if (delivered >= p.total || page.jobs.length === 0) return false;
  if (page.count !== undefined) return page.offset + page.jobs.length < page.count;
  return page.jobs.length >= page.limit;
}

/**
 * Every job matching `filters`, newest first unless `descending: false`, at most `limit`.
 * Pages are requested one at a time: the first on subscription, each next one only after every
 * job of the current page was emitted and the subscriber is still subscribed, so
 * `jobs$(...).pipe(take(5))` with pages of 5 makes one request. Unsubscribing aborts a page in
 * flight.
 */
export function jobs$<R = PrimitiveResult>(
  service: ServiceRef,
  filters: JobFilters = {},
  decoder?: ResultDecoder<R>,
): Observable<RuntimeJob<R>> {
  return new Observable<RuntimeJob<R>>((subscriber) => {
    let p: Paging;
    try {
      p = paging(filters);
    } catch (e) {
      subscriber.error(e);
      return undefined;
    }
    let delivered = 0;
    let request: Subscription | undefined;
    const next = (offset: number): void => {
      const limit = Math.min(p.pageSize, p.total - delivered);
      request = fetchPage$(service, p.query, offset, limit, decoder).subscribe({
        next: (page) => {
          for (const job of page.jobs) {
            if (subscriber.closed || delivered >= p.total) break;
            delivered += 1;
            subscriber.next(job);
          }
          if (subscriber.closed) return;
          if (morePages(page, p, delivered)) next(offset + page.jobs.length);
          else subscriber.complete();
        },
        error: (e: unknown) => subscriber.error(e),
      });
    };
    next(p.skip);
    return () => request?.unsubscribe();
  });
}

/**
 * Every job matching `filters` as an async iterable: each page is requested only when the
 * loop asks for the job after the last one fetched, so breaking out of the loop stops paging.
 *
 * ```ts
 * for await (const job of iterateJobs(service, { pending: true })) { ... }
 * ```
 */
export async function* iterateJobs<R = PrimitiveResult>(
  service: ServiceRef,
  filters: JobFilters = {},
  decoder?: ResultDecoder<R>,
): AsyncGenerator<RuntimeJob<R>, void, undefined> {
  const p = paging(filters);
  let delivered = 0;
  let offset = p.skip;
  for (;;) {
    const limit = Math.min(p.pageSize, p.total - delivered);
    const page = await firstValueFrom(fetchPage$(service, p.query, offset, limit, decoder));
    for (const job of page.jobs) {
      if (delivered >= p.total) return;
      delivered += 1;
      yield job;
    }
    if (!morePages(page, p, delivered)) return;
    offset += page.jobs.length;
  }
}
