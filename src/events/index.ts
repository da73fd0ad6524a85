/**
 * `quantum-jobs-rx/events`: the events a job stream emits and the status state machine that
 * produces them, for code that builds its own streams. Browser-safe; no I/O.
 *
 * @module
 */
export * from './job-event.js';
export * from './terminal-error.js';
export * from './state-machine.js';
export { StatusMachine } from './status-machine.js';
export { idleWatchdog } from './idle-watchdog.js';
export type { IdleWatchdogOptions } from './idle-watchdog.js';
