/**
 * Names in scope while a program is lowered, with OpenQASM 3's visibility rules: block scopes
 * see everything outside them; gate and subroutine bodies see only constants, gates,
 * subroutines and their own arguments.
 *
 * @module
 */
import type { ClassicalExpr, ParameterExpression } from '../model.js';
import type { Stmt } from './ast.js';
import type { Pos } from './diagnostics.js';
import type { QType, Value } from './values.js';

/** What an expression evaluates to while the program is read. */
export type Operand =
  /** A classical value known now. */
  | { readonly kind: 'value'; readonly value: Value }
  /** A real number that depends on `input` parameters or on a gate's angles. */
  | { readonly kind: 'angle'; readonly angle: ParameterExpression }
  /** A classical value known only when the circuit runs. */
  | { readonly kind: 'runtime'; readonly expr: ClassicalExpr; readonly type: QType }
  /** Classical bits (a `bit`, or a `bit[n]` register or slice) written by measurements. */
  | { readonly kind: 'bits'; readonly bits: readonly number[]; readonly type: QType }
  /** Qubits: one (`scalar`) or a register, slice or alias. */
  | { readonly kind: 'qubits'; readonly qubits: readonly number[]; readonly scalar: boolean };

/** Where a classical variable's value is kept. */
export type Storage =
  /** Known while reading (`null`: declared without a value, read as zero). */
  | { readonly kind: 'known'; readonly value: Value | null }
  /** Classical bits of the circuit (`bit` and `bit[n]` variables once measured into). */
  | { readonly kind: 'clbits'; readonly bits: readonly number[] }
  /** A variable of the circuit (`Circuit.vars`), once its value depends on the run. */
  | { readonly kind: 'var'; readonly name: string }
  /** An `input` parameter (`Circuit.parameters`). */
  | { readonly kind: 'input'; readonly name: string }
  /** A subroutine argument bound to a value known only at run time (read-only until assigned). */
  | { readonly kind: 'operand'; readonly operand: Operand };

/** A classical variable (or constant, or argument). */
export interface Variable {
  readonly name: string;
  readonly type: QType;
  readonly isConst: boolean;
  storage: Storage;
}

/** A gate the program defines (or declares `opaque`). */
export interface UserGate {
  readonly name: string;
  readonly params: readonly string[];
  readonly numQubits: number;
  readonly opaque: boolean;
}

/** What a name denotes. */
export type Entry = (
  | { readonly kind: 'qubits'; readonly qubits: readonly number[]; readonly scalar: boolean }
  | { readonly kind: 'variable'; readonly variable: Variable }
  | { readonly kind: 'gate'; readonly gate: UserGate }
  | { readonly kind: 'subroutine'; readonly def: Stmt & { kind: 'def' } }
  | { readonly kind: 'extern' }
  /** A gate known only by its pulse-level calibration. */
  | { readonly kind: 'defcal' }
  /** An angle argument inside a gate body. */
  | { readonly kind: 'gateParam' }
  /** A declaration that failed: uses are not reported again. */
  | { readonly kind: 'poisoned' }
) & { readonly pos: Pos };

/** The kinds of scope: the program, a gate or subroutine body, a nested block. */
export type FrameKind = 'global' | 'gate' | 'function' | 'block';

interface Frame {
  readonly kind: FrameKind;
  readonly names: Map<string, Entry>;
}

/** Names visible across a gate or subroutine boundary. */
function visibleInside(entry: Entry): boolean {
  switch (entry.kind) {
    case 'variable':
      return entry.variable.isConst;
    case 'qubits':
      return false;
    default:
      return true;
  }
}

/** A stack of scopes. */
export class Scope {
  private readonly frames: Frame[] = [{ kind: 'global', names: new Map() }];
  /** Names written in statements that could not be read: not reported as unknown again. */
  suspects: ReadonlySet<string> = new Set();

  get depth(): number {
    return this.frames.length;
  }

  /** True when the innermost frame is the program's (not in any block or body). */
  get atGlobal(): boolean {
    return this.frames.length === 1;
  }

  /** True inside a gate body. */
  get inGate(): boolean {
    return this.frames.some((f) => f.kind === 'gate');
  }

  /** True inside a subroutine body. */
  get inFunction(): boolean {
    return this.frames.some((f) => f.kind === 'function');
  }

  push(kind: FrameKind): void {
    this.frames.push({ kind, names: new Map() });
  }

  pop(): void {
    if (this.frames.length > 1) this.frames.pop();
  }

  /** Run `body` in a new frame of `kind`. */
  within<T>(kind: FrameKind, body: () => T): T {
    this.push(kind);
    try {
      return body();
    } finally {
      this.pop();
    }
  }

  /**
   * Run `body` in a new frame of `kind` directly under the global frame, the frames of the
   * place it is called from hidden meanwhile (a subroutine body sees the program's globals, not
   * its caller's locals).
   */
  isolated<T>(kind: FrameKind, body: () => T): T {
    const saved = this.frames.splice(1);
    this.push(kind);
    try {
      return body();
    } finally {
      this.frames.splice(1, this.frames.length - 1, ...saved);
    }
  }

  /** The entry `name` denotes here, or `undefined`. */
  lookup(name: string): Entry | undefined {
    let crossed = false;
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const frame = this.frames[i]!;
      const entry = frame.names.get(name);
      if (entry !== undefined && (!crossed || visibleInside(entry))) return entry;
      if (frame.kind === 'gate' || frame.kind === 'function') crossed = true;
    }
    return undefined;
  }

  /** The entry declared under `name` in the innermost frame, if any. */
  local(name: string): Entry | undefined {
    return this.frames[this.frames.length - 1]!.names.get(name);
  }

  /** The entry `name` has in the global frame, if any. */
  global(name: string): Entry | undefined {
    return this.frames[0]!.names.get(name);
  }

  /** Declare `name` in the innermost frame (the caller has checked it is free there). */
  declare(name: string, entry: Entry): void {
    this.frames[this.frames.length - 1]!.names.set(name, entry);
  }

  /** Declare `name` in the global frame. */
  declareGlobal(name: string, entry: Entry): void {
    this.frames[0]!.names.set(name, entry);
  }
}
