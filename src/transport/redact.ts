/**
 * Keeping credentials out of text: every error message, URL or body excerpt the transport
 * layer puts into an error passes through {@link redactSecrets} first, so an API key or a
 * bearer token never reaches a log line or an error report.
 *
 * @module
 */

/** What a secret is replaced with. */
export const REDACTED = '[REDACTED]';

/** Secrets shorter than this are not searched for: they would match ordinary words. */
const MIN_SECRET_LENGTH = 4;

/**
 * Replace every occurrence of each secret in `text` with `[REDACTED]`. Each secret is also
 * searched for in its URL-encoded forms (`encodeURIComponent`, and `+` for spaces as in form
 * bodies), since API keys travel in form bodies and tokens in `?access_token=` query strings.
 * Empty, undefined and very short (under 4 characters) secrets are ignored.
 *
 * ```ts
 * redactSecrets('bad key abc123', ['abc123']) // 'bad key [REDACTED]'
 * ```
 */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  const needles = new Set<string>();
  for (const secret of secrets) {
    if (secret === undefined || secret.length < MIN_SECRET_LENGTH) continue;
    needles.add(secret);
    const encoded = encodeURIComponent(secret);
    needles.add(encoded);
    needles.add(encoded.replace(/%20/g, '+'));
  }
  // Longest first, so a secret containing another is replaced whole.
  const ordered = [...needles].sort((a, b) => b.length - a.length);
  let out = text;
  for (const needle of ordered) out = out.split(needle).join(REDACTED);
  return out;
}

/** Like {@link redactSecrets}, for optional text: `undefined` stays `undefined`. */
export function redactOptional(
  text: string | undefined,
  secrets: readonly (string | undefined)[],
): string | undefined {
  return text === undefined ? undefined : redactSecrets(text, secrets);
}
