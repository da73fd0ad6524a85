/**
 * One HTTP exchange as a cold Observable: subscribing sends the request, unsubscribing aborts
 * it, and every failure is a typed error with credentials removed from its text.
 *
 * @module
 */
import { Observable } from 'rxjs';
import crossFetch from 'cross-fetch';
import { apiErrorFromResponse } from '../codecs/api-error.js';
import { DecodeError, NetworkError, messageOf } from '../codecs/errors.js';
import { DEFAULT_MAX_RESPONSE_BYTES, readBodyText } from './read-body.js';
import { redactSecrets } from './redact.js';
import { safeUrl } from './url.js';
import { LightAbortSignal } from './light-abort-signal.js';

/** The HTTP methods the service's API uses. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A `fetch`-compatible function (the global one, cross-fetch's, or a test double). */
export type FetchFunction = (input: string, init: RequestInit) => Promise<Response>;

/** cross-fetch's `fetch`: node-fetch on Node, the browser's own `fetch` in browsers. */
export const defaultFetch: FetchFunction = crossFetch as FetchFunction;

/** What cancels one exchange: the `signal` handed to fetch, and `abort()` that fires it. */
export interface ExchangeAbort {
  readonly signal: AbortSignal;
  abort(): void;
}

function onNode(): boolean {
  const proc = (globalThis as { process?: { versions?: { node?: unknown } } }).process;
  return typeof proc?.versions?.node === 'string';
}

const defaultIsNodeFetch = onNode();

/**
 * An abort for one exchange sent with `fetchFn`: a {@link LightAbortSignal} for the default
 * fetch on Node (node-fetch), a real `AbortController` for any other fetch.
 */
export function exchangeAbortFor(fetchFn: FetchFunction): ExchangeAbort {
  return fetchFn === defaultFetch && defaultIsNodeFetch
    ? new LightAbortSignal()
    : new AbortController();
}

/** A fully built request. */
export interface HttpExchange {
  readonly method: HttpMethod;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string | undefined;
}

/** A successful (2xx) answer, body read as text. */
export interface RawResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

/** How one exchange ended: a 2xx answer, or the typed error it failed with. */
export type ExchangeOutcome =
  | { readonly ok: true; readonly response: RawResponse }
  | { readonly ok: false; readonly error: unknown };

/**
 * Send `exchange` with `fetchFn` now and settle with its outcome; the promise never rejects.
 * `controller` aborts the request (the caller owns it: it aborts when it loses interest, and
 * it is aborted here when a body over `maxBodyBytes` must be dropped). The outcomes are those
 * of {@link fetchOnce}.
 *
 * The request loop of `HttpClient` calls this directly, so a request costs one promise chain
 * rather than an Observable around it.
 */
export async function exchangeOutcome(
  fetchFn: FetchFunction,
  exchange: HttpExchange,
  secrets: readonly string[],
  maxBodyBytes: number,
  controller: ExchangeAbort,
): Promise<ExchangeOutcome> {
  // Written with awaits rather than promise callbacks: an answer costs two awaits, the same as
  // `await fetch(); await response.text()` by hand.
  let response: Response;
  try {
    response = await fetchFn(exchange.url, {
      method: exchange.method,
      headers: exchange.headers,
      ...(exchange.body !== undefined ? { body: exchange.body } : {}),
      signal: controller.signal,
    });
  } catch (err) {
    return { ok: false, error: networkError(exchange, secrets, err) };
  }
  let text: string;
  try {
    text = await readBodyText(response, maxBodyBytes);
  } catch (err) {
    if (!(err instanceof DecodeError)) {
      return { ok: false, error: networkError(exchange, secrets, err) };
    }
    // Over the size ceiling: drop the connection too, so the rest is never received.
    controller.abort();
    return { ok: false, error: err };
  }
  if (response.status >= 200 && response.status < 300) {
    return { ok: true, response: { status: response.status, headers: response.headers, text } };
  }
  const error = apiErrorFromResponse({
    status: response.status,
    bodyText: redactSecrets(text, secrets),
    method: exchange.method,
    url: shownUrl(exchange, secrets),
    retryAfterHeader: response.headers.get('retry-after'),
  });
  return { ok: false, error };
}

/** The URL as error text may show it (built only when an error needs it). */
function shownUrl(exchange: HttpExchange, secrets: readonly string[]): string {
  return redactSecrets(safeUrl(exchange.url), secrets);
}

/** A failed connection or body read as a {@link NetworkError} with credentials removed. */
function networkError(
  exchange: HttpExchange,
  secrets: readonly string[],
  err: unknown,
): NetworkError {
  const url = shownUrl(exchange, secrets);
  const raw = messageOf(err);
  const message = redactSecrets(raw.split(exchange.url).join(url), secrets);
  return new NetworkError(`${exchange.method} ${url}: ${message}`, url, {
    cause: sanitizedCause(err, message),
  });
}

/**
 * Send `exchange` with `fetchFn` when subscribed; emit the answer and complete.
 *
 * - A 2xx answer is emitted with its body text.
 * - Any other status errors with the `IBMApiError` built by `apiErrorFromResponse` from the
 *   status, body, method, URL and `Retry-After` header.
 * - A rejected `fetch` or a failure while reading the body errors with a {@link NetworkError}.
 * - A body larger than `maxBodyBytes` (default 256 MiB, whatever the status) errors with a
 *   `limit` `DecodeError` as soon as that is known, without buffering the rest.
 *
 * Unsubscribing before the answer is read aborts the request (`exchangeAbortFor`).
 * Every string in `secrets` is removed from error messages, bodies and URLs, and credential
 * query parameters are hidden (see {@link safeUrl}).
 */
export function fetchOnce(
  fetchFn: FetchFunction,
  exchange: HttpExchange,
  secrets: readonly string[] = [],
  maxBodyBytes: number = DEFAULT_MAX_RESPONSE_BYTES,
): Observable<RawResponse> {
  return new Observable<RawResponse>((subscriber) => {
    const controller = exchangeAbortFor(fetchFn);
    let settled = false;
    void exchangeOutcome(fetchFn, exchange, secrets, maxBodyBytes, controller).then((outcome) => {
      settled = true;
      if (subscriber.closed) return;
      if (outcome.ok) {
        subscriber.next(outcome.response);
        subscriber.complete();
      } else {
        subscriber.error(outcome.error);
      }
    });
    return () => {
      if (!settled) controller.abort();
    };
  });
}

/**
 * A copy of a fetch failure that is safe to keep as `cause`: the redacted message plus the
 * system error code (`ECONNREFUSED`, `ECONNRESET`, ...) when there is one.
 */
function sanitizedCause(err: unknown, message: string): Error {
  const cause = new Error(message);
  if (err instanceof Error) cause.name = err.name;
  const e = err as { code?: unknown; cause?: { code?: unknown } } | null;
  const code = typeof e?.code === 'string' ? e.code : e?.cause?.code;
  if (typeof code === 'string') (cause as Error & { code?: string }).code = code;
  return cause;
}
