/**
 * Classical expressions for conditions, switch targets and stores, built the way Qiskit's
 * `qiskit.circuit.classical.expr` builds them: `expr.equal(cr, 3)`, `expr.logicAnd(a, b)`,
 * `expr.bitNot(cr)`, … Bits, registers, variables and literals are lifted to typed nodes
 * (a bit is `bool`, a register of n bits `uint[n]`, an integer literal `uint` of its bit
 * length) and operands of unequal widths are widened with implicit casts. An expression is
 * resolved against a circuit (which knows where each register's bits are) when it is added to
 * one.
 *
 * @module
 */
import { CircuitError } from './errors.js';
import type { BinaryOperator, ClassicalExpr, ClassicalType } from './model.js';
import { ClassicalRegister, type Clbit } from './register.js';

/** What a circuit tells an expression when it resolves it. */
export interface ExprContext {
  /** The flat index of a classical bit (a number is already flat). */
  clbitIndex(bit: Clbit | number): number;
  /** Throws unless the circuit has this register. */
  checkRegister(register: ClassicalRegister): void;
  /** The type of a declared variable. */
  varType(name: string): ClassicalType;
}

/** A classical variable declared on a circuit (`qc.addVar`, `qc.addInput`). */
export class Var {
  constructor(
    readonly name: string,
    readonly type: ClassicalType,
  ) {}
}

/** A classical expression awaiting a circuit. */
export class Expr {
  constructor(readonly resolve: (ctx: ExprContext) => ClassicalExpr) {}
}

/** Anything an expression builder takes. */
export type ExprLike = Expr | Var | Clbit | ClassicalRegister | boolean | number | bigint;

const bool: ClassicalType = { kind: 'bool' };
const uint = (width: number): ClassicalType => ({ kind: 'uint', width });

function bitLength(v: number | bigint): number {
  let n = typeof v === 'bigint' ? v : BigInt(v);
  let bits = 0;
  while (n > 0n) {
    bits++;
    n >>= 1n;
  }
  return Math.max(bits, 1);
}

function isClbit(x: unknown): x is Clbit {
  return (
    typeof x === 'object' &&
    x !== null &&
    'register' in x &&
    (x as Clbit).register instanceof ClassicalRegister &&
    'index' in x
  );
}

/** Lift a value to an expression node of its natural type. */
function lifted(x: ExprLike, ctx: ExprContext, like?: ClassicalType): ClassicalExpr {
  if (x instanceof Expr) return x.resolve(ctx);
  if (x instanceof Var)
    return { kind: 'var', location: { kind: 'var', name: x.name }, type: ctx.varType(x.name) };
  if (x instanceof ClassicalRegister) {
    ctx.checkRegister(x);
    return { kind: 'var', location: { kind: 'creg', name: x.name }, type: uint(x.size) };
  }
  if (isClbit(x))
    return { kind: 'var', location: { kind: 'clbit', index: ctx.clbitIndex(x) }, type: bool };
  if (typeof x === 'boolean') return { kind: 'value', value: x, type: bool };
  if (typeof x === 'number' || typeof x === 'bigint') {
    if (typeof x === 'number' && (!Number.isInteger(x) || x < 0)) {
      throw new CircuitError(`a classical literal must be a non-negative integer, got ${x}`);
    }
    if (typeof x === 'bigint' && x < 0n)
      throw new CircuitError(`a classical literal must be non-negative, got ${x}`);
    if (like?.kind === 'bool') return { kind: 'value', value: Number(x) !== 0, type: bool };
    const width = Math.max(bitLength(x), like?.kind === 'uint' ? like.width : 0);
    return { kind: 'value', value: x, type: uint(width) };
  }
  throw new CircuitError(`cannot use ${typeof x} in a classical expression`);
}

/** A bare bit given by its flat index, for conditions on loose bits. */
export function bitExpr(index: number): Expr {
  return new Expr((ctx) => ({
    kind: 'var',
    location: { kind: 'clbit', index: ctx.clbitIndex(index) },
    type: bool,
  }));
}

function cast(e: ClassicalExpr, type: ClassicalType): ClassicalExpr {
  if (sameType(e.type, type)) return e;
  if (e.kind === 'value' && type.kind === 'uint') return { ...e, type };
  return { kind: 'cast', operand: e, type, implicit: true };
}

function sameType(a: ClassicalType, b: ClassicalType): boolean {
  return (
    a.kind === b.kind &&
    ('width' in a ? a.width : null) ===
      ('width' in b ? (b as { width: number | null }).width : null)
  );
}

function widthOf(t: ClassicalType): number {
  return t.kind === 'uint' ? t.width : 1;
}

/** Two operands brought to one type (the wider uint, or bool when both are bool). */
function unify(
  a: ExprLike,
  b: ExprLike,
  ctx: ExprContext,
): [ClassicalExpr, ClassicalExpr, ClassicalType] {
  const aLiteral = typeof a === 'number' || typeof a === 'bigint';
  const bLiteral = typeof b === 'number' || typeof b === 'bigint';
  if (aLiteral && bLiteral)
    throw new CircuitError('a classical expression needs at least one bit, register or variable');
  let left = aLiteral ? undefined : lifted(a, ctx);
  let right = bLiteral ? undefined : lifted(b, ctx);
  left ??= lifted(a, ctx, right!.type);
  right ??= lifted(b, ctx, left.type);
  if (left.type.kind === 'bool' && right.type.kind === 'bool') return [left, right, bool];
  const width = Math.max(widthOf(left.type), widthOf(right.type));
  const t = uint(width);
  return [cast(left, t), cast(right, t), t];
}

function binary(op: BinaryOperator, a: ExprLike, b: ExprLike, result: 'bool' | 'operand'): Expr {
  return new Expr((ctx) => {
    const [left, right, t] = unify(a, b, ctx);
    return { kind: 'binary', op, left, right, type: result === 'bool' ? bool : t };
  });
}

function logical(op: 'and' | 'or', a: ExprLike, b: ExprLike): Expr {
  return new Expr((ctx) => ({
    kind: 'binary',
    op,
    left: cast(lifted(a, ctx), bool),
    right: cast(lifted(b, ctx), bool),
    type: bool,
  }));
}

/** The builders of classical expressions (Qiskit's `expr` module). */
export const expr = {
  /** A bit, register, variable or literal as an expression. */
  lift: (x: ExprLike): Expr => new Expr((ctx) => lifted(x, ctx)),
  /** `~x` (bitwise not of a bit or register). */
  bitNot: (x: ExprLike): Expr =>
    new Expr((ctx) => {
      const e = lifted(x, ctx);
      return { kind: 'unary', op: 'bitnot', operand: e, type: e.type };
    }),
  /** `!x`. */
  logicNot: (x: ExprLike): Expr =>
    new Expr((ctx) => ({
      kind: 'unary',
      op: 'not',
      operand: cast(lifted(x, ctx), bool),
      type: bool,
    })),
  bitAnd: (a: ExprLike, b: ExprLike): Expr => binary('bitand', a, b, 'operand'),
  bitOr: (a: ExprLike, b: ExprLike): Expr => binary('bitor', a, b, 'operand'),
  bitXor: (a: ExprLike, b: ExprLike): Expr => binary('bitxor', a, b, 'operand'),
  logicAnd: (a: ExprLike, b: ExprLike): Expr => logical('and', a, b),
  logicOr: (a: ExprLike, b: ExprLike): Expr => logical('or', a, b),
  equal: (a: ExprLike, b: ExprLike): Expr => binary('eq', a, b, 'bool'),
  notEqual: (a: ExprLike, b: ExprLike): Expr => binary('ne', a, b, 'bool'),
  less: (a: ExprLike, b: ExprLike): Expr => binary('lt', a, b, 'bool'),
  lessEqual: (a: ExprLike, b: ExprLike): Expr => binary('le', a, b, 'bool'),
  greater: (a: ExprLike, b: ExprLike): Expr => binary('gt', a, b, 'bool'),
  greaterEqual: (a: ExprLike, b: ExprLike): Expr => binary('ge', a, b, 'bool'),
  add: (a: ExprLike, b: ExprLike): Expr => binary('add', a, b, 'operand'),
  sub: (a: ExprLike, b: ExprLike): Expr => binary('sub', a, b, 'operand'),
  mul: (a: ExprLike, b: ExprLike): Expr => binary('mul', a, b, 'operand'),
  div: (a: ExprLike, b: ExprLike): Expr => binary('div', a, b, 'operand'),
  /** `a << n`. */
  shiftLeft: (a: ExprLike, n: number): Expr =>
    new Expr((ctx) => {
      const e = lifted(a, ctx);
      return { kind: 'binary', op: 'shl', left: e, right: lifted(n, ctx), type: e.type };
    }),
  /** `a >> n`. */
  shiftRight: (a: ExprLike, n: number): Expr =>
    new Expr((ctx) => {
      const e = lifted(a, ctx);
      return { kind: 'binary', op: 'shr', left: e, right: lifted(n, ctx), type: e.type };
    }),
  /** `target[index]`: one bit of a register or unsigned value. */
  index: (target: ExprLike, index: number): Expr =>
    new Expr((ctx) => ({
      kind: 'index',
      target: lifted(target, ctx),
      index: lifted(index, ctx),
      type: bool,
    })),
};

/**
 * A condition as Qiskit's `if_test`/`while_loop` take it: an expression, or a legacy pair
 * `[bit, value]` (the bit, or its negation) or `[register, value]` (register equals value).
 */
export type Condition =
  | Expr
  | Var
  | readonly [Clbit | number, boolean | number]
  | readonly [ClassicalRegister, number | bigint];

/** The expression of a condition. */
export function conditionExpr(condition: Condition): Expr {
  if (condition instanceof Expr) return condition;
  if (condition instanceof Var) return expr.lift(condition);
  if (!Array.isArray(condition) || condition.length !== 2) {
    throw new CircuitError('a condition must be an expression, [bit, value] or [register, value]');
  }
  const [target, value] = condition as readonly [unknown, unknown];
  if (target instanceof ClassicalRegister) {
    return new Expr((ctx) => {
      const left = lifted(target, ctx);
      const right = lifted(value as number, ctx, left.type);
      if (widthOf(right.type) > widthOf(left.type)) {
        throw new CircuitError(
          `${String(value)} does not fit in register ${target.name} (${target.size} bits)`,
        );
      }
      return { kind: 'binary', op: 'eq', left, right: { ...right, type: left.type }, type: bool };
    });
  }
  const bit = typeof target === 'number' ? bitExpr(target) : expr.lift(target as Clbit);
  return Number(value) !== 0 ? bit : expr.logicNot(bit);
}
