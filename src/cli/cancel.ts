/**
 * `qjobs cancel ID`: cancel a job on the service.
 *
 * @module
 */
import { JSON_FLAG } from './common-flags.js';
import { EXIT } from './exit-codes.js';
import { jobCommand } from './job-command.js';
import { writeJson } from './output.js';

/** `qjobs cancel`. */
export const cancelCommand = jobCommand({
  help: {
    name: 'cancel',
    summary: 'cancel a job',
    description:
      'Cancels job ID on the service. A job already final (DONE, ERROR or CANCELLED) cannot be ' +
      'cancelled: that is an error (exit 1). A qjobs watch or qjobs run following the job ends ' +
      'with exit code 3.',
    synopsis: 'ID',
    flags: [JSON_FLAG],
    connection: true,
    examples: ['qjobs cancel d5k2m1a9s8f7g6h5j4k3', 'qjobs cancel d5k2m1a9s8f7g6h5j4k3 --json'],
  },
  async act(job, ctx) {
    await job.cancel();
    const id = job.jobId();
    if (ctx.json) writeJson(ctx.io.stdout, { type: 'cancelled', jobId: id, cancelled: true });
    else ctx.io.stdout.write(`cancelled job ${id}\n`);
    return EXIT.ok;
  },
});
