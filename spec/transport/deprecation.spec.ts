/**
 * Deprecation announced by a server: the `Deprecation` header of RFC 9745 (`@` and Unix
 * seconds), the `Sunset` header of RFC 8594 (an HTTP date) and `Link` relations, read into a
 * typed warning; HttpClient tells it once, over a real socket.
 */
import { firstValueFrom } from 'rxjs';
import { deprecationOf } from '../../src/transport/deprecation.js';
import type { ApiDeprecationWarning } from '../../src/transport/deprecation.js';
import { HttpClient } from '../../src/transport/http-client.js';
import { TestHttpServer } from '../helpers/test-http-server.js';

describe('deprecationOf', () => {
  it('reads Deprecation (@seconds), Sunset (HTTP date) and the deprecation link', () => {
    const w = deprecationOf(
      new Headers({
        Deprecation: '@1769904000',
        Sunset: 'Fri, 01 Jan 2027 00:00:00 GMT',
        Link: '<https://example.com/next>; rel="successor-version", </api/v1/versions>; rel="deprecation"; type="application/json"',
      }),
      '2025-05-01',
      'GET /api/v1/jobs',
    );
    expect(w).toEqual({
      type: 'apiDeprecation',
      apiVersion: '2025-05-01',
      deprecatedAt: new Date('2026-02-01T00:00:00Z'),
      sunsetAt: new Date('2027-01-01T00:00:00Z'),
      link: '/api/v1/versions',
      request: 'GET /api/v1/jobs',
      message:
        'The service says IBM-API-Version 2025-05-01 is deprecated since 2026-02-01, switched off from 2027-01-01 (answer to GET /api/v1/jobs): set apiVersion to a live version (GET /v1/versions lists them); see /api/v1/versions.',
    });
  });

  it('takes a Deprecation of the older drafts (true, or a date) and a Sunset alone', () => {
    const bare = deprecationOf(new Headers({ Deprecation: 'true' }), 'v', 'GET /x');
    expect(bare?.deprecatedAt).toBeUndefined();
    expect(bare?.message).toContain('is deprecated (answer to GET /x)');
    const sunset = deprecationOf(
      new Headers({ Sunset: 'Mon, 15 Mar 2027 00:00:00 GMT' }),
      'v',
      'r',
    );
    expect(sunset?.sunsetAt?.toISOString()).toBe('2027-03-15T00:00:00.000Z');
    expect(deprecationOf(new Headers({ 'Content-Type': 'x' }), 'v', 'r')).toBeUndefined();
  });
});

describe('HttpClient onDeprecation', () => {
  let server: TestHttpServer;

  beforeEach(async () => {
    server = await TestHttpServer.start();
  });

  afterEach(async () => {
    await server.stop();
  });

  it('is told once, by the first answer that says so', async () => {
    server.script(
      'GET',
      '/api/v1/jobs',
      { body: { jobs: [] } },
      { body: { jobs: [] }, headers: { Deprecation: '@1769904000' } },
    );
    const told: ApiDeprecationWarning[] = [];
    const client = new HttpClient({
      baseUrl: `${server.url}/api/v1`,
      apiVersion: '2025-05-01',
      onDeprecation: (w) => told.push(w),
    });
    for (let i = 0; i < 4; i++)
      await firstValueFrom(client.request({ method: 'GET', path: '/jobs' }));
    expect(told.length).toBe(1);
    expect(told[0]!.request).toBe('GET /api/v1/jobs');
    expect(told[0]!.deprecatedAt?.toISOString()).toBe('2026-02-01T00:00:00.000Z');
  });

  it('a listener that throws does not fail the request', async () => {
    server.script('GET', '/api/v1/jobs', {
      body: { jobs: [] },
      headers: { Sunset: 'Fri, 01 Jan 2027 00:00:00 GMT' },
    });
    const client = new HttpClient({
      baseUrl: `${server.url}/api/v1`,
      onDeprecation: () => {
        throw new Error('listener');
      },
    });
    const res = await firstValueFrom(client.request({ method: 'GET', path: '/jobs' }));
    expect(res.status).toBe(200);
  });
});
