/**
 * Throughput of the local runtime's hot endpoint, job details (`GET /v1/jobs/{id}
 * ?exclude_params=true`, what every client polls), against a bare `node:http` server that
 * answers the same JSON bytes with the same content type, in the same run.
 *
 * Both servers run in one child process (so their CPU is not the load generator's); this
 * process drives them with the same client: `node:http` over keep-alive connections,
 * `CONCURRENCY` requests in flight, each answer read whole and its status checked. The
 * runtime's request passes its whole pipeline: accounting, faults, routing and id checks,
 * bearer authentication, the details view and its serialisation. Rounds of `ROUND_MS` per
 * server alternate the order (A B, B A, ...), so drifting machine load falls on both.
 * Figure: requests per second of the runtime / of the bare server, median over rounds. Also
 * reported: the servers' own CPU time per request (`process.cpuUsage` in the child around
 * each round), which a loaded machine disturbs less than throughput.
 */
import { spawn } from 'node:child_process';
import { Agent, createServer, request } from 'node:http';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { startLocalRuntime } from '../src/local/index.js';
import { median, report } from './harness.js';

const SERVER_ENV = 'SERVER_BENCH_SERVER';
const ROUNDS = Number(process.env['SERVER_BENCH_ROUNDS'] ?? 12);
const ROUND_MS = 1000;
const CONCURRENCY = 8;

interface Target {
  readonly url: string;
  readonly headers: Record<string, string>;
}

interface ServerInfo {
  readonly runtime: Target;
  readonly bare: Target;
  readonly bytes: number;
}

/** Child: a local runtime with one completed job, and a bare server answering its details. */
async function serve(): Promise<void> {
  const rt = await startLocalRuntime({ port: 0, seed: 1 });
  const auth = { Authorization: `Bearer ${rt.token}` };
  const created = await fetch(`${rt.url}/v1/jobs`, {
    method: 'POST',
    headers: { ...auth, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      program_id: 'sampler',
      backend: 'local_simulator',
      params: {
        pubs: [
          [
            'OPENQASM 3.0; include "stdgates.inc"; qubit[2] q; bit[2] meas; h q[0]; cx q[0], q[1]; meas = measure q;',
            null,
            100,
          ],
        ],
        version: 2,
      },
    }),
  });
  const { id } = (await created.json()) as { id: string };
  const path = `/v1/jobs/${id}?exclude_params=true`;
  for (;;) {
    const res = await fetch(`${rt.url}${path}`, { headers: auth });
    const d = (await res.json()) as { state: { status: string } };
    if (d.state.status === 'Completed') break;
    await new Promise((r) => setTimeout(r, 10));
  }
  const sample = await fetch(`${rt.url}${path}`, { headers: auth });
  const body = Buffer.from(await sample.arrayBuffer());
  const contentType = sample.headers.get('content-type') ?? 'application/json';
  const bare = createServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'Content-Type': contentType, 'Content-Length': body.length });
    res.end(body);
  });
  await new Promise<void>((r) => bare.listen(0, '127.0.0.1', r));
  const addr = bare.address();
  const barePort = typeof addr === 'object' && addr !== null ? addr.port : 0;
  const info: ServerInfo = {
    runtime: { url: `${rt.url}${path}`, headers: auth },
    bare: { url: `http://127.0.0.1:${barePort}/api${path}`, headers: auth },
    bytes: body.length,
  };
  console.log(JSON.stringify(info));
  // Each line from the parent asks for the CPU time used so far (µs, user + system).
  createInterface({ input: process.stdin }).on('line', () => {
    const u = process.cpuUsage();
    console.log(String(u.user + u.system));
  });
  process.stdin.on('end', () => {
    bare.close();
    void rt.close().then(() => process.exit(0));
  });
}

/** GET `target` with `CONCURRENCY` requests in flight for `ms`: answers per second, and how many. */
function drive(target: Target, agent: Agent, ms: number): Promise<{ rate: number; count: number }> {
  const url = new URL(target.url);
  const deadline = performance.now() + ms;
  let done = 0;
  const one = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const req = request(
        {
          agent,
          host: url.hostname,
          port: url.port,
          path: `${url.pathname}${url.search}`,
          headers: target.headers,
        },
        (res) => {
          if (res.statusCode !== 200) reject(new Error(`HTTP ${res.statusCode}`));
          res.on('data', () => undefined);
          res.on('end', () => {
            done++;
            resolve();
          });
        },
      );
      req.on('error', reject);
      req.end();
    });
  const loop = async (): Promise<void> => {
    while (performance.now() < deadline) await one();
  };
  const t0 = performance.now();
  return Promise.all(Array.from({ length: CONCURRENCY }, loop)).then(() => ({
    rate: done / ((performance.now() - t0) / 1000),
    count: done,
  }));
}

async function main(): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
    env: { ...process.env, [SERVER_ENV]: '1' },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const nextLine = (): Promise<string> => new Promise((resolve) => lines.once('line', resolve));
  const info = JSON.parse(await nextLine()) as ServerInfo;
  const cpu = async (): Promise<number> => {
    const answer = nextLine();
    child.stdin.write('cpu\n');
    return Number(await answer);
  };
  /** One round of `target`: its rate, and the child's CPU µs per request. */
  const round = async (target: Target): Promise<{ rate: number; cpuPerRequest: number }> => {
    const before = await cpu();
    const { rate, count } = await drive(target, agent, ROUND_MS);
    return { rate, cpuPerRequest: ((await cpu()) - before) / count };
  };
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  // Warm-up: JIT both servers and the client.
  await drive(info.runtime, agent, 1500);
  await drive(info.bare, agent, 1500);
  const runtime: number[] = [];
  const bare: number[] = [];
  const ratios: number[] = [];
  const runtimeCpu: number[] = [];
  const bareCpu: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    let a: { rate: number; cpuPerRequest: number };
    let b: { rate: number; cpuPerRequest: number };
    if (r % 2 === 0) {
      a = await round(info.runtime);
      b = await round(info.bare);
    } else {
      b = await round(info.bare);
      a = await round(info.runtime);
    }
    runtime.push(a.rate);
    bare.push(b.rate);
    ratios.push(a.rate / b.rate);
    runtimeCpu.push(a.cpuPerRequest);
    bareCpu.push(b.cpuPerRequest);
  }
  agent.destroy();
  child.stdin.end();
  await new Promise((r) => child.once('exit', r));
  report('server', {
    figures: {
      'runtime / bare requests per second (median of rounds)': median(ratios),
      'runtime requests per second (median)': median(runtime),
      'bare node:http requests per second (median)': median(bare),
      'runtime server CPU µs per request (median)': median(runtimeCpu),
      'bare server CPU µs per request (median)': median(bareCpu),
      'details body bytes': info.bytes,
      rounds: ROUNDS,
      'requests in flight': CONCURRENCY,
    },
    targets: [
      { figure: 'runtime / bare requests per second (median of rounds)', op: '>=', value: 0.7 },
    ],
  });
}

if (process.env[SERVER_ENV] === '1') void serve();
else void main();
