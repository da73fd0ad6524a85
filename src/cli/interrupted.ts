/**
 * What a command reports when Ctrl-C ended its wait: the jobs cancelled (exit 3), or left
 * running with the commands that follow or cancel them (exit 130).
 *
 * @module
 */
import { EXIT } from './exit-codes.js';
import type { CliFailure } from './failure.js';
import type { InterruptAction } from './follow.js';

/** The failure of a wait ended by Ctrl-C on jobs `ids`. */
export function interruptFailure(
  action: InterruptAction,
  ids: readonly string[],
  cancelFailed: boolean,
): CliFailure {
  const list = ids.join(', ');
  const one = ids.length === 1;
  if (action === 'cancelled' && !cancelFailed) {
    return {
      code: 'job_cancelled',
      message: `cancelled job${one ? '' : 's'} ${list} (Ctrl-C)`,
      exitCode: EXIT.cancelled,
      fields: { ...(one ? { jobId: ids[0] } : { jobIds: ids }), status: 'CANCELLED' },
    };
  }
  const id = one ? ids[0]! : 'ID';
  return {
    code: 'interrupted',
    message: `stopped watching; job${one ? '' : 's'} ${list} go${one ? 'es' : ''} on`,
    hint: `\`qjobs watch ${id}\` follows ${one ? 'it' : 'one'} again, \`qjobs cancel ${id}\` cancels ${one ? 'it' : 'one'}`,
    exitCode: EXIT.interrupted,
    fields: one ? { jobId: ids[0] } : { jobIds: ids },
  };
}
