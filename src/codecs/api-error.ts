/**
 * Error answers of the service, read into an `IBMApiError` and written for the local
 * runtime. Reads the current shape (`{"errors": [{code, message, solution?, more_info?}],
 * "trace"}`, sometimes with `status_code`/`title`), the legacy one (`{"error": {code?,
 * message, name?, status?}}`) and bodies that are not JSON at all (an HTML block page, an
 * empty body), and turns a `Retry-After` header into seconds.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { IBMApiError, type ApiErrorDetail, type ApiErrorInit } from './errors.js';

/** Longest raw body text kept on an error. */
export const MAX_ERROR_BODY_CHARS = 2000;

/** Error codes: a number, or a string (numeric strings are read as numbers). */
const ErrorCode = t.union([t.number, t.string], 'error code');

/** One entry of `errors` in the current error shape. */
export const ApiErrorEntry = t.intersection(
  [
    t.type({ message: t.string }),
    t.partial({
      code: ErrorCode,
      solution: t.string,
      more_info: t.string,
      location: t.string,
      value: t.string,
    }),
  ],
  'ApiErrorEntry',
);
export type ApiErrorEntry = t.TypeOf<typeof ApiErrorEntry>;

/** The current error body: `errors` and the request's `trace` id. */
export const ErrorContainer = t.intersection(
  [
    t.type({ errors: t.array(t.unknown) }),
    t.partial({ trace: t.string, status_code: t.number, title: t.string }),
  ],
  'ErrorContainer',
);
export type ErrorContainer = t.TypeOf<typeof ErrorContainer>;

/** The legacy error body of the classic and IBMQ APIs. */
export const LegacyErrorBody = t.type(
  {
    error: t.union([
      t.partial({
        code: ErrorCode,
        message: t.string,
        name: t.string,
        status: t.union([t.number, t.string]),
      }),
      t.string,
    ]),
  },
  'LegacyErrorBody',
);
export type LegacyErrorBody = t.TypeOf<typeof LegacyErrorBody>;

const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  408: 'Request Timeout',
  409: 'Conflict',
  410: 'Gone',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  423: 'Locked',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
  520: 'Unknown Error',
  521: 'Web Server Is Down',
  522: 'Connection Timed Out',
  524: 'A Timeout Occurred',
};

/** The standard reason phrase of an HTTP status (`404` → `Not Found`), or `HTTP error` when there is none. */
export function httpStatusText(status: number): string {
  return STATUS_TEXT[status] ?? 'HTTP error';
}

function normaliseCode(code: string | number | undefined): string | number | undefined {
  if (typeof code === 'string' && /^\d{1,15}$/.test(code.trim())) return Number(code.trim());
  return code === '' ? undefined : code;
}

function nonEmpty(s: string | undefined): string | undefined {
  return s === undefined || s.trim() === '' ? undefined : s;
}

function truncate(text: string): string {
  return text.length > MAX_ERROR_BODY_CHARS ? `${text.slice(0, MAX_ERROR_BODY_CHARS)}...` : text;
}

function detailOf(entry: unknown): ApiErrorDetail | undefined {
  const decoded = ApiErrorEntry.decode(entry);
  if (E.isLeft(decoded)) return undefined;
  const e = decoded.right;
  return {
    code: normaliseCode(e.code),
    message: e.message,
    ...(nonEmpty(e.solution) !== undefined ? { solution: e.solution } : {}),
    ...(nonEmpty(e.more_info) !== undefined ? { moreInfo: e.more_info } : {}),
  };
}

/** What a JSON body that is neither known shape may still say, in the usual field names. */
function looseMessage(json: unknown): string | undefined {
  if (typeof json === 'string') return nonEmpty(json);
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return undefined;
  const record = json as Record<string, unknown>;
  for (const key of ['message', 'detail', 'title', 'description', 'error_description']) {
    const v = record[key];
    if (typeof v === 'string' && v.trim() !== '') return v;
  }
  return undefined;
}

/** A short, single-line excerpt of a plain-text body, or nothing for markup. */
function textExcerpt(text: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.startsWith('<')) return undefined;
  const line = trimmed.replace(/\s+/g, ' ');
  return line.length > 200 ? `${line.slice(0, 197)}...` : line;
}

function parseJsonText(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/**
 * The body with `errors: []` when it has a `trace` but no `errors` (nor a legacy `error`):
 * both are optional in the OpenAPI error model (`list_jobs_400_response.rs` of
 * Qiskit/qiskit-ibm-runtime-c `crates/ibm-quantum-platform-api`), and the trace still names
 * the request.
 */
function withErrorList(json: unknown): unknown {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return json;
  const o = json as Record<string, unknown>;
  const bare = (o['errors'] === undefined || o['errors'] === null) && o['error'] === undefined;
  return bare && typeof o['trace'] === 'string' ? { ...o, errors: [] } : json;
}

/**
 * Read an error body into the fields of an `IBMApiError` (without request details).
 * Numeric string codes (`"1291"`) become numbers; the message is the first error's, else the
 * legacy `error.message`, else the HTTP reason phrase (plus an excerpt of a plain-text body).
 */
export function decodeApiErrorBody(status: number, bodyText: string): ApiErrorInit {
  const fallback = httpStatusText(status);
  const parsed = bodyText.trim() === '' ? { ok: false as const } : parseJsonText(bodyText);
  if (!parsed.ok) {
    const excerpt = textExcerpt(bodyText);
    return {
      status,
      message: excerpt === undefined ? fallback : `${fallback}: ${excerpt}`,
      ...(bodyText === '' ? {} : { body: truncate(bodyText) }),
    };
  }
  const json = parsed.value;
  const container = ErrorContainer.decode(withErrorList(json));
  if (E.isRight(container)) {
    const details = container.right.errors
      .map(detailOf)
      .filter((d): d is ApiErrorDetail => d !== undefined);
    const first = details[0];
    const message = first?.message ?? nonEmpty(container.right.title) ?? fallback;
    return {
      status,
      code: first?.code,
      message,
      solution: first?.solution,
      moreInfo: first?.moreInfo,
      trace: nonEmpty(container.right.trace),
      details,
      ...(first === undefined ? { body: truncate(bodyText) } : {}),
    };
  }
  const legacy = LegacyErrorBody.decode(json);
  if (E.isRight(legacy)) {
    const error = legacy.right.error;
    if (typeof error === 'string') return { status, message: nonEmpty(error) ?? fallback };
    const code = normaliseCode(error.code) ?? nonEmpty(error.name);
    const message = nonEmpty(error.message) ?? nonEmpty(error.name) ?? fallback;
    return { status, code, message, details: [{ code, message }] };
  }
  return { status, message: looseMessage(json) ?? fallback, body: truncate(bodyText) };
}

/**
 * Seconds to wait according to a `Retry-After` header: a delay in seconds (`120`) or an HTTP
 * date, measured from `now`. Dates in the past give 0; anything unreadable gives undefined.
 */
export function parseRetryAfter(
  header: string | null | undefined,
  now: Date = new Date(),
): number | undefined {
  if (header === null || header === undefined) return undefined;
  const text = header.trim();
  if (text === '') return undefined;
  if (/^\d+(?:\.\d+)?$/.test(text)) {
    const seconds = Number(text);
    return Number.isFinite(seconds) ? seconds : undefined;
  }
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}

/** An HTTP answer that was not a success, as the transport saw it. */
export interface ErrorResponse {
  readonly status: number;
  readonly bodyText: string;
  readonly method?: string | undefined;
  readonly url?: string | undefined;
  /** The `Retry-After` header, if any. */
  readonly retryAfterHeader?: string | null | undefined;
  /** Clock for an HTTP-date `Retry-After`; defaults to the current time. */
  readonly now?: Date | undefined;
}

/**
 * Build the `IBMApiError` for a failed HTTP answer, whatever its body holds. Never
 * throws: an unreadable body still gives an error carrying the status and the raw text.
 */
export function apiErrorFromResponse(response: ErrorResponse): IBMApiError {
  const { status, method, url } = response;
  let fields: ApiErrorInit;
  try {
    fields = decodeApiErrorBody(
      status,
      typeof response.bodyText === 'string' ? response.bodyText : '',
    );
  } catch {
    fields = { status, message: httpStatusText(status) };
  }
  return new IBMApiError({
    ...fields,
    method,
    url,
    retryAfterSeconds: parseRetryAfter(response.retryAfterHeader, response.now),
  });
}

/** One error to report in the current shape; `moreInfo` is written as `more_info`. */
export interface ErrorBodyEntry {
  readonly code: string | number;
  readonly message: string;
  readonly solution?: string | undefined;
  readonly moreInfo?: string | undefined;
}

/** Write an error body in the current shape: `{"errors":[{code, message, solution?, more_info?}],"trace"}`. */
export function encodeErrorBody(entry: ErrorBodyEntry, trace: string): string {
  return JSON.stringify({
    errors: [
      {
        code: entry.code,
        message: entry.message,
        ...(entry.solution !== undefined ? { solution: entry.solution } : {}),
        ...(entry.moreInfo !== undefined ? { more_info: entry.moreInfo } : {}),
      },
    ],
    trace,
  });
}
