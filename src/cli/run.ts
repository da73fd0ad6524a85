/**
 * `qjobs run FILE.qasm|-`: submit an OpenQASM circuit to the Sampler (or, with observables, the
 * Estimator), follow the job with a live status line, and print the counts as a table with a
 * bar chart (or the expectation values), or one JSON document with `--json`.
 *
 * @module
 */
import { CircuitError } from '../circuits/errors.js';
import type { CircuitLike } from '../circuits/serialize.js';
import type { TranspileLayout } from '../circuits/transpiler/layout.js';
import type { ObservablesTensor } from '../codecs/program-inputs.js';
import type { JobStatus } from '../codecs/status.js';
import { isFinal } from '../codecs/status.js';
import type { Backend } from '../service/backend.js';
import { Estimator } from '../service/estimator.js';
import type { RuntimeJob } from '../service/runtime-job.js';
import { Sampler } from '../service/sampler.js';
import { booleanFlag, listFlag, numberFlag, stringFlag } from './args.js';
import type { ParsedArgs } from './args.js';
import { chooseBackend } from './backend-choice.js';
import { inspectCircuit, noMeasurementWarning } from './circuit-check.js';
import { readCircuit } from './circuit-input.js';
import type { CliCommand } from './command.js';
import { defineCommand } from './command-runner.js';
import type { CommandContext } from './command-runner.js';
import { CANCEL_ON_INTERRUPT_FLAG, JSON_FLAG, TIMEOUT_FLAG } from './common-flags.js';
import { EXIT } from './exit-codes.js';
import { follow } from './follow.js';
import type { JobOutcome } from './follow.js';
import { formatResult, resultJson } from './format-result.js';
import { cancelRaceNotes, interruptEnding } from './interrupted.js';
import { jobProgress } from './job-progress.js';
import { parseObservables } from './observables.js';
import type { ParsedObservables } from './observables.js';
import { writeJson } from './output.js';
import { transpiledJson, transpiledLine } from './transpile-note.js';
import { CliUsageError } from './usage-error.js';

/** What `qjobs run` was asked to do, checked. */
interface RunRequest {
  readonly file: string;
  readonly program: 'sampler' | 'estimator';
  /** Sampler shots. */
  readonly shots: number | undefined;
  /** Estimator target precision (from `--precision`, or `--shots` N as 1/√N). */
  readonly precision: number | undefined;
  readonly observables: ParsedObservables | undefined;
  readonly backend: string | undefined;
  readonly timeout: number | undefined;
  readonly maxExecutionTime: number | undefined;
  readonly tags: readonly string[];
  readonly detach: boolean;
  readonly cancelOnInterrupt: boolean;
  /** False for `--no-transpile`. */
  readonly transpile: boolean;
  readonly optimizationLevel: 0 | 1 | 2 | 3;
}

/**
 * The Estimator precision `--shots N` stands for: 1/√N, the relation IBM documents between
 * shots and precision (`default_precision` 0.015625 = 1/√4096, from Qiskit/qiskit-ibm-runtime
 * qiskit_ibm_runtime/options/estimator_options.py).
 */
export function precisionOfShots(shots: number): number {
  return 1 / Math.sqrt(shots);
}

function request(parsed: ParsedArgs): RunRequest {
  const observablesText = stringFlag(parsed, 'observables');
  const observables = observablesText === undefined ? undefined : parseObservables(observablesText);
  const program =
    (stringFlag(parsed, 'program') as RunRequest['program'] | undefined) ??
    (observables !== undefined ? 'estimator' : 'sampler');
  if (program === 'estimator' && observables === undefined) {
    throw new CliUsageError('--program estimator needs --observables', {
      hint: 'give the observables, such as --observables ZZ,XX',
    });
  }
  if (program === 'sampler' && observables !== undefined) {
    throw new CliUsageError('--observables is for --program estimator');
  }
  const shots = numberFlag(parsed, 'shots');
  const precisionFlag = numberFlag(parsed, 'precision');
  if (program === 'sampler' && precisionFlag !== undefined) {
    throw new CliUsageError('--precision is for the Estimator', {
      hint: 'the Sampler takes --shots N',
    });
  }
  if (shots !== undefined && precisionFlag !== undefined) {
    throw new CliUsageError('--shots and --precision both set the precision of the Estimator', {
      hint: 'give one of them (--shots N means --precision 1/√N)',
    });
  }
  if (booleanFlag(parsed, 'detach') && numberFlag(parsed, 'timeout') !== undefined) {
    throw new CliUsageError('--timeout has no effect with --detach');
  }
  const optimizationLevel = numberFlag(parsed, 'optimization-level');
  if (booleanFlag(parsed, 'no-transpile') && optimizationLevel !== undefined) {
    throw new CliUsageError('--optimization-level has no effect with --no-transpile', {
      hint: 'give one of them',
    });
  }
  const estimator = program === 'estimator';
  return {
    file: parsed.positionals[0]!,
    program,
    shots: estimator ? undefined : shots,
    precision: estimator
      ? (precisionFlag ?? (shots !== undefined ? precisionOfShots(shots) : undefined))
      : undefined,
    observables,
    backend: stringFlag(parsed, 'backend'),
    timeout: numberFlag(parsed, 'timeout'),
    maxExecutionTime: numberFlag(parsed, 'max-execution-time'),
    tags: listFlag(parsed, 'tag'),
    detach: booleanFlag(parsed, 'detach'),
    cancelOnInterrupt: booleanFlag(parsed, 'cancel-on-interrupt'),
    transpile: !booleanFlag(parsed, 'no-transpile'),
    optimizationLevel: (optimizationLevel ?? 1) as RunRequest['optimizationLevel'],
  };
}

/** Submit the circuit to the primitive `req.program` on `backend`, with `observables` for the Estimator. */
async function submit(
  backend: Backend,
  req: RunRequest,
  circuit: CircuitLike,
  observables: ObservablesTensor | undefined,
): Promise<RuntimeJob> {
  const options = {
    ...(req.maxExecutionTime !== undefined ? { maxExecutionTime: req.maxExecutionTime } : {}),
    ...(req.tags.length > 0 ? { jobTags: [...req.tags] } : {}),
  };
  if (req.program === 'sampler') {
    const sampler = new Sampler({ backend, options });
    const job = await sampler.run([[circuit]], req.shots !== undefined ? { shots: req.shots } : {});
    return job as unknown as RuntimeJob;
  }
  const estimator = new Estimator({ backend, options });
  const job = await estimator.run(
    [[circuit, observables!]],
    req.precision !== undefined ? { precision: req.precision } : {},
  );
  return job as unknown as RuntimeJob;
}

/**
 * The Estimator's observables, written for the circuit's qubits, over the device's qubits the
 * transpiled circuit put them on (Qiskit's `SparsePauliOp.apply_layout`).
 */
function mappedObservables(
  layout: TranspileLayout,
  observables: ObservablesTensor,
): ObservablesTensor {
  try {
    return layout.applyLayout(observables);
  } catch (error) {
    if (error instanceof CircuitError) throw new CliUsageError(`--observables: ${error.message}`);
    throw error;
  }
}

/** The final status of a job for reports. */
function finalStatusOf(outcome: JobOutcome): JobStatus | string {
  const s = outcome.status;
  if (s !== undefined && isFinal(s)) return s;
  return outcome.exitCode === EXIT.timeout ? 'TIMEOUT' : (s ?? 'UNKNOWN');
}

async function runJob(ctx: CommandContext): Promise<number> {
  const { io, json } = ctx;
  const req = request(ctx.parsed);
  const circuit = await readCircuit(req.file, io);
  ctx.about.circuit = circuit;
  ctx.about.timeoutSeconds = req.timeout;
  const inspection = inspectCircuit(circuit.text);
  ctx.about.localDiagnostics = inspection.diagnostics;
  if (req.program === 'sampler' && inspection.classicalRegisters === 0) {
    io.stderr.write(`${noMeasurementWarning(circuit.name)}\n`);
  }
  // Status and progress go to stderr when stdout carries the JSON document.
  const info = json ? io.stderr : io.stdout;
  const notSubmitted: Record<string, unknown> = { program: req.program, status: 'NOT_SUBMITTED' };
  let backend: Backend;
  let job: RuntimeJob;
  let transpiled: Record<string, unknown> | undefined;
  try {
    const choice = await chooseBackend(
      ctx.service(),
      { ...req, file: circuit.name, circuit: inspection.circuit },
      (name) => {
        ctx.about.backend = name;
        notSubmitted['backend'] = name;
      },
    );
    backend = choice.backend;
    for (const line of choice.skipped) io.stderr.write(`${line}\n`);
    let sent: CircuitLike = circuit.text;
    let observables = req.observables?.observables;
    const prepared = choice.prepared;
    if (prepared.kind === 'transpiled') {
      sent = prepared.circuit;
      if (observables !== undefined)
        observables = mappedObservables(prepared.circuit.layout!, observables);
      transpiled = transpiledJson(prepared.report);
      io.stderr.write(
        `${transpiledLine(circuit.name, prepared.report, req.program === 'estimator')}\n`,
      );
    }
    ctx.about.asWrittenOnDevice = prepared.kind === 'not-isa';
    job = await submit(backend, req, sent, observables);
  } catch (error) {
    return ctx.fail(error, { ...notSubmitted, ...(transpiled ? { transpiled } : {}) });
  }
  const id = job.jobId();
  const summary = {
    jobId: id,
    program: req.program,
    backend: job.backendName ?? backend.name,
    ...(transpiled !== undefined ? { transpiled } : {}),
  };
  ctx.about.jobId = id;
  if (req.detach) {
    if (json) writeJson(io.stdout, { type: 'submitted', ...summary, status: 'SUBMITTED' });
    else io.stdout.write(`${id}\n`);
    return EXIT.ok;
  }
  info.write(`job ${id} submitted to ${backend.name} (${req.program})\n`);
  ctx.about.following = true;
  const progress = jobProgress(info, id);
  const report = await follow(io, [job], {
    ...(req.timeout !== undefined ? { timeoutSeconds: req.timeout } : {}),
    cancelOnInterrupt: req.cancelOnInterrupt,
    beforeQuestion: () => progress.clear(),
    onEvent: (_job, event) => progress.onEvent(event),
  });
  progress.stop();
  ctx.about.status = progress.status();

  for (const f of report.cancelFailures) ctx.warn(f.error);
  const ending = interruptEnding(report, id);
  if (ending !== undefined) return ctx.fail(ending, summary);
  for (const note of cancelRaceNotes(report)) io.stderr.write(`${note}\n`);
  const outcome = report.outcomes[0]!;
  if (outcome.exitCode === EXIT.ok && outcome.result !== undefined) {
    const labels = [req.observables?.labels];
    if (json) {
      writeJson(io.stdout, {
        type: 'result',
        ...summary,
        status: 'DONE',
        results: resultJson(outcome.result, labels),
      });
    } else {
      io.stdout.write(
        `\n${formatResult(outcome.result, { observableLabels: labels }).join('\n')}\n`,
      );
    }
    return EXIT.ok;
  }
  return ctx.fail(outcome.error, { ...summary, status: finalStatusOf(outcome) });
}

/** `qjobs run`. */
export const runCommand: CliCommand = defineCommand({
  help: {
    name: 'run',
    summary: 'submit an OpenQASM circuit, follow the job live, print counts or expectation values',
    description:
      'Reads an OpenQASM 2 or 3 circuit from FILE.qasm (or from standard input for -), submits ' +
      'it to the Sampler (or to the Estimator with --observables), follows the job with a live ' +
      'status line (status, queue position, elapsed time) and prints the result: the counts of ' +
      'each classical register sorted by count with a bar chart, or each expectation value with ' +
      'its standard error.\n\n' +
      'A device runs only ISA circuits (its own gates, on qubits it couples). A circuit that is ' +
      'not ISA for the device it goes to is transpiled for it first, as Qiskit does, and a line ' +
      'on stderr says so (the device, its two-qubit gates, where the measured qubits went); ' +
      "counts come back in the circuit's own bit order, and Estimator observables are mapped " +
      'to the qubits the circuit was placed on. Without --backend the job goes to a simulator ' +
      'whenever the service has one, however busy it is: a device is used only when named, or ' +
      'on a service that has no simulator (as IBM Quantum).\n\n' +
      'A Sampler circuit without classical registers runs with a warning (as in Qiskit): its ' +
      'result is empty. A circuit the service refuses is shown with the file, line and column ' +
      'of each error and the offending line.',
    synopsis: 'FILE.qasm|-',
    flags: [
      {
        name: 'program',
        kind: 'string',
        choices: ['sampler', 'estimator'],
        value: 'sampler|estimator',
        help: 'the primitive to run',
        default: 'sampler, or estimator when --observables is given',
      },
      {
        name: 'shots',
        kind: 'int',
        min: 1,
        max: 10_000_000,
        value: 'N',
        help: 'Sampler: the shots of the circuit; Estimator: sets the target precision to 1/√N (4096 shots = precision 0.015625)',
        default: "the service's, 4096 on a local runtime",
      },
      {
        name: 'precision',
        kind: 'positive',
        value: 'P',
        help: 'Estimator: the target precision (standard error) of each expectation value',
        default: "the service's, 0.015625",
      },
      {
        name: 'observables',
        kind: 'string',
        value: 'OBS',
        help: 'the Estimator\'s observables: Pauli strings (ZZ,XX; rightmost letter is qubit 0) or JSON ({"ZZ": 1, "XX": 0.5}, or a list of them)',
      },
      {
        name: 'backend',
        kind: 'string',
        value: 'NAME',
        help: 'the backend to run on; a circuit a device cannot run as written is transpiled for it',
        default:
          'the least busy simulator; on a service without simulators, such as IBM Quantum, the least busy device that can take the circuit',
      },
      {
        name: 'optimization-level',
        kind: 'int',
        min: 0,
        max: 3,
        value: 'N',
        help: "how hard to optimise a circuit transpiled for a device, as Qiskit's optimization_level: 0 only maps it onto the device, 3 tries hardest",
        default: '1',
      },
      {
        name: 'no-transpile',
        kind: 'boolean',
        help: 'send the circuit as written: a device it is not ISA for fails the job (error 1517), and without --backend such devices are passed over',
      },
      TIMEOUT_FLAG,
      {
        name: 'max-execution-time',
        kind: 'int',
        min: 1,
        max: 86_400,
        value: 'S',
        help: 'the most seconds the job may run before the service stops it (exit 1)',
        default: "the service's",
      },
      {
        name: 'tag',
        kind: 'list',
        value: 'T',
        help: 'tag the job (repeat, or comma-separate); qjobs list --tag T finds it',
      },
      JSON_FLAG,
      { name: 'detach', kind: 'boolean', help: 'print the job id and exit 0 without waiting' },
      CANCEL_ON_INTERRUPT_FLAG,
    ],
    connection: true,
    examples: [
      'qjobs run bell.qasm --shots 1000',
      'qjobs run bell.qasm --json | jq .results[0].registers.meas.counts',
      '# the Estimator: one expectation value per observable',
      'qjobs run state.qasm --observables ZZ,XX,ZI --shots 10000',
      '# the circuit from standard input',
      'echo \'OPENQASM 3.0; include "stdgates.inc"; qubit q; bit c; h q; c = measure q;\' | qjobs run -',
      'id=$(qjobs run bell.qasm --detach) && qjobs watch "$id"',
      '# on a device: transpiled for it when it is not ISA',
      'qjobs run bell.qasm --backend ibm_fez --optimization-level 3',
    ],
  },
  positional: { name: 'FILE.qasm (or - for standard input)', min: 1 },
  run: runJob,
});
