/**
 * Classical expressions (`EXPRESSION`, QPY 9 and later): types, variables, literal values,
 * casts, unary and binary operators, indexing and stretches, read into the model's
 * `ClassicalExpr` with clbit indices local to the circuit being read.
 *
 * @module
 */
import type {
  BinaryOperator,
  ClassicalExpr,
  ClassicalType,
  Duration,
  UnaryOperator,
} from '../model.js';
import type { ByteReader } from './bytes.js';
import type { CircuitScope } from './scope.js';

/** Read an `EXPR_TYPE`. */
export function readExprType(r: ByteReader, field: string): ClassicalType {
  const key = r.char(field);
  switch (key) {
    case 'b':
      return { kind: 'bool' };
    case 'u':
      return { kind: 'uint', width: r.u32(field) };
    case 'f':
      return { kind: 'float', width: null };
    case 'd':
      return { kind: 'duration' };
    default:
      throw r.error(field, `unknown expression type '${key}'`);
  }
}

const UNITS: Readonly<Record<string, Extract<Duration, { kind: 'literal' }>['unit']>> = {
  t: 'dt',
  p: 'ps',
  n: 'ns',
  u: 'us',
  m: 'ms',
  s: 's',
};

/** Read a `DURATION` (QPY 14 and later). */
export function readDuration(r: ByteReader, field: string): Extract<Duration, { kind: 'literal' }> {
  const key = r.char(field);
  const unit = UNITS[key];
  if (!unit) throw r.error(field, `unknown duration unit '${key}'`);
  const value = unit === 'dt' ? Number(r.i64(field)) : r.f64(field);
  return { kind: 'literal', value, unit };
}

const UNARY: Readonly<Record<number, UnaryOperator>> = { 1: 'bitnot', 2: 'not', 3: 'neg' };
const BINARY: Readonly<Record<number, BinaryOperator>> = {
  1: 'bitand',
  2: 'bitor',
  3: 'bitxor',
  4: 'and',
  5: 'or',
  6: 'eq',
  7: 'ne',
  8: 'lt',
  9: 'le',
  10: 'gt',
  11: 'ge',
  12: 'shl',
  13: 'shr',
  14: 'add',
  15: 'sub',
  16: 'mul',
  17: 'div',
};

/** A two's complement big-endian integer of `bytes`. */
function signedInt(bytes: Uint8Array): number | bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  if (bytes.length > 0 && bytes[0]! & 0x80) v -= 1n << BigInt(bytes.length * 8);
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(v)
    : v;
}

/** Read one `EXPRESSION` tree; clbit locations are indices into `scope`'s clbits. */
export function readExpr(
  r: ByteReader,
  scope: CircuitScope,
  depth: number,
  maxDepth: number,
): ClassicalExpr {
  const field = 'expression';
  if (depth > maxDepth) throw r.error(field, 'expression nested too deeply', 'limit');
  const next = () => readExpr(r, scope, depth + 1, maxDepth);
  const key = r.char(field);
  const type = readExprType(r, field);
  switch (key) {
    case 'x': {
      const at = r.offset;
      const varKey = r.char(field);
      if (varKey === 'C') {
        const index = r.u32(field);
        if (index >= scope.numClbits) {
          throw r.error(
            field,
            `clbit ${index} is out of range (${scope.numClbits})`,
            'invalid',
            at,
          );
        }
        return { kind: 'var', location: { kind: 'clbit', index }, type };
      }
      if (varKey === 'R') {
        const name = r.utf8(r.u16(field), field);
        if (!scope.cregs.has(name)) {
          throw r.error(field, `no classical register named '${name}'`, 'invalid', at);
        }
        return { kind: 'var', location: { kind: 'creg', name }, type };
      }
      if (varKey === 'U') return standalone(r, scope, r.u16(field), type, at);
      throw r.error(field, `unknown variable key '${varKey}'`, 'invalid', at);
    }
    case 's':
      return standalone(r, scope, r.u16(field), type, r.offset);
    case 'v': {
      const valueKey = r.char(field);
      switch (valueKey) {
        case 'b':
          return { kind: 'value', value: r.bool(field), type };
        case 'i':
          return { kind: 'value', value: signedInt(r.take(r.u8(field), field)), type };
        case 'f':
          return { kind: 'value', value: r.f64(field), type };
        case 't': {
          const d = readDuration(r, field);
          return { kind: 'value', value: d.value, unit: d.unit, type };
        }
        default:
          throw r.error(field, `unknown value key '${valueKey}'`);
      }
    }
    case 'c': {
      const implicit = r.bool(field);
      return { kind: 'cast', operand: next(), type, implicit };
    }
    case 'u': {
      const code = r.u8(field);
      const op = UNARY[code];
      if (!op) throw r.error(field, `unknown unary operator ${code}`);
      return { kind: 'unary', op, operand: next(), type };
    }
    case 'b': {
      const code = r.u8(field);
      const op = BINARY[code];
      if (!op) throw r.error(field, `unknown binary operator ${code}`);
      const left = next();
      return { kind: 'binary', op, left, right: next(), type };
    }
    case 'i': {
      const target = next();
      return { kind: 'index', target, index: next(), type };
    }
    default:
      throw r.error(field, `unknown expression node '${key}'`);
  }
}

function standalone(
  r: ByteReader,
  scope: CircuitScope,
  index: number,
  type: ClassicalType,
  at: number,
): ClassicalExpr {
  const v = scope.vars[index];
  if (!v) {
    throw r.error(
      'expression',
      `variable ${index} is not declared (${scope.vars.length})`,
      'invalid',
      at,
    );
  }
  return { kind: 'var', location: { kind: 'var', name: v.name }, type };
}
