/**
 * What every `qjobs` subcommand implements, and where it writes.
 *
 * @module
 */

/** An output stream a command writes to; `isTTY` says whether it is a terminal. */
export interface CliOutput {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  /** Width of the terminal, when it is one. */
  readonly columns?: number;
}

/** Where a command reads answers to questions (Ctrl-C's "cancel the remote job too?"). */
export interface CliInput {
  readonly isTTY?: boolean;
  on(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
  off(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
  resume?(): unknown;
  pause?(): unknown;
}

/** Where a command writes, and an optional signal that stops long-running commands. */
export interface CliIo {
  readonly stdout: CliOutput;
  readonly stderr: CliOutput;
  /** Where questions are answered. Default: `process.stdin`. */
  readonly stdin?: CliInput;
  /** Environment variables (connection settings). Default: `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * Aborting it ends a long-running command (`serve`) as SIGINT would; for `run`, `watch` and
   * `result` it acts as Ctrl-C.
   */
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
