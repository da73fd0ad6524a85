/**
 * The exit codes of `qjobs`, and the exit code an error of a followed job stands for.
 *
 * @module
 */
import { isQuantumJobsError } from '../codecs/errors.js';
import { CliUsageError } from './usage-error.js';

/** Exit codes of `qjobs` (see docs/cli.md). */
export const EXIT = {
  /** The job finished DONE (or the command did what it was asked). */
  ok: 0,
  /** The job failed (ERROR), or a runtime/API error stopped the command. */
  failed: 1,
  /** The command line or the connection settings cannot be used. */
  usage: 2,
  /** The job was cancelled. */
  cancelled: 3,
  /** `--timeout` passed before the job reached a final status. */
  timeout: 4,
  /** Interrupted (Ctrl-C): stopped watching, the remote job was left running. */
  interrupted: 130,
} as const;

/** The exit codes in one line, as the help shows them. */
export const EXIT_CODES_LINE =
  'exit codes: 0 done, 1 failed, 2 usage, 3 cancelled, 4 timeout, 130 interrupted (Ctrl-C, job left running)';

/** One of the {@link EXIT} codes. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The exit code an error stands for. */
export function exitCodeOf(error: unknown): ExitCode {
  if (error instanceof CliUsageError) return EXIT.usage;
  if (!isQuantumJobsError(error)) return EXIT.failed;
  switch (error._tag) {
    case 'RuntimeJobCancelledError':
      return EXIT.cancelled;
    case 'RuntimeJobTimeoutError':
      return EXIT.timeout;
    case 'ConfigError':
      return EXIT.usage;
    default:
      return EXIT.failed;
  }
}
