// Every REST call of IBM's C client, Qiskit/qiskit-ibm-runtime-c (b228e25bcee47c8cdd5f0b26f0f4843c2cbb0bf3),
// replayed over a real socket against the local runtime: the calls of crates/client/src/service.rs
// through the generated crates (ibm-quantum-platform-api, generated from IBM's OpenAPI;
// ibmcloud-iam-api; ibmcloud-global-search-api), with method, path, query, headers and body as
// their sources build them (file and line above each), and each answer checked against the
// models those crates deserialize it into (./openapi.ts) and what service.rs reads from it.
//
// The crates send `IBM-API-Version: 2025-06-01` and the API key of their configuration as
// `Authorization: Bearer <IAM token>` (service.rs lines 272-276); reqwest adds `accept: */*`.
// Their base paths are fixed (https://quantum.cloud.ibm.com/api, https://iam.cloud.ibm.com,
// https://api.global-search-tagging.cloud.ibm.com): here they are the runtime's.
import { startLocalRuntime, type LocalRuntime } from '../../src/local/index.js';
import { encodeBase64 } from '../../src/codecs/base64.js';
import { deflate } from '../../src/codecs/zlib.js';
import { cClientQpy } from './c-qpy.js';
import * as api from './openapi.js';
import { send, type WireResponse } from './wire.js';

const USER_AGENT = 'qiskit-ibm-runtime-rs/0.0.1';
const API_VERSION = '2025-06-01';

/** Gate names crates/client/src/service.rs get_backend (lines 445-481) knows; any other panics. */
const C_CLIENT_GATES = ['x', 'sx', 'cz', 'ecr', 'rz', 'rx', 'id', 'cx', 'rzz', 'reset'];

/** A Bell pair on qubits 0 and 1 of ibm_fez in the instructions the C client writes (rz(0) shows a parameter). */
const BELL = cClientQpy(2, 2, [
  { name: 'rz', qubits: [0], params: [0] },
  { name: 'sx', qubits: [0] },
  { name: 'sx', qubits: [1] },
  { name: 'cz', qubits: [0, 1] },
  { name: 'sx', qubits: [1] },
  { name: 'sx', qubits: [1] },
  { name: 'sx', qubits: [1] },
  { name: 'measure', qubits: [0], clbits: [0] },
  { name: 'measure', qubits: [1], clbits: [1] },
]);

describe('official C client (qiskit-ibm-runtime-c) against the local runtime', () => {
  let rt: LocalRuntime;
  let token: string;

  /** The header groups of the generated functions, in the order they add them. */
  function headers(kind: 'all' | 'auth' | 'json'): [string, string][] {
    const out: [string, string][] = [
      ['accept', '*/*'],
      ['user-agent', USER_AGENT],
      ['IBM-API-Version', API_VERSION],
      ['Authorization', `Bearer ${token}`],
    ];
    if (kind !== 'auth') {
      out.push(
        ['Backend-Authentication', `Bearer ${token}`],
        ['external-service-token', `Bearer ${token}`],
      );
    }
    out.push(['Service-CRN', rt.instance]);
    if (kind === 'json') out.push(['content-type', 'application/json']);
    return out;
  }
  const get = (path: string, kind: 'all' | 'auth'): Promise<WireResponse> =>
    send({ method: 'GET', url: `${rt.url}${path}`, headers: headers(kind) });

  /**
   * crates/client/src/generate_job_params.rs (lines 19-63): pubs of bare encoded circuits
   * (base64 of zlib of the QPY), `shots`, `version` 2 in params and at the top; serialised by
   * serde_json (compact, fields in struct order: models/create_job_request_one_of.rs,
   * sampler_v2_input.rs) in jobs_api.rs create_job (lines 220-285).
   */
  function createJob(
    backend: string,
    qpy: Uint8Array,
    shots: number | null,
    tags?: string[],
  ): Promise<WireResponse> {
    const pub = { __type__: 'QuantumCircuit', __value__: encodeBase64(deflate(qpy)) };
    const body = JSON.stringify({
      program_id: 'sampler',
      backend,
      ...(tags !== undefined ? { tags } : {}),
      params: { pubs: [pub], shots, version: 2 },
      version: 2,
    });
    return send({ method: 'POST', url: `${rt.url}/v1/jobs`, headers: headers('json'), body });
  }

  async function waitFinal(id: string): Promise<any> {
    for (let i = 0; i < 600; i++) {
      // jobs_api.rs get_job_details_jid (lines 482-545): no exclude_params from service.rs line 549.
      const res = await get(`/v1/jobs/${id}`, 'all');
      if (
        ['Completed', 'Failed', 'Cancelled', 'Cancelled - Ran too long'].includes(res.json.status)
      )
        return res.json;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`job ${id} did not end`);
  }

  beforeAll(async () => {
    rt = await startLocalRuntime({
      port: 0,
      seed: 99,
      backends: ['ibm_fez', 'ibm_sherbrooke', 'local_simulator'],
    });
    // crates/ibmcloud-iam-api/src/apis/token_operations_api.rs get_token_api_key (lines 83-108):
    // POST /identity/token#apikey (the fragment is not sent), a form of grant_type and apikey;
    // called by service.rs line 316.
    const iam = await send({
      method: 'POST',
      url: `${rt.iamUrl}/identity/token`,
      headers: [
        ['accept', '*/*'],
        ['user-agent', USER_AGENT],
        ['content-type', 'application/x-www-form-urlencoded'],
      ],
      body: `apikey=${rt.token}&grant_type=urn%3Aibm%3Aparams%3Aoauth%3Agrant-type%3Aapikey`,
    });
    expect(iam.status).toBe(200);
    expect(api.conform(iam.json, api.TokenResponse)).toEqual([]);
    token = iam.json.access_token;
  });
  afterAll(async () => rt.close());

  it('Global Search (service.rs list_instances lines 335-376; search_api.rs search lines 76-144) finds the instance with a backend allocation', async () => {
    const res = await send({
      method: 'POST',
      url: `${rt.iamUrl}/v3/resources/search?limit=100`,
      headers: [
        ['accept', '*/*'],
        ['user-agent', USER_AGENT],
        ['Authorization', `Bearer ${token}`],
        ['content-type', 'application/json'],
      ],
      body: JSON.stringify({
        query: 'service_name:quantum-computing',
        fields: ['crn', 'service_plan_unique_id', 'name', 'doc'],
      }),
    });
    expect(res.status).toBe(200);
    // models/scan_result.rs, result_item.rs: `tags` is an Option<String>, so never an array.
    expect(api.conform(res.json, api.ScanResult)).toEqual([]);
    const item = res.json.items[0];
    expect(item.crn).toBe(rt.instance);
    expect(typeof item.name).toBe('string'); // service.rs line 371: x.name.unwrap()
    expect(item.doc.extensions).toBeDefined(); // service.rs line 368
  });

  it('backends (backends_api.rs list_backends lines 365-410, service.rs line 595) with queue_length for least_busy', async () => {
    const res = await get('/v1/backends', 'all');
    expect(res.status).toBe(200);
    expect(api.conform(res.json, api.BackendsResponseV2)).toEqual([]);
    expect(
      res.json.devices.every((d: { queue_length: unknown }) => Number.isInteger(d.queue_length)),
    ).toBe(true);
  });

  it('the target of a device (service.rs get_backend lines 386-498): configuration and properties as it parses them', async () => {
    for (const name of ['ibm_fez', 'ibm_sherbrooke']) {
      // backends_api.rs get_backend_configuration (lines 56-91).
      const conf = await get(`/v1/backends/${name}/configuration`, 'auth');
      expect(conf.status).toBe(200);
      expect(Number.isInteger(conf.json.n_qubits)).toBe(true); // line 408: as_u64().unwrap()
      // backends_api.rs get_backend_properties (lines 205-245), no updated_before.
      const props = await get(`/v1/backends/${name}/properties`, 'auth');
      expect(props.status).toBe(200);
      for (const gate of props.json.gates) {
        expect(C_CLIENT_GATES).withContext(gate.gate).toContain(gate.gate);
        expect(gate.qubits.every((q: unknown) => Number.isInteger(q))).toBe(true);
        for (const p of gate.parameters) {
          expect(typeof p.name).toBe('string');
          if (p.name === 'gate_length') expect(p.unit).toBe('ns'); // line 431: panics otherwise
        }
      }
      for (const qubit of props.json.qubits) {
        const names = qubit.map((p: { name: string }) => p.name);
        expect(names).toContain('readout_error');
        expect(names).toContain('readout_length');
      }
    }
  });

  it('a sampler job of C-client QPY with job-level shots runs on ibm_fez to Completed; results as SamplerV2Result with "meas" samples', async () => {
    // service.rs submit_sampler_job (lines 515-541).
    const created = await createJob('ibm_fez', BELL, 1000, ['c-client']);
    expect(created.status).toBe(200);
    expect(api.conform(created.json, api.CreateJob200Response)).toEqual([]);
    const done = await waitFinal(created.json.id);
    expect(done.status).withContext(JSON.stringify(done.state)).toBe('Completed');
    expect(api.conform(done, api.JobResponse)).toEqual([]);
    // jobs_api.rs get_job_results_jid (lines 665-723), read by service.rs lines 576-580.
    const res = await get(`/v1/jobs/${created.json.id}/results`, 'auth');
    expect(res.status).toBe(200);
    expect(String(res.headers['content-type'])).toMatch(/^application\/json/);
    expect(api.conform(res.json, api.SamplerV2Result)).toEqual([]);
    const samples: string[] = res.json.results.flatMap((r: any) => r.data['meas'].samples);
    expect(samples.length).toBe(1000);
    expect(new Set(samples)).toEqual(new Set(['0x0', '0x3']));
  });

  it('shots: null (generate_job_params.rs line 42 with no shots) falls back to the default of 4096', async () => {
    const created = await createJob('ibm_fez', BELL, null);
    const done = await waitFinal(created.json.id);
    expect(done.status).toBe('Completed');
    const res = await get(`/v1/jobs/${created.json.id}/results`, 'auth');
    expect(res.json.results[0].data.meas.samples.length).toBe(4096);
  });

  it('a circuit the device does not run (cz on uncoupled qubits) ends Failed with reason code 1517, a status the C client maps (service.rs JobDetails::status)', async () => {
    const bad = cClientQpy(3, 0, [{ name: 'cz', qubits: [0, 2] }]);
    const created = await createJob('ibm_fez', bad, 10);
    expect(created.status).toBe(200);
    const done = await waitFinal(created.json.id);
    expect(done.status).toBe('Failed');
    expect(done.state.reason_code).toBe(1517);
    expect(api.conform(done, api.JobResponse)).toEqual([]);
  });

  it('bad bodies get an error container the clients parse (models/list_jobs_400_response.rs)', async () => {
    const created = await createJob('ibm_fez', Uint8Array.of(1, 2, 3), 10);
    expect(created.status).toBe(400);
    expect(api.conform(created.json, api.ErrorContainer)).toEqual([]);
    expect(created.json.errors[0].message).toContain('params.pubs[0][0]: QPY');
  });
});
