/**
 * `GET /v1/versions` of the local runtime: IBM's published list of API versions
 * (quantum.cloud.ibm.com/docs/api/qiskit-runtime-rest/tags/versions: every version deprecated
 * but 2026-04-15, with its sunset date), the websockets it serves under `websockets` (its
 * advertisement: clients open only what it lists), and the `Deprecation` (RFC 9745) and
 * `Sunset` (RFC 8594) headers on every answer to a request with a deprecated `IBM-API-Version`.
 */
import { startLocalRuntime } from '../../../src/local/index.js';
import type { LocalRuntime } from '../../../src/local/index.js';
import { api } from './support.js';

describe('local runtime: versions, websocket advertisement, deprecation headers', () => {
  let rt: LocalRuntime;

  beforeEach(async () => {
    rt = await startLocalRuntime({ port: 0, seed: 3 });
  });

  afterEach(async () => {
    await rt.close();
  });

  it('lists the versions as IBM publishes them, and advertises both websockets', async () => {
    const res = await api(rt, 'GET', '/v1/versions');
    expect(res.status).toBe(200);
    expect(res.json.versions.at(-1)).toEqual({ version: '2026-04-15', status: 'live' });
    expect(res.json.versions[0]).toEqual({
      version: '2024-01-01',
      status: 'deprecated',
      sunset_date: '2027-01-01',
    });
    expect(res.json.websockets).toEqual({
      stream: '/v1/stream/jobs/{id}',
      status: '/v1/jobs/{id}/status/v/1',
    });
  });

  it('says Deprecation and Sunset on every answer to a deprecated IBM-API-Version, nothing for a live one', async () => {
    for (const path of ['/v1/versions', '/v1/backends', '/v1/jobs']) {
      const old = await api(rt, 'GET', path, { headers: { 'IBM-API-Version': '2026-03-15' } });
      expect(old.headers.get('deprecation')).withContext(path).toBe('@1776211200'); // 2026-04-15
      expect(old.headers.get('sunset')).withContext(path).toBe('Mon, 15 Mar 2027 00:00:00 GMT');
      expect(old.headers.get('link')).withContext(path).toContain('rel="deprecation"');
    }
    const live = await api(rt, 'GET', '/v1/jobs', { headers: { 'IBM-API-Version': '2026-04-15' } });
    expect(live.headers.get('deprecation')).toBeNull();
    expect(live.headers.get('sunset')).toBeNull();
    const unknown = await api(rt, 'GET', '/v1/jobs', {
      headers: { 'IBM-API-Version': '2025-06-01' },
    });
    expect(unknown.headers.get('deprecation')).toBeNull();
  });

  it('lets a page of an allowed origin read the deprecation headers', async () => {
    await rt.close();
    rt = await startLocalRuntime({ port: 0, corsOrigins: ['http://app.example'] });
    const res = await api(rt, 'GET', '/v1/versions', {
      headers: { Origin: 'http://app.example', 'IBM-API-Version': '2025-05-01' },
    });
    const exposed = res.headers.get('access-control-expose-headers') ?? '';
    expect(exposed).toContain('Deprecation');
    expect(exposed).toContain('Sunset');
  });
});
