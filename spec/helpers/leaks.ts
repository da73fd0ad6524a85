/**
 * Asserts that a spec leaves nothing running: no timer, socket, server or pending request that
 * was not there when the spec started, and every counter of the transport back at zero.
 *
 * Usage:
 * ```ts
 * let leaks: LeakTracker;
 * beforeEach(() => { leaks = trackLeaks(); });
 * afterEach(async () => { await runtime.close(); await leaks.expectNone({ inFlight: () => http.stats.inFlight }); });
 * ```
 *
 * The check compares `process.getActiveResourcesInfo()` (a list of resource kinds such as
 * `Timeout`, `TCPSocketWrap`, `TCPServerWrap`) against the snapshot taken at the start, kind
 * by kind. Closing a socket takes a few turns of the event loop, so the check waits (real time,
 * at most `settleMs`) for the counts to come back down before it fails.
 */

/** Counts of active resources by kind. */
export type ResourceCounts = ReadonlyMap<string, number>;

/** Counts of `process.getActiveResourcesInfo()`, by kind. */
export function activeResources(): ResourceCounts {
  const counts = new Map<string, number>();
  for (const kind of process.getActiveResourcesInfo()) {
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  return counts;
}

/** Kinds with more active resources in `after` than in `before`, as `Kind +n` strings. */
export function resourceGrowth(before: ResourceCounts, after: ResourceCounts): string[] {
  const grown: string[] = [];
  for (const [kind, n] of after) {
    const extra = n - (before.get(kind) ?? 0);
    if (extra > 0) grown.push(`${kind} +${extra}`);
  }
  return grown.sort();
}

/** Named counters that must read zero once a spec is over (e.g. requests in flight). */
export type LeakCounters = Readonly<Record<string, () => number>>;

/** A snapshot taken when a spec starts, checked when it ends. */
export interface LeakTracker {
  /** Resource counts at the start. */
  readonly before: ResourceCounts;
  /** What is still open compared with the start (resource growth and non-zero counters). */
  leftOpen(counters?: LeakCounters): string[];
  /**
   * Wait (up to `settleMs`, default 2000) for everything opened since the start to close, then
   * fail the current spec, naming what is still open, if anything is.
   */
  expectNone(counters?: LeakCounters, settleMs?: number): Promise<void>;
}

// Measured from inside an immediate scheduled after the wait, so the wait's own timer is gone.
function afterTurn(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(() => setImmediate(resolve), ms));
}

/** Take the start-of-spec snapshot. Call it in `beforeEach`, before anything is opened. */
export function trackLeaks(): LeakTracker {
  const before = activeResources();
  const leftOpen = (counters: LeakCounters = {}): string[] => {
    const open = resourceGrowth(before, activeResources());
    for (const [name, read] of Object.entries(counters)) {
      const value = read();
      if (value !== 0) open.push(`${name} = ${value}`);
    }
    return open;
  };
  return {
    before,
    leftOpen,
    async expectNone(counters = {}, settleMs = 2000) {
      const until = Date.now() + settleMs;
      await afterTurn(0);
      let open = leftOpen(counters);
      while (open.length > 0 && Date.now() < until) {
        await afterTurn(10);
        open = leftOpen(counters);
      }
      expect(open).withContext('timers, sockets or requests left open after the spec').toEqual([]);
    },
  };
}
