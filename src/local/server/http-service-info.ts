/**
 * HTTP handlers for what is not about one job or session: API versions, instance usage,
 * and the IAM token exchange (`POST /identity/token`).
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import { decodeIamTokenRequest } from '../../codecs/iam.js';
import type { Handler } from './core.js';
import { LOCAL_PLAN } from './instance.js';
import { billedSeconds } from './job-record.js';
import { ERROR_CODES, errorReply, jsonReply } from './reply.js';

/**
 * API versions the local runtime answers to (it behaves the same for all of them): the list
 * IBM's `GET /v1/versions` publishes (quantum.cloud.ibm.com/docs/api/qiskit-runtime-rest/tags/versions),
 * where each version is deprecated from the date of the next one and sunset on its
 * `sunset_date`, and `2026-04-15` is live.
 */
export const API_VERSIONS: readonly {
  version: string;
  status: 'live' | 'deprecated';
  sunset_date?: string;
}[] = [
  { version: '2024-01-01', status: 'deprecated', sunset_date: '2027-01-01' },
  { version: '2025-01-01', status: 'deprecated', sunset_date: '2027-01-01' },
  { version: '2025-05-01', status: 'deprecated', sunset_date: '2027-01-01' },
  { version: '2026-02-01', status: 'deprecated', sunset_date: '2027-02-01' },
  { version: '2026-02-15', status: 'deprecated', sunset_date: '2027-02-15' },
  { version: '2026-03-15', status: 'deprecated', sunset_date: '2027-03-15' },
  { version: '2026-04-15', status: 'live' },
];

/**
 * The websockets the local runtime serves, as `GET /v1/versions` advertises them under
 * `websockets`: each protocol's name (the client's `websocket` option names) and its path
 * below the API root. A client opens a socket only on a server that advertises it; IBM Quantum
 * Platform serves no websocket and advertises none.
 */
export const WEBSOCKETS = Object.freeze({
  stream: '/v1/stream/jobs/{id}',
  status: '/v1/jobs/{id}/status/v/1',
});

/** `GET /v1/versions`: the API versions, and the websockets this runtime serves. */
export const getVersions: Handler = () =>
  jsonReply(200, { versions: API_VERSIONS, websockets: WEBSOCKETS });

/** An ISO date (`2027-01-01`) at midnight UTC, in milliseconds. */
function dateMs(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

/**
 * The headers announcing that an API version is deprecated, by version: `Deprecation` (RFC
 * 9745: `@` and the Unix time it was deprecated, the date of the next version), `Sunset` (RFC
 * 8594: the HTTP date of its `sunset_date`) and a `Link` to `/v1/versions` with relation
 * `deprecation`. IBM documents deprecation in `GET /v1/versions` only; the local runtime also
 * says it on every answer to a request that sent a deprecated `IBM-API-Version`.
 */
const DEPRECATION_HEADERS: ReadonlyMap<string, Readonly<Record<string, string>>> = new Map(
  API_VERSIONS.flatMap((v, i) => {
    const next = API_VERSIONS[i + 1];
    if (v.status !== 'deprecated' || next === undefined) return [];
    const headers: Record<string, string> = {
      Deprecation: `@${Math.floor(dateMs(next.version) / 1000)}`,
      Link: '</api/v1/versions>; rel="deprecation"; type="application/json"',
    };
    if (v.sunset_date !== undefined) {
      headers['Sunset'] = new Date(dateMs(v.sunset_date)).toUTCString();
    }
    return [[v.version, Object.freeze(headers)] as const];
  }),
);

/** The deprecation headers for a request's `IBM-API-Version` (none for a live or unknown one). */
export function deprecationHeaders(
  apiVersion: string | readonly string[] | undefined,
): Readonly<Record<string, string>> | undefined {
  return typeof apiVersion === 'string' ? DEPRECATION_HEADERS.get(apiVersion) : undefined;
}

/**
 * `GET /v1/instances/usage`: the instance and its plan (the fields IBM's OpenAPI
 * `GetUsage200Response` requires), and the whole seconds charged to every job so far; no limit.
 */
export const getInstanceUsage: Handler = (core) => {
  let consumed = 0;
  for (const j of core.store.all()) consumed += billedSeconds(j);
  return jsonReply(200, {
    instance_id: core.options.instance,
    plan_id: LOCAL_PLAN.id,
    usage_consumed_seconds: consumed,
    usage_limit_seconds: null,
    usage_allocation_seconds: null,
    usage_limit_reached: false,
  });
};

/**
 * `POST /identity/token` with `grant_type=urn:ibm:params:oauth:grant-type:apikey&apikey=...`
 * (form-encoded): the IAM token response for an accepted API key, 400 otherwise (like IAM,
 * which answers 400 for an unknown key).
 */
export const exchangeIamToken: Handler = async (core, ctx) => {
  const body = await ctx.readText();
  if (E.isLeft(body)) return body.left;
  const decoded = decodeIamTokenRequest(body.right);
  if (E.isLeft(decoded))
    return errorReply(400, 'BXNIM0109E', `Invalid token request: ${decoded.left.message}`);
  const issued = core.auth.exchangeApiKey(decoded.right.apiKey, core.origin());
  if (!issued) return errorReply(400, 'BXNIM0415E', 'Provided API key could not be found.');
  return jsonReply(200, issued);
};

/** Answer for requests without valid credentials. */
export function unauthorized(message: string): ReturnType<typeof errorReply> {
  return errorReply(401, ERROR_CODES.notAuthorized, message, {
    headers: { 'WWW-Authenticate': 'Bearer realm="quantum-jobs-rx local runtime"' },
  });
}
