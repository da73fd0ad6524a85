/**
 * The exit codes of `qjobs` and the mapping from an error to its exit code and one-line
 * message (naming the error's `_tag`, with every credential redacted).
 *
 * @module
 */
import { isQuantumJobsError } from '../codecs/errors.js';
import { redactSecrets } from '../transport/redact.js';
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

/** One of the {@link EXIT} codes. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The `_tag` of an error: the library's own tag, or `Error` for anything else. */
export function tagOf(error: unknown): string {
  if (isQuantumJobsError(error)) return error._tag;
  if (error instanceof CliUsageError) return 'UsageError';
  return 'Error';
}

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

/**
 * One line describing `error`: `<_tag>: <message>` on a single line (newlines folded), with
 * every string in `secrets` replaced by `[REDACTED]`.
 */
export function errorLine(error: unknown, secrets: readonly (string | undefined)[]): string {
  const message = error instanceof Error ? error.message : String(error);
  const oneLine = message.replace(/\s*\r?\n\s*/g, ' ').trim();
  const text = redactSecrets(oneLine, secrets);
  return error instanceof CliUsageError ? text : `${tagOf(error)}: ${text}`;
}
