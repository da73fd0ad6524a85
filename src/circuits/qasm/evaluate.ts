/**
 * Evaluates OpenQASM expressions while a program is lowered: to a value known now, a real
 * number over parameters (gate angles), a run-time classical expression, classical bits, or
 * qubits. Also resolves written types and reads index selectors.
 *
 * @module
 */
import type {
  Angle,
  ClassicalExpr,
  ExpressionFunction,
  ExpressionOperator,
  ParameterExpression,
} from '../model.js';
import type { Expr, ForIterable, IndexSelector, Stmt, TypeNode } from './ast.js';
import type { CircuitBuilder } from './builder.js';
import { Problem, type Pos } from './diagnostics.js';
import { binary as angleBinary, callFunction, negate } from './expression.js';
import {
  bitOf,
  binaryExpr,
  castTo,
  modelType,
  RuntimeTypeError,
  unaryExpr,
  valueExpr,
  type Typed,
} from './runtime.js';
import type { Entry, Operand, Scope, Variable } from './scope.js';
import {
  BUILTIN_FUNCTIONS,
  binary as binaryValue,
  callBuiltin,
  cast as castValue,
  durationValue,
  floatValue,
  intValue,
  toInteger,
  toNumber,
  typeName,
  unary as unaryValue,
  zero,
  type QType,
  type Value,
} from './values.js';

/** Built-in constants. */
export const CONSTANTS: ReadonlyMap<string, number> = new Map([
  ['pi', Math.PI],
  ['π', Math.PI],
  ['tau', 2 * Math.PI],
  ['τ', 2 * Math.PI],
  ['euler', Math.E],
  ['ℇ', Math.E],
]);

/** Functions an angle over parameters may go through, by their OpenQASM names. */
const ANGLE_FUNCTIONS: ReadonlyMap<string, ExpressionFunction> = new Map([
  ['sin', 'sin'],
  ['cos', 'cos'],
  ['tan', 'tan'],
  ['exp', 'exp'],
  ['ln', 'ln'],
  ['log', 'ln'],
  ['sqrt', 'sqrt'],
  ['arcsin', 'arcsin'],
  ['asin', 'arcsin'],
  ['arccos', 'arccos'],
  ['acos', 'arccos'],
  ['arctan', 'arctan'],
  ['atan', 'arctan'],
  ['abs', 'abs'],
]);

/** Units per second (a division keeps `100ns` exactly 1e-7 s). */
const PER_SECOND: Readonly<Record<string, number>> = { ns: 1e9, us: 1e6, ms: 1e3, s: 1 };

/** What the evaluator needs from the statement lowering. */
export interface EvaluationHooks {
  /** Inline subroutine `def` for a call with `args`; returns its value. */
  callSubroutine(def: Stmt & { kind: 'def' }, args: readonly Expr[], at: Pos): Operand;
  /** Measure `qubits` into `bits`, one by one. */
  measure(qubits: readonly number[], bits: readonly number[], at: Pos): void;
}

/** Most iterations one loop is unrolled for while reading. */
export const MAX_UNROLLED_ITERATIONS = 100_000;

/** The largest size accepted for integer widths and array dimensions. */
const MAX_WIDTH = 1 << 20;

export class Evaluator {
  constructor(
    private readonly scope: Scope,
    private readonly builder: CircuitBuilder,
    private readonly hooks: EvaluationHooks,
    /** OpenQASM 2: `/` divides as real numbers. */
    private readonly realDivision: () => boolean,
  ) {}

  // ---- entry points ------------------------------------------------------------------------

  evaluate(e: Expr): Operand {
    switch (e.kind) {
      case 'int':
        return value(intValue('int', null, e.value));
      case 'float':
        return value(floatValue(e.value));
      case 'imag':
        return value({ type: { kind: 'complex', width: null }, re: 0, im: e.value });
      case 'bool':
        return value({ type: { kind: 'bool' }, b: e.value });
      case 'string':
        return value(bitString(e.value, e.pos));
      case 'duration':
        return value(
          durationValue(
            e.unit === 'dt'
              ? { amount: e.value, unit: 'dt' }
              : { amount: e.value / PER_SECOND[e.unit]!, unit: 's' },
          ),
        );
      case 'ident':
        return this.identifier(e.name, e.pos);
      case 'physical':
        if (this.scope.inGate)
          throw new Problem('physical qubits cannot be used inside a gate body', e.pos);
        return {
          kind: 'qubits',
          qubits: [this.builder.physical(e.index, e.text, e.pos)],
          scalar: true,
        };
      case 'unary':
        return this.unary(e.op, this.evaluate(e.operand), e.pos);
      case 'binary':
        return this.binary(e.op, this.evaluate(e.left), this.evaluate(e.right), e.opPos);
      case 'call':
        return this.call(e.name, e.args, e.pos);
      case 'cast':
        return this.cast(this.resolveType(e.type), this.evaluate(e.operand), e.pos);
      case 'index':
        return this.index(e.target, e.selector, e.pos);
      case 'measure':
        return this.measureExpression(e.operand, e.pos);
      case 'durationof':
        return value(durationValue(null));
      case 'list':
        return this.list(e.items, e.pos);
    }
  }

  /** A value that must be known before the circuit runs. */
  known(e: Expr, what: string): Value {
    const op = this.evaluate(e);
    if (op.kind === 'value') return op.value;
    throw new Problem(`${what} must be known before the circuit runs`, e.pos);
  }

  /** An integer known now, for sizes, widths and indices. */
  integer(e: Expr, allowNegative = false): number {
    const op = this.evaluate(e);
    const i =
      op.kind === 'value' && op.value.type.kind !== 'bool' ? toInteger(op.value) : undefined;
    if (
      i === undefined ||
      (!allowNegative && i < 0n) ||
      i > BigInt(Number.MAX_SAFE_INTEGER) ||
      i < BigInt(Number.MIN_SAFE_INTEGER)
    ) {
      if (op.kind === 'runtime' || op.kind === 'bits') {
        throw new Problem('this integer must be known before the circuit runs', e.pos);
      }
      throw new Problem(`expected a${allowNegative ? 'n' : ' non-negative'} integer`, e.pos);
    }
    return Number(i);
  }

  /** A size (register size, type width, array dimension): at least 1 unless `allowZero`. */
  size(e: Expr, what: string, limit: number, allowZero = false): number {
    const n = this.integer(e);
    if (n < (allowZero ? 0 : 1))
      throw new Problem(`${what} must be at least ${allowZero ? 0 : 1}`, e.pos);
    if (n > limit) throw new Problem(`${what} ${n} is too large (at most ${limit})`, e.pos);
    return n;
  }

  /** A gate angle: a number, or an expression over parameters. */
  angle(e: Expr): Angle {
    const op = this.evaluate(e);
    switch (op.kind) {
      case 'value': {
        const n = toNumber(op.value);
        if (n === undefined) {
          throw new Problem(`a gate angle must be a number, not ${typeName(op.value.type)}`, e.pos);
        }
        if (!Number.isFinite(n)) throw new Problem('the angle is not a finite number', e.pos);
        return n;
      }
      case 'angle':
        return op.angle;
      case 'runtime':
      case 'bits':
        throw new Problem(
          'a gate angle cannot depend on a value known only when the circuit runs (a measurement result)',
          e.pos,
        );
      case 'qubits':
        throw new Problem('expected an angle, got qubits', e.pos);
    }
  }

  /** Qubits named by an operand of a gate, measurement, reset, barrier or delay. */
  qubits(e: Expr): { qubits: readonly number[]; scalar: boolean } {
    let root = e;
    while (root.kind === 'index') root = root.target;
    if (root.kind === 'ident') {
      const entry = this.scope.lookup(root.name);
      if (entry === undefined && !CONSTANTS.has(root.name)) {
        if (this.scope.suspects.has(root.name)) throw new Silent();
        if (this.scope.inGate)
          throw new Problem(`unknown qubit '${root.name}' in gate body`, root.pos);
        throw new Problem(`unknown qubit register '${root.name}'`, root.pos);
      }
      if (entry?.kind === 'variable') {
        throw new Problem(
          `'${root.name}' is a classical ${entry.variable.type.kind === 'bit' ? 'register' : 'variable'}, expected qubits`,
          root.pos,
        );
      }
    }
    if (e.kind === 'index' && this.scope.inGate && e.target.kind === 'ident') {
      const entry = this.scope.lookup(e.target.name);
      if (entry?.kind === 'qubits')
        throw new Problem('gate qubit arguments cannot be indexed', e.pos);
    }
    const op = this.evaluate(e);
    if (op.kind === 'qubits') return op;
    throw new Problem(`expected qubits, got ${describeOperand(op)}`, e.pos);
  }

  /** An operand as a run-time expression. */
  typed(op: Operand, at: Pos): Typed {
    switch (op.kind) {
      case 'value':
        try {
          return valueExpr(op.value);
        } catch (e) {
          if (e instanceof RuntimeTypeError) throw new Problem(e.message, at);
          throw e;
        }
      case 'runtime':
        return { expr: op.expr, type: op.type };
      case 'bits':
        return this.bitsExpr(op.bits, op.type);
      case 'angle':
        throw new Problem(
          'an input parameter cannot be combined with a value known only when the circuit runs',
          at,
        );
      case 'qubits':
        throw new Problem('qubits are not a classical value', at);
    }
  }

  /** Classical bits read as one run-time value: a bit, a register, or bits put together. */
  bitsExpr(bits: readonly number[], type: QType): Typed {
    if (type.kind === 'bit' && type.width === null) {
      return { expr: clbitVar(bits[0]!), type };
    }
    const width = bits.length;
    const t: QType = { kind: 'bit', width };
    const creg = this.builder.cregOf(bits);
    if (creg !== undefined) {
      return {
        expr: {
          kind: 'var',
          location: { kind: 'creg', name: creg },
          type: { kind: 'uint', width },
        },
        type: t,
      };
    }
    const uint: QType = { kind: 'uint', width };
    let acc: Typed | undefined;
    bits.forEach((b, i) => {
      let part: Typed = castTo({ expr: clbitVar(b), type: { kind: 'bool' } }, uint, true);
      if (i > 0)
        part = binaryExpr('<<', part, valueExpr(intValue('uint', width, BigInt(i)))) as Typed;
      acc = acc === undefined ? part : (binaryExpr('|', acc, part) as Typed);
    });
    return { expr: acc!.expr, type: t };
  }

  /** A condition: known now, or a run-time boolean expression. */
  condition(e: Expr): { known: boolean } | { expr: ClassicalExpr } {
    const op = this.evaluate(e);
    if (op.kind === 'value') {
      const b = castValue(op.value, { kind: 'bool' }, false);
      if (typeof b === 'string')
        throw new Problem(`a condition must be a boolean, not ${typeName(op.value.type)}`, e.pos);
      return { known: (b as { b: boolean }).b };
    }
    if (op.kind === 'angle') {
      throw new Problem('a condition cannot depend on an input parameter', e.pos);
    }
    if (op.kind === 'qubits') throw new Problem('a condition cannot be qubits', e.pos);
    const t = this.typed(op, e.pos);
    try {
      return { expr: castTo(t, { kind: 'bool' }, true).expr };
    } catch (err) {
      if (err instanceof RuntimeTypeError) throw new Problem(err.message, e.pos);
      throw err;
    }
  }

  /** The type a type node names, with its widths and dimensions evaluated. */
  resolveType(t: TypeNode): QType {
    if (t.kind === 'array') {
      const element = this.resolveType(t.element);
      if (element.kind === 'bit' || element.kind === 'array' || element.kind === 'stretch') {
        throw new Problem(`an array cannot hold ${typeName(element)}`, t.pos);
      }
      if (t.dims === null)
        throw new Problem("an array with '#dim' is only allowed as a subroutine argument", t.pos);
      if (t.dims.length > 7) throw new Problem('an array has at most 7 dimensions', t.pos);
      const dims = t.dims.map((d) => this.size(d, 'array dimension', MAX_WIDTH));
      if (dims.reduce((a, b) => a * b, 1) > MAX_WIDTH) {
        throw new Problem(`the array is too large (more than ${MAX_WIDTH} elements)`, t.pos);
      }
      return { kind: 'array', element, dims };
    }
    const width = t.width === null ? null : this.size(t.width, `width of ${t.name}`, MAX_WIDTH);
    switch (t.name) {
      case 'bool':
      case 'duration':
      case 'stretch':
        if (width !== null) throw new Problem(`${t.name} takes no width`, t.pos);
        return { kind: t.name };
      case 'complex': {
        if (t.component === null) return { kind: 'complex', width: null };
        const c = this.resolveType(t.component);
        if (c.kind !== 'float')
          throw new Problem('a complex number is made of floats: complex[float[64]]', t.pos);
        return { kind: 'complex', width: c.width };
      }
      case 'float':
        if (width !== null && width !== 16 && width !== 32 && width !== 64 && width !== 128) {
          throw new Problem(
            `float[${width}] is not a floating-point format (16, 32, 64 or 128)`,
            t.pos,
          );
        }
        return { kind: 'float', width };
      default:
        return { kind: t.name, width };
    }
  }

  /** Indices selected from a collection of `size` (a register of `owner`'s name). */
  select(
    selector: IndexSelector,
    size: number,
    owner: string,
  ): { indices: number[]; scalar: boolean } {
    const check = (i: number, at: Pos): number => {
      const j = i < 0 ? i + size : i;
      if (j < 0 || j >= size) {
        throw new Problem(`index ${i} is out of range for ${owner} of size ${size}`, at);
      }
      return j;
    };
    if (selector.kind === 'set') {
      return {
        indices: selector.items.map((e) => check(this.integer(e, true), e.pos)),
        scalar: false,
      };
    }
    if (selector.parts.length !== 1) {
      throw new Problem(
        `${owner} has one dimension, got ${selector.parts.length} indices`,
        partPos(selector.parts[1]!),
      );
    }
    const part = selector.parts[0]!;
    if (part.kind === 'value')
      return { indices: [check(this.integer(part.expr, true), part.expr.pos)], scalar: true };
    return { indices: this.rangeIndices(part, size, owner), scalar: false };
  }

  private rangeIndices(
    part: { start: Expr | null; step: Expr | null; end: Expr | null; pos: Pos },
    size: number,
    owner: string,
  ): number[] {
    const step = part.step === null ? 1 : this.integer(part.step, true);
    if (step === 0) throw new Problem('a range step cannot be 0', part.step?.pos ?? part.pos);
    const norm = (e: Expr | null, fallback: number): number => {
      if (e === null) return fallback;
      const i = this.integer(e, true);
      const j = i < 0 ? i + size : i;
      if (j < 0 || j >= size)
        throw new Problem(`index ${i} is out of range for ${owner} of size ${size}`, e.pos);
      return j;
    };
    const start = norm(part.start, step > 0 ? 0 : size - 1);
    const end = norm(part.end, step > 0 ? size - 1 : 0);
    const out: number[] = [];
    for (let i = start; step > 0 ? i <= end : i >= end; i += step) out.push(i);
    return out;
  }

  /** The values a `for` loop takes, all known while reading. */
  loopValues(iterable: ForIterable): Value[] {
    switch (iterable.kind) {
      case 'range': {
        if (iterable.start === null || iterable.end === null) {
          throw new Problem('a for loop range needs a start and an end: [start:end]', iterable.pos);
        }
        const start = this.loopInteger(iterable.start);
        const end = this.loopInteger(iterable.end);
        const step = iterable.step === null ? 1n : this.loopInteger(iterable.step);
        if (step === 0n)
          throw new Problem('a range step cannot be 0', iterable.step?.pos ?? iterable.pos);
        const count =
          step > 0n
            ? end >= start
              ? (end - start) / step + 1n
              : 0n
            : start >= end
              ? (start - end) / -step + 1n
              : 0n;
        if (count > BigInt(MAX_UNROLLED_ITERATIONS)) {
          throw new Problem(
            `the for loop runs ${count} times, more than the ${MAX_UNROLLED_ITERATIONS} allowed`,
            iterable.pos,
          );
        }
        const out: Value[] = [];
        for (let i = 0n, x = start; i < count; i++, x += step) out.push(intValue('int', null, x));
        return out;
      }
      case 'set':
        return iterable.items.map((e) => this.known(e, 'the values of a for loop'));
      case 'expr': {
        const op = this.evaluate(iterable.expr);
        if (op.kind !== 'value') {
          throw new Problem(
            'the values of a for loop must be known before the circuit runs',
            iterable.expr.pos,
          );
        }
        const v = op.value;
        if (v.type.kind !== 'array')
          throw new Problem(
            `a for loop runs over a range, a set or an array, not ${typeName(v.type)}`,
            iterable.expr.pos,
          );
        const t = v.type;
        const items = (v as { items: readonly Value[] }).items;
        if (t.dims.length === 1) return [...items];
        const stride = items.length / t.dims[0]!;
        const sub = { kind: 'array' as const, element: t.element, dims: t.dims.slice(1) };
        return Array.from(
          { length: t.dims[0]! },
          (_, i) => ({ type: sub, items: items.slice(i * stride, (i + 1) * stride) }) as Value,
        );
      }
    }
  }

  private loopInteger(e: Expr): bigint {
    const v = this.known(e, 'the range of a for loop');
    const i = toInteger(v);
    if (i === undefined) throw new Problem('a for loop range must be made of integers', e.pos);
    return i;
  }

  // ---- identifiers ---------------------------------------------------------------------------

  private identifier(name: string, at: Pos): Operand {
    const entry = this.scope.lookup(name);
    if (entry === undefined) {
      const constant = CONSTANTS.get(name);
      if (constant !== undefined) return value(floatValue(constant));
      if (this.scope.inGate || this.scope.inFunction) {
        const outer = this.scope.global(name);
        if (outer?.kind === 'variable' && outer.variable.storage.kind === 'input') {
          throw new Problem(
            `input parameter '${name}' cannot be used inside a ${this.scope.inGate ? 'gate body' : 'subroutine'}`,
            at,
          );
        }
      }
      if (this.scope.suspects.has(name)) throw new Silent();
      throw new Problem(`unknown identifier '${name}'`, at);
    }
    return this.entryOperand(name, entry, at);
  }

  private entryOperand(name: string, entry: Entry, at: Pos): Operand {
    switch (entry.kind) {
      case 'qubits':
        return { kind: 'qubits', qubits: entry.qubits, scalar: entry.scalar };
      case 'variable':
        return this.read(entry.variable, at);
      case 'gateParam':
        return { kind: 'angle', angle: { op: 'param', name } };
      case 'gate':
      case 'defcal':
        throw new Problem(`'${name}' is a gate, not a value`, at);
      case 'subroutine':
      case 'extern':
        throw new Problem(`'${name}' is a subroutine; call it as ${name}(...)`, at);
      case 'poisoned':
        throw new Silent();
    }
  }

  /** The current value of a variable. */
  read(v: Variable, at: Pos): Operand {
    const s = v.storage;
    switch (s.kind) {
      case 'known':
        return value(s.value ?? zero(v.type));
      case 'clbits':
        return { kind: 'bits', bits: s.bits, type: v.type };
      case 'var': {
        const type = modelType(v.type);
        if (typeof type === 'string') throw new Problem(type, at);
        return {
          kind: 'runtime',
          expr: { kind: 'var', location: { kind: 'var', name: s.name }, type },
          type: v.type,
        };
      }
      case 'input':
        return {
          kind: 'angle',
          angle: { op: 'param', name: s.name, line: at.line, column: at.column },
        };
      case 'operand':
        return s.operand;
    }
  }

  // ---- operators -----------------------------------------------------------------------------

  unary(op: '-' | '!' | '~', a: Operand, at: Pos): Operand {
    switch (a.kind) {
      case 'value': {
        const v = unaryValue(op, a.value);
        if (typeof v === 'string') throw new Problem(v, at);
        return value(v);
      }
      case 'angle':
        if (op !== '-') throw new Problem(`'${op}' cannot be applied to an input parameter`, at);
        return angleOperand(negate(a.angle));
      case 'qubits':
        throw new Problem(`'${op}' cannot be applied to qubits`, at);
      default: {
        const r = unaryExpr(op, this.typed(a, at));
        if (typeof r === 'string') throw new Problem(r, at);
        return { kind: 'runtime', expr: r.expr, type: r.type };
      }
    }
  }

  binary(op: string, a: Operand, b: Operand, at: Pos): Operand {
    if (op === '++') return this.concat(a, b, at);
    if (a.kind === 'qubits' || b.kind === 'qubits')
      throw new Problem(`'${op}' cannot be applied to qubits`, at);
    if (a.kind === 'value' && b.kind === 'value') {
      const v = binaryValue(op, a.value, b.value, this.realDivision());
      if (typeof v === 'string') throw new Problem(v, at);
      return value(v);
    }
    if (a.kind === 'angle' || b.kind === 'angle') return this.angleBinary(op, a, b, at);
    const r = binaryExpr(op, this.typed(a, at), this.typed(b, at));
    if (typeof r === 'string') throw new Problem(r, at);
    return { kind: 'runtime', expr: r.expr, type: r.type };
  }

  private angleBinary(op: string, a: Operand, b: Operand, at: Pos): Operand {
    const asAngle = (o: Operand): Angle => {
      if (o.kind === 'angle') return o.angle;
      if (o.kind === 'value') {
        const n = toNumber(o.value);
        if (n !== undefined) return n;
        throw new Problem(`cannot combine ${typeName(o.value.type)} with an input parameter`, at);
      }
      throw new Problem(
        'an input parameter cannot be combined with a value known only when the circuit runs',
        at,
      );
    };
    const ops: Readonly<Record<string, ExpressionOperator>> = {
      '+': '+',
      '-': '-',
      '*': '*',
      '/': '/',
      '**': '^',
    };
    const mapped = ops[op];
    if (mapped === undefined) {
      throw new Problem(
        `'${op}' cannot be applied to an input parameter (only + - * / ** and functions)`,
        at,
      );
    }
    return angleOperand(angleBinary(mapped, asAngle(a), asAngle(b)));
  }

  private concat(a: Operand, b: Operand, at: Pos): Operand {
    if (a.kind === 'qubits' && b.kind === 'qubits') {
      return { kind: 'qubits', qubits: [...a.qubits, ...b.qubits], scalar: false };
    }
    if (a.kind === 'bits' && b.kind === 'bits') {
      const bits = [...a.bits, ...b.bits];
      return { kind: 'bits', bits, type: { kind: 'bit', width: bits.length } };
    }
    if (
      a.kind === 'value' &&
      b.kind === 'value' &&
      a.value.type.kind === 'array' &&
      b.value.type.kind === 'array'
    ) {
      const ta = a.value.type;
      const tb = b.value.type;
      if (ta.dims.length !== 1 || tb.dims.length !== 1)
        throw new Problem("'++' joins one-dimensional arrays only", at);
      const items = [
        ...(a.value as { items: readonly Value[] }).items,
        ...(b.value as { items: readonly Value[] }).items,
      ];
      return value({ type: { kind: 'array', element: ta.element, dims: [items.length] }, items });
    }
    throw new Problem(
      `'++' joins qubit registers, bit registers or arrays, not ${describeOperand(a)} and ${describeOperand(b)}`,
      at,
    );
  }

  // ---- calls, casts, indices ----------------------------------------------------------------

  private call(name: string, args: readonly Expr[], at: Pos): Operand {
    const entry = this.scope.lookup(name);
    if (entry !== undefined) {
      switch (entry.kind) {
        case 'subroutine':
          return this.hooks.callSubroutine(entry.def, args, at);
        case 'extern':
          throw new Problem(
            `extern function '${name}' has no implementation here; only subroutines defined with 'def' can run`,
            at,
          );
        case 'gate':
        case 'defcal':
          throw new Problem(`'${name}' is a gate; apply it to qubits: ${name}(...) q;`, at);
        case 'poisoned':
          throw new Silent();
        default:
          throw new Problem(`'${name}' is not a function`, at);
      }
    }
    if (name === 'sizeof') return this.sizeof(args, at);
    if (!BUILTIN_FUNCTIONS.has(name)) throw new Problem(`unknown function '${name}'`, at);
    const ops = args.map((a) => this.evaluate(a));
    if (ops.every((o) => o.kind === 'value')) {
      const v = callBuiltin(
        name,
        ops.map((o) => (o as { value: Value }).value),
      );
      if (typeof v === 'string') throw new Problem(v, at);
      return value(v!);
    }
    const fn = ANGLE_FUNCTIONS.get(name);
    if (fn === undefined || ops.length !== 1) {
      throw new Problem(`'${name}' needs arguments known before the circuit runs`, at);
    }
    const arg = ops[0]!;
    if (arg.kind === 'angle') return angleOperand(callFunction(fn, arg.angle));
    if (arg.kind === 'qubits') throw new Problem(`'${name}' cannot be applied to qubits`, at);
    const t = this.typed(arg, at);
    const f = castTo(t, { kind: 'float', width: null }, true);
    return {
      kind: 'runtime',
      expr: { kind: 'call', fn, args: [f.expr], type: { kind: 'float', width: null } },
      type: { kind: 'float', width: null },
    };
  }

  private sizeof(args: readonly Expr[], at: Pos): Operand {
    if (args.length < 1 || args.length > 2)
      throw new Problem(`'sizeof' takes one or two arguments, got ${args.length}`, at);
    const target = this.evaluate(args[0]!);
    const dim = args.length === 2 ? this.integer(args[1]!) : 0;
    let dims: readonly number[];
    if (target.kind === 'value' && target.value.type.kind === 'array')
      dims = target.value.type.dims;
    else if (target.kind === 'qubits' || target.kind === 'bits')
      dims = [target.kind === 'qubits' ? target.qubits.length : target.bits.length];
    else throw new Problem("'sizeof' takes an array", at);
    if (dim >= dims.length)
      throw new Problem(`the array has ${dims.length} dimension(s), not ${dim + 1}`, at);
    return value(intValue('uint', null, BigInt(dims[dim]!)));
  }

  cast(to: QType, a: Operand, at: Pos): Operand {
    switch (a.kind) {
      case 'value': {
        const v = castValue(a.value, to, true);
        if (typeof v === 'string') throw new Problem(v, at);
        return value(v);
      }
      case 'angle':
        if (to.kind === 'float' || to.kind === 'angle') return a;
        throw new Problem(`an input parameter cannot be converted to ${typeName(to)}`, at);
      case 'qubits':
        throw new Problem(`qubits cannot be converted to ${typeName(to)}`, at);
      default: {
        const t = this.typed(a, at);
        try {
          const r = castTo(t, to, false);
          return { kind: 'runtime', expr: r.expr, type: r.type };
        } catch (e) {
          if (e instanceof RuntimeTypeError) throw new Problem(e.message, at);
          throw e;
        }
      }
    }
  }

  private index(targetExpr: Expr, selector: IndexSelector, at: Pos): Operand {
    const target = this.evaluate(targetExpr);
    const owner = targetExpr.kind === 'ident' ? `register '${targetExpr.name}'` : 'the register';
    switch (target.kind) {
      case 'qubits': {
        if (target.scalar) throw new Problem('a single qubit cannot be indexed', at);
        const { indices, scalar } = this.select(selector, target.qubits.length, owner);
        return { kind: 'qubits', qubits: indices.map((i) => target.qubits[i]!), scalar };
      }
      case 'bits': {
        if (target.type.kind === 'bit' && target.type.width === null)
          throw new Problem('a single bit cannot be indexed', at);
        const runtimeIndex = this.runtimeIndex(selector);
        if (runtimeIndex !== undefined) {
          const r = bitOf(this.bitsExpr(target.bits, target.type), this.typed(runtimeIndex, at));
          if (typeof r === 'string') throw new Problem(r, at);
          return { kind: 'runtime', expr: r.expr, type: r.type };
        }
        const { indices, scalar } = this.select(selector, target.bits.length, owner);
        const bits = indices.map((i) => target.bits[i]!);
        return { kind: 'bits', bits, type: { kind: 'bit', width: scalar ? null : bits.length } };
      }
      case 'value':
        return value(this.indexValue(target.value, selector, owner, at));
      case 'runtime': {
        const idx = this.runtimeIndex(selector);
        const index =
          idx ??
          (selector.kind === 'parts' &&
          selector.parts.length === 1 &&
          selector.parts[0]!.kind === 'value'
            ? this.evaluate(selector.parts[0]!.expr)
            : undefined);
        if (index === undefined)
          throw new Problem(
            'only single bits can be taken from a value known only at run time',
            at,
          );
        const r = bitOf({ expr: target.expr, type: target.type }, this.typed(index, at));
        if (typeof r === 'string') throw new Problem(r, at);
        return { kind: 'runtime', expr: r.expr, type: r.type };
      }
      case 'angle':
        throw new Problem('an input parameter cannot be indexed', at);
    }
  }

  /** The index of a one-part selector when it is known only at run time. */
  private runtimeIndex(selector: IndexSelector): Operand | undefined {
    if (selector.kind !== 'parts' || selector.parts.length !== 1) return undefined;
    const part = selector.parts[0]!;
    if (part.kind !== 'value') return undefined;
    const op = this.evaluate(part.expr);
    return op.kind === 'runtime' || op.kind === 'bits' ? op : undefined;
  }

  private indexValue(v: Value, selector: IndexSelector, owner: string, at: Pos): Value {
    const t = v.type;
    if (t.kind === 'array') {
      if (selector.kind === 'set') throw new Problem('an array cannot be indexed by a set', at);
      let current: Value = v;
      for (const part of selector.parts) {
        const ct = current.type;
        if (ct.kind !== 'array') throw new Problem('too many indices for the array', at);
        const items = (current as { items: readonly Value[] }).items;
        const stride = items.length / ct.dims[0]!;
        const sub: QType =
          ct.dims.length === 1
            ? ct.element
            : { kind: 'array', element: ct.element, dims: ct.dims.slice(1) };
        const pick = (i: number): Value =>
          ct.dims.length === 1
            ? items[i]!
            : ({ type: sub, items: items.slice(i * stride, (i + 1) * stride) } as Value);
        const sel = this.select({ kind: 'parts', parts: [part] }, ct.dims[0]!, 'the array');
        if (sel.scalar) current = pick(sel.indices[0]!);
        else {
          const picked = sel.indices.map(pick);
          const flat =
            ct.dims.length === 1
              ? picked
              : picked.flatMap((p) => (p as { items: readonly Value[] }).items);
          current = {
            type: {
              kind: 'array',
              element: ct.element,
              dims: [sel.indices.length, ...ct.dims.slice(1)],
            },
            items: flat,
          };
        }
      }
      return current;
    }
    if (t.kind === 'bit' || t.kind === 'int' || t.kind === 'uint' || t.kind === 'angle') {
      const width = t.width ?? (t.kind === 'bit' ? 1 : 64);
      if (t.kind === 'bit' && t.width === null)
        throw new Problem('a single bit cannot be indexed', at);
      const bits = castValue(v, { kind: 'bit', width }, true);
      if (typeof bits === 'string') throw new Problem(bits, at);
      const pattern = (bits as { i: bigint }).i;
      const sel = this.select(selector, width, owner);
      if (sel.scalar) return intValue('bit', null, (pattern >> BigInt(sel.indices[0]!)) & 1n);
      let out = 0n;
      sel.indices.forEach((i, k) => {
        out |= ((pattern >> BigInt(i)) & 1n) << BigInt(k);
      });
      return intValue('bit', sel.indices.length, out);
    }
    throw new Problem(`${typeName(t)} cannot be indexed`, at);
  }

  private measureExpression(operand: Expr, at: Pos): Operand {
    if (this.scope.inGate) throw new Problem('a measurement cannot be part of a gate', at);
    const { qubits, scalar } = this.qubits(operand);
    const bits = this.builder.addClbits(qubits.length, at);
    this.hooks.measure(qubits, bits, at);
    return { kind: 'bits', bits, type: { kind: 'bit', width: scalar ? null : bits.length } };
  }

  /** `{a, b, ...}`: an array literal, or qubits or bits put together (`let r = {q0, q1};`). */
  private list(items: readonly Expr[], at: Pos): Operand {
    const ops = items.map((e) => this.evaluate(e));
    if (ops.length > 0 && ops.every((o) => o.kind === 'qubits')) {
      return {
        kind: 'qubits',
        qubits: ops.flatMap((o) => [...(o as { qubits: readonly number[] }).qubits]),
        scalar: false,
      };
    }
    if (ops.length > 0 && ops.every((o) => o.kind === 'bits')) {
      const bits = ops.flatMap((o) => [...(o as { bits: readonly number[] }).bits]);
      return { kind: 'bits', bits, type: { kind: 'bit', width: bits.length } };
    }
    const values = ops.map((o, i) => {
      if (o.kind === 'value') return o.value;
      throw new Problem('an array element must be known before the circuit runs', items[i]!.pos);
    });
    return value(this.array(values, at));
  }

  private array(values: readonly Value[], at: Pos): Value {
    if (values.length === 0) throw new Problem('an array literal needs at least one element', at);
    const first = values[0]!.type;
    if (first.kind === 'array') {
      for (const v of values) {
        if (v.type.kind !== 'array' || v.type.dims.join() !== first.dims.join()) {
          throw new Problem('the rows of an array literal must have the same shape', at);
        }
      }
      return {
        type: { kind: 'array', element: first.element, dims: [values.length, ...first.dims] },
        items: values.flatMap((v) => (v as { items: readonly Value[] }).items),
      };
    }
    const element: QType = values.some((v) => v.type.kind === 'float')
      ? { kind: 'float', width: null }
      : values.some((v) => v.type.kind === 'angle')
        ? { kind: 'angle', width: null }
        : first;
    return { type: { kind: 'array', element, dims: [values.length] }, items: values };
  }
}

/** Thrown for a use of a name whose declaration already failed (nothing more to report). */
export class Silent {
  readonly silent = true;
}

function value(v: Value): Operand {
  return { kind: 'value', value: v };
}

function angleOperand(a: Angle): Operand {
  return typeof a === 'number'
    ? value(floatValue(a))
    : { kind: 'angle', angle: a as ParameterExpression };
}

function clbitVar(index: number): ClassicalExpr {
  return { kind: 'var', location: { kind: 'clbit', index }, type: { kind: 'bool' } };
}

function partPos(p: { kind: 'value'; expr: Expr } | { kind: 'range'; pos: Pos }): Pos {
  return p.kind === 'value' ? p.expr.pos : p.pos;
}

/** A bit-string literal `"0101"` (its last character is bit 0). */
function bitString(text: string, at: Pos): Value {
  const digits = text.replace(/_/g, '');
  if (!/^[01]+$/.test(digits))
    throw new Problem(`"${text}" is not a bit string (only 0, 1 and _)`, at);
  return intValue('bit', digits.length, BigInt(`0b${digits}`));
}

/** How an operand is named in a message. */
export function describeOperand(op: Operand): string {
  switch (op.kind) {
    case 'value':
      return `a ${typeName(op.value.type)} value`;
    case 'angle':
      return 'an angle over parameters';
    case 'runtime':
      return `a run-time ${typeName(op.type)}`;
    case 'bits':
      return 'classical bits';
    case 'qubits':
      return 'qubits';
  }
}
