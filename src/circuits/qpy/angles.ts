/**
 * Building gate angles (the model's `ParameterExpression` trees) from QPY's parameter
 * expressions: arithmetic that folds constant sub-trees to numbers, substitution, and the
 * parameters an angle uses.
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

const OPERATORS: Readonly<Record<ExpressionOperator, (a: number, b: number) => number>> = {
  '+': (a, b) => a + b,
  '-': (a, b) => a - b,
  '*': (a, b) => a * b,
  '/': (a, b) => a / b,
  '^': (a, b) => a ** b,
};

function tree(a: Angle): ParameterExpression {
  return typeof a === 'number' ? { op: 'num', value: a } : a;
}

function constant(a: Angle): number | undefined {
  if (typeof a === 'number') return a;
  return a.op === 'num' ? a.value : undefined;
}

/** `a op b`, folded to a number when both sides are numbers. */
export function binary(op: ExpressionOperator, a: Angle, b: Angle): Angle {
  const x = constant(a),
    y = constant(b);
  if (x !== undefined && y !== undefined) return OPERATORS[op](x, y);
  return { op, left: tree(a), right: tree(b) };
}

/** `fn(a)`, folded to a number when `a` is a number. */
export function call(fn: ExpressionFunction, a: Angle): Angle {
  const x = constant(a);
  if (x !== undefined) return FUNCTIONS[fn](x);
  return { op: fn, arg: tree(a) };
}

/** `−a`. */
export function negate(a: Angle): Angle {
  const x = constant(a);
  return x !== undefined ? -x : { op: 'neg', arg: tree(a) };
}

/** A parameter by name. */
export function param(name: string): ParameterExpression {
  return { op: 'param', name };
}

/** `a` with each parameter named in `values` replaced by its value. */
export function substitute(a: Angle, values: ReadonlyMap<string, Angle>): Angle {
  if (typeof a === 'number') return a;
  switch (a.op) {
    case 'num':
      return a.value;
    case 'param':
      return values.get(a.name) ?? a;
    case 'neg':
      return negate(substitute(a.arg, values));
    case '+':
    case '-':
    case '*':
    case '/':
    case '^':
      return binary(a.op, substitute(a.left, values), substitute(a.right, values));
    default:
      return call(a.op, substitute(a.arg, values));
  }
}

/** Add the names of the parameters `a` uses to `into`. */
export function collectParameters(a: Angle, into: Set<string>): void {
  if (typeof a === 'number') return;
  switch (a.op) {
    case 'num':
      return;
    case 'param':
      into.add(a.name);
      return;
    case '+':
    case '-':
    case '*':
    case '/':
    case '^':
      collectParameters(a.left, into);
      collectParameters(a.right, into);
      return;
    default:
      collectParameters(a.arg, into);
  }
}
