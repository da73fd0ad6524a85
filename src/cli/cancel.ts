/**
 * `qjobs cancel ID`: cancel a job on the service.
 *
 * @module
 */
import { booleanFlag } from './args.js';
import { CONNECTION_USAGE } from './connection.js';
import { EXIT } from './exit-codes.js';
import { jobCommand } from './job-command.js';
import { writeJson } from './output.js';

/** Usage text of `qjobs cancel`. */
export const CANCEL_USAGE = `usage: qjobs cancel ID [--json] ${CONNECTION_USAGE}`;

/** `qjobs cancel`. */
export const cancelCommand = jobCommand({
  name: 'cancel',
  summary: 'cancel a job (exit 1 with RuntimeInvalidStateError when it is already final)',
  usage: CANCEL_USAGE,
  flags: { json: { kind: 'boolean' } },
  async act(job, parsed, io) {
    await job.cancel();
    const id = job.jobId();
    if (booleanFlag(parsed, 'json')) writeJson(io.stdout, { jobId: id, cancelled: true });
    else io.stdout.write(`cancelled job ${id}\n`);
    return EXIT.ok;
  },
});
