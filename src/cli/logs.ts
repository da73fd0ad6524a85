/**
 * `qjobs logs ID`: print a job's log text.
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

/** Usage text of `qjobs logs`. */
export const LOGS_USAGE = `usage: qjobs logs ID [--json] ${CONNECTION_USAGE}`;

async function printLogs(io: CliIo, parsed: ParsedArgs): Promise<number> {
  const options = connectionOptions(parsed, envOf(io));
  const secrets = secretsOf(options);
  const id = parsed.positionals[0]!;
  try {
    const service = new RuntimeService(options);
    const job = await service.job(id);
    const logs = await job.logs();
    if (booleanFlag(parsed, 'json')) writeJson(io.stdout, { jobId: id, logs });
    else if (logs !== '') io.stdout.write(logs.endsWith('\n') ? logs : `${logs}\n`);
    return EXIT.ok;
  } catch (error) {
    return reportError(io, 'logs', error, secrets);
  }
}

/** `qjobs logs`. */
export const logsCommand: CliCommand = {
  summary: "print a job's logs (complete once the job is final)",
  usage: LOGS_USAGE,
  async run(args: readonly string[], io: CliIo): Promise<number> {
    try {
      return await printLogs(io, parseArgs(args, FLAGS, { name: 'job ID', min: 1 }));
    } catch (error) {
      return reportError(io, 'logs', error, []);
    }
  },
};
