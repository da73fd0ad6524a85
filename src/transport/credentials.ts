/**
 * Credentials and the {@link TokenSource} that turns them into `Authorization` header values:
 * a static bearer token as given, or an IBM Cloud API key exchanged for a short-lived IAM
 * bearer token (protocol §1.3), cached and refreshed before it expires.
 *
 * No credential ever appears in the text of an error, in `toString()`, `toJSON()` or
 * `util.inspect` of a token source.
 *
 * @module
 */
import type { Observable, SchedulerLike } from 'rxjs';
import { defer, finalize, map, of, share, tap } from 'rxjs';
import { isLeft } from 'fp-ts/lib/Either.js';
import { decode } from '../codecs/decode.js';
import { ConfigError, DecodeError, describeValue } from '../codecs/errors.js';
import { IamTokenResponse, encodeIamTokenRequest } from '../codecs/iam.js';
import { parseJson } from '../codecs/json.js';
import type { FetchFunction } from './fetch-once.js';
import { defaultFetch, fetchOnce } from './fetch-once.js';
import { redactSecrets } from './redact.js';
import type { RetryPolicy } from './retry.js';
import { resolveRetryPolicy, retryTransient } from './retry.js';
import { assertSecureUrl, joinUrl } from './url.js';

/**
 * How requests are authenticated: a bearer token used as is, or an IBM Cloud API key
 * exchanged for IAM bearer tokens at `iamUrl` (default `https://iam.cloud.ibm.com`).
 *
 * @category Configuration
 */
export type Credentials =
  | { readonly type: 'bearer'; readonly token: string }
  | { readonly type: 'iam'; readonly apiKey: string; readonly iamUrl?: string };

/** The IAM endpoint used when the credentials name none. */
export const DEFAULT_IAM_URL = 'https://iam.cloud.ibm.com';

/** Longest margin before `expiration` at which a cached IAM token is refreshed. */
export const DEFAULT_REFRESH_MARGIN_MS = 60_000;

/** Options of {@link TokenSource}. */
export interface TokenSourceOptions {
  /** `fetch` used for the IAM exchange. Default: cross-fetch's. */
  readonly fetch?: FetchFunction;
  /** Clock in epoch milliseconds, for expiry decisions. Default `Date.now`. */
  readonly now?: () => number;
  /** Scheduler of the IAM exchange's retry waits. */
  readonly scheduler?: SchedulerLike;
  /** Retry policy of the IAM exchange (see {@link RetryPolicy}). */
  readonly retry?: Partial<RetryPolicy>;
  /** Accept an `http://` IAM URL to a host other than loopback. Default false. */
  readonly allowInsecureHttp?: boolean;
  /**
   * How long before its expiry a token is replaced: this many milliseconds, but never more
   * than a tenth of the token's lifetime. Default 60000.
   */
  readonly refreshMarginMs?: number;
}

/** A token obtained from IAM, with the times it is refreshed and expires. */
interface CachedToken {
  readonly header: string;
  readonly accessToken: string;
  readonly refreshToken: string | undefined;
  readonly refreshAt: number;
  readonly expiresAt: number;
}

/** Characters that would split or end an HTTP header. */
const HEADER_BREAK = /[\r\n\0]/;

/**
 * Produces the `Authorization` header value for each request.
 *
 * - `bearer` credentials: `Bearer <token>` (a token already starting with `Bearer ` is kept as is).
 * - `iam` credentials: `POST {iamUrl}/identity/token` with the API key, the answer decoded and
 *   cached; the token is replaced once `expiration` is less than the refresh margin away, or
 *   after {@link TokenSource.invalidate} (a 401). Concurrent callers share one exchange.
 *
 * Invalid credentials throw a {@link ConfigError} from the constructor.
 */
export class TokenSource {
  readonly #credentials: Credentials;
  readonly #bearerHeader: string | undefined;
  readonly #iamUrl: string | undefined;
  readonly #fetch: FetchFunction;
  readonly #now: () => number;
  readonly #scheduler: SchedulerLike | undefined;
  readonly #retry: RetryPolicy;
  readonly #refreshMarginMs: number;
  #token: CachedToken | undefined;
  /** {@link TokenSource.secrets} as last computed, and the token it was computed for. */
  #secrets: readonly string[] | undefined;
  #secretsToken: CachedToken | undefined;
  #inFlight: Observable<string> | undefined;
  #exchanges = 0;

  constructor(credentials: Credentials, options: TokenSourceOptions = {}) {
    this.#credentials = checkCredentials(credentials);
    this.#fetch = options.fetch ?? defaultFetch;
    this.#now = options.now ?? Date.now;
    this.#scheduler = options.scheduler;
    this.#retry = resolveRetryPolicy(options.retry);
    const margin = options.refreshMarginMs ?? DEFAULT_REFRESH_MARGIN_MS;
    if (!Number.isFinite(margin) || margin < 0) {
      throw new ConfigError(
        `refreshMarginMs must be a finite number >= 0, got ${String(margin)}`,
        'refreshMarginMs',
      );
    }
    this.#refreshMarginMs = margin;
    if (this.#credentials.type === 'bearer') {
      const token = this.#credentials.token.trim();
      this.#bearerHeader = /^bearer\s+/i.test(token) ? token : `Bearer ${token}`;
    } else {
      const iamUrl = this.#credentials.iamUrl ?? DEFAULT_IAM_URL;
      assertSecureUrl(iamUrl, {
        allowInsecureHttp: options.allowInsecureHttp ?? false,
        option: 'credentials.iamUrl',
      });
      this.#iamUrl = iamUrl;
    }
  }

  /** `bearer` or `iam`. */
  get type(): Credentials['type'] {
    return this.#credentials.type;
  }

  /** Whether a rejected token can be replaced by a new one (true for IAM API keys). */
  get refreshable(): boolean {
    return this.#credentials.type === 'iam';
  }

  /** How many IAM exchanges were started (for tests and diagnostics). */
  get exchanges(): number {
    return this.#exchanges;
  }

  /**
   * The `Authorization` header value to send now: emits once and completes. For IAM it
   * exchanges the API key when no cached token is fresh enough; the exchange's failure
   * (`IBMApiError`, `NetworkError`, `DecodeError`) is the Observable's error.
   */
  authorization(): Observable<string> {
    return defer(() => {
      const current = this.cachedAuthorization();
      if (current !== undefined) return of(current);
      if (this.#inFlight === undefined) {
        const shared: Observable<string> = this.#exchange().pipe(
          tap((token) => {
            this.#token = token;
          }),
          map((token) => token.header),
          finalize(() => {
            if (this.#inFlight === shared) this.#inFlight = undefined;
          }),
          share(),
        );
        this.#inFlight = shared;
      }
      return this.#inFlight;
    });
  }

  /**
   * The `Authorization` header value when it is known without an exchange: the bearer token,
   * or an IAM token that does not need refreshing yet. `undefined` when
   * {@link TokenSource.authorization} would exchange the API key first.
   */
  cachedAuthorization(): string | undefined {
    if (this.#bearerHeader !== undefined) return this.#bearerHeader;
    const cached = this.#token;
    return cached !== undefined && this.#now() < cached.refreshAt ? cached.header : undefined;
  }

  /**
   * Forget the cached token if `rejectedHeader` is its header (the server answered 401 to
   * it), so the next {@link TokenSource.authorization} exchanges the API key again. A header
   * that is no longer the cached one (another request already refreshed it) changes nothing.
   */
  invalidate(rejectedHeader: string): void {
    if (this.#token !== undefined && this.#token.header === rejectedHeader) {
      this.#token = undefined;
    }
  }

  /** The strings that must never appear in error text: the API key or token, and IAM tokens. */
  secrets(): readonly string[] {
    // Asked for on every request: computed again only when the cached token changed.
    if (this.#secrets === undefined || this.#secretsToken !== this.#token) {
      const c = this.#credentials;
      const out = c.type === 'bearer' ? [c.token.trim()] : [c.apiKey.trim()];
      if (this.#token !== undefined) {
        out.push(this.#token.accessToken);
        if (this.#token.refreshToken !== undefined) out.push(this.#token.refreshToken);
      }
      this.#secrets = Object.freeze(out);
      this.#secretsToken = this.#token;
    }
    return this.#secrets;
  }

  /** `TokenSource(bearer)` or `TokenSource(iam, <IAM URL>)`: never the credential. */
  toString(): string {
    return this.#iamUrl === undefined ? 'TokenSource(bearer)' : `TokenSource(iam, ${this.#iamUrl})`;
  }

  /** The kind of credential and the IAM URL, never the credential itself. */
  toJSON(): { type: Credentials['type']; iamUrl?: string } {
    return this.#iamUrl === undefined
      ? { type: this.type }
      : { type: this.type, iamUrl: this.#iamUrl };
  }

  /** What Node's `util.inspect` (and `console.log`) shows. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }

  #exchange(): Observable<CachedToken> {
    return defer(() => {
      this.#exchanges++;
      const c = this.#credentials as Extract<Credentials, { type: 'iam' }>;
      const apiKey = c.apiKey.trim();
      const url = joinUrl(this.#iamUrl!, '/identity/token');
      return fetchOnce(
        this.#fetch,
        {
          method: 'POST',
          url,
          headers: {
            'Content-Type': 'application/x-www-form-urlencoded',
            Accept: 'application/json',
          },
          body: encodeIamTokenRequest(apiKey),
        },
        [apiKey],
      ).pipe(
        // Exchanging a key has no side effect on the server: safe to repeat after any failure.
        retryTransient<{ text: string }>(this.#retry, {
          ...(this.#scheduler !== undefined ? { scheduler: this.#scheduler } : {}),
          idempotent: true,
        }),
        map((response) => this.#readToken(response.text, apiKey)),
      );
    });
  }

  #readToken(text: string, apiKey: string): CachedToken {
    const receivedAt = this.#now();
    const parsed = parseJson(text);
    const decoded = isLeft(parsed) ? parsed : decode(IamTokenResponse, parsed.right, 'iam');
    if (isLeft(decoded)) {
      throw redactDecodeError(decoded.left, [apiKey, ...tokenStrings(parsed)]);
    }
    const body = decoded.right;
    const accessToken = body.access_token;
    if (HEADER_BREAK.test(accessToken) || accessToken.trim() === '') {
      throw new DecodeError(
        'iam.access_token',
        'a non-empty token without line breaks',
        '[REDACTED]',
        'invalid',
        'iam.access_token: expected a non-empty token without line breaks',
      );
    }
    const lifetimeMs = lifetimeOf(body, receivedAt);
    const expiresAt = receivedAt + lifetimeMs;
    const margin = Math.min(this.#refreshMarginMs, lifetimeMs / 10);
    const tokenType =
      typeof body.token_type === 'string' && body.token_type !== '' ? body.token_type : 'Bearer';
    return {
      header: `${tokenType} ${accessToken}`,
      accessToken,
      refreshToken:
        typeof body.refresh_token === 'string' && body.refresh_token !== 'not_supported'
          ? body.refresh_token
          : undefined,
      refreshAt: expiresAt - margin,
      expiresAt,
    };
  }
}

/**
 * A token's lifetime in milliseconds from when it was received: `expires_in` when present,
 * `expiration` (epoch seconds) otherwise. When both are present the earlier end wins, unless
 * `expiration` is not after the receipt time by the local clock (clock skew), then `expires_in`
 * alone is used so a skewed clock does not make every token look expired.
 */
function lifetimeOf(
  body: { expires_in?: number; expiration?: number },
  receivedAt: number,
): number {
  const fromExpiresIn =
    typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in * 1000 : undefined;
  const fromExpiration =
    typeof body.expiration === 'number' && body.expiration * 1000 > receivedAt
      ? body.expiration * 1000 - receivedAt
      : undefined;
  if (fromExpiresIn !== undefined && fromExpiration !== undefined) {
    return Math.min(fromExpiresIn, fromExpiration);
  }
  return fromExpiresIn ?? fromExpiration ?? 0;
}

/** Token-like strings in a (possibly malformed) IAM answer, to redact from a decode error. */
function tokenStrings(parsed: ReturnType<typeof parseJson>): string[] {
  if (isLeft(parsed)) return [];
  const v = parsed.right;
  if (v === null || typeof v !== 'object') return [];
  return ['access_token', 'refresh_token']
    .map((k) => (v as Record<string, unknown>)[k])
    .filter((s): s is string => typeof s === 'string');
}

/** The same decode failure, with secrets removed from its message and no raw `actual` value. */
function redactDecodeError(err: DecodeError, secrets: readonly string[]): DecodeError {
  return new DecodeError(
    err.path,
    err.expected,
    redactSecrets(describeValue(err.actual), secrets),
    err.kind,
    redactSecrets(err.message, secrets),
  );
}

function checkCredentials(credentials: unknown): Credentials {
  if (credentials === null || typeof credentials !== 'object') {
    throw new ConfigError(
      `credentials must be { type: 'bearer', token } or { type: 'iam', apiKey }, got ${describeValue(credentials)}`,
      'credentials',
    );
  }
  const c = credentials as Record<string, unknown>;
  const secretField = (name: 'token' | 'apiKey'): void => {
    const v = c[name];
    if (typeof v !== 'string' || v.trim() === '') {
      // Never describe the value itself: it is the credential.
      throw new ConfigError(
        `credentials.${name} must be a non-empty string (got ${typeof v === 'string' ? 'an empty string' : typeof v})`,
        `credentials.${name}`,
      );
    }
    if (HEADER_BREAK.test(v.trim())) {
      throw new ConfigError(
        `credentials.${name} must not contain line breaks or NUL characters`,
        `credentials.${name}`,
      );
    }
  };
  if (c['type'] === 'bearer') {
    secretField('token');
    return { type: 'bearer', token: c['token'] as string };
  }
  if (c['type'] === 'iam') {
    secretField('apiKey');
    const iamUrl = c['iamUrl'];
    if (iamUrl !== undefined && typeof iamUrl !== 'string') {
      throw new ConfigError(
        `credentials.iamUrl must be a string, got ${typeof iamUrl}`,
        'credentials.iamUrl',
      );
    }
    return iamUrl === undefined
      ? { type: 'iam', apiKey: c['apiKey'] as string }
      : { type: 'iam', apiKey: c['apiKey'] as string, iamUrl };
  }
  throw new ConfigError(
    `credentials.type must be 'bearer' or 'iam', got ${describeValue(c['type'])}`,
    'credentials.type',
  );
}
