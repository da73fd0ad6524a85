/**
 * The requests that create jobs and find them again: `POST /jobs` as a single attempt (the
 * caller decides what may be retried), `GET /jobs?tags=…` to look a submission up by its
 * client token, and `GET /jobs/{id}?exclude_params=false` to read back what a job was run
 * with.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import { defer, map } from 'rxjs';
import type { Observable } from 'rxjs';
import { ConfigError, RuntimeInvalidStateError, describeValue } from '../codecs/errors.js';
import { CreateJobResponse, JobDetails, JobsPage } from '../codecs/job.js';
import type { CreateJobRequest } from '../codecs/job.js';
import type { HttpClient } from '../transport/http-client.js';
import { encodePathSegment } from '../transport/url.js';
import { decodeWith } from '../transport/decode-with.js';
import type { PollScheduler } from './scheduler/poll-scheduler.js';

/** Prefix of the client token every submission of `submitAll` carries as a tag. */
export const SUBMIT_TOKEN_PREFIX = 'qjrx-submit:';

/** The requests job submission needs, each a cold Observable making one request on subscribe. */
export interface JobCreation {
  /** `POST /jobs` with `request`, one attempt (no retry at all), the answer decoded. */
  create(request: CreateJobRequest): Observable<CreateJobResponse>;
  /**
   * `GET /jobs?tags=<tag>&exclude_params=true`: the jobs carrying `tag`, oldest first. A GET,
   * so the transport's usual retries apply.
   */
  findTagged(tag: string): Observable<readonly JobDetails[]>;
  /** `GET /jobs/{id}?exclude_params=false`: the job with the `params` it was created with. */
  withParams(jobId: string): Observable<JobDetails>;
}

function createdTime(details: JobDetails): number {
  const created = details.created;
  if (created === null || created === undefined) return Infinity;
  const time = Date.parse(String(created));
  return Number.isNaN(time) ? Infinity : time;
}

/**
 * The {@link JobCreation} of an HTTP client. With `budget` (the client's poll scheduler) every
 * request goes through {@link PollScheduler.request}, so creating jobs draws on the same
 * request budget as reading them. Throws a {@link ConfigError} when `http` has no `request`
 * method.
 */
export function jobCreationOf(
  http: Pick<HttpClient, 'request'>,
  budget?: Pick<PollScheduler, 'request'>,
): JobCreation {
  if (http === null || typeof http !== 'object' || typeof http.request !== 'function') {
    throw new ConfigError('client.http must be an HttpClient', 'client.http');
  }
  const budgeted = <T>(request$: Observable<T>): Observable<T> =>
    budget === undefined ? request$ : budget.request(request$);
  return {
    create: (request) =>
      budgeted(
        defer(() => http.request({ method: 'POST', path: '/jobs', body: request, retry: false })),
      ).pipe(
        map((response) => response.body),
        decodeWith(CreateJobResponse, 'createJob'),
      ),
    findTagged: (tag) =>
      budgeted(
        defer(() =>
          http.request({
            method: 'GET',
            path: '/jobs',
            query: { tags: [tag], exclude_params: true, limit: 20, sort: 'ASC' },
            accept: 'json',
          }),
        ),
      ).pipe(
        map((response) => response.body),
        decodeWith(JobsPage, 'jobs'),
        map((page) => {
          const jobs = page.jobs.filter((job) => (job.tags ?? []).includes(tag));
          return [...jobs].sort((a, b) => createdTime(a) - createdTime(b));
        }),
      ),
    withParams: (jobId) =>
      budgeted(
        defer(() =>
          http.request({
            method: 'GET',
            path: `/jobs/${encodePathSegment(jobId, 'jobId')}`,
            query: { exclude_params: false },
            accept: 'json',
          }),
        ),
      ).pipe(
        map((response) => response.body),
        decodeWith(JobDetails, 'job'),
      ),
  };
}

/**
 * The request that creates a job like `details` again: its program, backend, params, tags
 * (without any earlier submission token), session, maximum execution time and privacy. The
 * runtime image is not carried over (the service reports one for every job, custom or not).
 * Fails with a {@link RuntimeInvalidStateError} when the details do not say what the job ran
 * (no `params`, as for private jobs, or no program or backend).
 */
export function requestFromDetails(
  jobId: string,
  details: JobDetails,
): E.Either<RuntimeInvalidStateError, CreateJobRequest> {
  const params = details.params;
  const program = details.program?.id;
  const backend = details.backend;
  if (params === null || params === undefined || typeof params !== 'object') {
    return E.left(
      new RuntimeInvalidStateError(
        `job ${jobId} cannot be resubmitted: the service did not return its params${details.private === true ? ' (private job)' : ''}`,
        jobId,
      ),
    );
  }
  if (typeof program !== 'string' || program === '') {
    return E.left(
      new RuntimeInvalidStateError(`job ${jobId} cannot be resubmitted: no program id`, jobId),
    );
  }
  if (typeof backend !== 'string' || backend === '') {
    return E.left(
      new RuntimeInvalidStateError(
        `job ${jobId} cannot be resubmitted: no backend, got ${describeValue(backend)}`,
        jobId,
      ),
    );
  }
  const tags = (details.tags ?? []).filter((tag) => !tag.startsWith(SUBMIT_TOKEN_PREFIX));
  const cost = details.cost;
  return E.right({
    program_id: program,
    backend,
    params,
    ...(tags.length > 0 ? { tags } : {}),
    ...(typeof details.session_id === 'string' && details.session_id !== jobId
      ? { session_id: details.session_id }
      : {}),
    ...(typeof cost === 'number' && Number.isInteger(cost) && cost > 0 ? { cost } : {}),
    ...(details.private === true ? { private: true } : {}),
  });
}
