/**
 * `qjobs logs ID`: print a job's log text.
 *
 * @module
 */
import { booleanFlag } from './args.js';
import { CONNECTION_USAGE } from './connection.js';
import { EXIT } from './exit-codes.js';
import { jobCommand } from './job-command.js';
import { writeJson } from './output.js';

/** Usage text of `qjobs logs`. */
export const LOGS_USAGE = `usage: qjobs logs ID [--json] ${CONNECTION_USAGE}`;

/** `qjobs logs`. */
export const logsCommand = jobCommand({
  name: 'logs',
  summary: "print a job's logs (complete once the job is final)",
  usage: LOGS_USAGE,
  flags: { json: { kind: 'boolean' } },
  async act(job, parsed, io) {
    const logs = await job.logs();
    if (booleanFlag(parsed, 'json')) writeJson(io.stdout, { jobId: job.jobId(), logs });
    else if (logs !== '') io.stdout.write(logs.endsWith('\n') ? logs : `${logs}\n`);
    return EXIT.ok;
  },
});
