/**
 * The `qjobs` command: dispatches `qjobs <command> [args]` through a table of commands.
 * Each command lives in its own file and returns its exit code.
 *
 * @module
 */
import type { CliCommand, CliIo } from './command.js';
import { serveCommand } from './serve.js';

export type { CliCommand, CliIo } from './command.js';

/** Every subcommand, by name. */
export const COMMANDS: Readonly<Record<string, CliCommand>> = {
  serve: serveCommand,
};

function usage(): string {
  const names = Object.keys(COMMANDS).sort();
  const width = Math.max(...names.map((n) => n.length));
  const lines = names.map((n) => `  ${n.padEnd(width)}  ${COMMANDS[n]!.summary}`);
  return `usage: qjobs <command> [options]\n\ncommands:\n${lines.join('\n')}\n  ${'help'.padEnd(width)}  show this text, or a command's usage\n`;
}

/**
 * Run `qjobs` with `argv` (the arguments after the program name) and resolve to the exit
 * code: 0 on success, 2 for a command line that cannot be used, 1 for other failures.
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
