/**
 * quantum-jobs-rx: remote quantum-computing jobs as RxJS Observables of typed events.
 *
 * This entry point is browser-safe: nothing reachable from it imports a Node built-in. The
 * local runtime server lives in its own entry point, `quantum-jobs-rx/local`.
 *
 * @module
 */
export * from './codecs/index.js';
export * from './transport/index.js';
export * from './operators/index.js';
export * from './observables/index.js';
