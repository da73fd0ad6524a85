/**
 * Arithmetic on gate angles: building expressions with constant folding, substituting
 * values for parameters, and evaluating an expression to a number.
 *
 * @module
 */
import type {
  Angle,
  ExpressionFunction,
  ExpressionOperator,
  ParameterExpression,
} from '../model.js';

const FUNCTIONS: Readonly<Record<ExpressionFunction, (x: number) => number>> = {
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  exp: Math.exp,
  ln: Math.log,
  sqrt: Math.sqrt,
  arcsin: Math.asin,
  arccos: Math.acos,
  arctan: Math.atan,
  abs: Math.abs,
  sign: Math.sign,
  conj: (x) => x,
};

/** The functions an OpenQASM angle expression may call. */
const QASM_FUNCTIONS: ReadonlySet<string> = new Set([
  'sin',
  'cos',
  'tan',
  'exp',
  'ln',
  'sqrt',
  'arcsin',
  'arccos',
  'arctan',
]);

/** True when `name` is a function usable in OpenQASM angle expressions. */
export function isExpressionFunction(name: string): name is ExpressionFunction {
  return QASM_FUNCTIONS.has(name);
}

function binaryValue(op: ExpressionOperator, a: number, b: number): number {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return a / b;
    case '^':
      return Math.pow(a, b);
  }
}

function asExpression(a: Angle): ParameterExpression {
  return typeof a === 'number' ? { op: 'num', value: a } : a;
}

/** `-a`, folded to a number when `a` is a number. */
export function negate(a: Angle): Angle {
  return typeof a === 'number' ? -a : { op: 'neg', arg: a };
}

/** `a op b`, folded to a number when both sides are numbers. */
export function binary(op: ExpressionOperator, a: Angle, b: Angle): Angle {
  if (typeof a === 'number' && typeof b === 'number') return binaryValue(op, a, b);
  return { op, left: asExpression(a), right: asExpression(b) };
}

/** `fn(a)`, folded to a number when `a` is a number. */
export function callFunction(fn: ExpressionFunction, a: Angle): Angle {
  return typeof a === 'number' ? FUNCTIONS[fn](a) : { op: fn, arg: a };
}

/**
 * Replace every parameter for which `lookup` returns an angle, folding what becomes
 * constant. Parameters for which it returns `undefined` are kept.
 */
export function substitute(
  angle: Angle,
  lookup: (name: string, node: ParameterExpression & { op: 'param' }) => Angle | undefined,
): Angle {
  if (typeof angle === 'number') return angle;
  const e = angle;
  switch (e.op) {
    case 'num':
      return e.value;
    case 'param':
      return lookup(e.name, e) ?? e;
    case 'neg':
      return negate(substitute(e.arg, lookup));
    case '+':
    case '-':
    case '*':
    case '/':
    case '^':
      return binary(e.op, substitute(e.left, lookup), substitute(e.right, lookup));
    default:
      return callFunction(e.op, substitute(e.arg, lookup));
  }
}

/** The first parameter occurrence in an expression (in reading order), if any. */
export function firstParameter(angle: Angle): (ParameterExpression & { op: 'param' }) | undefined {
  if (typeof angle === 'number') return undefined;
  switch (angle.op) {
    case 'num':
      return undefined;
    case 'param':
      return angle;
    case 'neg':
      return firstParameter(angle.arg);
    case '+':
    case '-':
    case '*':
    case '/':
    case '^':
      return firstParameter(angle.left) ?? firstParameter(angle.right);
    default:
      return firstParameter(angle.arg);
  }
}
