/**
 * Codecs for sessions and batches (`/v1/sessions`): the create request, the session
 * details, the graceful-close patch, and the status text qiskit-ibm-runtime shows for a session.
 *
 * @module
 */
import * as t from 'io-ts';
import { openEnum } from './open-enum.js';
import { FiniteNumber, IsoDateString, PositiveInt, nullable } from './scalars.js';

/** How jobs of a session are scheduled: `dedicated` (Session) or `batch` (Batch). */
export const SessionMode = t.keyof({ dedicated: null, batch: null }, 'SessionMode');
export type SessionMode = t.TypeOf<typeof SessionMode>;

/** Body of `POST /v1/sessions`. `max_ttl` and `interactive_ttl` are in seconds. */
export const SessionCreateRequest = t.intersection(
  [
    t.type({ mode: SessionMode }),
    t.partial({
      backend: t.string,
      backend_name: t.string,
      instance: t.string,
      max_ttl: PositiveInt,
      interactive_ttl: PositiveInt,
      active_ttl: PositiveInt,
    }),
  ],
  'SessionCreateRequest',
);
export type SessionCreateRequest = t.TypeOf<typeof SessionCreateRequest>;

/** Session states the service documents; others are kept as sent. */
export const SESSION_STATES = [
  'open',
  'active',
  'inactive',
  'closed',
  'pending_inactive',
  'pending_closed',
] as const;

/** A session state: one of `SESSION_STATES` or an unknown string from a newer service. */
export const SessionState = openEnum('SessionState', SESSION_STATES);
export type SessionState = t.TypeOf<typeof SessionState>;

/** One entry of a session's state history. */
export const SessionTimestamp = t.type(
  { status: t.string, timestamp: t.string },
  'SessionTimestamp',
);
export type SessionTimestamp = t.TypeOf<typeof SessionTimestamp>;

/**
 * A session as `POST /v1/sessions` and `GET /v1/sessions/{id}` return it. Only `id` and
 * `mode` are required; times are ISO-8601 strings and TTLs seconds, any of them may be null.
 */
export const SessionDetails = t.intersection(
  [
    t.type({ id: t.string, mode: openEnum('session mode', ['dedicated', 'batch'] as const) }),
    t.partial({
      backend_name: nullable(t.string),
      state: nullable(SessionState),
      state_reason: nullable(t.string),
      accepting_jobs: nullable(t.boolean),
      started_at: nullable(IsoDateString),
      activated_at: nullable(IsoDateString),
      closed_at: nullable(IsoDateString),
      last_job_started: nullable(IsoDateString),
      last_job_completed: nullable(IsoDateString),
      interactive_ttl: nullable(FiniteNumber),
      max_ttl: nullable(FiniteNumber),
      active_ttl: nullable(FiniteNumber),
      elapsed_time: nullable(FiniteNumber),
      timestamps: nullable(t.array(SessionTimestamp)),
      user_id: nullable(t.string),
    }),
  ],
  'SessionDetails',
);
export type SessionDetails = t.TypeOf<typeof SessionDetails>;

/** Body of `PATCH /v1/sessions/{id}`; `accepting_jobs: false` closes the session gracefully. */
export const SessionPatch = t.type({ accepting_jobs: t.boolean }, 'SessionPatch');
export type SessionPatch = t.TypeOf<typeof SessionPatch>;

/**
 * The status line qiskit-ibm-runtime's `Session.status()` shows: `Pending` for `open` and
 * `inactive`; `In progress, accepting new jobs` for `active` while accepting jobs and for
 * `pending_inactive`; `In progress, not accepting new jobs` for `active` otherwise and for
 * `pending_closed`; any other state capitalised (`closed` → `Closed`). Undefined without a state.
 */
export function sessionStatusText(
  details: Pick<SessionDetails, 'state' | 'accepting_jobs'>,
): string | undefined {
  const state = details.state;
  if (state === undefined || state === null) return undefined;
  const accepting = details.accepting_jobs === true;
  if (state === 'open' || state === 'inactive') return 'Pending';
  if ((state === 'active' && accepting) || state === 'pending_inactive')
    return 'In progress, accepting new jobs';
  if ((state === 'active' && !accepting) || state === 'pending_closed')
    return 'In progress, not accepting new jobs';
  return state.charAt(0).toUpperCase() + state.slice(1).toLowerCase();
}
