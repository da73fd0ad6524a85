/**
 * How `qjobs` shows OpenQASM diagnostics: `FILE:LINE:COLUMN: message`, then the offending line
 * with a caret under the column, as compilers do; several diagnostics one after the other.
 *
 * @module
 */
import type { QasmDiagnostic } from './qasm-diagnostics.js';

/** The circuit a diagnostic points into. */
export interface CircuitSource {
  /** How the circuit is named in messages: its file, or `<stdin>`. */
  readonly name: string;
  /** Its text, when read. */
  readonly text?: string;
}

/** The lines showing one diagnostic: the position line, then the source line and its caret. */
export function diagnosticLines(source: CircuitSource, d: QasmDiagnostic): string[] {
  const head = `${source.name}:${d.line}:${d.column}: ${d.message}`;
  const line = source.text?.split(/\r?\n/)[d.line - 1] ?? d.excerpt;
  if (line === undefined) return [head];
  const number = String(d.line);
  const gutter = ' '.repeat(number.length);
  // Keep tabs before the column so the caret lines up under them.
  const before = line.slice(0, Math.max(0, d.column - 1)).replace(/[^\t]/g, ' ');
  return [head, `  ${number} | ${line.replace(/\s+$/, '')}`, `  ${gutter} | ${before}^`];
}

/** Every diagnostic, in order of position, each shown by {@link diagnosticLines}. */
export function diagnosticsText(
  source: CircuitSource,
  diagnostics: readonly QasmDiagnostic[],
): string[] {
  const ordered = [...diagnostics].sort((a, b) => a.line - b.line || a.column - b.column);
  return ordered.flatMap((d) => diagnosticLines(source, d));
}
