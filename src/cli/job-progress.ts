/**
 * The live status line of one job fed by its events: the status, the queue position while it
 * is queued, and the elapsed time (see {@link StatusLine}).
 *
 * @module
 */
import type { JobEvent } from '../events/job-event.js';
import type { CliOutput } from './command.js';
import { StatusLine } from './status-line.js';

/** A job's live status line, updated from its events. */
export interface JobProgress {
  /** Show what an event changes (status and queue position; other events are ignored). */
  onEvent(event: JobEvent): void;
  /** The last status shown. */
  status(): string;
  /** Clear the line (before a question); the next event redraws it. */
  clear(): void;
  /** Stop for good, leaving the last state on screen. */
  stop(): void;
}

/** The live status line of job `jobId` on `out` (redrawn in place on a terminal). */
export function jobProgress(out: CliOutput, jobId: string, initial = 'SUBMITTED'): JobProgress {
  const line = new StatusLine(out, {
    tty: out.isTTY === true,
    label: `job ${jobId}`,
    ...(out.columns !== undefined ? { columns: out.columns } : {}),
  });
  let status = initial;
  let queuePosition: number | undefined;
  return {
    onEvent(event) {
      if (event.type === 'status') {
        status = event.status;
        if (event.status !== 'QUEUED') queuePosition = undefined;
      } else if (event.type === 'progress' && event.queuePosition !== undefined) {
        queuePosition = event.queuePosition;
      } else return;
      line.update({ status, queuePosition });
    },
    status: () => status,
    clear: () => line.clear(),
    stop: () => line.stop(),
  };
}
