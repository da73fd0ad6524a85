/**
 * Flags several `qjobs` commands share, defined once so their help reads the same everywhere.
 *
 * @module
 */
import type { FlagDef } from './args.js';

/** `--json`: one JSON document on stdout. */
export const JSON_FLAG: FlagDef = {
  name: 'json',
  kind: 'boolean',
  help: 'print one JSON document on stdout, errors included (status lines go to stderr)',
};

/** `--timeout S`: stop waiting after S seconds (exit 4). */
export const TIMEOUT_FLAG: FlagDef = {
  name: 'timeout',
  kind: 'seconds',
  value: 'S',
  help: 'stop waiting after S seconds with exit code 4; the job goes on',
  default: 'wait until the job is final',
};

/** `--cancel-on-interrupt`: Ctrl-C cancels the remote job without asking. */
export const CANCEL_ON_INTERRUPT_FLAG: FlagDef = {
  name: 'cancel-on-interrupt',
  kind: 'boolean',
  help: 'on Ctrl-C, cancel the remote job without asking and wait for its final status (exit 3 once CANCELLED)',
  default: 'ask on a terminal, else leave the job running',
};
