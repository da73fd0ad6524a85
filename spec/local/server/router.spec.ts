import { Router } from '../../../src/local/server/router.js';

describe('Router', () => {
  const routes = [
    { method: 'GET', path: '/v1/jobs' },
    { method: 'POST', path: '/v1/jobs' },
    { method: 'GET', path: '/v1/jobs/:jobId' },
    { method: 'DELETE', path: '/v1/jobs/:jobId' },
    { method: 'GET', path: '/v1/jobs/:jobId/results' },
  ];
  const router = new Router(routes, { jobId: (v) => /^[a-z]{3}$/.test(v) });

  it('matches method and path and extracts parameters', () => {
    const m = router.match('GET', '/v1/jobs/abc/results');
    expect(m.kind).toBe('match');
    if (m.kind === 'match') {
      expect(m.route).toBe(routes[4]!);
      expect(m.params).toEqual({ jobId: 'abc' });
    }
    expect(router.match('GET', '/v1/jobs/').kind).toBe('match');
  });

  it('lists the allowed methods for a known path with another method', () => {
    expect(router.match('PUT', '/v1/jobs/abc')).toEqual({
      kind: 'method-not-allowed',
      allow: ['DELETE', 'GET'],
    });
  });

  it('reports a parameter that fails its validator before any handler', () => {
    expect(router.match('GET', '/v1/jobs/ABCD/results')).toEqual({
      kind: 'bad-param',
      param: 'jobId',
      value: 'ABCD',
    });
  });

  it('answers not-found for anything else', () => {
    expect(router.match('GET', '/v1/other').kind).toBe('not-found');
    expect(router.match('GET', '/v1/jobs/abc/results/more').kind).toBe('not-found');
  });
});
