/**
 * What every `qjobs` subcommand implements, and where it writes.
 *
 * @module
 */

/** Where a command writes, and an optional signal that stops long-running commands. */
export interface CliIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  /** Aborting it ends a long-running command (`serve`) as SIGINT would. */
  readonly signal?: AbortSignal;
}

/** One subcommand of `qjobs`. */
export interface CliCommand {
  /** One line for the command list. */
  readonly summary: string;
  /** Usage line(s) shown by `qjobs help <command>`. */
  readonly usage: string;
  /** Run with the arguments after the command name; resolves to the exit code. */
  run(args: readonly string[], io: CliIo): Promise<number>;
}
