/**
 * `parseQasm`: OpenQASM 3 (and OpenQASM 2) source to a {@link Circuit}, or a {@link QasmError}
 * listing every problem found (up to 20), each with its line, column and source excerpt.
 *
 * The program is tokenised (`lexer.ts`), read into a syntax tree (`syntax.ts`) and lowered to
 * the circuit model (`lower.ts`): classical computation known before the circuit runs is
 * carried out, what depends on measurements becomes the model's control flow, and the
 * program's own gate definitions stay in `Circuit.gates`.
 *
 * @module
 */
import type { Circuit } from '../model.js';
import { Diagnostics, DiagnosticsFull } from './diagnostics.js';
import { QasmError } from './errors.js';
import { tokenize } from './lexer.js';
import { Lowerer } from './lower.js';
import { SyntaxParser } from './syntax.js';

export { MAX_BLOCK_DEPTH, MAX_EXPRESSION_DEPTH, MAX_TREE_DEPTH } from './syntax.js';

/** Safety ceilings applied while parsing. */
export interface ParseOptions {
  /**
   * Largest number of instructions the program may lower to, counted through nested blocks
   * (loops are unrolled, subroutines inlined). Default 1,000,000.
   */
  readonly maxInstructions?: number;
  /** Largest number of qubits (and of classical bits), and largest physical qubit index plus one. Default 1,048,576. */
  readonly maxRegisterSize?: number;
}

const DEFAULT_MAX_INSTRUCTIONS = 1_000_000;
const DEFAULT_MAX_REGISTER_SIZE = 1 << 20;

/**
 * Parse an OpenQASM 2 or 3 program into a {@link Circuit}. Throws {@link QasmError} listing
 * the program's problems: malformed statements, unknown names, wrong arity, indices out of
 * range, types that do not combine, and what cannot run here (opaque gates, extern functions,
 * values known only at run time where the model needs a number).
 */
export function parseQasm(source: string, options: ParseOptions = {}): Circuit {
  if (typeof source !== 'string') {
    throw new QasmError('the circuit must be an OpenQASM program given as a string', 1, 1);
  }
  const diagnostics = new Diagnostics(source);
  let circuit: Circuit | undefined;
  try {
    const tokens = tokenize(source, diagnostics);
    const parser = new SyntaxParser(tokens, diagnostics);
    const lowerer = new Lowerer(
      diagnostics,
      {
        maxInstructions: options.maxInstructions ?? DEFAULT_MAX_INSTRUCTIONS,
        maxRegisterSize: options.maxRegisterSize ?? DEFAULT_MAX_REGISTER_SIZE,
      },
      false,
    );
    // Names in statements that could not be read may be declared there: not reported again.
    lowerer.scope.suspects = parser.skipped;
    // Each statement is lowered as soon as it is read.
    for (const statement of parser.statements()) {
      lowerer.qasm2 =
        parser.version === 2 || (parser.version === null && lowerer.included.has('qelib1.inc'));
      if (!lowerer.topLevel(statement)) break;
    }
    circuit = lowerer.builder.build();
  } catch (e) {
    if (!(e instanceof DiagnosticsFull)) throw e;
  }
  const error = diagnostics.error();
  if (error !== undefined) throw error;
  return circuit!;
}
