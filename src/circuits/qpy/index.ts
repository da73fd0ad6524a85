/**
 * The QPY reader: `readQpy` turns the bytes `qiskit.qpy.dump` writes (QPY format versions 1
 * to 18) into the model's circuits; the `decode…` functions read the values of Qiskit
 * Runtime's `RuntimeEncoder` that carry QPY (`QuantumCircuit`, `Parameter`, `Instruction`).
 *
 * @module
 */
export { readQpy, type ReadQpyOptions } from './read.js';
export { QpyError, type QpyErrorKind, type QpyErrorWhere } from './errors.js';
export { DEFAULT_QPY_LIMITS, type QpyLimits } from './limits.js';
export { QPY_MAX_VERSION } from './header.js';
export {
  decodeEncodedCircuit,
  decodeEncodedInstruction,
  decodeEncodedParameter,
  decodeEncodedParameterExpression,
  DEFAULT_MAX_QPY_BYTES,
  type EncodedParameter,
  type EnvelopeOptions,
} from './envelope.js';
