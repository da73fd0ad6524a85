import { readFileSync } from 'node:fs';
import { inspect } from 'node:util';
import * as t from 'io-ts';
import { firstValueFrom, lastValueFrom } from 'rxjs';
import { ConfigError, DecodeError, IBMApiError, NetworkError } from '../../src/codecs/errors.js';
import { HttpClient } from '../../src/transport/http-client.js';
import type { HttpClientOptions } from '../../src/transport/http-client.js';
import type { LeakTracker } from '../helpers/leaks.js';
import { trackLeaks } from '../helpers/leaks.js';
import { TestHttpServer } from '../helpers/test-http-server.js';
import { failure, recordingScheduler } from '../helpers/recording-scheduler.js';
import { FIXTURES } from '../helpers/fixtures.js';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(`${FIXTURES}/${name}`, 'utf8')) as unknown;

describe('HttpClient', () => {
  let server: TestHttpServer;
  let leaks: LeakTracker;
  let clients: HttpClient[];

  const client = (options: Partial<HttpClientOptions> = {}): HttpClient => {
    const c = new HttpClient({ baseUrl: `${server.url}/api/v1`, ...options });
    clients.push(c);
    return c;
  };

  beforeEach(async () => {
    leaks = trackLeaks();
    server = await TestHttpServer.start();
    clients = [];
  });

  afterEach(async () => {
    for (const c of clients) expect(c.stats.inFlight).withContext(String(c)).toBe(0);
    await server.stop();
    await leaks.expectNone();
  });

  describe('headers', () => {
    it('sends Authorization, Service-CRN, IBM-API-Version and Accept on a JSON GET', async () => {
      server.script('GET', '/api/v1/jobs/j1', { body: { id: 'j1' } });
      const c = client({
        credentials: { type: 'bearer', token: 'bearer-token-1' },
        serviceCrn: 'crn:v1:bluemix:public:quantum-computing:us-east:a/1:2::',
        userAgent: 'qjobs-spec/1',
      });
      const res = await firstValueFrom(c.request({ method: 'GET', path: '/jobs/j1' }));
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ id: 'j1' });
      const h = server.requests[0]!.headers;
      expect(h['authorization']).toBe('Bearer bearer-token-1');
      expect(h['service-crn']).toBe('crn:v1:bluemix:public:quantum-computing:us-east:a/1:2::');
      // from Qiskit/qiskit-ibm-runtime qiskit_ibm_runtime/api/rest/base.py line 38: the
      // version the Python client sends today.
      expect(h['ibm-api-version']).toBe('2026-04-15');
      expect(h['accept']).toBe('application/json');
      expect(h['user-agent']).toBe('qjobs-spec/1');
      expect(h['content-type']).toBeUndefined();
    });

    it('sends Content-Type: application/json with a JSON body, and no Accept on POST', async () => {
      server.script('POST', '/api/v1/jobs', { body: fixture('create_job_response_docs.json') });
      const c = client({ apiVersion: '2026-02-01' });
      const body = fixture('create_job_request_sampler_docs.json');
      const answer = await firstValueFrom(c.postJson('/jobs', body));
      expect(answer).toEqual({ id: 'd6147q3traac73bef6f0', backend: 'ibm_pittsburgh' });
      const req = server.requests[0]!;
      expect(req.headers['content-type']).toBe('application/json');
      expect(req.headers['ibm-api-version']).toBe('2026-02-01');
      expect(req.headers['authorization']).toBeUndefined();
      expect(req.headers['service-crn']).toBeUndefined();
      expect(JSON.parse(req.body)).toEqual(body);
    });

    it('writes non-finite numbers in a JSON body as the bare tokens Python reads', async () => {
      server.script('POST', '/api/v1/echo', { status: 204 });
      await lastValueFrom(client().postJson('/echo', { x: [NaN, Infinity, -Infinity, 1.5] }));
      expect(server.requests[0]!.body).toBe('{"x":[NaN,Infinity,-Infinity,1.5]}');
    });

    it('sends a form body as application/x-www-form-urlencoded', async () => {
      server.script('POST', '/api/v1/form', { status: 204 });
      await lastValueFrom(
        client().request({ method: 'POST', path: '/form', body: { form: 'a=1&b=2' } }),
      );
      expect(server.requests[0]!.headers['content-type']).toBe('application/x-www-form-urlencoded');
      expect(server.requests[0]!.body).toBe('a=1&b=2');
    });

    it('reads text bodies without an Accept header and adds query parameters', async () => {
      server.script('GET', '/api/v1/jobs/j1/results', { body: '{"results": [NaN]}' });
      const text = await firstValueFrom(
        client().getText('/jobs/j1/results', { exclude_params: true, tags: ['a', 'b'] }),
      );
      expect(text).toBe('{"results": [NaN]}');
      const req = server.requests[0]!;
      // node-fetch adds its default `*/*`; the client itself asks for nothing specific.
      expect(req.headers['accept']).not.toBe('application/json');
      expect(req.url).toBe('/api/v1/jobs/j1/results?exclude_params=true&tags=a&tags=b');
    });

    it('sends extra request headers and refuses header values with line breaks', async () => {
      server.script('POST', '/api/v1/jobs/j2/cancel', { status: 204 });
      await lastValueFrom(
        client().request({
          method: 'POST',
          path: '/jobs/j2/cancel',
          accept: 'none',
          headers: { 'Parent-Job-Id': 'p1' },
        }),
      );
      expect(server.requests[0]!.headers['parent-job-id']).toBe('p1');
      const err = await failure(
        client().request({ method: 'GET', path: '/x', headers: { 'X-Bad': 'a\r\nInjected: 1' } }),
      );
      expect(err).toBeInstanceOf(ConfigError);
      expect(server.requests.length).toBe(1);
    });
  });

  describe('bodies', () => {
    it('parses JSON containing NaN and Infinity', async () => {
      server.script('GET', '/api/v1/jobs/j1/metrics', {
        body: '{"evs": NaN, "stds": [Infinity, -Infinity], "name": "NaN"}',
      });
      const res = await firstValueFrom(
        client().request({ method: 'GET', path: '/jobs/j1/metrics' }),
      );
      const body = res.body as { evs: number; stds: number[]; name: string };
      expect(Number.isNaN(body.evs)).toBeTrue();
      expect(body.stds).toEqual([Infinity, -Infinity]);
      expect(body.name).toBe('NaN');
    });

    it('gives undefined for an empty JSON body (204)', async () => {
      server.script('DELETE', '/api/v1/jobs/j1', { status: 204 });
      expect(await lastValueFrom(client().delete('/jobs/j1'))).toBeUndefined();
    });

    it('reports invalid JSON as a DecodeError naming the URL path, without retrying', async () => {
      server.script('GET', '/api/v1/jobs/bad', { body: '{"id": "x",' });
      const err = await failure(client().request({ method: 'GET', path: '/jobs/bad' }));
      expect(err).toBeInstanceOf(DecodeError);
      expect((err as DecodeError).message).toContain('GET /api/v1/jobs/bad');
      expect(server.requests.length).toBe(1);
    });

    it('decodes with a codec and names the failing field and the URL path', async () => {
      const Job = t.type({ id: t.string, state: t.type({ status: t.string }) });
      server.script('GET', '/api/v1/jobs/ok', { body: { id: 'ok', state: { status: 'Queued' } } });
      server.script('GET', '/api/v1/jobs/wrong', { body: { id: 'wrong', state: { status: 3 } } });
      const c = client();
      expect(await firstValueFrom(c.getJson('/jobs/ok', Job))).toEqual({
        id: 'ok',
        state: { status: 'Queued' },
      });
      const err = await failure(c.getJson('/jobs/wrong', Job));
      expect(err).toBeInstanceOf(DecodeError);
      expect((err as DecodeError).path).toBe('state.status');
      expect((err as DecodeError).message).toContain('GET /api/v1/jobs/wrong');
      expect((err as DecodeError).message).toContain('state.status');
    });

    it('refuses a body that cannot be serialised, before sending anything', async () => {
      const err = await failure(client().postJson('/jobs', { n: 10n }));
      expect(err).toBeInstanceOf(DecodeError);
      expect((err as DecodeError).message).toContain('POST /api/v1/jobs');
      expect(server.requests.length).toBe(0);
    });
  });

  describe('error answers', () => {
    const noRetry = { retry: { maxAttempts: 1 } };

    it('reads the current error shape into IBMApiError fields', async () => {
      server.script('GET', '/api/v1/jobs/missing', {
        status: 404,
        body: {
          errors: [
            {
              code: 1291,
              message: 'Job not found. Job ID: missing',
              solution: 'Check the job id',
              more_info: 'https://cloud.ibm.com/apidocs/quantum-computing#error-handling',
            },
          ],
          trace: 'trace-123',
        },
      });
      const err = (await failure(
        client().request({ method: 'GET', path: '/jobs/missing' }),
      )) as IBMApiError;
      expect(err).toBeInstanceOf(IBMApiError);
      expect(err.status).toBe(404);
      expect(err.code).toBe(1291);
      expect(err.message).toContain('Job not found. Job ID: missing');
      expect(err.message).toContain('GET');
      expect(err.solution).toBe('Check the job id');
      expect(err.moreInfo).toContain('error-handling');
      expect(err.trace).toBe('trace-123');
      expect(err.method).toBe('GET');
      expect(err.url).toBe(`${server.url}/api/v1/jobs/missing`);
      expect(server.requests.length).toBe(1);
    });

    it('reads the Direct Access shape with a string code', async () => {
      server.script('GET', '/api/v1/jobs/da', {
        status: 404,
        body: fixture('error_body_direct_access_job_not_found_1291.json'),
      });
      const err = (await failure(
        client().request({ method: 'GET', path: '/jobs/da' }),
      )) as IBMApiError;
      expect(err.status).toBe(404);
      expect(err.code).toBe(1291);
      expect(err.message).toContain('Job not found. Job ID: 77b65b44');
    });

    it('reads the legacy { error: { name, message } } shape', async () => {
      server.script('POST', '/api/v1/users/loginWithToken', {
        status: 401,
        body: fixture('error_body_legacy_login_license.json'),
      });
      const err = (await failure(
        client().postJson('/users/loginWithToken', { apiToken: 'x1234' }),
      )) as IBMApiError;
      expect(err.status).toBe(401);
      expect(err.code).toBe('ACCEPT_LICENSE_REQUIRED');
      expect(err.message).toContain('<license message>');
    });

    it('keeps a non-JSON 503 body as text and retries it', async () => {
      const html = '<html><body><h1>503 Service Unavailable</h1></body></html>';
      server.script('GET', '/api/v1/jobs/j1', {
        status: 503,
        body: html,
        headers: { 'content-type': 'text/html' },
      });
      const scheduler = recordingScheduler();
      const c = client({ scheduler, random: () => 0 });
      const err = (await failure(c.request({ method: 'GET', path: '/jobs/j1' }))) as IBMApiError;
      expect(err).toBeInstanceOf(IBMApiError);
      expect(err.status).toBe(503);
      expect(err.body).toBe(html);
      expect(err.message).toContain('Service Unavailable');
      expect(server.requests.length).toBe(5);
      expect(scheduler.delays).toEqual([500, 1000, 2000, 4000]);
      expect(c.stats.retries).toBe(4);
    });

    it('gives the HTTP reason for an empty error body', async () => {
      server.script('PUT', '/api/v1/jobs/j1/tags', { status: 403 });
      const err = (await failure(
        client(noRetry).put('/jobs/j1/tags', { tags: ['a'] }),
      )) as IBMApiError;
      expect(err.status).toBe(403);
      expect(err.message).toContain('Forbidden');
    });
  });

  describe('retries', () => {
    it('retries a 503 and then succeeds', async () => {
      server.script(
        'GET',
        '/api/v1/jobs/j1',
        { status: 503 },
        { status: 503 },
        { body: { id: 'j1' } },
      );
      const scheduler = recordingScheduler();
      const c = client({ scheduler, random: () => 0 });
      const res = await firstValueFrom(c.request({ method: 'GET', path: '/jobs/j1' }));
      expect(res.body).toEqual({ id: 'j1' });
      expect(server.requests.length).toBe(3);
      expect(scheduler.delays).toEqual([500, 1000]);
      expect(c.stats).toEqual({ requests: 1, inFlight: 0, retries: 2 });
    });

    it('does not retry a 400', async () => {
      server.script(
        'GET',
        '/api/v1/jobs/j1',
        { status: 400, body: { errors: [{ code: 1002, message: 'bad' }] } },
        { body: {} },
      );
      const c = client({ scheduler: recordingScheduler() });
      const err = (await failure(c.request({ method: 'GET', path: '/jobs/j1' }))) as IBMApiError;
      expect(err.status).toBe(400);
      expect(server.requests.length).toBe(1);
      expect(c.stats.retries).toBe(0);
    });

    it('waits Retry-After on 429', async () => {
      server.script(
        'GET',
        '/api/v1/jobs',
        { status: 429, headers: { 'retry-after': '2' } },
        { body: { jobs: [] } },
      );
      const scheduler = recordingScheduler();
      const c = client({ scheduler, random: () => 0 });
      const res = await firstValueFrom(c.request({ method: 'GET', path: '/jobs' }));
      expect(res.body).toEqual({ jobs: [] });
      expect(scheduler.delays).toEqual([2000]);
    });

    it('surfaces a 429 whose Retry-After is too long, with retryAfterSeconds', async () => {
      server.script('POST', '/api/v1/jobs', { status: 429, headers: { 'retry-after': '3600' } });
      const c = client({ scheduler: recordingScheduler() });
      const err = (await failure(c.postJson('/jobs', {}))) as IBMApiError;
      expect(err.status).toBe(429);
      expect(err.retryAfterSeconds).toBe(3600);
      expect(server.requests.length).toBe(1);
    });

    it('retries POST on the 5xx force list', async () => {
      server.script('POST', '/api/v1/jobs', { status: 502 }, { body: { id: 'j9', backend: 'b' } });
      const c = client({ scheduler: recordingScheduler() });
      expect(await firstValueFrom(c.postJson('/jobs', {}))).toEqual({ id: 'j9', backend: 'b' });
      expect(server.requests.length).toBe(2);
    });

    it('does not retry POST after a network error, but retries GET', async () => {
      server.script('POST', '/api/v1/jobs', { destroy: true });
      server.script('GET', '/api/v1/jobs/j1', { destroy: true }, { body: { id: 'j1' } });
      const c = client({ scheduler: recordingScheduler() });
      const err = await failure(c.postJson('/jobs', {}));
      expect(err).toBeInstanceOf(NetworkError);
      expect(server.requestsTo('POST', '/api/v1/jobs').length).toBe(1);
      expect((await firstValueFrom(c.request({ method: 'GET', path: '/jobs/j1' }))).body).toEqual({
        id: 'j1',
      });
      expect(server.requestsTo('GET', '/api/v1/jobs/j1').length).toBe(2);
    });

    it('does not retry POST at all with retryPost: false, nor any request with retry: false', async () => {
      server.script('POST', '/api/v1/jobs', { status: 503 });
      server.script('GET', '/api/v1/jobs/j1', { status: 503 });
      const c = client({ retry: { retryPost: false }, scheduler: recordingScheduler() });
      expect(((await failure(c.postJson('/jobs', {}))) as IBMApiError).status).toBe(503);
      expect(
        (
          (await failure(
            c.request({ method: 'GET', path: '/jobs/j1', retry: false }),
          )) as IBMApiError
        ).status,
      ).toBe(503);
      expect(server.requests.length).toBe(2);
    });

    it('reports a refused connection as NetworkError', async () => {
      const gone = await TestHttpServer.start();
      const baseUrl = gone.url;
      await gone.stop();
      const c = client({ baseUrl, retry: { maxAttempts: 2 }, scheduler: recordingScheduler() });
      const err = (await failure(c.request({ method: 'GET', path: '/x' }))) as NetworkError;
      expect(err).toBeInstanceOf(NetworkError);
      expect(err.message).toContain(`${baseUrl}/x`);
      expect((err.cause as { code?: string }).code).toBe('ECONNREFUSED');
      expect(c.stats.retries).toBe(1);
    });

    it('puts an invalid per-request retry policy into the stream as a ConfigError', async () => {
      const err = await failure(
        client().request({ method: 'GET', path: '/x', retry: { maxAttempts: -1 } }),
      );
      expect(err).toBeInstanceOf(ConfigError);
      expect(server.requests.length).toBe(0);
    });
  });

  describe('abort', () => {
    it('aborts the fetch on unsubscribe: the server sees the connection close', async () => {
      server.script('GET', '/api/v1/jobs/slow', { hang: true });
      const c = client();
      const sub = c.request({ method: 'GET', path: '/jobs/slow' }).subscribe({ error: fail });
      await server.until(() => server.requests.length === 1);
      expect(c.stats.inFlight).toBe(1);
      sub.unsubscribe();
      expect(c.stats.inFlight).toBe(0);
      await server.until(() => server.abortedRequests === 1);
    });

    it('cancels a pending retry wait on unsubscribe', async () => {
      server.script('GET', '/api/v1/jobs/j1', { status: 503 });
      const c = client({ retry: { baseDelayMs: 60_000 } });
      const sub = c.request({ method: 'GET', path: '/jobs/j1' }).subscribe({ error: fail });
      await server.until(() => server.requests.length === 1);
      sub.unsubscribe();
      expect(c.stats.inFlight).toBe(0);
      // leaks.expectNone() in afterEach fails if the 60 s timer is still pending.
    });
  });

  describe('configuration', () => {
    it('refuses plain http to a host that is not loopback', () => {
      expect(() => new HttpClient({ baseUrl: 'http://quantum.example.com/api/v1' })).toThrowError(
        ConfigError,
        /unencrypted http to quantum\.example\.com/,
      );
      expect(
        new HttpClient({ baseUrl: 'http://quantum.example.com/api/v1', allowInsecureHttp: true })
          .baseUrl,
      ).toBe('http://quantum.example.com/api/v1');
      expect(
        () =>
          new HttpClient({
            baseUrl: 'https://quantum.example.com',
            credentials: { type: 'iam', apiKey: 'k-123456', iamUrl: 'http://iam.example.com' },
          }),
      ).toThrowError(ConfigError, /credentials\.iamUrl/);
    });

    it('refuses bad options with a ConfigError naming them', () => {
      const cases: [() => unknown, string][] = [
        [() => new HttpClient({ baseUrl: 'nope' }), 'baseUrl'],
        [() => new HttpClient({ baseUrl: 'https://h.example', apiVersion: '' }), 'apiVersion'],
        [() => new HttpClient({ baseUrl: 'https://h.example', serviceCrn: 'a\nb' }), 'serviceCrn'],
        [
          () => new HttpClient({ baseUrl: 'https://h.example', retry: { jitter: 2 } }),
          'retry.jitter',
        ],
        [
          () =>
            new HttpClient({
              baseUrl: 'https://h.example',
              credentials: { type: 'bearer', token: '' },
            }),
          'credentials.token',
        ],
        [
          () =>
            new HttpClient({ baseUrl: 'https://h.example', credentials: { type: 'x' } as never }),
          'credentials.type',
        ],
      ];
      for (const [make, option] of cases) {
        let caught: unknown;
        try {
          make();
        } catch (e) {
          caught = e;
        }
        expect(caught).withContext(option).toBeInstanceOf(ConfigError);
        expect((caught as ConfigError).option)
          .withContext(option)
          .toBe(option);
      }
    });

    it('refuses an absolute path and a bad method in the stream', async () => {
      const c = client();
      expect(
        await failure(c.request({ method: 'GET', path: 'https://evil.example/x' })),
      ).toBeInstanceOf(ConfigError);
      expect(await failure(c.request({ method: 'TRACE' as never, path: '/x' }))).toBeInstanceOf(
        ConfigError,
      );
      expect(server.requests.length).toBe(0);
      expect(c.stats).toEqual({ requests: 2, inFlight: 0, retries: 0 });
    });

    it('shows only the base URL in toString, toJSON and inspect', () => {
      const c = client({
        credentials: { type: 'bearer', token: 'very-secret-token' },
        serviceCrn: 'crn:x',
      });
      expect(String(c)).toBe(`HttpClient(${server.url}/api/v1)`);
      expect(JSON.stringify(c)).toBe(JSON.stringify({ baseUrl: `${server.url}/api/v1` }));
      expect(inspect(c, { showHidden: true, depth: 10 })).not.toContain('very-secret-token');
    });
  });
});
