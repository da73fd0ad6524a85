/**
 * Ceilings that keep reading hostile QPY data bounded in time and memory, independent of the
 * length fields the data declares.
 *
 * @module
 */

/** The ceilings {@link readQpy} applies. */
export interface QpyLimits {
  /** Circuits in one file. */
  readonly maxCircuits: number;
  /** Qubits, and separately classical bits, of one circuit. */
  readonly maxBits: number;
  /** Instructions produced for one circuit, nested blocks and inlined definitions included. */
  readonly maxInstructions: number;
  /** Nesting of control-flow blocks, custom definitions, expressions and parameter expressions. */
  readonly maxDepth: number;
}

/** The default ceilings. */
export const DEFAULT_QPY_LIMITS: QpyLimits = {
  maxCircuits: 10_000,
  maxBits: 1 << 20,
  maxInstructions: 5_000_000,
  maxDepth: 64,
};
