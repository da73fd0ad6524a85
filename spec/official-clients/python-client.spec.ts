// Every REST call of IBM's Python client, Qiskit/qiskit-ibm-runtime (main at
// 73514f06603854cae92573c28c8462d4027efcb9, IBM-API-Version 2026-04-15), replayed over a real
// socket against the local runtime: method, path, query, headers and body as the client's
// source builds them (file and line named above each call), and each answer checked for what
// the client reads from it and for what IBM's OpenAPI models require (./openapi.ts).
//
// How the client reaches the runtime (docs/local-runtime.md): `url_resolver` gives
// `<origin>/api/v1` as the base URL, `IAM_URL` the IAM host, `GLOBAL_SEARCH_URL` and
// `GLOBAL_CATALOG_URL` the IBM Cloud platform services; the runtime's token is the API key.
//
// Headers every call carries (qiskit_ibm_runtime/api/session.py RetrySession.request, lines
// 264-268 and 319; api/rest/base.py line 42; api/auth.py CloudAuth.get_headers, line 98):
// `IBM-API-Version`, the call's own `Accept` or `Content-Type`, `X-Qx-Client-Application`,
// `Service-CRN` and `Authorization: Bearer <IAM token>`. (The session keeps the headers of
// its previous call, so a real client may also repeat an `Accept` or `Content-Type` of an
// earlier request; the runtime reads neither on GETs.)
import { startLocalRuntime, type LocalRuntime } from '../../src/local/index.js';
import { decodeResultOrThrow } from '../../src/codecs/results.js';
import { isEstimatorPubResult, isSamplerPubResult } from '../../src/codecs/result-model.js';
import { fixtureBytes, fixtureText } from '../helpers/fixtures.js';
import { encodedCircuit, withinBinomial } from '../local/server/support.js';
import { cClientQpy } from './c-qpy.js';
import * as api from './openapi.js';
import { PyFloat, pyDumps } from './py-json.js';
import { pythonQuery, send, type WireResponse } from './wire.js';

/** qiskit_ibm_runtime/api/session.py `_get_client_header` (line 97): the client's packages. */
const CLIENT_APPLICATION = 'qiskit-version-2/qiskit_ibm_runtime-0.45.0,qiskit-2.3.0*/qiskit';
const API_VERSION = '2026-04-15';

/** The Estimator params Qiskit 2.3 wrote (spec/fixtures/qpy/README.md), compacted as json.dumps writes them. */
function pythonCompact(jsonText: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < jsonText.length; i++) {
    const ch = jsonText[i]!;
    if (inString) {
      out += ch;
      if (ch === '\\') out += jsonText[++i];
      else if (ch === '"') inString = false;
    } else if (ch === '"') {
      inString = true;
      out += ch;
    } else if (ch === ',') out += ', ';
    else if (ch === ':') out += ': ';
    else if (!/\s/.test(ch)) out += ch;
  }
  return out;
}

/** An ISA Bell pair on qubits 0 and 1 of ibm_fez (rz, sx, cz, measure). */
const FEZ_BELL_QPY = cClientQpy(2, 2, [
  { name: 'sx', qubits: [0] },
  { name: 'sx', qubits: [1] },
  { name: 'cz', qubits: [0, 1] },
  { name: 'sx', qubits: [1] },
  { name: 'sx', qubits: [1] },
  { name: 'sx', qubits: [1] },
  { name: 'measure', qubits: [0], clbits: [0] },
  { name: 'measure', qubits: [1], clbits: [1] },
]);

/** The (0,)-shaped float64 array numpy writes for a circuit without parameters (`as_array([])`). */
const NO_PARAMETERS = JSON.parse(
  fixtureText('qpy/ibm-quantum-schemas_estimator_params_qiskit-2.3.0_v14.json'),
).pubs[0][2];

describe('official Python client (qiskit-ibm-runtime) against the local runtime', () => {
  let rt: LocalRuntime;
  let bearer: string;
  let base: string;

  /** A call through RetrySession: the session's headers, the call's own, then CloudAuth's. */
  function call(
    method: string,
    path: string,
    own: readonly (readonly [string, string])[] = [],
    body?: string,
  ): Promise<WireResponse> {
    return send({
      method,
      url: `${base}${path}`,
      headers: [
        ['IBM-API-Version', API_VERSION],
        ...own,
        ['X-Qx-Client-Application', CLIENT_APPLICATION],
        ['Service-CRN', rt.instance],
        ['Authorization', `Bearer ${bearer}`],
      ],
      ...(body !== undefined ? { body } : {}),
    });
  }
  const ACCEPT = [['Accept', 'application/json']] as const;
  const CONTENT = [['Content-Type', 'application/json']] as const;

  /** qiskit_ibm_runtime/api/rest/runtime.py `program_run`, lines 100-128. */
  function runProgram(payload: Record<string, unknown>): Promise<WireResponse> {
    return call('POST', '/jobs', CONTENT, pyDumps(payload));
  }

  /** The polling of `wait_for_final_state` (runtime_job_v2.py) through `job_get` (program_job.py 63). */
  async function waitFinal(id: string): Promise<any> {
    for (let i = 0; i < 600; i++) {
      const res = await call(
        'GET',
        `/jobs/${id}${pythonQuery({ exclude_params: 'true' })}`,
        ACCEPT,
      );
      if (['Completed', 'Failed', 'Cancelled'].includes(res.json.state.status)) return res.json;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`job ${id} did not end`);
  }

  beforeAll(async () => {
    rt = await startLocalRuntime({
      port: 0,
      seed: 2026,
      backends: ['ibm_fez', 'ibm_sherbrooke', 'local_simulator'],
    });
    base = `${rt.url}/v1`;
    // ibm-cloud-sdk-core token_managers/iam_request_based_token_manager.py request_token,
    // lines 105-134 (headers 105-109, POST {IAM_URL}/identity/token), with the payload of
    // token_managers/iam_token_manager.py lines 89-91.
    const iam = await send({
      method: 'POST',
      url: `${rt.iamUrl}/identity/token`,
      headers: [
        ['Content-Type', 'application/x-www-form-urlencoded'],
        ['Accept', 'application/json'],
        [
          'User-Agent',
          'ibm-python-sdk-core/iam-authenticator-3.24.2 (lang=python; arch=x86_64; os=linux; python.version=3.12.3)',
        ],
      ],
      body: `grant_type=urn%3Aibm%3Aparams%3Aoauth%3Agrant-type%3Aapikey&apikey=${rt.token}&response_type=cloud_iam`,
    });
    expect(iam.status).toBe(200);
    bearer = iam.json.access_token;
  });
  afterAll(async () => rt.close());

  it('IAM: the token answer decodes as ibm-cloud-sdk-core does (jwt_token_manager.py line 69: exp and iat)', async () => {
    const claims = JSON.parse(Buffer.from(bearer.split('.')[1]!, 'base64url').toString());
    expect(Number.isInteger(claims.exp) && Number.isInteger(claims.iat)).toBe(true);
    expect(claims.exp - claims.iat).toBe(3600);
  });

  it('Global Search (accounts/account.py list_instances, lines 365-376; ibm_platform_services global_search_v2.py search, lines 190-233) lists the instance', async () => {
    const res = await send({
      method: 'POST',
      url: `${rt.iamUrl}/v3/resources/search?limit=100`,
      headers: [
        [
          'User-Agent',
          'platform-services-python-sdk-0.71.0 (lang=python; arch=x86_64; os=linux; python.version=3.12.3)',
        ],
        [
          'X-IBMCloud-SDK-Analytics',
          'service_name=global_search;service_version=V2;operation_id=search',
        ],
        ['content-type', 'application/json'],
        ['Accept', 'application/json'],
        ['Authorization', `Bearer ${bearer}`],
      ],
      body: pyDumps({
        query: 'service_name:quantum-computing',
        fields: ['crn', 'service_plan_unique_id', 'name', 'doc', 'tags'],
      }),
    });
    expect(res.status).toBe(200);
    // account.py lines 379-413: items with doc.extensions, then their crn, name, tags; no cursor.
    const item = res.json.items[0];
    expect(item.crn).toBe(rt.instance);
    expect(Object.keys(item.doc.extensions).length).toBeGreaterThan(0);
    expect(Array.isArray(item.tags)).toBe(true);
    expect(res.json.search_cursor).toBeUndefined();
    // global_catalog_v1.py get_catalog_entry, lines 370-400: GET {GLOBAL_CATALOG_URL}/{id}.
    const plan = await send({
      method: 'GET',
      url: `${rt.iamUrl}/global-catalog/${item.service_plan_unique_id}`,
      headers: [
        [
          'X-IBMCloud-SDK-Analytics',
          'service_name=global_catalog;service_version=V1;operation_id=get_catalog_entry',
        ],
        ['Accept', 'application/json'],
        ['Authorization', `Bearer ${bearer}`],
      ],
    });
    // account.py lines 386-393: overview_ui.en.display_name and metadata.pricing.type.
    expect(typeof plan.json.overview_ui.en.display_name).toBe('string');
    expect(typeof plan.json.metadata.pricing.type).toBe('string');
  });

  it('backends (api/rest/runtime.py line 221; clients/runtime.py list_backends reads "devices", qiskit_runtime_service.py line 332 each "name")', async () => {
    const res = await call('GET', '/backends', ACCEPT);
    expect(res.status).toBe(200);
    expect(api.conform(res.json, api.BackendsResponseV2)).toEqual([]);
    expect(res.json.devices.map((d: { name: string }) => d.name)).toEqual([
      'ibm_fez',
      'ibm_sherbrooke',
      'local_simulator',
    ]);
  });

  it('configuration (api/rest/cloud_backend.py line 60) builds a QasmBackendConfiguration (utils/backend_decoder.py, models/backend_configuration.py __init__)', async () => {
    for (const name of ['ibm_fez', 'ibm_sherbrooke']) {
      const res = await call('GET', `/backends/${name}/configuration`, ACCEPT);
      expect(res.status).toBe(200);
      const conf = res.json;
      // QasmBackendConfiguration.__init__ positional arguments, and decode_backend_configuration's online_date.
      for (const key of [
        'backend_name',
        'backend_version',
        'n_qubits',
        'basis_gates',
        'gates',
        'local',
        'simulator',
        'conditional',
        'open_pulse',
        'memory',
        'coupling_map',
        'online_date',
      ]) {
        expect(conf[key]).withContext(`${name}.${key}`).toBeDefined();
      }
      expect(conf.simulator).toBe(false);
      expect(Number.isNaN(Date.parse(conf.online_date))).toBe(false);
      // GateConfig(**data): name, parameters, qasm_def (null for reset in the device data), and
      // nothing it does not take.
      for (const g of conf.gates) {
        expect(
          Object.keys(g).every((k) =>
            [
              'name',
              'parameters',
              'qasm_def',
              'coupling_map',
              'latency_map',
              'conditional',
              'description',
            ].includes(k),
          ),
        ).toBe(true);
        expect(g.qasm_def === null || typeof g.qasm_def === 'string').toBe(true);
      }
      // convert_to_target (utils/backend_converter.py lines 123-134) reads these.
      expect(conf.timing_constraints).toBeDefined();
      expect(typeof conf.dt).toBe('number');
    }
  });

  it('properties (api/rest/cloud_backend.py line 78) build BackendProperties (models/backend_properties.py: Nduv(**data), Gate, general)', async () => {
    const res = await call('GET', '/backends/ibm_fez/properties', ACCEPT);
    expect(res.status).toBe(200);
    const p = res.json;
    for (const key of [
      'backend_name',
      'backend_version',
      'last_update_date',
      'qubits',
      'gates',
      'general',
    ])
      expect(p[key]).toBeDefined();
    for (const nduv of [
      ...p.qubits.flat(),
      ...p.gates.flatMap((g: { parameters: unknown[] }) => g.parameters),
    ]) {
      expect(Object.keys(nduv).sort()).toEqual(['date', 'name', 'unit', 'value']);
    }
    expect(
      p.gates.every(
        (g: { qubits: unknown; gate: unknown }) =>
          Array.isArray(g.qubits) && typeof g.gate === 'string',
      ),
    ).toBe(true);
    // updated_before (cloud_backend.py line 74) is accepted.
    const before = await call(
      'GET',
      `/backends/ibm_fez/properties${pythonQuery({ updated_before: '2025-03-01T00:00:00+00:00' })}`,
      ACCEPT,
    );
    expect(before.status).toBe(200);
  });

  it('status (api/rest/cloud_backend.py lines 91-103) reads state, status, length_queue and backend_version', async () => {
    const res = await call('GET', '/backends/ibm_sherbrooke/status', ACCEPT);
    expect(api.conform(res.json, api.BackendStatusResponse)).toEqual([]);
    // qiskit_runtime_service.py lines 1057-1060: operational and "active", or a warning.
    expect(res.json.state).toBe(true);
    expect(res.json.status).toBe('active');
  });

  it('instance usage (api/rest/runtime.py line 230) before every job (qiskit_runtime_service.py lines 1253-1269)', async () => {
    const res = await call('GET', '/instances/usage', ACCEPT);
    expect(api.conform(res.json, api.GetUsage200Response)).toEqual([]);
    expect('usage_limit_seconds' in res.json).toBe(true);
    expect(typeof res.json.usage_consumed_seconds).toBe('number');
  });

  it('SamplerV2 on a simulator: QPY written by Qiskit 1.3.1, runs to DONE with Bell statistics', async () => {
    // base_primitive.py _run lines 128-132 and options/options.py _get_program_inputs line 206:
    // {"pubs": [...], "options": {}, "version": 2, "support_qiskit": true}; json.py
    // RuntimeEncoder.default lines 290-319: the SamplerPub as (circuit, values.as_array, shots).
    const created = await runProgram({
      program_id: 'sampler',
      params: {
        pubs: [
          [
            encodedCircuit(fixtureBytes('qpy/qiskit-1.3.1_v13_bell_measured.qpy')),
            NO_PARAMETERS,
            2000,
          ],
        ],
        options: {},
        version: 2,
        support_qiskit: true,
      },
      backend: 'local_simulator',
    });
    expect(created.status).toBe(200);
    expect(api.conform(created.json, api.CreateJob200Response)).toEqual([]);
    const done = await waitFinal(created.json.id);
    expect(done.state.status).toBe('Completed');
    expect(api.conform(done, api.JobResponse)).toEqual([]);
    // api/rest/program_job.py line 77: the results as text, decoded by RuntimeDecoder.
    const results = await call('GET', `/jobs/${created.json.id}/results`);
    expect(JSON.parse(results.text).__type__).toBe('PrimitiveResult');
    const pub = decodeResultOrThrow(results.text)[0]!;
    if (!isSamplerPubResult(pub)) throw new Error('expected a sampler result');
    const counts = pub.data['c']!.getCounts();
    expect(Object.keys(counts).sort()).toEqual(['00', '11']);
    expect(withinBinomial(counts['00']!, 2000, 0.5)).toBe(true);
  });

  it('EstimatorV2: the params Qiskit 2.3 wrote (Qiskit/ibm-quantum-schemas) run to DONE', async () => {
    const params = pythonCompact(
      fixtureText('qpy/ibm-quantum-schemas_estimator_params_qiskit-2.3.0_v14.json'),
    );
    const body = `{"program_id": "estimator", "params": ${params}, "backend": "local_simulator"}`;
    const created = await call('POST', '/jobs', CONTENT, body);
    expect(created.status).toBe(200);
    const done = await waitFinal(created.json.id);
    expect(done.state.status).toBe('Completed');
    const results = await call('GET', `/jobs/${created.json.id}/results`);
    const [cz, rz] = decodeResultOrThrow(results.text);
    if (!isEstimatorPubResult(cz!) || !isEstimatorPubResult(rz!))
      throw new Error('expected estimator results');
    expect(cz.data.evs.toNested()).toBeCloseTo(1, 12);
    expect((rz.data.evs.toNested() as number[])[0]).toBeCloseTo(1, 12);
  });

  it('a non-ISA circuit on ibm_fez fails like the service: reason code 1517, which RuntimeJobV2 reads (runtime_job_v2.py lines 243-254)', async () => {
    const created = await runProgram({
      program_id: 'sampler',
      params: {
        pubs: [
          [
            encodedCircuit(fixtureBytes('qpy/qiskit-1.3.1_v13_bell_measured.qpy')),
            NO_PARAMETERS,
            null,
          ],
        ],
        options: {},
        version: 2,
        support_qiskit: true,
      },
      backend: 'ibm_fez',
    });
    expect(created.status).toBe(200);
    const done = await waitFinal(created.json.id);
    expect(done.state.status).toBe('Failed');
    expect(done.state.reason_code).toBe(1517);
    expect(done.state.reason).toContain(
      'Circuits do not match the target definition (non-ISA circuits).',
    );
    // runtime_job_v2.py `error_message` reads the results text of a failed job.
    const results = await call('GET', `/jobs/${created.json.id}/results`);
    expect(results.text).toContain('non-ISA circuits');
  });

  it('sessions: create (runtime_session.py line 67, json=), run in it, details (line 88), close (line 79), cancel (line 72)', async () => {
    // session.py line 139: create_session(backend, instance, max_time, "dedicated").
    const created = await call(
      'POST',
      '/sessions',
      CONTENT,
      pyDumps({ mode: 'dedicated', backend: 'ibm_fez', instance: rt.instance, max_ttl: 600 }),
    );
    expect(created.status).toBe(200);
    expect(api.conform(created.json, api.CreateSession200Response)).toEqual([]);
    const sessionId = created.json.id;
    const job = await runProgram({
      program_id: 'sampler',
      params: {
        pubs: [[encodedCircuit(FEZ_BELL_QPY), NO_PARAMETERS, 1000]],
        options: { default_shots: 500 },
        version: 2,
        support_qiskit: true,
      },
      backend: 'ibm_fez',
      session_id: sessionId,
    });
    expect(job.status).toBe(200);
    expect(job.json.session_id).toBe(sessionId);
    const done = await waitFinal(job.json.id);
    expect(done.state.status).withContext(JSON.stringify(done.state)).toBe('Completed');
    expect(done.session_id).toBe(sessionId);
    const results = await call('GET', `/jobs/${job.json.id}/results`);
    const pub = decodeResultOrThrow(results.text)[0]!;
    if (!isSamplerPubResult(pub)) throw new Error('expected a sampler result');
    const bell = pub.data['meas']!.getCounts();
    expect(Object.keys(bell).sort()).toEqual(['00', '11']);
    expect(bell['00']! + bell['11']!).toBe(1000);
    // session.py details/status read these (lines 243-251, 301-314).
    const details = await call('GET', `/sessions/${sessionId}`, ACCEPT);
    expect(api.conform(details.json, api.CreateSession200Response)).toEqual([]);
    expect(['active', 'inactive', 'open']).toContain(details.json.state);
    expect(typeof details.json.accepting_jobs).toBe('boolean');
    const close = await call(
      'PATCH',
      `/sessions/${sessionId}`,
      CONTENT,
      pyDumps({ accepting_jobs: false }),
    );
    expect(close.status).toBe(204);
    expect((await call('GET', `/sessions/${sessionId}`, ACCEPT)).json.accepting_jobs).toBe(false);
    // batch.py line 116: mode "batch"; then cancel with DELETE .../close.
    const batch = await call(
      'POST',
      '/sessions',
      CONTENT,
      pyDumps({ mode: 'batch', backend: 'ibm_sherbrooke', instance: rt.instance }),
    );
    expect(batch.json.mode).toBe('batch');
    const cancel = await call('DELETE', `/sessions/${batch.json.id}/close`);
    expect(cancel.status).toBe(204);
  });

  it('jobs list (api/rest/runtime.py lines 173-195) pages with count (qiskit_runtime_service.py lines 1193-1208)', async () => {
    const query = pythonQuery({
      exclude_params: 'true',
      limit: 2,
      backend: 'local_simulator',
      pending: 'false',
      program: 'sampler',
      sort: 'ASC',
    });
    const res = await call('GET', `/jobs${query}`, ACCEPT);
    expect(res.status).toBe(200);
    expect(api.conform(res.json, api.JobsResponse)).toEqual([]);
    expect(Array.isArray(res.json.jobs)).toBe(true);
    expect(typeof res.json.count).toBe('number');
    expect(res.json.jobs.every((j: { params?: unknown }) => j.params === undefined)).toBe(true);
  });

  it('metrics (program_job.py line 98): usage.status and qpu_charge_time_seconds (runtime_job_v2.py lines 143-149), timestamps.running (base_runtime_job.py line 212); logs (line 90); tags (lines 106-108); details with params (line 63)', async () => {
    const created = await runProgram({
      program_id: 'sampler',
      params: {
        pubs: [[encodedCircuit(FEZ_BELL_QPY), NO_PARAMETERS, 10]],
        options: {},
        version: 2,
        support_qiskit: true,
      },
      backend: 'ibm_fez',
      tags: ['replay'],
    });
    const id = created.json.id;
    await waitFinal(id);
    const metrics = await call('GET', `/jobs/${id}/metrics`, ACCEPT);
    expect(api.conform(metrics.json, api.JobMetrics)).toEqual([]);
    expect(metrics.json.usage.status).toBe('final');
    expect(Number.isInteger(metrics.json.usage.qpu_charge_time_seconds)).toBe(true);
    expect(typeof metrics.json.timestamps.running).toBe('string');
    const logs = await call('GET', `/jobs/${id}/logs`);
    expect(logs.status).toBe(200);
    expect(logs.text).toContain('job created');
    const tags = await call(
      'PUT',
      `/jobs/${id}/tags`,
      CONTENT,
      pyDumps({ tags: ['replay', 'python'] }),
    );
    expect(tags.status).toBe(204);
    const details = await call('GET', `/jobs/${id}`, ACCEPT);
    expect(details.json.tags).toEqual(['replay', 'python']);
    expect(details.json.params.pubs[0][0].__type__).toBe('QuantumCircuit');
  });

  it('cancel (program_job.py line 82) and delete (line 69)', async () => {
    const created = await runProgram({
      program_id: 'estimator',
      params: {
        pubs: [['OPENQASM 3.0; qubit[1] q;', { Z: new PyFloat(1) }, NO_PARAMETERS, null]],
        options: {},
        version: 2,
        support_qiskit: true,
      },
      backend: 'local_simulator',
    });
    const id = created.json.id;
    const cancel = await call('POST', `/jobs/${id}/cancel`);
    // 204 while queued or running; 409 once final (RuntimeInvalidStateError).
    expect([204, 409]).toContain(cancel.status);
    await waitFinal(id);
    const del = await call('DELETE', `/jobs/${id}`);
    expect(del.status).toBe(204);
    const gone = await call('GET', `/jobs/${id}${pythonQuery({ exclude_params: 'true' })}`, ACCEPT);
    expect(gone.status).toBe(404);
    expect(api.conform(gone.json, api.ErrorContainer)).toEqual([]);
  });
});
