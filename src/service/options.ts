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
import type { ApiDeprecationWarning } from '../transport/deprecation.js';
import type { FetchFunction } from '../transport/fetch-once.js';
import type { RetryPolicy } from '../transport/retry.js';
import { assertSecureUrl, isLoopbackHost } from '../transport/url.js';
import { isIamAccessToken, isIbmQuantumHost } from './ibm-host.js';
import type { WebSocketFactory } from '../transport/websocket.js';
import type { WebSocketMode } from '../observables/job-stream.js';
import type { ResultRetryPolicy } from '../observables/result-read.js';
import type { PollIntervals } from '../observables/scheduler/types.js';
import type { PollSchedulerOptions } from '../observables/scheduler/types.js';

/** Where a service with no URL configured points: the default address of `qjobs serve`. */
export const DEFAULT_LOCAL_URL = 'http://127.0.0.1:8787/api';

/** The API root of IBM Quantum Platform in us-east; other regions are `https://<region>.quantum.cloud.ibm.com/api`. */
export const IBM_CLOUD_API_URL = 'https://quantum.cloud.ibm.com/api';

/**
 * Where a `RuntimeService` points, in QiskitRuntimeService's words: `ibm_quantum_platform`
 * (its default) and `ibm_cloud` are IBM Quantum Platform (the same API since 2025), `local` a
 * local runtime (`qjobs serve`). From Qiskit/qiskit-ibm-runtime
 * `qiskit_ibm_runtime/accounts/account.py` (`ChannelType`).
 *
 * @category Configuration
 */
export type Channel = 'ibm_quantum_platform' | 'ibm_cloud' | 'local';

/** The channels {@link Channel} names. */
export const CHANNELS: readonly Channel[] = ['ibm_quantum_platform', 'ibm_cloud', 'local'];

/**
 * Options of `new RuntimeService(options)`. Every field is optional; see each for its default.
 * QiskitRuntimeService's names (`channel`, `token`, `instance`, `url`, `region`,
 * `privateEndpoint` for its `private_endpoint`) mean what they mean there; `serviceCrn` and
 * `apiKey` are this library's names for the instance CRN and an API key.
 *
 * @category Configuration
 */
export interface RuntimeServiceOptions {
  /**
   * API root of the service, e.g. `https://quantum.cloud.ibm.com/api` or a local runtime's
   * `url` (`http://127.0.0.1:8787/api`). Requests go to `{url}/v1/...`; a URL already ending in
   * `/v1` is used as it is, and a bare origin gets `/api`. QiskitRuntimeService's default
   * `https://cloud.ibm.com` (the IBM Cloud console) means "the API of the instance's region".
   * Default: derived from the instance CRN when one is given (its region), otherwise
   * {@link DEFAULT_LOCAL_URL}.
   */
  readonly url?: string;
  /**
   * A credential. To a local runtime, and to any host as an IAM access token (a JWT), it is
   * sent as `Authorization: Bearer <token>`. With an IBM `channel`, or to an IBM Quantum
   * Platform host, a token that is not a JWT is an IBM Cloud API key, exchanged for IAM
   * tokens as QiskitRuntimeService's `token` is.
   */
  readonly token?: string;
  /** An IBM Cloud API key, exchanged for IAM bearer tokens at `iamUrl`. Excludes `token`. */
  readonly apiKey?: string;
  /**
   * The instance CRN (QiskitRuntimeService's `instance`), sent as `Service-CRN` on every
   * request; also selects the region and the IAM host. Required for IBM Quantum Platform.
   * Same as `serviceCrn`.
   */
  readonly instance?: string;
  /** The instance CRN under this library's name; same as `instance`. */
  readonly serviceCrn?: string;
  /**
   * QiskitRuntimeService's `channel`: `ibm_quantum_platform` or `ibm_cloud` (IBM Quantum
   * Platform: an instance CRN is required, and `token` is an API key), or `local` (a local
   * runtime: `token` is its bearer token). Default: from the URL.
   */
  readonly channel?: Channel;
  /**
   * QiskitRuntimeService's `region` (`us-east`, `eu-de`). QiskitRuntimeService uses it to pick
   * an instance when none is given; here the instance CRN is always given and names its
   * region, so a different `region` is a `ConfigError` rather than a silent choice.
   */
  readonly region?: string;
  /**
   * QiskitRuntimeService's `private_endpoint`: reach IBM Quantum Platform over IBM Cloud's
   * private network, `https://private.<region>.quantum.cloud.ibm.com/api` with IAM at
   * `https://private.iam.cloud.ibm.com`, when the URL is derived from the CRN. Default false.
   */
  readonly privateEndpoint?: boolean;
  /**
   * IAM endpoint of the API key exchange (`POST {iamUrl}/identity/token`). Default: for a
   * loopback `url` the URL's own origin (where a local runtime serves the exchange), otherwise
   * from the CRN (`iam.cloud.ibm.com`, `iam.test.cloud.ibm.com` for staging CRNs).
   */
  readonly iamUrl?: string;
  /**
   * `IBM-API-Version` header, sent on every request. Default: the transport's
   * `DEFAULT_API_VERSION` (what qiskit-ibm-runtime sends).
   */
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
  /**
   * Websockets job streams use next to polling (see `WebSocketMode`). Default `'auto'`: the
   * ones the server advertises in `GET /v1/versions` (a local runtime advertises both); on IBM
   * Quantum Platform, which serves none, nothing is asked and only polling is used. Naming one
   * (`'stream'`, `'status'`, `'both'`) opens it even unadvertised, except the job-status socket,
   * whose first frame carries the bearer token.
   */
  readonly websocket?: WebSocketMode;
  /**
   * Reading the result of a job once it is DONE, by its streams and by `result()`: a read
   * answered 404 (the service may report DONE a moment before it serves the result) or failing
   * transiently is read again, 250 ms later and then twice as long each time up to 2 s, for up
   * to `windowMs` (10 s) by default (see `ResultRetryPolicy`).
   */
  readonly resultRetry?: Partial<ResultRetryPolicy>;
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
  /**
   * Told once about each warning about the service itself (a {@link ServiceWarning}: the
   * service announced that the `IBM-API-Version` sent is deprecated). `service.warnings$`
   * carries the same. Default: the message is written with `console.warn`.
   */
  readonly onWarning?: (warning: ServiceWarning) => void;
}

/**
 * A warning about the service itself, told once through `onWarning` and `warnings$`.
 *
 * @category Configuration
 */
export type ServiceWarning = ApiDeprecationWarning;

/** The options after checking: where requests go and how they are authenticated. */
export interface ResolvedServiceOptions {
  /** API root without a trailing slash, e.g. `http://127.0.0.1:8787/api`. */
  readonly url: string;
  /** Base URL of every request: `{url}/v1`. */
  readonly baseUrl: string;
  readonly credentials: Credentials;
  /** The instance CRN (`instance` or `serviceCrn`), sent as `Service-CRN`. */
  readonly serviceCrn: string | undefined;
  /** True when the URL is a loopback host (a local runtime). */
  readonly local: boolean;
  /** True when the URL is an IBM Quantum Platform host (see `isIbmQuantumHost`). */
  readonly ibm: boolean;
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
 * {@link ConfigError} naming `option` when the text is not one.
 */
export function parseCrn(crn: string, option = 'serviceCrn'): CrnParts {
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
      `${option} must be an instance CRN such as crn:v1:bluemix:public:quantum-computing:us-east:a/<account>:<instance>::`,
      option,
    );
  }
  return { cname: parts[2]!, ctype: parts[3]!, region: parts[5]! };
}

/**
 * The API root for an instance CRN (protocol §1.1, after Qiskit/qiskit-ibm-runtime
 * `qiskit_ibm_runtime/api/utils.py` `default_runtime_url_resolver`):
 * `https://quantum.cloud.ibm.com/api` for `us-east`, `https://<region>.quantum.cloud.ibm.com/api`
 * for other regions, `https://private.<region>.quantum.cloud.ibm.com/api` for private
 * endpoints (`privateEndpoint`, or a CRN of type `private`), and `test.cloud.ibm.com` for
 * staging CRNs.
 */
export function apiUrlForCrn(crn: string, privateEndpoint = false): string {
  const { cname, ctype, region } = parseCrn(crn);
  const host = cname === 'staging' ? 'test.cloud.ibm.com' : 'cloud.ibm.com';
  if (privateEndpoint || ctype === 'private')
    return `https://private.${region}.quantum.${host}/api`;
  const prefix = region === 'us-east' ? '' : `${region}.`;
  return `https://${prefix}quantum.${host}/api`;
}

/**
 * The IAM endpoint for an instance CRN: `iam.cloud.ibm.com`, or `iam.test.cloud.ibm.com` for
 * staging, with `private.` in front for private endpoints (Qiskit/qiskit-ibm-runtime
 * `qiskit_ibm_runtime/api/auth.py`, `CloudAuth.__init__`).
 */
export function iamUrlForCrn(crn: string, privateEndpoint = false): string {
  const { cname, ctype } = parseCrn(crn);
  const host = cname === 'staging' ? 'iam.test.cloud.ibm.com' : 'iam.cloud.ibm.com';
  return `https://${privateEndpoint || ctype === 'private' ? 'private.' : ''}${host}`;
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

function optionalBoolean(options: object, name: string): boolean | undefined {
  const value = (options as Record<string, unknown>)[name];
  if (value === undefined || typeof value === 'boolean') return value;
  throw new ConfigError(`${name} must be a boolean, got ${describeValue(value)}`, name);
}

function channelOf(options: object): Channel | undefined {
  const value = (options as Record<string, unknown>)['channel'];
  if (value === undefined) return undefined;
  if (value === 'ibm_quantum') {
    throw new ConfigError(
      "channel 'ibm_quantum' (IBM Quantum Platform Classic) was retired on 1 July 2025: use " +
        "'ibm_quantum_platform' with an IBM Cloud API key and the instance CRN",
      'channel',
    );
  }
  if (!(CHANNELS as readonly unknown[]).includes(value)) {
    throw new ConfigError(
      `channel must be one of ${CHANNELS.map((c) => `'${c}'`).join(', ')}, got ${describeValue(value)}`,
      'channel',
    );
  }
  return value as Channel;
}

/** The instance CRN of `instance` and `serviceCrn` (one name each, the same value if both). */
function instanceCrnOf(options: object): string | undefined {
  const instance = optionalString(options, 'instance');
  const serviceCrn = optionalString(options, 'serviceCrn');
  if (instance !== undefined && serviceCrn !== undefined && instance !== serviceCrn) {
    throw new ConfigError(
      'instance and serviceCrn are two names of the instance CRN and name different ones: give one',
      'instance',
    );
  }
  if (instance !== undefined && !instance.startsWith('crn:')) {
    throw new ConfigError(
      `instance must be the instance CRN (crn:v1:bluemix:public:quantum-computing:<region>:a/<account>:<instance>::), got ${JSON.stringify(instance)}: ` +
        'QiskitRuntimeService also takes an instance name or "auto" and looks the CRN up in IBM Cloud; ' +
        'copy the CRN from the instance page of quantum.cloud.ibm.com instead',
      'instance',
    );
  }
  if (instance !== undefined) parseCrn(instance, 'instance');
  if (serviceCrn !== undefined) parseCrn(serviceCrn, 'serviceCrn');
  return instance ?? serviceCrn;
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

/** The sentence every "IBM Quantum Platform needs the CRN" error ends with. */
const CRN_HINT =
  'give instance (the instance CRN, as QiskitRuntimeService names it; serviceCrn is the same option), ' +
  'or set QISKIT_IBM_INSTANCE: copy it from the instance page of quantum.cloud.ibm.com';

/**
 * Check `options` and work out where the service points and how it authenticates. Throws a
 * {@link ConfigError} naming the option for anything unusable: both `token` and `apiKey`,
 * neither of them (with instructions to start `qjobs serve` when pointing at the local
 * default), an IBM Quantum Platform host or channel without an instance CRN, a `region` other
 * than the CRN's, an insecure or malformed URL.
 */
export function resolveServiceOptions(options: RuntimeServiceOptions = {}): ResolvedServiceOptions {
  if (options === null || typeof options !== 'object') {
    throw new ConfigError(
      `RuntimeService options must be an object, got ${describeValue(options)}`,
      'options',
    );
  }
  const allowInsecureHttp = optionalBoolean(options, 'allowInsecureHttp') ?? false;
  const privateEndpoint = optionalBoolean(options, 'privateEndpoint') ?? false;
  const channel = channelOf(options);
  const ibmChannel = channel === 'ibm_quantum_platform' || channel === 'ibm_cloud';
  const token = optionalString(options, 'token');
  const apiKey = optionalString(options, 'apiKey');
  const crn = instanceCrnOf(options);
  const region = optionalString(options, 'region');
  const iamUrl = optionalString(options, 'iamUrl');
  let url = optionalString(options, 'url');
  for (const name of ['onNotice', 'onWarning'] as const) {
    if (options[name] !== undefined && typeof options[name] !== 'function') {
      throw new ConfigError(`${name} must be a function`, name);
    }
  }
  if (token !== undefined && apiKey !== undefined) {
    throw new ConfigError(
      'give either token (a bearer token) or apiKey (an IBM Cloud API key), not both',
      'token',
    );
  }
  if (region !== undefined && crn !== undefined && parseCrn(crn).region !== region) {
    throw new ConfigError(
      `region ${JSON.stringify(region)} is not the region of the instance CRN (${parseCrn(crn).region}): ` +
        'the instance decides where requests go; leave region out or give an instance of that region',
      'region',
    );
  }
  if (url !== undefined && IBM_CLOUD_CONSOLE.test(url)) {
    // QiskitRuntimeService's default url: the API root comes from the CRN.
    if (crn === undefined)
      throw new ConfigError(`url ${url} is IBM Cloud: ${CRN_HINT}`, 'instance');
    url = undefined;
  }

  let notice: string | undefined;
  let defaulted = false;
  if (url === undefined) {
    if (crn !== undefined) {
      url = apiUrlForCrn(crn, privateEndpoint);
      notice = `No url configured: using ${url}, the API of the region named by the instance CRN (serviceCrn).`;
    } else if (ibmChannel) {
      throw new ConfigError(
        `channel '${channel}' is IBM Quantum Platform: ${CRN_HINT}`,
        'instance',
      );
    } else if (apiKey !== undefined) {
      throw new ConfigError(
        'an apiKey is an IBM Cloud credential: give instance (serviceCrn, QISKIT_IBM_INSTANCE) or url ' +
          '(QISKIT_IBM_URL) so the service knows where to send it',
        'instance',
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
  const hostname = new URL(apiRoot).hostname;
  const local = isLoopbackHost(hostname);
  const ibm = isIbmQuantumHost(hostname);
  if (ibm && crn === undefined) {
    throw new ConfigError(
      `${apiRoot} is IBM Quantum Platform, which refuses every request without the instance CRN (the Service-CRN header): ${CRN_HINT}`,
      'instance',
    );
  }

  if (token === undefined && apiKey === undefined) {
    const where = defaulted
      ? `RuntimeService points at the local runtime ${apiRoot} because no url is configured, but has no token. `
      : `RuntimeService has no credentials for ${apiRoot}: give token or apiKey. `;
    throw new ConfigError(
      where + (local ? LOCAL_RUNTIME_HINT : 'Set QISKIT_IBM_TOKEN and QISKIT_IBM_INSTANCE.'),
      'token',
    );
  }

  // QiskitRuntimeService's `token` is an API key; to IBM a bearer token is an IAM access token.
  const tokenIsApiKey =
    token !== undefined && channel !== 'local' && (ibmChannel || ibm) && !isIamAccessToken(token);
  const key = tokenIsApiKey ? token : apiKey;
  let credentials: Credentials;
  if (key === undefined) {
    credentials = { type: 'bearer', token: token! };
  } else {
    const iam =
      iamUrl ??
      (local
        ? new URL(apiRoot).origin
        : crn !== undefined
          ? iamUrlForCrn(crn, privateEndpoint)
          : DEFAULT_IAM_URL);
    assertSecureUrl(iam, { allowInsecureHttp, option: 'iamUrl' });
    credentials = { type: 'iam', apiKey: key, iamUrl: iam.replace(/\/+$/, '') };
  }
  return {
    url: apiRoot,
    baseUrl: `${apiRoot}/v1`,
    credentials,
    serviceCrn: crn,
    local,
    ibm,
    defaulted,
    notice,
  };
}
