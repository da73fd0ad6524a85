/**
 * The error of a command line a `qjobs` command cannot use.
 *
 * @module
 */

/** What a usage error may add to its message. */
export interface CliUsageErrorOptions {
  /** What to do next, in the CLI's words (`see the flags with --help`). */
  readonly hint?: string;
  /** The `code` of its `--json` error document. Default `usage`. */
  readonly code?: string;
}

/** A command line the command cannot use; reported as one line on stderr with exit code 2. */
export class CliUsageError extends Error {
  readonly hint: string | undefined;
  readonly code: string;
  constructor(message: string, options: CliUsageErrorOptions = {}) {
    super(message);
    this.name = 'CliUsageError';
    this.hint = options.hint;
    this.code = options.code ?? 'usage';
  }
}
