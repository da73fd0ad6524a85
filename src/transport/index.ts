/**
 * `quantum-jobs-rx/transport`: HTTP over cross-fetch (authentication, retries, typed API errors,
 * abort on unsubscribe) and websockets over rxjs-websockets. Nothing here imports a Node
 * built-in or the `ws` package statically, so it is safe in browser bundles.
 *
 * @module
 */
export type { Credentials, TokenSourceOptions } from './credentials.js';
export { DEFAULT_IAM_URL, DEFAULT_REFRESH_MARGIN_MS, TokenSource } from './credentials.js';
export type { FetchFunction, HttpExchange, HttpMethod, RawResponse } from './fetch-once.js';
export { defaultFetch, fetchOnce } from './fetch-once.js';
export type {
  FormBody,
  HttpClientOptions,
  HttpClientStats,
  HttpRequest,
  HttpResponse,
} from './http-client.js';
export { deprecationOf } from './deprecation.js';
export type { ApiDeprecationWarning, HeaderReader } from './deprecation.js';
export { DEFAULT_API_VERSION, HttpClient } from './http-client.js';
export { DEFAULT_MAX_RESPONSE_BYTES } from './read-body.js';
export { REDACTED, redactSecrets } from './redact.js';
export type { RetryInfo, RetryOptions, RetryPolicy } from './retry.js';
export {
  DEFAULT_RETRY_POLICY,
  RETRYABLE_STATUSES,
  isTransient,
  resolveRetryPolicy,
  retryTransient,
} from './retry.js';
export type { QueryParams, SecureUrlOptions } from './url.js';
export {
  assertSecureUrl,
  encodePathSegment,
  isLoopbackHost,
  joinUrl,
  safeUrl,
  wsUrlFromHttp,
} from './url.js';
export type {
  TransportStats,
  WebSocketEventLike,
  WebSocketFactory,
  WebSocketLike,
  WebSocketStreamOptions,
} from './websocket.js';
export { NORMAL_CLOSURE, transportStats, webSocket$ } from './websocket.js';
