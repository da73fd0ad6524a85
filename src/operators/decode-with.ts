/**
 * The {@link decodeWith} operator (its marble diagram is on the function). It is defined with
 * the transport, which decodes every answer with it, and offered here with the other operators.
 *
 * @module
 */
export { decodeWith } from '../transport/decode-with.js';
export type { Decoder, DecoderFunction } from '../transport/decode-with.js';
