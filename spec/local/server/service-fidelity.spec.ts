// What IBM's clients read from the service, in the types they read it as: JWT-shaped IAM
// tokens (IBM/python-sdk-core ibm_cloud_sdk_core/token_managers/jwt_token_manager.py decodes
// `exp` and `iat`), integer usage seconds (Qiskit/qiskit-ibm-runtime-c
// crates/ibm-quantum-platform-api/src/models/job_metrics_usage.rs: i64/i32), the instance usage
// with `plan_id` (get_usage_200_response.rs), Global Search and the Global Catalog
// (qiskit_ibm_runtime/accounts/account.py list_instances), transpiled circuits
// (apis/jobs_api.rs get_transpiled_circuits_jid), and 429s without Retry-After.
import { createHmac } from 'node:crypto';
import { startLocalRuntime, type LocalRuntime } from '../../../src/local/index.js';
import {
  api,
  BELL,
  createJob,
  encodedCircuit,
  estimatorJob,
  samplerJob,
  waitForStatus,
} from './support.js';
import { fixtureBytes } from '../../helpers/fixtures.js';

const GRANT = 'urn:ibm:params:oauth:grant-type:apikey';

function decodeJwtPart(part: string): any {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
}

describe('local runtime: what official clients read', () => {
  let rt: LocalRuntime;
  afterEach(async () => rt?.close());

  it('issues IAM tokens that are JWTs with iat, exp and a signature', async () => {
    rt = await startLocalRuntime({ port: 0, apiKeys: ['k1'], iamTokenTtlSeconds: 1200 });
    const res = await fetch(`${rt.iamUrl}/identity/token`, {
      method: 'POST',
      // ibm-cloud-sdk-core sends this header with its typo, and response_type=cloud_iam.
      headers: { 'Content-type': 'applicaton/x-www-form-urlencoded', Accept: 'application/json' },
      body: `grant_type=${encodeURIComponent(GRANT)}&apikey=k1&response_type=cloud_iam`,
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, any>;
    const parts = (body['access_token'] as string).split('.');
    expect(parts.length).toBe(3);
    expect(decodeJwtPart(parts[0]!)).toEqual({ alg: 'HS256', typ: 'JWT' });
    const claims = decodeJwtPart(parts[1]!);
    expect(claims.exp - claims.iat).toBe(1200);
    expect(claims.exp).toBe(body['expiration']);
    expect(Math.abs(claims.iat - Date.now() / 1000)).toBeLessThan(5);
    expect(claims.iss).toBe(`${rt.iamUrl}/identity`);
    expect(claims.grant_type).toBe(GRANT);
    // The same token with other claims (a later exp) is refused.
    const forged = `${parts[0]}.${Buffer.from(JSON.stringify({ ...claims, exp: claims.exp + 9999 })).toString('base64url')}.${parts[2]}`;
    expect((await api(rt, 'GET', '/v1/versions', { token: forged })).status).toBe(401);
    expect((await api(rt, 'GET', '/v1/versions', { token: body['access_token'] })).status).toBe(
      200,
    );
    // An HMAC under another key does not verify either.
    const resigned = createHmac('sha256', 'guess')
      .update(`${parts[0]}.${parts[1]}`)
      .digest('base64url');
    expect(
      (await api(rt, 'GET', '/v1/versions', { token: `${parts[0]}.${parts[1]}.${resigned}` }))
        .status,
    ).toBe(401);
  });

  it('reports usage in whole seconds, and the instance with its plan', async () => {
    rt = await startLocalRuntime({ port: 0, seed: 1 });
    const id = await createJob(rt, samplerJob([[BELL, null, 10]]));
    await waitForStatus(rt, id);
    const metrics = (await api(rt, 'GET', `/v1/jobs/${id}/metrics`)).json;
    for (const v of [metrics.usage.quantum_seconds, metrics.usage.seconds, metrics.bss.seconds]) {
      expect(Number.isInteger(v)).withContext(JSON.stringify(metrics.usage)).toBe(true);
    }
    expect(metrics.usage.quantum_seconds).toBe(1);
    const details = (await api(rt, 'GET', `/v1/jobs/${id}`)).json;
    expect(details.usage).toEqual({ seconds: 1 });
    const usage = (await api(rt, 'GET', '/v1/instances/usage')).json;
    expect(usage.instance_id).toBe(rt.instance);
    expect(usage.plan_id).toBe('quantum-jobs-rx-local');
    expect(usage.usage_consumed_seconds).toBe(1);
    expect(usage.usage_limit_reached).toBe(false);
  });

  it('answers Global Search with the instance, only the fields asked for, and the catalog with its plan', async () => {
    rt = await startLocalRuntime({ port: 0, backends: ['local_simulator', 'ibm_fez'] });
    const origin = rt.iamUrl;
    const search = async (body: unknown, query = '?limit=100') =>
      fetch(`${origin}/v3/resources/search${query}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${rt.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then(async (r) => ({ status: r.status, json: (await r.json()) as any }));
    const python = await search({
      query: 'service_name:quantum-computing',
      fields: ['crn', 'service_plan_unique_id', 'name', 'doc', 'tags'],
    });
    expect(python.status).toBe(200);
    expect(python.json.limit).toBe(100);
    expect(python.json.search_cursor).toBeUndefined();
    expect(python.json.items).toEqual([
      {
        crn: rt.instance,
        name: 'quantum-jobs-rx local runtime',
        service_plan_unique_id: 'quantum-jobs-rx-local',
        doc: { extensions: { backends: ['local_simulator', 'ibm_fez'] } },
        tags: [],
      },
    ]);
    const c = await search({
      query: 'service_name:quantum-computing',
      fields: ['crn', 'service_plan_unique_id', 'name', 'doc'],
    });
    expect(Object.keys(c.json.items[0]).sort()).toEqual([
      'crn',
      'doc',
      'name',
      'service_plan_unique_id',
    ]);
    expect((await search({ query: 'service_name:cloud-object-storage' })).json.items).toEqual([]);
    const unauth = await fetch(`${origin}/v3/resources/search`, { method: 'POST', body: '{}' });
    expect(unauth.status).toBe(401);
    const entry = await fetch(`${origin}/global-catalog/quantum-jobs-rx-local`, {
      headers: { Authorization: `Bearer ${rt.token}` },
    });
    const plan = (await entry.json()) as any;
    expect(plan.overview_ui.en.display_name).toBe('Local');
    expect(plan.metadata.pricing.type).toBe('free');
  });

  it('links the transpiled circuits of a sampler job with a presigned URL', async () => {
    rt = await startLocalRuntime({ port: 0 });
    const qpy = encodedCircuit(fixtureBytes('qpy/qiskit-1.3.1_v13_bell_measured.qpy'));
    const id = await createJob(rt, samplerJob([[qpy, null, 5], [BELL]]));
    await waitForStatus(rt, id);
    const link = await api(rt, 'GET', `/v1/jobs/${id}/transpiled_circuits`);
    expect(link.status).toBe(200);
    const url = new URL(link.json.url);
    expect(url.origin).toBe(rt.iamUrl);
    const download = await fetch(url);
    expect(download.status).toBe(200);
    expect(await download.json()).toEqual([qpy, BELL]);
    url.searchParams.set('expires', String(Number(url.searchParams.get('expires')) + 1));
    expect((await fetch(url)).status).toBe(403);
    const est = await createJob(rt, estimatorJob([['OPENQASM 3.0; qubit[1] q;', 'Z']]));
    await waitForStatus(rt, est);
    const none = await api(rt, 'GET', `/v1/jobs/${est}/transpiled_circuits`);
    expect(none.status).toBe(404);
    expect(none.json.errors[0].message).toContain('only sampler jobs');
  });

  it('can answer 429 without Retry-After, from the rate limit and from injected bursts', async () => {
    rt = await startLocalRuntime({ port: 0, rateLimit: { jobsPerMinute: 1, retryAfter: false } });
    await createJob(rt, samplerJob([[BELL, null, 1]]));
    const limited = await api(rt, 'POST', '/v1/jobs', { body: samplerJob([[BELL, null, 1]]) });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBeNull();
    expect(limited.json.errors[0].code).toBe(1202);
    await rt.close();
    rt = await startLocalRuntime({
      port: 0,
      faults: { burst429: { every: 1, count: 1, retryAfterSeconds: null } },
    });
    await api(rt, 'GET', '/v1/versions');
    const burst = await api(rt, 'GET', '/v1/versions');
    expect(burst.status).toBe(429);
    expect(burst.headers.get('retry-after')).toBeNull();
  });
});
