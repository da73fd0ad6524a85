/**
 * How often a service reads jobs on IBM Quantum Platform: never more often than IBM asked its
 * clients to, whatever the configuration says.
 *
 * IBM's service team asked for it in Qiskit/qiskit-ibm-runtime issue #2755 ("Reduce default
 * RuntimeJob status polling interval": polling `GET /v1/jobs/{id}` every 100 ms loads several
 * services; non-session jobs should poll every 500 ms or 1 s, sessions may keep 100 ms), which
 * pull request #2762 made qiskit-ibm-runtime's behaviour
 * (`qiskit_ibm_runtime/runtime_job_v2.py`, `wait_for_final_state`: 0.5 s outside sessions).
 * The poll scheduler does not tell session jobs apart, so the 500 ms floor holds for every job:
 * no job is read more often than qiskit-ibm-runtime reads a job outside a session. The
 * scheduler's request budget (5 requests per second for the whole service by default) holds on
 * top, so many jobs are read less often still.
 *
 * @module
 */
import type { PollSchedulerOptions } from '../observables/scheduler/types.js';
import { DEFAULT_POLL_INTERVALS } from '../observables/scheduler/poll-scheduler.js';

/** No job on IBM Quantum Platform is read more often than this (qiskit-ibm-runtime's non-session default). */
export const IBM_POLL_FLOOR_MS = 500;

/**
 * `options` with the poll floor raised to {@link IBM_POLL_FLOOR_MS} when set lower; `notice`
 * is told when it was.
 */
export function ibmPollCadence(
  options: PollSchedulerOptions,
  notice: (message: string) => void,
): PollSchedulerOptions {
  const floorMs = options.intervals?.floorMs ?? DEFAULT_POLL_INTERVALS.floorMs;
  if (floorMs >= IBM_POLL_FLOOR_MS) return options;
  notice(
    `poll.floorMs ${floorMs} raised to ${IBM_POLL_FLOOR_MS} ms: IBM Quantum Platform asks clients ` +
      'not to read a job more often than every 500 ms (qiskit-ibm-runtime issue #2755).',
  );
  return { ...options, intervals: { ...options.intervals, floorMs: IBM_POLL_FLOOR_MS } };
}
