/**
 * What a RuntimeService sends, recorded by a proxy in front of a real local runtime, over real
 * sockets: configured for IBM Quantum Platform it opens no websocket, asks for none, and sends
 * `Service-CRN` and the current `IBM-API-Version` on every request; QiskitRuntimeService's
 * option names work; the local runtime still gets its websockets, which it advertises in
 * `GET /v1/versions`; a server that advertises none gets none, and never the token frame of
 * the job-status socket; a deprecated `IBM-API-Version` is told once.
 *
 * IBM's host names reach the proxy the way DNS would send them there: the service's `fetch`
 * sends `https://quantum.cloud.ibm.com` and `https://iam.cloud.ibm.com` to the proxy, and its
 * websocket factory would too (it records every attempt). Everything else (where requests go,
 * which sockets open) is the service's own decision on the real host name.
 *
 * What IBM's clients send, from Qiskit/qiskit-ibm-runtime:
 * qiskit_ibm_runtime/api/rest/base.py line 38 (`IBM-API-Version: 2026-04-15`),
 * qiskit_ibm_runtime/api/auth.py lines 90-94 (`Service-CRN` and `Authorization: Bearer` with
 * the IAM token on every request), qiskit_ibm_runtime/api/utils.py
 * (default_runtime_url_resolver: `https://cloud.ibm.com` with a us-east CRN is
 * `https://quantum.cloud.ibm.com/api/v1`) and qiskit_ibm_runtime/qiskit_runtime_service.py
 * (`__init__(channel, token, url, instance, ...)`). No websocket since qiskit-ibm-runtime 0.38:
 * `runtime_ws.py` is gone from the tree.
 */
import { filter, firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { ConfigError } from '../../src/codecs/errors.js';
import type { ConnectionEvent } from '../../src/events/job-event.js';
import { startLocalRuntime } from '../../src/local/index.js';
import type { LocalRuntime } from '../../src/local/index.js';
import { RuntimeService } from '../../src/service/index.js';
import type { RuntimeServiceOptions, ServiceWarning } from '../../src/service/index.js';
import { defaultFetch } from '../../src/transport/fetch-once.js';
import type { FetchFunction } from '../../src/transport/fetch-once.js';
import type { WebSocketFactory } from '../../src/transport/websocket.js';
import { transportStats } from '../../src/transport/websocket.js';
import { trackLeaks } from '../helpers/leaks.js';
import type { LeakTracker } from '../helpers/leaks.js';
import { RecordingProxy } from '../helpers/recording-proxy.js';
import { BELL, samplerInputs } from './support.js';

const BACKEND = 'ibmq_qasm_simulator';
const IBM_API = 'https://quantum.cloud.ibm.com';
const IBM_IAM = 'https://iam.cloud.ibm.com';
/** What qiskit-ibm-runtime sends today (api/rest/base.py line 38). */
const CURRENT_API_VERSION = '2026-04-15';

describe('a service for IBM Quantum Platform, through a recording proxy', () => {
  let runtime: LocalRuntime;
  let proxy: RecordingProxy;
  let services: RuntimeService[];
  let leaks: LeakTracker;
  /** Websocket URLs the services tried to open. */
  let socketAttempts: string[];

  beforeEach(async () => {
    leaks = trackLeaks();
    runtime = await startLocalRuntime({ port: 0, seed: 11 });
    proxy = await RecordingProxy.start(runtime.url);
    services = [];
    socketAttempts = [];
  });

  afterEach(async () => {
    for (const s of services) s.close();
    await proxy.stop();
    await runtime.close();
    await leaks.expectNone();
  });

  /** IBM's hosts resolved to the proxy, as a hosts-file entry would. */
  const ibmFetch = (): FetchFunction => (input, init) =>
    defaultFetch(input.replace(IBM_API, proxy.origin).replace(IBM_IAM, proxy.origin), init);

  /** Records every websocket the service tries to open, and opens none. */
  const recordingSockets: WebSocketFactory = (url) => {
    socketAttempts.push(url);
    throw new ConfigError(`no websocket in this spec: ${url}`, 'webSocketFactory');
  };

  function service(options: RuntimeServiceOptions): RuntimeService {
    const s = new RuntimeService(options);
    services.push(s);
    return s;
  }

  async function runBell(s: RuntimeService): Promise<ConnectionEvent[]> {
    const job = await s.run('sampler', samplerInputs([BELL, null, 64]), { backend: BACKEND });
    const connections = lastValueFrom(
      job.events$.pipe(
        filter((e): e is ConnectionEvent => e.type === 'connection'),
        toArray(),
      ),
    );
    const result = await job.result();
    expect(result.length).toBe(1);
    return connections;
  }

  it("QiskitRuntimeService's names (channel, token as API key, instance, url) reach IBM with Service-CRN and the current IBM-API-Version on every request, and no websocket", async () => {
    const notices: string[] = [];
    const s = service({
      channel: 'ibm_quantum_platform',
      token: runtime.token, // an API key, as QiskitRuntimeService's token is
      instance: runtime.instance,
      url: 'https://cloud.ibm.com',
      poll: { floorMs: 5 },
      fetch: ibmFetch(),
      webSocketFactory: recordingSockets,
      onNotice: (m) => notices.push(m),
    });
    expect(s.url).toBe(`${IBM_API}/api`);
    expect(s.ibm).toBeTrue();
    expect(s.auth).toBe('iam');
    const connections = await runBell(s);

    expect(proxy.upgrades).toEqual([]);
    expect(socketAttempts).toEqual([]);
    expect(connections).toEqual([]);
    expect(transportStats().openSockets).toBe(0);

    // The API key went to IAM once; every API request carried the CRN and the version.
    expect(proxy.requestsTo('/identity/token').length).toBe(1);
    const api = proxy.requestsTo('/api/v1/');
    expect(api.length).toBeGreaterThanOrEqual(3);
    expect(api.filter((r) => r.path.startsWith('/api/v1/versions'))).toEqual([]);
    for (const r of api) {
      const what = `${r.method} ${r.path}`;
      expect(r.headers['service-crn']).withContext(what).toBe(runtime.instance);
      expect(r.headers['ibm-api-version']).withContext(what).toBe(CURRENT_API_VERSION);
      expect(r.headers['authorization'])
        .withContext(what)
        .toMatch(/^Bearer ey[\w-]+\.[\w-]+\./);
      expect(r.headers['authorization']).withContext(what).not.toContain(runtime.token);
    }
    const calls = api.map(
      (r) => `${r.method} ${r.path.split('?')[0]!.replace(/jobs\/[^/]+/, 'jobs/{id}')}`,
    );
    expect(calls).toContain('POST /api/v1/jobs');
    expect(calls).toContain('GET /api/v1/jobs/{id}');
    expect(calls).toContain('GET /api/v1/jobs/{id}/results');
    // The poll floor asked for was below what IBM asked of its clients.
    expect(notices).toContain(
      'poll.floorMs 5 raised to 500 ms: IBM Quantum Platform asks clients not to read a job more often than every 500 ms (qiskit-ibm-runtime issue #2755).',
    );
  });

  it('a bearer IAM token and serviceCrn to an IBM regional URL: the same headers, no websocket', async () => {
    const iam = await fetch(`${runtime.url.replace(/\/api$/, '')}/identity/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `grant_type=urn:ibm:params:oauth:grant-type:apikey&apikey=${runtime.token}`,
    });
    const accessToken = ((await iam.json()) as { access_token: string }).access_token;
    const s = service({
      url: `${IBM_API}/api/v1`,
      token: accessToken,
      serviceCrn: runtime.instance,
      fetch: ibmFetch(),
      webSocketFactory: recordingSockets,
    });
    expect(s.auth).toBe('bearer');
    await runBell(s);
    expect(proxy.upgrades).toEqual([]);
    expect(socketAttempts).toEqual([]);
    for (const r of proxy.requestsTo('/api/v1/')) {
      expect(r.headers['service-crn']).toBe(runtime.instance);
      expect(r.headers['ibm-api-version']).toBe(CURRENT_API_VERSION);
    }
  });

  it('an IBM host with the result stream named explicitly opens that one socket and no job-status socket', async () => {
    const s = service({
      channel: 'ibm_cloud',
      token: runtime.token,
      instance: runtime.instance,
      websocket: 'both',
      fetch: ibmFetch(),
      webSocketFactory: recordingSockets,
    });
    const connections = await runBell(s);
    // The stream was asked for (and refused by this spec's factory); the job-status socket,
    // whose first frame carries the token, was never opened on a host that offers none.
    expect(socketAttempts.length).toBeGreaterThan(0);
    for (const url of socketAttempts)
      expect(url).toMatch(/^wss:\/\/quantum\.cloud\.ibm\.com\/api\/v1\/stream\/jobs\//);
    expect(
      connections.some(
        (e) =>
          e.state === 'fallback' && /does not advertise the job-status socket/.test(e.detail ?? ''),
      ),
    ).toBeTrue();
  });
});

describe('websockets by advertisement, through a recording proxy', () => {
  let runtime: LocalRuntime;
  let services: RuntimeService[];
  let proxies: RecordingProxy[];
  let leaks: LeakTracker;

  beforeEach(async () => {
    leaks = trackLeaks();
    runtime = await startLocalRuntime({ port: 0, seed: 12 });
    services = [];
    proxies = [];
  });

  afterEach(async () => {
    for (const s of services) s.close();
    for (const p of proxies) await p.stop();
    await runtime.close();
    await leaks.expectNone();
  });

  async function proxied(advertise: boolean): Promise<RecordingProxy> {
    const p = await RecordingProxy.start(
      runtime.url,
      advertise
        ? undefined
        : (req, body) => {
            if (!req.path.startsWith('/api/v1/versions')) return body;
            const { websockets: _dropped, ...rest } = body as Record<string, unknown>;
            return rest;
          },
    );
    proxies.push(p);
    return p;
  }

  function service(p: RecordingProxy, options: RuntimeServiceOptions = {}): RuntimeService {
    const s = new RuntimeService({
      url: p.url,
      token: runtime.token,
      poll: { queuedMs: 25, runningMs: 25, floorMs: 5 },
      ...options,
    });
    services.push(s);
    return s;
  }

  async function runBell(s: RuntimeService): Promise<void> {
    const job = await s.run('sampler', samplerInputs([BELL, null, 64]), { backend: BACKEND });
    await job.result();
  }

  it('the local runtime advertises both websockets in GET /v1/versions and gets them, asked once', async () => {
    const p = await proxied(true);
    const s = service(p);
    expect(s.ibm).toBeFalse();
    const versions = await firstValueFrom(s.http.request({ method: 'GET', path: '/versions' }));
    expect((versions.body as { websockets: unknown }).websockets).toEqual({
      stream: '/v1/stream/jobs/{id}',
      status: '/v1/jobs/{id}/status/v/1',
    });
    await runBell(s);
    await runBell(s);
    const paths = p.upgrades.map((u) => u.path.replace(/jobs\/[^/?]+/, 'jobs/{id}'));
    expect(paths).toContain('/api/v1/stream/jobs/{id}');
    expect(paths).toContain('/api/v1/jobs/{id}/status/v/1');
    // One read of the advertisement for the service (the other is this spec's own).
    expect(p.requestsTo('/api/v1/versions').length).toBe(2);
  });

  it('a server that advertises no websocket gets none by default', async () => {
    const p = await proxied(false);
    await runBell(service(p));
    expect(p.requestsTo('/api/v1/versions').length).toBe(1);
    expect(p.upgrades).toEqual([]);
  });

  it('named explicitly, the result stream opens anyway; the job-status socket (token in its first frame) does not', async () => {
    const p = await proxied(false);
    await runBell(service(p, { websocket: 'both' }));
    expect(p.upgrades.length).toBeGreaterThan(0);
    for (const u of p.upgrades) expect(u.path).toMatch(/^\/api\/v1\/stream\/jobs\//);
  });

  it('websocket: false asks nothing and opens nothing', async () => {
    const p = await proxied(true);
    await runBell(service(p, { websocket: false }));
    expect(p.requestsTo('/api/v1/versions')).toEqual([]);
    expect(p.upgrades).toEqual([]);
  });

  it('a deprecated IBM-API-Version is told once, typed, through onWarning and warnings$', async () => {
    const p = await proxied(true);
    const told: ServiceWarning[] = [];
    const s = service(p, { apiVersion: '2025-05-01', onWarning: (w) => told.push(w) });
    await runBell(s);
    await s.backends();
    expect(told.length).toBe(1);
    const w = told[0]!;
    expect(w.type).toBe('apiDeprecation');
    expect(w.apiVersion).toBe('2025-05-01');
    // Deprecated from the next version's date, sunset on the published sunset_date.
    expect(w.deprecatedAt?.toISOString()).toBe('2026-02-01T00:00:00.000Z');
    expect(w.sunsetAt?.toISOString()).toBe('2027-01-01T00:00:00.000Z');
    expect(w.link).toBe('/api/v1/versions');
    expect(w.message).toContain(
      'IBM-API-Version 2025-05-01 is deprecated since 2026-02-01, switched off from 2027-01-01',
    );
    s.close();
    expect(await lastValueFrom(s.warnings$.pipe(toArray()))).toEqual([w]);
  });

  it('without onWarning the deprecation goes to console.warn, once; a live version says nothing', async () => {
    const p = await proxied(true);
    const warn = spyOn(console, 'warn');
    const old = service(p, { apiVersion: '2026-03-15' });
    await old.backends();
    await old.backends();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.calls.argsFor(0)[0])).toMatch(
      /^quantum-jobs-rx: The service says IBM-API-Version 2026-03-15 is deprecated since 2026-04-15, switched off from 2027-03-15/,
    );
    await service(p).backends();
    expect(warn).toHaveBeenCalledTimes(1);
  });
});
