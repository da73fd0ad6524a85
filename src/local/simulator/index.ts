/**
 * The statevector simulator behind the local runtime: `runSamplerPub` and `runEstimatorPub`
 * run one primitive unit of work (PUB) each, cooperatively (yielding to the event loop,
 * reporting progress, honouring an `AbortSignal`), under {@link SimulatorLimits}.
 *
 * @module
 */
export { runSamplerPub, type SamplerPub, type SamplerPubOutput } from './sampler.js';
export {
  DEFAULT_PRECISION,
  runEstimatorPub,
  type EstimatorPub,
  type EstimatorPubOutput,
} from './estimator.js';
export type { SimulationOptions } from './options.js';
export type { SimulationMetrics } from './metrics.js';
export type { RegisterSamples } from './bitarray.js';
export { DEFAULT_LIMITS, resolveLimits, type SimulatorLimits } from './limits.js';
export { SimulationAbortedError, SimulationError, type SimulationLimitName } from './errors.js';
export { StateVector } from './statevector.js';
export { releaseSimulatorResources } from './run-context.js';
export { Rng } from './rng.js';
export { qiskitParameterOrder, readBindings, type Bindings } from './bindings.js';
export { readObservables, type Observable, type PauliTerm } from './observables.js';
