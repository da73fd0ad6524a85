/**
 * The `qjobs` command: dispatches `qjobs <command> [args]` through a table of commands.
 * Each command lives in its own file and returns its exit code.
 *
 * @module
 */
import { cancelCommand } from './cancel.js';
import type { CliCommand, CliIo } from './command.js';
import { listCommand } from './list.js';
import { logsCommand } from './logs.js';
import { resultCommand } from './result.js';
import { runCommand } from './run.js';
import { lazyServeCommand } from './serve-command.js';
import { watchCommand } from './watch.js';

export type { CliCommand, CliIo } from './command.js';

/** Every subcommand, by name. */
export const COMMANDS: Readonly<Record<string, CliCommand>> = {
  run: runCommand,
  watch: watchCommand,
  list: listCommand,
  cancel: cancelCommand,
  logs: logsCommand,
  result: resultCommand,
  serve: lazyServeCommand,
};

function usage(): string {
  const names = Object.keys(COMMANDS).sort();
  const width = Math.max(...names.map((n) => n.length));
  const lines = names.map((n) => `  ${n.padEnd(width)}  ${COMMANDS[n]!.summary}`);
  return (
    `usage: qjobs <command> [options]\n\ncommands:\n${lines.join('\n')}\n` +
    `  ${'help'.padEnd(width)}  show this text, or a command's usage\n\n` +
    'connection: --url and --token (or --api-key and --instance), or QJOBS_URL and QJOBS_TOKEN\n' +
    'exit codes: 0 done, 1 failed, 2 usage, 3 cancelled, 4 timeout, 130 interrupted\n'
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
  if (name === undefined) {
    io.stderr.write(usage());
    return 2;
  }
  if (name === 'help' || name === '--help' || name === '-h') {
    const topic = rest[0];
    if (topic !== undefined) {
      const cmd = COMMANDS[topic];
      if (!cmd) {
        io.stderr.write(`qjobs: unknown command ${JSON.stringify(topic)} (try 'qjobs help')\n`);
        return 2;
      }
      io.stdout.write(`${cmd.usage}\n`);
      return 0;
    }
    io.stdout.write(usage());
    return 0;
  }
  const command = Object.prototype.hasOwnProperty.call(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    io.stderr.write(`qjobs: unknown command ${JSON.stringify(name)} (try 'qjobs help')\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(`${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    io.stderr.write(`qjobs ${name}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}
