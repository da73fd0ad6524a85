/**
 * The steps of a job's timeline in plain words: created, then each status it reached, each
 * at the service's own time when the service recorded one (metrics timestamps) and otherwise
 * when this page learnt it, with the time since creation. A job opened after it ran still
 * shows when it started running, from the service's record.
 *
 * @module
 */
import type { JobMetrics } from '../../../src/codecs/index.js';
import type { EventSource } from '../../../src/events/index.js';
import type { JobStatus } from '../../../src/index.js';
import type { Step } from './detail-state.js';
import { isFinished } from './detail-state.js';

/** Who told the page about a step: a stream source, or the service's record of the job. */
export type StepOrigin = EventSource | 'record';

/** One line of the timeline. */
export interface TimelineEntry {
  /** `created`, or the status reached. */
  readonly what: 'created' | JobStatus;
  readonly time: Date;
  /** Since creation, in milliseconds, when the creation time is known. */
  readonly sinceCreated: number | undefined;
  readonly origin: StepOrigin;
  readonly reason?: string;
}

/** What each origin means, for the step's tooltip. */
export const ORIGIN_WORDS: Readonly<Record<StepOrigin, string>> = {
  poll: 'seen at a status check',
  websocket: 'pushed by the service as it happened',
  stream: 'seen on the result stream',
  initial: 'already so when this page opened the job',
  restored: 'already so when this page opened the job',
  record: 'as the service recorded it',
};

function date(text: string | null | undefined): Date | undefined {
  if (typeof text !== 'string') return undefined;
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** The timeline of a job created at `created`, from the steps seen and the service's record. */
export function timelineOf(
  created: Date | undefined,
  steps: readonly Step[],
  metrics: JobMetrics | undefined,
): TimelineEntry[] {
  const stamps = metrics?.timestamps ?? undefined;
  const running = date(stamps?.running);
  const finished = date(stamps?.finished);
  const since = (t: Date): number | undefined =>
    created === undefined ? undefined : t.getTime() - created.getTime();
  const out: TimelineEntry[] = [];
  if (created !== undefined) {
    out.push({ what: 'created', time: created, sinceCreated: 0, origin: 'record' });
  }
  const seen = new Set(steps.map((s) => s.status));
  const final = steps.find((s) => isFinished(s.status));
  // Opened after it started: the service's record says when it ran.
  if (running !== undefined && !seen.has('RUNNING') && final !== undefined) {
    out.push({ what: 'RUNNING', time: running, sinceCreated: since(running), origin: 'record' });
  }
  for (const step of steps) {
    const recorded =
      step.status === 'RUNNING' ? running : isFinished(step.status) ? finished : undefined;
    const time = recorded ?? step.time;
    out.push({
      what: step.status,
      time,
      sinceCreated: since(time),
      origin: recorded !== undefined ? 'record' : step.source,
      ...(step.reason !== undefined ? { reason: step.reason } : {}),
    });
  }
  return out;
}
