import { createServer } from 'node:net';
import { ConfigError } from '../../../src/codecs/errors.js';
import { startLocalRuntime, type LocalRuntime } from '../../../src/local/index.js';
import { trackLeaks } from '../../helpers/leaks.js';
import { api, BELL, createJob, samplerJob, waitForStatus } from './support.js';

function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

describe('local runtime lifecycle', () => {
  it('binds 127.0.0.1 on a free port and reports base URLs that take /v1 paths', async () => {
    const rt = await startLocalRuntime({ port: 0 });
    try {
      expect(rt.port).toBeGreaterThan(0);
      expect(rt.url).toBe(`http://127.0.0.1:${rt.port}/api`);
      expect(rt.wsUrl).toBe(`ws://127.0.0.1:${rt.port}/api`);
      expect(rt.iamUrl).toBe(`http://127.0.0.1:${rt.port}`);
      expect(rt.token).toMatch(/^[0-9a-f]{64}$/);
      const res = await api(rt, 'GET', '/v1/versions');
      expect(res.status).toBe(200);
      const bare = await fetch(`${rt.iamUrl}/v1/versions`, {
        headers: { Authorization: `Bearer ${rt.token}` },
      });
      expect(bare.status).toBe(200);
      await bare.text();
    } finally {
      await rt.close();
    }
  });

  it('close() ends keep-alive sockets, websockets and running jobs, frees the port and leaves no handles', async () => {
    const leaks = trackLeaks();
    const rt: LocalRuntime = await startLocalRuntime({ port: 0, queue: { runDelayMs: 5000 } });
    const port = rt.port;
    const id = await createJob(rt, samplerJob([[BELL, null, 10]]));
    await waitForStatus(rt, id, ['Running']);
    const { WebSocket } = await import('ws');
    const ws = new WebSocket(`${rt.wsUrl}/v1/stream/jobs/${id}`, {
      headers: { Authorization: `Bearer ${rt.token}` },
    });
    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
    await new Promise((resolve) => ws.on('message', resolve));
    expect(rt.openSockets().websockets).toBe(1);
    expect(rt.openSockets().connections).toBeGreaterThan(0);
    await rt.close();
    expect(await closed).toBe(1001);
    expect(await canBind(port)).toBe(true);
    await leaks.expectNone();
    // A second close is harmless.
    await rt.close();
  });

  it('can start again on the port a closed runtime used', async () => {
    const first = await startLocalRuntime({ port: 0 });
    const port = first.port;
    await api(first, 'GET', '/v1/backends');
    await first.close();
    const second = await startLocalRuntime({ port });
    try {
      expect(second.port).toBe(port);
      expect((await api(second, 'GET', '/v1/backends')).status).toBe(200);
    } finally {
      await second.close();
    }
  });

  it('rejects bad options with a ConfigError naming the option', async () => {
    const cases: [object, string][] = [
      [{ port: 70000 }, 'port'],
      [{ queue: { concurrency: 0 } }, 'queue.concurrency'],
      [{ limits: { maxQubits: 0 } }, 'limits.maxQubits'],
      [{ limits: { nonsense: 3 } }, 'limits.nonsense'],
      [{ backends: ['ok', 'bad name!'] }, 'backends[1]'],
      [{ faults: { error5xxRate: 2 } }, 'faults.error5xxRate'],
      [{ faults: { statuses: [404] } }, 'faults.statuses'],
      [{ token: 'has space' }, 'token'],
      [{ rateLimit: { jobsPerMinute: 0 } }, 'rateLimit.jobsPerMinute'],
    ];
    for (const [options, option] of cases) {
      const err = await startLocalRuntime(options as never).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).option).toBe(option);
    }
  });

  it('reports a port already in use as the listen error', async () => {
    const rt = await startLocalRuntime({ port: 0 });
    try {
      const err = await startLocalRuntime({ port: rt.port }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect((err as NodeJS.ErrnoException).code).toBe('EADDRINUSE');
    } finally {
      await rt.close();
    }
  });

  it('counts requests and keeps its own record of every transition with times', async () => {
    const rt = await startLocalRuntime({ port: 0 });
    try {
      const id = await createJob(rt, samplerJob([[BELL, null, 8]]));
      await waitForStatus(rt, id);
      expect(rt.requestCount({ route: 'jobs.create' })).toBe(1);
      expect(rt.requestCount({ method: 'GET', path: `/api/v1/jobs/${id}` })).toBeGreaterThan(0);
      const record = rt.jobRecord(id)!;
      expect(record.transitions.map((t) => t.status)).toEqual(['Queued', 'Running', 'Completed']);
      const times = record.transitions.map((t) => t.at);
      expect([...times].sort((a, b) => a - b)).toEqual(times);
      expect(record.transitions[0]!.time).toBe(new Date(times[0]!).toISOString());
      expect(rt.jobRecord('00000000000000000000')).toBeUndefined();
      expect(rt.jobIds()).toEqual([id]);
    } finally {
      await rt.close();
    }
  });
});
