/**
 * The circuit `qjobs run` submits: read from a file, or from standard input for `-`; an
 * unreadable or empty input is a usage error naming it.
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import type { CliIo } from './command.js';
import type { CircuitSource } from './qasm-excerpt.js';
import { CliUsageError } from './usage-error.js';

/** How a circuit read from standard input is named in messages. */
export const STDIN_NAME = '<stdin>';

/** All of `process.stdin`, as text. */
async function processStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function readFileText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why =
      err.code === 'ENOENT'
        ? 'no such file'
        : err.code === 'EISDIR'
          ? 'it is a directory'
          : err.code === 'EACCES'
            ? 'permission denied'
            : (err.code ?? err.message);
    throw new CliUsageError(`cannot read ${file}: ${why}`);
  }
}

/** The circuit in `file`, or on standard input when `file` is `-`, with its name and text. */
export async function readCircuit(file: string, io: CliIo): Promise<Required<CircuitSource>> {
  if (file === '-') {
    if (process.stdin.isTTY && io.readStdin === undefined) {
      io.stderr.write('qjobs run: reading the circuit from standard input (end it with Ctrl-D)\n');
    }
    const text = await (io.readStdin ?? processStdin)();
    if (text.trim() === '') {
      throw new CliUsageError('standard input is empty: pipe an OpenQASM circuit into qjobs run -');
    }
    return { name: STDIN_NAME, text };
  }
  const text = await readFileText(file);
  if (text.trim() === '') throw new CliUsageError(`${file} is empty`);
  return { name: file, text };
}
