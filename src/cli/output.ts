/**
 * How every `qjobs` command reports: an error as one line on stderr (`qjobs <command>:
 * <_tag>: <message>`, credentials redacted) with its exit code, and `--json` documents as one
 * JSON text per line on stdout.
 *
 * @module
 */
import type { CliIo, CliOutput } from './command.js';
import { errorLine, exitCodeOf, tagOf } from './exit-codes.js';
import type { ExitCode } from './exit-codes.js';

/** Write `error` as one line on stderr and return its exit code. */
export function reportError(
  io: CliIo,
  command: string,
  error: unknown,
  secrets: readonly (string | undefined)[],
): ExitCode {
  io.stderr.write(`qjobs ${command}: ${errorLine(error, secrets)}\n`);
  return exitCodeOf(error);
}

/** `{ tag, message }` of an error for `--json` documents (credentials redacted). */
export function errorJson(
  error: unknown,
  secrets: readonly (string | undefined)[],
): { readonly tag: string; readonly message: string } {
  const line = errorLine(error, secrets);
  const tag = tagOf(error);
  const prefix = `${tag}: `;
  return { tag, message: line.startsWith(prefix) ? line.slice(prefix.length) : line };
}

/** Write one JSON document (one line) to `out`. */
export function writeJson(out: CliOutput, value: unknown): void {
  out.write(`${JSON.stringify(value)}\n`);
}

/** Pad the columns of `rows` to a table (the first row is the header). */
export function table(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  }
  return rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd(),
  );
}
