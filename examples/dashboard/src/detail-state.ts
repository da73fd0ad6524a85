/**
 * What the job detail view shows, as plain data, and the pure functions that fold the job's
 * events into it: the status steps with their times, how updates arrive (pushed over the
 * websocket, or checked by polling), the queue position, partial results, the result charts,
 * and how the job ended, a cancelled job told apart from a failed one.
 *
 * @module
 */
import { isQuantumJobsError } from '../../../src/index.js';
import type { JobEvent, JobStatus, PrimitiveResult } from '../../../src/index.js';
import type { ConnectionChannel, ConnectionState, EventSource } from '../../../src/events/index.js';
import { chartsOf, summarizeResult } from './chart-data.js';
import type { Chart } from './chart-data.js';

/**
 * How updates reach the view: `connecting` before anything arrived, `websocket` while the
 * job-status socket is open, `polling` while it is down or not used, `finished` once the job
 * reached a final status.
 */
export type UpdateMode = 'connecting' | 'websocket' | 'polling' | 'finished';

/** One status the job reached, when this page learnt it, and how. */
export interface Step {
  readonly status: JobStatus;
  readonly time: Date;
  readonly source: EventSource;
  readonly reason?: string;
}

/** One change in how updates arrive. */
export interface ConnectionEntry {
  readonly time: Date;
  readonly channel: ConnectionChannel;
  readonly state: ConnectionState;
  readonly detail: string;
  readonly mode: UpdateMode;
}

/** One partial result: its index, when it came, and a one-line summary. */
export interface PartialEntry {
  readonly index: number;
  readonly time: Date;
  readonly summary: string;
}

/**
 * How the job ended when it did not end with a result: `cancelled` (someone asked; not an
 * error), `failed` (the job failed or ran too long), `problem` (the page could not follow it).
 */
export interface Ending {
  readonly kind: 'cancelled' | 'failed' | 'problem';
  /** The error's tag (`RuntimeJobFailureError`, …). */
  readonly tag: string;
  readonly message: string;
}

/** Everything the detail view shows of the job's live stream. */
export interface DetailState {
  readonly jobId: string;
  readonly status: JobStatus | undefined;
  readonly steps: readonly Step[];
  readonly mode: UpdateMode;
  readonly connections: readonly ConnectionEntry[];
  readonly queuePosition: number | undefined;
  readonly partial: readonly PartialEntry[];
  readonly charts: readonly Chart[] | undefined;
  readonly unknownStatuses: readonly string[];
  readonly ending: Ending | undefined;
  /** The stream completed or failed: nothing more will come. */
  readonly settled: boolean;
}

/** The view of a job nothing is known of yet; `pollingOnly`: the page uses no websockets. */
export function initialDetail(jobId: string, pollingOnly = false): DetailState {
  return {
    jobId,
    status: undefined,
    steps: [],
    mode: pollingOnly ? 'polling' : 'connecting',
    connections: [],
    queuePosition: undefined,
    partial: [],
    charts: undefined,
    unknownStatuses: [],
    ending: undefined,
    settled: false,
  };
}

const ORDER: Readonly<Record<JobStatus, number>> = {
  INITIALIZING: 0,
  VALIDATING: 1,
  QUEUED: 2,
  RUNNING: 3,
  DONE: 4,
  CANCELLED: 4,
  ERROR: 4,
};

/** True for DONE, CANCELLED and ERROR. */
export function isFinished(status: JobStatus | undefined): boolean {
  return status === 'DONE' || status === 'CANCELLED' || status === 'ERROR';
}

function modeAfter(
  mode: UpdateMode,
  channel: ConnectionChannel,
  state: ConnectionState,
): UpdateMode {
  if (mode === 'finished' || channel !== 'websocket') return mode;
  switch (state) {
    case 'open':
      return 'websocket';
    case 'reconnecting':
    case 'fallback':
    case 'closed':
    case 'idle':
      return 'polling';
    default:
      return mode;
  }
}

/**
 * Fold one event into the view. `labels[pub]` name an Estimator PUB's observables. A status
 * the view already has, or one before it, is left out: watching again after the tab was
 * hidden starts the stream anew, and it reports the current status again.
 */
export function applyEvent(
  state: DetailState,
  event: JobEvent<PrimitiveResult>,
  labels: readonly string[][] = [],
): DetailState {
  switch (event.type) {
    case 'status': {
      if (state.status !== undefined && ORDER[event.status] <= ORDER[state.status]) return state;
      return {
        ...state,
        status: event.status,
        steps: [
          ...state.steps,
          {
            status: event.status,
            time: event.time,
            source: event.source,
            ...(event.reason !== undefined ? { reason: event.reason } : {}),
          },
        ],
        queuePosition: event.status === 'QUEUED' ? state.queuePosition : undefined,
        ...(isFinished(event.status) ? { mode: 'finished' as const } : {}),
      };
    }
    case 'progress':
      return event.queuePosition !== undefined && state.status === 'QUEUED'
        ? { ...state, queuePosition: event.queuePosition }
        : state;
    case 'connection': {
      const mode = modeAfter(state.mode, event.channel, event.state);
      return {
        ...state,
        mode,
        connections: [
          ...state.connections,
          {
            time: event.time,
            channel: event.channel,
            state: event.state,
            detail: event.detail ?? '',
            mode,
          },
        ],
      };
    }
    case 'interim':
      if (state.partial.some((p) => p.index === event.index)) return state;
      return {
        ...state,
        partial: [
          ...state.partial,
          { index: event.index, time: event.time, summary: summarizeResult(event.value) },
        ],
      };
    case 'result':
      return { ...state, charts: chartsOf(event.result, labels) };
    case 'unknownStatus':
      return { ...state, unknownStatuses: [...state.unknownStatuses, event.raw] };
    default:
      return state;
  }
}

/** The view once the stream completed. */
export function applyComplete(state: DetailState): DetailState {
  return { ...state, settled: true, mode: isFinished(state.status) ? 'finished' : state.mode };
}

/** How `error`, the end of a job's stream, reads on the page. */
export function endingOf(error: unknown): Ending {
  const tag = isQuantumJobsError(error)
    ? error._tag
    : error instanceof Error
      ? error.name
      : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  if (tag === 'RuntimeJobCancelledError') {
    const reason = (error as { reason?: unknown }).reason;
    return {
      kind: 'cancelled',
      tag,
      message: typeof reason === 'string' && reason !== '' ? reason : 'The job was cancelled.',
    };
  }
  if (tag === 'RuntimeJobFailureError' || tag === 'RuntimeJobMaxTimeoutError') {
    const reason = (error as { reason?: unknown }).reason;
    return {
      kind: 'failed',
      tag,
      message:
        tag === 'RuntimeJobMaxTimeoutError'
          ? `The job ran longer than its time limit and was stopped${typeof reason === 'string' && reason !== '' ? `: ${reason}` : '.'}`
          : typeof reason === 'string' && reason !== ''
            ? reason
            : 'The job failed; the service gave no reason.',
    };
  }
  return { kind: 'problem', tag, message };
}

/** The view after its stream failed with `error`. */
export function applyError(state: DetailState, error: unknown): DetailState {
  const ending = endingOf(error);
  return {
    ...state,
    settled: true,
    ending,
    mode: isFinished(state.status) || ending.kind !== 'problem' ? 'finished' : state.mode,
  };
}
