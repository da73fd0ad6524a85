/**
 * `qjobs result ID`: wait for a job to finish, with the live status line while it waits, and
 * print its result like `qjobs run` does (counts with a bar chart, or expectation values), or
 * one JSON document with `--json`.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import { decode } from '../codecs/decode.js';
import { Observables } from '../codecs/program-inputs.js';
import { isFinal } from '../codecs/status.js';
import type { RuntimeJob } from '../service/runtime-job.js';
import { booleanFlag, numberFlag } from './args.js';
import type { CliCommand } from './command.js';
import { defineCommand } from './command-runner.js';
import type { CommandContext } from './command-runner.js';
import { CANCEL_ON_INTERRUPT_FLAG, JSON_FLAG, TIMEOUT_FLAG } from './common-flags.js';
import { EXIT } from './exit-codes.js';
import { follow } from './follow.js';
import { formatResult, resultJson } from './format-result.js';
import { cancelRaceNotes, interruptEnding } from './interrupted.js';
import { jobProgress } from './job-progress.js';
import { observableLabels } from './observables.js';
import { writeJson } from './output.js';

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

async function printResult(ctx: CommandContext): Promise<number> {
  const { io, parsed, json } = ctx;
  const timeout = numberFlag(parsed, 'timeout');
  const id = parsed.positionals[0]!;
  ctx.about.jobId = id;
  ctx.about.timeoutSeconds = timeout;
  const job = await ctx.service().job(id);
  ctx.about.status = job.lastStatus;
  const summary = { jobId: id, program: job.programId ?? null, backend: job.backendName ?? null };
  // The live line while the job is still on its way; a final job answers at once.
  const info = json ? io.stderr : io.stdout;
  const waiting = job.lastStatus === undefined || !isFinal(job.lastStatus);
  const progress = waiting ? jobProgress(info, id, job.lastStatus ?? 'SUBMITTED') : undefined;
  const report = await follow(io, [job], {
    ...(timeout !== undefined ? { timeoutSeconds: timeout } : {}),
    cancelOnInterrupt: booleanFlag(parsed, 'cancel-on-interrupt'),
    beforeQuestion: () => progress?.clear(),
    onEvent: (_job, event) => progress?.onEvent(event),
  });
  progress?.stop();
  ctx.about.status = progress?.status() ?? job.lastStatus;
  for (const f of report.cancelFailures) ctx.warn(f.error);
  const ending = interruptEnding(report, id);
  if (ending !== undefined) return ctx.fail(ending, summary);
  for (const note of cancelRaceNotes(report)) io.stderr.write(`${note}\n`);
  const outcome = report.outcomes[0]!;
  if (outcome.result !== undefined && outcome.exitCode === EXIT.ok) {
    const labels = await labelsOf(job);
    if (json) {
      writeJson(io.stdout, {
        type: 'result',
        ...summary,
        status: 'DONE',
        results: resultJson(outcome.result, labels),
      });
    } else {
      const gap = progress !== undefined && !json ? '\n' : '';
      io.stdout.write(
        `${gap}${formatResult(outcome.result, { observableLabels: labels }).join('\n')}\n`,
      );
    }
    return EXIT.ok;
  }
  return ctx.fail(outcome.error, summary);
}

/** `qjobs result`. */
export const resultCommand: CliCommand = defineCommand({
  help: {
    name: 'result',
    summary: 'wait for a job and print its result (counts or expectation values)',
    description:
      'Waits for job ID to finish, with a live status line (status, queue position, elapsed ' +
      'time) while it waits, and prints its result as qjobs run does: the counts of each ' +
      'classical register sorted by count with a bar chart, or the expectation values with ' +
      'their standard errors (labelled with the observables read back from the job). A failed ' +
      'job exits 1, a cancelled one 3, --timeout passing 4.',
    synopsis: 'ID',
    flags: [JSON_FLAG, TIMEOUT_FLAG, CANCEL_ON_INTERRUPT_FLAG],
    connection: true,
    examples: [
      'qjobs result d5k2m1a9s8f7g6h5j4k3',
      'qjobs result d5k2m1a9s8f7g6h5j4k3 --json | jq .results[0].registers.meas.counts',
      'qjobs result d5k2m1a9s8f7g6h5j4k3 --timeout 60',
    ],
  },
  positional: { name: 'job ID', min: 1 },
  run: printResult,
});
