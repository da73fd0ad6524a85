/**
 * The error raised for OpenQASM source the local runtime cannot accept.
 *
 * @module
 */
import { QuantumJobsError } from '../../codecs/errors.js';

/**
 * An OpenQASM program was malformed or used something the local runtime does not support
 * (an unknown gate, wrong arity, an index out of range, an unbound parameter, `if`, ...).
 * `line` and `column` are 1-based and point at the offending token; the message reads
 * `line 3, column 5: unknown gate 'foo'`, and `detail` holds the part after the position.
 */
export class QasmError extends QuantumJobsError {
  readonly _tag = 'QasmError' as const;
  constructor(
    readonly detail: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`line ${line}, column ${column}: ${detail}`);
  }
}
