/**
 * The values QPY stores in typed payloads (instruction parameters, conditions, global
 * phases): numbers, text, parameters and parameter expressions, ranges and tuples,
 * classical expressions, register references, modifiers, durations and nested circuits.
 *
 * @module
 */
import type { Angle, ClassicalExpr, ClassicalLocation } from '../model.js';
import type { ByteReader } from './bytes.js';
import { readExpr } from './expressions.js';
import { param } from './angles.js';
import { readParameterExpression, readParameterSymbol, readVectorSymbol } from './parameters.js';
import type { BodyCircuit, CircuitScope, Session } from './scope.js';
import { readSequence, type Typed } from './typed.js';

/** A decoded typed payload. */
export type Value =
  | { readonly t: 'int'; readonly v: bigint }
  | { readonly t: 'float'; readonly v: number }
  | { readonly t: 'complex'; readonly re: number; readonly im: number }
  | { readonly t: 'bool'; readonly v: boolean }
  | { readonly t: 'string'; readonly v: string }
  | { readonly t: 'null' }
  | { readonly t: 'default' }
  /** A parameter (`symbol` is its name), a vector element, or a parameter expression. */
  | { readonly t: 'angle'; readonly v: Angle; readonly symbol: string | null }
  | { readonly t: 'range'; readonly start: number; readonly stop: number; readonly step: number }
  | { readonly t: 'tuple'; readonly items: readonly Value[] }
  | { readonly t: 'numpy'; readonly bytes: Uint8Array }
  | { readonly t: 'expr'; readonly v: ClassicalExpr }
  | { readonly t: 'register'; readonly v: ClassicalLocation }
  | {
      readonly t: 'modifier';
      readonly kind: 'inverse' | 'control' | 'power';
      readonly numCtrlQubits: number;
      readonly ctrlState: number;
      readonly power: number;
    }
  | { readonly t: 'circuit'; readonly v: BodyCircuit };

/** How to read one payload. */
export interface ValueOptions {
  /**
   * The payload is an instruction parameter: its integers and floats are little-endian up to
   * QPY 17 (a historical slip of Qiskit's writers), big-endian from QPY 18.
   */
  readonly instructionParam: boolean;
  /** The circuit whose bits, registers and variables expressions may name (`null`: none). */
  readonly scope: CircuitScope | null;
  readonly depth: number;
}

/** Decode one typed payload. */
export function readValue(typed: Typed, s: Session, o: ValueOptions): Value {
  const { type, data: r } = typed;
  const version = s.ctx.version ?? 0;
  const little = o.instructionParam && version <= 17;
  const field = `value of type '${type}'`;
  let out: Value;
  switch (type) {
    case 'i':
      if (r.remaining === 8) out = { t: 'int', v: little ? r.i64le(field) : r.i64(field) };
      else out = { t: 'int', v: bigUnsigned(r.take(r.u8(field), field)) };
      break;
    case 'f':
      out = { t: 'float', v: little ? r.f64le(field) : r.f64(field) };
      break;
    case 'c':
      out = { t: 'complex', re: r.f64(field), im: r.f64(field) };
      break;
    case 'b':
      out = { t: 'bool', v: r.bool(field) };
      break;
    case 's':
      out = { t: 'string', v: r.utf8(r.remaining, field) };
      break;
    case 'z':
      out = { t: 'null' };
      break;
    case 'd':
      out = { t: 'default' };
      break;
    case 'p': {
      const { info } = readParameterSymbol(r, s, field);
      out = { t: 'angle', v: param(info.name), symbol: info.name };
      break;
    }
    case 'v': {
      const { info } = readVectorSymbol(r, s, field);
      out = { t: 'angle', v: param(info.name), symbol: info.name };
      break;
    }
    case 'e':
      out = { t: 'angle', v: readParameterExpression(r, s, o.depth + 1), symbol: null };
      break;
    case 'r': {
      const start = safe(r, r.i64(field), field);
      const stop = safe(r, r.i64(field), field);
      const step = safe(r, r.i64(field), field);
      if (step === 0) throw r.error(field, 'a range with step 0');
      out = { t: 'range', start, stop, step };
      break;
    }
    case 't': {
      const depth = o.depth + 1;
      if (depth > s.ctx.limits.maxDepth) throw r.error(field, 'nested too deeply', 'limit');
      out = {
        t: 'tuple',
        items: readSequence(r, field).map((item) => readValue(item, s, { ...o, depth })),
      };
      break;
    }
    case 'n':
      out = { t: 'numpy', bytes: r.take(r.remaining, field) };
      break;
    case 'x': {
      if (!o.scope) throw r.error(field, 'an expression where no circuit is in scope');
      out = { t: 'expr', v: readExpr(r, o.scope, o.depth, s.ctx.limits.maxDepth) };
      break;
    }
    case 'R':
      out = { t: 'register', v: readRegisterParam(r, o.scope, version) };
      break;
    case 'm':
      out = readModifier(r);
      break;
    case 'q':
      out = { t: 'circuit', v: s.readCircuit(r, o.depth + 1) };
      break;
    default:
      throw r.error(field, `unknown value type '${type}'`);
  }
  r.done(field);
  return out;
}

function safe(r: ByteReader, v: bigint, field: string): number {
  if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw r.error(field, `integer ${v} is out of range`);
  }
  return Number(v);
}

function bigUnsigned(bytes: Uint8Array): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

/** Read a register reference: a classical register by name, or one classical bit. */
export function readRegisterParam(
  r: ByteReader,
  scope: CircuitScope | null,
  version: number,
): ClassicalLocation {
  const field = 'register';
  if (!scope) throw r.error(field, 'a register where no circuit is in scope');
  let loc: ClassicalLocation;
  if (version >= 18) {
    const tag = r.u8(field);
    if (tag === 0) loc = { kind: 'clbit', index: r.u32(field) };
    else if (tag === 1) loc = { kind: 'creg', name: r.utf8(r.remaining, field) };
    else throw r.error(field, `unknown register tag ${tag}`);
  } else {
    const raw = r.take(r.remaining, field);
    if (raw.length > 0 && raw[0] === 0) {
      const digits = new TextDecoder().decode(raw.subarray(1));
      if (!/^\d{1,9}$/.test(digits)) throw r.error(field, `bad clbit index '${digits}'`);
      loc = { kind: 'clbit', index: Number(digits) };
    } else {
      let name: string;
      try {
        name = new TextDecoder('utf-8', { fatal: true }).decode(raw);
      } catch {
        throw r.error(field, 'register name is not UTF-8');
      }
      loc = { kind: 'creg', name };
    }
  }
  if (loc.kind === 'clbit' && loc.index >= scope.numClbits) {
    throw r.error(field, `clbit ${loc.index} is out of range (${scope.numClbits})`);
  }
  if (loc.kind === 'creg' && !scope.cregs.has(loc.name)) {
    throw r.error(field, `no classical register named '${loc.name}'`);
  }
  return loc;
}

function readModifier(r: ByteReader): Value {
  const field = 'modifier';
  const key = r.char(field);
  const numCtrlQubits = r.u32(field);
  const ctrlState = r.u32(field);
  const power = r.f64(field);
  const kind = key === 'i' ? 'inverse' : key === 'c' ? 'control' : key === 'p' ? 'power' : null;
  if (!kind) throw r.error(field, `unknown modifier '${key}'`);
  return { t: 'modifier', kind, numCtrlQubits, ctrlState, power };
}

/** The expression a register reference reads: a bit as `bool`, a register as `uint`. */
export function locationExpr(loc: ClassicalLocation, scope: CircuitScope): ClassicalExpr {
  if (loc.kind === 'clbit') return { kind: 'var', location: loc, type: { kind: 'bool' } };
  const width = loc.kind === 'creg' ? (scope.cregs.get(loc.name)?.bits.length ?? 0) : 0;
  return { kind: 'var', location: loc, type: { kind: 'uint', width } };
}
