/**
 * The error raised for OpenQASM source that cannot be accepted, with every problem found.
 *
 * @module
 */
import { QuantumJobsError } from '../../codecs/errors.js';

/** One problem of a program: where it is (1-based), what is wrong, and the source text there. */
export interface QasmDiagnostic {
  readonly line: number;
  readonly column: number;
  readonly message: string;
  /** The source line holding the problem, cut to at most 80 characters around it. */
  readonly excerpt: string;
}

/**
 * An OpenQASM program was malformed or used something that cannot run here (an unknown gate,
 * wrong arity, an index out of range, an unbound parameter, ...).
 *
 * `diagnostics` lists every problem found, in source order, up to a bound (the parser stops
 * looking after 20). `line`, `column` and `detail` describe the first one, and the message
 * reads `line 3, column 5: unknown gate 'foo'`, one line per problem.
 */
export class QasmError extends QuantumJobsError {
  readonly _tag = 'QasmError' as const;
  /** Every problem found (at least one; the first is `line`/`column`/`detail`). */
  readonly diagnostics: readonly QasmDiagnostic[];
  constructor(
    readonly detail: string,
    readonly line: number,
    readonly column: number,
    diagnostics?: readonly QasmDiagnostic[],
  ) {
    const all =
      diagnostics !== undefined && diagnostics.length > 0
        ? diagnostics
        : [{ line, column, message: detail, excerpt: '' }];
    super(all.map((d) => `line ${d.line}, column ${d.column}: ${d.message}`).join('\n'));
    this.diagnostics = all;
  }

  /** The error for a list of diagnostics (at least one), the first giving `line`/`column`/`detail`. */
  static of(diagnostics: readonly QasmDiagnostic[]): QasmError {
    const first = diagnostics[0]!;
    return new QasmError(first.message, first.line, first.column, diagnostics);
  }
}
