import { startLocalRuntime, type LocalRuntime } from '../../../src/local/index.js';
import { Authenticator, secretsEqual } from '../../../src/local/server/auth.js';
import { api } from './support.js';

const GRANT = 'urn:ibm:params:oauth:grant-type:apikey';

async function exchange(rt: LocalRuntime, body: string): Promise<{ status: number; json: any }> {
  const res = await fetch(`${rt.iamUrl}/identity/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body,
  });
  return { status: res.status, json: await res.json() };
}

describe('local runtime authentication', () => {
  let rt: LocalRuntime;
  afterEach(async () => {
    await rt?.close();
    rt = undefined as unknown as LocalRuntime;
  });

  it('refuses requests without an Authorization header, with a wrong token, or another scheme (401, error body)', async () => {
    rt = await startLocalRuntime({ port: 0, token: 'secret-token' });
    const cases = [
      await api(rt, 'GET', '/v1/jobs', { token: null }),
      await api(rt, 'GET', '/v1/jobs', { token: 'secret-tokeN' }),
      await api(rt, 'GET', '/v1/jobs', { token: 'x' }),
      await api(rt, 'GET', '/v1/jobs', {
        token: null,
        headers: { Authorization: 'Basic c2VjcmV0LXRva2Vu' },
      }),
      await api(rt, 'GET', '/v1/jobs', { token: null, headers: { Authorization: 'Bearer' } }),
    ];
    for (const res of cases) {
      expect(res.status).toBe(401);
      expect(res.json.errors[0].code).toBe(1200);
      expect(typeof res.json.errors[0].message).toBe('string');
      expect(typeof res.json.trace).toBe('string');
      expect(res.headers.get('www-authenticate')).toContain('Bearer');
    }
    expect(cases[0]!.json.errors[0].message).toContain('Missing Authorization header');
    expect((await api(rt, 'GET', '/v1/jobs')).status).toBe(200);
  });

  it('also checks credentials on unknown jobs only after the path is known (404 needs no job lookup)', async () => {
    rt = await startLocalRuntime({ port: 0 });
    expect((await api(rt, 'GET', '/v1/jobs/aaaaaaaaaaaaaaaaaaaa', { token: 'wrong' })).status).toBe(
      401,
    );
    expect((await api(rt, 'GET', '/v1/jobs/aaaaaaaaaaaaaaaaaaaa')).status).toBe(404);
  });

  it('accepts the apikey scheme with an accepted key', async () => {
    rt = await startLocalRuntime({ port: 0, token: 'tok', apiKeys: ['key-1'] });
    const ok = await api(rt, 'GET', '/v1/versions', {
      token: null,
      headers: { Authorization: 'apikey key-1' },
    });
    expect(ok.status).toBe(200);
    const bad = await api(rt, 'GET', '/v1/versions', {
      token: null,
      headers: { Authorization: 'apikey key-2' },
    });
    expect(bad.status).toBe(401);
  });

  it('exchanges an API key at /identity/token for an IAM token that then works as a bearer until it expires', async () => {
    rt = await startLocalRuntime({ port: 0, apiKeys: ['my-api-key'], iamTokenTtlSeconds: 3600 });
    const before = Math.floor(Date.now() / 1000);
    const res = await exchange(rt, `grant_type=${encodeURIComponent(GRANT)}&apikey=my-api-key`);
    expect(res.status).toBe(200);
    expect(res.json.token_type).toBe('Bearer');
    expect(res.json.refresh_token).toBe('not_supported');
    expect(res.json.expires_in).toBe(3600);
    expect(res.json.expiration).toBeGreaterThanOrEqual(before + 3599);
    expect(typeof res.json.access_token).toBe('string');
    expect((await api(rt, 'GET', '/v1/jobs', { token: res.json.access_token })).status).toBe(200);

    rt.setIamTokenTtl(0.2);
    const short = await exchange(rt, `grant_type=${encodeURIComponent(GRANT)}&apikey=my-api-key`);
    expect(short.json.expires_in).toBe(1);
    expect((await api(rt, 'GET', '/v1/jobs', { token: short.json.access_token })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    const expired = await api(rt, 'GET', '/v1/jobs', { token: short.json.access_token });
    expect(expired.status).toBe(401);
    expect(expired.json.errors[0].message).toContain('expired');
    // The long-lived token is still good.
    expect((await api(rt, 'GET', '/v1/jobs', { token: res.json.access_token })).status).toBe(200);
  });

  it('accepts the runtime token as API key by default and refuses unknown keys and bad forms with 400', async () => {
    rt = await startLocalRuntime({ port: 0, token: 'the-token' });
    expect(
      (await exchange(rt, `grant_type=${encodeURIComponent(GRANT)}&apikey=the-token`)).status,
    ).toBe(200);
    const unknown = await exchange(rt, `grant_type=${encodeURIComponent(GRANT)}&apikey=nope`);
    expect(unknown.status).toBe(400);
    expect(unknown.json.errors[0].code).toBe('BXNIM0415E');
    const badGrant = await exchange(rt, 'grant_type=password&apikey=the-token');
    expect(badGrant.status).toBe(400);
    expect(badGrant.json.errors[0].message).toContain('grant_type');
  });

  it('compares secrets through equal-length digests (any lengths, no throw) and tells them apart', () => {
    expect(secretsEqual('abc', 'abc')).toBe(true);
    expect(secretsEqual('abc', 'abd')).toBe(false);
    expect(secretsEqual('a', 'a much longer secret')).toBe(false);
    expect(secretsEqual('', 'x')).toBe(false);
    const auth = new Authenticator('t0ken', ['k'], 10, () => 1000);
    expect(auth.checkAuthorization('Bearer t0ken')).toEqual({ via: 'token', userId: 'local-user' });
    expect('refused' in auth.checkAuthorization('Bearer t0ke')).toBe(true);
    expect('refused' in auth.checkAuthorization('bearer   t0ken  ')).toBe(false);
  });

  it('expires issued tokens by its clock', () => {
    let now = 0;
    const auth = new Authenticator('t', ['k'], 10, () => now);
    const issued = auth.exchangeApiKey('k')!;
    expect(auth.checkToken(issued.access_token)?.via).toBe('iam');
    now = 9_999;
    expect(auth.checkToken(issued.access_token)).toBeDefined();
    now = 10_000;
    expect(auth.checkToken(issued.access_token)).toBeUndefined();
    expect(auth.exchangeApiKey('not-a-key')).toBeUndefined();
  });
});
