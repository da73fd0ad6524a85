/**
 * `qjobs logs ID`: print a job's log text.
 *
 * @module
 */
import { JSON_FLAG } from './common-flags.js';
import { EXIT } from './exit-codes.js';
import { jobCommand } from './job-command.js';
import { writeJson } from './output.js';

/** `qjobs logs`. */
export const logsCommand = jobCommand({
  help: {
    name: 'logs',
    summary: "print a job's log",
    description:
      'Prints the log of job ID. The service completes the log once the job is final; a job ' +
      'without a log prints nothing.',
    synopsis: 'ID',
    flags: [JSON_FLAG],
    connection: true,
    examples: ['qjobs logs d5k2m1a9s8f7g6h5j4k3', 'qjobs logs d5k2m1a9s8f7g6h5j4k3 --json'],
  },
  async act(job, ctx) {
    const logs = await job.logs();
    if (ctx.json) writeJson(ctx.io.stdout, { type: 'logs', jobId: job.jobId(), logs });
    else if (logs !== '') ctx.io.stdout.write(logs.endsWith('\n') ? logs : `${logs}\n`);
    return EXIT.ok;
  },
});
