/**
 * What one job row of the dashboard shows, as plain data, and the pure function that folds a
 * job's events into it: the status timeline (each transition with its time and source), how
 * the stream is carried (websocket or polling, from `connection` events), the queue position,
 * interim results, the result as histogram data, and how the stream ended.
 *
 * @module
 */
import { BitArray, NdArray, isQuantumJobsError } from '../../../src/index.js';
import type { JobEvent, JobStatus, PrimitiveResult } from '../../../src/index.js';
import type { ConnectionChannel, ConnectionState, EventSource } from '../../../src/events/index.js';
import { shortNumber } from './format.js';

/** How the row's stream is carried right now. */
export type ConnectionMode = 'connecting' | 'websocket' | 'polling' | 'ended';

/** One status transition as the row shows it. */
export interface Transition {
  readonly status: JobStatus;
  readonly time: Date;
  readonly source: EventSource;
  readonly reason?: string;
}

/** One `connection` event, with the mode the row showed after it. */
export interface ConnectionEntry {
  readonly time: Date;
  readonly channel: ConnectionChannel;
  readonly state: ConnectionState;
  readonly detail: string;
  readonly mode: ConnectionMode;
}

/** One interim result: its index, when it came, and a one-line summary. */
export interface InterimEntry {
  readonly index: number;
  readonly time: Date;
  readonly summary: string;
}

/** One bar of a histogram. */
export interface Bar {
  /** Bitstring (counts) or observable text (expectation values). */
  readonly label: string;
  readonly value: number;
  /** Standard error of an expectation value. */
  readonly std?: number;
}

/** The chart of one PUB's result. */
export type Chart =
  | {
      readonly kind: 'counts';
      readonly pub: number;
      readonly register: string;
      readonly shots: number;
      readonly bars: readonly Bar[];
      /** Outcomes left out because the chart shows at most {@link MAX_BARS}. */
      readonly hidden: number;
    }
  | { readonly kind: 'expectation'; readonly pub: number; readonly bars: readonly Bar[] };

/** Most bars one chart shows (the most frequent outcomes). */
export const MAX_BARS = 32;

/** Everything a job row shows. */
export interface JobRowState {
  readonly jobId: string;
  readonly program: string;
  /** Where elapsed time counts from: the job's creation. */
  readonly startedAt: Date;
  /** When the job reached a final status. */
  readonly endedAt: Date | undefined;
  readonly status: JobStatus | undefined;
  readonly transitions: readonly Transition[];
  readonly mode: ConnectionMode;
  readonly connections: readonly ConnectionEntry[];
  readonly queuePosition: number | undefined;
  readonly pollIntervalMs: number | undefined;
  readonly interim: readonly InterimEntry[];
  readonly charts: readonly Chart[] | undefined;
  readonly unknownStatuses: readonly string[];
  /** How the stream ended when it did not end with a result: the error's tag and text. */
  readonly ended: { readonly tag: string; readonly message: string } | undefined;
  /** True once the stream completed or failed. */
  readonly finished: boolean;
}

/** Fields a new row starts from. */
export interface RowInit {
  readonly jobId: string;
  readonly program: string;
  readonly startedAt: Date;
  /** Polling only (no websockets): the row shows `polling` from the start. */
  readonly pollingOnly?: boolean;
  /** Labels of the estimator's observables, in order, for the chart. */
  readonly observableLabels?: readonly string[];
}

/** A fresh row. */
export function initialRowState(init: RowInit): JobRowState {
  return {
    jobId: init.jobId,
    program: init.program,
    startedAt: init.startedAt,
    endedAt: undefined,
    status: undefined,
    transitions: [],
    mode: init.pollingOnly ? 'polling' : 'connecting',
    connections: [],
    queuePosition: undefined,
    pollIntervalMs: undefined,
    interim: [],
    charts: undefined,
    unknownStatuses: [],
    ended: undefined,
    finished: false,
  };
}

const FINAL: readonly JobStatus[] = ['DONE', 'CANCELLED', 'ERROR'];

function modeAfter(
  mode: ConnectionMode,
  channel: ConnectionChannel,
  state: ConnectionState,
): ConnectionMode {
  if (mode === 'ended' || channel !== 'websocket') return mode;
  switch (state) {
    case 'open':
      return 'websocket';
    case 'reconnecting':
    case 'fallback':
      return 'polling';
    default:
      return mode;
  }
}

/** Fold one event into the row. `labels` name the estimator's observables. */
export function applyEvent(
  state: JobRowState,
  event: JobEvent<PrimitiveResult>,
  labels: readonly string[] = [],
): JobRowState {
  switch (event.type) {
    case 'status': {
      const final = FINAL.includes(event.status);
      return {
        ...state,
        status: event.status,
        transitions: [
          ...state.transitions,
          {
            status: event.status,
            time: event.time,
            source: event.source,
            ...(event.reason !== undefined ? { reason: event.reason } : {}),
          },
        ],
        queuePosition: event.status === 'QUEUED' ? state.queuePosition : undefined,
        ...(final ? { endedAt: event.time, mode: 'ended' as const } : {}),
      };
    }
    case 'progress':
      return {
        ...state,
        ...(event.queuePosition !== undefined && state.status !== 'RUNNING'
          ? { queuePosition: event.queuePosition }
          : {}),
        ...(event.pollIntervalMs !== undefined ? { pollIntervalMs: event.pollIntervalMs } : {}),
      };
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
      return {
        ...state,
        interim: [
          ...state.interim,
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

/** The row after its stream completed. */
export function applyComplete(state: JobRowState): JobRowState {
  return { ...state, finished: true, mode: 'ended' };
}

/** The row after its stream failed with `error` (a cancelled or failed job, or a problem). */
export function applyError(state: JobRowState, error: unknown): JobRowState {
  const tag = isQuantumJobsError(error)
    ? error._tag
    : error instanceof Error
      ? error.name
      : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  return { ...state, finished: true, mode: 'ended', ended: { tag, message } };
}

function countsChart(pub: number, register: string, bits: BitArray): Chart {
  const counts = bits.getCounts();
  const all = Object.entries(counts).map(([label, value]) => ({ label, value }));
  const shown = all
    .sort((a, b) => b.value - a.value || a.label.localeCompare(b.label))
    .slice(0, MAX_BARS)
    .sort((a, b) => a.label.localeCompare(b.label));
  const shots = all.reduce((sum, b) => sum + b.value, 0);
  return { kind: 'counts', pub, register, shots, bars: shown, hidden: all.length - shown.length };
}

function numbersOf(value: unknown): number[] {
  if (value instanceof NdArray) return value.toArray().map(Number);
  return typeof value === 'number' ? [value] : [];
}

/**
 * The charts of a result: for a sampler pub the counts of each classical register (bars
 * labelled with bitstrings), for an estimator pub the expectation values with their standard
 * errors (bars labelled with `labels`, or `#i`).
 */
export function chartsOf(result: PrimitiveResult, labels: readonly string[] = []): Chart[] {
  const charts: Chart[] = [];
  result.forEach((pub, index) => {
    if (pub.kind === 'sampler') {
      for (const [register, bits] of Object.entries(pub.data)) {
        if (bits instanceof BitArray) charts.push(countsChart(index, register, bits));
      }
    } else {
      const evs = numbersOf(pub.data.evs);
      const stds = numbersOf(pub.data.stds);
      charts.push({
        kind: 'expectation',
        pub: index,
        bars: evs.map((value, i) => ({
          label: labels[i] ?? `#${i}`,
          value,
          ...(stds[i] !== undefined ? { std: stds[i] } : {}),
        })),
      });
    }
  });
  return charts;
}

/** One line about a (partial) result: the PUBs done and what the last one says. */
export function summarizeResult(value: unknown): string {
  if (!Array.isArray(value)) return 'interim result';
  const pubs = value as PrimitiveResult;
  const last = pubs[pubs.length - 1];
  const head = `${pubs.length} PUB${pubs.length === 1 ? '' : 's'} done`;
  if (last === undefined) return head;
  if (last.kind === 'sampler') {
    const register = Object.keys(last.data)[0];
    const bits = register === undefined ? undefined : last.data[register];
    if (!(bits instanceof BitArray)) return head;
    const top = Object.entries(bits.getCounts())
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([k, v]) => `${k}×${v}`)
      .join(' ');
    return `${head}; last: ${top}`;
  }
  const evs = numbersOf(last.data.evs).map((v) => shortNumber(v, 3));
  return `${head}; last evs: ${evs.join(', ')}`;
}
