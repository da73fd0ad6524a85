/**
 * The {@link idleWatchdog} operator (its marble diagram is on the function). It is defined next
 * to the job events, because `job$` reports silence with it too, and offered here with the
 * other operators.
 *
 * @module
 */
export { idleWatchdog } from '../events/idle-watchdog.js';
export type { IdleWatchdogOptions } from '../events/idle-watchdog.js';
