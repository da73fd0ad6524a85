// Credentials never escape: the library is driven through every kind of failure (wrong token,
// IAM refusal, 5xx, connection refused, websocket errors with the token in the query string,
// malformed bodies, failed and over-time jobs, CLI errors) while ALL the text it produces is
// collected — error messages, stacks, causes, JSON.stringify, util.inspect, toString(),
// toDict(), console output, stdout/stderr, the CLI's output, the runtime's logs, request log
// and data files — and searched for the token, the API key and the IAM tokens issued.
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { main } from '../../src/cli/main.js';
import type { CliOutput } from '../../src/cli/command.js';
import { CreateJobResponse } from '../../src/codecs/job.js';
import { startLocalRuntime } from '../../src/local/index.js';
import type { LocalRuntime } from '../../src/local/index.js';
import type { JobEvent } from '../../src/events/job-event.js';
import { job$ } from '../../src/observables/job-stream.js';
import type { JobStreamOptions } from '../../src/observables/job-stream.js';
import { RuntimeService } from '../../src/service/runtime-service.js';
import { Sampler } from '../../src/service/sampler.js';
import { TokenSource } from '../../src/transport/credentials.js';
import { HttpClient } from '../../src/transport/http-client.js';
import { TextCollector, capturingOutput } from './support/text-collector.js';

const BELL =
  'OPENQASM 3.0; include "stdgates.inc"; qubit[2] q; bit[2] meas; h q[0]; cx q[0], q[1]; meas = measure q;';

// Recognisable secrets: long enough that a hit cannot be chance.
const TOKEN = 'tok-3f9a1c77e2d04b6f8a5e9c1d2b3a4f5e6d7c8b9a';
const API_KEY = 'key-8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c';
const WRONG_TOKEN = 'tok-wrong-11c0ffee22c0ffee33c0ffee44c0ffee55';
const WRONG_KEY = 'key-wrong-66d00d0077d00d0088d00d0099d00d00aa';

const FAST_POLL = { queuedMs: 20, runningMs: 20, floorMs: 5, relaxedMs: 200 };
const NO_RETRY = { maxAttempts: 1 };

/** A port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const rt = await startLocalRuntime({ port: 0 });
  const port = rt.port;
  await rt.close();
  return port;
}

/** Run a promise to its end and hand back what it failed with (or undefined). */
async function failureOf(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
    return undefined;
  } catch (e) {
    return e;
  }
}

function headerText(headers: Headers): string {
  const lines: string[] = [];
  headers.forEach((value, name) => lines.push(`${name}: ${value}`));
  return lines.join('\n');
}

function output(collector: TextCollector, label: string): CliOutput {
  return {
    write(chunk: string) {
      collector.text(label, String(chunk));
      return true;
    },
  } as CliOutput;
}

describe('security: credentials never appear in produced text', () => {
  let runtime: LocalRuntime;
  let dataDir: string;
  let deadPort: number;
  const collected = new TextCollector();
  const issued: string[] = [];
  let jobId: string;

  const secrets = (): string[] => [TOKEN, API_KEY, WRONG_TOKEN, WRONG_KEY, ...issued];

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'qjobs-redaction-'));
    runtime = await startLocalRuntime({
      port: 0,
      seed: 11,
      token: TOKEN,
      apiKeys: [API_KEY],
      dataDir,
      queue: { queueDelayMs: 30, runDelayMs: 30 },
    });
    deadPort = await closedPort();
    const http = new HttpClient({
      baseUrl: `${runtime.url}/v1`,
      credentials: { type: 'bearer', token: TOKEN },
    });
    jobId = (
      await firstValueFrom(
        http.postJson(
          '/jobs',
          {
            program_id: 'sampler',
            backend: 'local_simulator',
            params: { pubs: [[BELL, null, 16]], version: 2 },
          },
          CreateJobResponse,
        ),
      )
    ).id;
  });

  afterAll(async () => {
    runtime.setFaults({});
    await runtime.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  function bearer(token: string, extra: Partial<ConstructorParameters<typeof HttpClient>[0]> = {}) {
    return new HttpClient({
      baseUrl: `${runtime.url}/v1`,
      credentials: { type: 'bearer', token },
      retry: NO_RETRY,
      ...extra,
    });
  }

  async function through(label: string, body: () => Promise<unknown>): Promise<void> {
    const err = await capturingOutput(collected, label, () => failureOf(body()));
    collected.value(label, err);
  }

  it('HTTP client: a wrong token (401), 5xx, resets, malformed bodies, connection refused', async () => {
    await through('wrong token', () => firstValueFrom(bearer(WRONG_TOKEN).getText('/jobs')));
    runtime.setFaults({ error5xxRate: 1 });
    await through('5xx', () => firstValueFrom(bearer(TOKEN).getText(`/jobs/${jobId}`)));
    runtime.setFaults({ resetRate: 1 });
    await through('reset', () => firstValueFrom(bearer(TOKEN).getText(`/jobs/${jobId}`)));
    runtime.setFaults({ malformedBody: { endpoint: 'details' } });
    await through('malformed', () =>
      firstValueFrom(bearer(TOKEN).request({ method: 'GET', path: `/jobs/${jobId}` })),
    );
    runtime.setFaults({});
    const dead = new HttpClient({
      baseUrl: `http://127.0.0.1:${deadPort}/api/v1`,
      credentials: { type: 'bearer', token: TOKEN },
      retry: NO_RETRY,
    });
    await through('refused', () => firstValueFrom(dead.getText('/jobs')));
    collected.value('client', bearer(TOKEN));
    collected.value('client with wrong token', bearer(WRONG_TOKEN));
    expect(collected.items.some((i) => i.text.includes('401'))).toBeTrue();
    expect(
      collected.items.some(
        (i) => i.text.includes('ECONNREFUSED') || /refused|connect/i.test(i.text),
      ),
    ).toBeTrue();
  });

  it('IAM: a refused API key, an unreachable IAM host, a token later rejected', async () => {
    const iam = (apiKey: string, iamUrl = runtime.iamUrl) =>
      new HttpClient({
        baseUrl: `${runtime.url}/v1`,
        credentials: { type: 'iam', apiKey, iamUrl },
        retry: NO_RETRY,
      });
    await through('iam refused', () => firstValueFrom(iam(WRONG_KEY).getText('/jobs')));
    await through('iam unreachable', () =>
      firstValueFrom(iam(API_KEY, `http://127.0.0.1:${deadPort}`).getText('/jobs')),
    );
    // A good exchange: remember the issued token as a secret, then make requests fail.
    const source = new TokenSource(
      { type: 'iam', apiKey: API_KEY, iamUrl: runtime.iamUrl },
      { retry: NO_RETRY },
    );
    const header = await firstValueFrom(source.authorization());
    issued.push(header.replace(/^Bearer\s+/i, ''));
    collected.value('token source', source);
    const client = new HttpClient({
      baseUrl: `${runtime.url}/v1`,
      tokenSource: source,
      retry: NO_RETRY,
    });
    runtime.setFaults({ error5xxRate: 1 });
    await through('iam 5xx', () => firstValueFrom(client.getText('/jobs')));
    runtime.setFaults({});
    runtime.setIamTokenTtl(1);
    const shortLived = new HttpClient({
      baseUrl: `${runtime.url}/v1`,
      credentials: { type: 'iam', apiKey: API_KEY, iamUrl: runtime.iamUrl },
      retry: NO_RETRY,
    });
    await firstValueFrom(shortLived.getText('/jobs'));
    issued.push((await firstValueFrom(shortLived.authorization()))!.replace(/^Bearer\s+/i, ''));
    runtime.setIamTokenTtl(3600);
    collected.value('iam client', shortLived);
    expect(issued.length).toBe(2);
  });

  it('job streams: websocket failures (token in the query string), failed and over-time jobs, decode errors', async () => {
    const watch = async (
      label: string,
      client: Parameters<typeof job$>[0],
      id: string,
      o: JobStreamOptions = {},
    ) => {
      const events: JobEvent[] = [];
      const err = await capturingOutput(collected, label, () =>
        failureOf(
          lastValueFrom(
            job$(client, id, {
              poll: FAST_POLL,
              retry: NO_RETRY,
              reconnect: { maxRetries: 1, backoffMs: 10, maxBackoffMs: 10 },
              ...o,
            }).pipe(toArray()),
          ).then((list) => events.push(...list)),
        ),
      );
      collected.value(label, err);
      for (const e of events) collected.value(`${label} event`, e);
    };
    const http = bearer(TOKEN);
    // Jobs that run long enough for a failing websocket to be reported before the job ends (a
    // job already done when it is watched ends its stream on the first poll, before any socket
    // has failed), and one that runs past its maximum execution time.
    const slow = await startLocalRuntime({
      port: 0,
      seed: 12,
      token: TOKEN,
      queue: { runDelayMs: 3000 },
    });
    try {
      const slowHttp = new HttpClient({
        baseUrl: `${slow.url}/v1`,
        credentials: { type: 'bearer', token: TOKEN },
        retry: NO_RETRY,
      });
      const create = (body: Record<string, unknown>) =>
        firstValueFrom(
          slowHttp.postJson(
            '/jobs',
            {
              program_id: 'sampler',
              backend: 'local_simulator',
              params: { pubs: [[BELL, null, 8]], version: 2 },
              ...body,
            },
            CreateJobResponse,
          ),
        );
      const [refusedJob, missingJob] = [await create({}), await create({})];
      // Websockets on a dead port, the token carried in ?access_token=.
      await watch(
        'ws refused',
        { http: slowHttp, wsBaseUrl: `ws://127.0.0.1:${deadPort}/api/v1`, streamAuth: 'query' },
        refusedJob.id,
        { websocket: 'both' },
      );
      // Websockets that answer 404 while polling works.
      await watch(
        'ws 404',
        { http: slowHttp, wsBaseUrl: `${slow.wsUrl}/nowhere`, streamAuth: 'query' },
        missingJob.id,
        { websocket: 'both' },
      );
      // A job that runs past its maximum execution time.
      const created = await create({ cost: 1 });
      await watch('ran too long', { http: slowHttp, streamAuth: 'query' }, created.id, {
        logs: true,
        metrics: true,
      });
      // Cancelled job.
      const cancelled = await create({});
      await firstValueFrom(
        slowHttp.request({ method: 'POST', path: `/jobs/${cancelled.id}/cancel`, accept: 'none' }),
      );
      await watch('cancelled', { http: slowHttp }, cancelled.id);
    } finally {
      await slow.close();
    }
    // Malformed result and websocket bodies.
    runtime.setFaults({ malformedBody: { endpoint: ['results', 'ws-status', 'ws-stream'] } });
    await watch('malformed result', { http, streamAuth: 'query' }, jobId);
    runtime.setFaults({});
    // An unknown job.
    await watch('unknown job', { http }, 'aaaaaaaaaaaaaaaaaaaa');
    expect(
      collected.items.some(
        (i) => i.text.includes('ran longer') || i.text.includes('maximum execution'),
      ),
    ).toBeTrue();
    expect(collected.items.some((i) => i.text.includes('[REDACTED]'))).toBeTrue();
  });

  it('service facade: toString, JSON, inspect, toDict and its failures', async () => {
    const service = new RuntimeService({
      url: runtime.url,
      token: TOKEN,
      retry: NO_RETRY,
      poll: FAST_POLL,
    });
    collected.value('service', service);
    const job = await service.job(jobId);
    collected.value('job', job);
    await job.result().then((r) => collected.value('result', r));
    const wrong = new RuntimeService({ url: runtime.url, token: WRONG_TOKEN, retry: NO_RETRY });
    collected.value('service with wrong token', wrong);
    await through('service wrong token', () => wrong.job(jobId));
    await through('service unknown job', () => service.job('aaaaaaaaaaaaaaaaaaaa'));
    const keyed = new RuntimeService({ url: runtime.url, apiKey: WRONG_KEY, retry: NO_RETRY });
    collected.value('service with api key', keyed);
    await through('service refused key', () => keyed.backends());
    const sampler = new Sampler({ backend: 'no_such_backend', service });
    await through('sampler bad backend', () => sampler.run([[BELL]]));
    await through('sampler bad pub', () =>
      new Sampler({ backend: 'local_simulator', service }).run([
        ['OPENQASM 3.0; qubit[2] q; nope q;'],
      ]),
    );
    service.close();
    wrong.close();
    keyed.close();
  });

  it('CLI: errors with the token and API key given as flags and in the environment', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'qjobs-cli-'));
    try {
      const circuit = join(dir, 'bell.qasm');
      await writeFile(circuit, BELL);
      const bad = join(dir, 'bad.qasm');
      await writeFile(bad, 'OPENQASM 3.0; qubit[1] q; nope q;');
      const runs: [string, string[], Record<string, string>][] = [
        [
          'cli wrong token flag',
          ['watch', jobId, '--url', runtime.url, '--token', WRONG_TOKEN],
          {},
        ],
        [
          'cli wrong token env',
          ['result', jobId],
          { QJOBS_URL: runtime.url, QJOBS_TOKEN: WRONG_TOKEN },
        ],
        ['cli wrong key', ['list', '--url', runtime.url, '--api-key', WRONG_KEY], {}],
        [
          'cli refused',
          ['watch', jobId, '--url', `http://127.0.0.1:${deadPort}/api`, '--token', TOKEN],
          {},
        ],
        [
          'cli bad circuit',
          ['run', bad, '--url', runtime.url, '--token', TOKEN, '--backend', 'local_simulator'],
          {},
        ],
        [
          'cli bad backend',
          ['run', circuit, '--url', runtime.url, '--token', TOKEN, '--backend', 'nope'],
          {},
        ],
        [
          'cli unknown job',
          ['logs', 'aaaaaaaaaaaaaaaaaaaa'],
          { QJOBS_URL: runtime.url, QJOBS_TOKEN: TOKEN },
        ],
        ['cli good', ['result', jobId, '--json', '--url', runtime.url, '--token', TOKEN], {}],
        ['cli bad flag', ['run', '--token', TOKEN, '--shots', 'x'], {}],
      ];
      const codes: (number | 'hung')[] = [];
      for (const [label, argv, env] of runs) {
        // A command that never finishes is a defect of its own: give each one 10 s.
        let timer: NodeJS.Timeout | undefined;
        const hung = new Promise<'hung'>(
          (resolve) => (timer = setTimeout(() => resolve('hung'), 10_000)),
        );
        const code = await capturingOutput(collected, label, () =>
          Promise.race([
            main(argv, {
              stdout: output(collected, `${label} stdout`),
              stderr: output(collected, `${label} stderr`),
              env,
            }),
            hung,
          ]),
        );
        clearTimeout(timer);
        codes.push(code);
      }
      const hangs = runs
        .filter((_, i) => codes[i] === 'hung')
        .map(([label, argv]) => `${label}: qjobs ${argv[0]}`);
      expect(hangs).withContext('CLI commands that never finished').toEqual([]);
      // The failures failed and the good one succeeded: the CLI really ran.
      expect(codes.at(-2)).toBe(0);
      expect(codes.filter((c) => c !== 0).length).toBe(runs.length - 1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 90_000);

  it('the local runtime: its answers to bad credentials, logs, request log and data files', async () => {
    for (const auth of [
      `Bearer ${WRONG_TOKEN}`,
      `apikey ${WRONG_KEY}`,
      `Basic ${WRONG_TOKEN}`,
      WRONG_TOKEN,
    ]) {
      const res = await fetch(`${runtime.url}/v1/jobs/${jobId}`, {
        headers: { Authorization: auth },
      });
      collected.text(`runtime 401 body (${auth.split(' ')[0]})`, await res.text());
      collected.text('runtime 401 headers', headerText(res.headers));
    }
    const iamRefusal = await fetch(`${runtime.iamUrl}/identity/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `grant_type=urn%3Aibm%3Aparams%3Aoauth%3Agrant-type%3Aapikey&apikey=${WRONG_KEY}`,
    });
    collected.text('runtime IAM refusal', await iamRefusal.text());
    const logs = await fetch(`${runtime.url}/v1/jobs/${jobId}/logs`, {
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    collected.text('runtime job logs', await logs.text());
    collected.text('runtime request log', JSON.stringify(runtime.requests()));
    collected.value('runtime handle', {
      url: runtime.url,
      options: { ...runtime.options, token: undefined, apiKeys: undefined },
    });
    collected.text('runtime persistence problems', runtime.persistenceProblems().join('\n'));
    await runtime.flush();
    for (const kind of await readdir(dataDir)) {
      for (const file of await readdir(join(dataDir, kind))) {
        collected.text(
          `data file ${kind}/${file}`,
          await readFile(join(dataDir, kind, file), 'utf8'),
        );
      }
    }
  });

  it('the search itself finds a credential, raw or URL-encoded, wherever it hides', () => {
    const probe = new TextCollector();
    probe.value('planted', new Error('failed', { cause: new Error(`token ${TOKEN} refused`) }));
    probe.text('planted url', `ws://x/?access_token=${encodeURIComponent(`${API_KEY}/+`)}`);
    expect(probe.leaks([TOKEN]).length).toBeGreaterThan(0);
    expect(probe.leaks([`${API_KEY}/+`]).length).toBeGreaterThan(0);
    expect(probe.leaks([WRONG_KEY])).toEqual([]);
  });

  afterEach(() => {
    expect(collected.leaks(secrets()))
      .withContext('credentials found in produced text')
      .toEqual([]);
  });

  afterAll(() => {
    const leaks = collected.leaks(secrets());
    console.log(
      `\nredaction: ${collected.items.length} texts (${collected.size} characters) searched for ${secrets().length} secrets: ${leaks.length} leaks`,
    );
    expect(collected.items.length).toBeGreaterThan(200);
  });
});
