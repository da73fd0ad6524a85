/**
 * The syntax tree of an OpenQASM 2/3 program, as read by `syntax.ts` before any name is
 * resolved. Every node carries the position of its first token.
 *
 * @module
 */
import type { Pos } from './diagnostics.js';
import type { TimeUnit } from './lexer.js';

/** An identifier with where it was written. */
export interface Name {
  readonly name: string;
  readonly pos: Pos;
}

// ---- types -----------------------------------------------------------------------------

/** The scalar type names of OpenQASM 3. */
export type ScalarTypeName =
  'bit' | 'bool' | 'int' | 'uint' | 'float' | 'angle' | 'complex' | 'duration' | 'stretch';

/** A type as written: `int[8]`, `bit`, `complex[float[64]]`, `array[uint[8], 4, 2]`, ... */
export type TypeNode =
  | {
      readonly kind: 'scalar';
      readonly name: ScalarTypeName;
      /** The designator, `[8]` in `int[8]`. */
      readonly width: Expr | null;
      /** The component type of `complex[float[64]]`. */
      readonly component: TypeNode | null;
      readonly pos: Pos;
    }
  | {
      readonly kind: 'array';
      readonly element: TypeNode;
      /** Fixed sizes, or `null` with `rank` for `array[int, #dim=2]` in subroutine arguments. */
      readonly dims: readonly Expr[] | null;
      readonly rank: Expr | null;
      /** `readonly` / `mutable` (subroutine arguments only). */
      readonly access: 'readonly' | 'mutable' | null;
      readonly pos: Pos;
    };

// ---- expressions -----------------------------------------------------------------------

/** One comma-separated part of an index: a single value or a range `a:b`, `a:s:b`, `:`. */
export type IndexPart =
  | { readonly kind: 'value'; readonly expr: Expr }
  | {
      readonly kind: 'range';
      readonly start: Expr | null;
      readonly step: Expr | null;
      readonly end: Expr | null;
      readonly pos: Pos;
    };

/** What is inside one pair of brackets: parts separated by commas, or a set `{1, 3}`. */
export type IndexSelector =
  | { readonly kind: 'parts'; readonly parts: readonly IndexPart[] }
  | { readonly kind: 'set'; readonly items: readonly Expr[] };

export type UnaryOp = '-' | '!' | '~';

export type BinaryOp =
  | '+'
  | '-'
  | '*'
  | '/'
  | '%'
  | '**'
  | '<<'
  | '>>'
  | '<'
  | '<='
  | '>'
  | '>='
  | '=='
  | '!='
  | '&'
  | '^'
  | '|'
  | '&&'
  | '||'
  | '++';

/** An expression as written. `depth` is the height of the tree under it (a leaf is 1). */
export type Expr = (
  | { readonly kind: 'int'; readonly value: bigint }
  | { readonly kind: 'float'; readonly value: number }
  | { readonly kind: 'imag'; readonly value: number }
  | { readonly kind: 'bool'; readonly value: boolean }
  /** A string of `0`/`1` (a bit-string literal), or any string where one is allowed. */
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'duration'; readonly value: number; readonly unit: TimeUnit }
  | { readonly kind: 'ident'; readonly name: string }
  | { readonly kind: 'physical'; readonly index: number; readonly text: string }
  | { readonly kind: 'unary'; readonly op: UnaryOp; readonly operand: Expr }
  | {
      readonly kind: 'binary';
      readonly op: BinaryOp;
      readonly left: Expr;
      readonly right: Expr;
      /** Where the operator was written. */
      readonly opPos: Pos;
    }
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly Expr[] }
  | { readonly kind: 'cast'; readonly type: TypeNode; readonly operand: Expr }
  | { readonly kind: 'index'; readonly target: Expr; readonly selector: IndexSelector }
  | { readonly kind: 'measure'; readonly operand: Expr }
  | { readonly kind: 'durationof'; readonly body: readonly Stmt[] }
  /** An array or set literal `{1, 2, 3}`. */
  | { readonly kind: 'list'; readonly items: readonly Expr[] }
) & { readonly pos: Pos; readonly depth: number };

// ---- statements ------------------------------------------------------------------------

/** A gate modifier: `ctrl @`, `ctrl(2) @`, `negctrl @`, `inv @`, `pow(k) @`. */
export interface Modifier {
  readonly kind: 'ctrl' | 'negctrl' | 'inv' | 'pow';
  readonly arg: Expr | null;
  readonly pos: Pos;
}

/** One argument of a `def`: a classical value, a qubit or qubit register, or an array reference. */
export interface DefArg {
  readonly name: Name;
  /** `null` for a qubit argument. */
  readonly type: TypeNode | null;
  /** The size of a `qubit[n]` argument; `null` for a single qubit. */
  readonly qubitSize: Expr | null;
}

/** The values a `for` loop runs over. */
export type ForIterable =
  | {
      readonly kind: 'range';
      readonly start: Expr | null;
      readonly step: Expr | null;
      readonly end: Expr | null;
      readonly pos: Pos;
    }
  | { readonly kind: 'set'; readonly items: readonly Expr[]; readonly pos: Pos }
  | { readonly kind: 'expr'; readonly expr: Expr };

export interface SwitchCase {
  readonly values: readonly Expr[];
  readonly body: readonly Stmt[];
  readonly pos: Pos;
}

export type AssignOp =
  '=' | '+=' | '-=' | '*=' | '/=' | '%=' | '**=' | '&=' | '|=' | '^=' | '~=' | '<<=' | '>>=';

/** A statement as written. */
export type Stmt = (
  | { readonly kind: 'include'; readonly file: string; readonly filePos: Pos }
  | {
      readonly kind: 'qubit';
      readonly name: Name;
      readonly size: Expr | null;
    }
  | {
      readonly kind: 'declare';
      readonly type: TypeNode;
      readonly name: Name;
      readonly init: Expr | null;
      readonly modifier: 'const' | 'input' | 'output' | null;
    }
  | {
      readonly kind: 'gate';
      readonly name: Name;
      readonly params: readonly Name[];
      readonly qubits: readonly Name[];
      /** `null` for an OpenQASM 2 `opaque` declaration. */
      readonly body: readonly Stmt[] | null;
    }
  | {
      readonly kind: 'def';
      readonly name: Name;
      readonly args: readonly DefArg[];
      readonly returns: TypeNode | null;
      readonly body: readonly Stmt[];
    }
  | { readonly kind: 'extern'; readonly name: Name }
  | {
      readonly kind: 'gateCall';
      readonly modifiers: readonly Modifier[];
      readonly name: Name;
      readonly args: readonly Expr[];
      readonly qubits: readonly Expr[];
      readonly duration: Expr | null;
    }
  | { readonly kind: 'measureArrow'; readonly qubits: Expr; readonly target: Expr | null }
  | {
      readonly kind: 'assign';
      readonly target: Expr;
      readonly op: AssignOp;
      readonly value: Expr;
      readonly opPos: Pos;
    }
  | { readonly kind: 'expr'; readonly expr: Expr }
  | { readonly kind: 'reset'; readonly qubits: readonly Expr[] }
  | { readonly kind: 'barrier'; readonly qubits: readonly Expr[] }
  | { readonly kind: 'nop'; readonly qubits: readonly Expr[] }
  | { readonly kind: 'delay'; readonly duration: Expr; readonly qubits: readonly Expr[] }
  | {
      readonly kind: 'if';
      readonly condition: Expr;
      readonly then: readonly Stmt[];
      readonly else: readonly Stmt[] | null;
    }
  | { readonly kind: 'while'; readonly condition: Expr; readonly body: readonly Stmt[] }
  | {
      readonly kind: 'for';
      readonly type: TypeNode | null;
      readonly variable: Name;
      readonly iterable: ForIterable;
      readonly body: readonly Stmt[];
    }
  | {
      readonly kind: 'switch';
      readonly target: Expr;
      readonly cases: readonly SwitchCase[];
      readonly default: readonly Stmt[] | null;
    }
  | { readonly kind: 'break' | 'continue' | 'end' }
  | { readonly kind: 'return'; readonly value: Expr | null }
  | { readonly kind: 'box'; readonly duration: Expr | null; readonly body: readonly Stmt[] }
  | { readonly kind: 'block'; readonly body: readonly Stmt[] }
  | { readonly kind: 'let'; readonly name: Name; readonly value: Expr }
  /** Accepted and without effect here: pragmas, annotations, `cal`, `defcal`, `defcalgrammar`. */
  | { readonly kind: 'ignored'; readonly what: string; readonly name: string | null }
) & { readonly pos: Pos };
