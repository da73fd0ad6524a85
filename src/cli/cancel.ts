/**
 * `qjobs cancel ID`: ask the service to cancel a job and, unless `--no-wait`, wait briefly for
 * the final status it then reports. The service accepting the request is not the job being
 * cancelled: a job may still end DONE or ERROR first, and that is what is reported.
 *
 * @module
 */
import { RuntimeJobTimeoutError } from '../codecs/errors.js';
import type { JobStatus } from '../codecs/status.js';
import { booleanFlag, numberFlag } from './args.js';
import { JSON_FLAG } from './common-flags.js';
import { EXIT } from './exit-codes.js';
import { jobCommand } from './job-command.js';
import { writeJson } from './output.js';

/** Seconds `qjobs cancel` waits for the final status by default. */
const DEFAULT_WAIT_SECONDS = 30;

/** `qjobs cancel`. */
export const cancelCommand = jobCommand({
  help: {
    name: 'cancel',
    summary: 'cancel a job',
    description:
      'Asks the service to cancel job ID, then waits for the final status it reports and ' +
      'prints it. A job may end DONE or ERROR before the cancel takes effect: then the cancel ' +
      'did not happen (exit 1, qjobs result ID shows how it ended). A job already final (DONE, ' +
      'ERROR or CANCELLED) cannot be cancelled either (exit 1). Exit 0 once the job is ' +
      'CANCELLED, or with --no-wait once the service accepted the request; 4 when --timeout ' +
      'passes first (the cancel stands). A qjobs watch or qjobs run following a cancelled job ' +
      'ends with exit code 3.',
    synopsis: 'ID',
    flags: [
      JSON_FLAG,
      {
        name: 'no-wait',
        kind: 'boolean',
        help: 'return once the service accepted the request, without waiting for the final status',
      },
      {
        name: 'timeout',
        kind: 'seconds',
        value: 'S',
        help: 'wait at most S seconds for the final status (exit 4 when it passes)',
        default: String(DEFAULT_WAIT_SECONDS),
      },
    ],
    connection: true,
    examples: [
      'qjobs cancel d5k2m1a9s8f7g6h5j4k3',
      'qjobs cancel d5k2m1a9s8f7g6h5j4k3 --no-wait',
      'qjobs cancel d5k2m1a9s8f7g6h5j4k3 --json',
    ],
  },
  async act(job, ctx) {
    const { io, json, parsed } = ctx;
    const id = job.jobId();
    await job.cancel();
    const accepted = { type: 'cancelled', jobId: id, accepted: true } as const;
    if (booleanFlag(parsed, 'no-wait')) {
      if (json) {
        writeJson(io.stdout, {
          ...accepted,
          status: job.lastStatus ?? null,
          final: false,
          cancelled: false,
        });
      } else {
        io.stdout.write(
          `cancel of job ${id} accepted: \`qjobs watch ${id}\` shows how it ends (it may still finish first)\n`,
        );
      }
      return EXIT.ok;
    }
    const seconds = numberFlag(parsed, 'timeout') ?? DEFAULT_WAIT_SECONDS;
    if (!json) io.stderr.write(`cancel of job ${id} accepted; waiting for its final status\n`);
    let status: JobStatus;
    try {
      status = await job.waitForFinalState(seconds);
    } catch (error) {
      if (!(error instanceof RuntimeJobTimeoutError)) throw error;
      const last = job.lastStatus ?? 'UNKNOWN';
      ctx.about.status = last;
      return ctx.fail({
        code: 'timeout',
        message: `the cancel of job ${id} was accepted, but it is still ${last} after ${seconds} s`,
        hint: `\`qjobs watch ${id}\` shows how it ends`,
        exitCode: EXIT.timeout,
        fields: { jobId: id, status: last, accepted: true },
      });
    }
    ctx.about.status = status;
    if (status !== 'CANCELLED') {
      return ctx.fail({
        code: 'invalid_state',
        message: `job ${id} ended ${status} before its cancel took effect`,
        hint: `\`qjobs result ${id}\` shows how it ended`,
        exitCode: EXIT.failed,
        fields: { jobId: id, status, accepted: true },
      });
    }
    if (json) writeJson(io.stdout, { ...accepted, status, final: true, cancelled: true });
    else io.stdout.write(`cancelled job ${id}\n`);
    return EXIT.ok;
  },
});
