/**
 * Classical values at run time and the evaluation of classical expressions, with the semantics
 * of Qiskit's `qiskit.circuit.classical.expr` and of OpenQASM 3's types
 * (openqasm/openqasm source/language/types.rst and classical.rst):
 *
 * - a classical register read as a whole is an unsigned integer with bit 0 least significant
 *   (Qiskit's and OpenQASM's little-endian convention);
 * - `uint[n]` and `int[n]` wrap around on overflow (two's complement for `int`); `int` and
 *   `uint` without a width are 64 bits wide;
 * - integer `/` truncates toward zero and `%` takes the sign of the dividend (C99), and both
 *   refuse a zero divisor;
 * - `angle[n]` is a fixed-point fraction of 2π: values wrap modulo 2π and are rounded to the
 *   nearest multiple of 2π / 2^n; an angle without a width is a real number modulo 2π;
 * - casts follow C99: float to integer discards the fraction, anything to `bool` is `!= 0`,
 *   `bool` to a number is 0 or 1.
 *
 * Integers are `bigint`, floats, angles and durations `number`, booleans `boolean`, arrays
 * nested JavaScript arrays.
 *
 * @module
 */
import type {
  BinaryOperator,
  ClassicalExpr,
  ClassicalType,
  ExpressionFunction,
} from '../../circuits/model.js';
import { SimulationError } from './errors.js';

/** A classical value at run time. */
export type Value = boolean | bigint | number | Value[];

/** Where each classical bit stands in one branch: 0, 1, or still in a qubit. */
export const BIT_ZERO = -1;
/** See {@link BIT_ZERO}. */
export const BIT_ONE = -2;

/**
 * The classical memory of one branch: `bits[c]` is {@link BIT_ZERO}, {@link BIT_ONE}, or a
 * simulated qubit whose final measured value the bit takes (a measurement read at the end);
 * `vars[i]` is the value of variable slot i.
 */
export interface Memory {
  readonly bits: Int32Array;
  readonly vars: Value[];
}

/** Resolves names in expressions to memory: registers to their bits, variables to slots. */
export interface Scope {
  /** The classical bits of register `name`, bit 0 first. */
  register(name: string): readonly number[] | undefined;
  /** The slot of variable `name`. */
  slot(name: string): number | undefined;
}

/** A compiled expression: evaluates against a branch's memory. */
export type Evaluator = (memory: Memory) => Value;

const TWO_PI = 2 * Math.PI;

/** The bit width of an integer type (64 for the platform default). */
function widthOf(type: ClassicalType): number {
  if (type.kind === 'uint') return type.width;
  if (type.kind === 'int' || type.kind === 'angle') return type.width ?? 64;
  return 64;
}

/** Wrap a bigint into an integer type. */
function wrapInteger(v: bigint, type: ClassicalType): bigint {
  if (type.kind === 'uint') return BigInt.asUintN(type.width, v);
  if (type.kind === 'int') return BigInt.asIntN(type.width ?? 64, v);
  return v;
}

/** Reduce radians into [0, 2π), rounded to the grid of an `angle[n]`. */
function wrapAngle(v: number, width: number | null): number {
  let a = v % TWO_PI;
  if (a < 0) a += TWO_PI;
  if (width === null || width > 52) return a;
  const steps = 2 ** width;
  const k = Math.round((a / TWO_PI) * steps) % steps;
  return (k / steps) * TWO_PI;
}

/** A value as a bigint (floats truncated toward zero, angles as their fixed-point integer). */
export function toBigInt(v: Value, from?: ClassicalType): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'boolean') return v ? 1n : 0n;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) {
      throw new SimulationError(`cannot convert the non-finite value ${v} to an integer`);
    }
    if (from?.kind === 'angle') {
      const w = from.width ?? 64;
      return BigInt(Math.round((wrapAngle(v, from.width) / TWO_PI) * 2 ** Math.min(w, 52)));
    }
    return BigInt(Math.trunc(v));
  }
  throw new SimulationError('an array cannot be used as a number');
}

/** A value as a number. */
export function toNumber(v: Value): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  throw new SimulationError('an array cannot be used as a number');
}

/** A value as a boolean (`!= 0`). */
export function toBoolean(v: Value): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return v !== 0n;
  if (typeof v === 'number') return v !== 0;
  throw new SimulationError('an array cannot be used as a condition');
}

/** Convert `v` (of type `from`, when known) into a value of `type`. */
export function coerce(v: Value, type: ClassicalType, from?: ClassicalType): Value {
  switch (type.kind) {
    case 'bool':
      return toBoolean(v);
    case 'uint':
    case 'int':
      return wrapInteger(toBigInt(v, from), type);
    case 'float':
    case 'duration':
      return toNumber(v);
    case 'angle':
      if (from !== undefined && (from.kind === 'uint' || from.kind === 'int')) {
        // A bit pattern reinterpreted as a fixed-point angle.
        const w = type.width ?? 64;
        const k = Number(BigInt.asUintN(w, toBigInt(v)));
        return wrapAngle((k / 2 ** w) * TWO_PI, type.width);
      }
      return wrapAngle(toNumber(v), type.width);
    case 'array':
      if (!Array.isArray(v)) throw new SimulationError('expected an array value');
      return v;
  }
}

/** The zero value of a type. */
export function zeroOf(type: ClassicalType): Value {
  switch (type.kind) {
    case 'bool':
      return false;
    case 'uint':
    case 'int':
      return 0n;
    case 'float':
    case 'angle':
    case 'duration':
      return 0;
    case 'array': {
      const build = (d: number): Value[] =>
        Array.from({ length: type.dimensions[d]! }, () =>
          d + 1 < type.dimensions.length ? build(d + 1) : zeroOf(type.element),
        );
      return build(0);
    }
  }
}

/** The value of the classical bits `bits`, bit 0 least significant. */
export function readBits(memory: Memory, bits: readonly number[]): bigint {
  let v = 0n;
  for (let i = bits.length - 1; i >= 0; i--) v = (v << 1n) | (readBit(memory, bits[i]!) ? 1n : 0n);
  return v;
}

/** The value of classical bit `c`. */
export function readBit(memory: Memory, c: number): boolean {
  const s = memory.bits[c];
  if (s === undefined) throw new SimulationError(`classical bit ${c} does not exist`);
  if (s === BIT_ONE) return true;
  if (s === BIT_ZERO) return false;
  // The planner reads a measurement at the end only when nothing reads its bit before.
  throw new SimulationError(
    `internal error: classical bit ${c} is read before its measurement was taken`,
  );
}

/** Write `value` into the classical bits `bits`, bit 0 least significant. */
export function writeBits(memory: Memory, bits: readonly number[], value: bigint): void {
  for (let i = 0; i < bits.length; i++) {
    memory.bits[bits[i]!] = (value >> BigInt(i)) & 1n ? BIT_ONE : BIT_ZERO;
  }
}

const MATH: Readonly<Record<ExpressionFunction, (x: number) => number>> = {
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

function isInteger(t: ClassicalType): boolean {
  return t.kind === 'uint' || t.kind === 'int';
}

function compare(op: BinaryOperator, a: Value, b: Value): boolean {
  const both = typeof a === 'bigint' && typeof b === 'bigint';
  const x = both ? a : toNumber(a);
  const y = both ? b : toNumber(b);
  switch (op) {
    case 'eq':
      return x === y;
    case 'ne':
      return x !== y;
    case 'lt':
      return x < y;
    case 'le':
      return x <= y;
    case 'gt':
      return x > y;
    default:
      return x >= y;
  }
}

function integerArithmetic(op: BinaryOperator, a: bigint, b: bigint): bigint {
  switch (op) {
    case 'add':
      return a + b;
    case 'sub':
      return a - b;
    case 'mul':
      return a * b;
    case 'div':
    case 'mod':
      if (b === 0n) throw new SimulationError('integer division by zero');
      return op === 'div' ? a / b : a % b;
    case 'pow':
      if (b < 0n) return a === 1n ? 1n : a === -1n ? (b % 2n === 0n ? 1n : -1n) : 0n;
      if (b > 4096n) throw new SimulationError(`the exponent ${b} is too large`);
      return a ** b;
    case 'bitand':
      return a & b;
    case 'bitor':
      return a | b;
    case 'bitxor':
      return a ^ b;
    case 'shl':
      return b > 4096n ? 0n : a << b;
    case 'shr':
      return b > 4096n ? (a < 0n ? -1n : 0n) : a >> b;
    default:
      throw new SimulationError(`operator '${op}' does not apply to integers`);
  }
}

function floatArithmetic(op: BinaryOperator, a: number, b: number): number {
  switch (op) {
    case 'add':
      return a + b;
    case 'sub':
      return a - b;
    case 'mul':
      return a * b;
    case 'div':
      return a / b;
    case 'mod':
      return a % b;
    case 'pow':
      return a ** b;
    default:
      throw new SimulationError(`operator '${op}' does not apply to real numbers`);
  }
}

/**
 * Compile `expr` into an evaluator over a branch's memory, resolving registers and variables
 * through `scope`. Throws {@link SimulationError} for a name the scope does not know.
 */
export function compileExpr(expr: ClassicalExpr, scope: Scope): Evaluator {
  switch (expr.kind) {
    case 'value': {
      const v = coerce(expr.value, expr.type);
      return () => v;
    }
    case 'var': {
      const loc = expr.location;
      if (loc.kind === 'clbit') {
        const c = loc.index;
        return (m) => readBit(m, c);
      }
      if (loc.kind === 'creg') {
        const bits = scope.register(loc.name);
        if (!bits) throw new SimulationError(`unknown classical register '${loc.name}'`);
        return (m) => readBits(m, bits);
      }
      const slot = scope.slot(loc.name);
      if (slot === undefined) throw new SimulationError(`unknown variable '${loc.name}'`);
      return (m) => m.vars[slot]!;
    }
    case 'unary': {
      const operand = compileExpr(expr.operand, scope);
      const type = expr.type;
      switch (expr.op) {
        case 'not':
          return (m) => !toBoolean(operand(m));
        case 'bitnot':
          if (type.kind === 'bool') return (m) => !toBoolean(operand(m));
          return (m) => wrapInteger(~toBigInt(operand(m)), type);
        case 'neg':
          if (isInteger(type)) return (m) => wrapInteger(-toBigInt(operand(m)), type);
          return (m) => coerce(-toNumber(operand(m)), type);
      }
      throw new SimulationError(`unknown unary operator '${String((expr as { op: unknown }).op)}'`);
    }
    case 'binary':
      return compileBinary(expr, scope);
    case 'cast': {
      const operand = compileExpr(expr.operand, scope);
      const from = expr.operand.type;
      const type = expr.type;
      return (m) => coerce(operand(m), type, from);
    }
    case 'index': {
      const index = compileExpr(expr.index, scope);
      const target = expr.target;
      if (target.type.kind === 'array') {
        const array = compileExpr(target, scope);
        return (m) => {
          const a = array(m) as Value[];
          const i = Number(toBigInt(index(m)));
          if (!(i >= 0 && i < a.length)) {
            throw new SimulationError(`index ${i} is out of range for an array of ${a.length}`);
          }
          return a[i]!;
        };
      }
      if (target.kind === 'var' && target.location.kind === 'creg') {
        const bits = scope.register(target.location.name);
        if (!bits) {
          throw new SimulationError(`unknown classical register '${target.location.name}'`);
        }
        return (m) => {
          const i = Number(toBigInt(index(m)));
          const c = bits[i < 0 ? bits.length + i : i];
          if (c === undefined) {
            throw new SimulationError(
              `index ${i} is out of range for a register of ${bits.length}`,
            );
          }
          return readBit(m, c);
        };
      }
      const value = compileExpr(target, scope);
      const width = widthOf(target.type);
      return (m) => {
        const i = toBigInt(index(m));
        if (i < 0n || i >= BigInt(width)) {
          throw new SimulationError(`bit index ${i} is out of range for a ${width}-bit value`);
        }
        return ((toBigInt(value(m), target.type) >> i) & 1n) === 1n;
      };
    }
    case 'call': {
      const fn = MATH[expr.fn];
      if (!fn || expr.args.length !== 1) {
        throw new SimulationError(`unknown function '${expr.fn}'`);
      }
      const arg = compileExpr(expr.args[0]!, scope);
      const type = expr.type;
      return (m) => coerce(fn(toNumber(arg(m))), type);
    }
  }
}

function compileBinary(expr: ClassicalExpr & { kind: 'binary' }, scope: Scope): Evaluator {
  const left = compileExpr(expr.left, scope);
  const right = compileExpr(expr.right, scope);
  const { op, type } = expr;
  const lt = expr.left.type;
  const rt = expr.right.type;
  switch (op) {
    case 'and':
      return (m) => toBoolean(left(m)) && toBoolean(right(m));
    case 'or':
      return (m) => toBoolean(left(m)) || toBoolean(right(m));
    case 'eq':
    case 'ne':
    case 'lt':
    case 'le':
    case 'gt':
    case 'ge':
      return (m) => compare(op, left(m), right(m));
    default:
      break;
  }
  if (type.kind === 'bool') {
    // Bitwise operators on single bits.
    return (m) => {
      const a = toBoolean(left(m)),
        b = toBoolean(right(m));
      if (op === 'bitand') return a && b;
      if (op === 'bitor') return a || b;
      if (op === 'bitxor') return a !== b;
      throw new SimulationError(`operator '${op}' does not apply to booleans`);
    };
  }
  if (isInteger(type)) {
    if (lt.kind === 'angle' && rt.kind === 'angle' && op === 'div') {
      // angle / angle is the integer quotient of their bit patterns.
      return (m) =>
        wrapInteger(integerArithmetic('div', toBigInt(left(m), lt), toBigInt(right(m), rt)), type);
    }
    return (m) => wrapInteger(integerArithmetic(op, toBigInt(left(m)), toBigInt(right(m))), type);
  }
  if (type.kind === 'angle' && (op === 'shl' || op === 'shr' || op.startsWith('bit'))) {
    const w = type.width ?? 52;
    return (m) => {
      const k = integerArithmetic(op, toBigInt(left(m), lt), toBigInt(right(m), rt));
      return wrapAngle((Number(BigInt.asUintN(Math.min(w, 52), k)) / 2 ** w) * TWO_PI, type.width);
    };
  }
  return (m) => coerce(floatArithmetic(op, toNumber(left(m)), toNumber(right(m))), type);
}
