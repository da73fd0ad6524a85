/**
 * Classical values known while a program is read (constants, loop variables, variables not
 * yet touched by a measurement), with OpenQASM 3's types, casts and operators.
 *
 * Conventions where the specification leaves a choice: an `angle` is a real number of radians
 * with no wrap-around, as Qiskit's importer keeps it; integers without a width are 64-bit;
 * integer `/` truncates toward zero and `%` takes the dividend's sign (C99, as the simulator
 * computes them at run time, so a value is the same whenever it is computed); bit 0 of a
 * `bit[n]` is the least significant bit of its integer value.
 *
 * @module
 */

/** The type of a classical value. `width` is the designator (`int[8]`), `null` when absent. */
export type QType =
  | { readonly kind: 'bool' }
  /** `bit` (width `null`) or `bit[n]`. */
  | { readonly kind: 'bit'; readonly width: number | null }
  | { readonly kind: 'int'; readonly width: number | null }
  | { readonly kind: 'uint'; readonly width: number | null }
  | { readonly kind: 'float'; readonly width: number | null }
  | { readonly kind: 'angle'; readonly width: number | null }
  | { readonly kind: 'complex'; readonly width: number | null }
  | { readonly kind: 'duration' }
  | { readonly kind: 'stretch' }
  | { readonly kind: 'array'; readonly element: QType; readonly dims: readonly number[] };

/** A duration known in one unit: seconds, or the backend's sample time `dt`. */
export interface DurationAmount {
  readonly amount: number;
  readonly unit: 'dt' | 's';
}

/** A classical value with its type. */
export type Value =
  | { readonly type: QType & { kind: 'bool' }; readonly b: boolean }
  | { readonly type: QType & { kind: 'bit' | 'int' | 'uint' }; readonly i: bigint }
  | { readonly type: QType & { kind: 'float' | 'angle' }; readonly f: number }
  | { readonly type: QType & { kind: 'complex' }; readonly re: number; readonly im: number }
  /** A duration; `amount` is `null` when it depends on a stretch or on `durationof`. */
  | {
      readonly type: QType & { kind: 'duration' | 'stretch' };
      readonly d: DurationAmount | null;
    }
  | { readonly type: QType & { kind: 'array' }; readonly items: readonly Value[] };

export const BOOL: QType = { kind: 'bool' };
export const BIT: QType = { kind: 'bit', width: null };
export const INT: QType = { kind: 'int', width: null };
export const UINT: QType = { kind: 'uint', width: null };
export const FLOAT: QType = { kind: 'float', width: null };
export const ANGLE: QType = { kind: 'angle', width: null };
export const DURATION: QType = { kind: 'duration' };

/** Width of integers written without one. */
export const DEFAULT_INT_WIDTH = 64;

export const boolValue = (b: boolean): Value => ({ type: { kind: 'bool' }, b });
export const floatValue = (f: number, width: number | null = null): Value => ({
  type: { kind: 'float', width },
  f,
});
export const angleValue = (f: number, width: number | null = null): Value => ({
  type: { kind: 'angle', width },
  f,
});
export const durationValue = (d: DurationAmount | null): Value => ({
  type: { kind: 'duration' },
  d,
});

/** An integer-like value, wrapped to its width (two's complement for `int`). */
export function intValue(kind: 'int' | 'uint' | 'bit', width: number | null, i: bigint): Value {
  return { type: { kind, width }, i: wrap(kind, width, i) } as Value;
}

/** `i` reduced to `width` bits (64 when `null`; a single `bit` is one bit). */
export function wrap(kind: 'int' | 'uint' | 'bit', width: number | null, i: bigint): bigint {
  if (kind === 'bit') return BigInt.asUintN(width ?? 1, i);
  const w = width ?? DEFAULT_INT_WIDTH;
  return kind === 'int' ? BigInt.asIntN(w, i) : BigInt.asUintN(w, i);
}

/** How a type is written in OpenQASM. */
export function typeName(t: QType): string {
  switch (t.kind) {
    case 'bool':
    case 'duration':
    case 'stretch':
      return t.kind;
    case 'array':
      return `array[${typeName(t.element)}, ${t.dims.join(', ')}]`;
    case 'complex':
      return t.width === null ? 'complex' : `complex[float[${t.width}]]`;
    default:
      return t.width === null ? t.kind : `${t.kind}[${t.width}]`;
  }
}

/** True for the types arithmetic works on. */
export function isNumeric(t: QType): boolean {
  return (
    t.kind === 'int' ||
    t.kind === 'uint' ||
    t.kind === 'float' ||
    t.kind === 'angle' ||
    t.kind === 'bool' ||
    t.kind === 'complex'
  );
}

/** True for the types whose values are integers (`bool` and `bit` included). */
export function isIntegral(t: QType): boolean {
  return t.kind === 'int' || t.kind === 'uint' || t.kind === 'bit' || t.kind === 'bool';
}

/** The value as a real number (for gate angles); `undefined` for types that have none. */
export function toNumber(v: Value): number | undefined {
  switch (v.type.kind) {
    case 'bool':
      return (v as { b: boolean }).b ? 1 : 0;
    case 'bit':
    case 'int':
    case 'uint':
      return Number((v as { i: bigint }).i);
    case 'float':
    case 'angle':
      return (v as { f: number }).f;
    case 'complex': {
      const c = v as { re: number; im: number };
      return c.im === 0 ? c.re : undefined;
    }
    default:
      return undefined;
  }
}

/** The value as an exact integer, or `undefined` when it is not one. */
export function toInteger(v: Value): bigint | undefined {
  switch (v.type.kind) {
    case 'bool':
      return (v as { b: boolean }).b ? 1n : 0n;
    case 'bit':
    case 'int':
    case 'uint':
      return (v as { i: bigint }).i;
    case 'float':
    case 'angle': {
      const f = (v as { f: number }).f;
      return Number.isInteger(f) ? BigInt(f) : undefined;
    }
    default:
      return undefined;
  }
}

/** The value as a condition (non-zero is true); `undefined` for types that cannot be one. */
export function truth(v: Value): boolean | undefined {
  switch (v.type.kind) {
    case 'bool':
      return (v as { b: boolean }).b;
    case 'bit':
    case 'int':
    case 'uint':
      return (v as { i: bigint }).i !== 0n;
    case 'float':
    case 'angle':
      return (v as { f: number }).f !== 0;
    default:
      return undefined;
  }
}

/** The bits of an integer-like or angle value, `width` of them (bit 0 least significant). */
function bitsOf(v: Value, width: number): bigint | undefined {
  if (v.type.kind === 'angle') {
    const f = (v as { f: number }).f;
    const scaled = Math.round((f / (2 * Math.PI)) * 2 ** width);
    return BigInt.asUintN(width, BigInt(scaled));
  }
  const i = toInteger(v);
  return i === undefined ? undefined : BigInt.asUintN(width, i);
}

/**
 * Convert `v` to type `to` as an OpenQASM cast does (`explicit`) or as assignment and
 * arithmetic do. Returns a message when the conversion is not allowed.
 */
export function cast(v: Value, to: QType, explicit: boolean): Value | string {
  const from = v.type;

  switch (to.kind) {
    case 'bool': {
      const t = truth(v);
      return t === undefined ? refusal(from, to) : boolValue(t);
    }
    case 'bit': {
      if (from.kind === 'float' || from.kind === 'complex' || from.kind === 'duration')
        return refusal(from, to);
      if (from.kind === 'angle' && to.width === null) return boolToBit(truth(v)!);
      const width = to.width ?? 1;
      if (from.kind === 'angle') {
        const w = from.width ?? width;
        return intValue('bit', to.width, bitsOf(v, w)!);
      }
      if (to.width === null) {
        const t = truth(v);
        return t === undefined ? refusal(from, to) : boolToBit(t);
      }
      const bits = bitsOf(v, width);
      return bits === undefined ? refusal(from, to) : intValue('bit', to.width, bits);
    }
    case 'int':
    case 'uint': {
      if (from.kind === 'float' || from.kind === 'angle') {
        const f = (v as { f: number }).f;
        if (!Number.isFinite(f)) return `cannot convert ${f} to ${typeName(to)}`;
        if (from.kind === 'angle' && !explicit) return refusal(from, to);
        return intValue(to.kind, to.width, BigInt(Math.trunc(f)));
      }
      const i = toInteger(v);
      return i === undefined ? refusal(from, to) : intValue(to.kind, to.width, i);
    }
    case 'float': {
      if (from.kind === 'complex' || from.kind === 'duration' || from.kind === 'stretch')
        return refusal(from, to);
      const f = toNumber(v);
      if (f === undefined) return refusal(from, to);
      return floatValue(to.width === 32 ? Math.fround(f) : f, to.width);
    }
    case 'angle': {
      if (from.kind === 'bit' && from.width !== null) {
        // A bit pattern of the same width is the angle's fixed-point representation.
        const i = (v as { i: bigint }).i;
        return angleValue((Number(i) / 2 ** from.width) * 2 * Math.PI, to.width ?? from.width);
      }
      if (from.kind === 'complex' || from.kind === 'duration' || from.kind === 'stretch')
        return refusal(from, to);
      const f = toNumber(v);
      return f === undefined ? refusal(from, to) : angleValue(f, to.width);
    }
    case 'complex': {
      if (from.kind === 'complex') return v;
      const f = toNumber(v);
      return f === undefined
        ? refusal(from, to)
        : { type: { kind: 'complex', width: to.width }, re: f, im: 0 };
    }
    case 'duration':
    case 'stretch':
      if (from.kind === 'duration' || from.kind === 'stretch')
        return { type: to, d: (v as { d: DurationAmount | null }).d } as Value;
      return refusal(from, to);
    case 'array': {
      if (from.kind !== 'array') return refusal(from, to);
      if (from.dims.length !== to.dims.length || from.dims.some((d, k) => d !== to.dims[k])) {
        return `cannot assign an array of shape [${from.dims.join(', ')}] to one of shape [${to.dims.join(', ')}]`;
      }
      const items: Value[] = [];
      for (const item of (v as { items: readonly Value[] }).items) {
        const c = cast(item, to.element, explicit);
        if (typeof c === 'string') return c;
        items.push(c);
      }
      return { type: to, items } as Value;
    }
  }
}

function refusal(from: QType, to: QType): string {
  return `cannot convert ${typeName(from)} to ${typeName(to)}`;
}

function boolToBit(b: boolean): Value {
  return intValue('bit', null, b ? 1n : 0n);
}

/** The zero value of a type (a declared variable's value before anything is assigned). */
export function zero(t: QType): Value {
  switch (t.kind) {
    case 'bool':
      return boolValue(false);
    case 'bit':
    case 'int':
    case 'uint':
      return { type: t, i: 0n } as Value;
    case 'float':
    case 'angle':
      return { type: t, f: 0 } as Value;
    case 'complex':
      return { type: t, re: 0, im: 0 };
    case 'duration':
      return { type: t, d: { amount: 0, unit: 's' } } as Value;
    case 'stretch':
      // A stretch is a length the scheduler chooses.
      return { type: t, d: null } as Value;
    case 'array': {
      const count = t.dims.reduce((a, b) => a * b, 1);
      return { type: t, items: Array.from({ length: count }, () => zero(t.element)) };
    }
  }
}

// ---- operators -------------------------------------------------------------------------------

/** How two operands are named in a message: `int + float`. */
function pairOf(op: string, a: Value, b: Value): string {
  return `${typeName(a.type)} ${op} ${typeName(b.type)}`;
}

function isDurationType(t: QType): boolean {
  return t.kind === 'duration' || t.kind === 'stretch';
}

function complexOf(re: number, im: number): Value {
  return { type: { kind: 'complex', width: null }, re, im };
}

/** The unary operators: `-`, `!` (logical not), `~` (bitwise not). */
export function unary(op: '-' | '!' | '~', v: Value): Value | string {
  const t = v.type;
  switch (op) {
    case '!': {
      const b = truth(v);
      return b === undefined ? `'!' cannot be applied to ${typeName(t)}` : boolValue(!b);
    }
    case '~':
      if (t.kind === 'bool') return boolValue(!(v as { b: boolean }).b);
      if (t.kind === 'bit' || t.kind === 'int' || t.kind === 'uint') {
        return intValue(t.kind, t.width, ~(v as { i: bigint }).i);
      }
      return `'~' cannot be applied to ${typeName(t)}`;
    case '-':
      switch (t.kind) {
        case 'int':
        case 'uint':
          return intValue(t.kind === 'uint' ? 'int' : 'int', t.width, -(v as { i: bigint }).i);
        case 'bool':
          return intValue('int', null, (v as { b: boolean }).b ? -1n : 0n);
        case 'float':
        case 'angle':
          return { type: t, f: -(v as { f: number }).f } as Value;
        case 'complex': {
          const c = v as { re: number; im: number };
          return { type: t, re: -c.re, im: -c.im };
        }
        case 'duration':
        case 'stretch': {
          const d = (v as { d: DurationAmount | null }).d;
          return durationValue(d === null ? null : { amount: -d.amount, unit: d.unit });
        }
        default:
          return `'-' cannot be applied to ${typeName(t)}`;
      }
  }
}

/** Arithmetic, comparison, bitwise and logical binary operators (not `++`). */
export function binary(op: string, a: Value, b: Value, realDivision: boolean): Value | string {
  switch (op) {
    case '&&':
    case '||': {
      const x = truth(a);
      const y = truth(b);
      if (x === undefined || y === undefined) return `cannot apply '${op}' to ${pairOf(op, a, b)}`;
      return boolValue(op === '&&' ? x && y : x || y);
    }
    case '==':
    case '!=':
    case '<':
    case '<=':
    case '>':
    case '>=':
      return compare(op, a, b);
    case '&':
    case '|':
    case '^':
      return bitwise(op, a, b);
    case '<<':
    case '>>':
      return shift(op, a, b);
    case '+':
    case '-':
    case '*':
    case '/':
    case '%':
    case '**':
      return arithmetic(op, a, b, realDivision);
    default:
      return `unsupported operator '${op}'`;
  }
}

/** `x op y` for a comparison operator. */
function compareWith(op: string, x: number | bigint, y: number | bigint): boolean {
  switch (op) {
    case '==':
      return x == y; // bigint and number compare by value
    case '!=':
      return x != y;
    case '<':
      return x < y;
    case '<=':
      return x <= y;
    case '>':
      return x > y;
    default:
      return x >= y;
  }
}

function compare(op: string, a: Value, b: Value): Value | string {
  const ta = a.type.kind;
  const tb = b.type.kind;
  if ((ta === 'duration' || ta === 'stretch') && (tb === 'duration' || tb === 'stretch')) {
    const x = (a as { d: DurationAmount | null }).d;
    const y = (b as { d: DurationAmount | null }).d;
    if (x === null || y === null || x.unit !== y.unit)
      return `cannot compare ${pairOf(op, a, b)} before scheduling`;
    return boolValue(compareWith(op, x.amount, y.amount));
  }
  if (ta === 'complex' || tb === 'complex') {
    if (op !== '==' && op !== '!=') return `cannot apply '${op}' to ${pairOf(op, a, b)}`;
    const x = cast(a, { kind: 'complex', width: null }, false);
    const y = cast(b, { kind: 'complex', width: null }, false);
    if (typeof x === 'string' || typeof y === 'string')
      return `cannot apply '${op}' to ${pairOf(op, a, b)}`;
    const same =
      (x as { re: number }).re === (y as { re: number }).re &&
      (x as { im: number }).im === (y as { im: number }).im;
    return boolValue(op === '==' ? same : !same);
  }
  const xi = ta === 'float' || ta === 'angle' ? undefined : toInteger(a);
  const yi = tb === 'float' || tb === 'angle' ? undefined : toInteger(b);
  if (xi !== undefined && yi !== undefined) return boolValue(compareWith(op, xi, yi));
  const x = toNumber(a);
  const y = toNumber(b);
  if (x === undefined || y === undefined) return `cannot apply '${op}' to ${pairOf(op, a, b)}`;
  return boolValue(compareWith(op, x, y));
}

/** The width an integer-like type brings to a combination (`undefined` for `bool`). */
function integerWidth(t: QType): number | null | undefined {
  if (t.kind === 'bool') return undefined;
  if (t.kind === 'bit') return t.width ?? 1;
  return (t as { width: number | null }).width;
}

/** The integer type two integer-like operands combine to. */
export function joinIntegers(a: QType, b: QType): QType & { kind: 'int' | 'uint' | 'bit' } {
  // A `bool` takes the other side's width; an integer without a width is 64-bit and wins.
  const wa = integerWidth(a);
  const wb = integerWidth(b);
  const w =
    wa === undefined
      ? (wb ?? null)
      : wb === undefined
        ? wa
        : wa === null || wb === null
          ? null
          : Math.max(wa, wb);
  if (a.kind === 'bit' && b.kind === 'bit')
    return { kind: 'bit', width: a.width === null && b.width === null ? null : w };
  const signed = a.kind === 'int' || b.kind === 'int';
  return { kind: signed ? 'int' : 'uint', width: w };
}

function bitwise(op: '&' | '|' | '^', a: Value, b: Value): Value | string {
  if (a.type.kind === 'bool' && b.type.kind === 'bool') {
    const x = (a as { b: boolean }).b;
    const y = (b as { b: boolean }).b;
    return boolValue(op === '&' ? x && y : op === '|' ? x || y : x !== y);
  }
  if (!isIntegral(a.type) || !isIntegral(b.type))
    return `cannot apply '${op}' to ${pairOf(op, a, b)}`;
  const x = toInteger(a)!;
  const y = toInteger(b)!;
  const t = joinIntegers(a.type, b.type);
  const r = op === '&' ? x & y : op === '|' ? x | y : x ^ y;
  return intValue(t.kind, t.width, r);
}

function shift(op: '<<' | '>>', a: Value, b: Value): Value | string {
  const amount = toInteger(b);
  if (amount === undefined || !isIntegral(b.type) || amount < 0n)
    return `cannot apply '${op}' to ${pairOf(op, a, b)}`;
  const t = a.type;
  if (t.kind === 'angle' && t.width !== null) {
    const bits = bitsOf(a, t.width)!;
    const moved = op === '<<' ? bits << amount : bits >> amount;
    return cast(intValue('bit', t.width, moved), t, true);
  }
  if (t.kind !== 'bit' && t.kind !== 'int' && t.kind !== 'uint')
    return `cannot apply '${op}' to ${pairOf(op, a, b)}`;
  const x = (a as { i: bigint }).i;
  const w = BigInt(t.kind === 'bit' ? (t.width ?? 1) : (t.width ?? DEFAULT_INT_WIDTH));
  const by = amount > w ? w : amount;
  return intValue(t.kind, t.width, op === '<<' ? x << by : x >> by);
}

function arithmetic(
  op: '+' | '-' | '*' | '/' | '%' | '**',
  a: Value,
  b: Value,
  realDivision: boolean,
): Value | string {
  const ta = a.type;
  const tb = b.type;
  if (isDurationType(ta) || isDurationType(tb)) return durationArithmetic(op, a, b);
  if (!isNumeric(ta) && ta.kind !== 'bit') return `cannot apply '${op}' to ${pairOf(op, a, b)}`;
  if (!isNumeric(tb) && tb.kind !== 'bit') return `cannot apply '${op}' to ${pairOf(op, a, b)}`;
  if (ta.kind === 'complex' || tb.kind === 'complex') return complexArithmetic(op, a, b);
  const real =
    ta.kind === 'float' || ta.kind === 'angle' || tb.kind === 'float' || tb.kind === 'angle';
  if (real || (realDivision && op === '/')) {
    const x = toNumber(a)!;
    const y = toNumber(b)!;
    let f: number;
    switch (op) {
      case '+':
        f = x + y;
        break;
      case '-':
        f = x - y;
        break;
      case '*':
        f = x * y;
        break;
      case '/':
        f = x / y;
        break;
      case '%':
        f = x % y;
        break;
      case '**':
        f = Math.pow(x, y);
        break;
    }
    if (ta.kind === 'angle' && tb.kind === 'angle' && op === '/') {
      return Number.isFinite(f)
        ? intValue('uint', ta.width, BigInt(Math.floor(f)))
        : `division by zero in ${pairOf(op, a, b)}`;
    }
    const angle = (ta.kind === 'angle' || tb.kind === 'angle') && op !== '**' && op !== '%';
    if (angle)
      return angleValue(f, ta.kind === 'angle' ? ta.width : (tb as { width: number | null }).width);
    const width = ta.kind === 'float' ? ta.width : tb.kind === 'float' ? tb.width : null;
    return floatValue(f, width);
  }
  const x = toInteger(a)!;
  const y = toInteger(b)!;
  const t = joinIntegers(ta, tb);
  const kind = t.kind === 'bit' ? 'uint' : t.kind;
  const w = t.width ?? DEFAULT_INT_WIDTH;
  switch (op) {
    case '+':
      return intValue(kind, t.width, x + y);
    case '-':
      return intValue(kind, t.width, x - y);
    case '*':
      return intValue(kind, t.width, x * y);
    case '/':
    case '%': {
      if (y === 0n) return `division by zero in ${pairOf(op, a, b)}`;
      // C99: the quotient truncates toward zero, the remainder takes the dividend's sign.
      return intValue(kind, t.width, op === '/' ? x / y : x % y);
    }
    case '**': {
      if (y < 0n) return floatValue(Math.pow(Number(x), Number(y)));
      let result = 1n;
      let base = x;
      let e = y;
      while (e > 0n) {
        if (e & 1n) result = BigInt.asIntN(w + 1, result * base);
        base = BigInt.asIntN(w + 1, base * base);
        e >>= 1n;
      }
      return intValue(kind, t.width, result);
    }
  }
}

function complexArithmetic(op: string, a: Value, b: Value): Value | string {
  const x = cast(a, { kind: 'complex', width: null }, false);
  const y = cast(b, { kind: 'complex', width: null }, false);
  if (typeof x === 'string' || typeof y === 'string')
    return `cannot apply '${op}' to ${pairOf(op, a, b)}`;
  const { re: ar, im: ai } = x as { re: number; im: number };
  const { re: br, im: bi } = y as { re: number; im: number };
  switch (op) {
    case '+':
      return complexOf(ar + br, ai + bi);
    case '-':
      return complexOf(ar - br, ai - bi);
    case '*':
      return complexOf(ar * br - ai * bi, ar * bi + ai * br);
    case '/': {
      const d = br * br + bi * bi;
      return complexOf((ar * br + ai * bi) / d, (ai * br - ar * bi) / d);
    }
    case '**': {
      const r = Math.hypot(ar, ai);
      if (r === 0) return complexOf(br === 0 && bi === 0 ? 1 : 0, 0);
      const theta = Math.atan2(ai, ar);
      const lnr = Math.log(r);
      const mag = Math.exp(br * lnr - bi * theta);
      const ang = bi * lnr + br * theta;
      return complexOf(mag * Math.cos(ang), mag * Math.sin(ang));
    }
    default:
      return `cannot apply '${op}' to ${pairOf(op, a, b)}`;
  }
}

function durationArithmetic(op: string, a: Value, b: Value): Value | string {
  const da = isDurationType(a.type) ? (a as { d: DurationAmount | null }).d : undefined;
  const db = isDurationType(b.type) ? (b as { d: DurationAmount | null }).d : undefined;
  if (da !== undefined && db !== undefined) {
    if (op === '+' || op === '-') {
      if (da === null || db === null || da.unit !== db.unit) return durationValue(null);
      return durationValue({
        amount: op === '+' ? da.amount + db.amount : da.amount - db.amount,
        unit: da.unit,
      });
    }
    if (op === '/') {
      // A ratio the scheduler decides (a stretch, or dt against seconds) is not a number yet:
      // NaN stands for it, and fails where a number is needed (a gate angle).
      if (da === null || db === null || da.unit !== db.unit) return floatValue(Number.NaN);
      return floatValue(da.amount / db.amount);
    }
    return `cannot apply '${op}' to ${pairOf(op, a, b)}`;
  }
  const d = da !== undefined ? da : db!;
  const k = toNumber(da !== undefined ? b : a);
  if (k === undefined) return `cannot apply '${op}' to ${pairOf(op, a, b)}`;
  if (op === '*') {
    return durationValue(
      d === null || Number.isNaN(k) ? null : { amount: d.amount * k, unit: d.unit },
    );
  }
  if (op === '/' && da !== undefined)
    return durationValue(
      d === null || Number.isNaN(k) ? null : { amount: d.amount / k, unit: d.unit },
    );
  return `cannot apply '${op}' to ${pairOf(op, a, b)}`;
}

function realFunction(
  name: string,
  args: readonly Value[],
  fn: (x: number) => number,
): Value | string {
  if (args.length !== 1) return `'${name}' takes one argument, got ${args.length}`;
  const a = args[0]!;
  const x = toNumber(a);
  if (x === undefined) return `'${name}' cannot be applied to ${typeName(a.type)}`;
  return floatValue(fn(x));
}

/** The built-in functions of OpenQASM 3 (and OpenQASM 2's `ln`, Qiskit's `asin`/`acos`/`atan`). */
export function callBuiltin(name: string, args: readonly Value[]): Value | string | undefined {
  const real = (fn: (x: number) => number): Value | string => realFunction(name, args, fn);
  switch (name) {
    case 'sin':
      return real(Math.sin);
    case 'cos':
      return real(Math.cos);
    case 'tan':
      return real(Math.tan);
    case 'arcsin':
    case 'asin':
      return real(Math.asin);
    case 'arccos':
    case 'acos':
      return real(Math.acos);
    case 'arctan':
    case 'atan':
      return real(Math.atan);
    case 'exp':
      return real(Math.exp);
    case 'ln':
    case 'log':
      return real(Math.log);
    case 'sqrt':
      return real(Math.sqrt);
    case 'ceil':
      return real(Math.ceil);
    case 'floor':
      return real(Math.floor);
    case 'abs':
      return real(Math.abs);
    case 'mod': {
      if (args.length !== 2) return `'mod' takes two arguments, got ${args.length}`;
      return binary('%', args[0]!, args[1]!, false);
    }
    case 'pow': {
      if (args.length !== 2) return `'pow' takes two arguments, got ${args.length}`;
      return binary('**', args[0]!, args[1]!, false);
    }
    case 'popcount': {
      if (args.length !== 1) return `'popcount' takes one argument, got ${args.length}`;
      const a = args[0]!;
      if (a.type.kind !== 'bit' && a.type.kind !== 'uint' && a.type.kind !== 'int') {
        return `'popcount' cannot be applied to ${typeName(a.type)}`;
      }
      let n = BigInt.asUintN(
        (a.type as { width: number | null }).width ?? DEFAULT_INT_WIDTH,
        (a as { i: bigint }).i,
      );
      let count = 0n;
      while (n > 0n) {
        count += n & 1n;
        n >>= 1n;
      }
      return intValue('uint', null, count);
    }
    case 'rotl':
    case 'rotr': {
      if (args.length !== 2) return `'${name}' takes two arguments, got ${args.length}`;
      const a = args[0]!;
      const by = toInteger(args[1]!);
      if (
        (a.type.kind !== 'bit' && a.type.kind !== 'uint' && a.type.kind !== 'int') ||
        by === undefined
      ) {
        return `'${name}' cannot be applied to ${typeName(a.type)}`;
      }
      const width =
        (a.type as { width: number | null }).width ??
        (a.type.kind === 'bit' ? 1 : DEFAULT_INT_WIDTH);
      const w = BigInt(width);
      const x = BigInt.asUintN(width, (a as { i: bigint }).i);
      let k = ((by % w) + w) % w;
      if (name === 'rotr') k = (w - k) % w;
      const rotated = BigInt.asUintN(width, (x << k) | (x >> (w - k)));
      return intValue(
        a.type.kind as 'bit' | 'int' | 'uint',
        (a.type as { width: number | null }).width,
        rotated,
      );
    }
    case 'real':
    case 'imag': {
      if (args.length !== 1) return `'${name}' takes one argument, got ${args.length}`;
      const c = cast(args[0]!, { kind: 'complex', width: null }, false);
      if (typeof c === 'string') return c;
      return floatValue(name === 'real' ? (c as { re: number }).re : (c as { im: number }).im);
    }
    default:
      return undefined;
  }
}

/** Names of the built-in functions `callBuiltin` knows. */
export const BUILTIN_FUNCTIONS: ReadonlySet<string> = new Set([
  'sin',
  'cos',
  'tan',
  'arcsin',
  'arccos',
  'arctan',
  'asin',
  'acos',
  'atan',
  'exp',
  'ln',
  'log',
  'sqrt',
  'ceil',
  'floor',
  'abs',
  'mod',
  'pow',
  'popcount',
  'rotl',
  'rotr',
  'real',
  'imag',
  'sizeof',
]);
