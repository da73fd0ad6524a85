/**
 * Classical expressions evaluated when the circuit runs (conditions on measured bits, stores
 * into variables), built in the model's shape (Qiskit's `qiskit.circuit.classical.expr`):
 * every node typed, implicit conversions written as casts marked `implicit`, constants folded.
 *
 * @module
 */
import type { BinaryOperator, ClassicalExpr, ClassicalType, UnaryOperator } from '../model.js';
import {
  BOOL,
  DEFAULT_INT_WIDTH,
  binary as binaryValue,
  cast as castValue,
  joinIntegers,
  toInteger,
  typeName,
  unary as unaryValue,
  type QType,
  type Value,
} from './values.js';

/** A run-time expression with its OpenQASM type. */
export interface Typed {
  readonly expr: ClassicalExpr;
  readonly type: QType;
}

/** The model type of an OpenQASM type (`bit` is `bool`, `bit[n]` is `uint[n]`), or a message. */
export function modelType(t: QType): ClassicalType | string {
  switch (t.kind) {
    case 'bool':
      return { kind: 'bool' };
    case 'bit':
      return t.width === null ? { kind: 'bool' } : { kind: 'uint', width: t.width };
    case 'uint':
      return { kind: 'uint', width: t.width ?? DEFAULT_INT_WIDTH };
    case 'int':
      return { kind: 'int', width: t.width };
    case 'float':
      return { kind: 'float', width: t.width };
    case 'angle':
      return { kind: 'angle', width: t.width };
    case 'duration':
    case 'stretch':
      return { kind: 'duration' };
    case 'complex':
      return 'complex values cannot be computed while the circuit runs';
    case 'array': {
      const element = modelType(t.element);
      if (typeof element === 'string') return element;
      return { kind: 'array', element, dimensions: t.dims };
    }
  }
}

function mustType(t: QType): ClassicalType {
  const m = modelType(t);
  if (typeof m === 'string') throw new RuntimeTypeError(m);
  return m;
}

/** A type that cannot be used at run time. */
export class RuntimeTypeError extends Error {}

const sameModelType = (a: QType, b: QType): boolean =>
  JSON.stringify(modelType(a)) === JSON.stringify(modelType(b));

/** A constant as an expression node. */
export function valueExpr(v: Value): Typed {
  const type = mustType(v.type);
  switch (v.type.kind) {
    case 'bool':
      return { expr: { kind: 'value', value: (v as { b: boolean }).b, type }, type: v.type };
    case 'bit':
    case 'int':
    case 'uint': {
      const i = (v as { i: bigint }).i;
      if (v.type.kind === 'bit' && v.type.width === null) {
        return { expr: { kind: 'value', value: i !== 0n, type }, type: v.type };
      }
      const value =
        i >= BigInt(Number.MIN_SAFE_INTEGER) && i <= BigInt(Number.MAX_SAFE_INTEGER)
          ? Number(i)
          : i;
      return { expr: { kind: 'value', value, type }, type: v.type };
    }
    case 'float':
    case 'angle':
      return { expr: { kind: 'value', value: (v as { f: number }).f, type }, type: v.type };
    default:
      throw new RuntimeTypeError(
        `a ${typeName(v.type)} value cannot be used while the circuit runs`,
      );
  }
}

/** The constant a node holds, when it is a `value` node. */
function constantOf(t: Typed): Value | undefined {
  const e = t.expr;
  if (e.kind !== 'value') return undefined;
  switch (t.type.kind) {
    case 'bool':
      return { type: t.type, b: e.value as boolean } as Value;
    case 'bit':
      return {
        type: t.type,
        i: t.type.width === null ? (e.value ? 1n : 0n) : BigInt(e.value as number | bigint),
      } as Value;
    case 'int':
    case 'uint':
      return { type: t.type, i: BigInt(e.value as number | bigint) } as Value;
    case 'float':
    case 'angle':
      return { type: t.type, f: e.value as number } as Value;
    default:
      return undefined;
  }
}

/** `t` converted to `to` (folded for constants; a cast node otherwise, unless already of it). */
export function castTo(t: Typed, to: QType, implicit: boolean): Typed {
  if (sameModelType(t.type, to)) return { expr: t.expr, type: to };
  const c = constantOf(t);
  if (c !== undefined) {
    const folded = castValue(c, to, !implicit);
    if (typeof folded !== 'string') return valueExpr(folded);
  }
  return { expr: { kind: 'cast', operand: t.expr, type: mustType(to), implicit }, type: to };
}

const isBoolLike = (t: QType) => t.kind === 'bool' || (t.kind === 'bit' && t.width === null);
const isReal = (t: QType) => t.kind === 'float' || t.kind === 'angle';
const isIntegerLike = (t: QType) =>
  t.kind === 'int' || t.kind === 'uint' || t.kind === 'bit' || t.kind === 'bool';

/** The type both sides of an arithmetic or comparison operator are converted to. */
function common(a: QType, b: QType): QType | string {
  if (
    a.kind === 'duration' ||
    b.kind === 'duration' ||
    a.kind === 'stretch' ||
    b.kind === 'stretch'
  ) {
    return 'durations cannot be computed while the circuit runs';
  }
  if (a.kind === 'float' || b.kind === 'float') {
    const wa = a.kind === 'float' ? a.width : null;
    const wb = b.kind === 'float' ? b.width : null;
    return { kind: 'float', width: wa === null ? wb : wb === null ? wa : Math.max(wa, wb) };
  }
  if (a.kind === 'angle' || b.kind === 'angle') {
    return {
      kind: 'angle',
      width: a.kind === 'angle' ? a.width : (b as { width: number | null }).width,
    };
  }
  if (isIntegerLike(a) && isIntegerLike(b)) {
    const j = joinIntegers(a, b);
    return j.kind === 'bit' ? { kind: 'uint', width: j.width ?? 1 } : j;
  }
  return `cannot combine ${typeName(a)} and ${typeName(b)}`;
}

/** Whether the constant `v` is representable in integer type `t` without change. */
function fits(v: Value, t: QType): boolean {
  const i = toInteger(v);
  if (i === undefined) return false;
  if (t.kind === 'uint' || (t.kind === 'bit' && t.width !== null)) {
    const w = BigInt(t.width ?? DEFAULT_INT_WIDTH);
    return i >= 0n && i < 1n << w;
  }
  if (t.kind === 'int') {
    const w = BigInt(t.width ?? DEFAULT_INT_WIDTH);
    return i >= -(1n << (w - 1n)) && i < 1n << (w - 1n);
  }
  return false;
}

const COMPARISONS: Readonly<Record<string, BinaryOperator>> = {
  '==': 'eq',
  '!=': 'ne',
  '<': 'lt',
  '<=': 'le',
  '>': 'gt',
  '>=': 'ge',
};
const ARITHMETIC: Readonly<Record<string, BinaryOperator>> = {
  '+': 'add',
  '-': 'sub',
  '*': 'mul',
  '/': 'div',
  '%': 'mod',
  '**': 'pow',
};
const BITWISE: Readonly<Record<string, BinaryOperator>> = {
  '&': 'bitand',
  '|': 'bitor',
  '^': 'bitxor',
};

const node = (op: BinaryOperator, left: Typed, right: Typed, type: QType): Typed => ({
  expr: { kind: 'binary', op, left: left.expr, right: right.expr, type: mustType(type) },
  type,
});

/**
 * `a op b` where at least one side is only known at run time. Returns a message for operators
 * and types that do not combine.
 */
export function binaryExpr(op: string, a: Typed, b: Typed): Typed | string {
  try {
    const ca = constantOf(a);
    const cb = constantOf(b);
    if (ca !== undefined && cb !== undefined) {
      const v = binaryValue(op, ca, cb, false);
      return typeof v === 'string' ? v : valueExpr(v);
    }
    if (op === '&&' || op === '||') {
      return node(op === '&&' ? 'and' : 'or', castTo(a, BOOL, true), castTo(b, BOOL, true), BOOL);
    }
    const comparison = COMPARISONS[op];
    if (comparison !== undefined) return compare(op, comparison, a, b, ca, cb);
    const bitwise = BITWISE[op];
    if (bitwise !== undefined) {
      if (isBoolLike(a.type) && isBoolLike(b.type)) {
        return node(bitwise, castTo(a, BOOL, true), castTo(b, BOOL, true), BOOL);
      }
      if (!isIntegerLike(a.type) || !isIntegerLike(b.type)) {
        return `cannot apply '${op}' to ${typeName(a.type)} and ${typeName(b.type)}`;
      }
      const t = integerType(a.type, b.type);
      return node(bitwise, castTo(a, t, true), castTo(b, t, true), t);
    }
    if (op === '<<' || op === '>>') {
      if (!isIntegerLike(a.type) || !isIntegerLike(b.type) || isBoolLike(a.type)) {
        return `cannot apply '${op}' to ${typeName(a.type)} and ${typeName(b.type)}`;
      }
      const t =
        a.type.kind === 'bit' ? { kind: 'uint' as const, width: a.type.width ?? 1 } : a.type;
      return node(op === '<<' ? 'shl' : 'shr', castTo(a, t, true), b, t);
    }
    const arithmetic = ARITHMETIC[op];
    if (arithmetic !== undefined) {
      const t = common(a.type, b.type);
      if (typeof t === 'string') return t;
      const type = t.kind === 'bit' || t.kind === 'bool' ? { kind: 'uint' as const, width: 1 } : t;
      return node(arithmetic, castTo(a, type, true), castTo(b, type, true), type);
    }
    return `the operator '${op}' cannot be used on values known only when the circuit runs`;
  } catch (e) {
    if (e instanceof RuntimeTypeError) return e.message;
    throw e;
  }
}

function integerType(a: QType, b: QType): QType {
  const j = joinIntegers(a, b);
  return j.kind === 'bit' ? { kind: 'uint', width: j.width ?? 1 } : j;
}

function compare(
  op: string,
  comparison: BinaryOperator,
  a: Typed,
  b: Typed,
  ca: Value | undefined,
  cb: Value | undefined,
): Typed | string {
  // A bit compared with a constant compares truth values (`c[0] == 1`), as Qiskit writes it.
  for (const [runtime, constant, flipped] of [
    [a, cb, false],
    [b, ca, true],
  ] as const) {
    if (constant === undefined || !isBoolLike(runtime.type)) continue;
    const i = toInteger(constant);
    if (i === undefined) continue;
    if (i !== 0n && i !== 1n && (op === '==' || op === '!=')) {
      return valueExpr({ type: BOOL, b: op === '!=' } as Value);
    }
    if (op === '==' || op === '!=') {
      const value = valueExpr({ type: BOOL, b: i === 1n } as Value);
      const left = flipped ? value : castTo(runtime, BOOL, true);
      const right = flipped ? castTo(runtime, BOOL, true) : value;
      return node(comparison, left, right, BOOL);
    }
  }
  // A register compared with a constant that fits its width keeps the register's type.
  for (const [runtime, constant, flipped] of [
    [a, cb, false],
    [b, ca, true],
  ] as const) {
    if (constant === undefined || isBoolLike(runtime.type) || !isIntegerLike(runtime.type))
      continue;
    const t =
      runtime.type.kind === 'bit'
        ? { kind: 'uint' as const, width: runtime.type.width ?? 1 }
        : runtime.type;
    if (!fits(constant, t)) continue;
    const value = valueExpr(castValue(constant, t, true) as Value);
    const r = castTo(runtime, t, true);
    return node(comparison, flipped ? value : r, flipped ? r : value, BOOL);
  }
  if (isBoolLike(a.type) && isBoolLike(b.type)) {
    if (op === '==' || op === '!=')
      return node(comparison, castTo(a, BOOL, true), castTo(b, BOOL, true), BOOL);
  }
  const t = common(a.type, b.type);
  if (typeof t === 'string') return t;
  return node(comparison, castTo(a, t, true), castTo(b, t, true), BOOL);
}

/** `op a` for a run-time `a`. */
export function unaryExpr(op: '-' | '!' | '~', a: Typed): Typed | string {
  try {
    const c = constantOf(a);
    if (c !== undefined) {
      const v = unaryValue(op, c);
      return typeof v === 'string' ? v : valueExpr(v);
    }
    const make = (uop: UnaryOperator, operand: Typed, type: QType): Typed => ({
      expr: { kind: 'unary', op: uop, operand: operand.expr, type: mustType(type) },
      type,
    });
    switch (op) {
      case '!':
        return make('not', castTo(a, BOOL, true), BOOL);
      case '~':
        if (isBoolLike(a.type)) return make('bitnot', castTo(a, BOOL, true), BOOL);
        if (!isIntegerLike(a.type)) return `'~' cannot be applied to ${typeName(a.type)}`;
        return make(
          'bitnot',
          a,
          a.type.kind === 'bit' ? { kind: 'uint', width: a.type.width ?? 1 } : a.type,
        );
      case '-': {
        if (isReal(a.type) || a.type.kind === 'int') return make('neg', a, a.type);
        if (isIntegerLike(a.type)) {
          const width = a.type.kind === 'bool' ? 1 : (a.type as { width: number | null }).width;
          const t: QType = { kind: 'int', width: width === null ? null : width + 1 };
          return make('neg', castTo(a, t, true), t);
        }
        return `'-' cannot be applied to ${typeName(a.type)}`;
      }
    }
  } catch (e) {
    if (e instanceof RuntimeTypeError) return e.message;
    throw e;
  }
}

/** Bit `index` of run-time integer `a` (`x[2]` on an `int` or a register). */
export function bitOf(a: Typed, index: Typed): Typed | string {
  if (!isIntegerLike(a.type) || isBoolLike(a.type)) return `cannot index ${typeName(a.type)}`;
  try {
    const t = a.type.kind === 'bit' ? { kind: 'uint' as const, width: a.type.width ?? 1 } : a.type;
    return {
      expr: {
        kind: 'index',
        target: castTo(a, t, true).expr,
        index: index.expr,
        type: { kind: 'bool' },
      },
      type: { kind: 'bit', width: null },
    };
  } catch (e) {
    if (e instanceof RuntimeTypeError) return e.message;
    throw e;
  }
}
