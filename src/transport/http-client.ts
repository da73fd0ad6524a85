/**
 * The HTTP client of the service's REST API: every request is a cold Observable that adds the
 * service's headers (`Authorization`, `Service-CRN`, `IBM-API-Version`), retries transient
 * failures, refreshes an IAM token once after a 401, turns every failure into a typed error
 * and aborts the underlying `fetch` when unsubscribed.
 *
 * @module
 */
import type { SchedulerLike } from 'rxjs';
import { Observable, asyncScheduler, of } from 'rxjs';
import type { Type } from 'io-ts';
import { isLeft } from 'fp-ts/lib/Either.js';
import { decode } from '../codecs/decode.js';
import { ConfigError, DecodeError, describeValue, messageOf } from '../codecs/errors.js';
import { parseJson, stringifyJson } from '../codecs/json.js';
import type { Credentials } from './credentials.js';
import { deprecationOf } from './deprecation.js';
import type { ApiDeprecationWarning } from './deprecation.js';
import { TokenSource } from './credentials.js';
import type { FetchFunction, HttpMethod, RawResponse } from './fetch-once.js';
import { defaultFetch } from './fetch-once.js';
import { DEFAULT_MAX_RESPONSE_BYTES } from './read-body.js';
import { redactSecrets } from './redact.js';
import type { RetryPolicy } from './retry.js';
import { resolveRetryPolicy } from './retry.js';
import { RequestRun } from './request-run.js';
import type { PreparedRequest, RequestCounters, RequestEnv } from './request-run.js';
import type { QueryParams } from './url.js';
import { assertSecureUrl, urlJoiner } from './url.js';
import type { UrlJoiner } from './url.js';

export type { HttpMethod } from './fetch-once.js';

/**
 * The `IBM-API-Version` sent unless another is configured: what qiskit-ibm-runtime sends
 * (Qiskit/qiskit-ibm-runtime `qiskit_ibm_runtime/api/rest/base.py` line 38,
 * `_HEADER_API_VERSION`), the version IBM's `GET /v1/versions` lists as live. IBM's C client
 * (Qiskit/qiskit-ibm-runtime-c `crates/client/src/service.rs` line 396) still sends `2025-06-01`.
 */
export const DEFAULT_API_VERSION = '2026-04-15';

/** Options of {@link HttpClient}. */
export interface HttpClientOptions {
  /** Base URL every request path is appended to, e.g. `https://quantum.cloud.ibm.com/api/v1`. */
  readonly baseUrl: string;
  /** How requests are authenticated. Without credentials no `Authorization` header is sent. */
  readonly credentials?: Credentials;
  /** A token source to share with other clients; takes precedence over `credentials`. */
  readonly tokenSource?: TokenSource;
  /** Instance CRN, sent as `Service-CRN`. */
  readonly serviceCrn?: string;
  /** Sent as `IBM-API-Version`. Default {@link DEFAULT_API_VERSION}. */
  readonly apiVersion?: string;
  /** Overrides of the default retry policy for every request. */
  readonly retry?: Partial<RetryPolicy>;
  /** Accept `http://` base and IAM URLs to hosts other than loopback. Default false. */
  readonly allowInsecureHttp?: boolean;
  /** `fetch` implementation. Default: cross-fetch's. */
  readonly fetch?: FetchFunction;
  /** Scheduler of retry waits (a `TestScheduler` in tests). */
  readonly scheduler?: SchedulerLike;
  /** Source of retry jitter, a number in [0, 1). Default `Math.random`. */
  readonly random?: () => number;
  /** Sent as `User-Agent` when set. */
  readonly userAgent?: string;
  /**
   * Told once, the first time a successful answer carries `Deprecation` or `Sunset` (see
   * `deprecationOf`): the `IBM-API-Version` sent is deprecated. Default: nobody is told.
   */
  readonly onDeprecation?: (warning: ApiDeprecationWarning) => void;
  /**
   * Largest response body read, in bytes; a bigger one fails the request with a `limit`
   * `DecodeError` without being buffered. Default 256 MiB.
   */
  readonly maxResponseBytes?: number;
}

/** A request body sent as `application/x-www-form-urlencoded`. */
export interface FormBody {
  readonly form: string;
}

/** One request to the API. */
export interface HttpRequest {
  readonly method: HttpMethod;
  /** Path relative to the base URL; may carry its own `?query`. */
  readonly path: string;
  readonly query?: QueryParams;
  /**
   * Sent as JSON (non-finite numbers as the bare `NaN`/`Infinity` tokens the Python service
   * reads), or as a form when exactly `{ form: string }`. `undefined` sends no body.
   */
  readonly body?: unknown;
  /**
   * How the answer is read: `json` (the default) parses a non-empty body, `text` keeps the
   * text only, `none` ignores it. `Accept: application/json` is sent on JSON GETs.
   */
  readonly accept?: 'json' | 'text' | 'none';
  /** Overrides of the client's retry policy, or `false` for a single attempt. */
  readonly retry?: Partial<RetryPolicy> | false;
  /** Extra headers (e.g. `Parent-Job-Id`). */
  readonly headers?: Readonly<Record<string, string>>;
}

/** A successful (2xx) answer. */
export interface HttpResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The parsed body when `accept` is `json` and the body is not empty; otherwise undefined. */
  readonly body: unknown;
}

/** Request counters, for leak checks and diagnostics. */
export interface HttpClientStats {
  /** Requests subscribed to so far. */
  readonly requests: number;
  /** Requests subscribed to that have not completed, failed or been unsubscribed. */
  readonly inFlight: number;
  /** Retries made (each extra attempt after a transient failure counts once). */
  readonly retries: number;
}

const METHODS: ReadonlySet<string> = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
const NON_IDEMPOTENT: ReadonlySet<string> = new Set(['POST', 'PATCH']);
const HEADER_BREAK = /[\r\n\0]/;
/** A character other than whitespace: a JSON body without one is empty. */
const NON_SPACE = /\S/;

/**
 * Client of the service's REST API.
 *
 * ```ts
 * const client = new HttpClient({
 *   baseUrl: 'https://quantum.cloud.ibm.com/api/v1',
 *   credentials: { type: 'iam', apiKey },
 *   serviceCrn,
 * });
 * client.getJson(`/jobs/${encodePathSegment(id)}`, JobResponse).subscribe(...)
 * ```
 *
 * Errors: a non-2xx answer is an `IBMApiError` (status, code, message, trace,
 * `retryAfterSeconds`); a failed connection a `NetworkError`; an unreadable body a
 * `DecodeError` naming the request path; a bad option or request a `ConfigError`. Transient
 * failures are retried first (see {@link RetryPolicy}); POST and PATCH are retried only on
 * the 5xx force list and 429, never after a network error. Credentials never appear in error
 * text, `toString()`, `toJSON()` or `util.inspect`.
 *
 * The constructor throws a `ConfigError` for unusable options.
 *
 * @category Configuration
 */
export class HttpClient {
  /** The base URL, without a trailing slash. */
  readonly baseUrl: string;
  /** The `IBM-API-Version` sent. */
  readonly apiVersion: string;
  readonly #tokens: TokenSource | undefined;
  readonly #fetch: FetchFunction;
  readonly #retry: RetryPolicy;
  readonly #serviceCrn: string | undefined;
  readonly #userAgent: string | undefined;
  readonly #basePath: string;
  readonly #join: UrlJoiner;
  /** `IBM-API-Version`, `Service-CRN` and `User-Agent`: the headers of every request. */
  readonly #baseHeaders: Readonly<Record<string, string>>;
  /** The same plus `Accept: application/json`, for JSON GETs. */
  readonly #jsonGetHeaders: Readonly<Record<string, string>>;
  readonly #counters: RequestCounters = { requests: 0, inFlight: 0, retries: 0 };
  /** Told about the first deprecation announced; `undefined` once told (or never asked). */
  #onDeprecation: ((warning: ApiDeprecationWarning) => void) | undefined;
  /** What every request's {@link RequestRun} shares. */
  readonly #env: RequestEnv;

  constructor(options: HttpClientOptions) {
    if (options === null || typeof options !== 'object') {
      throw new ConfigError(`HttpClient options must be an object, got ${describeValue(options)}`);
    }
    const allowInsecureHttp = options.allowInsecureHttp ?? false;
    const base = assertSecureUrl(options.baseUrl, { allowInsecureHttp, option: 'baseUrl' });
    base.hash = '';
    this.baseUrl = base.href.replace(/\/+$/, '');
    this.#basePath = base.pathname.replace(/\/+$/, '');
    this.apiVersion = headerValue(options.apiVersion ?? DEFAULT_API_VERSION, 'apiVersion');
    this.#serviceCrn =
      options.serviceCrn === undefined ? undefined : headerValue(options.serviceCrn, 'serviceCrn');
    this.#userAgent =
      options.userAgent === undefined ? undefined : headerValue(options.userAgent, 'userAgent');
    const baseHeaders: Record<string, string> = { 'IBM-API-Version': this.apiVersion };
    if (this.#serviceCrn !== undefined) baseHeaders['Service-CRN'] = this.#serviceCrn;
    if (this.#userAgent !== undefined) baseHeaders['User-Agent'] = this.#userAgent;
    this.#baseHeaders = Object.freeze(baseHeaders);
    this.#jsonGetHeaders = Object.freeze({ ...baseHeaders, Accept: 'application/json' });
    this.#join = urlJoiner(this.baseUrl);
    this.#fetch = options.fetch ?? defaultFetch;
    if (typeof this.#fetch !== 'function') {
      throw new ConfigError(`fetch must be a function, got ${typeof this.#fetch}`, 'fetch');
    }
    this.#retry = resolveRetryPolicy(options.retry);
    if (options.onDeprecation !== undefined && typeof options.onDeprecation !== 'function') {
      throw new ConfigError('onDeprecation must be a function', 'onDeprecation');
    }
    this.#onDeprecation = options.onDeprecation;
    const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    if (!Number.isSafeInteger(maxResponseBytes) || maxResponseBytes < 1) {
      throw new ConfigError(
        `maxResponseBytes must be a positive integer, got ${describeValue(maxResponseBytes)}`,
        'maxResponseBytes',
      );
    }
    this.#tokens =
      options.tokenSource ??
      (options.credentials === undefined
        ? undefined
        : new TokenSource(options.credentials, {
            fetch: this.#fetch,
            retry: this.#retry,
            allowInsecureHttp,
            ...(options.scheduler !== undefined ? { scheduler: options.scheduler } : {}),
          }));
    const tokens = this.#tokens;
    this.#env = {
      fetch: this.#fetch,
      tokens,
      scheduler: options.scheduler ?? asyncScheduler,
      random: options.random,
      maxResponseBytes,
      counters: this.#counters,
      secrets: () => tokens?.secrets() ?? NO_SECRETS,
    };
  }

  /** Counters: requests made, requests in flight, retries. */
  get stats(): HttpClientStats {
    const { requests, inFlight, retries } = this.#counters;
    return { requests, inFlight, retries };
  }

  /**
   * The `Authorization` header value requests currently carry (`undefined` without
   * credentials), e.g. to authenticate a websocket with the same token.
   */
  authorization(): Observable<string | undefined> {
    return this.#tokens === undefined ? of(undefined) : this.#tokens.authorization();
  }

  /** Strings never to show in error text: the credentials and tokens this client uses. */
  secrets(): readonly string[] {
    return this.#env.secrets();
  }

  /**
   * Send a request when subscribed; emit its 2xx answer and complete, or error with a typed
   * error (see {@link HttpClient}). Unsubscribing aborts it.
   */
  request(req: HttpRequest): Observable<HttpResponse> {
    return this.#send(req, identity);
  }

  /**
   * GET a JSON document and decode it with `codec`. `options.retry` overrides the client's
   * retry policy for this request (`false`: a single attempt).
   */
  getJson<A, O>(
    path: string,
    codec: Type<A, O, unknown>,
    query?: QueryParams,
    options: Pick<HttpRequest, 'retry' | 'headers'> = {},
  ): Observable<A> {
    return this.#decoded(
      { ...options, method: 'GET', path, ...(query ? { query } : {}) },
      codec,
    ) as Observable<A>;
  }

  /** GET a body as text (no `Accept` header, no parsing), e.g. results and logs. */
  getText(path: string, query?: QueryParams): Observable<string> {
    return this.#send({ method: 'GET', path, accept: 'text', ...(query ? { query } : {}) }, textOf);
  }

  /** POST `body` as JSON; emit the parsed answer (undefined when empty). */
  postJson(path: string, body?: unknown): Observable<unknown>;
  /** POST `body` as JSON; emit the answer decoded with `codec`. */
  postJson<A, O>(path: string, body: unknown, codec: Type<A, O, unknown>): Observable<A>;
  postJson<A, O>(path: string, body?: unknown, codec?: Type<A, O, unknown>): Observable<unknown> {
    return this.#decoded({ method: 'POST', path, body }, codec);
  }

  /** PUT `body` as JSON; emit the parsed answer (undefined when empty, as for 204). */
  put(path: string, body?: unknown): Observable<unknown>;
  /** PUT `body` as JSON; emit the answer decoded with `codec`. */
  put<A, O>(path: string, body: unknown, codec: Type<A, O, unknown>): Observable<A>;
  put<A, O>(path: string, body?: unknown, codec?: Type<A, O, unknown>): Observable<unknown> {
    return this.#decoded({ method: 'PUT', path, body }, codec);
  }

  /** PATCH with `body` as JSON; emit the parsed answer (undefined when empty). */
  patch(path: string, body?: unknown): Observable<unknown>;
  /** PATCH with `body` as JSON; emit the answer decoded with `codec`. */
  patch<A, O>(path: string, body: unknown, codec: Type<A, O, unknown>): Observable<A>;
  patch<A, O>(path: string, body?: unknown, codec?: Type<A, O, unknown>): Observable<unknown> {
    return this.#decoded({ method: 'PATCH', path, body }, codec);
  }

  /** DELETE; emit the parsed answer (undefined when empty, as for 204). */
  delete(path: string): Observable<unknown>;
  /** DELETE; emit the answer decoded with `codec`. */
  delete<A, O>(path: string, codec: Type<A, O, unknown>): Observable<A>;
  delete<A, O>(path: string, codec?: Type<A, O, unknown>): Observable<unknown> {
    return this.#decoded({ method: 'DELETE', path }, codec);
  }

  /** `HttpClient(<base URL>)`. */
  toString(): string {
    return `HttpClient(${this.baseUrl})`;
  }

  /** The base URL only. */
  toJSON(): { baseUrl: string } {
    return { baseUrl: this.baseUrl };
  }

  /** What Node's `util.inspect` (and `console.log`) shows. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }

  #decoded<A, O>(req: HttpRequest, codec: Type<A, O, unknown> | undefined): Observable<unknown> {
    if (codec === undefined) return this.#send(req, bodyOf);
    return this.#send(req, (response) => {
      const result = decode(codec, response.body);
      if (isLeft(result)) {
        const e = result.left;
        const where = `${req.method} ${this.#basePath}${pathOnly(req.path)}`;
        const message = redactSecrets(`${where}: ${e.message}`, this.secrets());
        throw new DecodeError(e.path, e.expected, e.actual, e.kind, message);
      }
      return result.right;
    });
  }

  /**
   * The Observable of one request: each subscription prepares it (a bad request is the
   * subscription's error) and runs it as a {@link RequestRun}, whose answer goes through
   * {@link HttpClient.#read} and then `read`.
   */
  #send<T>(req: HttpRequest, read: (response: HttpResponse) => T): Observable<T> {
    return new Observable<T>((subscriber) => {
      let prepared: Prepared;
      try {
        prepared = this.#prepare(req);
      } catch (error) {
        // A request that ended at once: counted, never in flight.
        this.#counters.requests++;
        subscriber.error(error);
        return undefined;
      }
      const { accept, method, url } = prepared;
      const run = new RequestRun(
        this.#env,
        prepared,
        (raw) => read(this.#read(raw, accept, method, url)),
        subscriber,
      );
      run.start();
      return () => run.teardown();
    });
  }

  #prepare(req: HttpRequest): Prepared {
    if (req === null || typeof req !== 'object') {
      throw new ConfigError(`request must be an object, got ${describeValue(req)}`, 'request');
    }
    const method = req.method;
    if (typeof method !== 'string' || !METHODS.has(method)) {
      throw new ConfigError(
        `request.method must be GET, POST, PUT, PATCH or DELETE, got ${describeValue(method)}`,
        'request.method',
      );
    }
    const accept = req.accept ?? 'json';
    if (accept !== 'json' && accept !== 'text' && accept !== 'none') {
      throw new ConfigError(
        `request.accept must be 'json', 'text' or 'none', got ${describeValue(accept)}`,
        'request.accept',
      );
    }
    const url = this.#join(req.path, req.query);
    const shared = accept === 'json' && method === 'GET' ? this.#jsonGetHeaders : this.#baseHeaders;
    if (req.headers === undefined && req.body === undefined) {
      // The common case (every poll): the client's own headers, built once.
      return {
        method,
        url,
        headers: shared,
        body: undefined,
        accept,
        policy: this.#policyOf(req),
        idempotent: !NON_IDEMPOTENT.has(method),
      };
    }
    const headers: Record<string, string> = { ...shared };
    for (const [name, value] of Object.entries(req.headers ?? {})) {
      headers[headerValue(name, 'request.headers')] = headerValue(value, `request.headers.${name}`);
    }
    let body: string | undefined;
    if (isFormBody(req.body)) {
      body = req.body.form;
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
    } else if (req.body !== undefined) {
      try {
        body = stringifyJson(req.body);
      } catch (err) {
        throw new DecodeError(
          'body',
          'a JSON-serialisable value',
          describeValue(req.body),
          'invalid',
          `${method} ${new URL(url).pathname}: request body is not JSON-serialisable: ${messageOf(err)}`,
        );
      }
      headers['Content-Type'] = 'application/json';
    }
    return {
      method,
      url,
      headers,
      body,
      accept,
      policy: this.#policyOf(req),
      idempotent: !NON_IDEMPOTENT.has(method),
    };
  }

  #policyOf(req: HttpRequest): RetryPolicy | undefined {
    return req.retry === false
      ? undefined
      : req.retry === undefined
        ? this.#retry
        : resolveRetryPolicy({ ...this.#retry, ...req.retry });
  }

  #read(
    raw: RawResponse,
    accept: 'json' | 'text' | 'none',
    method: string,
    url: string,
  ): HttpResponse {
    if (this.#onDeprecation !== undefined) this.#checkDeprecation(raw.headers, method, url);
    if (accept !== 'json' || !NON_SPACE.test(raw.text)) {
      return { status: raw.status, headers: raw.headers, text: raw.text, body: undefined };
    }
    const parsed = parseJson(raw.text);
    if (isLeft(parsed)) {
      const e = parsed.left;
      const message = redactSecrets(
        `${method} ${new URL(url).pathname}: response is not valid JSON: ${e.message}`,
        this.secrets(),
      );
      throw new DecodeError(e.path, e.expected, e.actual, e.kind, message);
    }
    return { status: raw.status, headers: raw.headers, text: raw.text, body: parsed.right };
  }

  /** Tell `onDeprecation`, once, about an answer announcing that the API version is deprecated. */
  #checkDeprecation(headers: Headers, method: string, url: string): void {
    const tell = this.#onDeprecation;
    if (tell === undefined || (!headers.has('deprecation') && !headers.has('sunset'))) return;
    const warning = deprecationOf(headers, this.apiVersion, `${method} ${new URL(url).pathname}`);
    if (warning === undefined) return;
    this.#onDeprecation = undefined;
    try {
      tell(warning);
    } catch {
      // A listener's failure is not the request's.
    }
  }
}

interface Prepared extends PreparedRequest {
  readonly accept: 'json' | 'text' | 'none';
}

const NO_SECRETS: readonly string[] = Object.freeze([]);

function identity<T>(value: T): T {
  return value;
}

function textOf(response: HttpResponse): string {
  return response.text;
}

function bodyOf(response: HttpResponse): unknown {
  return response.body;
}

function isFormBody(body: unknown): body is FormBody {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return false;
  const keys = Object.keys(body);
  return keys.length === 1 && keys[0] === 'form' && typeof (body as FormBody).form === 'string';
}

function headerValue(value: unknown, option: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ConfigError(
      `${option} must be a non-empty string, got ${describeValue(value)}`,
      option,
    );
  }
  if (HEADER_BREAK.test(value)) {
    throw new ConfigError(`${option} must not contain line breaks or NUL characters`, option);
  }
  return value;
}

function pathOnly(path: string): string {
  const p = path.split(/[?#]/)[0]!;
  return p === '' || p.startsWith('/') ? p : `/${p}`;
}
