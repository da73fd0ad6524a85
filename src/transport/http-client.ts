/**
 * The HTTP client of the service's REST API: every request is a cold Observable that adds the
 * service's headers (`Authorization`, `Service-CRN`, `IBM-API-Version`), retries transient
 * failures, refreshes an IAM token once after a 401, turns every failure into a typed error
 * and aborts the underlying `fetch` when unsubscribed.
 *
 * @module
 */
import type { Observable, SchedulerLike } from 'rxjs';
import { catchError, defer, finalize, map, of, switchMap, throwError } from 'rxjs';
import type { Type } from 'io-ts';
import { isLeft } from 'fp-ts/lib/Either.js';
import { decode } from '../codecs/decode.js';
import { ConfigError, DecodeError, IBMApiError, describeValue } from '../codecs/errors.js';
import { parseJson, stringifyJson } from '../codecs/json.js';
import type { Credentials } from './credentials.js';
import { TokenSource } from './credentials.js';
import type { FetchFunction, HttpMethod, RawResponse } from './fetch-once.js';
import { defaultFetch, fetchOnce } from './fetch-once.js';
import { DEFAULT_MAX_RESPONSE_BYTES } from './read-body.js';
import { redactSecrets } from './redact.js';
import type { RetryPolicy } from './retry.js';
import { resolveRetryPolicy, retryTransient } from './retry.js';
import type { QueryParams } from './url.js';
import { assertSecureUrl, joinUrl } from './url.js';

export type { HttpMethod } from './fetch-once.js';

/** The `IBM-API-Version` sent unless another is configured. */
export const DEFAULT_API_VERSION = '2025-05-01';

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

/** An IAM exchange failure travelling through the retry operator, which must not retry it again. */
class TokenFailure {
  constructor(readonly error: unknown) {}
}

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
 */
export class HttpClient {
  /** The base URL, without a trailing slash. */
  readonly baseUrl: string;
  /** The `IBM-API-Version` sent. */
  readonly apiVersion: string;
  readonly #tokens: TokenSource | undefined;
  readonly #fetch: FetchFunction;
  readonly #retry: RetryPolicy;
  readonly #scheduler: SchedulerLike | undefined;
  readonly #random: (() => number) | undefined;
  readonly #serviceCrn: string | undefined;
  readonly #userAgent: string | undefined;
  readonly #basePath: string;
  readonly #maxResponseBytes: number;
  #requests = 0;
  #inFlight = 0;
  #retries = 0;

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
    this.#fetch = options.fetch ?? defaultFetch;
    if (typeof this.#fetch !== 'function') {
      throw new ConfigError(`fetch must be a function, got ${typeof this.#fetch}`, 'fetch');
    }
    this.#retry = resolveRetryPolicy(options.retry);
    const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    if (!Number.isSafeInteger(maxResponseBytes) || maxResponseBytes < 1) {
      throw new ConfigError(
        `maxResponseBytes must be a positive integer, got ${describeValue(maxResponseBytes)}`,
        'maxResponseBytes',
      );
    }
    this.#maxResponseBytes = maxResponseBytes;
    this.#scheduler = options.scheduler;
    this.#random = options.random;
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
  }

  /** Counters: requests made, requests in flight, retries. */
  get stats(): HttpClientStats {
    return { requests: this.#requests, inFlight: this.#inFlight, retries: this.#retries };
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
    return this.#tokens?.secrets() ?? [];
  }

  /**
   * Send a request when subscribed; emit its 2xx answer and complete, or error with a typed
   * error (see {@link HttpClient}). Unsubscribing aborts it.
   */
  request(req: HttpRequest): Observable<HttpResponse> {
    return defer(() => {
      this.#requests++;
      this.#inFlight++;
      let settled = false;
      const done = (): void => {
        if (!settled) {
          settled = true;
          this.#inFlight--;
        }
      };
      let prepared: Prepared;
      try {
        prepared = this.#prepare(req);
      } catch (err) {
        done();
        return throwError(() => err);
      }
      const { method, url, headers, body, accept, policy } = prepared;
      const tokens = this.#tokens;

      const attempt = (refreshed: boolean): Observable<RawResponse> => {
        const auth$: Observable<string | undefined> =
          tokens === undefined
            ? of(undefined)
            : tokens
                .authorization()
                .pipe(catchError((err: unknown) => throwError(() => new TokenFailure(err))));
        return auth$.pipe(
          switchMap((authorization) => {
            const all =
              authorization === undefined ? headers : { ...headers, Authorization: authorization };
            return fetchOnce(
              this.#fetch,
              { method, url, headers: all, body },
              this.secrets(),
              this.#maxResponseBytes,
            ).pipe(
              catchError((err: unknown) => {
                if (
                  !refreshed &&
                  authorization !== undefined &&
                  tokens?.refreshable === true &&
                  err instanceof IBMApiError &&
                  err.status === 401
                ) {
                  tokens.invalidate(authorization);
                  return attempt(true);
                }
                return throwError(() => err);
              }),
            );
          }),
        );
      };

      const retried$ =
        policy === undefined
          ? attempt(false)
          : attempt(false).pipe(
              retryTransient<RawResponse>(policy, {
                idempotent: !NON_IDEMPOTENT.has(method),
                onRetry: () => {
                  this.#retries++;
                },
                ...(this.#scheduler !== undefined ? { scheduler: this.#scheduler } : {}),
                ...(this.#random !== undefined ? { random: this.#random } : {}),
              }),
            );

      return retried$.pipe(
        catchError((err: unknown) =>
          throwError(() => (err instanceof TokenFailure ? err.error : err)),
        ),
        map((raw) => this.#read(raw, accept, method, url)),
        finalize(done),
      );
    });
  }

  /** GET a JSON document and decode it with `codec`. */
  getJson<A, O>(path: string, codec: Type<A, O, unknown>, query?: QueryParams): Observable<A> {
    return this.#decoded(
      { method: 'GET', path, ...(query ? { query } : {}) },
      codec,
    ) as Observable<A>;
  }

  /** GET a body as text (no `Accept` header, no parsing), e.g. results and logs. */
  getText(path: string, query?: QueryParams): Observable<string> {
    return this.request({ method: 'GET', path, accept: 'text', ...(query ? { query } : {}) }).pipe(
      map((r) => r.text),
    );
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
    return this.request(req).pipe(
      map((response) => {
        if (codec === undefined) return response.body;
        const result = decode(codec, response.body);
        if (isLeft(result)) {
          const e = result.left;
          const where = `${req.method} ${this.#basePath}${pathOnly(req.path)}`;
          const message = redactSecrets(`${where}: ${e.message}`, this.secrets());
          throw new DecodeError(e.path, e.expected, e.actual, e.kind, message);
        }
        return result.right;
      }),
    );
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
    const url = joinUrl(this.baseUrl, req.path, req.query);
    const headers: Record<string, string> = { 'IBM-API-Version': this.apiVersion };
    if (this.#serviceCrn !== undefined) headers['Service-CRN'] = this.#serviceCrn;
    if (this.#userAgent !== undefined) headers['User-Agent'] = this.#userAgent;
    if (accept === 'json' && method === 'GET') headers['Accept'] = 'application/json';
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
          `${method} ${new URL(url).pathname}: request body is not JSON-serialisable: ${err instanceof Error ? err.message : String(err)}`,
        );
      }
      headers['Content-Type'] = 'application/json';
    }
    const policy =
      req.retry === false
        ? undefined
        : req.retry === undefined
          ? this.#retry
          : resolveRetryPolicy({ ...this.#retry, ...req.retry });
    return { method, url, headers, body, accept, policy };
  }

  #read(
    raw: RawResponse,
    accept: 'json' | 'text' | 'none',
    method: string,
    url: string,
  ): HttpResponse {
    if (accept !== 'json' || raw.text.trim() === '') {
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
}

interface Prepared {
  readonly method: HttpMethod;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: string | undefined;
  readonly accept: 'json' | 'text' | 'none';
  readonly policy: RetryPolicy | undefined;
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
