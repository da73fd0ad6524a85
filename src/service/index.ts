/**
 * `quantum-jobs-rx/service`: the service facade (`RuntimeService`, `RuntimeJob`,
 * `Sampler`/`Estimator`, `Session`/`Batch`, `Backend`) with every option and result type, for
 * code that wraps it. Every method of the seeds exists as a Promise and as an Observable (see
 * `docs/seed-mapping.md`).
 *
 * @module
 */
export { Backend } from './backend.js';
export type { BackendFilters } from './backend.js';
export type { RuntimeContext, ServiceRef, ServiceStreamOptions } from './context.js';
export type { RunOptions } from './create-job.js';
export { ACCOUNT_FILE } from './account-file.js';
export type { ReadTextFile } from './account-file.js';
export { ENV_VARIABLES, optionsFromEnv } from './env.js';
export type { EnvRecord } from './env.js';
export { environmentOptions } from './from-env.js';
export type { EnvironmentOptions, SavedAccountChoice } from './from-env.js';
export { IBM_POLL_FLOOR_MS, ibmPollCadence } from './ibm-cadence.js';
export { isIamAccessToken, isIbmQuantumHost } from './ibm-host.js';
export {
  BackendNotFoundError,
  NotImplementedError,
  RuntimeProgramNotFoundError,
} from './errors.js';
export type { QuantumJobsErrorUnion, ServiceErrorUnion } from './errors.js';
export { Estimator } from './estimator.js';
export type {
  EstimatorPrimitiveOptions,
  EstimatorPubLike,
  EstimatorResult,
  EstimatorRunOptions,
} from './estimator.js';
export { InstanceUsageResponse, instanceUsageOf } from './instance-usage.js';
export type { InstanceUsage } from './instance-usage.js';
export {
  JOB_HANDLE_TYPE,
  JOB_HANDLE_VERSION,
  JobHandleCodec,
  decodeJobHandle,
} from './job-handle.js';
export type { JobHandle } from './job-handle.js';
export { DEFAULT_PAGE_SIZE } from './job-list.js';
export type { JobFilters, JobsPageResult } from './job-list.js';
export {
  CHANNELS,
  DEFAULT_LOCAL_URL,
  IBM_CLOUD_API_URL,
  LOCAL_RUNTIME_HINT,
  apiUrlForCrn,
  iamUrlForCrn,
  parseCrn,
} from './options.js';
export type {
  Channel,
  CrnParts,
  ResolvedServiceOptions,
  RuntimeServiceOptions,
  ServiceWarning,
} from './options.js';
export { BasePrimitive, primitiveResultDecoder } from './primitive.js';
export type { ExecutionMode, PrimitiveInit, PrimitiveOptions } from './primitive.js';
export { RuntimeJob } from './runtime-job.js';
export { NAME_TAG_PREFIX } from './job-tags.js';
export type { TagUpdate } from './job-tags.js';
export type { ResultOptions } from './job-results.js';
export type {
  QueueInfo,
  ResultCallback,
  RuntimeJobInit,
  StatusCallback,
  TimePerStep,
} from './runtime-job.js';
export { RuntimeService } from './runtime-service.js';
export { Sampler } from './sampler.js';
export type {
  SamplerPrimitiveOptions,
  SamplerPubLike,
  SamplerResult,
  SamplerRunOptions,
} from './sampler.js';
export { Batch, Session, withSession, withSession$ } from './session.js';
export type { SessionInfo, SessionOptions, WithSessionOptions } from './session.js';
export { chooseSavedAccount, parseSavedAccounts, savedAccountOptions } from './saved-account.js';
export type { SavedAccount, SavedAccountOptions, SavedAccounts } from './saved-account.js';
