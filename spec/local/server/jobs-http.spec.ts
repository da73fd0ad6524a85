import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { startLocalRuntime, type LocalRuntime } from '../../../src/local/index.js';
import {
  api,
  BELL,
  BELL_NO_MEASURE,
  createJob,
  estimatorJob,
  samplerJob,
  waitForStatus,
} from './support.js';

describe('local runtime job endpoints', () => {
  let rt: LocalRuntime;
  beforeEach(async () => {
    rt = await startLocalRuntime({ port: 0, seed: 7 });
  });
  afterEach(async () => rt.close());

  describe('POST /v1/jobs', () => {
    it('answers the new id (20 base32 characters) and backend', async () => {
      const res = await api(rt, 'POST', '/v1/jobs', { body: samplerJob([[BELL, null, 16]]) });
      expect(res.status).toBe(200);
      expect(res.json.id).toMatch(/^[0-9a-v]{20}$/);
      expect(res.json.backend).toBe('local_simulator');
      expect(Object.keys(res.json).sort()).toEqual(['backend', 'id']);
    });

    it('accepts the documentation request with version "2" and ibmq_qasm_simulator', async () => {
      const body = {
        program_id: 'sampler',
        backend: 'ibmq_qasm_simulator',
        params: {
          pubs: [[BELL], [BELL, null, 500]],
          version: '2',
          options: { dynamical_decoupling: { enable: true } },
        },
      };
      const res = await api(rt, 'POST', '/v1/jobs', { body });
      expect(res.status).toBe(200);
      expect(res.json.backend).toBe('ibmq_qasm_simulator');
    });

    const invalid: [string, unknown, RegExp][] = [
      [
        'missing backend',
        { program_id: 'sampler', params: { pubs: [[BELL]], version: 2 } },
        /backend/,
      ],
      [
        'params not an object',
        { program_id: 'sampler', backend: 'local_simulator', params: 3 },
        /params/,
      ],
      [
        'a version other than 2',
        {
          program_id: 'sampler',
          backend: 'local_simulator',
          params: { pubs: [[BELL]], version: 1 },
        },
        /version/,
      ],
      ['no pubs', samplerJob([]), /params\.pubs/],
      ['zero shots', samplerJob([[BELL, null, 0]]), /params\.pubs\[0\]\[2\]/],
      ['bad tags', samplerJob([[BELL]], { tags: 'x' }), /tags/],
      ['cost 0', samplerJob([[BELL]], { cost: 0 }), /cost/],
      ['bad log level', samplerJob([[BELL]], { log_level: 'loud' }), /log_level/],
      ['unknown Pauli letter', estimatorJob([[BELL_NO_MEASURE, 'ZQ']]), /params\.pubs\[0\]\[1\]/],
    ];
    for (const [name, body, message] of invalid) {
      it(`refuses ${name} with 400 and an error body naming the field`, async () => {
        const res = await api(rt, 'POST', '/v1/jobs', { body });
        expect(res.status).toBe(400);
        expect(res.json.errors[0].code).toBe(1002);
        expect(res.json.errors[0].message).toMatch(message);
        expect(typeof res.json.trace).toBe('string');
      });
    }

    it('refuses a body that is not JSON, and an empty body', async () => {
      const bad = await api(rt, 'POST', '/v1/jobs', {
        rawBody: '{"program_id": ',
        headers: { 'Content-Type': 'application/json' },
      });
      expect(bad.status).toBe(400);
      expect(bad.json.errors[0].message).toContain('not valid JSON');
      const empty = await api(rt, 'POST', '/v1/jobs', { rawBody: '' });
      expect(empty.status).toBe(400);
      expect(empty.json.errors[0].message).toContain('empty');
    });

    it('answers 404 for an unknown program and an unknown backend', async () => {
      const program = await api(rt, 'POST', '/v1/jobs', {
        body: { program_id: 'circuit-runner', backend: 'local_simulator', params: {} },
      });
      expect(program.status).toBe(404);
      expect(program.json.errors[0].message).toContain('circuit-runner');
      const backend = await api(rt, 'POST', '/v1/jobs', {
        body: { ...(samplerJob([[BELL]]) as object), backend: 'ibm_nowhere' },
      });
      expect(backend.status).toBe(404);
      expect(backend.json.errors[0].code).toBe(1216);
      expect(backend.json.errors[0].message).toContain('ibm_nowhere');
    });

    it('reports an OpenQASM error with its line and column', async () => {
      const source = 'OPENQASM 3.0;\ninclude "stdgates.inc";\nqubit[1] q;\nfoo q[0];\n';
      const res = await api(rt, 'POST', '/v1/jobs', { body: samplerJob([[BELL], [source]]) });
      expect(res.status).toBe(400);
      expect(res.json.errors[0].message).toMatch(
        /^params\.pubs\[1\]\[0\]: OpenQASM error at line 4, column 1: /,
      );
    });

    it('refuses parameter values that do not fit the circuit, and observables of the wrong width', async () => {
      const param =
        'OPENQASM 3.0; include "stdgates.inc"; input float theta; qubit[1] q; bit[1] c; ry(theta) q[0]; c = measure q;';
      const missing = await api(rt, 'POST', '/v1/jobs', { body: samplerJob([[param, null, 10]]) });
      expect(missing.status).toBe(400);
      expect(missing.json.errors[0].message).toMatch(/params\.pubs\[0\]\[1\].*theta/);
      const width = await api(rt, 'POST', '/v1/jobs', {
        body: estimatorJob([[BELL_NO_MEASURE, 'ZZZ']]),
      });
      expect(width.status).toBe(400);
      expect(width.json.errors[0].message).toContain(
        'observables act on 3 qubits but the circuit has 2',
      );
    });

    it('holds jobs to the limits with 400s naming the limit', async () => {
      await rt.close();
      rt = await startLocalRuntime({
        port: 0,
        limits: {
          maxQubits: 3,
          maxShots: 100,
          maxPubs: 2,
          maxCircuitOperations: 5,
          maxTags: 1,
          maxTagLength: 4,
        },
      });
      const wide = 'OPENQASM 3.0; include "stdgates.inc"; qubit[4] q; h q[0];';
      const long =
        'OPENQASM 3.0; include "stdgates.inc"; qubit[1] q; x q[0]; x q[0]; x q[0]; x q[0]; x q[0]; x q[0];';
      const cases: [unknown, string][] = [
        [samplerJob([[wide]]), "the circuit declares 4 qubits, more than the backend's 3"],
        [samplerJob([[BELL, null, 101]]), '101 shots exceed the limit of 100'],
        [samplerJob([[BELL], [BELL], [BELL]]), '3 PUBs exceed the limit of 2'],
        [samplerJob([[long]]), 'more than 5 instructions'],
        [samplerJob([[BELL]], { tags: ['a', 'b'] }), '2 tags exceed the limit of 1'],
        [samplerJob([[BELL]], { tags: ['abcde'] }), 'exceeds the limit of 4'],
      ];
      for (const [body, message] of cases) {
        const res = await api(rt, 'POST', '/v1/jobs', { body });
        expect(res.status).withContext(message).toBe(400);
        expect(res.json.errors[0].message).toContain(message);
      }
    });
  });

  describe('GET /v1/jobs/{id}', () => {
    it('answers the job with Title-case status, program, created, cost and params unless excluded', async () => {
      const id = await createJob(rt, samplerJob([[BELL, null, 10]], { tags: ['t1'], cost: 60 }));
      const done = await waitForStatus(rt, id);
      expect(done.id).toBe(id);
      expect(done.state).toEqual({ status: 'Completed' });
      expect(done.status).toBe('Completed');
      expect(done.program).toEqual({ id: 'sampler' });
      expect(done.backend).toBe('local_simulator');
      expect(done.cost).toBe(60);
      expect(done.tags).toEqual(['t1']);
      expect(new Date(done.created).toISOString()).toBe(done.created);
      expect(done.params.pubs[0][2]).toBe(10);
      const excluded = await api(rt, 'GET', `/v1/jobs/${id}?exclude_params=true`);
      expect(excluded.json.params).toBeUndefined();
      const bad = await api(rt, 'GET', `/v1/jobs/${id}?exclude_params=maybe`);
      expect(bad.status).toBe(400);
    });

    it('answers 404 for an unknown id and for anything that is not an id, without touching storage', async () => {
      const unknown = await api(rt, 'GET', '/v1/jobs/aaaaaaaaaaaaaaaaaaaa');
      expect(unknown.status).toBe(404);
      expect(unknown.json.errors[0].code).toBe(3250);
      for (const bad of [
        '..%2F..%2Fetc%2Fpasswd',
        'ABCDEFGHIJKLMNOPQRST',
        'short',
        'wwwwwwwwwwwwwwwwwwww',
      ]) {
        const res = await api(rt, 'GET', `/v1/jobs/${bad}/results`);
        expect(res.status).withContext(bad).toBe(404);
        expect(res.json.errors[0].message).toContain('not a valid job id');
      }
    });
  });

  describe('GET /v1/jobs', () => {
    it('filters, sorts and pages; count ignores paging; params excluded by default', async () => {
      await rt.close();
      rt = await startLocalRuntime({ port: 0, queue: { runDelayMs: 60_000 } });
      const a = await createJob(rt, samplerJob([[BELL, null, 4]], { tags: ['x', 'y'] }));
      await new Promise((r) => setTimeout(r, 5));
      const middle = new Date().toISOString();
      await new Promise((r) => setTimeout(r, 5));
      const b = await createJob(rt, estimatorJob([[BELL_NO_MEASURE, 'ZZ']], { tags: ['x'] }));
      const c = await createJob(rt, samplerJob([[BELL, null, 4]], { tags: ['y'] }));
      await api(rt, 'POST', `/v1/jobs/${b}/cancel`);
      const ids = async (query: string): Promise<string[]> => {
        const res = await api(rt, 'GET', `/v1/jobs${query}`);
        expect(res.status).withContext(query).toBe(200);
        return res.json.jobs.map((j: { id: string }) => j.id);
      };
      const all = await api(rt, 'GET', '/v1/jobs');
      expect(all.json.count).toBe(3);
      expect(all.json.offset).toBe(0);
      expect(all.json.limit).toBe(200);
      expect(all.json.jobs[0].params).toBeUndefined();
      expect(await ids('')).toEqual([c, b, a]);
      expect(await ids('?sort=ASC')).toEqual([a, b, c]);
      const page = await api(rt, 'GET', '/v1/jobs?limit=1&offset=1');
      expect(page.json.count).toBe(3);
      expect(page.json.jobs.map((j: { id: string }) => j.id)).toEqual([b]);
      expect(await ids('?pending=true')).toEqual([c, a]);
      expect(await ids('?pending=false')).toEqual([b]);
      expect(await ids('?program=estimator')).toEqual([b]);
      expect(await ids('?backend=ibmq_qasm_simulator')).toEqual([]);
      expect(await ids(`?created_after=${encodeURIComponent(middle)}`)).toEqual([c, b]);
      expect(await ids(`?created_before=${encodeURIComponent(middle)}`)).toEqual([a]);
      expect(await ids('?tags=x&tags=y')).toEqual([a]);
      expect(await ids('?tags=y')).toEqual([c, a]);
      const withParams = await api(rt, 'GET', '/v1/jobs?exclude_params=false&limit=1');
      expect(withParams.json.jobs[0].params.version).toBe(2);
    });

    it('refuses a bad query with 400 naming the parameter', async () => {
      for (const [q, name] of [
        ['limit=abc', 'limit'],
        ['offset=-1', 'offset'],
        ['pending=yes', 'pending'],
        ['sort=UP', 'sort'],
        ['created_after=yesterday', 'created_after'],
      ]) {
        const res = await api(rt, 'GET', `/v1/jobs?${q}`);
        expect(res.status).withContext(q!).toBe(400);
        expect(res.json.errors[0].message).toContain(name!);
      }
    });
  });

  describe('cancel, delete and tags', () => {
    it('cancel answers 204 for a live job and 409 for a final one; delete answers 409 until final, then 204 and the job is gone', async () => {
      await rt.close();
      rt = await startLocalRuntime({ port: 0, queue: { runDelayMs: 60_000 } });
      const id = await createJob(rt, samplerJob([[BELL, null, 4]]));
      const early = await api(rt, 'DELETE', `/v1/jobs/${id}`);
      expect(early.status).toBe(409);
      expect(early.json.errors[0].message).toContain('only jobs in a final state');
      const cancel = await api(rt, 'POST', `/v1/jobs/${id}/cancel`);
      expect(cancel.status).toBe(204);
      expect(cancel.text).toBe('');
      const again = await api(rt, 'POST', `/v1/jobs/${id}/cancel`);
      expect(again.status).toBe(409);
      expect((await api(rt, 'DELETE', `/v1/jobs/${id}`)).status).toBe(204);
      expect((await api(rt, 'GET', `/v1/jobs/${id}`)).status).toBe(404);
      expect((await api(rt, 'POST', `/v1/jobs/${id}/cancel`)).status).toBe(404);
    });

    it('PUT tags replaces the tags (204), deduplicated; GET /v1/tags lists every tag', async () => {
      const id = await createJob(rt, samplerJob([[BELL, null, 4]], { tags: ['old'] }));
      const put = await api(rt, 'PUT', `/v1/jobs/${id}/tags`, { body: { tags: ['a', 'b', 'a'] } });
      expect(put.status).toBe(204);
      expect((await api(rt, 'GET', `/v1/jobs/${id}`)).json.tags).toEqual(['a', 'b']);
      expect((await api(rt, 'GET', '/v1/tags')).json).toEqual({ tags: ['a', 'b'] });
      const bad = await api(rt, 'PUT', `/v1/jobs/${id}/tags`, { body: { tags: [1] } });
      expect(bad.status).toBe(400);
      expect(
        (await api(rt, 'PUT', '/v1/jobs/aaaaaaaaaaaaaaaaaaaa/tags', { body: { tags: [] } })).status,
      ).toBe(404);
    });

    it('results answer 400 while the job is queued or running', async () => {
      await rt.close();
      rt = await startLocalRuntime({ port: 0, queue: { runDelayMs: 60_000 } });
      const id = await createJob(rt, samplerJob([[BELL, null, 4]]));
      const res = await api(rt, 'GET', `/v1/jobs/${id}/results`);
      expect(res.status).toBe(400);
      expect(res.json.errors[0].message).toMatch(/no result yet: it is (Queued|Running)/);
    });
  });

  describe('private jobs', () => {
    it('never show params and give their result once', async () => {
      const res = await api(rt, 'POST', '/v1/jobs', {
        body: samplerJob([[BELL, null, 4]], { private: true }),
      });
      expect(res.json.private).toBe(true);
      const id = res.json.id as string;
      const done = await waitForStatus(rt, id);
      expect(done.private).toBe(true);
      expect(done.params).toBeUndefined();
      expect((await api(rt, 'GET', `/v1/jobs/${id}/results`)).status).toBe(200);
      const second = await api(rt, 'GET', `/v1/jobs/${id}/results`);
      expect(second.status).toBe(404);
      expect(second.json.errors[0].message).toContain('no longer available');
    });
  });

  describe('routing and bodies', () => {
    it('refuses connections over the per-client limit with 429 and closes them', async () => {
      await rt.close();
      rt = await startLocalRuntime({ port: 0, limits: { maxConnectionsPerClient: 2 } });
      const open = (): Promise<Socket> =>
        new Promise((resolve) => {
          const s = connect(rt.port, '127.0.0.1', () => resolve(s));
        });
      const a = await open();
      const b = await open();
      const c = await open();
      const answer = await new Promise<string>((resolve) => {
        let text = '';
        c.on('data', (d) => (text += d.toString()));
        c.on('close', () => resolve(text));
      });
      expect(answer).toMatch(/^HTTP\/1\.1 429 /);
      expect(answer).toContain('Too many open connections');
      a.destroy();
      b.destroy();
    });

    it('answers 404 for an unknown path and 405 with Allow for a wrong method', async () => {
      const unknown = await api(rt, 'GET', '/v1/nothing-here');
      expect(unknown.status).toBe(404);
      expect(unknown.json.errors[0].message).toContain('/api/v1/nothing-here');
      const wrong = await api(rt, 'PATCH', '/v1/jobs');
      expect(wrong.status).toBe(405);
      expect(wrong.headers.get('allow')).toBe('GET, POST');
      const wrong2 = await api(rt, 'POST', '/v1/jobs/aaaaaaaaaaaaaaaaaaaa');
      expect(wrong2.status).toBe(405);
      expect(wrong2.headers.get('allow')).toBe('DELETE, GET');
    });

    it('answers 413 for a declared body over maxBodyBytes without reading it', async () => {
      await rt.close();
      rt = await startLocalRuntime({ port: 0, maxBodyBytes: 1024 });
      const res = await api(rt, 'POST', '/v1/jobs', {
        rawBody: 'x'.repeat(2048),
        headers: { 'Content-Type': 'application/json' },
      });
      expect(res.status).toBe(413);
      expect(res.json.errors[0].message).toContain('1024 bytes');
    });

    it('stops reading a chunked body as soon as it crosses the limit and answers 413', async () => {
      await rt.close();
      rt = await startLocalRuntime({ port: 0, maxBodyBytes: 1024 });
      const status = await new Promise<number>((resolve, reject) => {
        const req = request(`${rt.url}/v1/jobs`, {
          method: 'POST',
          headers: {
            Authorization: `Bearer ${rt.token}`,
            'Content-Type': 'application/json',
            'Transfer-Encoding': 'chunked',
          },
        });
        req.on('response', (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', (e) => (status === undefined ? reject(e) : undefined));
        let sent = 0;
        const pump = (): void => {
          while (sent < 64 * 1024 && !req.destroyed) {
            sent += 512;
            if (!req.write('y'.repeat(512))) {
              req.once('drain', pump);
              return;
            }
          }
          req.end();
        };
        pump();
      });
      expect(status).toBe(413);
    });
  });

  describe('service information', () => {
    it('answers versions, instance usage, backends with status and configuration', async () => {
      const versions = await api(rt, 'GET', '/v1/versions');
      expect(versions.json.versions.some((v: { status: string }) => v.status === 'live')).toBe(
        true,
      );
      const usage = await api(rt, 'GET', '/v1/instances/usage');
      expect(usage.json.usage_limit_reached).toBe(false);
      const list = await api(rt, 'GET', '/v1/backends');
      // By default the two simulators, then the devices ibm_fez and ibm_sherbrooke.
      const names = ['local_simulator', 'ibmq_qasm_simulator', 'ibm_fez', 'ibm_sherbrooke'];
      expect(list.json.devices.map((d: { name: string }) => d.name)).toEqual(names);
      expect(list.json.devices.map((d: { qubits: number }) => d.qubits)).toEqual([
        26, 26, 156, 127,
      ]);
      const old = await api(rt, 'GET', '/v1/backends', {
        headers: { 'IBM-API-Version': '2024-01-01' },
      });
      expect(old.json.devices).toEqual(names);
      const one = await api(rt, 'GET', '/v1/backends/ibmq_qasm_simulator');
      expect(one.json.name).toBe('ibmq_qasm_simulator');
      const status = await api(rt, 'GET', '/v1/backends/local_simulator/status');
      expect(status.json).toEqual(
        jasmine.objectContaining({ state: true, status: 'active', length_queue: 0 }),
      );
      const config = await api(rt, 'GET', '/v1/backends/local_simulator/configuration');
      expect(config.json.backend_name).toBe('local_simulator');
      expect(config.json.n_qubits).toBe(26);
      expect(config.json.basis_gates).toContain('cx');
      expect((await api(rt, 'GET', '/v1/backends/ibm_nowhere')).status).toBe(404);
      expect((await api(rt, 'GET', '/v1/backends/bad%20name/status')).status).toBe(404);
    });

    it('refuses jobs for a backend that is not operational', async () => {
      await rt.close();
      rt = await startLocalRuntime({
        port: 0,
        backends: [{ name: 'down_sim', operational: false }],
      });
      const status = await api(rt, 'GET', '/v1/backends/down_sim/status');
      expect(status.json.state).toBe(false);
      const res = await api(rt, 'POST', '/v1/jobs', {
        body: { ...(samplerJob([[BELL]]) as object), backend: 'down_sim' },
      });
      expect(res.status).toBe(400);
      expect(res.json.errors[0].message).toContain('not available');
    });

    it('adds CORS headers for allowed origins and answers preflights without credentials', async () => {
      await rt.close();
      rt = await startLocalRuntime({ port: 0, corsOrigins: ['http://app.example'] });
      const pre = await fetch(`${rt.url}/v1/jobs`, {
        method: 'OPTIONS',
        headers: { Origin: 'http://app.example', 'Access-Control-Request-Method': 'POST' },
      });
      expect(pre.status).toBe(204);
      expect(pre.headers.get('access-control-allow-origin')).toBe('http://app.example');
      expect(pre.headers.get('access-control-allow-headers')).toContain('Authorization');
      const get = await api(rt, 'GET', '/v1/versions', {
        headers: { Origin: 'http://app.example' },
      });
      expect(get.headers.get('access-control-allow-origin')).toBe('http://app.example');
      expect(get.headers.get('access-control-expose-headers')).toContain('Retry-After');
      const other = await api(rt, 'GET', '/v1/versions', {
        headers: { Origin: 'http://evil.example' },
      });
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
    });
  });
});
