/**
 * A job's `params` as plain values: what IBM's Python client encodes with its RuntimeEncoder
 * (QPY circuits, `ndarray` parameter values, `SparsePauliOp` and `ObservablesArray`
 * observables, …) decoded by the library's codec, so the page can show and label them. A tree
 * the codec refuses is kept as it came, with the reason.
 *
 * @module
 */
import { decodeEncodedParams } from '../../../src/codecs/encoded-params.js';

/** Params ready to show, and why they are shown as they came when they could not be decoded. */
export interface ReadableInputs {
  readonly params: unknown;
  readonly problem?: string;
}

/** Decode the RuntimeEncoder values of `params` (a job's inputs), within a 16 MiB budget. */
export function readableInputs(params: unknown): ReadableInputs {
  if (params === undefined || params === null) return { params };
  const decoded = decodeEncodedParams(params, { maxInflateBytes: 16 * 1024 * 1024 });
  return decoded._tag === 'Right'
    ? { params: decoded.right }
    : { params, problem: decoded.left.message };
}
