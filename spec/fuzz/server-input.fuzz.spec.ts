// Fuzzing the local runtime from outside: random and mutated HTTP requests (methods, paths,
// ids, headers, bodies), raw byte strings on a TCP connection, and random websocket frames on
// both websocket endpoints. The runtime must keep answering, never crash, never leave sockets
// open, and never change another job: a finished reference job's details, transitions and
// result are compared before and after. Fixed seed; `QJOBS_SOAK=1` sends many more inputs.
import { connect } from 'node:net';
import fc from 'fast-check';
import { WebSocket } from 'ws';
import { startLocalRuntime } from '../../src/local/index.js';
import type { LocalRuntime } from '../../src/local/index.js';
import { trackLeaks } from '../helpers/leaks.js';
import type { LeakTracker } from '../helpers/leaks.js';
import { SOAK, fuzzParameters } from './support/fuzz-config.js';
import { loadFixtures } from './support/fixtures.js';
import { applyPlan, mutationPlan } from './support/mutate.js';

const BELL =
  'OPENQASM 3.0; include "stdgates.inc"; qubit[2] q; bit[2] meas; h q[0]; cx q[0], q[1]; meas = measure q;';

/** Everything about a job a client can read, as text, to compare before and after. */
interface JobView {
  readonly details: string;
  readonly results: string;
  readonly transitions: string;
  readonly tags: string;
}

async function read(rt: LocalRuntime, path: string): Promise<{ status: number; text: string }> {
  const res = await fetch(`${rt.url}${path}`, { headers: { Authorization: `Bearer ${rt.token}` } });
  return { status: res.status, text: await res.text() };
}

async function viewOf(rt: LocalRuntime, id: string): Promise<JobView> {
  const details = await read(rt, `/v1/jobs/${id}`);
  const results = await read(rt, `/v1/jobs/${id}/results`);
  expect(details.status).toBe(200);
  expect(results.status).toBe(200);
  const record = rt.jobRecord(id)!;
  return {
    details: details.text,
    results: results.text,
    transitions: JSON.stringify(record.transitions),
    tags: JSON.stringify(record.tags),
  };
}

async function createFinishedJob(rt: LocalRuntime, tags: string[]): Promise<string> {
  const res = await fetch(`${rt.url}/v1/jobs`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${rt.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      program_id: 'sampler',
      backend: 'local_simulator',
      tags,
      params: { pubs: [[BELL, null, 64]], version: 2 },
    }),
  });
  expect(res.status).toBe(200);
  const { id } = (await res.json()) as { id: string };
  const until = Date.now() + 10_000;
  while (rt.jobRecord(id)?.status !== 'Completed' && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 10));
  }
  expect(rt.jobRecord(id)?.status).toBe('Completed');
  return id;
}

/** Fail the property (fast-check then shrinks and reports the input) unless `ok`. */
function must(ok: boolean, message: string): void {
  if (!ok) throw new Error(message);
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD', 'TRACE', 'FOO'];

/** Path templates of every route, with `{id}` filled by the fuzzer. */
const PATHS = [
  '/v1/jobs',
  '/v1/jobs/{id}',
  '/v1/jobs/{id}/cancel',
  '/v1/jobs/{id}/results',
  '/v1/jobs/{id}/interim_results',
  '/v1/jobs/{id}/logs',
  '/v1/jobs/{id}/metrics',
  '/v1/jobs/{id}/tags',
  '/v1/sessions',
  '/v1/sessions/{id}',
  '/v1/sessions/{id}/close',
  '/v1/backends/{id}',
  '/v1/backends/{id}/configuration',
  '/v1/backends/{id}/status',
  '/v1/tags',
  '/v1/versions',
  '/{id}',
  '/../{id}',
];

/** Ids: traversal attempts, encodings, odd lengths, and (sometimes) the reference job itself. */
function idArbitrary(refId: () => string): fc.Arbitrary<string> {
  return fc
    .oneof(
      fc.constantFrom(
        '..%2F..%2F..%2Fetc%2Fpasswd',
        '..%2f..%2fjobs',
        '%2e%2e%2f%2e%2e%2f',
        '..',
        '.',
        '%00',
        '%2F',
        '%252e%252e%252f',
        'aaaaaaaaaaaaaaaaaaaa%00.json',
        'aaaaaaaaaaaaaaaaaaa/',
        'AAAAAAAAAAAAAAAAAAAA',
        'zzzzzzzzzzzzzzzzzzzz',
        '0000000000000000000w',
        'x'.repeat(5000),
        '%E0%A4%A',
        '%uD800',
        '?',
        '#',
        'local_simulator',
        'ibmq_qasm_simulator/../../x',
      ),
      fc.stringMatching(/^[0-9a-z%./]{0,24}$/),
      fc.constant('{ref}'),
    )
    .map((id) => (id === '{ref}' ? refId() : id));
}

describe('fuzz: the local runtime under hostile input', () => {
  let runtime: LocalRuntime;
  let refId: string;
  let before: JobView;
  let leaks: LeakTracker;
  const fixtures = loadFixtures();
  let sent = 0;

  let savedTimeout = 0;
  beforeAll(() => {
    savedTimeout = jasmine.DEFAULT_TIMEOUT_INTERVAL;
    jasmine.DEFAULT_TIMEOUT_INTERVAL = SOAK ? 30 * 60_000 : 120_000;
  });

  beforeAll(async () => {
    leaks = trackLeaks();
    runtime = await startLocalRuntime({
      port: 0,
      seed: 7,
      limits: { maxConnectionsPerClient: 512 },
      keepAliveMs: 1000,
    });
    refId = await createFinishedJob(runtime, ['reference']);
    before = await viewOf(runtime, refId);
  });

  afterAll(() => {
    jasmine.DEFAULT_TIMEOUT_INTERVAL = savedTimeout;
  });

  afterAll(async () => {
    await runtime.close();
    await leaks.expectNone();
    console.log(
      `\nfuzz server: ${sent} hostile requests, connections and frames; reference job unchanged`,
    );
  });

  async function expectHealthy(): Promise<void> {
    const versions = await read(runtime, '/v1/versions');
    expect(versions.status).toBe(200);
    expect(await viewOf(runtime, refId)).toEqual(before);
  }

  /** Every connection ends: closed by the peer, or idle keep-alive ones by the server after 1 s. */
  async function socketsSettle(): Promise<void> {
    const until = Date.now() + 7000;
    while (Date.now() < until) {
      const open = runtime.openSockets();
      if (open.connections === 0 && open.websockets === 0) return;
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(runtime.openSockets()).toEqual({ connections: 0, websockets: 0 });
  }

  it('random HTTP requests: methods, paths, ids, headers and bodies', async () => {
    const body = fc.oneof(
      fc.constant(undefined),
      fc.uint8Array({ maxLength: 512 }).map((b) => Buffer.from(b)),
      fc.string({ unit: 'binary', maxLength: 256 }),
      fc
        .tuple(fc.constantFrom(...fixtures), mutationPlan)
        .map(([f, plan]) => applyPlan(f.value, plan).text),
    );
    const header = fc.record({
      auth: fc.constantFrom('good', 'none', 'bad', 'apikey', 'garbage', 'long'),
      contentType: fc.constantFrom(
        'application/json',
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        '',
      ),
      origin: fc.constantFrom(undefined, 'https://evil.example', 'null'),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...METHODS),
        fc.constantFrom(...PATHS),
        idArbitrary(() => refId),
        fc.constantFrom(
          '',
          '?exclude_params=maybe',
          '?limit=-1&offset=1e99',
          '?pending=%00',
          '?x=' + 'y'.repeat(3000),
        ),
        body,
        header,
        async (method, template, id, query, payload, h) => {
          const headers: Record<string, string> = {};
          if (h.auth === 'good') headers['Authorization'] = `Bearer ${runtime.token}`;
          if (h.auth === 'bad') headers['Authorization'] = `Bearer ${runtime.token.slice(0, -1)}0`;
          if (h.auth === 'apikey') headers['Authorization'] = `apikey ${runtime.token}x`;
          if (h.auth === 'garbage') headers['Authorization'] = 'Basic Og==';
          if (h.auth === 'long') headers['Authorization'] = `Bearer ${'a'.repeat(8000)}`;
          if (h.contentType !== '') headers['Content-Type'] = h.contentType;
          if (h.origin !== undefined) headers['Origin'] = h.origin;
          const hasBody = payload !== undefined && method !== 'GET' && method !== 'HEAD';
          sent++;
          let res: Response;
          try {
            res = await fetch(`${runtime.url}${template.replace('{id}', id)}${query}`, {
              method,
              headers,
              ...(hasBody ? { body: payload } : {}),
            });
          } catch (e) {
            // fetch itself refuses some combinations (TRACE, bodies on some methods): not the server.
            if (
              e instanceof TypeError &&
              !String((e as { cause?: unknown }).cause ?? '').includes('ECONN')
            ) {
              return;
            }
            throw e;
          }
          const text = await res.text();
          const what = `${method} ${template.replace('{id}', id.slice(0, 40))}${query.slice(0, 40)} -> ${res.status} ${text.slice(0, 300)}`;
          must(res.status >= 200 && res.status < 600, `odd status: ${what}`);
          // Never a 500: the server turns every bad input into a 4xx that says what was wrong.
          must(res.status !== 500, `internal error: ${what}`);
          must(res.headers.get('access-control-allow-origin') === null, `CORS header: ${what}`);
          if (h.auth !== 'good' && res.status < 300) {
            must(
              template === '/v1/versions' && method === 'GET',
              `answered without credentials: ${what}`,
            );
          }
        },
      ),
      fuzzParameters(250),
    );
    // A PUT/DELETE with the real token on the reference job is allowed to act: none other.
    const record = runtime.jobRecord(refId);
    if (record === undefined || JSON.stringify(record.tags) !== before.tags) {
      // Legitimate changes through the API happened: recreate the reference for later specs.
      refId = await createFinishedJob(runtime, ['reference']);
      before = await viewOf(runtime, refId);
    } else {
      await expectHealthy();
    }
    await socketsSettle();
  });

  it('unauthenticated and wrongly authenticated requests never touch the reference job', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('PUT', 'DELETE', 'POST'),
        fc.constantFrom('/v1/jobs/{id}', '/v1/jobs/{id}/tags', '/v1/jobs/{id}/cancel'),
        fc.constantFrom(
          undefined,
          'Bearer ',
          'Bearer x',
          `Bearer ${'0'.repeat(64)}`,
          'apikey nope',
        ),
        async (method, template, auth) => {
          sent++;
          const res = await fetch(`${runtime.url}${template.replace('{id}', refId)}`, {
            method,
            headers: {
              'Content-Type': 'application/json',
              ...(auth !== undefined ? { Authorization: auth } : {}),
            },
            body: method === 'DELETE' ? null : '{"tags":["owned"]}',
          });
          const text = await res.text();
          // 405 where the route does not take the method at all; otherwise refused.
          must(
            res.status === 401 || res.status === 405,
            `${method} ${template} -> ${res.status} ${text}`,
          );
        },
      ),
      fuzzParameters(60),
    );
    await expectHealthy();
  });

  it('raw bytes on a TCP connection', async () => {
    const { port } = runtime;
    const prefix = fc.constantFrom(
      '',
      'GET / HTTP/1.1\r\n',
      'POST /api/v1/jobs HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\n\r\n',
      'GET /api/v1/jobs HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\n',
      `GET /api/v1/jobs/${'a'.repeat(20)} HTTP/1.1\r\nHost: x\r\n${'X-A: b\r\n'.repeat(200)}\r\n`,
      'GET /api/v1/stream/jobs/aaaaaaaaaaaaaaaaaaaa HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: x\r\n\r\n',
      'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n',
    );
    await fc.assert(
      fc.asyncProperty(prefix, fc.uint8Array({ maxLength: 2048 }), async (head, bytes) => {
        sent++;
        await new Promise<void>((resolve) => {
          const socket = connect(port, '127.0.0.1', () => {
            socket.write(Buffer.concat([Buffer.from(head, 'latin1'), Buffer.from(bytes)]));
            // Half-close: the server answers or closes; either way the socket ends.
            socket.end();
          });
          socket.on('data', () => undefined);
          socket.on('error', () => resolve());
          socket.on('close', () => resolve());
          socket.setTimeout(3000, () => socket.destroy());
        });
      }),
      fuzzParameters(120),
    );
    await socketsSettle();
    await expectHealthy();
  });

  it('random websocket frames on the result stream and the job-status socket', async () => {
    const frame = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
      fc.constantFrom(
        '{"type":"authentication","data":null}',
        '{"type":"authentication","data":"x"}',
        '{"type":"authentication"}',
        '{"type":"job-status","data":{"status":"COMPLETED"}}',
        '[]',
        'null',
        '{"__proto__":{"polluted":true}}',
        '{'.repeat(10_000),
      ),
      fc.constant('x'.repeat(70 * 1024)), // over the 64 KiB frame limit
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('stream', 'legacy'),
        fc.constantFrom('good', 'bad', 'none'),
        fc.constantFrom('ref', 'bad-id', 'traversal'),
        fc.array(frame, { minLength: 1, maxLength: 5 }),
        async (kind, auth, target, frames) => {
          sent++;
          const id =
            target === 'ref'
              ? refId
              : target === 'bad-id'
                ? 'zzzzzzzzzzzzzzzzzzzz'
                : '..%2F..%2Fjobs';
          const path = kind === 'stream' ? `/v1/stream/jobs/${id}` : `/v1/jobs/${id}/status/v/1`;
          const headers: Record<string, string> = {};
          if (auth === 'good') headers['Authorization'] = `Bearer ${runtime.token}`;
          if (auth === 'bad') headers['Authorization'] = 'Bearer nope';
          await new Promise<void>((resolve) => {
            const ws = new WebSocket(`${runtime.wsUrl}${path}`, { headers });
            const timer = setTimeout(() => ws.terminate(), 3000);
            ws.on('open', () => {
              for (const f of frames) ws.send(f);
              // Leave the connection to the server a moment, then close it ourselves.
              setTimeout(() => ws.close(), 20);
            });
            ws.on('error', () => undefined);
            ws.on('unexpected-response', (_req, res) => {
              res.resume();
              ws.terminate();
            });
            ws.on('close', () => {
              clearTimeout(timer);
              resolve();
            });
          });
        },
      ),
      fuzzParameters(100),
    );
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    await socketsSettle();
    await expectHealthy();
  });

  it('mutated job creation bodies: a 4xx naming the problem, or a job; never a 500', async () => {
    const creates = fixtures.filter((f) => f.name.startsWith('create_job_request_'));
    expect(creates.length).toBe(3);
    // The documented requests name IBM backends; point them at the local one.
    const local = creates.map((f) => ({
      ...f,
      value: { ...(f.value as object), backend: 'local_simulator' },
    }));
    const before500 = runtime.requestCount({ status: 500 });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...local), mutationPlan, async (fixture, plan) => {
        sent++;
        const { text } = applyPlan(fixture.value, plan);
        const res = await fetch(`${runtime.url}/v1/jobs`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${runtime.token}`, 'Content-Type': 'application/json' },
          body: text,
        });
        const answer = await res.text();
        const what = `${text.slice(0, 200)} -> ${res.status} ${answer.slice(0, 300)}`;
        must(res.status !== 500, `internal error: ${what}`);
        if (res.status >= 400) {
          const parsed = JSON.parse(answer) as { errors?: { message?: string }[] };
          must((parsed.errors?.[0]?.message?.length ?? 0) > 0, `no error message: ${what}`);
        }
      }),
      fuzzParameters(120),
    );
    expect(runtime.requestCount({ status: 500 })).toBe(before500);
    // Cancel whatever the fuzzer created so the runtime closes quickly.
    for (const id of runtime.jobIds()) {
      const status = runtime.jobRecord(id)?.status;
      if (status === 'Queued' || status === 'Running') {
        await fetch(`${runtime.url}/v1/jobs/${id}/cancel`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${runtime.token}` },
        }).then((r) => r.text());
      }
    }
    await expectHealthy();
  });
});
