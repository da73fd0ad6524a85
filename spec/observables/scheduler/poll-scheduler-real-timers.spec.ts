import { map, timer } from 'rxjs';
import { PollScheduler } from '../../../src/observables/scheduler/poll-scheduler.js';
import type { StatusFetcher, Unwatch } from '../../../src/observables/scheduler/types.js';
import { details } from './fake-status-service.js';

function activeTimers(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
}

function nextMacrotask(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Answers after 2 ms of real time. */
const fetcher: StatusFetcher = {
  fetchJob: (id) => timer(2).pipe(map(() => details(id, 'Running'))),
  fetchPendingPage: (offset, limit) =>
    timer(2).pipe(map(() => ({ jobs: [], count: 0, offset, limit }))),
};

/** Watch `n` jobs and resolve once `reads` details arrived. */
function watchUntil(polls: PollScheduler, n: number, reads: number): Promise<Unwatch[]> {
  return new Promise((resolve) => {
    let seen = 0;
    const unwatch: Unwatch[] = [];
    for (let i = 0; i < n; i++) {
      unwatch.push(
        polls.watch(`job-${i}`, (event) => {
          if (event.kind === 'details' && ++seen === reads) resolve(unwatch);
        }),
      );
    }
  });
}

const fast = {
  requestsPerSecond: 2000,
  maxInFlight: 8,
  batch: false as const,
  intervals: { queuedMs: 5, runningMs: 5, initialMs: 5, floorMs: 1 },
};

describe('PollScheduler with real timers', () => {
  it('leaves no timer behind after the last unwatch', async () => {
    const before = activeTimers();
    const polls = new PollScheduler(fetcher, fast);
    const unwatch = await watchUntil(polls, 100, 300);
    expect(activeTimers()).toBeGreaterThan(before);
    unwatch.forEach((u) => u());
    await nextMacrotask();
    expect(polls.stats.watched).toBe(0);
    expect(polls.stats.inFlight).toBe(0);
    expect(activeTimers()).toBe(before);
  });

  it('leaves no timer behind after dispose', async () => {
    const before = activeTimers();
    const polls = new PollScheduler(fetcher, fast);
    await watchUntil(polls, 100, 300);
    polls.dispose();
    await nextMacrotask();
    expect(activeTimers()).toBe(before);
  });
});
