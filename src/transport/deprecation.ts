/**
 * A server saying that what the client uses is deprecated: the `Deprecation` (RFC 9745) and
 * `Sunset` (RFC 8594) response headers, with the `Link` relations `deprecation` and `sunset`,
 * read into one typed {@link ApiDeprecationWarning}.
 *
 * IBM Quantum Platform publishes the status and sunset date of every `IBM-API-Version` in
 * `GET /v1/versions` (quantum.cloud.ibm.com/docs/api/qiskit-runtime-rest/tags/versions); none of
 * its official clients reads a deprecation header (Qiskit/qiskit-ibm-runtime
 * `qiskit_ibm_runtime/api/session.py` reads none), so the headers are what a standard HTTP API
 * sends, and what the local runtime sends for a deprecated `IBM-API-Version`.
 *
 * @module
 */

/**
 * The service announced that the API version the client sends is deprecated, or will be
 * switched off.
 *
 * @category Configuration
 */
export interface ApiDeprecationWarning {
  readonly type: 'apiDeprecation';
  /** The `IBM-API-Version` the client sent. */
  readonly apiVersion: string;
  /** When it was (or will be) deprecated, from `Deprecation`; `undefined` when not given as a date. */
  readonly deprecatedAt: Date | undefined;
  /** When it stops being served, from `Sunset`. */
  readonly sunsetAt: Date | undefined;
  /** Where the service explains it: the `Link` with relation `deprecation` or `sunset`. */
  readonly link: string | undefined;
  /** Method and path of the request whose answer said so, e.g. `GET /api/v1/jobs/…`. */
  readonly request: string;
  /** A sentence for people. */
  readonly message: string;
}

/** The part of `Headers` read here. */
export interface HeaderReader {
  get(name: string): string | null;
}

/** `@<seconds>` (RFC 9745), or an HTTP date as older drafts and `Sunset` use. */
function dateOf(value: string | null): Date | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  const epoch = /^@(-?\d+)$/.exec(text);
  const ms = epoch !== null ? Number(epoch[1]) * 1000 : Date.parse(text);
  return Number.isFinite(ms) ? new Date(ms) : undefined;
}

/** The target of the first `Link` whose `rel` includes `deprecation` or `sunset`. */
function linkOf(value: string | null): string | undefined {
  if (value === null) return undefined;
  for (const part of value.split(/,(?=\s*<)/)) {
    const m = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (m === null) continue;
    const rel = /;\s*rel\s*=\s*"?([^";]+)"?/i.exec(m[2] ?? '');
    const names = (rel?.[1] ?? '').toLowerCase().split(/\s+/);
    if (names.includes('deprecation') || names.includes('sunset')) return m[1];
  }
  return undefined;
}

function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * The warning carried by a response's headers, or `undefined` when it has neither `Deprecation`
 * nor `Sunset`. `request` names the request (`GET /api/v1/jobs`).
 */
export function deprecationOf(
  headers: HeaderReader,
  apiVersion: string,
  request: string,
): ApiDeprecationWarning | undefined {
  const deprecation = headers.get('deprecation');
  const sunset = headers.get('sunset');
  if (deprecation === null && sunset === null) return undefined;
  const deprecatedAt = dateOf(deprecation);
  const sunsetAt = dateOf(sunset);
  const link = linkOf(headers.get('link'));
  const when = [
    deprecatedAt !== undefined ? `deprecated since ${day(deprecatedAt)}` : 'deprecated',
    ...(sunsetAt !== undefined ? [`switched off from ${day(sunsetAt)}`] : []),
  ].join(', ');
  return {
    type: 'apiDeprecation',
    apiVersion,
    deprecatedAt,
    sunsetAt,
    link,
    request,
    message:
      `The service says IBM-API-Version ${apiVersion} is ${when} (answer to ${request}): ` +
      `set apiVersion to a live version (GET /v1/versions lists them)${link !== undefined ? `; see ${link}` : ''}.`,
  };
}
