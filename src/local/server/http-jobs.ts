/**
 * HTTP handlers for jobs themselves: create (`POST /v1/jobs`), list, details, cancel,
 * delete and tags.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import { decode } from '../../codecs/decode.js';
import { CreateJobRequest, decodeJobListQuery } from '../../codecs/job.js';
import { TagsBody, uniqueTags } from '../../codecs/tags.js';
import type { Handler, RequestContext, RuntimeCore } from './core.js';
import { deriveSeed } from './prng.js';
import { newRuntimeId, isRuntimeId } from './ids.js';
import { isFinalRuntimeStatus, jobDetailsView, type JobRecord } from './job-record.js';
import { LOCAL_USER_ID } from './auth.js';
import { prepareJob } from './program.js';
import { ERROR_CODES, emptyReply, errorReply, jsonReply, type Reply } from './reply.js';

/** Longest maximum execution time the local runtime grants, in seconds (the service's 3 hours). */
export const MAX_COST_SECONDS = 3 * 3600;

/** The job named by the `jobId` path parameter, or a 404 reply. */
export function findJob(core: RuntimeCore, ctx: RequestContext): E.Either<Reply, JobRecord> {
  const id = ctx.params['jobId'] ?? '';
  const job = core.store.get(id);
  return job ? E.right(job) : E.left(jobNotFound(id));
}

/** The 404 answer for an unknown job id. */
export function jobNotFound(id: string): Reply {
  return errorReply(404, ERROR_CODES.jobNotFound, `Job not found. Job ID: ${id}`);
}

function badRequest(message: string, code: number | string = ERROR_CODES.validation): Reply {
  return errorReply(400, code, message);
}

/** Whether details should show the status before the latest transition (the `lateStatus` fault). */
function showPrevious(core: RuntimeCore, job: JobRecord): boolean {
  const late = core.faults.lateStatusMs();
  if (late <= 0 || job.transitions.length < 2) return false;
  const last = job.transitions[job.transitions.length - 1]!;
  return core.now() - last.at < late;
}

/**
 * The serialised details of a job, kept until it changes: a job changes only by a transition
 * (status, reason, usage) or a new tags array, so the two identify what was serialised.
 */
interface CachedDetails {
  readonly transitions: number;
  readonly tags: readonly string[];
  readonly reply: Reply;
}

const detailsCache = new WeakMap<JobRecord, { with?: CachedDetails; without?: CachedDetails }>();

/** The details answer of `job`, from the cache when the job has not changed since. */
function detailsReply(job: JobRecord, excludeParams: boolean): Reply {
  let slots = detailsCache.get(job);
  if (slots === undefined) {
    slots = {};
    detailsCache.set(job, slots);
  }
  const slot = excludeParams ? 'without' : 'with';
  const cached = slots[slot];
  if (cached?.transitions === job.transitions.length && cached.tags === job.tags) {
    return cached.reply;
  }
  const reply = jsonReply(200, jobDetailsView(job, { excludeParams }));
  slots[slot] = { transitions: job.transitions.length, tags: job.tags, reply };
  return reply;
}

/** `GET /v1/jobs/{id}`; `exclude_params=true` leaves `params` out (default false). */
export const getJob: Handler = (core, ctx) => {
  const found = findJob(core, ctx);
  if (E.isLeft(found)) return found.left;
  const flag = ctx.url.searchParams.get('exclude_params');
  if (flag !== null && flag !== 'true' && flag !== 'false') {
    return badRequest(`exclude_params: expected "true" or "false", got ${JSON.stringify(flag)}`);
  }
  const job = found.right;
  if (showPrevious(core, job)) {
    return jsonReply(
      200,
      jobDetailsView(job, { excludeParams: flag === 'true', previousStatus: true }),
    );
  }
  return detailsReply(job, flag === 'true');
};

/** `GET /v1/jobs` with the service's filters; `count` ignores paging; `exclude_params` defaults to true. */
export const listJobs: Handler = (core, ctx) => {
  const q = decodeJobListQuery(ctx.url.searchParams);
  if (E.isLeft(q)) return badRequest(`Invalid query: ${q.left.message}`);
  const page = core.store.list(q.right);
  const excludeParams = q.right.excludeParams ?? true;
  return jsonReply(200, {
    jobs: page.jobs.map((j) =>
      jobDetailsView(j, { excludeParams, previousStatus: showPrevious(core, j) }),
    ),
    count: page.count,
    offset: page.offset,
    limit: page.limit,
  });
};

function validateTags(
  core: RuntimeCore,
  tags: readonly string[],
  where: string,
): Reply | undefined {
  const { maxTags, maxTagLength } = core.options.limits;
  if (tags.length > maxTags) {
    return badRequest(
      `${where}: ${tags.length} tags exceed the limit of ${maxTags}`,
      ERROR_CODES.tooManyTags,
    );
  }
  for (let i = 0; i < tags.length; i++) {
    const t = tags[i]!;
    if (t.length === 0) return badRequest(`${where}[${i}]: tags must not be empty`);
    if (t.length > maxTagLength) {
      return badRequest(
        `${where}[${i}]: tag of ${t.length} characters exceeds the limit of ${maxTagLength}`,
        ERROR_CODES.tagTooLong,
      );
    }
  }
  return undefined;
}

/** `POST /v1/jobs`: validate everything, then queue the job. */
export const createJob: Handler = async (core, ctx) => {
  const body = await ctx.readJson();
  if (E.isLeft(body)) return body.left;
  const decoded = decode(CreateJobRequest, body.right);
  if (E.isLeft(decoded)) return badRequest(decoded.left.message);
  const req = decoded.right;
  if (req.program_id !== 'sampler' && req.program_id !== 'estimator') {
    return errorReply(
      404,
      'PROGRAM_NOT_FOUND',
      `Program not found: ${JSON.stringify(req.program_id)} (the local runtime runs "sampler" and "estimator")`,
    );
  }
  const backend = core.backends.get(req.backend);
  if (!backend)
    return errorReply(404, ERROR_CODES.backendNotFound, `Backend not found: ${req.backend}`);
  if (!backend.operational) {
    return errorReply(
      400,
      1004,
      `Backend ${backend.name} is not available (${backend.statusMessage})`,
    );
  }
  const tags = uniqueTags(req.tags ?? []);
  const tagProblem = validateTags(core, tags, 'tags');
  if (tagProblem) return tagProblem;
  if (req.cost !== undefined && req.cost < 1)
    return badRequest('cost: the maximum execution time must be at least 1 second');
  const cost = Math.min(req.cost ?? MAX_COST_SECONDS, MAX_COST_SECONDS);
  let sessionId: string | undefined;
  if (req.session_id !== undefined) {
    const session = isRuntimeId(req.session_id) ? core.sessions.get(req.session_id) : undefined;
    if (!session)
      return errorReply(404, ERROR_CODES.sessionNotFound, `Session not found: ${req.session_id}`);
    if (!core.sessions.accepts(session)) {
      return errorReply(
        409,
        ERROR_CODES.sessionClosed,
        `Session ${session.id} is ${session.state === 'closed' ? 'closed' : 'not accepting jobs'}`,
      );
    }
    if (session.backend !== null && session.backend !== backend.name) {
      return badRequest(`backend: the session runs on ${session.backend}, not ${backend.name}`);
    }
    sessionId = session.id;
  }
  const prepared = prepareJob(req.program_id, req.params, {
    limits: core.options.limits,
    backend,
    noiseByDefault: core.options.noise,
  });
  if (E.isLeft(prepared)) return badRequest(prepared.left);
  const userId = ctx.principal?.userId ?? LOCAL_USER_ID;
  const rate = core.rateLimiter.take(userId);
  if (!rate.allowed) {
    return errorReply(
      429,
      ERROR_CODES.tooManyRequests,
      `Too many job requests received: limit is ${core.options.jobsPerMinute} per minute`,
      core.options.rateLimitRetryAfter
        ? { headers: { 'Retry-After': String(rate.retryAfterSeconds) } }
        : {},
    );
  }
  const created = core.now();
  const sequence = core.store.takeSequence();
  const id = newRuntimeId();
  const job: JobRecord = {
    id,
    programId: req.program_id,
    backend: backend.name,
    params: req.params,
    tags,
    sessionId,
    cost,
    private: req.private === true,
    logLevel: req.log_level,
    userId,
    created,
    sequence,
    seed: prepared.right.seed ?? deriveSeed(core.options.seed, `job-${sequence}`),
    supportQiskit: prepared.right.supportQiskit,
    status: 'Queued',
    reason: undefined,
    reasonCode: undefined,
    reasonSolution: undefined,
    ranTooLong: false,
    transitions: [{ status: 'Queued', at: created }],
    numQubits: prepared.right.numQubits,
    quantumSeconds: undefined,
    estimatedRunningTimeSeconds: prepared.right.estimatedSeconds,
  };
  core.submitJob(job, prepared.right);
  return jsonReply(200, {
    id,
    backend: backend.name,
    ...(sessionId !== undefined ? { session_id: sessionId } : {}),
    ...(job.private ? { private: true } : {}),
  });
};

/**
 * `POST /v1/jobs/{id}/cancel`: 204 for a queued or running job, 409 for a final one. With the
 * `cancelLosesRace` fault the 204 cancels nothing: the job runs on to its own end.
 */
export const cancelJob: Handler = (core, ctx) => {
  const found = findJob(core, ctx);
  if (E.isLeft(found)) return found.left;
  const job = found.right;
  if (isFinalRuntimeStatus(job.status)) {
    return errorReply(
      409,
      ERROR_CODES.invalidState,
      `Job ${job.id} cannot be cancelled: it is already ${job.status}`,
    );
  }
  if (core.faults.cancelLosesRace()) return emptyReply(204);
  if (!core.queue.cancel(job)) {
    return errorReply(409, ERROR_CODES.invalidState, `Job ${job.id} cannot be cancelled right now`);
  }
  return emptyReply(204);
};

/** `DELETE /v1/jobs/{id}`: 204 for a final job, 409 while it is queued or running. */
export const deleteJob: Handler = (core, ctx) => {
  const found = findJob(core, ctx);
  if (E.isLeft(found)) return found.left;
  const job = found.right;
  if (!isFinalRuntimeStatus(job.status)) {
    return errorReply(
      409,
      ERROR_CODES.invalidState,
      `Job ${job.id} is ${job.status}; only jobs in a final state can be deleted (cancel it first)`,
    );
  }
  core.deleteJob(job);
  return emptyReply(204);
};

/** `PUT /v1/jobs/{id}/tags` with `{"tags": [...]}`: replaces the tags, 204. */
export const putTags: Handler = async (core, ctx) => {
  const found = findJob(core, ctx);
  if (E.isLeft(found)) return found.left;
  const body = await ctx.readJson();
  if (E.isLeft(body)) return body.left;
  const decoded = decode(TagsBody, body.right);
  if (E.isLeft(decoded)) return badRequest(decoded.left.message);
  const tags = uniqueTags(decoded.right.tags);
  const problem = validateTags(core, tags, 'tags');
  if (problem) return problem;
  found.right.tags = tags;
  core.saveJob(found.right);
  return emptyReply(204);
};

/** `GET /v1/tags`: every tag in use. */
export const listTags: Handler = (core) => jsonReply(200, { tags: core.store.tags() });
