/**
 * Contract with IBM Quantum Platform's requests: for every operation the client performs, the
 * request it sends (method, path, query, headers, body) is the one IBM's official clients send
 * for the same operation. A service configured for IBM (channel, API key as token, CRN as
 * instance) talks to a local runtime through a recording `fetch` that sends IBM's host names to
 * it, as a hosts-file entry would, and keeps every request exactly as the client built it.
 *
 * Where each shape comes from (Qiskit/qiskit-ibm-runtime at 73514f0, Qiskit/qiskit-ibm-runtime-c
 * at b228e25):
 * - every request: `Service-CRN` and `Authorization: Bearer <IAM token>`
 *   (qiskit_ibm_runtime/api/auth.py lines 90-94), `IBM-API-Version: 2026-04-15`
 *   (qiskit_ibm_runtime/api/rest/base.py line 38);
 * - a JSON body goes with `Content-Type: application/json` (base.py line 34);
 * - the paths and bodies of qiskit_ibm_runtime/api/rest/runtime.py, program_job.py,
 *   runtime_session.py and cloud_backend.py, line numbers at each operation below;
 * - interim results, which the Python client no longer reads: the C client's
 *   crates/ibm-quantum-platform-api/src/apis/jobs_api.rs (`get_interim_results_jid`, line 403).
 */
import { firstValueFrom, take, toArray } from 'rxjs';
import { startLocalRuntime } from '../../src/local/index.js';
import type { LocalRuntime } from '../../src/local/index.js';
import { RuntimeService } from '../../src/service/index.js';
import { defaultFetch } from '../../src/transport/fetch-once.js';
import type { FetchFunction } from '../../src/transport/fetch-once.js';
import { BELL, samplerInputs } from './support.js';

const BACKEND = 'ibmq_qasm_simulator';
const IBM_API = 'https://quantum.cloud.ibm.com';
const IBM_IAM = 'https://iam.cloud.ibm.com';

/** A request as the client built it. */
interface Sent {
  readonly method: string;
  /** Path under `/api/v1` (or the IAM path), without the query. */
  readonly path: string;
  readonly query: [string, string][];
  readonly headers: Record<string, string>;
  readonly body: string | undefined;
}

function headersOf(init: RequestInit | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  new Headers(init?.headers).forEach((v, k) => (out[k] = v));
  return out;
}

describe('contract: requests to IBM Quantum Platform match the official clients', () => {
  let runtime: LocalRuntime;
  let service: RuntimeService;
  let sent: Sent[];

  const recordingFetch =
    (): FetchFunction =>
    (input, init): ReturnType<FetchFunction> => {
      const url = new URL(input);
      sent.push({
        method: (init?.method ?? 'GET').toUpperCase(),
        path: url.pathname.replace(/^\/api\/v1/, ''),
        query: [...url.searchParams.entries()],
        headers: headersOf(init),
        body: typeof init?.body === 'string' ? init.body : undefined,
      });
      const origin = new URL(runtime.url).origin;
      return defaultFetch(input.replace(IBM_API, origin).replace(IBM_IAM, origin), init);
    };

  beforeEach(async () => {
    runtime = await startLocalRuntime({ port: 0, seed: 5 });
    sent = [];
    service = new RuntimeService({
      channel: 'ibm_quantum_platform',
      token: runtime.token,
      instance: runtime.instance,
      url: 'https://cloud.ibm.com',
      fetch: recordingFetch(),
      webSocketFactory: () => {
        throw new Error('no websocket to IBM');
      },
    });
  });

  afterEach(async () => {
    service.close();
    await runtime.close();
  });

  /** The API requests sent by `action` (IAM exchanges left out). */
  async function during(action: () => Promise<unknown>): Promise<Sent[]> {
    const from = sent.length;
    await action();
    return sent.slice(from).filter((r) => r.path !== '/identity/token');
  }

  function only(requests: Sent[], method: string, path: RegExp): Sent {
    const matching = requests.filter((r) => r.method === method && path.test(r.path));
    expect(matching.length)
      .withContext(`${method} ${path}: ${requests.map((r) => `${r.method} ${r.path}`).join(', ')}`)
      .toBeGreaterThan(0);
    return matching[0]!;
  }

  /** The headers every API request carries (auth.py lines 90-94, base.py line 38). */
  function expectCommonHeaders(r: Sent): void {
    const what = `${r.method} ${r.path}`;
    expect(r.headers['service-crn']).withContext(what).toBe(runtime.instance);
    expect(r.headers['authorization'])
      .withContext(what)
      .toMatch(/^Bearer \S+$/);
    expect(r.headers['ibm-api-version']).withContext(what).toBe('2026-04-15');
  }

  /** GETs whose answer the Python client reads as JSON send `Accept: application/json` (base.py line 36). */
  function expectJsonAccept(r: Sent): void {
    expect(r.headers['accept'])
      .withContext(`${r.method} ${r.path}`)
      .toMatch(/application\/json/);
  }

  function expectJsonBody(r: Sent): Record<string, unknown> {
    expect(r.headers['content-type'])
      .withContext(`${r.method} ${r.path}`)
      .toMatch(/^application\/json/);
    return JSON.parse(r.body ?? 'null') as Record<string, unknown>;
  }

  async function finishedJob() {
    const job = await service.run('sampler', samplerInputs([BELL, null, 16]), {
      backend: BACKEND,
      tags: ['contract'],
    });
    await job.result();
    return job;
  }

  it('create job: POST /jobs with program_id, backend, params and the optional fields (runtime.py lines 99-127)', async () => {
    const requests = await during(() =>
      service.run('sampler', samplerInputs([BELL, null, 16]), {
        backend: BACKEND,
        tags: ['contract'],
      }),
    );
    const create = only(requests, 'POST', /^\/jobs$/);
    expectCommonHeaders(create);
    const body = expectJsonBody(create);
    expect(body['program_id']).toBe('sampler');
    expect(body['backend']).toBe(BACKEND);
    expect(body['params']).toEqual(samplerInputs([BELL, null, 16]));
    expect(body['tags']).toEqual(['contract']);
    // Only fields the Python client can send (runtime.py lines 100-122).
    const python = [
      'program_id',
      'params',
      'runtime',
      'log_level',
      'backend',
      'session_id',
      'tags',
      'cost',
      'start_session',
      'session_time',
      'private',
      'calibration_id',
    ];
    expect(Object.keys(body).filter((k) => !python.includes(k))).toEqual([]);
    expect(create.query).toEqual([]);
  });

  it('job details: GET /jobs/{id}, exclude_params=true unless the inputs are wanted (program_job.py lines 50-65, base_runtime_job.py line 328)', async () => {
    const job = await finishedJob();
    const restored = await service.job(job.jobId());
    const details = await during(() => restored.refresh());
    const plain = only(details, 'GET', /^\/jobs\/[^/]+$/);
    expectCommonHeaders(plain);
    expect(plain.path).toBe(`/jobs/${job.jobId()}`);
    expect(plain.query).toEqual([['exclude_params', 'true']]);
    expectJsonAccept(plain);
    const withInputs = only(
      await during(() => restored.refresh({ inputs: true })),
      'GET',
      /^\/jobs\/[^/]+$/,
    );
    // Python sends no exclude_params then; the service's default includes params.
    expect(withInputs.query.filter(([k, v]) => k === 'exclude_params' && v === 'true')).toEqual([]);
    expect(plain.body).toBeUndefined();
  });

  it('list: GET /jobs with exclude_params=true, limit, offset, pending, program, backend, repeated tags, session_id, created_after/before (runtime.py lines 172-195)', async () => {
    await finishedJob();
    const requests = await during(() =>
      firstValueFrom(
        service
          .jobs({
            limit: 5,
            skip: 1,
            pending: false,
            program: 'sampler',
            backend: BACKEND,
            tags: ['a', 'b'],
            createdAfter: new Date('2025-01-01T00:00:00Z'),
          })
          .pipe(take(5), toArray()),
      ),
    );
    const list = only(requests, 'GET', /^\/jobs$/);
    expectCommonHeaders(list);
    expectJsonAccept(list);
    const q = list.query;
    const value = (k: string): string[] => q.filter(([n]) => n === k).map(([, v]) => v);
    expect(value('exclude_params')).toEqual(['true']);
    expect(value('offset')).toEqual(['1']);
    expect(value('pending')).toEqual(['false']);
    expect(value('program')).toEqual(['sampler']);
    expect(value('backend')).toEqual([BACKEND]);
    // Python's requests and the C client (jobs_api.rs lines 985-1003) repeat `tags`.
    expect(value('tags')).toEqual(['a', 'b']);
    expect(new Date(value('created_after')[0]!).toISOString()).toBe('2025-01-01T00:00:00.000Z');
    const python = [
      'exclude_params',
      'limit',
      'offset',
      'backend',
      'pending',
      'program',
      'tags',
      'session_id',
      'created_after',
      'created_before',
      'sort',
    ];
    expect(q.map(([k]) => k).filter((k) => !python.includes(k))).toEqual([]);
    expect(Number(value('limit')[0])).toBeLessThanOrEqual(5);
  });

  it('results, interim results, logs, metrics: GET /jobs/{id}/results|interim_results|logs|metrics (program_job.py lines 71-98, jobs_api.rs line 403)', async () => {
    const job = await finishedJob();
    const restored = await service.job(job.jobId());
    const id = job.jobId();
    const results = only(await during(() => restored.result()), 'GET', /\/results$/);
    expect(results.path).toBe(`/jobs/${id}/results`);
    const interim = only(
      await during(() => restored.interimResults()),
      'GET',
      /\/interim_results$/,
    );
    expect(interim.path).toBe(`/jobs/${id}/interim_results`);
    const logs = only(await during(() => restored.logs()), 'GET', /\/logs$/);
    expect(logs.path).toBe(`/jobs/${id}/logs`);
    const metrics = only(await during(() => restored.metrics()), 'GET', /\/metrics$/);
    expect(metrics.path).toBe(`/jobs/${id}/metrics`);
    expectJsonAccept(metrics);
    for (const r of [results, interim, logs, metrics]) {
      expectCommonHeaders(r);
      expect(r.query).withContext(r.path).toEqual([]);
      expect(r.body).withContext(r.path).toBeUndefined();
    }
  });

  it('tags: PUT /jobs/{id}/tags with {"tags": [...]} (program_job.py lines 100-107)', async () => {
    const job = await finishedJob();
    const put = only(await during(() => job.updateTags(['x', 'y'])), 'PUT', /\/tags$/);
    expectCommonHeaders(put);
    expect(put.path).toBe(`/jobs/${job.jobId()}/tags`);
    expect(expectJsonBody(put)).toEqual({ tags: ['x', 'y'] });
  });

  it('cancel and delete: POST /jobs/{id}/cancel, DELETE /jobs/{id}, no body (program_job.py lines 67-82)', async () => {
    const job = await finishedJob();
    const id = job.jobId();
    const cancel = only(
      await during(() => job.cancel().catch(() => undefined)),
      'POST',
      /\/cancel$/,
    );
    expect(cancel.path).toBe(`/jobs/${id}/cancel`);
    const del = only(await during(() => service.deleteJob(id)), 'DELETE', /^\/jobs\/[^/]+$/);
    expect(del.path).toBe(`/jobs/${id}`);
    for (const r of [cancel, del]) {
      expectCommonHeaders(r);
      expect(r.body ?? '')
        .withContext(r.path)
        .toBe('');
      expect(r.query).toEqual([]);
    }
  });

  it('sessions: POST /sessions {mode, backend, max_ttl}, GET /sessions/{id}, PATCH {"accepting_jobs": false}, DELETE /sessions/{id}/close (runtime_session.py lines 47-88)', async () => {
    let id = '';
    const created = await during(async () => {
      const session = await service.session({ backend: BACKEND, maxTtl: 600 });
      id = session.sessionId;
      await session.details();
      await session.close();
    });
    const create = only(created, 'POST', /^\/sessions$/);
    const body = expectJsonBody(create);
    expect(body['mode']).toBe('dedicated');
    expect(body['backend']).toBe(BACKEND);
    expect(body['max_ttl']).toBe(600);
    expect(
      Object.keys(body).filter((k) => !['mode', 'backend', 'instance', 'max_ttl'].includes(k)),
    ).toEqual([]);
    const details = only(created, 'GET', /^\/sessions\/[^/]+$/);
    expect(details.path).toBe(`/sessions/${id}`);
    expectJsonAccept(details);
    const close = only(created, 'PATCH', /^\/sessions\/[^/]+$/);
    expect(expectJsonBody(close)).toEqual({ accepting_jobs: false });
    const batch = await service.batch({ backend: BACKEND });
    expect(expectJsonBody(only(sent, 'POST', /^\/sessions$/))['mode']).toBe('dedicated');
    const cancel = only(await during(() => batch.cancel()), 'DELETE', /\/close$/);
    expect(cancel.path).toBe(`/sessions/${batch.sessionId}/close`);
    for (const r of [create, details, close, cancel]) expectCommonHeaders(r);
    const batchCreate = sent.filter((r) => r.method === 'POST' && r.path === '/sessions').at(-1)!;
    expect(expectJsonBody(batchCreate)['mode']).toBe('batch');
  });

  it('backends: GET /backends, /backends/{name}/configuration|properties|status; usage: GET /instances/usage (runtime.py lines 208-230, cloud_backend.py lines 46-91)', async () => {
    const requests = await during(async () => {
      const [backend] = await service.backends({ name: BACKEND });
      await backend!.configuration();
      await backend!.properties();
      await backend!.status();
      await service.usage();
    });
    only(requests, 'GET', /^\/backends$/);
    only(requests, 'GET', new RegExp(`^/backends/${BACKEND}/configuration$`));
    only(requests, 'GET', new RegExp(`^/backends/${BACKEND}/properties$`));
    only(requests, 'GET', new RegExp(`^/backends/${BACKEND}/status$`));
    only(requests, 'GET', /^\/instances\/usage$/);
    for (const r of requests) {
      expectCommonHeaders(r);
      expectJsonAccept(r);
      expect(r.body).withContext(r.path).toBeUndefined();
    }
  });
});
