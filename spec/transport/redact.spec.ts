import fc from 'fast-check';
import { REDACTED, redactOptional, redactSecrets } from '../../src/transport/redact.js';

describe('redactSecrets', () => {
  it('replaces every occurrence of every secret', () => {
    expect(redactSecrets('key abcd1234 and abcd1234 again, token tttt', ['abcd1234', 'tttt'])).toBe(
      `key ${REDACTED} and ${REDACTED} again, token ${REDACTED}`,
    );
  });

  it('also finds URL- and form-encoded forms', () => {
    const secret = 'a+b/c d=e';
    expect(redactSecrets(`apikey=${encodeURIComponent(secret)}`, [secret])).toBe(
      `apikey=${REDACTED}`,
    );
    expect(redactSecrets('apikey=a%2Bb%2Fc+d%3De', [secret])).toBe(`apikey=${REDACTED}`);
  });

  it('prefers the longest secret when one contains another', () => {
    expect(redactSecrets('Bearer abcdef123', ['abcd', 'abcdef123'])).toBe(`Bearer ${REDACTED}`);
  });

  it('ignores empty, undefined and very short secrets', () => {
    expect(redactSecrets('a b c', ['', undefined, 'a'])).toBe('a b c');
    expect(redactOptional(undefined, ['abcd'])).toBeUndefined();
  });

  it('never leaves a token-like secret in the output, plain or URL-encoded', () => {
    // API keys, bearer tokens and refresh tokens use letters, digits and . _ ~ + / = -
    const token = fc.stringMatching(/^[A-Za-z0-9._~+/=-]{4,40}$/);
    fc.assert(
      fc.property(token, fc.string(), fc.string(), (secret, before, after) => {
        fc.pre(!REDACTED.includes(secret));
        const text = `${before}${secret}${after}?k=${encodeURIComponent(secret)}`;
        const out = redactSecrets(text, [secret]);
        return !out.includes(secret) && !out.includes(encodeURIComponent(secret));
      }),
    );
  });
});
