/**
 * The `qjobs` command: dispatches `qjobs <command> [args]` through a table of commands, and
 * answers `--help`, `--version` and mistyped commands itself. Each command lives in its own
 * file and returns its exit code.
 *
 * @module
 */
import { wantsHelp, wantsJson } from './args.js';
import { cancelCommand } from './cancel.js';
import type { CliCommand, CliIo } from './command.js';
import { EXIT } from './exit-codes.js';
import { describeFailure } from './failure.js';
import { commandHelpText, rootHelpText } from './help.js';
import { listCommand } from './list.js';
import { logsCommand } from './logs.js';
import { writeJson } from './output.js';
import { reportFailure } from './report.js';
import { resultCommand } from './result.js';
import { runCommand } from './run.js';
import { lazyServeCommand } from './serve-command.js';
import { visibleSecrets } from './settings.js';
import { nearest } from './suggest.js';
import { packageVersion } from './version.js';
import { watchCommand } from './watch.js';

export type { CliCommand, CliIo } from './command.js';

/** Every subcommand, in the order the help lists them. */
export const COMMANDS: Readonly<Record<string, CliCommand>> = {
  run: runCommand,
  watch: watchCommand,
  result: resultCommand,
  list: listCommand,
  logs: logsCommand,
  cancel: cancelCommand,
  serve: lazyServeCommand,
};

/** The text of `qjobs --help`. */
export function rootHelp(): string {
  return rootHelpText(Object.values(COMMANDS).map((c) => c.help));
}

/** The text of `qjobs <name> --help`, or undefined for an unknown command. */
export function commandHelp(name: string): string | undefined {
  const command = commandNamed(name);
  return command !== undefined ? commandHelpText(command.help) : undefined;
}

function commandNamed(name: string): CliCommand | undefined {
  return Object.prototype.hasOwnProperty.call(COMMANDS, name) ? COMMANDS[name] : undefined;
}

/** Report an unknown command, suggesting the nearest one; exit 2. */
function unknownCommand(io: CliIo, name: string, json: boolean): number {
  const guess = nearest(name, [...Object.keys(COMMANDS), 'help']);
  return reportFailure(
    io,
    '',
    {
      code: 'unknown_command',
      message: `unknown command ${JSON.stringify(name)}${guess !== undefined ? ` (did you mean ${guess}?)` : ''}`,
      hint: 'qjobs --help lists the commands',
      exitCode: EXIT.usage,
      ...(guess !== undefined ? { fields: { suggestion: guess } } : {}),
    },
    { json, secrets: [] },
  );
}

/**
 * Run `qjobs` with `argv` (the arguments after the program name) and resolve to the exit
 * code: 0 done, 1 failed (or another runtime/API error), 2 a command line or connection
 * settings that cannot be used, 3 cancelled, 4 timed out, 130 interrupted (see docs/cli.md).
 */
export async function main(
  argv: readonly string[],
  io: CliIo = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  const [name, ...rest] = argv;
  const json = wantsJson(argv);
  if (name === undefined) {
    io.stderr.write(rootHelp());
    return EXIT.usage;
  }
  if (name === '--version' || name === '-v' || name === 'version') {
    const version = packageVersion();
    if (json) writeJson(io.stdout, { type: 'version', version });
    else io.stdout.write(`qjobs ${version}\n`);
    return EXIT.ok;
  }
  if (name === 'help' || name === '--help' || name === '-h') {
    const topic = rest.find((a) => !a.startsWith('-'));
    if (topic === undefined) {
      io.stdout.write(rootHelp());
      return EXIT.ok;
    }
    const text = commandHelp(topic);
    if (text === undefined) return unknownCommand(io, topic, json);
    io.stdout.write(text);
    return EXIT.ok;
  }
  if (name.startsWith('-')) {
    // A flag before any command (`qjobs --json`): the command is missing.
    return reportFailure(
      io,
      '',
      {
        code: 'usage',
        message: name === '--json' ? 'missing command' : `unknown flag ${JSON.stringify(name)}`,
        hint: 'usage: qjobs <command> [flags]; qjobs --help lists the commands',
        exitCode: EXIT.usage,
      },
      { json, secrets: [] },
    );
  }
  const command = commandNamed(name);
  if (command === undefined) return unknownCommand(io, name, json);
  if (wantsHelp(rest)) {
    io.stdout.write(commandHelpText(command.help));
    return EXIT.ok;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    // Commands report their own failures; this is the last line of defence.
    const secrets = visibleSecrets(rest, io.env ?? process.env);
    return reportFailure(io, name, describeFailure(error), { json, secrets });
  }
}
