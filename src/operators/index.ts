/**
 * Pipeable operators for job event streams, one per module, each documented with its marble
 * diagram.
 *
 * @module
 */
export { cancelOnUnsubscribe, CANCEL_POLICIES } from './cancel-on-unsubscribe.js';
export type {
  CancelOnUnsubscribeOptions,
  CancelPolicy,
  CancelTarget,
} from './cancel-on-unsubscribe.js';
export { counts } from './counts.js';
export type { Counts } from './counts.js';
export { deadline } from './deadline.js';
export type { DeadlineOptions } from './deadline.js';
export { decodeWith } from './decode-with.js';
export type { Decoder, DecoderFunction } from './decode-with.js';
export { failOnTerminal } from './fail-on-terminal.js';
export type { FailOnTerminalOptions } from './fail-on-terminal.js';
export { finalResult } from './final-result.js';
export { idleWatchdog } from './idle-watchdog.js';
export type { IdleWatchdogOptions } from './idle-watchdog.js';
export { monotonicStatus } from './monotonic-status.js';
export type { MonotonicStatusOptions } from './monotonic-status.js';
export { interimResults } from './interim-results.js';
export { retryTransient } from './retry-transient.js';
export type { RetryInfo, RetryOptions, RetryPolicy } from './retry-transient.js';
export { statusChanges } from './status-changes.js';
export { untilFinal } from './until-final.js';
