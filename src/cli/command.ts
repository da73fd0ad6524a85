/**
 * What every `qjobs` subcommand implements (its help and its run), and where it writes.
 *
 * @module
 */
import type { FlagDef } from './args.js';

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
  /** Switch a terminal between raw keys (Ctrl-C read as a key) and lines. */
  setRawMode?(raw: boolean): unknown;
}

/** Where a command writes, and an optional signal that stops long-running commands. */
export interface CliIo {
  readonly stdout: CliOutput;
  readonly stderr: CliOutput;
  /** Where questions are answered. Default: `process.stdin`. */
  readonly stdin?: CliInput;
  /** All of standard input, for `qjobs run -`. Default: read from `process.stdin`. */
  readonly readStdin?: () => Promise<string>;
  /** Environment variables (connection settings). Default: `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * Aborting it ends a long-running command (`serve`) as SIGINT would; for `run`, `watch` and
   * `result` it acts as Ctrl-C.
   */
  readonly signal?: AbortSignal;
}

/** Everything `qjobs <command> --help` shows, and the flags the command parses. */
export interface CommandHelp {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** What the command does, in a few sentences. */
  readonly description: string;
  /** The arguments after the command name in the usage line (`FILE.qasm|-`, `ID...`). */
  readonly synopsis: string;
  /** The command's own flags. */
  readonly flags: readonly FlagDef[];
  /** Whether the command takes the connection flags (`--url`, `--token`, ...). */
  readonly connection: boolean;
  /** Example command lines (`qjobs ...`), each optionally preceded by a `# comment` line. */
  readonly examples: readonly string[];
}

/** One subcommand of `qjobs`. */
export interface CliCommand {
  readonly help: CommandHelp;
  /** Run with the arguments after the command name; resolves to the exit code. */
  run(args: readonly string[], io: CliIo): Promise<number>;
}
