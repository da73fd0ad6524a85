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

/** Answer of `GET /v1/versions`. */
export const VersionsResponse = t.type({ versions: t.array(ApiVersion) }, 'VersionsResponse');
export type VersionsResponse = t.TypeOf<typeof VersionsResponse>;

/** The newest `live` version listed (versions are dates, so they sort as text), if any. */
export function latestLiveVersion(response: VersionsResponse): string | undefined {
  return response.versions
    .filter((v) => v.status === 'live')
    .map((v) => v.version)
    .sort()
    .at(-1);
}
