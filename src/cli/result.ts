/**
 * `qjobs result ID`: wait for a job to finish and print its result like `qjobs run` does
 * (counts with a bar chart, or expectation values), or one JSON document with `--json`.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import { decode } from '../codecs/decode.js';
import { Observables } from '../codecs/program-inputs.js';
import type { RuntimeJob } from '../service/runtime-job.js';
import { RuntimeService } from '../service/runtime-service.js';
import { booleanFlag, numberFlag, parseArgs } from './args.js';
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
import { follow } from './follow.js';
import { formatResult, resultJson } from './format-result.js';
import { observableLabels } from './observables.js';
import { errorJson, reportError, writeJson } from './output.js';

const FLAGS: Readonly<Record<string, FlagSpec>> = {
  json: { kind: 'boolean' },
  timeout: { kind: 'seconds' },
  'cancel-on-interrupt': { kind: 'boolean' },
  ...CONNECTION_FLAGS,
};

/** Usage text of `qjobs result`. */
export const RESULT_USAGE = `usage: qjobs result ID [--json] [--timeout S] [--cancel-on-interrupt] ${CONNECTION_USAGE}`;

/** Labels of the observables of each estimator pub the job was created with, when readable. */
async function labelsOf(job: RuntimeJob): Promise<(readonly string[] | undefined)[]> {
  if (job.programId !== 'estimator') return [];
  try {
    await job.refresh({ inputs: true });
  } catch {
    return []; // private jobs and older services do not return their inputs
  }
  const pubs = job.inputs?.['pubs'];
  if (!Array.isArray(pubs)) return [];
  return pubs.map((pub: unknown) => {
    if (!Array.isArray(pub)) return undefined;
    const observables = decode(Observables, pub[1]);
    return E.isRight(observables) ? observableLabels(observables.right) : undefined;
  });
}

async function printResult(io: CliIo, parsed: ParsedArgs): Promise<number> {
  const json = booleanFlag(parsed, 'json');
  const timeout = numberFlag(parsed, 'timeout');
  const options = connectionOptions(parsed, envOf(io));
  const secrets = secretsOf(options);
  const id = parsed.positionals[0]!;
  try {
    const service = new RuntimeService(options);
    const job = await service.job(id);
    const report = await follow(io, [job], {
      ...(timeout !== undefined ? { timeoutSeconds: timeout } : {}),
      cancelOnInterrupt: booleanFlag(parsed, 'cancel-on-interrupt'),
      onEvent: () => undefined,
    });
    if (report.interrupted !== undefined) {
      const cancelled = report.interrupted === 'cancelled' && report.cancelFailures.length === 0;
      for (const f of report.cancelFailures) reportError(io, 'result', f.error, secrets);
      io.stderr.write(
        cancelled ? `qjobs result: cancelled job ${id}\n` : 'qjobs result: stopped waiting\n',
      );
      return cancelled ? EXIT.cancelled : EXIT.interrupted;
    }
    const outcome = report.outcomes[0]!;
    if (outcome.result !== undefined && outcome.exitCode === EXIT.ok) {
      const labels = await labelsOf(job);
      if (json) {
        writeJson(io.stdout, {
          jobId: id,
          program: job.programId ?? null,
          backend: job.backendName ?? null,
          status: 'DONE',
          results: resultJson(outcome.result, labels),
        });
      } else {
        io.stdout.write(
          `${formatResult(outcome.result, { observableLabels: labels }).join('\n')}\n`,
        );
      }
      return EXIT.ok;
    }
    if (json) {
      writeJson(io.stdout, {
        jobId: id,
        status: outcome.status ?? null,
        error: errorJson(outcome.error, secrets),
      });
    }
    return reportError(io, 'result', outcome.error, secrets);
  } catch (error) {
    return reportError(io, 'result', error, secrets);
  }
}

/** `qjobs result`. */
export const resultCommand: CliCommand = {
  summary: 'wait for a job and print its result (counts or expectation values)',
  usage: RESULT_USAGE,
  async run(args: readonly string[], io: CliIo): Promise<number> {
    try {
      return await printResult(io, parseArgs(args, FLAGS, { name: 'job ID', min: 1 }));
    } catch (error) {
      return reportError(io, 'result', error, []);
    }
  },
};
