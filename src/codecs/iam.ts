/**
 * Authentication payloads: the IBM Cloud IAM API-key exchange
 * (`POST https://iam.cloud.ibm.com/identity/token`, form-encoded) and the legacy IBM Quantum
 * login (`POST /users/loginWithToken`, whose answer carries the access token in `id`).
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { DecodeError } from './errors.js';
import { FiniteNumber } from './scalars.js';

/** `grant_type` of an API-key exchange. */
export const IAM_APIKEY_GRANT_TYPE = 'urn:ibm:params:oauth:grant-type:apikey';

/**
 * Answer of the IAM token exchange. `expiration` is a Unix time in seconds, `expires_in` a
 * lifetime in seconds; `refresh_token` may be the text `not_supported`.
 */
export const IamTokenResponse = t.intersection(
  [
    t.type({ access_token: t.string }),
    t.partial({
      refresh_token: t.string,
      token_type: t.string,
      expires_in: FiniteNumber,
      expiration: FiniteNumber,
      scope: t.string,
    }),
  ],
  'IamTokenResponse',
);
export type IamTokenResponse = t.TypeOf<typeof IamTokenResponse>;

/** Form body of the IAM exchange for `apiKey` (`application/x-www-form-urlencoded`). */
export function encodeIamTokenRequest(apiKey: string): string {
  return new URLSearchParams([
    ['grant_type', IAM_APIKEY_GRANT_TYPE],
    ['apikey', apiKey],
  ]).toString();
}

/** What an IAM exchange request asks for. */
export interface IamTokenRequest {
  readonly apiKey: string;
}

function singleField(form: URLSearchParams, name: string): E.Either<DecodeError, string> {
  const values = form.getAll(name);
  if (values.length === 0) return E.left(new DecodeError(name, 'a form field', undefined));
  if (values.length > 1) return E.left(new DecodeError(name, 'a single value', values.join(',')));
  return E.right(values[0]!);
}

/**
 * Read an IAM exchange form body (the local runtime's side of `encodeIamTokenRequest`).
 * A missing or different `grant_type`, or a missing or empty `apikey`, is a
 * `DecodeError` naming the field.
 */
export function decodeIamTokenRequest(formText: string): E.Either<DecodeError, IamTokenRequest> {
  const form = new URLSearchParams(formText);
  const grant = singleField(form, 'grant_type');
  if (E.isLeft(grant)) return grant;
  if (grant.right !== IAM_APIKEY_GRANT_TYPE) {
    return E.left(
      new DecodeError('grant_type', JSON.stringify(IAM_APIKEY_GRANT_TYPE), grant.right),
    );
  }
  const key = singleField(form, 'apikey');
  if (E.isLeft(key)) return key;
  if (key.right.trim() === '')
    return E.left(new DecodeError('apikey', 'a non-empty API key', key.right));
  return E.right({ apiKey: key.right });
}

/** Body of the legacy `POST /users/loginWithToken`. */
export const LegacyLoginRequest = t.type({ apiToken: t.string }, 'LegacyLoginRequest');
export type LegacyLoginRequest = t.TypeOf<typeof LegacyLoginRequest>;

/** Answer of the legacy login: the access token is `id`. */
export const LegacyLoginResponse = t.type({ id: t.string }, 'LegacyLoginResponse');
export type LegacyLoginResponse = t.TypeOf<typeof LegacyLoginResponse>;
