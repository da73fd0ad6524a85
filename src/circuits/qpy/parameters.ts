/**
 * Parameters, parameter-vector elements and parameter expressions: the `PARAMETER`,
 * `PARAMETER_VECTOR_ELEMENT` and `PARAMETER_EXPR` payloads of every QPY version (sympy `srepr`
 * text up to version 12, the replay of `ParameterExpression` calls from version 13), read
 * into the model's angles.
 *
 * @module
 */
import type { Angle, ExpressionFunction, ExpressionOperator } from '../model.js';
import type { ByteReader } from './bytes.js';
import { binary, call, param, substitute } from './angles.js';
import type { ParameterInfo, Session } from './scope.js';
import { parseSrepr, SreprError } from './sympy.js';
import { readMapping } from './typed.js';

/** 16 bytes as 32 lowercase hex digits. */
export function uuidHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

function remember(r: ByteReader, s: Session, uuid: string, info: ParameterInfo, field: string) {
  const known = s.parameters.get(uuid);
  if (known) {
    if (known.name !== info.name) {
      throw r.error(field, `parameter ${uuid} is called both '${known.name}' and '${info.name}'`);
    }
    return known;
  }
  const byName = s.parameterNames.get(info.name);
  if (byName) {
    throw r.error(field, `two different parameters are both called '${info.name}'`);
  }
  s.parameters.set(uuid, info);
  s.parameterNames.set(info.name, info);
  return info;
}

/** A symbol as read: its UUID (32 hex digits) and what it is. */
export interface SymbolRead {
  readonly uuid: string;
  readonly info: ParameterInfo;
}

/** Read a `PARAMETER` (a 16-bit name size, a UUID, the name). */
export function readParameterSymbol(r: ByteReader, s: Session, field: string): SymbolRead {
  const size = r.u16(field);
  const uuid = uuidHex(r.take(16, field));
  const name = r.utf8(size, field);
  return { uuid, info: remember(r, s, uuid, { name, base: name, index: null }, field) };
}

/** Read a `PARAMETER_VECTOR_ELEMENT` (vector name and size, the element's UUID and index). */
export function readVectorSymbol(r: ByteReader, s: Session, field: string): SymbolRead {
  const size = r.u16(field);
  const length = r.u64(field);
  const uuid = uuidHex(r.take(16, field));
  const index = r.u64(field);
  const vector = r.utf8(size, field);
  if (index >= length) {
    throw r.error(field, `element ${index} is out of range for vector '${vector}' of ${length}`);
  }
  const info = remember(r, s, uuid, { name: `${vector}[${index}]`, base: vector, index }, field);
  return { uuid, info };
}

/** Read a whole `PARAMETER_EXPR` payload into an angle. */
export function readParameterExpression(r: ByteReader, s: Session, depth: number): Angle {
  if (depth > s.ctx.limits.maxDepth) {
    throw r.error('parameter expression', 'nested too deeply', 'limit');
  }
  const version = s.ctx.version ?? 0;
  return version >= 13 ? readReplay(r, s, depth) : readSymbolic(r, s, depth, version);
}

/** Versions 1–12: expression text (or symengine bytes), then a symbol map. */
function readSymbolic(r: ByteReader, s: Session, depth: number, version: number): Angle {
  const field = 'parameter expression';
  const mapElements = r.u64(field);
  const exprSize = r.u64(field);
  const exprAt = r.offset;
  const payload = r.take(exprSize, field);
  r.fits(mapElements, 9, field);
  const values = new Map<string, Angle>();
  for (let i = 0; i < mapElements; i++) {
    const symbolType = version >= 3 ? r.char(field) : 'p';
    const valueType = r.char(field);
    const size = r.u64(field);
    let symbol: ParameterInfo;
    if (symbolType === 'p') symbol = readParameterSymbol(r, s, field).info;
    else if (symbolType === 'v') symbol = readVectorSymbol(r, s, field).info;
    else throw r.error(field, `unknown symbol type '${symbolType}' in the symbol map`);
    const value = r.sub(size, field);
    values.set(symbol.name, symbolValue(value, valueType, symbol, s, depth));
  }
  const lookup = (name: string): Angle => {
    const v = values.get(name);
    if (v === undefined) throw new SreprError(`unknown symbol '${name}'`, 0);
    return v;
  };
  if (s.symengine && version >= 10) {
    throw r.error(
      field,
      'symengine-encoded parameter expressions (qpy.dump(use_symengine=True), QPY 10-12) are not supported; write the circuit with QPY 13 or later, or with use_symengine=False',
      'unsupported',
      exprAt,
    );
  }
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(payload);
    return parseSrepr(text, lookup, s.ctx.limits.maxDepth);
  } catch (e) {
    if (e instanceof SreprError) {
      const at = exprAt + Math.min(e.at, exprSize);
      throw r.error(field, `bad sympy expression: ${e.message}`, 'invalid', at);
    }
    if (e instanceof TypeError)
      throw r.error(field, 'expression text is not UTF-8', 'invalid', exprAt);
    throw e;
  }
}

function symbolValue(
  v: ByteReader,
  type: string,
  symbol: ParameterInfo,
  s: Session,
  depth: number,
): Angle {
  const field = 'parameter expression symbol value';
  switch (type) {
    case 'p':
    case 'v':
      return param(symbol.name);
    case 'f': {
      const x = v.f64(field);
      v.done(field);
      return x;
    }
    case 'i': {
      const x = Number(v.i64(field));
      v.done(field);
      return x;
    }
    case 'c': {
      const re = v.f64(field);
      const im = v.f64(field);
      v.done(field);
      if (im !== 0) throw v.error(field, 'complex values are not supported', 'unsupported');
      return re;
    }
    case 'e':
      return readParameterExpression(v, s, depth + 1);
    default:
      throw v.error(field, `unknown value type '${type}' in the symbol map`);
  }
}

const BINARY: Readonly<Record<number, ExpressionOperator>> = {
  0: '+',
  1: '-',
  2: '*',
  3: '/',
  4: '^',
};
const REVERSED: Readonly<Record<number, ExpressionOperator>> = { 18: '-', 19: '/', 20: '^' };
const UNARY: Readonly<Record<number, ExpressionFunction>> = {
  5: 'sin',
  6: 'cos',
  7: 'tan',
  8: 'arcsin',
  9: 'arccos',
  10: 'exp',
  11: 'ln',
  12: 'sign',
  14: 'conj',
  16: 'abs',
  17: 'arctan',
};

/** Version 13 and later: a stream of `PARAM_EXPR_ELEM_V13` calls, then a symbol table. */
function readReplay(r: ByteReader, s: Session, depth: number): Angle {
  const field = 'parameter expression';
  const symbolCount = r.u64(field);
  const exprSize = r.u64(field);
  const replay = r.sub(exprSize, field);
  r.fits(symbolCount, 10, field);
  const byUuid = new Map<string, ParameterInfo>();
  for (let i = 0; i < symbolCount; i++) {
    const symbolType = r.char(field);
    const valueType = r.char(field);
    const size = r.u64(field);
    if (symbolType === 'e') {
      // Qiskit 2.0 wrote substituted expressions into the table; they carry no meaning.
      readParameterExpression(r, s, depth + 1);
      r.skip(size, field);
      continue;
    }
    let read: SymbolRead;
    if (symbolType === 'p') read = readParameterSymbol(r, s, field);
    else if (symbolType === 'v') read = readVectorSymbol(r, s, field);
    else throw r.error(field, `unknown symbol type '${symbolType}' in the symbol table`);
    if (valueType !== symbolType) {
      throw r.error(field, `symbol '${read.info.name}' maps to a value of type '${valueType}'`);
    }
    r.skip(size, field);
    byUuid.set(read.uuid, read.info);
  }
  return replayCalls(replay, s, byUuid, depth);
}

function replayCalls(
  r: ByteReader,
  s: Session,
  byUuid: ReadonlyMap<string, ParameterInfo>,
  depth: number,
): Angle {
  const field = 'parameter expression call';
  const stack: Angle[] = [];
  const version = s.ctx.version ?? 13;
  const operand = (type: string, data: Uint8Array, at: number): Angle => {
    const view = new DataView(data.buffer, data.byteOffset, 16);
    switch (type) {
      case 'i':
        return Number(view.getBigInt64(8));
      case 'f':
        return view.getFloat64(8);
      case 'c': {
        const re = view.getFloat64(0),
          im = view.getFloat64(8);
        if (im !== 0) throw r.error(field, 'complex values are not supported', 'unsupported', at);
        return re;
      }
      case 'p': {
        const info = byUuid.get(uuidHex(data));
        if (!info) throw r.error(field, `unknown parameter ${uuidHex(data)}`, 'invalid', at);
        return param(info.name);
      }
      case 'n': {
        const top = stack.pop();
        if (top === undefined) throw r.error(field, 'operand stack is empty', 'invalid', at);
        return top;
      }
      default:
        throw r.error(field, `unknown operand type '${type}'`, 'invalid', at);
    }
  };
  while (r.remaining > 0) {
    const at = r.offset;
    const op = r.u8(field);
    const lhsType = r.char(field);
    const lhs = r.take(16, field);
    const rhsType = r.char(field);
    const rhs = r.take(16, field);
    if (stack.length > 100_000) throw r.error(field, 'expression is too large', 'limit', at);
    if (op === 255) continue;
    if (op === 15) {
      if (lhsType !== 'u') throw r.error(field, 'substitution without a mapping', 'invalid', at);
      const size = new DataView(lhs.buffer, lhs.byteOffset, 16).getBigUint64(0);
      if (size > BigInt(r.remaining)) throw r.error(field, 'substitution mapping is truncated');
      const mapping = readMapping(r.sub(Number(size), field), field);
      const values = new Map<string, Angle>();
      for (const item of mapping) {
        const info =
          version >= 15
            ? byUuid.get(uuidHex(item.key))
            : s.parameterNames.get(new TextDecoder().decode(item.key));
        if (!info) throw r.error(field, 'substitution of an unknown parameter', 'invalid', at);
        values.set(info.name, substitutionValue(item.value.type, item.value.data, s, depth));
      }
      const top = stack.pop();
      if (top === undefined) throw r.error(field, 'operand stack is empty', 'invalid', at);
      stack.push(substitute(top, values));
      continue;
    }
    const bin = BINARY[op] ?? REVERSED[op];
    if (bin !== undefined) {
      const b = operand(rhsType, rhs, at);
      const a = operand(lhsType, lhs, at);
      stack.push(REVERSED[op] !== undefined ? binary(bin, b, a) : binary(bin, a, b));
      continue;
    }
    const fn = UNARY[op];
    if (fn !== undefined) {
      stack.push(call(fn, operand(lhsType, lhs, at)));
      continue;
    }
    if (op === 13) throw r.error(field, 'gradients are not supported', 'unsupported', at);
    throw r.error(field, `unknown operation code ${op}`, 'invalid', at);
  }
  if (stack.length !== 1) {
    throw r.error(field, `replay leaves ${stack.length} values instead of one`);
  }
  return stack[0]!;
}

function substitutionValue(type: string, v: ByteReader, s: Session, depth: number): Angle {
  const field = 'substitution value';
  switch (type) {
    case 'p':
      return param(readParameterSymbol(v, s, field).info.name);
    case 'v':
      return param(readVectorSymbol(v, s, field).info.name);
    case 'e':
      return readParameterExpression(v, s, depth + 1);
    case 'f':
      return v.f64(field);
    case 'i':
      return Number(v.i64(field));
    default:
      throw v.error(field, `unsupported substitution value of type '${type}'`, 'unsupported');
  }
}
