/**
 * A job's inputs as a reader wants them: the RuntimeEncoder values of its `params` decoded (as
 * qiskit-ibm-runtime's `RuntimeDecoder` does for `RuntimeJobV2.inputs`), and each circuit sent as
 * QPY (`{"__type__": "QuantumCircuit", "__value__": <base64 of zlib of QPY>}`, written by
 * `RuntimeEncoder.default` in Qiskit/qiskit-ibm-runtime `qiskit_ibm_runtime/json.py`) read into
 * the circuit model and written out as OpenQASM 3.
 *
 * @module
 */
import { isLeft } from 'fp-ts/lib/Either.js';
import {
  EncodedCircuit,
  decodeEncodedParams,
  type EncodedParamsOptions,
} from '../codecs/encoded-params.js';
import { DecodeError } from '../codecs/errors.js';
import type { Circuit } from './model.js';
import { dumps } from './qasm3-export.js';
import { QpyError } from './qpy/errors.js';
import { readQpy } from './qpy/read.js';

/** A circuit of a job's inputs, read from the QPY it was sent as. */
export class InputCircuit {
  constructor(
    /** The tag it was sent under (`QuantumCircuit`, or `Instruction` for a lone instruction). */
    readonly type: 'QuantumCircuit' | 'Instruction',
    /** The circuit (for an `Instruction`, the circuit holding it). */
    readonly circuit: Circuit,
    /** The circuit as an OpenQASM 3 program. */
    readonly qasm: string,
    /** Where it was in the inputs (`params.pubs[0][0]`). */
    readonly path: string,
  ) {}

  toString(): string {
    return this.qasm;
  }
}

/** Options of {@link decodeJobInputs}. */
export type JobInputsOptions = EncodedParamsOptions;

type Obj = Record<string, unknown>;

function readCircuit(encoded: EncodedCircuit): InputCircuit {
  let circuit: Circuit | undefined;
  try {
    // The runtime reads the first circuit of the file, as `RuntimeDecoder` does.
    circuit = readQpy(encoded.qpy)[0];
  } catch (e) {
    if (!(e instanceof QpyError)) throw e;
    throw new DecodeError(
      encoded.path,
      'a QPY circuit',
      encoded,
      e.kind,
      `${encoded.path}: ${e.message}`,
    );
  }
  if (circuit === undefined) {
    throw new DecodeError(encoded.path, 'a QPY file holding a circuit', encoded);
  }
  return new InputCircuit(encoded.type, circuit, dumps(circuit), encoded.path);
}

function withCircuits(value: unknown): unknown {
  if (value instanceof EncodedCircuit) return readCircuit(value);
  if (Array.isArray(value)) return value.map(withCircuits);
  if (
    typeof value !== 'object' ||
    value === null ||
    Object.getPrototypeOf(value) !== Object.prototype
  ) {
    return value;
  }
  const out: Obj = {};
  for (const [k, v] of Object.entries(value as Obj)) {
    Object.defineProperty(out, k, {
      value: withCircuits(v),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/**
 * Decode a job's `params`: RuntimeEncoder values become plain values (see
 * `decodeEncodedParams`), and every QPY circuit an {@link InputCircuit} with its model and
 * OpenQASM 3 text. Circuits sent as OpenQASM text stay text.
 *
 * @throws DecodeError naming the path of a value that cannot be read (bad base64, corrupt zlib,
 * a QPY file this reader refuses, with the QPY reader's reason).
 */
export function decodeJobInputs(
  params: Readonly<Record<string, unknown>>,
  options: JobInputsOptions = {},
): Readonly<Record<string, unknown>> {
  const decoded = decodeEncodedParams(params, options);
  if (isLeft(decoded)) throw decoded.left;
  return withCircuits(decoded.right) as Readonly<Record<string, unknown>>;
}
