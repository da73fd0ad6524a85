import { inspect } from 'node:util';
import { firstValueFrom } from 'rxjs';
import { ConfigError, DecodeError, IBMApiError } from '../../src/codecs/errors.js';
import { TokenSource } from '../../src/transport/credentials.js';
import type { TokenSourceOptions } from '../../src/transport/credentials.js';
import { HttpClient } from '../../src/transport/http-client.js';
import type { LeakTracker } from '../helpers/leaks.js';
import { trackLeaks } from '../helpers/leaks.js';
import type { RecordedRequest, ScriptedResponse } from '../helpers/test-http-server.js';
import { TestHttpServer } from '../helpers/test-http-server.js';
import { failure, recordingScheduler } from '../helpers/recording-scheduler.js';

const API_KEY = 'apikey-SECRET-0123456789abcdef';
const T0 = Date.UTC(2025, 5, 1, 12, 0, 0);

/** Every way an error or object can end up in a log. */
function renderings(value: unknown): string[] {
  const out = [
    inspect(value, { showHidden: true, depth: 10 }),
    JSON.stringify(value) ?? '',
    String(value),
  ];
  if (value instanceof Error) out.push(value.message, value.stack ?? '');
  return out;
}

describe('TokenSource', () => {
  let server: TestHttpServer;
  let leaks: LeakTracker;
  let clock: number;
  let issued: number;
  /** Lifetime of the tokens the IAM double hands out, in seconds. */
  let lifetime: number;

  const iamAnswer = (): ScriptedResponse => {
    issued++;
    return {
      body: {
        access_token: `iam-access-${issued}-${'x'.repeat(8)}`,
        refresh_token: 'not_supported',
        token_type: 'Bearer',
        expires_in: lifetime,
        expiration: Math.floor(clock / 1000) + lifetime,
        scope: 'ibm_openid',
      },
    };
  };

  const iam = (options: TokenSourceOptions = {}): TokenSource =>
    new TokenSource(
      { type: 'iam', apiKey: API_KEY, iamUrl: server.url },
      { now: () => clock, scheduler: recordingScheduler(), ...options },
    );

  beforeEach(async () => {
    leaks = trackLeaks();
    server = await TestHttpServer.start();
    clock = T0;
    issued = 0;
    lifetime = 3600;
    server.script('POST', '/identity/token', iamAnswer);
  });

  afterEach(async () => {
    await server.stop();
    await leaks.expectNone();
  });

  describe('bearer', () => {
    it('emits the token as a Bearer header and is not refreshable', async () => {
      const tokens = new TokenSource({ type: 'bearer', token: 'tok-1234' });
      expect(await firstValueFrom(tokens.authorization())).toBe('Bearer tok-1234');
      expect(tokens.refreshable).toBeFalse();
      tokens.invalidate('Bearer tok-1234');
      expect(await firstValueFrom(tokens.authorization())).toBe('Bearer tok-1234');
      expect(
        await firstValueFrom(
          new TokenSource({ type: 'bearer', token: 'Bearer abc1' }).authorization(),
        ),
      ).toBe('Bearer abc1');
    });
  });

  describe('iam', () => {
    it('exchanges the API key with the form body of protocol §1.3', async () => {
      const header = await firstValueFrom(iam().authorization());
      expect(header).toBe('Bearer iam-access-1-xxxxxxxx');
      const req = server.requests[0]!;
      expect(req.method).toBe('POST');
      expect(req.path).toBe('/identity/token');
      expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded');
      const form = new URLSearchParams(req.body);
      expect(form.get('grant_type')).toBe('urn:ibm:params:oauth:grant-type:apikey');
      expect(form.get('apikey')).toBe(API_KEY);
    });

    it('caches the token until the refresh margin before expiry', async () => {
      const tokens = iam();
      expect(await firstValueFrom(tokens.authorization())).toContain('iam-access-1');
      clock = T0 + (3600 - 61) * 1000;
      expect(await firstValueFrom(tokens.authorization())).toContain('iam-access-1');
      expect(tokens.exchanges).toBe(1);
      clock = T0 + (3600 - 59) * 1000;
      expect(await firstValueFrom(tokens.authorization())).toContain('iam-access-2');
      expect(tokens.exchanges).toBe(2);
      expect(server.requests.length).toBe(2);
    });

    it('uses a tenth of a short lifetime as the margin', async () => {
      lifetime = 100;
      const tokens = iam();
      await firstValueFrom(tokens.authorization());
      clock = T0 + 89_000;
      expect(await firstValueFrom(tokens.authorization())).toContain('iam-access-1');
      clock = T0 + 91_000;
      expect(await firstValueFrom(tokens.authorization())).toContain('iam-access-2');
    });

    it('shares one exchange between concurrent callers', async () => {
      const tokens = iam();
      const headers = await Promise.all(
        [1, 2, 3].map(() => firstValueFrom(tokens.authorization())),
      );
      expect(new Set(headers).size).toBe(1);
      expect(server.requests.length).toBe(1);
      expect(tokens.exchanges).toBe(1);
    });

    it('keeps the shared exchange going when one caller unsubscribes', async () => {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      server.script('POST', '/identity/token', () => ({ ...iamAnswer(), release: gate }));
      const tokens = iam();
      const first = tokens.authorization().subscribe({ error: fail });
      const second = firstValueFrom(tokens.authorization());
      await server.until(() => server.requests.length === 1);
      first.unsubscribe();
      release();
      expect(await second).toContain('iam-access-1');
      expect(server.abortedRequests).toBe(0);
      expect(tokens.exchanges).toBe(1);
    });

    it('aborts the exchange once every caller has unsubscribed', async () => {
      server.script('POST', '/identity/token', { hang: true });
      const tokens = iam();
      const a = tokens.authorization().subscribe({ error: fail });
      const b = tokens.authorization().subscribe({ error: fail });
      await server.until(() => server.requests.length === 1);
      a.unsubscribe();
      b.unsubscribe();
      await server.until(() => server.abortedRequests === 1);
    });

    it('forgets the token after invalidate, but only if it is the rejected one', async () => {
      const tokens = iam();
      const h1 = await firstValueFrom(tokens.authorization());
      tokens.invalidate('Bearer something-else');
      expect(await firstValueFrom(tokens.authorization())).toBe(h1);
      tokens.invalidate(h1);
      const h2 = await firstValueFrom(tokens.authorization());
      expect(h2).not.toBe(h1);
      tokens.invalidate(h1);
      expect(await firstValueFrom(tokens.authorization())).toBe(h2);
      expect(tokens.exchanges).toBe(2);
    });

    it('retries the exchange after a 503', async () => {
      server.script('POST', '/identity/token', { status: 503 }, iamAnswer);
      const scheduler = recordingScheduler();
      const header = await firstValueFrom(iam({ scheduler }).authorization());
      expect(header).toContain('iam-access-1');
      expect(scheduler.delays.length).toBe(1);
      expect(server.requests.length).toBe(2);
    });

    it('reports a rejected API key as IBMApiError without the key in any rendering', async () => {
      // IAM's own error shape (errorCode / errorMessage), echoing the key back.
      server.script('POST', '/identity/token', (req: RecordedRequest) => ({
        status: 400,
        body: {
          errorCode: 'BXNIM0415E',
          errorMessage: `Provided API key could not be found: ${new URLSearchParams(req.body).get('apikey')}`,
        },
      }));
      const err = (await failure(iam().authorization())) as IBMApiError;
      expect(err).toBeInstanceOf(IBMApiError);
      expect(err.status).toBe(400);
      expect(err.url).toBe(`${server.url}/identity/token`);
      expect(err.body).toContain('Provided API key could not be found: [REDACTED]');
      for (const text of renderings(err)) expect(text).not.toContain(API_KEY);
    });

    it('reports a malformed answer as DecodeError without the token in any rendering', async () => {
      const leaked = 'leaky-access-token-123456';
      server.script('POST', '/identity/token', {
        body: { access_token: leaked, expires_in: 'soon' },
      });
      const err = (await failure(iam().authorization())) as DecodeError;
      expect(err).toBeInstanceOf(DecodeError);
      expect(err.path).toBe('iam.expires_in');
      for (const text of renderings(err)) expect(text).not.toContain(leaked);
    });

    it('never shows the API key in toString, toJSON or inspect', async () => {
      const tokens = iam();
      await firstValueFrom(tokens.authorization());
      for (const text of renderings(tokens)) {
        expect(text).not.toContain(API_KEY);
        expect(text).not.toContain('iam-access-1');
      }
      expect(String(tokens)).toBe(`TokenSource(iam, ${server.url})`);
    });

    it('refuses an insecure remote IAM URL and empty keys', () => {
      expect(
        () => new TokenSource({ type: 'iam', apiKey: API_KEY, iamUrl: 'http://iam.example.com' }),
      ).toThrowError(ConfigError);
      expect(() => new TokenSource({ type: 'iam', apiKey: '  ' })).toThrowError(
        ConfigError,
        /credentials\.apiKey/,
      );
      let caught: unknown;
      try {
        new TokenSource({ type: 'bearer', token: 'ab\ncd' });
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(ConfigError);
      expect((caught as ConfigError).message).not.toContain('ab\ncd');
    });
  });

  describe('with HttpClient', () => {
    let client: HttpClient;
    let tokens: TokenSource;

    beforeEach(() => {
      tokens = iam();
      client = new HttpClient({
        baseUrl: `${server.url}/api/v1`,
        tokenSource: tokens,
        scheduler: recordingScheduler(),
      });
    });

    afterEach(() => {
      expect(client.stats.inFlight).toBe(0);
    });

    it('refreshes the token once after a 401 and resumes the request', async () => {
      server.script(
        'GET',
        '/api/v1/jobs/j1',
        { status: 401, body: { errors: [{ code: 1200, message: 'expired' }] } },
        {
          body: { id: 'j1' },
        },
      );
      const res = await firstValueFrom(client.request({ method: 'GET', path: '/jobs/j1' }));
      expect(res.body).toEqual({ id: 'j1' });
      const calls = server.requestsTo('GET', '/api/v1/jobs/j1');
      expect(calls.map((r) => r.headers['authorization'])).toEqual([
        'Bearer iam-access-1-xxxxxxxx',
        'Bearer iam-access-2-xxxxxxxx',
      ]);
      expect(tokens.exchanges).toBe(2);
      expect(client.stats.retries).toBe(0);
    });

    it('gives up after one refresh when the new token is rejected too', async () => {
      server.script('GET', '/api/v1/jobs/j1', {
        status: 401,
        body: { errors: [{ code: 1200, message: 'no' }] },
      });
      const err = (await failure(
        client.request({ method: 'GET', path: '/jobs/j1' }),
      )) as IBMApiError;
      expect(err.status).toBe(401);
      expect(server.requestsTo('GET', '/api/v1/jobs/j1').length).toBe(2);
      expect(tokens.exchanges).toBe(2);
    });

    it('refreshes once for concurrent requests rejected with the same token', async () => {
      let rejected = 0;
      server.script('GET', '/api/v1/jobs', (req) => {
        if (req.headers['authorization'] === 'Bearer iam-access-1-xxxxxxxx') {
          rejected++;
          return { status: 401 };
        }
        return { body: { jobs: [] } };
      });
      await firstValueFrom(tokens.authorization());
      await Promise.all(
        [1, 2, 3].map(() => firstValueFrom(client.request({ method: 'GET', path: '/jobs' }))),
      );
      expect(rejected).toBe(3);
      expect(tokens.exchanges).toBe(2);
    });

    it('does not retry a 401 with a static bearer token', async () => {
      const bearer = new HttpClient({
        baseUrl: `${server.url}/api/v1`,
        credentials: { type: 'bearer', token: 'static-token-abcdef' },
      });
      server.script('GET', '/api/v1/jobs/j1', { status: 401 });
      const err = (await failure(
        bearer.request({ method: 'GET', path: '/jobs/j1' }),
      )) as IBMApiError;
      expect(err.status).toBe(401);
      expect(server.requests.length).toBe(1);
    });

    it('reports an IAM failure as the request error, without retrying it twice', async () => {
      server.script('POST', '/identity/token', { status: 500 });
      const err = (await failure(
        client.request({ method: 'GET', path: '/jobs/j1' }),
      )) as IBMApiError;
      expect(err.status).toBe(500);
      expect(err.url).toBe(`${server.url}/identity/token`);
      // The token source's own policy: 5 attempts, not 5 x 5.
      expect(server.requestsTo('POST', '/identity/token').length).toBe(5);
      expect(server.requestsTo('GET', '/api/v1/jobs/j1').length).toBe(0);
    });

    it('keeps the API key and tokens out of every error rendering', async () => {
      server.script('GET', '/api/v1/echo', (req) => ({
        status: 500,
        body: {
          errors: [
            { code: 1, message: `bad auth header ${req.headers['authorization']} key ${API_KEY}` },
          ],
        },
      }));
      const err = (await failure(
        client.request({ method: 'GET', path: '/echo', retry: false }),
      )) as IBMApiError;
      expect(err.message).toContain('bad auth header');
      for (const text of renderings(err)) {
        expect(text).not.toContain(API_KEY);
        expect(text).not.toContain('iam-access-1');
      }
      for (const text of renderings(client)) expect(text).not.toContain(API_KEY);
    });

    it('keeps a token in the query string out of network errors', async () => {
      const secret = 'query-token-abcdefgh';
      const gone = await TestHttpServer.start();
      const baseUrl = gone.url;
      await gone.stop();
      const bare = new HttpClient({ baseUrl, retry: { maxAttempts: 1 } });
      const err = await failure(
        bare.request({ method: 'GET', path: '/x', query: { access_token: secret } }),
      );
      for (const text of renderings(err)) expect(text).not.toContain(secret);
      const cause = (err as Error).cause;
      for (const text of renderings(cause)) expect(text).not.toContain(secret);
    });
  });
});
