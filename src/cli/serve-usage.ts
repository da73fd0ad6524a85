/**
 * What `qjobs help` says of `qjobs serve`, apart from the command itself.
 *
 * @module
 */

/** Usage line of `qjobs serve`. */
export const SERVE_USAGE =
  'usage: qjobs serve [--port 8787] [--host 127.0.0.1] [--token T] [--seed N] [--data DIR] [--queue-delay MS] [--run-delay MS] [--ui]';

/** One line for the command list. */
export const SERVE_SUMMARY = 'run the local runtime (HTTP + websocket) until interrupted';
