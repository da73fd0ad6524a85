/**
 * Plain output of `qjobs` commands: a `--json` document as one JSON text per line, and tables
 * of padded columns.
 *
 * @module
 */
import type { CliOutput } from './command.js';

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
