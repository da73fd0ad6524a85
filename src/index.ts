/**
 * quantum-jobs-rx: remote quantum-computing jobs as RxJS Observables of typed events.
 *
 * This entry point is browser-safe: nothing reachable from it imports a Node built-in. The
 * local runtime server lives in its own entry point, `quantum-jobs-rx/local`.
 *
 * @module
 */
export * from './codecs/index.js';
export * from './events/index.js';
export * from './transport/index.js';
export * from './operators/index.js';
export * from './observables/index.js';
export * from './service/index.js';
// Both layers name a `QueueInfo`; the facade's (what `RuntimeJob.queueInfo()` returns) keeps the
// plain name, the state machine's is available as `StatusQueueInfo`.
export type { QueueInfo } from './service/index.js';
export type { QueueInfo as StatusQueueInfo } from './events/index.js';
