import * as E from 'fp-ts/lib/Either.js';
import { decode } from '../../src/codecs/decode.js';
import {
  IAM_APIKEY_GRANT_TYPE,
  IamTokenResponse,
  LegacyLoginRequest,
  LegacyLoginResponse,
  decodeIamTokenRequest,
  encodeIamTokenRequest,
} from '../../src/codecs/iam.js';

const messageOf = (r: E.Either<{ message: string }, unknown>): string =>
  E.isLeft(r) ? r.left.message : 'Right';

describe('IAM token exchange', () => {
  it('encodes the form body', () => {
    const text = encodeIamTokenRequest('my key/+&=');
    const form = new URLSearchParams(text);
    expect(form.get('grant_type')).toBe(IAM_APIKEY_GRANT_TYPE);
    expect(form.get('apikey')).toBe('my key/+&=');
    expect(
      text.startsWith('grant_type=urn%3Aibm%3Aparams%3Aoauth%3Agrant-type%3Aapikey&apikey='),
    ).toBe(true);
  });

  it('decodes what it encodes', () => {
    const r = decodeIamTokenRequest(encodeIamTokenRequest('k-123'));
    expect(E.isRight(r) && r.right).toEqual({ apiKey: 'k-123' });
  });

  it('names the missing or wrong field', () => {
    expect(messageOf(decodeIamTokenRequest('apikey=x'))).toBe(
      'grant_type: expected a form field, got undefined',
    );
    expect(messageOf(decodeIamTokenRequest('grant_type=password&apikey=x'))).toBe(
      'grant_type: expected "urn:ibm:params:oauth:grant-type:apikey", got "password"',
    );
    const grant = `grant_type=${encodeURIComponent(IAM_APIKEY_GRANT_TYPE)}`;
    expect(messageOf(decodeIamTokenRequest(grant))).toBe(
      'apikey: expected a form field, got undefined',
    );
    expect(messageOf(decodeIamTokenRequest(`${grant}&apikey=`))).toBe(
      'apikey: expected a non-empty API key, got ""',
    );
    expect(messageOf(decodeIamTokenRequest(`${grant}&apikey=a&apikey=b`))).toBe(
      'apikey: expected a single value, got "a,b"',
    );
    expect(messageOf(decodeIamTokenRequest('%%%'))).toBe(
      'grant_type: expected a form field, got undefined',
    );
  });

  it('decodes the token response', () => {
    const r = decode(IamTokenResponse, { access_token: 'a', expires_in: 3600, expiration: 1 });
    expect(E.isRight(r) && r.right.expires_in).toBe(3600);
    expect(messageOf(decode(IamTokenResponse, { token_type: 'Bearer' }))).toBe(
      'access_token: expected string, got undefined',
    );
    expect(messageOf(decode(IamTokenResponse, { access_token: 'a', expiration: '1' }))).toBe(
      'expiration: expected finite number, got "1"',
    );
  });
});

describe('legacy login', () => {
  it('decodes request and response', () => {
    expect(E.isRight(decode(LegacyLoginRequest, { apiToken: 't' }))).toBe(true);
    expect(messageOf(decode(LegacyLoginResponse, { token: 'x' }))).toBe(
      'id: expected string, got undefined',
    );
  });
});
