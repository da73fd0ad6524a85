/**
 * Answers as values: every HTTP handler of the local runtime returns a {@link Reply}
 * (status, headers, body) instead of writing to the socket, so faults can rewrite an answer
 * and errors stay plain data. Error answers use the service's error-body shape
 * (`{"errors":[{code,message,solution?,more_info?}],"trace":...}`).
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import { encodeErrorBody } from '../../codecs/api-error.js';
import { stringifyJson } from '../../codecs/json.js';

/** One HTTP answer. */
export interface Reply {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** Body text; absent for empty answers (204). */
  readonly body?: string;
  /** Content type of `body`. */
  readonly contentType?: string;
  /** Close the connection after answering (used after refusing an oversized body). */
  readonly closeConnection?: boolean;
}

/** Error codes used in error bodies. Numbers follow the service's registry; strings are local names. */
export const ERROR_CODES = {
  internal: 1000,
  validation: 1002,
  notAuthorized: 1200,
  invalidCredentials: 1201,
  tooManyRequests: 1202,
  tooManyTags: 1204,
  tagTooLong: 1205,
  backendNotFound: 1216,
  jobNotFound: 3250,
  sessionClosed: 4001,
  sessionNotFound: 'SESSION_NOT_FOUND',
  routeNotFound: 'NOT_FOUND',
  methodNotAllowed: 'METHOD_NOT_ALLOWED',
  payloadTooLarge: 'PAYLOAD_TOO_LARGE',
  invalidState: 'INVALID_STATE',
  serviceUnavailable: 'SERVICE_UNAVAILABLE',
} as const;

/** Link put in `more_info` of every error body. */
export const MORE_INFO = 'https://cloud.ibm.com/apidocs/quantum-computing#error-handling';

/** A JSON answer (serialised like Python's `json.dumps`). */
export function jsonReply(status: number, value: unknown, headers?: Record<string, string>): Reply {
  return {
    status,
    body: stringifyJson(value),
    contentType: 'application/json',
    ...(headers ? { headers } : {}),
  };
}

/** A plain-text answer. */
export function textReply(
  status: number,
  text: string,
  contentType = 'text/plain; charset=utf-8',
): Reply {
  return { status, body: text, contentType };
}

/** An answer without body (204 by default). */
export function emptyReply(status = 204): Reply {
  return { status };
}

/** Extra fields of an error answer. */
export interface ErrorReplyExtras {
  readonly solution?: string;
  readonly headers?: Record<string, string>;
  readonly closeConnection?: boolean;
}

/** An error answer in the service's error-body shape, with a fresh trace id. */
export function errorReply(
  status: number,
  code: number | string,
  message: string,
  extras: ErrorReplyExtras = {},
): Reply {
  const trace = randomUUID();
  const body = encodeErrorBody(
    {
      code,
      message,
      ...(extras.solution !== undefined ? { solution: extras.solution } : {}),
      moreInfo: MORE_INFO,
    },
    trace,
  );
  return {
    status,
    body: typeof body === 'string' ? body : stringifyJson(body),
    contentType: 'application/json',
    headers: { 'x-request-id': trace, ...(extras.headers ?? {}) },
    ...(extras.closeConnection ? { closeConnection: true } : {}),
  };
}
