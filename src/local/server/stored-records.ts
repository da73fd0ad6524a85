/**
 * The on-disk form of jobs and sessions in a data directory, and the codecs that check a
 * file when it is read back (a file that does not pass is reported, never half-loaded).
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { decode } from '../../codecs/decode.js';
import type { DecodeError } from '../../codecs/errors.js';
import { parseJson } from '../../codecs/json.js';
import type { JobRecord } from './job-record.js';
import type { SessionRecord } from './sessions.js';

/** Version of the file layout. */
export const STORED_FORMAT_VERSION = 1;

const Status = t.keyof(
  { Queued: null, Running: null, Completed: null, Cancelled: null, Failed: null },
  'job status',
);
const OptionalNumber = t.union([t.number, t.undefined, t.null]);
const OptionalString = t.union([t.string, t.undefined, t.null]);

const StoredJobCodec = t.type(
  {
    format: t.literal(STORED_FORMAT_VERSION),
    id: t.string,
    programId: t.keyof({ sampler: null, estimator: null }),
    backend: t.string,
    params: t.UnknownRecord,
    tags: t.array(t.string),
    sessionId: OptionalString,
    cost: t.number,
    private: t.boolean,
    logLevel: OptionalString,
    userId: t.string,
    created: t.number,
    sequence: t.number,
    seed: t.number,
    supportQiskit: t.boolean,
    status: Status,
    reason: OptionalString,
    reasonCode: OptionalNumber,
    reasonSolution: OptionalString,
    ranTooLong: t.boolean,
    transitions: t.array(
      t.intersection([
        t.type({ status: Status, at: t.number }),
        t.partial({ reason: t.string, reasonCode: t.number }),
      ]),
    ),
    numQubits: t.array(t.number),
    quantumSeconds: OptionalNumber,
    estimatedRunningTimeSeconds: t.number,
  },
  'StoredJob',
);

const SessionState = t.keyof(
  { open: null, active: null, inactive: null, closed: null },
  'session state',
);

const StoredSessionCodec = t.type(
  {
    format: t.literal(STORED_FORMAT_VERSION),
    id: t.string,
    mode: t.keyof({ dedicated: null, batch: null }),
    backend: t.union([t.string, t.null]),
    userId: t.string,
    maxTtl: t.number,
    interactiveTtl: t.number,
    state: SessionState,
    acceptingJobs: t.boolean,
    stateReason: OptionalString,
    startedAt: t.number,
    activatedAt: OptionalNumber,
    closedAt: OptionalNumber,
    lastJobStarted: OptionalNumber,
    lastJobCompleted: OptionalNumber,
    timestamps: t.array(t.type({ status: SessionState, at: t.number })),
  },
  'StoredSession',
);

const orUndefined = <A>(v: A | null | undefined): A | undefined => (v === null ? undefined : v);

/** A job as written to `jobs/<id>.json`. */
export function encodeStoredJob(job: JobRecord): string {
  return JSON.stringify({ format: STORED_FORMAT_VERSION, ...job });
}

/** Read `jobs/<id>.json` back; the id inside must match the file name. */
export function decodeStoredJob(
  fileId: string,
  text: string,
): E.Either<DecodeError | Error, JobRecord> {
  const parsed = parseJson(text);
  if (E.isLeft(parsed)) return parsed;
  const decoded = decode(StoredJobCodec, parsed.right, 'job');
  if (E.isLeft(decoded)) return decoded;
  const j = decoded.right;
  if (j.id !== fileId) return E.left(new Error(`job file ${fileId} holds job ${j.id}`));
  return E.right({
    id: j.id,
    programId: j.programId,
    backend: j.backend,
    params: j.params,
    tags: j.tags,
    sessionId: orUndefined(j.sessionId),
    cost: j.cost,
    private: j.private,
    logLevel: orUndefined(j.logLevel),
    userId: j.userId,
    created: j.created,
    sequence: j.sequence,
    seed: j.seed,
    supportQiskit: j.supportQiskit,
    status: j.status,
    reason: orUndefined(j.reason),
    reasonCode: orUndefined(j.reasonCode),
    reasonSolution: orUndefined(j.reasonSolution),
    ranTooLong: j.ranTooLong,
    transitions: j.transitions,
    numQubits: j.numQubits,
    quantumSeconds: orUndefined(j.quantumSeconds),
    estimatedRunningTimeSeconds: j.estimatedRunningTimeSeconds,
  });
}

/** A session as written to `sessions/<id>.json`. */
export function encodeStoredSession(s: SessionRecord): string {
  return JSON.stringify({ format: STORED_FORMAT_VERSION, ...s });
}

/** Read `sessions/<id>.json` back. */
export function decodeStoredSession(
  fileId: string,
  text: string,
): E.Either<DecodeError | Error, SessionRecord> {
  const parsed = parseJson(text);
  if (E.isLeft(parsed)) return parsed;
  const decoded = decode(StoredSessionCodec, parsed.right, 'session');
  if (E.isLeft(decoded)) return decoded;
  const s = decoded.right;
  if (s.id !== fileId) return E.left(new Error(`session file ${fileId} holds session ${s.id}`));
  return E.right({
    id: s.id,
    mode: s.mode,
    backend: s.backend,
    userId: s.userId,
    maxTtl: s.maxTtl,
    interactiveTtl: s.interactiveTtl,
    state: s.state,
    acceptingJobs: s.acceptingJobs,
    stateReason: orUndefined(s.stateReason),
    startedAt: s.startedAt,
    activatedAt: orUndefined(s.activatedAt),
    closedAt: orUndefined(s.closedAt),
    lastJobStarted: orUndefined(s.lastJobStarted),
    lastJobCompleted: orUndefined(s.lastJobCompleted),
    timestamps: s.timestamps,
  });
}

/** Interim results as written to `interim/<id>.json` (a JSON array of the texts). */
export function encodeStoredInterim(texts: readonly string[]): string {
  return JSON.stringify(texts);
}

/** Read `interim/<id>.json` back. */
export function decodeStoredInterim(text: string): E.Either<DecodeError, string[]> {
  const parsed = parseJson(text);
  if (E.isLeft(parsed)) return parsed;
  return decode(t.array(t.string), parsed.right, 'interim');
}
