/**
 * The shape shared by `qjobs <command> ID` commands that look one job up and act on it:
 * parse the flags, connect, fetch the job, act, and turn any failure into one line and an
 * exit code.
 *
 * @module
 */
import { RuntimeService } from '../service/runtime-service.js';
import type { RuntimeJob } from '../service/runtime-job.js';
import { parseArgs } from './args.js';
import type { FlagSpec, ParsedArgs } from './args.js';
import type { CliCommand, CliIo } from './command.js';
import { CONNECTION_FLAGS, connectionOptions, envOf, secretsOf } from './connection.js';
import { reportError } from './output.js';

/** What a one-job command adds to the shared shape. */
export interface JobCommandSpec {
  /** The command's name, used in error lines (`qjobs <name>: ...`). */
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  /** Flags besides the connection flags. */
  readonly flags: Readonly<Record<string, FlagSpec>>;
  /** Act on the job; resolves to the exit code. Errors are reported by the caller. */
  act(job: RuntimeJob, parsed: ParsedArgs, io: CliIo): Promise<number>;
}

/** Build a `qjobs <name> ID` command from its spec. */
export function jobCommand(spec: JobCommandSpec): CliCommand {
  const flags = { ...spec.flags, ...CONNECTION_FLAGS };
  return {
    summary: spec.summary,
    usage: spec.usage,
    async run(args: readonly string[], io: CliIo): Promise<number> {
      let secrets: readonly string[] = [];
      try {
        const parsed = parseArgs(args, flags, { name: 'job ID', min: 1 });
        const options = connectionOptions(parsed, envOf(io));
        secrets = secretsOf(options);
        const service = new RuntimeService(options);
        const job = await service.job(parsed.positionals[0]!);
        return await spec.act(job, parsed, io);
      } catch (error) {
        return reportError(io, spec.name, error, secrets);
      }
    },
  };
}
