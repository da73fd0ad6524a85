/**
 * `quantum-jobs-rx/circuits`: the circuit model and what reads it: `parseQasm` turns OpenQASM
 * 2 or 3 source into a {@link Circuit} (a `QasmError` with line and column when it cannot),
 * `bindParameters` fixes its `input` parameters. Browser-safe.
 *
 * @module
 */
export type * from './model.js';
export { QasmError } from './qasm/errors.js';
export type { QasmDiagnostic } from './qasm/errors.js';
export { parseQasm } from './qasm/parser.js';
export type { ParseOptions } from './qasm/parser.js';
export { bindParameters } from './qasm/bind.js';
export type { ParameterBinding } from './qasm/bind.js';
