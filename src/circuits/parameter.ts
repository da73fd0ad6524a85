/**
 * Circuit parameters as in Qiskit: `new Parameter('θ')`, vectors of them
 * (`new ParameterVector('x', 3)`, elements named `x[0]` …), and expressions built with
 * `add`/`sub`/`mul`/`div`/`pow`/`neg` and the elementary functions, folded to numbers as soon as
 * no parameter is left. Parameters are identified by name.
 *
 * @module
 */
import { angleParameters, angleValue } from './angles.js';
import { CircuitError } from './errors.js';
import type { Angle, ExpressionFunction, ParameterExpression as ExpressionNode } from './model.js';
import { binary, callFunction, negate, substitute } from './qasm/expression.js';

/** A number or a parameter expression: what a gate angle may be given as. */
export type AngleLike = number | ParameterExpression;

/** The model angle of an angle-like value. */
export function toAngle(value: AngleLike): Angle {
  if (typeof value === 'number') {
    if (!Number.isFinite(value))
      throw new CircuitError(`an angle must be a finite number, got ${value}`);
    return value;
  }
  if (value instanceof ParameterExpression) return value.angle;
  throw new CircuitError(
    `an angle must be a number or a parameter expression, got ${typeof value}`,
  );
}

/** An expression over parameters (Qiskit's `ParameterExpression`). */
export class ParameterExpression {
  /** @param angle the expression tree (or a number once everything is bound) */
  constructor(readonly angle: Angle) {}

  /** The names of the parameters it depends on, in Qiskit's order. */
  get parameters(): string[] {
    return sortParameters([...angleParameters(this.angle)]);
  }

  /** The value, when no parameter is left; `undefined` otherwise. */
  get value(): number | undefined {
    return angleValue(this.angle);
  }

  /** `this + other`. */
  add(other: AngleLike): ParameterExpression {
    return new ParameterExpression(binary('+', this.angle, toAngle(other)));
  }
  /** `this − other`. */
  sub(other: AngleLike): ParameterExpression {
    return new ParameterExpression(binary('-', this.angle, toAngle(other)));
  }
  /** `this · other`. */
  mul(other: AngleLike): ParameterExpression {
    return new ParameterExpression(binary('*', this.angle, toAngle(other)));
  }
  /** `this / other`. */
  div(other: AngleLike): ParameterExpression {
    return new ParameterExpression(binary('/', this.angle, toAngle(other)));
  }
  /** `this ^ other`. */
  pow(other: AngleLike): ParameterExpression {
    return new ParameterExpression(binary('^', this.angle, toAngle(other)));
  }
  /** `−this`. */
  neg(): ParameterExpression {
    return new ParameterExpression(negate(this.angle));
  }
  sin(): ParameterExpression {
    return this.call('sin');
  }
  cos(): ParameterExpression {
    return this.call('cos');
  }
  tan(): ParameterExpression {
    return this.call('tan');
  }
  arcsin(): ParameterExpression {
    return this.call('arcsin');
  }
  arccos(): ParameterExpression {
    return this.call('arccos');
  }
  arctan(): ParameterExpression {
    return this.call('arctan');
  }
  exp(): ParameterExpression {
    return this.call('exp');
  }
  log(): ParameterExpression {
    return this.call('ln');
  }
  sqrt(): ParameterExpression {
    return this.call('sqrt');
  }
  abs(): ParameterExpression {
    return this.call('abs');
  }

  private call(fn: ExpressionFunction): ParameterExpression {
    return new ParameterExpression(callFunction(fn, this.angle));
  }

  /**
   * Bind values (by parameter name, or by `Parameter`) and return the expression with them
   * substituted: a number when nothing is left.
   */
  bind(values: ParameterValues): AngleLike {
    const lookup = valueLookup(values);
    const bound = substitute(this.angle, (name) => lookup.get(name));
    return typeof bound === 'number' ? bound : new ParameterExpression(bound);
  }

  /** The expression as Qiskit prints it (`2*θ + 1`). */
  toString(): string {
    return formatAngle(this.angle);
  }
}

/**
 * A named circuit parameter (Qiskit's `Parameter`).
 *
 * @category Circuits
 */
export class Parameter extends ParameterExpression {
  constructor(readonly name: string) {
    if (typeof name !== 'string' || name.length === 0) {
      throw new CircuitError('a parameter needs a non-empty name');
    }
    super({ op: 'param', name });
  }
}

/** A vector of parameters named `name[0]`, `name[1]`, … (Qiskit's `ParameterVector`). */
export class ParameterVector implements Iterable<Parameter> {
  readonly params: readonly Parameter[];

  constructor(
    readonly name: string,
    length: number,
  ) {
    if (typeof name !== 'string' || name.length === 0) {
      throw new CircuitError('a parameter vector needs a non-empty name');
    }
    if (!Number.isInteger(length) || length < 0) {
      throw new CircuitError(
        `a parameter vector's length must be a non-negative integer, got ${length}`,
      );
    }
    this.params = Array.from({ length }, (_, i) => new Parameter(`${name}[${i}]`));
  }

  get length(): number {
    return this.params.length;
  }

  /** Element `i` (negative counts from the end). */
  at(i: number): Parameter {
    const p = this.params.at(i);
    if (p === undefined) throw new CircuitError(`${this.name} has no element ${i}`);
    return p;
  }

  [Symbol.iterator](): Iterator<Parameter> {
    return this.params[Symbol.iterator]();
  }
}

/** Values for parameters: by name, or by `Parameter` in a `Map`. */
export type ParameterValues =
  Readonly<Record<string, AngleLike>> | ReadonlyMap<Parameter | string, AngleLike>;

/** A name → angle lookup from parameter values. */
export function valueLookup(values: ParameterValues): Map<string, Angle> {
  const out = new Map<string, Angle>();
  if (values instanceof Map) {
    for (const [k, v] of values) out.set(k instanceof Parameter ? k.name : String(k), toAngle(v));
  } else {
    for (const [k, v] of Object.entries(values as Readonly<Record<string, AngleLike>>)) {
      out.set(k, toAngle(v));
    }
  }
  return out;
}

const VECTOR_ELEMENT = /^(.*)\[(\d+)\]$/;

function codePointCompare(a: string, b: string): number {
  const x = [...a],
    y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/**
 * Parameter names in Qiskit's order (`QuantumCircuit.parameters`): by name, the elements of a
 * parameter vector by their index (so `x[2]` comes before `x[10]`).
 */
export function sortParameters(names: readonly string[]): string[] {
  const key = (name: string): [string, number] => {
    const m = VECTOR_ELEMENT.exec(name);
    return m === null ? [name, -1] : [m[1]!, Number(m[2])];
  };
  return [...new Set(names)].sort((a, b) => {
    const [an, ai] = key(a),
      [bn, bi] = key(b);
    return codePointCompare(an, bn) || ai - bi;
  });
}

const PRECEDENCE: Record<string, number> = { '+': 1, '-': 1, '*': 2, '/': 2, '^': 3 };

/** An angle as text, the way Qiskit prints parameter expressions (`θ + π/2` as `θ + 1.5707963267949`). */
export function formatAngle(angle: Angle): string {
  const num = (v: number) => {
    const pi = piMultiple(v);
    return pi ?? String(Number(v.toPrecision(15)));
  };
  const walk = (e: ExpressionNode, parent: number): string => {
    switch (e.op) {
      case 'num':
        return num(e.value);
      case 'param':
        return e.name;
      case 'neg':
        return `-${walk(e.arg, 4)}`;
      case '+':
      case '-':
      case '*':
      case '/':
      case '^': {
        const p = PRECEDENCE[e.op]!;
        const sep = e.op === '+' || e.op === '-' ? ` ${e.op} ` : e.op === '^' ? '**' : e.op;
        const text = `${walk(e.left, p)}${sep}${walk(e.right, p + (e.op === '-' || e.op === '/' ? 1 : 0))}`;
        return p < parent ? `(${text})` : text;
      }
      default:
        return `${e.op === 'ln' ? 'log' : e.op}(${walk(e.arg, 0)})`;
    }
  };
  return typeof angle === 'number' ? num(angle) : walk(angle, 0);
}

/** `π`, `π/2`, `-3π/4` … for simple multiples of π, as Qiskit's drawers print them. */
export function piMultiple(v: number): string | undefined {
  if (v === 0) return undefined;
  for (const d of [1, 2, 3, 4, 6, 8, 16]) {
    const k = (v * d) / Math.PI;
    const r = Math.round(k);
    if (r !== 0 && Math.abs(k - r) < 1e-9 && Math.abs(r) <= 16) {
      const sign = r < 0 ? '-' : '';
      const n = Math.abs(r) === 1 ? '' : String(Math.abs(r));
      return d === 1 ? `${sign}${n}π` : `${sign}${n}π/${d}`;
    }
  }
  return undefined;
}
