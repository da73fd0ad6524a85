/**
 * Safety ceilings of the local runtime and their defaults. Every request that crosses one is
 * refused with a 400 (or 413 for bodies) whose message names the limit and the offending value.
 *
 * @module
 */

/** Ceilings applied to requests, jobs and connections. */
export interface LocalRuntimeLimits {
  /** Widest circuit a job may use (the statevector simulator needs 2^n amplitudes). Default 26. */
  readonly maxQubits: number;
  /** Most shots one sampler PUB may ask for. Default 100 000. */
  readonly maxShots: number;
  /** Most PUBs in one job. Default 100. */
  readonly maxPubs: number;
  /** Most instructions (gates, measurements, resets, barriers) in one circuit. Default 100 000. */
  readonly maxCircuitOperations: number;
  /** Most parameter-value sets (the PUB's broadcast size) per PUB. Default 10 000. */
  readonly maxParameterSets: number;
  /** Most Pauli terms over all observables of one estimator PUB. Default 10 000. */
  readonly maxObservableTerms: number;
  /** Most simultaneously open sockets (HTTP and websocket) from one client address. Default 64. */
  readonly maxConnectionsPerClient: number;
  /** Largest websocket frame a client may send. Default 64 KiB. */
  readonly maxWebSocketFrameBytes: number;
  /** Deepest JSON nesting accepted in a request body. Default 64. */
  readonly maxJsonDepth: number;
  /** Most tags on one job. Default 50. */
  readonly maxTags: number;
  /** Longest tag, in characters. Default 255. */
  readonly maxTagLength: number;
  /**
   * Most bytes the compressed values of one job's params (QPY circuits, NumPy arrays) may
   * inflate to, together: a zlib bomb is refused at this ceiling. Default 64 MiB.
   */
  readonly maxInflatedBytes: number;
}

/** The limits used when an option leaves them out. */
export const DEFAULT_LIMITS: LocalRuntimeLimits = {
  maxQubits: 26,
  maxShots: 100_000,
  maxPubs: 100,
  maxCircuitOperations: 100_000,
  maxParameterSets: 10_000,
  maxObservableTerms: 10_000,
  maxConnectionsPerClient: 64,
  maxWebSocketFrameBytes: 64 * 1024,
  maxJsonDepth: 64,
  maxTags: 50,
  maxTagLength: 255,
  maxInflatedBytes: 64 * 1024 * 1024,
};

/** Default ceiling for a request body (5 MiB). */
export const DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024;
