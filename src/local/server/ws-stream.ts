/**
 * The runtime result stream (`/stream/jobs/{id}`): after the upgrade (authenticated by the
 * `Authorization` header or an `access_token` query parameter) the server sends an
 * acknowledgement frame, then every interim result published so far and each new one as the
 * job produces it, then — for a completed job — the final result, and closes with 1000 once
 * the job is final. An unknown job is closed with 4003.
 *
 * @module
 */
import type { WebSocket } from 'ws';
import {
  STREAM_ACK_FRAME,
  WS_CLOSE_JOB_NOT_FOUND,
  WS_CLOSE_NORMAL,
} from '../../codecs/ws-messages.js';
import type { RuntimeCore } from './core.js';
import { isFinalRuntimeStatus, type JobRecord } from './job-record.js';
import { WebSocketSender } from './ws-sender.js';

/** Serve one result-stream connection; returns the function that detaches it from the job. */
export function serveResultStream(core: RuntimeCore, ws: WebSocket, jobId: string): () => void {
  const sender = new WebSocketSender(ws, core.faults);
  const job = core.store.get(jobId);
  if (!job) {
    sender.close(WS_CLOSE_JOB_NOT_FOUND, `Job not found: ${jobId}`);
    return () => undefined;
  }
  sender.control(STREAM_ACK_FRAME);
  for (const text of core.store.interim(job.id)) sender.push(text, 'ws-stream');

  let detach: () => void = () => undefined;
  const finish = (j: JobRecord): void => {
    detach();
    if (j.status === 'Completed') {
      const result = core.store.result(j.id);
      if (result !== undefined && !j.private) sender.push(result, 'ws-stream');
    }
    sender.close(WS_CLOSE_NORMAL, `job ${j.status.toLowerCase()}`);
  };
  if (isFinalRuntimeStatus(job.status)) {
    finish(job);
    return () => undefined;
  }
  detach = core.store.events.onJob(job.id, (event) => {
    switch (event.type) {
      case 'interim':
        sender.push(event.text, 'ws-stream');
        break;
      case 'transition':
        if (isFinalRuntimeStatus(event.job.status)) finish(event.job);
        break;
      case 'deleted':
        detach();
        sender.close(WS_CLOSE_JOB_NOT_FOUND, `Job deleted: ${jobId}`);
        break;
    }
  });
  ws.on('close', () => detach());
  return () => detach();
}
