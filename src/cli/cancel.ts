/**
 * `qjobs cancel ID`: cancel a job on the service.
 *
 * @module
 */
import { RuntimeService } from '../service/runtime-service.js';
import { booleanFlag, parseArgs } from './args.js';
import type { FlagSpec, ParsedArgs } from './args.js';
import type { CliCommand, CliIo } from './command.js';
import {
  CONNECTION_FLAGS,
  CONNECTION_USAGE,
  connectionOptions,
  envOf,
  secretsOf,
} from './connection.js';
import { EXIT } from './exit-codes.js';
import { reportError, writeJson } from './output.js';

const FLAGS: Readonly<Record<string, FlagSpec>> = {
  json: { kind: 'boolean' },
  ...CONNECTION_FLAGS,
};

/** Usage text of `qjobs cancel`. */
export const CANCEL_USAGE = `usage: qjobs cancel ID [--json] ${CONNECTION_USAGE}`;

async function cancelJob(io: CliIo, parsed: ParsedArgs): Promise<number> {
  const options = connectionOptions(parsed, envOf(io));
  const secrets = secretsOf(options);
  const id = parsed.positionals[0]!;
  try {
    const service = new RuntimeService(options);
    const job = await service.job(id);
    await job.cancel();
    if (booleanFlag(parsed, 'json')) writeJson(io.stdout, { jobId: id, cancelled: true });
    else io.stdout.write(`cancelled job ${id}\n`);
    return EXIT.ok;
  } catch (error) {
    return reportError(io, 'cancel', error, secrets);
  }
}

/** `qjobs cancel`. */
export const cancelCommand: CliCommand = {
  summary: 'cancel a job (exit 1 with RuntimeInvalidStateError when it is already final)',
  usage: CANCEL_USAGE,
  async run(args: readonly string[], io: CliIo): Promise<number> {
    try {
      return await cancelJob(io, parseArgs(args, FLAGS, { name: 'job ID', min: 1 }));
    } catch (error) {
      return reportError(io, 'cancel', error, []);
    }
  },
};
