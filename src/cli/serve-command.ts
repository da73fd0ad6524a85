/**
 * The `qjobs serve` entry of the command table: its summary and usage at hand, the local
 * runtime loaded only when the command runs, so other commands never load the server.
 *
 * @module
 */
import type { CliCommand, CliIo } from './command.js';
import { SERVE_HELP } from './serve-usage.js';

/** `qjobs serve`, loading `serve.js` (and with it the local runtime) when it runs. */
export const lazyServeCommand: CliCommand = {
  help: SERVE_HELP,
  async run(args: readonly string[], io: CliIo): Promise<number> {
    const { serveCommand } = await import('./serve.js');
    return serveCommand.run(args, io);
  },
};
