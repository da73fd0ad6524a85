/**
 * The values of Qiskit Runtime's `RuntimeEncoder` that carry QPY, as the official Python
 * client writes them (Qiskit/qiskit-ibm-runtime `qiskit_ibm_runtime/json.py`):
 *
 * - `{"__type__": "QuantumCircuit", "__value__": <base64 of zlib of qpy.dump(circuit)>}`,
 *   written with `version=min(SERVICE_MAX_SUPPORTED_QPY_VERSION, QPY_VERSION)`;
 * - `{"__type__": "Instruction", "__value__": <the same, of a circuit holding that one
 *   instruction>}`;
 * - `{"__type__": "Parameter", "__value__": <base64 of _write_parameter, not compressed>}`;
 * - `{"__type__": "ParameterExpression", "__value__": <base64 of _write_parameter_expression,
 *   not compressed>}`, written by clients before 0.24.
 *
 * Every failure (not such an object, bad base64, corrupt zlib, a zlib bomb, bad QPY) is a
 * {@link QpyError}.
 *
 * @module
 */
import { isLeft } from 'fp-ts/lib/Either.js';
import { decodeBase64 } from '../../codecs/base64.js';
import { describeValue } from '../../codecs/errors.js';
import { inflate } from '../../codecs/zlib.js';
import type { Angle, Circuit } from '../model.js';
import { ByteReader, type ReadContext } from './bytes.js';
import { QpyError } from './errors.js';
import { DEFAULT_QPY_LIMITS, type QpyLimits } from './limits.js';
import { readParameterExpression } from './parameters.js';
import { readQpy } from './read.js';
import type { Session } from './scope.js';

/** Options of the envelope decoders. */
export interface EnvelopeOptions {
  /** Largest inflated QPY accepted, in bytes (default 64 MiB); more is a `limit` QpyError. */
  readonly maxQpyBytes?: number;
  readonly limits?: Partial<QpyLimits>;
}

/** Default ceiling on inflated QPY: 64 MiB. */
export const DEFAULT_MAX_QPY_BYTES = 64 * 1024 * 1024;

function fail(detail: string, field = 'envelope', kind: QpyError['kind'] = 'invalid'): QpyError {
  return new QpyError(detail, { version: null, instruction: null, field, offset: 0 }, kind);
}

/** The `__value__` of an encoded value of type `type`, or a QpyError. */
function payload(value: unknown, type: string): string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw fail(`expected {"__type__": "${type}", "__value__": ...}, got ${describeValue(value)}`);
  }
  const o = value as Record<string, unknown>;
  if (o['__type__'] !== type) {
    throw fail(`expected __type__ "${type}", got ${describeValue(o['__type__'])}`, '__type__');
  }
  const v = o['__value__'];
  if (typeof v !== 'string')
    throw fail(`__value__ must be a base64 string, got ${describeValue(v)}`, '__value__');
  return v;
}

function base64(text: string): Uint8Array {
  const bytes = decodeBase64(text, '__value__');
  if (isLeft(bytes)) throw fail(bytes.left.message, '__value__');
  return bytes.right;
}

function qpyBytes(value: unknown, type: string, options: EnvelopeOptions): Uint8Array {
  const raw = base64(payload(value, type));
  const max = options.maxQpyBytes ?? DEFAULT_MAX_QPY_BYTES;
  const out = inflate(raw, { maxOutputBytes: max, path: '__value__' });
  if (isLeft(out)) {
    throw fail(out.left.message, '__value__', out.left.kind === 'limit' ? 'limit' : 'invalid');
  }
  return out.right;
}

function first(circuits: Circuit[], type: string): Circuit {
  const c = circuits[0];
  if (!c) throw fail(`the QPY data of a ${type} holds no circuit`);
  return c;
}

/** Decode an encoded `QuantumCircuit` (its first circuit, as the runtime reads it). */
export function decodeEncodedCircuit(value: unknown, options: EnvelopeOptions = {}): Circuit {
  const opts = options.limits ? { limits: options.limits } : {};
  return first(readQpy(qpyBytes(value, 'QuantumCircuit', options), opts), 'QuantumCircuit');
}

/** Decode an encoded `Instruction`: the circuit that holds it as its only instruction. */
export function decodeEncodedInstruction(value: unknown, options: EnvelopeOptions = {}): Circuit {
  const opts = options.limits ? { limits: options.limits } : {};
  return first(readQpy(qpyBytes(value, 'Instruction', options), opts), 'Instruction');
}

/** A decoded `Parameter`: its name and UUID (32 hex digits). */
export interface EncodedParameter {
  readonly name: string;
  readonly uuid: string;
}

function session(version: number, options: EnvelopeOptions): Session {
  const ctx: ReadContext = {
    version,
    limits: { ...DEFAULT_QPY_LIMITS, ...options.limits },
    instructions: [],
    produced: 0,
  };
  const s: Session = {
    ctx,
    symengine: false,
    parameters: new Map(),
    parameterNames: new Map(),
    vars: new Map(),
    varNames: new Map(),
    gates: new Map(),
    readCircuit: (r) => {
      throw r.error('value', 'a circuit inside a parameter expression');
    },
  };
  return s;
}

function guarded<T>(read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof QpyError) throw e;
    throw fail(`internal error while reading: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Decode an encoded `Parameter`. */
export function decodeEncodedParameter(
  value: unknown,
  options: EnvelopeOptions = {},
): EncodedParameter {
  const bytes = base64(payload(value, 'Parameter'));
  return guarded(() => {
    const s = session(13, options);
    const r = new ByteReader(s.ctx, bytes);
    const field = 'parameter';
    const size = r.u16(field);
    const uuid = r.take(16, field);
    const name = r.utf8(size, field);
    r.done(field);
    let hex = '';
    for (const b of uuid) hex += b.toString(16).padStart(2, '0');
    return { name, uuid: hex };
  });
}

/**
 * Decode an encoded `ParameterExpression` (QPY 3–12 layout with a sympy `srepr` expression, as
 * clients before 0.24 wrote it) into an angle over parameter names.
 */
export function decodeEncodedParameterExpression(
  value: unknown,
  options: EnvelopeOptions = {},
): Angle {
  const bytes = base64(payload(value, 'ParameterExpression'));
  return guarded(() => {
    const s = session(12, options);
    const r = new ByteReader(s.ctx, bytes);
    const out = readParameterExpression(r, s, 0);
    r.done('parameter expression');
    return out;
  });
}
