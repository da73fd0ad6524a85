/**
 * The two IBM Cloud platform calls IBM's clients make before they talk to the runtime: Global
 * Search (`POST /v3/resources/search`, which lists the `quantum-computing` instances of the
 * account) and the Global Catalog (`GET /global-catalog/{plan id}`, which names an instance's
 * plan). The local runtime answers them for its one instance, so a client pointed at it with
 * `GLOBAL_SEARCH_URL` and `GLOBAL_CATALOG_URL` finds that instance as it would its real ones.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Handler } from './core.js';
import { LOCAL_INSTANCE_NAME, LOCAL_PLAN } from './instance.js';
import { ERROR_CODES, errorReply, jsonReply } from './reply.js';

/** The query IBM's clients search with (qiskit_ibm_runtime/accounts/account.py, crates/client/src/service.rs). */
const QUANTUM_QUERY = 'service_name:quantum-computing';

/**
 * `POST /v3/resources/search` with `{query, fields?, search_cursor?}`: the local instance when
 * the query asks for `quantum-computing` instances, with the requested fields only (IBM's C
 * client reads `tags` as a string, so it never asks for them). One page, no `search_cursor`.
 */
export const searchResources: Handler = async (core, ctx) => {
  const body = await ctx.readJson();
  if (E.isLeft(body)) return body.left;
  const req = body.right as Record<string, unknown> | null;
  if (typeof req !== 'object' || req === null || typeof req['query'] !== 'string') {
    return errorReply(400, ERROR_CODES.validation, 'query: expected a search query string');
  }
  const fields = Array.isArray(req['fields']) ? (req['fields'] as unknown[]) : undefined;
  const limitText = ctx.url.searchParams.get('limit');
  const limit = limitText === null ? 10 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    return errorReply(400, ERROR_CODES.validation, `limit: expected 1 to 1000, got ${limitText}`);
  }
  const full: Record<string, unknown> = {
    crn: core.options.instance,
    name: LOCAL_INSTANCE_NAME,
    service_plan_unique_id: LOCAL_PLAN.id,
    doc: { extensions: { backends: [...core.backends.keys()] } },
    tags: [],
  };
  const item =
    fields === undefined
      ? full
      : Object.fromEntries(Object.entries(full).filter(([k]) => k === 'crn' || fields.includes(k)));
  const matches = req['query'].trim() === QUANTUM_QUERY && req['search_cursor'] === undefined;
  return jsonReply(200, { items: matches ? [item] : [], limit });
};

/** `GET /global-catalog/{id}`: the catalog entry of the local plan (its display name and pricing). */
export const getCatalogEntry: Handler = (_core, ctx) => {
  const id = ctx.params['entry']!;
  if (id !== LOCAL_PLAN.id) {
    return errorReply(404, ERROR_CODES.routeNotFound, `No catalog entry ${id}`);
  }
  return jsonReply(200, {
    id,
    name: LOCAL_PLAN.id,
    kind: 'plan',
    overview_ui: {
      en: { display_name: LOCAL_PLAN.name, description: 'quantum-jobs-rx local runtime' },
    },
    metadata: { pricing: { type: LOCAL_PLAN.pricing } },
  });
};
