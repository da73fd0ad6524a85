/**
 * Presigned download URLs, like the object-storage links the service hands out for large
 * artefacts: a path plus `expires` (Unix seconds) and an HMAC-SHA256 `signature` over both,
 * under a key of the runtime's own. Such a URL needs no other credentials until it expires.
 *
 * @module
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Signs and checks presigned paths. */
export class UrlSigner {
  private readonly key = randomBytes(32);

  constructor(private readonly now: () => number) {}

  private mac(path: string, expires: number): Buffer {
    return createHmac('sha256', this.key).update(`${path}\n${expires}`).digest();
  }

  /** `path?expires=...&signature=...`, valid for `ttlSeconds`. */
  sign(path: string, ttlSeconds: number): string {
    const expires = Math.floor(this.now() / 1000) + ttlSeconds;
    return `${path}?expires=${expires}&signature=${this.mac(path, expires).toString('base64url')}`;
  }

  /** Whether `query` carries a valid, unexpired signature of `path`. */
  verify(path: string, query: URLSearchParams): boolean {
    const expires = Number(query.get('expires'));
    const signature = query.get('signature');
    if (!Number.isSafeInteger(expires) || signature === null) return false;
    if (expires * 1000 < this.now()) return false;
    const given = Buffer.from(signature, 'base64url');
    const want = this.mac(path, expires);
    return given.length === want.length && timingSafeEqual(given, want);
  }
}
