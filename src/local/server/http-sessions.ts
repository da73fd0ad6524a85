/**
 * HTTP handlers for sessions and batches: create, details, graceful close (`PATCH` with
 * `accepting_jobs: false`) and cancel (`DELETE /v1/sessions/{id}/close`).
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import { decode } from '../../codecs/decode.js';
import { SessionCreateRequest, SessionPatch } from '../../codecs/session.js';
import { LOCAL_USER_ID } from './auth.js';
import type { Handler, RequestContext, RuntimeCore } from './core.js';
import { newRuntimeId } from './ids.js';
import { ERROR_CODES, emptyReply, errorReply, jsonReply, type Reply } from './reply.js';
import {
  DEFAULT_INTERACTIVE_TTL_SECONDS,
  DEFAULT_MAX_TTL_SECONDS,
  sessionView,
  type SessionRecord,
} from './sessions.js';

function findSession(core: RuntimeCore, ctx: RequestContext): E.Either<Reply, SessionRecord> {
  const id = ctx.params['sessionId'] ?? '';
  const s = core.sessions.get(id);
  return s
    ? E.right(s)
    : E.left(errorReply(404, ERROR_CODES.sessionNotFound, `Session not found: ${id}`));
}

/** `POST /v1/sessions` with `{mode, backend?, max_ttl?, ...}`: a new `open` session. */
export const createSession: Handler = async (core, ctx) => {
  const body = await ctx.readJson();
  if (E.isLeft(body)) return body.left;
  const decoded = decode(SessionCreateRequest, body.right);
  if (E.isLeft(decoded)) return errorReply(400, ERROR_CODES.validation, decoded.left.message);
  const req = decoded.right;
  const backendName = req.backend ?? req.backend_name;
  if (backendName !== undefined && !core.backends.has(backendName)) {
    return errorReply(404, ERROR_CODES.backendNotFound, `Backend not found: ${backendName}`);
  }
  const maxTtl = Math.min(req.max_ttl ?? DEFAULT_MAX_TTL_SECONDS, DEFAULT_MAX_TTL_SECONDS);
  const now = core.now();
  const session: SessionRecord = {
    id: newRuntimeId(),
    mode: req.mode,
    backend: backendName ?? null,
    userId: ctx.principal?.userId ?? LOCAL_USER_ID,
    maxTtl,
    interactiveTtl: req.interactive_ttl ?? DEFAULT_INTERACTIVE_TTL_SECONDS,
    state: 'open',
    acceptingJobs: true,
    stateReason: undefined,
    startedAt: now,
    activatedAt: undefined,
    closedAt: undefined,
    lastJobStarted: undefined,
    lastJobCompleted: undefined,
    timestamps: [{ status: 'open', at: now }],
  };
  core.sessions.add(session);
  core.saveSession(session);
  return jsonReply(200, sessionView(session));
};

/** `GET /v1/sessions/{id}`. */
export const getSession: Handler = (core, ctx) => {
  const found = findSession(core, ctx);
  return E.isLeft(found) ? found.left : jsonReply(200, sessionView(found.right));
};

/** `PATCH /v1/sessions/{id}` with `{"accepting_jobs": false}`: graceful close, 204. */
export const patchSession: Handler = async (core, ctx) => {
  const found = findSession(core, ctx);
  if (E.isLeft(found)) return found.left;
  const body = await ctx.readJson();
  if (E.isLeft(body)) return body.left;
  const decoded = decode(SessionPatch, body.right);
  if (E.isLeft(decoded)) return errorReply(400, ERROR_CODES.validation, decoded.left.message);
  const s = found.right;
  if (decoded.right.accepting_jobs) {
    if (!s.acceptingJobs) {
      return errorReply(
        409,
        ERROR_CODES.sessionClosed,
        `Session ${s.id} no longer accepts jobs and cannot be reopened`,
      );
    }
    return emptyReply(204);
  }
  core.sessions.stopAccepting(s);
  return emptyReply(204);
};

/** `DELETE /v1/sessions/{id}/close`: cancel — queued jobs are cancelled, running ones finish; 204. */
export const cancelSession: Handler = (core, ctx) => {
  const found = findSession(core, ctx);
  if (E.isLeft(found)) return found.left;
  core.sessions.cancel(found.right);
  return emptyReply(204);
};
