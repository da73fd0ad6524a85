/**
 * `quantum-jobs-rx/codecs`: the io-ts codecs and pure decoders of the job API's payloads (job
 * details, program inputs, metrics, sessions, backends, error bodies, results in both
 * encodings), the status vocabulary and its mapping, the result model, and the error classes.
 * No I/O; browser-safe. Encoders only the local runtime needs, and the helpers the decoders are
 * built from, stay internal.
 *
 * @module
 */
export * from './errors.js';
export * from './status.js';
export { decode, decodeOrThrow } from './decode.js';
export type { PathSegment } from './decode.js';
export { guarded } from './guarded.js';
export * from './scalars.js';
export * from './open-enum.js';
export * from './job.js';
export * from './program-inputs.js';
export { EncodedCircuit, OpaqueEncoded, decodeEncodedParams } from './encoded-params.js';
export type { EncodedParamsOptions } from './encoded-params.js';
export * from './metrics.js';
export * from './session.js';
export * from './versions.js';
export * from './websocket-offers.js';
export * from './backends.js';
export {
  ApiErrorEntry,
  ErrorContainer,
  LegacyErrorBody,
  apiErrorFromResponse,
  decodeApiErrorBody,
  httpStatusText,
  parseRetryAfter,
} from './api-error.js';
export type { ErrorBodyEntry, ErrorResponse } from './api-error.js';
export * from './nd-array.js';
export * from './bit-array.js';
export * from './result-model.js';
export { decodePlainResult } from './result-plain.js';
export { decodeEncodedResult, decodeRuntimeValue } from './result-encoded.js';
export type { EncodedDecodeOptions } from './result-encoded.js';
export * from './results.js';
