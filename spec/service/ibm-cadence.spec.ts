/**
 * How often jobs on IBM Quantum Platform are read, in virtual time: never more often than
 * every 500 ms, whatever the configuration asks, as IBM's service team asked of its clients in
 * Qiskit/qiskit-ibm-runtime issue #2755 and qiskit-ibm-runtime does since pull request #2762
 * (qiskit_ibm_runtime/runtime_job_v2.py, wait_for_final_state: 0.5 s outside sessions).
 */
import { TestScheduler } from 'rxjs/testing';
import { PollScheduler } from '../../src/observables/scheduler/poll-scheduler.js';
import { IBM_POLL_FLOOR_MS, ibmPollCadence } from '../../src/service/ibm-cadence.js';
import { FakeStatusService } from '../observables/scheduler/fake-status-service.js';

/** Gaps between successive reads of job `id` in a run of `untilMs` virtual milliseconds. */
function readGaps(intervals: { floorMs: number; runningMs: number }, untilMs: number): number[] {
  const ts = new TestScheduler((a, b) => expect(a).toEqual(b));
  let service!: FakeStatusService;
  const notices: string[] = [];
  ts.run(() => {
    service = new FakeStatusService(ts, 10).add('j', 'Running');
    const polls = new PollScheduler(
      service,
      ibmPollCadence({ scheduler: ts, intervals }, (m) => notices.push(m)),
    );
    const unwatch = polls.watch('j', () => undefined);
    ts.schedule(() => {
      unwatch();
      polls.dispose();
    }, untilMs);
  });
  const at = service.jobRequests('j').map((r) => r.at);
  return at.slice(1).map((t, i) => t - at[i]!);
}

describe('polling IBM Quantum Platform', () => {
  it('a floor asked below 500 ms is raised to it, and said so', () => {
    const notices: string[] = [];
    const raised = ibmPollCadence({ intervals: { floorMs: 0, runningMs: 100 } }, (m) =>
      notices.push(m),
    );
    expect(raised.intervals?.floorMs).toBe(IBM_POLL_FLOOR_MS);
    expect(notices.length).toBe(1);
    const kept = ibmPollCadence({ intervals: { floorMs: 800 } }, (m) => notices.push(m));
    expect(kept.intervals?.floorMs).toBe(800);
    expect(notices.length).toBe(1);
  });

  it('a running job asked to be read every 50 ms is read every 500 ms at the most', () => {
    const gaps = readGaps({ floorMs: 0, runningMs: 50 }, 10_000);
    expect(gaps.length).toBeGreaterThan(10);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(IBM_POLL_FLOOR_MS);
  });
});
