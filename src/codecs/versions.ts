/**
 * Codec for `GET /v1/versions`: the dates accepted in the `IBM-API-Version` header and
 * whether each is live or deprecated.
 *
 * @module
 */
import * as t from 'io-ts';
import { openEnum } from './open-enum.js';

/** Lifecycle of an API version: `live`, `deprecated`, or a newer word kept as sent. */
export const ApiVersionStatus = openEnum('API version status', ['live', 'deprecated'] as const);
export type ApiVersionStatus = t.TypeOf<typeof ApiVersionStatus>;

/** One API version: a `YYYY-MM-DD` date, its status and, when deprecated, its sunset date. */
export const ApiVersion = t.intersection(
  [
    t.type({ version: t.string, status: ApiVersionStatus }),
    t.partial({ sunset_date: t.union([t.string, t.null]) }),
  ],
  'ApiVersion',
);
export type ApiVersion = t.TypeOf<typeof ApiVersion>;

/**
 * One entry of `versions`: the object above, or a bare date string as the OpenAPI model
 * describes the answer (`versions: Vec<String>`, Qiskit/qiskit-ibm-runtime-c
 * `crates/ibm-quantum-platform-api/src/models/version_response.rs`). A bare date is a version
 * the service accepts, so it reads as `{ version, status: 'live' }`.
 */
const VersionDate = new t.Type<ApiVersion, string, unknown>(
  'version date',
  (_u): _u is ApiVersion => false,
  (u, c) => (typeof u === 'string' ? t.success({ version: u, status: 'live' }) : t.failure(u, c)),
  (a) => a.version,
);
const VersionEntry = t.union([ApiVersion, VersionDate], 'ApiVersion or version date');

/** Answer of `GET /v1/versions`. */
export const VersionsResponse = t.type({ versions: t.array(VersionEntry) }, 'VersionsResponse');
export type VersionsResponse = t.TypeOf<typeof VersionsResponse>;

/** The newest `live` version listed (versions are dates, so they sort as text), if any. */
export function latestLiveVersion(response: VersionsResponse): string | undefined {
  return response.versions
    .filter((v) => v.status === 'live')
    .map((v) => v.version)
    .sort()
    .at(-1);
}
