/**
 * quantum-jobs-rx: remote quantum-computing jobs as RxJS Observables of typed events.
 *
 * This entry point is the library's public API, grouped by what a user does: services and
 * jobs, streams and events, operators, results, errors, configuration. It is a curated list
 * (`spec/package/root-exports.spec.ts` pins it); the wire codecs, transport pieces, sources and
 * other building blocks live in subpath entries for advanced use (`quantum-jobs-rx/codecs`,
 * `/events`, `/transport`, `/observables`, `/operators`, `/service`, `/circuits`), and the local
 * runtime server in `quantum-jobs-rx/local`.
 *
 * Everything reachable from here, and from every subpath but `/local`, is browser-safe: nothing
 * imports a Node built-in.
 *
 * @module
 * @primaryExport
 */

// ---------------------------------------------------------------- Services and jobs
export { RuntimeService } from './service/runtime-service.js';
export { RuntimeJob } from './service/runtime-job.js';
export type { QueueInfo, ResultCallback, StatusCallback } from './service/runtime-job.js';
export type { ResultOptions } from './service/job-results.js';
export type { TagUpdate } from './service/job-tags.js';
export type { JobHandle } from './service/job-handle.js';
export type { RunOptions } from './service/create-job.js';
export type { JobFilters } from './service/job-list.js';
export { Sampler } from './service/sampler.js';
export type { SamplerPubLike, SamplerResult } from './service/sampler.js';
export { Estimator } from './service/estimator.js';
export type { EstimatorPubLike, EstimatorResult } from './service/estimator.js';
export { Batch, Session, withSession } from './service/session.js';
export type { SessionOptions } from './service/session.js';
export { Backend } from './service/backend.js';
export type { BackendFilters } from './service/backend.js';

// ---------------------------------------------------------------- Streams and events
export { job$ } from './observables/job-stream.js';
export type { JobStreamOptions } from './observables/job-stream.js';
export type { JobClient } from './observables/job-client.js';
export type { JobStatus } from './codecs/status.js';
export type {
  ConnectionEvent,
  InterimEvent,
  JobEvent,
  ProgressEvent,
  ResultEvent,
  StatusEvent,
} from './events/job-event.js';
export { JobSet, jobSet$ } from './observables/job-set.js';
export type {
  JobSetAggregate,
  JobSetEvent,
  JobSetFailure,
  JobSetInput,
  JobSetOptions,
} from './observables/job-set.js';
export { submitAll } from './observables/submit-all.js';
export type { Submission, SubmitAllOptions, SubmitOutcome } from './observables/submit-all.js';
export { PollScheduler } from './observables/scheduler/poll-scheduler.js';
export type { PollIntervals, PollSchedulerOptions } from './observables/scheduler/types.js';

// ---------------------------------------------------------------- Operators
export { cancelOnUnsubscribe } from './operators/cancel-on-unsubscribe.js';
export type { CancelPolicy, CancelTarget } from './operators/cancel-on-unsubscribe.js';
export { counts } from './operators/counts.js';
export type { Counts } from './operators/counts.js';
export { deadline } from './operators/deadline.js';
export { decodeWith } from './operators/decode-with.js';
export { failOnTerminal } from './operators/fail-on-terminal.js';
export { finalResult } from './operators/final-result.js';
export { idleWatchdog } from './operators/idle-watchdog.js';
export { interimResults } from './operators/interim-results.js';
export { monotonicStatus } from './operators/monotonic-status.js';
export { retryTransient } from './operators/retry-transient.js';
export { statusChanges } from './operators/status-changes.js';
export { untilFinal } from './operators/until-final.js';

// ---------------------------------------------------------------- Results
export { PrimitiveResult, ExecutionSpan } from './codecs/result-model.js';
export type {
  EstimatorDataBin,
  EstimatorPubResult,
  PubResult,
  SamplerDataBin,
  SamplerPubResult,
} from './codecs/result-model.js';
export { BitArray } from './codecs/bit-array.js';
export { NdArray } from './codecs/nd-array.js';
export { decodeResult } from './codecs/results.js';
export type { ResultDecoder } from './codecs/results.js';

// ---------------------------------------------------------------- Errors
export {
  ConfigError,
  DecodeError,
  IBMApiError,
  IBMRuntimeError,
  NetworkError,
  QuantumJobsError,
  RuntimeInvalidStateError,
  RuntimeJobCancelledError,
  RuntimeJobFailureError,
  RuntimeJobMaxTimeoutError,
  RuntimeJobNotFoundError,
  RuntimeJobTimeoutError,
  WebSocketClosedError,
  isQuantumJobsError,
} from './codecs/errors.js';
export {
  BackendNotFoundError,
  NotImplementedError,
  RuntimeProgramNotFoundError,
} from './service/errors.js';
export type { QuantumJobsErrorUnion } from './service/errors.js';

// ---------------------------------------------------------------- Configuration
export type { RuntimeServiceOptions } from './service/options.js';
export type { Credentials } from './transport/credentials.js';
export type { RetryPolicy } from './transport/retry.js';
export type { ReconnectPolicy } from './observables/sources/reconnect.js';
export type { WebSocketMode } from './observables/job-stream.js';
export { HttpClient } from './transport/http-client.js';

// ---------------------------------------------------------------- Circuits
// The rest of the circuits layer (registers, expressions, the exporter, the model and the
// parser) is in `quantum-jobs-rx/circuits`.
export { QuantumCircuit } from './circuits/quantum-circuit.js';
export { Parameter } from './circuits/parameter.js';
export { transpile } from './circuits/transpile.js';
