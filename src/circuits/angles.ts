/**
 * Gate angles as values: evaluating an angle to a number when it has no free parameters,
 * the arithmetic the transpiler and the builder do on angles (folding constants), and the
 * parameters an angle depends on.
 *
 * @module
 */
import type { Angle, ParameterExpression } from './model.js';
import { binary, negate, substitute } from './qasm/expression.js';

/** The angle's value, or `undefined` when it still depends on a parameter. */
export function angleValue(angle: Angle): number | undefined {
  if (typeof angle === 'number') return angle;
  const v = substitute(angle, () => undefined);
  return typeof v === 'number' ? v : undefined;
}

/** `a + b`. */
export const addAngles = (a: Angle, b: Angle): Angle => binary('+', a, b);
/** `a − b`. */
export const subtractAngles = (a: Angle, b: Angle): Angle => binary('-', a, b);
/** `k · a`. */
export const scaleAngle = (a: Angle, k: number): Angle =>
  k === 1 ? a : k === -1 ? negate(a) : binary('*', k, a);
/** `−a`. */
export const negateAngle = (a: Angle): Angle => negate(a);

/** The names of the parameters an angle depends on, in first-use order. */
export function angleParameters(angle: Angle, into: Set<string> = new Set()): Set<string> {
  const walk = (e: ParameterExpression): void => {
    switch (e.op) {
      case 'num':
        return;
      case 'param':
        into.add(e.name);
        return;
      case 'neg':
        return walk(e.arg);
      case '+':
      case '-':
      case '*':
      case '/':
      case '^':
        walk(e.left);
        walk(e.right);
        return;
      default:
        walk(e.arg);
    }
  };
  if (typeof angle !== 'number') walk(angle);
  return into;
}

/** Bind the parameters `values` names, folding what becomes constant. */
export function bindAngle(angle: Angle, values: ReadonlyMap<string, Angle>): Angle {
  return typeof angle === 'number' ? angle : substitute(angle, (name) => values.get(name));
}
