/**
 * What turning a stored instruction into model instructions needs: the session, the circuit
 * in scope, its custom definitions, a way to report errors at the instruction, and helpers
 * that read parameters as angles and conditions as expressions.
 *
 * @module
 */
import { isRight } from 'fp-ts/lib/Either.js';
import { parseNpy } from '../../codecs/npy.js';
import type { Angle, ClassicalExpr, Instruction } from '../model.js';
import type { ByteReader } from './bytes.js';
import type { CustomDefinition } from './custom-definitions.js';
import type { RawInstruction } from './raw-instruction.js';
import type { CircuitScope, Session } from './scope.js';
import { locationExpr, readRegisterParam, readValue, type Value } from './values.js';

/** The state of one conversion. */
export interface ConvertContext {
  readonly s: Session;
  readonly scope: CircuitScope;
  readonly custom: ReadonlyMap<string, CustomDefinition>;
  readonly depth: number;
  /** The reader the instruction came from (errors point into it). */
  readonly r: ByteReader;
  /** Add to the enclosing circuit's global phase (an inlined definition's phase). */
  readonly addPhase: (phase: Angle) => void;
  /** Convert another stored instruction in this context (a definition's base gate). */
  readonly convert: (
    raw: RawInstruction,
    qargs: readonly number[],
    cargs: readonly number[],
  ) => Instruction[];
}

/** Decode the instruction's parameters as instruction parameters. */
export function paramValues(raw: RawInstruction, ctx: ConvertContext): Value[] {
  return raw.params.map((p) =>
    readValue(p, ctx.s, { instructionParam: true, scope: ctx.scope, depth: ctx.depth }),
  );
}

/** A value used as a gate angle, or an error naming `field`. */
export function toAngle(v: Value, ctx: ConvertContext, field: string): Angle {
  switch (v.t) {
    case 'int':
      return Number(v.v);
    case 'float':
      return v.v;
    case 'angle':
      return v.v;
    case 'complex':
      if (v.im === 0) return v.re;
      throw ctx.r.error(field, 'a complex gate parameter', 'unsupported');
    case 'numpy': {
      const parsed = parseNpy(v.bytes, field);
      if (isRight(parsed)) {
        const a = parsed.right;
        if (a.size === 1 && (a.dtype === 'float64' || a.dtype === 'int64')) {
          const x = a.data[0];
          if (typeof x === 'number') return x;
          if (typeof x === 'bigint') return Number(x);
        }
      }
      throw ctx.r.error(field, 'a NumPy array where a gate angle was expected', 'unsupported');
    }
    default:
      throw ctx.r.error(field, `a value of kind '${v.t}' where a gate angle was expected`);
  }
}

/** The instruction's condition as a `bool` expression, or `null` when it has none. */
export function conditionOf(raw: RawInstruction, ctx: ConvertContext): ClassicalExpr | null {
  if (raw.conditionKey === 2 && raw.conditionExpr) {
    const v = readValue(raw.conditionExpr, ctx.s, {
      instructionParam: false,
      scope: ctx.scope,
      depth: ctx.depth,
    });
    if (v.t !== 'expr') throw ctx.r.error('condition', `a condition of kind '${v.t}'`);
    return v.v;
  }
  if (raw.conditionKey === 1 && raw.conditionRegister) {
    const loc = readRegisterParam(raw.conditionRegister, ctx.scope, ctx.s.ctx.version ?? 0);
    const target = locationExpr(loc, ctx.scope);
    if (loc.kind === 'clbit') {
      return raw.conditionValue !== 0n
        ? target
        : { kind: 'unary', op: 'not', operand: target, type: { kind: 'bool' } };
    }
    const value =
      raw.conditionValue <= BigInt(Number.MAX_SAFE_INTEGER)
        ? Number(raw.conditionValue)
        : raw.conditionValue;
    return {
      kind: 'binary',
      op: 'eq',
      left: target,
      right: { kind: 'value', value, type: target.type },
      type: { kind: 'bool' },
    };
  }
  return null;
}
