/**
 * What individual watchers of the poll scheduler asked for: intervals of their own, and whether
 * another channel (a job-status websocket) carries their job. The scheduler asks this record
 * for a job's wanted interval and floor; only watchers that asked for something are in it, so
 * a job watched the plain way costs nothing here.
 *
 * @module
 */
import { ConfigError, describeValue } from '../../codecs/errors.js';
import type { PollIntervals, WatchSink } from './types.js';
import { StatusClass } from './watch-entry.js';

/** What one watcher asked for. */
interface WatcherState {
  /** Its own intervals (complete, checked), or `undefined` for the scheduler's. */
  readonly intervals: PollIntervals | undefined;
  /** True while another channel carries the job for this watcher. */
  carried: boolean;
}

/** Intervals of one status class. */
function classMs(intervals: PollIntervals, statusClass: StatusClass): number {
  switch (statusClass) {
    case StatusClass.Queued:
      return intervals.queuedMs;
    case StatusClass.Initial:
      return intervals.initialMs;
    default:
      return intervals.runningMs;
  }
}

/**
 * Fill in `given` from `defaults` and check it: every value a finite number >= 0, known keys
 * only; then every interval is raised to at least `floorMs`. Throws a
 * {@link ConfigError} naming `prefix.key` otherwise.
 */
export function resolveIntervals(
  defaults: PollIntervals,
  given: Partial<PollIntervals> | undefined,
  prefix: string,
): PollIntervals {
  if (given === undefined) return defaults;
  if (typeof given !== 'object' || given === null) {
    throw new ConfigError(`${prefix} must be an object, got ${describeValue(given)}`, prefix);
  }
  const out: Record<string, number> = { ...defaults };
  for (const [key, value] of Object.entries(given)) {
    if (value === undefined) continue;
    if (!(key in defaults)) {
      throw new ConfigError(`${prefix}.${key} is not a poll option`, `${prefix}.${key}`);
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new ConfigError(
        `${prefix}.${key} must be a finite number of milliseconds >= 0, got ${describeValue(value)}`,
        `${prefix}.${key}`,
      );
    }
    out[key] = value;
  }
  const floorMs = out['floorMs']!;
  const raised = (ms: number): number => Math.max(ms, floorMs);
  return Object.freeze({
    floorMs,
    queuedMs: raised(out['queuedMs']!),
    runningMs: raised(out['runningMs']!),
    initialMs: raised(out['initialMs']!),
    relaxedMs: raised(out['relaxedMs']!),
  });
}

/** The watchers that asked for their own cadence, and what they asked for. */
export class WatchCadence {
  readonly #states = new Map<WatchSink, WatcherState>();

  constructor(private readonly defaults: PollIntervals) {}

  /** True when no watcher asked for anything: every job follows the scheduler's intervals. */
  get empty(): boolean {
    return this.#states.size === 0;
  }

  /** Record the intervals `sink` wants (nothing is recorded for `undefined`). */
  watch(sink: WatchSink, intervals: PollIntervals | undefined): void {
    if (intervals !== undefined) this.#states.set(sink, { intervals, carried: false });
  }

  /** Whether another channel carries the job for `sink`; true when that changed anything. */
  setCarried(sink: WatchSink, carried: boolean): boolean {
    const state = this.#states.get(sink);
    if (state === undefined) {
      if (!carried) return false;
      this.#states.set(sink, { intervals: undefined, carried: true });
      return true;
    }
    if (state.carried === carried) return false;
    state.carried = carried;
    return true;
  }

  /** Forget `sink` (it stopped watching). */
  forget(sink: WatchSink): void {
    this.#states.delete(sink);
  }

  /**
   * The interval the watchers `sinks` want for a job of `statusClass`: the shortest any of them
   * wants, a carried watcher wanting `relaxedMs`. `undefined` when none of them asked for
   * anything, so the scheduler's own intervals apply.
   */
  wantedMs(sinks: WatchSink | readonly WatchSink[], statusClass: StatusClass): number | undefined {
    let asked = false;
    let best = Infinity;
    const visit = (sink: WatchSink): void => {
      const state = this.#states.get(sink);
      if (state !== undefined) asked = true;
      const intervals = state?.intervals ?? this.defaults;
      const ms = state?.carried === true ? intervals.relaxedMs : classMs(intervals, statusClass);
      if (ms < best) best = ms;
    };
    if (Array.isArray(sinks)) for (const sink of sinks as readonly WatchSink[]) visit(sink);
    else visit(sinks as WatchSink);
    return asked ? best : undefined;
  }

  /** The lowest floor the watchers `sinks` accept. */
  floorMs(sinks: WatchSink | readonly WatchSink[]): number {
    let floor = Infinity;
    const visit = (sink: WatchSink): void => {
      const ms = (this.#states.get(sink)?.intervals ?? this.defaults).floorMs;
      if (ms < floor) floor = ms;
    };
    if (Array.isArray(sinks)) for (const sink of sinks as readonly WatchSink[]) visit(sink);
    else visit(sinks as WatchSink);
    return floor;
  }

  /** True when every one of `sinks` is carried by another channel. */
  relaxed(sinks: WatchSink | readonly WatchSink[]): boolean {
    if (Array.isArray(sinks)) {
      return sinks.length > 0 && (sinks as readonly WatchSink[]).every((s) => this.#carried(s));
    }
    return this.#carried(sinks as WatchSink);
  }

  #carried(sink: WatchSink): boolean {
    return this.#states.get(sink)?.carried === true;
  }
}
