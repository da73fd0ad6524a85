/**
 * HTTP handlers for what a job produces: its result, interim results, log and metrics.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Handler } from './core.js';
import { findJob } from './http-jobs.js';
import { iso, transitionTime, finishedAt } from './job-record.js';
import { ERROR_CODES, errorReply, textReply } from './reply.js';
import { jsonReply } from './reply.js';

/**
 * `GET /v1/jobs/{id}/results`: the result text of a completed job (plain JSON, or the
 * RuntimeEncoder form when the job's params set `support_qiskit`); for a failed or cancelled
 * job the text says why; 400 while the job is queued or running. A private job's result can
 * be read once.
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

/** `GET /v1/jobs/{id}/metrics`: timestamps, usage and, while queued, the queue position and estimates. */
export const getMetrics: Handler = (core, ctx) => {
  const found = findJob(core, ctx);
  if (E.isLeft(found)) return found.left;
  const job = found.right;
  const running = transitionTime(job, 'Running');
  const finished = finishedAt(job);
  const seconds = job.quantumSeconds ?? 0;
  const rounded = Math.round(seconds * 1000) / 1000;
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
    bss: { seconds: final ? Math.ceil(seconds) : 0 },
    usage: {
      quantum_seconds: rounded,
      seconds: rounded,
      qpu_charge_time_seconds: rounded,
      status: final ? 'final' : 'pending',
    },
    executions: job.numQubits.length,
    num_circuits: job.numQubits.length,
    num_qubits: [...job.numQubits],
    ...queue,
  });
};
