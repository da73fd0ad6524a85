/**
 * The legacy IBMQ job-status websocket (`/jobs/{id}/status/v/1`): the client's first frame
 * must be `{"type":"authentication","data":<token>}`; the server answers
 * `{"type":"authenticated"}`, sends the job's current status as a `job-status` frame at once
 * and another on every transition (legacy vocabulary: `QUEUED` with `infoQueue`, `RUNNING`,
 * `COMPLETED`, `CANCELLED`, `ERROR_RUNNING_JOB`), and closes with 4002 once the job is final.
 * An unknown job is closed with 4003, an internal error with 4001, and a missing, malformed
 * or refused authentication (or none within the timeout) with 1008.
 *
 * @module
 */
import type { RawData, WebSocket } from 'ws';
import * as E from 'fp-ts/lib/Either.js';
import {
  WS_CLOSE_INTERNAL_ERROR,
  WS_CLOSE_JOB_FINAL,
  WS_CLOSE_JOB_NOT_FOUND,
  decodeLegacyClientMessage,
  encodeLegacyAuthenticated,
  encodeLegacyJobStatus,
  type LegacyJobStatusData,
} from '../../codecs/ws-messages.js';
import type { RuntimeCore } from './core.js';
import { isFinalRuntimeStatus, iso, legacyStatusData, type JobRecord } from './job-record.js';
import { WebSocketSender } from './ws-sender.js';

/** Close code for a refused, malformed or missing authentication frame (policy violation). */
export const WS_CLOSE_AUTH_FAILED = 1008;

/** How long a client has to send its authentication frame. */
export const LEGACY_AUTH_TIMEOUT_MS = 10_000;

function statusFrame(core: RuntimeCore, job: JobRecord): string {
  const data = legacyStatusData(job, core.queue.position(job.id));
  if (job.status === 'Queued') {
    const start = core.queue.estimatedStart(job.id);
    const info = data['infoQueue'] as Record<string, unknown>;
    if (start !== undefined) {
      info['estimatedStartTime'] = iso(start);
      info['estimatedCompleteTime'] = iso(start + core.queue.expectedRunMs());
    }
  }
  return encodeLegacyJobStatus(data as unknown as LegacyJobStatusData);
}

/** Serve one legacy job-status connection; returns the function that detaches it. */
export function serveLegacyStatus(core: RuntimeCore, ws: WebSocket, jobId: string): () => void {
  const sender = new WebSocketSender(ws, core.faults);
  let detach: () => void = () => undefined;
  const authTimer = setTimeout(
    () => sender.close(WS_CLOSE_AUTH_FAILED, 'authentication timeout'),
    LEGACY_AUTH_TIMEOUT_MS,
  );
  const stop = (): void => {
    clearTimeout(authTimer);
    detach();
  };
  ws.on('close', stop);

  const onFirstMessage = (raw: RawData, isBinary: boolean): void => {
    clearTimeout(authTimer);
    const text = isBinary ? '' : raw.toString();
    const decoded = decodeLegacyClientMessage(text);
    if (E.isLeft(decoded)) {
      sender.close(
        WS_CLOSE_AUTH_FAILED,
        `expected an authentication message: ${decoded.left.message}`.slice(0, 120),
      );
      return;
    }
    if (!core.auth.checkToken(decoded.right.data)) {
      sender.close(WS_CLOSE_AUTH_FAILED, 'authentication failed: invalid or expired token');
      return;
    }
    sender.control(encodeLegacyAuthenticated());
    const job = core.store.get(jobId);
    if (!job) {
      sender.close(WS_CLOSE_JOB_NOT_FOUND, `Job not found: ${jobId}`);
      return;
    }
    const send = (j: JobRecord): void => {
      try {
        sender.push(statusFrame(core, j), 'ws-status');
        if (isFinalRuntimeStatus(j.status)) {
          detach();
          sender.close(WS_CLOSE_JOB_FINAL, `job ${j.status.toLowerCase()}`);
        }
      } catch (e) {
        detach();
        sender.close(
          WS_CLOSE_INTERNAL_ERROR,
          `internal error: ${e instanceof Error ? e.message : String(e)}`,
        );
      }
    };
    detach = core.store.events.onJob(job.id, (event) => {
      if (event.type === 'transition') send(event.job);
      else if (event.type === 'deleted') {
        detach();
        sender.close(WS_CLOSE_JOB_NOT_FOUND, `Job deleted: ${jobId}`);
      }
    });
    send(job);
  };
  ws.once('message', onFirstMessage);
  return stop;
}
