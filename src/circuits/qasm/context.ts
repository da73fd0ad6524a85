/**
 * What control flow (`control-flow.ts`) and subroutine calls (`subroutines.ts`) need from the
 * statement lowering, and the signals and contexts they share with it.
 *
 * @module
 */
import type { ClassicalExpr, Duration, Instruction } from '../model.js';
import type { Expr, Stmt } from './ast.js';
import type { CircuitBuilder } from './builder.js';
import type { Pos } from './diagnostics.js';
import type { Evaluator } from './evaluate.js';
import type { Typed } from './runtime.js';
import type { Operand, Scope } from './scope.js';
import type { QType, Value } from './values.js';

/** A loop being lowered: unrolled while reading, or emitted as a run-time loop. */
export interface LoopContext {
  readonly kind: 'unrolled' | 'runtime';
  /** `runtimeDepth` of the loop's body. */
  readonly runtimeDepth: number;
  /** Number of subroutine calls being inlined when the loop started. */
  readonly functionDepth: number;
  /** Circuit variables set by a `break`/`continue` that happened at run time. */
  breakFlag?: string;
  continueFlag?: string;
  /** Counts run-time exits; the statements after one are guarded by the flags. */
  exits: number;
}

/** A subroutine call being inlined. */
export interface FunctionContext {
  readonly name: string;
  readonly returnType: QType | null;
  readonly runtimeDepth: number;
  readonly loopDepth: number;
  /** Set by a `return` that happened at run time, with the value in `resultVar`. */
  returnFlag?: string;
  resultVar?: string;
  exits: number;
}

/**
 * A change of control flow while reading, thrown to where it is handled. Not an `Error`: these
 * are thrown often (every known `return`, `break` and `continue`) and need no stack trace.
 */
export class ControlSignal {
  readonly controlSignal = true;
}
/** `break` left a loop unrolled while reading. */
export class BreakSignal extends ControlSignal {}
/** `continue` in a loop unrolled while reading. */
export class ContinueSignal extends ControlSignal {}
/** `return` from a subroutine, known while reading. */
export class ReturnSignal extends ControlSignal {
  constructor(readonly value: Operand | null) {
    super();
  }
}
/** `end`: the program stops here. */
export class EndSignal extends ControlSignal {}
/** A run-time exit happened: the rest of this statement list is not reached. */
export class SkipRest extends ControlSignal {}

/** Most nested subroutine calls inlined at once. */
export const MAX_CALL_DEPTH = 64;

/** The statement lowering, as control flow and subroutine calls see it. */
export interface LoweringContext {
  readonly scope: Scope;
  readonly builder: CircuitBuilder;
  readonly evaluator: Evaluator;
  /** >0 inside a block that runs only under a run-time condition (or a run-time loop). */
  runtimeDepth: number;
  /** Loop iterations unrolled so far, all loops together. */
  iterations: number;
  readonly loops: LoopContext[];
  readonly functions: FunctionContext[];
  statements(list: readonly Stmt[]): void;
  emit(instruction: Instruction, at: Pos): void;
  innermostLoop(): LoopContext | undefined;
  materializeAssigned(body: readonly Stmt[], at: Pos): void;
  runtimeBlock(fill: () => void): Instruction[];
  convert(v: Value, type: QType, at: Pos): Value;
  castTyped(t: Typed, to: QType, at: Pos): Typed;
  duration(e: Expr): Duration;
  newFlag(base: string): string;
  setFlag(name: string, at: Pos): void;
  clearFlag(name: string, at: Pos): void;
}

/** A circuit variable of type `bool` read as an expression. */
export function flagVar(name: string): ClassicalExpr {
  return { kind: 'var', location: { kind: 'var', name }, type: { kind: 'bool' } };
}
