/**
 * The shape shared by `qjobs <command> ID` commands that look one job up and act on it: the
 * job id is what failures name, and the job's status is known before the command acts.
 *
 * @module
 */
import type { RuntimeJob } from '../service/runtime-job.js';
import type { CliCommand, CommandHelp } from './command.js';
import { defineCommand } from './command-runner.js';
import type { CommandContext } from './command-runner.js';

/** What a one-job command adds to the shared shape. */
export interface JobCommandSpec {
  readonly help: CommandHelp;
  /** Act on the job; resolves to the exit code. Errors are reported by the caller. */
  act(job: RuntimeJob, ctx: CommandContext): Promise<number>;
}

/** Build a `qjobs <name> ID` command from its spec. */
export function jobCommand(spec: JobCommandSpec): CliCommand {
  return defineCommand({
    help: spec.help,
    positional: { name: 'job ID', min: 1 },
    async run(ctx) {
      const id = ctx.parsed.positionals[0]!;
      ctx.about.jobId = id;
      const job = await ctx.service().job(id);
      ctx.about.status = job.lastStatus;
      return spec.act(job, ctx);
    },
  });
}
