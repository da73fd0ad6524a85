// Hardening probes of the local runtime: who can reach it (loopback by default, a token on
// every route and websocket, secrets compared in constant time), how much one client can make
// it do (body, frame, qubit, shot, PUB, tag and connection limits), where a request can reach
// on disk (ids validated before any file name; nothing outside dataDir), and which web pages
// may call it (an explicit CORS allow-list, never `*`).
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { ConfigError } from '../../src/codecs/errors.js';
import { DEFAULT_RUNTIME_LIMITS, startLocalRuntime } from '../../src/local/index.js';
import type { LocalRuntime, LocalRuntimeOptions } from '../../src/local/index.js';
import { secretsEqual } from '../../src/local/server/auth.js';
import { LOCAL_PLAN } from '../../src/local/server/instance.js';
import { ROUTES } from '../../src/local/server/routes.js';
import { trackLeaks } from '../helpers/leaks.js';
import type { LeakTracker } from '../helpers/leaks.js';

const BELL =
  'OPENQASM 3.0; include "stdgates.inc"; qubit[2] q; bit[2] meas; h q[0]; cx q[0], q[1]; meas = measure q;';

interface Answer {
  readonly status: number;
  readonly text: string;
  readonly headers: Headers;
}

async function call(
  rt: LocalRuntime,
  method: string,
  path: string,
  init: { body?: string; headers?: Record<string, string>; token?: string | null } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...(init.headers ?? {}) };
  const token = init.token === undefined ? rt.token : init.token;
  if (token !== null) headers['Authorization'] = `Bearer ${token}`;
  if (init.body !== undefined) headers['Content-Type'] ??= 'application/json';
  const res = await fetch(`${rt.url}${path}`, {
    method,
    headers,
    ...(init.body !== undefined ? { body: init.body } : {}),
  });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

function samplerBody(pubs: unknown[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    program_id: 'sampler',
    backend: 'local_simulator',
    params: { pubs, version: 2 },
    ...extra,
  });
}

/** Fill a path template's parameters with well-formed values. */
function concrete(path: string): string {
  return path
    .replace(':jobId', 'aaaaaaaaaaaaaaaaaaaa')
    .replace(':sessionId', 'aaaaaaaaaaaaaaaaaaaa')
    .replace(':backend', 'local_simulator')
    .replace(':entry', LOCAL_PLAN.id);
}

describe('security: the local runtime', () => {
  let runtime: LocalRuntime | undefined;
  let leaks: LeakTracker;

  async function start(options: LocalRuntimeOptions = {}): Promise<LocalRuntime> {
    runtime = await startLocalRuntime({ port: 0, seed: 5, ...options });
    return runtime;
  }

  beforeEach(() => {
    leaks = trackLeaks();
  });

  afterEach(async () => {
    await runtime?.close();
    runtime = undefined;
    await leaks.expectNone();
  });

  describe('who can reach it', () => {
    it('binds to loopback by default and hands out loopback URLs', async () => {
      const rt = await start();
      expect(rt.host).toBe('127.0.0.1');
      expect(new URL(rt.url).hostname).toBe('127.0.0.1');
      expect(new URL(rt.wsUrl).hostname).toBe('127.0.0.1');
      expect(new URL(rt.iamUrl).hostname).toBe('127.0.0.1');
    });

    it('generates a long random token when none is given', async () => {
      const a = await start();
      const tokenA = a.token;
      await a.close();
      const b = await start();
      expect(tokenA).toMatch(/^[0-9a-f]{64}$/);
      expect(b.token).not.toBe(tokenA);
    });

    it('refuses every route but the IAM exchange and presigned links without a valid credential', async () => {
      const rt = await start();
      const refused: string[] = [];
      for (const route of ROUTES) {
        if (route.public) continue;
        for (const token of [null, '', 'x', `${rt.token}x`, rt.token.slice(0, -1)]) {
          const res = await call(rt, route.method, concrete(route.path), {
            token,
            ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { body: '{}' }),
          });
          if (res.status === 401) refused.push(route.name);
          else
            fail(
              `${route.method} ${route.path} with token ${JSON.stringify(token)}: ${res.status} ${res.text}`,
            );
        }
      }
      const open = ROUTES.filter((r) => r.public).map((r) => r.name);
      expect(open).toEqual(['iam.token', 'jobs.transpiled.download']);
      expect(new Set(refused).size).toBe(ROUTES.length - open.length);
      // A presigned link needs its signature, whatever the credential.
      for (const token of [null, rt.token]) {
        const res = await call(rt, 'GET', concrete('/transpiled_circuits/:jobId'), { token });
        expect(res.status).withContext(String(token)).toBe(403);
      }
    });

    it('refuses the result stream without a credential and closes the status socket without authentication', async () => {
      const rt = await start();
      const id = JSON.parse(
        (await call(rt, 'POST', '/v1/jobs', { body: samplerBody([[BELL, null, 8]]) })).text,
      ).id as string;
      for (const auth of [undefined, 'Bearer nope', `Bearer ${rt.token}0`]) {
        const status = await new Promise<number>((resolve) => {
          const ws = new WebSocket(
            `${rt.wsUrl}/v1/stream/jobs/${id}`,
            auth === undefined ? {} : { headers: { Authorization: auth } },
          );
          ws.on('unexpected-response', (_req, res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
            ws.terminate();
          });
          ws.on('open', () => {
            resolve(101);
            ws.close();
          });
          ws.on('error', () => undefined);
        });
        expect(status).withContext(String(auth)).toBe(401);
      }
      for (const frame of [
        '{"type":"authentication","data":"nope"}',
        'hello',
        '{"type":"authentication"}',
      ]) {
        const closed = await new Promise<{ code: number; frames: string[] }>((resolve) => {
          const frames: string[] = [];
          const ws = new WebSocket(`${rt.wsUrl}/v1/jobs/${id}/status/v/1`);
          ws.on('open', () => ws.send(frame));
          ws.on('message', (m) => frames.push(String(m)));
          ws.on('close', (code) => resolve({ code, frames }));
          ws.on('error', () => undefined);
        });
        expect(closed.code).withContext(frame).toBe(1008);
        expect(closed.frames).withContext(frame).toEqual([]);
      }
    });

    it('compares secrets in constant time (code review and behaviour)', async () => {
      // Review: every comparison of a presented secret goes through secretsEqual, which hashes
      // both sides to equal-length digests and compares them with crypto.timingSafeEqual; no
      // `===` or `!==` ever touches the token or an API key.
      const source = readFileSync(
        new URL('../../src/local/server/auth.ts', import.meta.url),
        'utf8',
      );
      expect(source).toMatch(/timingSafeEqual\(\s*digest\(candidate\),\s*digest\(expected\)\s*\)/);
      const code = source.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      expect(code).not.toMatch(
        /(===|!==)\s*this\.(token|apiKeys)|this\.(token|apiKeys)\s*(===|!==)/,
      );
      expect(code).not.toMatch(
        /\b(key|credential|value|candidate)\s*(===|!==)\s*(k|this\.token|expected)\b/,
      );
      // Behaviour: equal only when identical, whatever the lengths.
      const secret = 'a'.repeat(64);
      expect(secretsEqual(secret, secret)).toBeTrue();
      expect(secretsEqual(secret.slice(0, -1), secret)).toBeFalse();
      expect(secretsEqual(`${secret}a`, secret)).toBeFalse();
      expect(secretsEqual('', secret)).toBeFalse();
      expect(secretsEqual('b'.repeat(64), secret)).toBeFalse();
      // And through the server: a token differing in its last character is refused.
      const rt = await start({ token: secret });
      expect((await call(rt, 'GET', '/v1/jobs', { token: `${secret.slice(0, -1)}b` })).status).toBe(
        401,
      );
      expect((await call(rt, 'GET', '/v1/jobs')).status).toBe(200);
    });
  });

  describe('how much one client can make it do', () => {
    it('refuses bodies over the limit, declared or streamed (413)', async () => {
      const rt = await start({ maxBodyBytes: 64 * 1024 });
      const big = samplerBody([[BELL, null, 8]], { tags: ['x'.repeat(70 * 1024)] });
      const declared = await call(rt, 'POST', '/v1/jobs', { body: big });
      expect(declared.status).toBe(413);
      expect(declared.text).toContain('65536');
      // Chunked: no Content-Length, so the server must count as it reads.
      const streamed = await new Promise<number>((resolve, reject) => {
        const req = request(
          `${rt.url}/v1/jobs`,
          {
            method: 'POST',
            headers: { Authorization: `Bearer ${rt.token}`, 'Content-Type': 'application/json' },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        for (let i = 0; i < 20; i++) req.write('x'.repeat(8 * 1024));
        req.end();
      });
      expect(streamed).toBe(413);
      expect(rt.jobIds()).toEqual([]);
    });

    it('closes a websocket that sends a frame over the limit (1009)', async () => {
      const rt = await start();
      const code = await new Promise<number>((resolve) => {
        const ws = new WebSocket(`${rt.wsUrl}/v1/jobs/aaaaaaaaaaaaaaaaaaaa/status/v/1`);
        ws.on('open', () => ws.send('x'.repeat(DEFAULT_RUNTIME_LIMITS.maxWebSocketFrameBytes + 1)));
        ws.on('close', (c) => resolve(c));
        ws.on('error', () => undefined);
      });
      expect(code).toBe(1009);
    });

    it('refuses circuits, shots, PUBs and tags over the limits, naming the limit', async () => {
      const rt = await start({ limits: { maxQubits: 8, maxShots: 1000, maxPubs: 3, maxTags: 2 } });
      const wide = 'OPENQASM 3.0; include "stdgates.inc"; qubit[9] q; h q[0];';
      const cases: [string, string, string][] = [
        // The simulator backends are as wide as the qubit limit, so the width check speaks first.
        ['qubits', samplerBody([[wide, null, 8]]), "more than the backend's 8"],
        ['shots', samplerBody([[BELL, null, 1001]]), 'limit of 1000'],
        ['pubs', samplerBody([[BELL], [BELL], [BELL], [BELL]]), 'limit of 3'],
        ['tags', samplerBody([[BELL]], { tags: ['a', 'b', 'c'] }), 'limit of 2'],
        ['2^32 shots', samplerBody([[BELL, null, 2 ** 32]]), 'shots'],
        ['a 2^20-qubit register', samplerBody([['OPENQASM 3.0; qubit[1048576] q;']]), 'qubits'],
        [
          'a 100k-deep angle expression',
          samplerBody([
            [
              `OPENQASM 3.0; include "stdgates.inc"; qubit[1] q; rx(${'('.repeat(100_000)}1${')'.repeat(100_000)}) q[0];`,
            ],
          ]),
          'params.pubs[0][0]',
        ],
      ];
      for (const [what, body, says] of cases) {
        const res = await call(rt, 'POST', '/v1/jobs', { body });
        expect(res.status)
          .withContext(`${what}: ${res.text.slice(0, 300)}`)
          .toBe(400);
        expect(res.text).withContext(what).toContain(says);
      }
      expect(rt.jobIds()).toEqual([]);
    });

    it('refuses JSON bodies nested deeper than the limit, even 100k levels', async () => {
      const rt = await start();
      for (const depth of [65, 100_000]) {
        const body = `{"program_id":"sampler","backend":"local_simulator","params":${'['.repeat(depth)}${']'.repeat(depth)}}`;
        const res = await call(rt, 'POST', '/v1/jobs', { body });
        expect(res.status).withContext(res.text.slice(0, 200)).toBe(400);
        expect(res.text).toContain('nesting');
      }
    });

    it('caps open connections per client; the excess gets 429 and the others keep working', async () => {
      const rt = await start({ limits: { maxConnectionsPerClient: 4 } });
      const sockets = await Promise.all(
        Array.from(
          { length: 4 },
          () =>
            new Promise<ReturnType<typeof connect>>((resolve) => {
              const s = connect(rt.port, '127.0.0.1', () => resolve(s));
            }),
        ),
      );
      // Let the server count them.
      const until = Date.now() + 2000;
      while (rt.openSockets().connections < 4 && Date.now() < until)
        await new Promise((r) => setTimeout(r, 5));
      const fifth = await new Promise<string>((resolve) => {
        let text = '';
        const s = connect(rt.port, '127.0.0.1', () =>
          s.write('GET /api/v1/versions HTTP/1.1\r\nHost: x\r\n\r\n'),
        );
        s.on('data', (d) => (text += String(d)));
        s.on('close', () => resolve(text));
        s.on('error', () => resolve(text));
      });
      expect(fifth).toMatch(/^HTTP\/1\.1 429/);
      expect(fifth).toMatch(/Retry-After: \d+/i);
      for (const s of sockets) s.destroy();
      const after = Date.now() + 2000;
      while (rt.openSockets().connections > 0 && Date.now() < after)
        await new Promise((r) => setTimeout(r, 5));
      expect((await call(rt, 'GET', '/v1/versions')).status).toBe(200);
    });
  });

  describe('where a request can reach on disk', () => {
    let base: string;

    beforeEach(async () => {
      base = await mkdtemp(join(tmpdir(), 'qjobs-traversal-'));
    });

    afterEach(async () => {
      await rm(base, { recursive: true, force: true });
    });

    it('validates ids before they reach a store or a file name; nothing is written outside dataDir', async () => {
      const dataDir = join(base, 'data');
      const outside = join(base, 'outside');
      await mkdir(outside);
      await writeFile(join(outside, 'aaaaaaaaaaaaaaaaaaaa.json'), '{"secret":true}');
      const rt = await start({ dataDir });
      const created = JSON.parse(
        (await call(rt, 'POST', '/v1/jobs', { body: samplerBody([[BELL, null, 8]]) })).text,
      ).id as string;
      const attempts = [
        '..%2F..%2Foutside%2Faaaaaaaaaaaaaaaaaaaa',
        '..%2F..%2F..%2F..%2Fetc%2Fpasswd',
        '%2e%2e%2f%2e%2e%2foutside',
        '..%5C..%5Coutside',
        `${created}%2F..%2F..%2F..%2Foutside`,
        `${created}%00`,
        encodeURIComponent(join(outside, 'aaaaaaaaaaaaaaaaaaaa')),
        '....//....//outside',
      ];
      for (const id of attempts) {
        for (const [method, path] of [
          ['GET', `/v1/jobs/${id}`],
          ['GET', `/v1/jobs/${id}/results`],
          ['GET', `/v1/jobs/${id}/logs`],
          ['DELETE', `/v1/jobs/${id}`],
          ['PUT', `/v1/jobs/${id}/tags`],
          ['GET', `/v1/sessions/${id}`],
        ] as const) {
          const res = await call(
            rt,
            method,
            path,
            method === 'PUT' ? { body: '{"tags":["x"]}' } : {},
          );
          expect([400, 404])
            .withContext(`${method} ${path}: ${res.status} ${res.text}`)
            .toContain(res.status);
          expect(res.text).not.toContain('secret');
        }
        const ws = await new Promise<number>((resolve) => {
          const socket = new WebSocket(`${rt.wsUrl}/v1/stream/jobs/${id}`, {
            headers: { Authorization: `Bearer ${rt.token}` },
          });
          socket.on('close', (code) => resolve(code));
          socket.on('unexpected-response', (_q, r) => {
            r.resume();
            resolve(r.statusCode ?? 0);
            socket.terminate();
          });
          socket.on('error', () => undefined);
        });
        expect([404, 4003]).withContext(`stream ${id}: ${ws}`).toContain(ws);
      }
      await rt.flush();
      await rt.close();
      // Only `<kind>/<20-character id>.<ext>` files exist, and the outside folder is untouched.
      for (const kind of await readdir(dataDir)) {
        expect(['jobs', 'results', 'interim', 'logs', 'sessions']).toContain(kind);
        for (const file of await readdir(join(dataDir, kind))) {
          expect(file).toMatch(/^[0-9a-v]{20}\.(json|txt|log)$/);
        }
      }
      expect(await readdir(outside)).toEqual(['aaaaaaaaaaaaaaaaaaaa.json']);
      expect((await readdir(base)).sort()).toEqual(['data', 'outside']);
    });
    it('serves the UI directory read-only and nothing beside it (raw paths, encodings, symlinks)', async () => {
      const ui = join(base, 'ui');
      await mkdir(ui);
      await writeFile(join(ui, 'index.html'), '<!doctype html><title>dashboard</title>');
      await writeFile(join(ui, 'app.js'), 'console.log(1);');
      await writeFile(join(base, 'secret.txt'), 'TOP-SECRET-CONTENT');
      await writeFile(join(ui, '.hidden.txt'), 'TOP-SECRET-CONTENT');
      await symlink(join(base, 'secret.txt'), join(ui, 'link.txt'));
      const rt = await start({ uiDir: ui });
      /** A request with the path sent exactly as written (fetch would normalise `..`). */
      const raw = (method: string, path: string) =>
        new Promise<{ status: number; body: string; headers: Record<string, unknown> }>(
          (resolve, reject) => {
            const req = request({ host: '127.0.0.1', port: rt.port, method, path }, (res) => {
              let body = '';
              res.on('data', (d) => (body += String(d)));
              res.on('end', () =>
                resolve({ status: res.statusCode ?? 0, body, headers: res.headers }),
              );
            });
            req.on('error', reject);
            req.end();
          },
        );
      const index = await raw('GET', '/ui/');
      expect(index.status).toBe(200);
      expect(index.body).toContain('dashboard');
      expect(index.headers['x-content-type-options']).toBe('nosniff');
      expect(index.headers['access-control-allow-origin']).toBeUndefined();
      expect((await raw('GET', '/ui/app.js')).status).toBe(200);
      for (const path of [
        '/ui/../secret.txt',
        '/ui/%2e%2e/secret.txt',
        '/ui/..%2fsecret.txt',
        '/ui/%2e%2e%2fsecret.txt',
        '/ui/.%2e/secret.txt',
        '/ui/..%5csecret.txt',
        '/ui/..\\secret.txt',
        '/ui//secret.txt',
        `/ui/${encodeURIComponent(join(base, 'secret.txt'))}`,
        '/ui/link.txt',
        '/ui/.hidden.txt',
        '/ui/index.html%00.txt',
        '/ui/./../secret.txt',
        '/api/../ui/../secret.txt',
      ]) {
        const res = await raw('GET', path);
        expect(res.status).withContext(path).not.toBe(200);
        expect(res.body).withContext(path).not.toContain('TOP-SECRET');
      }
      expect((await raw('POST', '/ui/index.html')).status).toBe(405);
      expect((await raw('PUT', '/ui/index.html')).status).toBe(405);
    });
  });

  describe('which web pages may call it', () => {
    async function preflight(rt: LocalRuntime, origin: string): Promise<Headers> {
      const res = await fetch(`${rt.url}/v1/jobs`, {
        method: 'OPTIONS',
        headers: { Origin: origin, 'Access-Control-Request-Method': 'POST' },
      });
      await res.text();
      return res.headers;
    }

    it('sends no CORS headers by default', async () => {
      const rt = await start();
      for (const origin of ['https://evil.example', 'null', 'http://127.0.0.1']) {
        expect((await preflight(rt, origin)).get('access-control-allow-origin')).toBeNull();
        const res = await call(rt, 'GET', '/v1/jobs', { headers: { Origin: origin } });
        expect(res.headers.get('access-control-allow-origin')).toBeNull();
      }
    });

    it('allows exactly the listed origins, echoing them (never `*`)', async () => {
      const rt = await start({ corsOrigins: ['https://app.example'] });
      const ok = await preflight(rt, 'https://app.example');
      expect(ok.get('access-control-allow-origin')).toBe('https://app.example');
      expect(ok.get('vary')).toContain('Origin');
      for (const origin of [
        'https://evil.example',
        'https://app.example.evil',
        'null',
        'https://APP.example',
      ]) {
        expect((await preflight(rt, origin)).get('access-control-allow-origin'))
          .withContext(origin)
          .toBeNull();
      }
      // A preflight is not a way in: the real request still needs the token.
      const res = await call(rt, 'GET', '/v1/jobs', {
        headers: { Origin: 'https://app.example' },
        token: null,
      });
      expect(res.status).toBe(401);
    });

    it('refuses a wildcard allow-list: an origin list is explicit', async () => {
      let failure: unknown;
      try {
        await start({ corsOrigins: '*' as unknown as string[] });
      } catch (e) {
        failure = e;
      }
      expect(failure).withContext("corsOrigins: '*' was accepted").toBeInstanceOf(ConfigError);
    });
  });
});
