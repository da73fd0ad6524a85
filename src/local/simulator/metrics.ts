/**
 * What a simulation did, for callers that want to know (logs, benchmarks): filled in by the
 * simulator when a {@link SimulationMetrics} object is passed in the options.
 *
 * @module
 */

/** Counters of one PUB's simulation (summed over its parameter bindings). */
export interface SimulationMetrics {
  /** Qubits simulated: those some gate acts on. */
  simulatedQubits: number;
  /** Most qubits one factor of the state held at once (2^this amplitudes when dense). */
  largestFactor: number;
  /**
   * Amplitudes visited by passes over dense factors (gates, joins, measurements, copies,
   * sampling tables): divided by 2^largestFactor, the number of full passes over the state.
   */
  amplitudeUpdates: number;
  /** Times a binding's simulation split at a mid-circuit outcome that was random. */
  branches: number;
}

/** Fresh zeroed metrics. */
export function emptyMetrics(): SimulationMetrics {
  return { simulatedQubits: 0, largestFactor: 0, amplitudeUpdates: 0, branches: 0 };
}
