/**
 * The codecs layer: io-ts codecs and pure decoders/encoders for every payload of the job API,
 * the status state machine, and the library's error classes. No I/O; browser-safe.
 *
 * @module
 */
export * from './errors.js';
export * from './status.js';
export * from './decode.js';
export * from './guarded.js';
export * from './json.js';
export * from './scalars.js';
export * from './open-enum.js';
export * from './job.js';
export * from './program-inputs.js';
export * from './metrics.js';
export * from './session.js';
export * from './tags.js';
export * from './iam.js';
export * from './versions.js';
export * from './backends.js';
export * from './api-error.js';
export * from './ws-messages.js';
export * from './base64.js';
export * from './zlib.js';
export * from './npy.js';
export * from './nd-array.js';
export * from './bit-array.js';
export * from './result-model.js';
export * from './result-plain.js';
export * from './result-encoded.js';
export * from './result-encode.js';
export * from './results.js';
