/**
 * Who may talk to the local runtime: the configured bearer token, API keys (directly as
 * `Authorization: apikey <key>` or exchanged at `POST /identity/token`), and the IAM tokens
 * that exchange issues, valid until they expire. Issued tokens are JWTs like IBM Cloud IAM's,
 * with `iat` and `exp` claims, because IBM's SDKs decode them to know when to refresh
 * (ibm-cloud-sdk-core `JWTTokenManager._save_token_info`); they are signed with HMAC-SHA256
 * under a key of the runtime's own. Every secret comparison hashes both sides to SHA-256
 * digests and compares them with `crypto.timingSafeEqual`, so neither the length nor the
 * content of a guess leaks through timing.
 *
 * @module
 */
import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

/** The caller a credential belongs to. */
export interface Principal {
  /** How the caller proved itself. */
  readonly via: 'token' | 'apikey' | 'iam';
  /** Stable user id reported as `user_id` and used for per-user rate limits. */
  readonly userId: string;
  /** When the credential stops being valid (ms since the epoch); absent: it does not expire. */
  readonly expiresAt?: number;
}

/** The IAM token response, as `POST /identity/token` answers it. */
export interface IssuedIamToken {
  readonly access_token: string;
  readonly refresh_token: 'not_supported';
  readonly token_type: 'Bearer';
  readonly expires_in: number;
  readonly expiration: number;
  readonly scope: 'ibm_openid';
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

/** Constant-time equality of two secrets (compares equal-length SHA-256 digests). */
export function secretsEqual(candidate: string, expected: string): boolean {
  return timingSafeEqual(digest(candidate), digest(expected));
}

/** The user id reported for the configured token. */
export const LOCAL_USER_ID = 'local-user';

const TOKEN_PRINCIPAL: Principal = { via: 'token', userId: LOCAL_USER_ID };

const base64url = (value: unknown): string =>
  Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

/** The claims of an issued token (the fields IBM Cloud IAM access tokens carry that matter). */
export interface IamClaims {
  readonly iam_id: string;
  readonly id: string;
  readonly sub: string;
  readonly iss: string;
  readonly grant_type: string;
  readonly scope: string;
  readonly client_id: string;
  readonly jti: string;
  /** Issued at, Unix seconds. */
  readonly iat: number;
  /** Expires at, Unix seconds. */
  readonly exp: number;
}

/** Checks credentials and issues IAM tokens. */
export class Authenticator {
  private readonly issued = new Map<string, { expiresAt: number; userId: string }>();
  /** Key of the HMAC-SHA256 signature of issued tokens. */
  private readonly signingKey = randomBytes(32);
  /** SHA-256 of the configured token, compared against each bearer's digest. */
  private readonly tokenDigest: Buffer;

  /**
   * @param token the configured bearer token
   * @param apiKeys API keys accepted for the IAM exchange and the `apikey` scheme
   * @param ttlSeconds lifetime of issued IAM tokens
   * @param now clock in ms (injectable for tests)
   */
  constructor(
    private readonly token: string,
    private readonly apiKeys: readonly string[],
    private ttlSeconds: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokenDigest = digest(token);
  }

  /** Change the lifetime of tokens issued from now on. */
  setTtlSeconds(seconds: number): void {
    this.ttlSeconds = seconds;
  }

  private userOfApiKey(key: string): string | undefined {
    let found: string | undefined;
    // Compare against every key (no early exit) so timing does not reveal which one matched.
    for (const k of this.apiKeys) {
      if (secretsEqual(key, k) && found === undefined) {
        found = secretsEqual(k, this.token)
          ? LOCAL_USER_ID
          : `apikey-${digest(k).toString('hex').slice(0, 12)}`;
      }
    }
    return found;
  }

  private userOfBearer(value: string): Principal | undefined {
    // One digest per request: compared in constant time with the token's, and the key of
    // the issued tokens.
    const d = digest(value);
    const isToken = timingSafeEqual(d, this.tokenDigest);
    const key = d.toString('hex');
    const entry = this.issued.get(key);
    if (isToken) return TOKEN_PRINCIPAL;
    if (entry) {
      if (entry.expiresAt > this.now()) {
        return { via: 'iam', userId: entry.userId, expiresAt: entry.expiresAt };
      }
      this.issued.delete(key);
    }
    return undefined;
  }

  /**
   * Check an `Authorization` header value (`Bearer <token>` or `apikey <key>`); returns the
   * caller, or a message saying what was wrong.
   */
  checkAuthorization(header: string | undefined): Principal | { readonly refused: string } {
    if (header === undefined || header.trim() === '') {
      return { refused: 'Missing Authorization header (expected "Bearer <token>")' };
    }
    const m = /^\s*(\S+)\s+(\S+)\s*$/.exec(header);
    if (!m) return { refused: 'Malformed Authorization header (expected "Bearer <token>")' };
    const scheme = m[1]!.toLowerCase();
    const credential = m[2]!;
    if (scheme === 'bearer') {
      return this.userOfBearer(credential) ?? { refused: 'Invalid or expired bearer token' };
    }
    if (scheme === 'apikey') {
      const user = this.userOfApiKey(credential);
      return user ? { via: 'apikey', userId: user } : { refused: 'Invalid API key' };
    }
    return {
      refused: `Unsupported authorization scheme ${JSON.stringify(m[1])} (expected Bearer)`,
    };
  }

  /** Check a bare token (websocket `access_token` query or in-band authentication message). */
  checkToken(value: string): Principal | undefined {
    return this.userOfBearer(value);
  }

  /**
   * Exchange an API key for an IAM token, or `undefined` when the key is not accepted. The
   * token is a signed JWT whose `iat` and `exp` say when it was issued and when it expires;
   * `issuer` is the IAM base URL put in `iss`.
   */
  exchangeApiKey(apiKey: string, issuer = 'local'): IssuedIamToken | undefined {
    const userId = this.userOfApiKey(apiKey);
    if (userId === undefined) return undefined;
    for (const [k, v] of this.issued) if (v.expiresAt <= this.now()) this.issued.delete(k);
    const nowMs = this.now();
    const iat = Math.floor(nowMs / 1000);
    const ttl = Math.max(1, Math.round(this.ttlSeconds));
    const claims: IamClaims = {
      iam_id: `iam-${userId}`,
      id: `iam-${userId}`,
      sub: userId,
      iss: `${issuer}/identity`,
      grant_type: 'urn:ibm:params:oauth:grant-type:apikey',
      scope: 'ibm openid',
      client_id: 'default',
      jti: randomUUID(),
      iat,
      exp: iat + ttl,
    };
    const access = this.sign(claims);
    const expiresAt = nowMs + this.ttlSeconds * 1000;
    this.issued.set(digest(access).toString('hex'), { expiresAt, userId });
    return {
      access_token: access,
      refresh_token: 'not_supported',
      token_type: 'Bearer',
      expires_in: ttl,
      expiration: claims.exp,
      scope: 'ibm_openid',
    };
  }

  private sign(claims: IamClaims): string {
    const unsigned = `${base64url({ alg: 'HS256', typ: 'JWT' })}.${base64url(claims)}`;
    const signature = createHmac('sha256', this.signingKey).update(unsigned).digest('base64url');
    return `${unsigned}.${signature}`;
  }
}
