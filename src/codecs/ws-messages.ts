/**
 * Websocket frames of both job websockets.
 *
 * - The legacy IBMQ job-status socket (`/jobs/{id}/status/v/1`): the client authenticates
 *   in-band with `{"type":"authentication","data":<token>}`, the server answers
 *   `{"type":"authenticated"}` and then sends `{"type":"job-status","data":{status, infoQueue?}}`
 *   frames; it closes with 4002 once the job is final, 4003 for an unknown job and 4001 on an
 *   internal error.
 * - The runtime result stream (`/stream/jobs/{id}`): the first server frame is an
 *   acknowledgement nobody inspects, every later frame is one result payload as text.
 *
 * Decoders take the frame text and never throw.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { decode } from './decode.js';
import { DecodeError } from './errors.js';
import { guarded } from './guarded.js';
import { NonNegativeInt, nullable, parseIsoDate } from './scalars.js';
import { mapLegacyStatus } from './status.js';

/** Normal close. */
export const WS_CLOSE_NORMAL = 1000;
/** Legacy job-status socket: the server hit an internal error (clients reconnect). */
export const WS_CLOSE_INTERNAL_ERROR = 4001;
/** Legacy job-status socket: the job reached a final status. */
export const WS_CLOSE_JOB_FINAL = 4002;
/** Legacy job-status socket: no job has this id. */
export const WS_CLOSE_JOB_NOT_FOUND = 4003;

/** Queue details of a queued legacy job (camelCase on the wire). */
export const LegacyInfoQueue = t.partial(
  {
    status: nullable(t.string),
    position: nullable(NonNegativeInt),
    estimatedStartTime: nullable(t.string),
    estimatedCompleteTime: nullable(t.string),
    hubPriority: nullable(t.number),
    groupPriority: nullable(t.number),
    projectPriority: nullable(t.number),
  },
  'LegacyInfoQueue',
);
export type LegacyInfoQueue = t.TypeOf<typeof LegacyInfoQueue>;

/**
 * A legacy job status (`data` of a `job-status` frame, and the body of
 * `GET /Jobs/{id}/status/v/1`): an `ApiJobStatus` string such as `QUEUED` or
 * `ERROR_RUNNING_JOB`, with `infoQueue` while queued.
 */
export const LegacyJobStatusData = t.intersection(
  [t.type({ status: t.string }), t.partial({ infoQueue: nullable(LegacyInfoQueue) })],
  'LegacyJobStatusData',
);
export type LegacyJobStatusData = t.TypeOf<typeof LegacyJobStatusData>;

/** The client's first frame on the legacy socket: its access token. */
export const LegacyAuthMessage = t.type(
  { type: t.literal('authentication'), data: t.string },
  'LegacyAuthMessage',
);
export type LegacyAuthMessage = t.TypeOf<typeof LegacyAuthMessage>;

/** The server's answer to a valid authentication frame. */
export const LegacyAuthenticatedMessage = guarded(
  t.type({ type: t.literal('authenticated') }, 'LegacyAuthenticatedMessage'),
);
export type LegacyAuthenticatedMessage = t.TypeOf<typeof LegacyAuthenticatedMessage>;

/** A status update; `data` may be absent. Decoded for every push, so {@link guarded}. */
export const LegacyJobStatusMessage = guarded(
  t.intersection(
    [t.type({ type: t.literal('job-status') }), t.partial({ data: LegacyJobStatusData })],
    'LegacyJobStatusMessage',
  ),
);
export type LegacyJobStatusMessage = t.TypeOf<typeof LegacyJobStatusMessage>;

/** Any frame the legacy job-status server sends. */
export const LegacyServerMessage = t.union(
  [LegacyAuthenticatedMessage, LegacyJobStatusMessage],
  'LegacyServerMessage',
);
export type LegacyServerMessage = t.TypeOf<typeof LegacyServerMessage>;

/** Any frame a legacy job-status client sends. */
export type LegacyClientMessage = LegacyAuthMessage;

const ServerType = t.keyof(
  { authenticated: null, 'job-status': null },
  '"authenticated" | "job-status"',
);
const ClientType = t.keyof({ authentication: null }, '"authentication"');

/**
 * The common push, checked without the codec: `data` an object whose `status` is a string,
 * with no `infoQueue` (running and final statuses). Anything else goes through
 * {@link LegacyJobStatusMessage}, which accepts exactly what this accepts and more.
 */
function isPlainJobStatusData(data: unknown): boolean {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return false;
  const fields = data as { status?: unknown; infoQueue?: unknown };
  return typeof fields.status === 'string' && fields.infoQueue == null;
}

/** Parse frame text as a JSON object with a string `type`, or say why not. */
function parseFrame(text: string): E.Either<DecodeError, Record<string, unknown>> {
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    return E.left(new DecodeError('', 'JSON text', text));
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return E.left(new DecodeError('', 'a JSON object with a "type"', value));
  }
  return E.right(value as Record<string, unknown>);
}

/**
 * Decode a frame from the legacy job-status server. Text that is not JSON, a frame whose
 * `type` is unknown, or a `job-status` whose `data.status` is not a string is a
 * `DecodeError` (`data.status: expected string, got 3`).
 */
export function decodeLegacyServerMessage(
  text: string,
): E.Either<DecodeError, LegacyServerMessage> {
  // Written as plain branches: this runs for every status push, on the way to the subscriber.
  const parsed = parseFrame(text);
  if (E.isLeft(parsed)) return parsed;
  const frame = parsed.right;
  switch (frame['type']) {
    case 'job-status':
      return isPlainJobStatusData(frame['data'])
        ? E.right(frame as LegacyJobStatusMessage)
        : decode(LegacyJobStatusMessage, frame);
    case 'authenticated':
      return decode(LegacyAuthenticatedMessage, frame);
    default:
      return E.chain(() => decode(LegacyServerMessage, frame))(
        decode(ServerType, frame['type'], 'type'),
      );
  }
}

/** Decode a frame from a legacy job-status client (the local runtime reads these). */
export function decodeLegacyClientMessage(
  text: string,
): E.Either<DecodeError, LegacyClientMessage> {
  return E.chain((frame: Record<string, unknown>): E.Either<DecodeError, LegacyClientMessage> =>
    E.chain(() => decode(LegacyAuthMessage, frame))(decode(ClientType, frame['type'], 'type')),
  )(parseFrame(text));
}

/** The client's authentication frame. */
export function encodeLegacyAuthMessage(token: string): string {
  return JSON.stringify({ type: 'authentication', data: token } satisfies LegacyAuthMessage);
}

/** The server's `authenticated` frame. */
export function encodeLegacyAuthenticated(): string {
  return JSON.stringify({ type: 'authenticated' } satisfies LegacyAuthenticatedMessage);
}

/** A `job-status` frame carrying `data`. */
export function encodeLegacyJobStatus(data: LegacyJobStatusData): string {
  return JSON.stringify({ type: 'job-status', data } satisfies LegacyJobStatusMessage);
}

/** Queue details of a legacy status, in this library's names, with times as dates. */
export interface LegacyQueueInfo {
  readonly queuePosition?: number;
  readonly estimatedStartTime?: Date;
  readonly estimatedCompletionTime?: Date;
}

/**
 * The queue details of a legacy status, kept only while the job is queued (status `QUEUED`
 * or `PENDING_IN_QUEUE`) and `infoQueue` is present; `{}` otherwise. Times that are not
 * ISO-8601 are left out. Accepts the status data or a whole server frame.
 */
export function queueInfoOf(
  source: LegacyJobStatusData | LegacyServerMessage | undefined,
): LegacyQueueInfo {
  const data: LegacyJobStatusData | undefined =
    source !== undefined && 'type' in source
      ? source.type === 'job-status'
        ? source.data
        : undefined
      : source;
  const queue = data?.infoQueue;
  if (data === undefined || queue === undefined || queue === null) return {};
  if (mapLegacyStatus(data.status).status !== 'QUEUED') return {};
  const start =
    typeof queue.estimatedStartTime === 'string'
      ? parseIsoDate(queue.estimatedStartTime)
      : undefined;
  const end =
    typeof queue.estimatedCompleteTime === 'string'
      ? parseIsoDate(queue.estimatedCompleteTime)
      : undefined;
  return {
    ...(typeof queue.position === 'number' ? { queuePosition: queue.position } : {}),
    ...(start !== undefined ? { estimatedStartTime: start } : {}),
    ...(end !== undefined ? { estimatedCompletionTime: end } : {}),
  };
}

/** The acknowledgement the local runtime sends as the first frame of a result stream. */
export const STREAM_ACK_FRAME = '{"type":"ack"}';

/** A frame of the runtime result stream: the opening acknowledgement, or one result payload. */
export type StreamFrame =
  { readonly kind: 'ack' } | { readonly kind: 'payload'; readonly text: string };

/**
 * Classify the `index`-th frame (from 0) of a result stream. The first frame is the
 * acknowledgement whatever it holds; every later frame is a result payload, passed on as text.
 */
export function classifyStreamFrame(index: number, text: string): StreamFrame {
  return index === 0 ? { kind: 'ack' } : { kind: 'payload', text };
}
