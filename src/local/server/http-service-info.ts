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

/** API versions the local runtime answers to (it behaves the same for all of them). */
export const API_VERSIONS: readonly {
  version: string;
  status: 'live' | 'deprecated';
  sunset_date?: string;
}[] = [
  { version: '2024-01-01', status: 'deprecated', sunset_date: '2026-12-31' },
  { version: '2025-01-01', status: 'live' },
  { version: '2025-05-01', status: 'live' },
  { version: '2026-04-15', status: 'live' },
];

/** `GET /v1/versions`. */
export const getVersions: Handler = () => jsonReply(200, { versions: API_VERSIONS });

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
