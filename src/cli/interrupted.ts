/**
 * What a command reports when Ctrl-C ended its wait: the jobs cancelled (exit 3), left running
 * with the commands that follow or cancel them (exit 130), or cancelled on request but not seen
 * to end (exit 130); and the jobs that ended otherwise before their cancel took effect.
 *
 * @module
 */
import { isFinal } from '../codecs/status.js';
import { EXIT } from './exit-codes.js';
import type { CliFailure } from './failure.js';
import type { FollowReport, InterruptAction } from './follow.js';
import type { RuntimeJob } from '../service/runtime-job.js';

/** The failure of a wait ended by Ctrl-C on jobs `ids`. */
export function interruptFailure(
  action: InterruptAction,
  ids: readonly string[],
  cancelFailed: boolean,
): CliFailure {
  const list = ids.join(', ');
  const one = ids.length === 1;
  if (action === 'cancelled' && !cancelFailed) {
    return {
      code: 'job_cancelled',
      message: `cancelled job${one ? '' : 's'} ${list} (Ctrl-C)`,
      exitCode: EXIT.cancelled,
      fields: { ...(one ? { jobId: ids[0] } : { jobIds: ids }), status: 'CANCELLED' },
    };
  }
  const id = one ? ids[0]! : 'ID';
  return {
    code: 'interrupted',
    message: `stopped watching; job${one ? '' : 's'} ${list} go${one ? 'es' : ''} on`,
    hint: `\`qjobs watch ${id}\` follows ${one ? 'it' : 'one'} again, \`qjobs cancel ${id}\` cancels ${one ? 'it' : 'one'}`,
    exitCode: EXIT.interrupted,
    fields: one ? { jobId: ids[0] } : { jobIds: ids },
  };
}

/** The failure of jobs whose cancel was accepted but whose final status was not seen. */
export function cancelPendingFailure(jobs: readonly RuntimeJob[]): CliFailure {
  const one = jobs.length === 1;
  const ids = jobs.map((j) => j.jobId());
  const id = one ? ids[0]! : 'ID';
  const last = one ? ` (last seen ${jobs[0]!.lastStatus ?? 'UNKNOWN'})` : '';
  return {
    code: 'cancel_pending',
    message: `the cancel of job${one ? '' : 's'} ${ids.join(', ')} was requested, but no final status was seen${last}`,
    hint: `\`qjobs watch ${id}\` shows how ${one ? 'it' : 'one'} ends`,
    exitCode: EXIT.interrupted,
    fields: one
      ? { jobId: id, status: jobs[0]!.lastStatus ?? 'UNKNOWN', cancelRequested: true }
      : { jobIds: ids, cancelRequested: true },
  };
}

/**
 * The failure ending a wait on job `id` that Ctrl-C interrupted, or undefined when the job was
 * followed to its end and its outcome tells (after an accepted cancel the job may still have
 * ended DONE or ERROR first).
 */
export function interruptEnding(report: FollowReport, id: string): CliFailure | undefined {
  const action = report.interrupted;
  if (action === undefined) return undefined;
  const cancelFailed = report.cancelFailures.length > 0;
  if (action === 'detached' || cancelFailed) return interruptFailure(action, [id], cancelFailed);
  if (report.cancelPending.length > 0) return cancelPendingFailure(report.cancelPending);
  if (report.outcomes[0]?.exitCode === EXIT.cancelled) {
    return interruptFailure('cancelled', [id], false);
  }
  return undefined;
}

/** A line for each job cancelled after Ctrl-C that reached another final status first. */
export function cancelRaceNotes(report: FollowReport): string[] {
  if (report.interrupted !== 'cancelled') return [];
  return report.outcomes.flatMap((o) =>
    report.cancelRequested.includes(o.job) &&
    o.status !== undefined &&
    isFinal(o.status) &&
    o.status !== 'CANCELLED'
      ? [`job ${o.job.jobId()} ended ${o.status} before its cancel took effect`]
      : [],
  );
}
