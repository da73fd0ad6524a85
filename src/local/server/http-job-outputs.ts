/**
 * HTTP handlers for what a job produces: its result, interim results, log, metrics and the
 * presigned link to its transpiled circuits.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Handler } from './core.js';
import { findJob, jobNotFound } from './http-jobs.js';
import { billedSeconds, iso, transitionTime, finishedAt } from './job-record.js';
import { ERROR_CODES, errorReply, textReply } from './reply.js';
import { jsonReply } from './reply.js';

/**
 * `GET /v1/jobs/{id}/results`: the result text of a completed job (plain JSON, or the
 * RuntimeEncoder form when the job's params set `support_qiskit`); for a failed or cancelled
 * job the text says why; 400 while the job is queued or running. A private job's result can
 * be read once. With the `lateResults` fault a completed job's result is refused for a while.
 */
export const getResults: Handler = (core, ctx) => {
  const found = findJob(core, ctx);
  if (E.isLeft(found)) return found.left;
  const job = found.right;
  if (job.status === 'Queued' || job.status === 'Running') {
    return errorReply(
      400,
      ERROR_CODES.invalidState,
      `Job ${job.id} has no result yet: it is ${job.status}`,
    );
  }
  if (job.status === 'Cancelled') {
    const why = job.ranTooLong
      ? `Job ${job.id} ran longer than its maximum execution time of ${job.cost} s and was cancelled (RAN TOO LONG, code 1305).`
      : `Job ${job.id} was cancelled: ${job.reason ?? 'cancelled by user'}`;
    return textReply(200, why);
  }
  const late = core.faults.lateResults();
  const finished = finishedAt(job);
  if (
    late.delayMs > 0 &&
    job.status === 'Completed' &&
    finished !== undefined &&
    core.now() - finished < late.delayMs
  ) {
    return late.status === 404
      ? errorReply(404, ERROR_CODES.jobNotFound, `The result of job ${job.id} is not available yet`)
      : errorReply(
          late.status,
          ERROR_CODES.serviceUnavailable,
          `Injected server error ${late.status}`,
        );
  }
  const text = core.store.result(job.id);
  if (text === undefined) {
    return errorReply(
      404,
      ERROR_CODES.jobNotFound,
      `The result of job ${job.id} is no longer available`,
    );
  }
  if (job.private && job.status === 'Completed') core.dropResult(job);
  return job.status === 'Completed'
    ? textReply(200, text, 'application/json')
    : textReply(200, text);
};

/** `GET /v1/jobs/{id}/interim_results`: the latest interim result, or an empty body when none was published. */
export const getInterimResults: Handler = (core, ctx) => {
  const found = findJob(core, ctx);
  if (E.isLeft(found)) return found.left;
  const list = core.store.interim(found.right.id);
  const latest = list[list.length - 1];
  return latest === undefined ? textReply(200, '') : textReply(200, latest, 'application/json');
};

/** `GET /v1/jobs/{id}/logs`: the job's log lines as text. */
export const getLogs: Handler = (core, ctx) => {
  const found = findJob(core, ctx);
  if (E.isLeft(found)) return found.left;
  const lines = core.store.logLines(found.right.id);
  return textReply(200, lines.length === 0 ? '' : `${lines.join('\n')}\n`);
};

/**
 * `GET /v1/jobs/{id}/metrics`: timestamps, usage (whole seconds, as IBM's OpenAPI types them)
 * and, while queued, the queue position and estimates.
 */
export const getMetrics: Handler = (core, ctx) => {
  const found = findJob(core, ctx);
  if (E.isLeft(found)) return found.left;
  const job = found.right;
  const running = transitionTime(job, 'Running');
  const finished = finishedAt(job);
  const seconds = billedSeconds(job);
  const final = finished !== undefined;
  const queue: Record<string, unknown> = {};
  if (job.status === 'Queued') {
    const start = core.queue.estimatedStart(job.id);
    const position = core.queue.position(job.id);
    if (position !== undefined) {
      queue['position_in_queue'] = position;
      queue['position_in_provider'] = position;
    }
    if (start !== undefined) {
      queue['estimated_start_time'] = iso(start);
      queue['estimated_completion_time'] = iso(start + core.queue.expectedRunMs());
    }
  } else if (job.status === 'Running' && running !== undefined) {
    queue['estimated_completion_time'] = iso(
      Math.max(core.now(), running + core.queue.expectedRunMs()),
    );
  }
  return jsonReply(200, {
    timestamps: {
      created: iso(job.created),
      running: running === undefined ? null : iso(running),
      finished: finished === undefined ? null : iso(finished),
    },
    bss: { seconds: final ? seconds : 0 },
    usage: {
      quantum_seconds: seconds,
      seconds,
      qpu_charge_time_seconds: seconds,
      status: final ? 'final' : 'pending',
    },
    executions: job.numQubits.length,
    num_circuits: job.numQubits.length,
    num_qubits: [...job.numQubits],
    ...queue,
  });
};

/** How long a transpiled-circuits link stays valid, in seconds. */
export const TRANSPILED_URL_TTL_SECONDS = 3600;

/** The path a job's transpiled circuits are downloaded from (signed, no credentials). */
const transpiledPath = (id: string): string => `/transpiled_circuits/${id}`;

/**
 * `GET /v1/jobs/{id}/transpiled_circuits`: `{url}`, a presigned download link valid for an hour,
 * for a sampler job that ran (IBM's OpenAPI: "Currently supported only for sampler primitive");
 * 404 otherwise. The local runtime runs circuits as sent, so they are its transpiled circuits.
 */
export const getTranspiledCircuits: Handler = (core, ctx) => {
  const found = findJob(core, ctx);
  if (E.isLeft(found)) return found.left;
  const job = found.right;
  if (job.programId !== 'sampler') {
    return errorReply(
      404,
      ERROR_CODES.jobNotFound,
      `Transpiled circuits of job ${job.id} are not available: only sampler jobs keep them`,
    );
  }
  if (job.status !== 'Completed') {
    return errorReply(
      404,
      ERROR_CODES.jobNotFound,
      `Transpiled circuits of job ${job.id} are not available: the job is ${job.status}`,
    );
  }
  const path = core.signer.sign(transpiledPath(job.id), TRANSPILED_URL_TTL_SECONDS);
  return jsonReply(200, { url: `${core.origin()}${path}` });
};

/** The circuits of a job's PUBs, as the job sent them (encoded QPY or OpenQASM text). */
function circuitsOf(params: Readonly<Record<string, unknown>>): unknown[] {
  const pubs = params['pubs'];
  if (!Array.isArray(pubs)) return [];
  return pubs.map((pub: unknown) => (Array.isArray(pub) ? pub[0] : pub));
}

/**
 * `GET /transpiled_circuits/{id}?expires=...&signature=...` (the presigned link): the job's
 * circuits as a JSON list in RuntimeEncoder form. A missing, wrong or expired signature is 403.
 */
export const downloadTranspiledCircuits: Handler = (core, ctx) => {
  const id = ctx.params['jobId'] ?? '';
  if (!core.signer.verify(transpiledPath(id), ctx.url.searchParams)) {
    return errorReply(
      403,
      ERROR_CODES.notAuthorized,
      'Request has expired or its signature does not match',
    );
  }
  const job = core.store.get(id);
  if (job === undefined) return jobNotFound(id);
  return jsonReply(200, circuitsOf(job.params));
};
