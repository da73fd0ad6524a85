/**
 * `quantum-jobs-rx/local`: the embedded local runtime — a real HTTP and websocket server
 * speaking the Qiskit Runtime job API (the `/v1` paths of the current service) backed by a
 * statevector simulator. Clients talk to it exactly as to the remote service.
 *
 * ```ts
 * import { startLocalRuntime } from 'quantum-jobs-rx/local';
 * const runtime = await startLocalRuntime({ port: 0 });
 * // configure a client with runtime.url and runtime.token
 * await runtime.close();
 * ```
 *
 * @module
 */
export {
  startLocalRuntime,
  type LocalRuntime,
  type LocalJobRecord,
  type JobTransitionRecord,
  type RequestFilter,
} from './server/runtime.js';
export type { LocalRuntimeOptions, LocalQueueOptions, ResolvedOptions } from './server/options.js';
export type { FaultOptions, MalformedEndpoint } from './server/faults.js';
export type { LocalRuntimeLimits } from './server/limits.js';
export {
  DEFAULT_LIMITS as DEFAULT_RUNTIME_LIMITS,
  DEFAULT_MAX_BODY_BYTES,
} from './server/limits.js';
export type { HardwareDevice } from './backends/device.js';
export type { LocalBackendSpec, ResolvedBackend } from './server/backends.js';
export type { RequestRecord } from './server/http-server.js';
export type { RuntimeJobStatus } from './server/job-record.js';
// The errors this entry point raises. The base class is the same object as the one the main
// entry point exports (one shared chunk in the build), so `instanceof` works across both.
export { QuantumJobsError, ConfigError, DecodeError } from '../codecs/errors.js';
export { QasmError } from '../circuits/qasm/errors.js';
export { SimulationError, SimulationAbortedError } from './simulator/errors.js';
export type { SimulationLimitName } from './simulator/errors.js';
