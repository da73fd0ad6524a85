/**
 * Options of `RuntimeService` and their resolution into one checked configuration: the API
 * root and `/v1` base URL, the credentials, the IAM endpoint, and what the service says about
 * where it points. With nothing configured it points at a local runtime on loopback
 * ({@link DEFAULT_LOCAL_URL}), never at a remote host.
 *
 * @module
 */
import { ConfigError, describeValue } from '../codecs/errors.js';
import type { Credentials } from '../transport/credentials.js';
import { DEFAULT_IAM_URL } from '../transport/credentials.js';
import type { FetchFunction } from '../transport/fetch-once.js';
import type { RetryPolicy } from '../transport/retry.js';
import { assertSecureUrl, isLoopbackHost } from '../transport/url.js';
import type { WebSocketFactory } from '../transport/websocket.js';
import type { WebSocketMode } from '../observables/job-stream.js';
import type { PollIntervals } from '../observables/scheduler/types.js';
import type { PollSchedulerOptions } from '../observables/scheduler/types.js';

/** Where a service with no URL configured points: the default address of `qjobs serve`. */
export const DEFAULT_LOCAL_URL = 'http://127.0.0.1:8787/api';

/** The API root of IBM Quantum Platform in us-east; other regions are `https://<region>.quantum.cloud.ibm.com/api`. */
export const IBM_CLOUD_API_URL = 'https://quantum.cloud.ibm.com/api';

/**
 * Options of `new RuntimeService(options)`. Every field is optional; see each for its default.
 *
 * @category Configuration
 */
export interface RuntimeServiceOptions {
  /**
   * API root of the service, e.g. `https://quantum.cloud.ibm.com/api` or a local runtime's
   * `url` (`http://127.0.0.1:8787/api`). Requests go to `{url}/v1/...`; a URL already ending in
   * `/v1` is used as it is, and a bare origin gets `/api`. Default: derived from `serviceCrn`
   * when one is given (the CRN's region), otherwise {@link DEFAULT_LOCAL_URL}.
   */
  readonly url?: string;
  /** A bearer token, sent as `Authorization: Bearer <token>` (the local runtime's `token`). */
  readonly token?: string;
  /** An IBM Cloud API key, exchanged for IAM bearer tokens at `iamUrl`. Excludes `token`. */
  readonly apiKey?: string;
  /** Instance CRN, sent as `Service-CRN`; also selects the region and the IAM host. */
  readonly serviceCrn?: string;
  /**
   * IAM endpoint of the API key exchange (`POST {iamUrl}/identity/token`). Default: from the
   * CRN (`iam.cloud.ibm.com`, or `iam.test.cloud.ibm.com` for staging CRNs); for a loopback
   * `url` without CRN the URL's own origin (where a local runtime serves the exchange).
   */
  readonly iamUrl?: string;
  /** `IBM-API-Version` header. Default: the transport's `DEFAULT_API_VERSION`. */
  readonly apiVersion?: string;
  /** Accept `http://` and `ws://` URLs to hosts other than loopback. Default false. */
  readonly allowInsecureHttp?: boolean;
  /**
   * How often the service's poll scheduler reads a job, by status (`queuedMs`, `runningMs`,
   * `initialMs`, `floorMs`, `relaxedMs`; see `PollIntervals`). Default: the scheduler's.
   */
  readonly poll?: Partial<PollIntervals>;
  /**
   * Retry policy of every request (see `RetryPolicy`). Its waits (`baseDelayMs`, `maxDelayMs`)
   * are also the poll scheduler's backoff after failed reads, and `maxAttempts` how many failed
   * reads in a row a job stream accepts.
   */
  readonly retry?: Partial<RetryPolicy>;
  /** Websockets job streams use next to polling: `'both'` (default), `'status'`, `'stream'` or `false`. */
  readonly websocket?: WebSocketMode;
  /** `fetch` implementation. Default: cross-fetch's. */
  readonly fetch?: FetchFunction;
  /** How websockets are opened (custom environments, tests). Default: the transport's choice. */
  readonly webSocketFactory?: WebSocketFactory;
  /**
   * The request budget of the service's poll scheduler, which reads every job the service
   * watches and sends every job it creates: a number of requests per second, or the full
   * `PollSchedulerOptions`. Default: the scheduler's (5 requests per second, 4 in flight).
   */
  readonly requestBudget?: number | PollSchedulerOptions;
  /** Sent as `User-Agent` when set. */
  readonly userAgent?: string;
  /**
   * Told about things worth knowing that are not errors: the service fell back to the local
   * default URL, a stream-results callback threw. Default: nothing is told.
   */
  readonly onNotice?: (message: string) => void;
}

/** The options after checking: where requests go and how they are authenticated. */
export interface ResolvedServiceOptions {
  /** API root without a trailing slash, e.g. `http://127.0.0.1:8787/api`. */
  readonly url: string;
  /** Base URL of every request: `{url}/v1`. */
  readonly baseUrl: string;
  readonly credentials: Credentials;
  readonly serviceCrn: string | undefined;
  /** True when the URL is a loopback host (a local runtime). */
  readonly local: boolean;
  /** True when no URL was configured and {@link DEFAULT_LOCAL_URL} is used. */
  readonly defaulted: boolean;
  /** What the service says about where it points, when that was not configured explicitly. */
  readonly notice: string | undefined;
}

/** The text every "no credentials" error ends with when the service points at a local runtime. */
export const LOCAL_RUNTIME_HINT =
  'Start a local runtime with `npx qjobs serve` (it prints its url and token) and pass ' +
  '{ url, token } to new RuntimeService(), or set QJOBS_URL and QJOBS_TOKEN and use RuntimeService.fromEnv().';

/** The parts of an instance CRN that select endpoints. */
export interface CrnParts {
  /** `bluemix` (production) or `staging`. */
  readonly cname: string;
  /** `public` or `private`. */
  readonly ctype: string;
  /** Region, e.g. `us-east`. */
  readonly region: string;
}

/**
 * Read the cname, type and region of an instance CRN
 * (`crn:v1:<cname>:<ctype>:<service>:<region>:<scope>:<instance>::`); throws
 * {@link ConfigError} when the text is not one.
 */
export function parseCrn(crn: string): CrnParts {
  const parts = crn.trim().split(':');
  const ok =
    parts.length >= 8 &&
    parts[0] === 'crn' &&
    parts[1] === 'v1' &&
    parts[2] !== '' &&
    parts[3] !== '' &&
    /^[a-z0-9-]+$/i.test(parts[5] ?? '') &&
    parts[7] !== '';
  if (!ok) {
    throw new ConfigError(
      'serviceCrn must be an instance CRN such as crn:v1:bluemix:public:quantum-computing:us-east:a/<account>:<instance>::',
      'serviceCrn',
    );
  }
  return { cname: parts[2]!, ctype: parts[3]!, region: parts[5]! };
}

/**
 * The API root for an instance CRN (protocol §1.1): `https://quantum.cloud.ibm.com/api` for
 * `us-east`, `https://<region>.quantum.cloud.ibm.com/api` for other regions, with `private.`
 * in front for private endpoints and `test.cloud.ibm.com` for staging CRNs.
 */
export function apiUrlForCrn(crn: string): string {
  const { cname, ctype, region } = parseCrn(crn);
  const host = cname === 'staging' ? 'test.cloud.ibm.com' : 'cloud.ibm.com';
  if (ctype === 'private') return `https://private.${region}.quantum.${host}/api`;
  const prefix = region === 'us-east' ? '' : `${region}.`;
  return `https://${prefix}quantum.${host}/api`;
}

/** The IAM endpoint for an instance CRN: `iam.cloud.ibm.com`, or `iam.test.cloud.ibm.com` for staging. */
export function iamUrlForCrn(crn: string): string {
  const { cname, ctype } = parseCrn(crn);
  const host = cname === 'staging' ? 'iam.test.cloud.ibm.com' : 'iam.cloud.ibm.com';
  return `https://${ctype === 'private' ? 'private.' : ''}${host}`;
}

/** qiskit-ibm-runtime's default `url`: the IBM Cloud console, resolved through the CRN. */
const IBM_CLOUD_CONSOLE = /^https:\/\/(test\.)?cloud\.ibm\.com\/?$/i;

function optionalString(options: object, name: string): string | undefined {
  const value = (options as Record<string, unknown>)[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') {
    // Never describe a credential's value.
    const shown = name === 'token' || name === 'apiKey' ? typeof value : describeValue(value);
    throw new ConfigError(`${name} must be a non-empty string, got ${shown}`, name);
  }
  return value.trim();
}

/** The API root for a configured URL: trailing slashes and a final `/v1` removed, `/api` for a bare origin. */
function apiRootOf(url: string, allowInsecureHttp: boolean): string {
  const parsed = assertSecureUrl(url, { allowInsecureHttp, option: 'url' });
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ConfigError(
      `url must use http or https, got ${JSON.stringify(parsed.protocol)}`,
      'url',
    );
  }
  if (parsed.search !== '' || parsed.hash !== '') {
    throw new ConfigError('url must not carry a query or fragment', 'url');
  }
  let path = parsed.pathname.replace(/\/+$/, '');
  if (/\/v1$/.test(path)) path = path.slice(0, -3);
  if (path === '') path = '/api';
  return `${parsed.origin}${path}`;
}

/**
 * Check `options` and work out where the service points and how it authenticates. Throws a
 * {@link ConfigError} naming the option for anything unusable: both `token` and `apiKey`,
 * neither of them (with instructions to start `qjobs serve` when pointing at the local
 * default), an API key with neither `url` nor `serviceCrn`, an insecure or malformed URL.
 */
export function resolveServiceOptions(options: RuntimeServiceOptions = {}): ResolvedServiceOptions {
  if (options === null || typeof options !== 'object') {
    throw new ConfigError(
      `RuntimeService options must be an object, got ${describeValue(options)}`,
      'options',
    );
  }
  const allowInsecureHttp = options.allowInsecureHttp ?? false;
  if (typeof allowInsecureHttp !== 'boolean') {
    throw new ConfigError('allowInsecureHttp must be a boolean', 'allowInsecureHttp');
  }
  const token = optionalString(options, 'token');
  const apiKey = optionalString(options, 'apiKey');
  const serviceCrn = optionalString(options, 'serviceCrn');
  const iamUrl = optionalString(options, 'iamUrl');
  let url = optionalString(options, 'url');
  if (options.onNotice !== undefined && typeof options.onNotice !== 'function') {
    throw new ConfigError('onNotice must be a function', 'onNotice');
  }
  if (token !== undefined && apiKey !== undefined) {
    throw new ConfigError(
      'give either token (a bearer token) or apiKey (an IBM Cloud API key), not both',
      'token',
    );
  }
  if (serviceCrn !== undefined) parseCrn(serviceCrn);
  if (url !== undefined && serviceCrn !== undefined && IBM_CLOUD_CONSOLE.test(url)) {
    url = undefined; // qiskit's default channel URL: the API root comes from the CRN
  }

  let notice: string | undefined;
  let defaulted = false;
  if (url === undefined) {
    if (serviceCrn !== undefined) {
      url = apiUrlForCrn(serviceCrn);
      notice = `No url configured: using ${url}, the API of the region named by serviceCrn.`;
    } else if (apiKey !== undefined) {
      throw new ConfigError(
        'an apiKey is an IBM Cloud credential: give serviceCrn (QISKIT_IBM_INSTANCE) or url ' +
          '(QISKIT_IBM_URL) so the service knows where to send it',
        'serviceCrn',
      );
    } else {
      url = DEFAULT_LOCAL_URL;
      defaulted = true;
      notice =
        `No url configured: using the local runtime at ${DEFAULT_LOCAL_URL} ` +
        '(the default of `qjobs serve`); nothing is sent to a remote service.';
    }
  }
  const apiRoot = apiRootOf(url, allowInsecureHttp);
  const local = isLoopbackHost(new URL(apiRoot).hostname);

  if (token === undefined && apiKey === undefined) {
    const where = defaulted
      ? `RuntimeService points at the local runtime ${apiRoot} because no url is configured, but has no token. `
      : `RuntimeService has no credentials for ${apiRoot}: give token or apiKey. `;
    throw new ConfigError(
      where + (local ? LOCAL_RUNTIME_HINT : 'Set QISKIT_IBM_TOKEN and QISKIT_IBM_INSTANCE.'),
      'token',
    );
  }

  let credentials: Credentials;
  if (token !== undefined) {
    credentials = { type: 'bearer', token };
  } else {
    const iam =
      iamUrl ??
      (serviceCrn !== undefined
        ? iamUrlForCrn(serviceCrn)
        : local
          ? new URL(apiRoot).origin
          : DEFAULT_IAM_URL);
    assertSecureUrl(iam, { allowInsecureHttp, option: 'iamUrl' });
    credentials = { type: 'iam', apiKey: apiKey!, iamUrl: iam.replace(/\/+$/, '') };
  }
  return {
    url: apiRoot,
    baseUrl: `${apiRoot}/v1`,
    credentials,
    serviceCrn,
    local,
    defaulted,
    notice,
  };
}
