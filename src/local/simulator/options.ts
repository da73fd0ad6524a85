/**
 * The options and circuit input shared by the sampler and estimator entry points.
 *
 * @module
 */
import { describeValue } from '../../codecs/errors.js';
import type { Circuit } from '../../circuits/model.js';
import { parseQasm } from '../../circuits/qasm/parser.js';
import { SimulationError } from './errors.js';
import type { SimulatorLimits } from './limits.js';
import type { SimulationMetrics } from './metrics.js';

/** How to run one PUB. */
export interface SimulationOptions {
  /** Seed of the random generator: the same seed, PUB and limits give the same samples. */
  readonly seed: number;
  /** Overrides of {@link SimulatorLimits} entries. */
  readonly limits?: Partial<SimulatorLimits> | undefined;
  /** Aborts the run; the promise then rejects with `SimulationAbortedError`. */
  readonly signal?: AbortSignal | undefined;
  /** Called with the completed fraction (0–1, non-decreasing, ending with 1 on success). */
  readonly onProgress?: ((fraction: number) => void) | undefined;
  /** Filled in with counters of the run (qubits simulated, passes, branches). */
  readonly metrics?: SimulationMetrics | undefined;
  /**
   * Whether passes over a large state (2^19 amplitudes and more) may run on worker threads,
   * one per core, over shared memory (default true).
   */
  readonly threads?: boolean | undefined;
}

/**
 * The circuit of a PUB: parsed when given as OpenQASM source (throwing `QasmError`), used as
 * is when already a {@link Circuit}.
 */
export function toCircuit(circuit: unknown): Circuit {
  if (typeof circuit === 'string') return parseQasm(circuit);
  if (typeof circuit === 'object' && circuit !== null && !Array.isArray(circuit)) {
    return circuit as Circuit;
  }
  throw new SimulationError(
    `the circuit must be an OpenQASM string or a parsed circuit, got ${describeValue(circuit)}`,
  );
}

/**
 * Check that a PUB and its options are objects before anything reads them; throws
 * {@link SimulationError} otherwise.
 */
export function checkArguments(pub: unknown, options: unknown): void {
  if (typeof pub !== 'object' || pub === null || Array.isArray(pub)) {
    throw new SimulationError(`the PUB must be an object, got ${describeValue(pub)}`);
  }
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new SimulationError(`the options must be an object, got ${describeValue(options)}`);
  }
}
