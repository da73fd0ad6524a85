/**
 * URL checks and construction for the transport: refusing plain-text connections to remote
 * hosts, deriving websocket URLs from HTTP base URLs, and joining a base URL, a path and a
 * query without losing the base's own path (`https://host/api/v1` + `/jobs` is
 * `https://host/api/v1/jobs`, not `https://host/jobs`).
 *
 * @module
 */
import { ConfigError } from '../codecs/errors.js';
import { REDACTED } from './redact.js';

/** Options of {@link assertSecureUrl}. */
export interface SecureUrlOptions {
  /** Accept `http://` and `ws://` to hosts other than loopback. Default false. */
  readonly allowInsecureHttp?: boolean;
  /** Name of the option the URL came from, reported in the {@link ConfigError}. */
  readonly option?: string;
}

const SECURE: Readonly<Record<string, string>> = { 'http:': 'https:', 'ws:': 'wss:' };
const KNOWN_PROTOCOLS = new Set(['http:', 'https:', 'ws:', 'wss:']);

/**
 * Parse `url` and check that it may be used: an absolute `http`, `https`, `ws` or `wss` URL
 * without embedded user name or password, and, unless `allowInsecureHttp` is set, plain
 * `http://`/`ws://` only to a loopback host (see {@link isLoopbackHost}). Returns the parsed
 * URL; throws a {@link ConfigError} saying what is wrong otherwise.
 */
export function assertSecureUrl(url: string | URL, options: SecureUrlOptions = {}): URL {
  const option = options.option ?? 'url';
  const parsed = parseAbsolute(typeof url === 'string' ? url : url.href, option);
  if (!KNOWN_PROTOCOLS.has(parsed.protocol)) {
    throw new ConfigError(
      `${option} must use http, https, ws or wss, got ${JSON.stringify(parsed.protocol)}`,
      option,
    );
  }
  if (parsed.username !== '' || parsed.password !== '') {
    throw new ConfigError(
      `${option} must not embed a user name or password; pass credentials separately`,
      option,
    );
  }
  const secure = SECURE[parsed.protocol];
  if (secure !== undefined && !options.allowInsecureHttp && !isLoopbackHost(parsed.hostname)) {
    throw new ConfigError(
      `${option} uses unencrypted ${parsed.protocol.slice(0, -1)} to ${parsed.host}, which would ` +
        `send credentials in clear text; use ${secure.slice(0, -1)}:// or set allowInsecureHttp: true`,
      option,
    );
  }
  return parsed;
}

/**
 * True for loopback hosts: `localhost`, any IPv4 address in 127.0.0.0/8, and `::1` (also
 * written `[::1]`, or as the IPv4-mapped `::ffff:127.x.y.z`).
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
  if (host === 'localhost') return true;
  if (host === '::1' || /^(0{0,4}:){7}0{0,3}1$/.test(host)) return true;
  if (isIPv4Loopback(host)) return true;
  const mapped = /^::ffff:(.+)$/.exec(host);
  if (mapped) {
    const rest = mapped[1]!;
    if (isIPv4Loopback(rest)) return true;
    // The URL parser writes ::ffff:127.0.0.1 as ::ffff:7f00:1.
    return /^7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(rest);
  }
  return false;
}

function isIPv4Loopback(host: string): boolean {
  const parts = host.split('.');
  if (parts.length !== 4) return false;
  if (!parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return false;
  return parts[0] === '127';
}

/**
 * The websocket URL for an HTTP base URL: `http:` becomes `ws:` and `https:` becomes `wss:`
 * (`ws:`/`wss:` are kept). Path and query are kept. Throws a {@link ConfigError} for other
 * schemes or an unparsable URL.
 */
export function wsUrlFromHttp(baseUrl: string): string {
  const parsed = parseAbsolute(baseUrl, 'baseUrl');
  switch (parsed.protocol) {
    case 'http:':
      parsed.protocol = 'ws:';
      break;
    case 'https:':
      parsed.protocol = 'wss:';
      break;
    case 'ws:':
    case 'wss:':
      break;
    default:
      throw new ConfigError(
        `baseUrl must use http or https to derive a websocket URL, got ${JSON.stringify(parsed.protocol)}`,
        'baseUrl',
      );
  }
  return parsed.href;
}

/** Query parameters: an object (arrays repeat the key, `undefined` is left out) or pairs. */
export type QueryParams =
  | Readonly<Record<string, string | number | boolean | readonly (string | number)[] | undefined>>
  | readonly (readonly [string, string])[];

/**
 * Append `path` to the path of `baseUrl` and add `query`. A `?query` inside `path` is kept
 * and `query` is added after it. `path` must be relative: an absolute URL or a
 * protocol-relative `//host` throws a {@link ConfigError}, so a request can never be sent
 * (with its credentials) to another host by accident.
 *
 * ```ts
 * joinUrl('https://quantum.cloud.ibm.com/api/v1', '/jobs', { limit: 10, tags: ['a', 'b'] })
 * // 'https://quantum.cloud.ibm.com/api/v1/jobs?limit=10&tags=a&tags=b'
 * ```
 */
export function joinUrl(baseUrl: string, path: string, query?: QueryParams): string {
  return urlJoiner(baseUrl)(path, query);
}

/** A function that appends paths and queries to one base URL (see {@link urlJoiner}). */
export type UrlJoiner = (path: string, query?: QueryParams) => string;

/**
 * Characters a path may hold to be appended as it is: those the URL parser keeps unchanged in
 * a path. Anything else (spaces, non-ASCII, `?`, `#`, `\`) goes through the parser.
 */
const PLAIN_PATH = /^[A-Za-z0-9\-._~!$&'()*+,;=:@%/]*$/;
/** Schemes whose base URLs are joined as text when the path allows it. */
const TEXT_JOIN_SCHEMES: ReadonlySet<string> = new Set(['http:', 'https:', 'ws:', 'wss:']);
/** A `.` or `..` segment, which the URL parser would resolve. */
const DOT_SEGMENT = /(?:^|\/)\.\.?(?:\/|$)/;

/**
 * {@link joinUrl} for one base URL, parsed once: the function a client keeps to build every
 * request URL. A plain path (letters, digits, the characters URLs keep as they are, no `.` or
 * `..` segment) onto a base without a query is joined as text, which gives the same URL as
 * the parser at a fraction of its cost; anything else is joined by the URL parser. Throws a
 * {@link ConfigError} when `baseUrl` is not an absolute URL.
 */
export function urlJoiner(baseUrl: string): UrlJoiner {
  const base = parseAbsolute(baseUrl, 'baseUrl');
  base.hash = '';
  const baseHref = base.href;
  const basePath = base.pathname.replace(/\/+$/, '');
  // The base without its trailing slashes, for appending `/<path>` as text (web schemes only:
  // other schemes may have opaque paths).
  const textual = base.search === '' && TEXT_JOIN_SCHEMES.has(base.protocol);
  const prefix = textual
    ? baseHref.slice(0, baseHref.length - base.pathname.length) + basePath
    : '';
  return (path, query) => {
    if (typeof path !== 'string') {
      throw new ConfigError(`path must be a string, got ${typeof path}`, 'path');
    }
    if (/^[a-z][a-z0-9+.-]*:/i.test(path) || path.startsWith('//')) {
      throw new ConfigError(
        `path must be relative to the base URL, got ${JSON.stringify(path.split('?')[0])}`,
        'path',
      );
    }
    if (prefix !== '' && PLAIN_PATH.test(path) && !DOT_SEGMENT.test(path)) {
      const relative = path.replace(/^\/+/, '');
      const joined = relative === '' ? baseHref : `${prefix}/${relative}`;
      const search = query === undefined ? '' : searchOf(query);
      return search === '' ? joined : `${joined}?${search}`;
    }
    return joinParsed(new URL(baseHref), basePath, path, query);
  };
}

/**
 * Query strings of query objects that cannot change (frozen, and every value a primitive or a
 * frozen array): the query of every poll is turned into text once.
 */
const constantSearches = new WeakMap<object, string>();

/** `query` as a query string without the `?` (empty when it has no parameters). */
function searchOf(query: QueryParams): string {
  const cached = constantSearches.get(query);
  if (cached !== undefined) return cached;
  const search = new URLSearchParams(queryPairs(query)).toString();
  if (isConstant(query)) constantSearches.set(query, search);
  return search;
}

function isConstant(query: QueryParams): boolean {
  if (Array.isArray(query) || !Object.isFrozen(query)) return false;
  return Object.values(query).every(
    (value) => value === null || typeof value !== 'object' || Object.isFrozen(value),
  );
}

function joinParsed(url: URL, basePath: string, path: string, query?: QueryParams): string {
  const hashAt = path.indexOf('#');
  const noHash = hashAt >= 0 ? path.slice(0, hashAt) : path;
  const queryAt = noHash.indexOf('?');
  const pathPart = queryAt >= 0 ? noHash.slice(0, queryAt) : noHash;
  const queryPart = queryAt >= 0 ? noHash.slice(queryAt + 1) : '';
  const relative = pathPart.replace(/^\/+/, '');
  url.pathname = relative === '' ? url.pathname : `${basePath}/${relative}`;
  const params = new URLSearchParams(url.search);
  for (const [k, v] of new URLSearchParams(queryPart)) params.append(k, v);
  for (const [k, v] of queryPairs(query)) params.append(k, v);
  const search = params.toString();
  url.search = search === '' ? '' : `?${search}`;
  return url.href;
}

function queryPairs(query: QueryParams | undefined): [string, string][] {
  if (query === undefined) return [];
  if (Array.isArray(query)) {
    return (query as readonly (readonly [string, string])[]).map(([k, v]) => [k, String(v)]);
  }
  const out: [string, string][] = [];
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      for (const item of value as readonly (string | number)[]) out.push([key, String(item)]);
    } else {
      out.push([key, String(value)]);
    }
  }
  return out;
}

/**
 * Encode one path segment (a job or session id): percent-encodes `/`, `?`, `#` and the rest,
 * and refuses the empty string, `.` and `..` with a {@link ConfigError}, which would change
 * the path's meaning.
 */
export function encodePathSegment(value: string, name = 'path segment'): string {
  if (typeof value !== 'string' || value === '' || value === '.' || value === '..') {
    throw new ConfigError(
      `${name} must be a non-empty string other than "." and "..", got ${JSON.stringify(value)}`,
      name,
    );
  }
  return encodeURIComponent(value);
}

/** Query parameters whose values are credentials. */
const SECRET_PARAMS = new Set(['access_token', 'token', 'apikey', 'api_key', 'key']);

/**
 * A URL as it may appear in an error message or a log line: the values of credential query
 * parameters (`access_token`, `token`, `apikey`, `api_key`, `key`) are replaced by
 * `[REDACTED]`. Unparsable text is cut at its query string.
 */
export function safeUrl(url: string | URL): string {
  let parsed: URL;
  try {
    parsed = new URL(typeof url === 'string' ? url : url.href);
  } catch (_e) {
    return String(url).split(/[?#]/)[0]!;
  }
  const params = new URLSearchParams(parsed.search);
  let changed = false;
  for (const key of [...new Set(params.keys())]) {
    if (SECRET_PARAMS.has(key.toLowerCase())) {
      params.set(key, REDACTED);
      changed = true;
    }
  }
  if (changed)
    parsed.search = `?${params.toString().split(encodeURIComponent(REDACTED)).join(REDACTED)}`;
  return parsed.href;
}

function parseAbsolute(url: string, option: string): URL {
  if (typeof url !== 'string') {
    throw new ConfigError(`${option} must be a string, got ${typeof url}`, option);
  }
  try {
    return new URL(url);
  } catch (_e) {
    const shown = String(url).split(/[?#]/)[0]!.slice(0, 80);
    throw new ConfigError(
      `${option} is not a valid absolute URL: ${JSON.stringify(shown)}`,
      option,
    );
  }
}
