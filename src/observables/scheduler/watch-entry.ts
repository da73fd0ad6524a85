/**
 * The compact record the poll scheduler keeps per watched job, and the small integer codes it
 * uses for a job's status class, place and priority.
 *
 * An idle job between polls is this object and nothing else: no timer, no subscription, no
 * closure. Times are whole milliseconds since the scheduler started, so they stay small
 * integers (V8 stores them inline) for the first twelve days.
 *
 * @module
 */
import type { Subscription } from 'rxjs';
import type { JobStatus } from '../../codecs/status.js';
import type { HeapItem } from './indexed-heap.js';
import type { WatchSink } from './types.js';

/** What the scheduler knows of a job's status, as a small integer (higher = further along). */
export const StatusClass = {
  /** Not known yet, or INITIALIZING / VALIDATING / a status string nobody knows. */
  Initial: 0,
  Queued: 1,
  Running: 2,
  /** DONE, CANCELLED or ERROR: the job leaves the schedule. */
  Final: 3,
} as const;
/** One of {@link StatusClass}. */
export type StatusClass = (typeof StatusClass)[keyof typeof StatusClass];

/** The status class of a mapped status. */
export function statusClassOf(status: JobStatus): StatusClass {
  switch (status) {
    case 'QUEUED':
      return StatusClass.Queued;
    case 'RUNNING':
      return StatusClass.Running;
    case 'DONE':
    case 'CANCELLED':
    case 'ERROR':
      return StatusClass.Final;
    default:
      return StatusClass.Initial;
  }
}

/** Where a job is in the scheduler. */
export const Place = {
  /** Removed (unwatched or disposed). */
  Gone: 0,
  /** In the waiting heap until its due time. */
  Waiting: 1,
  /** Due, in the ready heap, waiting for budget. */
  Ready: 2,
  /** Its own request is in flight. */
  InFlight: 3,
  /** Refreshed by pending-list rounds, in no heap. */
  Batched: 4,
  /** Final: watched but not polled. */
  Parked: 5,
} as const;
/** One of {@link Place}. */
export type Place = (typeof Place)[keyof typeof Place];

/** Flag: the status changed at the last read, or the job was poked; it goes first. */
export const FLAG_CHANGED = 1;
/** Flag: a push said the job is final; the next read confirms it. */
export const FLAG_FINAL_HINT = 2;

/**
 * Priority of a due poll, lower first: changed or poked jobs (0..2) before the others
 * (3..5), and within each, RUNNING before QUEUED before initial.
 */
export function priorityOf(statusClass: StatusClass, flags: number): number {
  const base = (flags & FLAG_CHANGED) !== 0 ? 0 : 3;
  switch (statusClass) {
    case StatusClass.Running:
      return base;
    case StatusClass.Queued:
      return base + 1;
    default:
      return base + 2;
  }
}

/** Everything the scheduler keeps about one watched job. */
export class WatchEntry implements HeapItem {
  heapIndex = -1;
  /** When the next own poll is due (ms since the scheduler started). */
  due = 0;
  /** See {@link priorityOf}. */
  priority = 0;
  /** Tie-breaker: order in which entries were queued. */
  seq = 0;
  place: Place = Place.Waiting;
  statusClass: StatusClass = StatusClass.Initial;
  /** {@link FLAG_CHANGED}, {@link FLAG_FINAL_HINT}. */
  flags = 0;
  /** Number of watchers. */
  refs = 1;
  /** Failed reads in a row (for the backoff). */
  failures = 0;
  /** When the job was last read (own request or page), -1 before the first read. */
  lastReadAt = -1;
  /** The poll interval last reported to the sinks, 0 before the first report. */
  reportedMs = 0;
  /** Pending-list round in which the job was last listed (or joined the batch). */
  round = 0;
  /** One sink, or several when the job is watched more than once. */
  sinks: WatchSink | WatchSink[];
  /** The request in flight, only while {@link place} is InFlight. */
  request: Subscription | undefined = undefined;

  constructor(
    readonly id: string,
    sink: WatchSink,
  ) {
    this.sinks = sink;
  }
}
