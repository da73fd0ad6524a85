/**
 * The monotonic job-status state machine as a pure reducer ({@link stepStatus}): it merges
 * status observations from any number of sources (polls, the job-status websocket, the result
 * stream) into one clean sequence of `status`, `unknownStatus` and `progress` events. Its one
 * driver is `StatusMachine`.
 *
 * @module
 */
import { ConfigError } from '../codecs/errors.js';
import { canTransition, isFinal, isUnknownStatus, JOB_STATUSES } from '../codecs/status.js';
import type { JobStatus, MappedStatus } from '../codecs/status.js';
import { EVENT_SOURCES, progressEvent, statusEvent, unknownStatusEvent } from './job-event.js';
import type { EventSource, ProgressEvent, StatusEvent, UnknownStatusEvent } from './job-event.js';

/** One reading of the job's status from one source, with any queue information it carried. */
export interface StatusObservation {
  /** The status as mapped by `mapRuntimeStatus`/`mapLegacyStatus`, with the server's reason. */
  readonly mapped: MappedStatus;
  readonly source: EventSource;
  /** When the reading was taken. Becomes the `time` of the events it produces. */
  readonly time: Date;
  readonly queuePosition?: number;
  readonly estimatedStartTime?: Date;
  readonly estimatedCompletionTime?: Date;
}

/** Queue information last reported for the job. */
export interface QueueInfo {
  readonly queuePosition?: number;
  readonly estimatedStartTime?: Date;
  readonly estimatedCompletionTime?: Date;
}

/** The events the state machine produces. */
export type StatusMachineEvent = StatusEvent | UnknownStatusEvent | ProgressEvent;

/** How a state machine starts. */
export interface MachineOptions {
  /**
   * A status the job is already known to be in (e.g. restored from a saved job). The machine
   * starts there without emitting it: observations of that rank or lower are ignored and the
   * first event carries it as `previous`. A final `initial` means nothing will ever be emitted.
   */
  readonly initial?: JobStatus;
  /**
   * Sources whose word alone does not finish the stream. A final status from one of them is
   * held as {@link MachineState.pendingFinal} until a source not in this list reports a final
   * status (see {@link stepStatus}). Typically `['websocket']` when polling runs alongside.
   */
  readonly unconfirmedSources?: readonly EventSource[];
}

/** Everything the machine remembers between observations. Treat as immutable. */
export interface MachineState {
  readonly jobId: string;
  /** The last status emitted (or the `initial` one); `undefined` before the first. */
  readonly status: JobStatus | undefined;
  /** Unknown raw status strings already reported while in the current status. */
  readonly unknownSeen: readonly string[];
  /** The queue information last emitted as a `progress` event. */
  readonly queue: QueueInfo | undefined;
  /** A final status from an unconfirmed source, held until a confirmed source agrees. */
  readonly pendingFinal: StatusObservation | undefined;
  readonly unconfirmedSources: readonly EventSource[];
}

/** The outcome of one reducer step. */
export interface StepResult {
  readonly state: MachineState;
  /** Events to emit, in order (a status change comes before the progress it carried). */
  readonly events: readonly StatusMachineEvent[];
  /**
   * Set only on the step where an unconfirmed final status started being held: the caller
   * should now ask a confirming source (one poll). Later duplicates do not set it again.
   */
  readonly pendingFinal?: StatusObservation;
}

/**
 * The starting state for job `jobId`. Throws {@link ConfigError} for an `initial` that is not a
 * {@link JobStatus} or an unknown entry in `unconfirmedSources`.
 */
export function initialMachineState(jobId: string, options: MachineOptions = {}): MachineState {
  const { initial, unconfirmedSources = [] } = options;
  if (initial !== undefined && !(JOB_STATUSES as readonly string[]).includes(initial)) {
    throw new ConfigError(
      `initial status must be one of ${JOB_STATUSES.join(', ')}, got ${JSON.stringify(initial)}`,
      'initial',
    );
  }
  for (const source of unconfirmedSources) {
    if (!EVENT_SOURCES.includes(source)) {
      throw new ConfigError(
        `unconfirmedSources entries must be one of ${EVENT_SOURCES.join(', ')}, got ${JSON.stringify(source)}`,
        'unconfirmedSources',
      );
    }
  }
  return {
    jobId,
    status: initial,
    unknownSeen: [],
    queue: undefined,
    pendingFinal: undefined,
    unconfirmedSources: [...unconfirmedSources],
  };
}

/** True once the machine has emitted (or started in) a final status: it will emit nothing more. */
export function isSettled(state: MachineState): boolean {
  return state.status !== undefined && isFinal(state.status);
}

function queueOf(obs: StatusObservation): QueueInfo | undefined {
  const { queuePosition, estimatedStartTime, estimatedCompletionTime } = obs;
  if (
    queuePosition === undefined &&
    estimatedStartTime === undefined &&
    estimatedCompletionTime === undefined
  ) {
    return undefined;
  }
  return { queuePosition, estimatedStartTime, estimatedCompletionTime };
}

function sameDate(a: Date | undefined, b: Date | undefined): boolean {
  return a === undefined || b === undefined ? a === b : Object.is(a.getTime(), b.getTime());
}

function sameQueue(a: QueueInfo, b: QueueInfo | undefined): boolean {
  return (
    b !== undefined &&
    a.queuePosition === b.queuePosition &&
    sameDate(a.estimatedStartTime, b.estimatedStartTime) &&
    sameDate(a.estimatedCompletionTime, b.estimatedCompletionTime)
  );
}

/** Adds a `progress` event when the observation carries queue information that changed. */
function withProgress(
  state: MachineState,
  obs: StatusObservation,
  events: StatusMachineEvent[],
): StepResult {
  const queue = queueOf(obs);
  if (queue === undefined || sameQueue(queue, state.queue)) return { state, events };
  return {
    state: { ...state, queue },
    events: [...events, progressEvent({ jobId: state.jobId, time: obs.time, ...queue })],
  };
}

function transition(state: MachineState, obs: StatusObservation, to: JobStatus): StatusEvent {
  return statusEvent({
    jobId: state.jobId,
    time: obs.time,
    status: to,
    previous: state.status,
    reason: obs.mapped.reason,
    reasonCode: obs.mapped.reasonCode,
    maxExecutionTimeExceeded: obs.mapped.maxExecutionTimeExceeded,
    source: obs.source,
  });
}

/**
 * Feed one observation to the machine. Pure: returns the next state and the events to emit.
 *
 * Rules, in order:
 * - Once settled (a final status was emitted), every observation is ignored.
 * - An unknown status (`mapped.status` is an `UnknownStatus`) yields one `unknownStatus` event
 *   per distinct raw string while the machine stays in the same status; the status is kept.
 * - A known status of lower rank than the current one is stale (a lagging poll) and ignored
 *   entirely, queue information included. The same status again is a duplicate: no event.
 * - A known status of higher rank is a transition: one `status` event with `previous` set to the
 *   current status. Skipped statuses are not invented: QUEUED then DONE is one event
 *   `{ status: 'DONE', previous: 'QUEUED' }`.
 * - Queue information (`queuePosition`, `estimatedStartTime`, `estimatedCompletionTime`) that
 *   differs from the last emitted yields a `progress` event after any status event. An
 *   observation with none of the three carries no queue information (it does not clear it).
 *
 * Confirming a final status: when a final status comes from one of
 * `state.unconfirmedSources`, it is not emitted. The machine holds it in
 * `state.pendingFinal` (reporting it once in {@link StepResult.pendingFinal} so the caller can
 * trigger one confirming poll) and keeps applying other observations. The next final status
 * from a confirmed source is emitted, with that source's reason fields and `source`, whatever
 * the held one said; a confirmed non-final status (the poll lags behind the push) is applied as
 * usual and the final stays held. {@link acceptPendingFinal} emits a held final as it is, for
 * when no confirmation can come any more.
 */
export function stepStatus(state: MachineState, obs: StatusObservation): StepResult {
  if (isSettled(state)) return { state, events: [] };
  const observed = obs.mapped.status;

  if (isUnknownStatus(observed)) {
    if (state.unknownSeen.includes(observed.raw)) return withProgress(state, obs, []);
    const event = unknownStatusEvent({
      jobId: state.jobId,
      time: obs.time,
      raw: observed.raw,
      source: obs.source,
    });
    return withProgress({ ...state, unknownSeen: [...state.unknownSeen, observed.raw] }, obs, [
      event,
    ]);
  }

  if (state.status !== undefined && !canTransition(state.status, observed)) {
    // Same status again: only its queue information can be news. Lower rank: stale.
    return observed === state.status ? withProgress(state, obs, []) : { state, events: [] };
  }

  if (isFinal(observed)) {
    if (state.unconfirmedSources.includes(obs.source)) {
      if (state.pendingFinal !== undefined) return { state, events: [] };
      return { state: { ...state, pendingFinal: obs }, events: [], pendingFinal: obs };
    }
    return {
      state: { ...state, status: observed, unknownSeen: [], pendingFinal: undefined },
      events: [transition(state, obs, observed)],
    };
  }

  const next: MachineState = { ...state, status: observed, unknownSeen: [] };
  return withProgress(next, obs, [transition(state, obs, observed)]);
}

/**
 * Emit a held unconfirmed final status as it is (its own source and reason). A no-op when
 * nothing is held or the machine is already settled.
 */
export function acceptPendingFinal(state: MachineState): StepResult {
  const held = state.pendingFinal;
  if (held === undefined || isSettled(state) || isUnknownStatus(held.mapped.status)) {
    return { state, events: [] };
  }
  const status = held.mapped.status;
  return {
    state: { ...state, status, unknownSeen: [], pendingFinal: undefined },
    events: [transition(state, held, status)],
  };
}
