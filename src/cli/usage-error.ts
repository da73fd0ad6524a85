/**
 * The error of a command line a `qjobs` command cannot use.
 *
 * @module
 */

/** A command line the command cannot use; reported as one line on stderr with exit code 2. */
export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}
