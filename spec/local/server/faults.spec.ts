import { startLocalRuntime, type LocalRuntime } from '../../../src/local/index.js';
import { FaultInjector } from '../../../src/local/server/faults.js';
import {
  api,
  BELL,
  collectWs,
  createJob,
  samplerJob,
  waitForRecord,
  waitForStatus,
} from './support.js';
import { trackLeaks, type LeakTracker } from '../../helpers/leaks.js';

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

describe('local runtime fault injection', () => {
  let rt: LocalRuntime;
  let leaks: LeakTracker;
  beforeEach(() => {
    leaks = trackLeaks();
  });
  afterEach(async () => {
    await rt.close();
    await leaks.expectNone();
  });

  it('delayMs slows every answer (fixed, or seeded within a range)', async () => {
    rt = await startLocalRuntime({ port: 0, faults: { delayMs: 120 } });
    const t0 = Date.now();
    expect((await api(rt, 'GET', '/v1/versions')).status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(115);
    const a = new FaultInjector(5, { delayMs: { min: 10, max: 500 } });
    const b = new FaultInjector(5, { delayMs: { min: 10, max: 500 } });
    const delaysA = Array.from({ length: 20 }, () => a.decideHttp().delayMs);
    const delaysB = Array.from({ length: 20 }, () => b.decideHttp().delayMs);
    expect(delaysA).toEqual(delaysB);
    expect(delaysA.every((d) => d >= 10 && d <= 500)).toBe(true);
    expect(new Set(delaysA).size).toBeGreaterThan(10);
  });

  it('error5xxRate answers 5xx from the chosen statuses, reproducibly for a seed, and can be flipped mid-run', async () => {
    rt = await startLocalRuntime({
      port: 0,
      seed: 11,
      faults: { error5xxRate: 1, statuses: [503] },
    });
    const res = await api(rt, 'POST', '/v1/jobs', { body: samplerJob([[BELL]]) });
    expect(res.status).toBe(503);
    expect(res.json.errors[0].message).toContain('Injected server error 503');
    expect(rt.jobIds()).toEqual([]);
    rt.setFaults({});
    expect((await api(rt, 'POST', '/v1/jobs', { body: samplerJob([[BELL]]) })).status).toBe(200);

    const pattern = async (seed: number): Promise<number[]> => {
      const r = await startLocalRuntime({ port: 0, seed, faults: { error5xxRate: 0.5 } });
      try {
        const out: number[] = [];
        for (let i = 0; i < 16; i++) out.push((await api(r, 'GET', '/v1/versions')).status);
        return out;
      } finally {
        await r.close();
      }
    };
    const first = await pattern(42);
    expect(await pattern(42)).toEqual(first);
    expect(first).toContain(200);
    expect(first.some((s) => s >= 500)).toBe(true);
    expect(first.every((s) => s === 200 || [500, 502, 503, 504].includes(s))).toBe(true);
  });

  it('resetRate destroys the socket without an answer', async () => {
    rt = await startLocalRuntime({ port: 0, faults: { resetRate: 1 } });
    await expectAsync(api(rt, 'GET', '/v1/versions')).toBeRejectedWithError(TypeError);
    expect(rt.requests()[0]!.status).toBe(0);
    rt.setFaults({ resetRate: 0 });
    expect((await api(rt, 'GET', '/v1/versions')).status).toBe(200);
  });

  it('burst429 lets `every` requests through, then answers `count` with 429 and Retry-After', async () => {
    rt = await startLocalRuntime({
      port: 0,
      faults: { burst429: { every: 2, count: 1, retryAfterSeconds: 3 } },
    });
    const out: [number, string | null][] = [];
    for (let i = 0; i < 6; i++) {
      const res = await api(rt, 'GET', '/v1/versions');
      out.push([res.status, res.headers.get('retry-after')]);
    }
    expect(out).toEqual([
      [200, null],
      [200, null],
      [429, '3'],
      [200, null],
      [200, null],
      [429, '3'],
    ]);
  });

  it('dropWebSocketAfter cuts websockets without a close frame after that many messages', async () => {
    rt = await startLocalRuntime({
      port: 0,
      queue: { runDelayMs: 200 },
      faults: { dropWebSocketAfter: 2 },
    });
    const id = await createJob(rt, samplerJob([[BELL, null, 8]]));
    const t = await collectWs(`${rt.wsUrl}/v1/jobs/${id}/status/v/1`, {
      onOpen: (ws) => ws.send(JSON.stringify({ type: 'authentication', data: rt.token })),
    });
    expect(t.messages.length).toBe(2);
    expect(t.abnormal).toBe(true);
  });

  it('malformedBody corrupts the chosen endpoint only', async () => {
    rt = await startLocalRuntime({
      port: 0,
      faults: { malformedBody: { endpoint: ['details', 'results'] } },
    });
    const id = await createJob(rt, samplerJob([[BELL, null, 8]]));
    await waitForRecord(rt, id, 'Completed');
    const details = await api(rt, 'GET', `/v1/jobs/${id}`);
    expect(details.status).toBe(200);
    expect(isJson(details.text)).toBe(false);
    expect(details.text.startsWith('{"id"')).toBe(true);
    expect(isJson((await api(rt, 'GET', `/v1/jobs/${id}/results`)).text)).toBe(false);
    expect(isJson((await api(rt, 'GET', '/v1/jobs')).text)).toBe(true);
    expect(isJson((await api(rt, 'GET', `/v1/jobs/${id}/metrics`)).text)).toBe(true);
    rt.setFaults({ malformedBody: { endpoint: ['list', 'metrics'] } });
    expect(isJson((await api(rt, 'GET', '/v1/jobs')).text)).toBe(false);
    expect(isJson((await api(rt, 'GET', `/v1/jobs/${id}/metrics`)).text)).toBe(false);
    expect(isJson((await api(rt, 'GET', `/v1/jobs/${id}`)).text)).toBe(true);
  });

  it('malformedBody corrupts websocket pushes (ws-status, ws-stream) but not the protocol frames', async () => {
    rt = await startLocalRuntime({
      port: 0,
      faults: { malformedBody: { endpoint: ['ws-status', 'ws-stream'] } },
    });
    const id = await createJob(rt, samplerJob([[BELL, null, 8]]));
    await waitForStatus(rt, id);
    const status = await collectWs(`${rt.wsUrl}/v1/jobs/${id}/status/v/1`, {
      onOpen: (ws) => ws.send(JSON.stringify({ type: 'authentication', data: rt.token })),
    });
    expect(status.messages[0]).toBe('{"type":"authenticated"}');
    expect(isJson(status.messages[1]!)).toBe(false);
    const stream = await collectWs(`${rt.wsUrl}/v1/stream/jobs/${id}?access_token=${rt.token}`);
    expect(stream.messages[0]).toBe('{"type":"ack"}');
    expect(stream.messages.slice(1).every((m) => !isJson(m))).toBe(true);
  });

  it('lateStatus keeps showing the previous status in details for a while after a transition', async () => {
    rt = await startLocalRuntime({ port: 0, faults: { lateStatus: { delayMs: 400 } } });
    const id = await createJob(rt, samplerJob([[BELL, null, 8]]));
    await waitForRecord(rt, id, 'Completed');
    const stale = (await api(rt, 'GET', `/v1/jobs/${id}`)).json;
    expect(stale.state.status).toBe('Running');
    expect(stale.ended).toBeUndefined();
    expect((await api(rt, 'GET', '/v1/jobs')).json.jobs[0].state.status).toBe('Running');
    const fresh = await waitForStatus(rt, id, ['Completed'], 2000);
    expect(fresh.status).toBe('Completed');
  });

  it('duplicatePushes sends every status message and stream payload twice', async () => {
    rt = await startLocalRuntime({
      port: 0,
      // Long enough for the socket to see the job queued and running on a loaded machine.
      queue: { queueDelayMs: 600, runDelayMs: 300 },
      faults: { duplicatePushes: true },
    });
    const id = await createJob(rt, samplerJob([[BELL, null, 8]]));
    const status = await collectWs(`${rt.wsUrl}/v1/jobs/${id}/status/v/1`, {
      onOpen: (ws) => ws.send(JSON.stringify({ type: 'authentication', data: rt.token })),
    });
    const kinds = status.messages.map((m) => JSON.parse(m).data?.status ?? JSON.parse(m).type);
    expect(kinds).toEqual([
      'authenticated',
      'QUEUED',
      'QUEUED',
      'RUNNING',
      'RUNNING',
      'COMPLETED',
      'COMPLETED',
    ]);
    const stream = await collectWs(`${rt.wsUrl}/v1/stream/jobs/${id}?access_token=${rt.token}`);
    expect(stream.messages.length).toBe(5);
    expect(stream.messages[1]).toBe(stream.messages[2]!);
    expect(stream.messages[3]).toBe(stream.messages[4]!);
  });

  it('cancelLosesRace answers a cancel 204 and lets the job run on to Completed', async () => {
    rt = await startLocalRuntime({
      port: 0,
      queue: { runDelayMs: 300 },
      faults: { cancelLosesRace: true },
    });
    const id = await createJob(rt, samplerJob([[BELL, null, 8]]));
    await waitForRecord(rt, id, 'Running');
    const cancel = await api(rt, 'POST', `/v1/jobs/${id}/cancel`);
    expect(cancel.status).toBe(204);
    expect(rt.jobRecord(id)!.status).toBe('Running');
    await waitForRecord(rt, id, 'Completed');
    const results = await api(rt, 'GET', `/v1/jobs/${id}/results`);
    expect(results.status).toBe(200);
    expect(isJson(results.text)).toBe(true);
    // A final job still cannot be cancelled.
    expect((await api(rt, 'POST', `/v1/jobs/${id}/cancel`)).status).toBe(409);
    // Without the knob the same request cancels.
    rt.setFaults({});
    const other = await createJob(rt, samplerJob([[BELL, null, 8]]));
    expect((await api(rt, 'POST', `/v1/jobs/${other}/cancel`)).status).toBe(204);
    expect(rt.jobRecord(other)!.status).toBe('Cancelled');
  });

  it("lateResults refuses a completed job's result with 404 (or the chosen 5xx) for delayMs", async () => {
    rt = await startLocalRuntime({ port: 0, faults: { lateResults: { delayMs: 400 } } });
    const id = await createJob(rt, samplerJob([[BELL, null, 8]]));
    await waitForRecord(rt, id, 'Completed');
    const early = await api(rt, 'GET', `/v1/jobs/${id}/results`);
    expect(early.status).toBe(404);
    expect(early.json.errors[0].code).toBe(3250);
    expect(early.json.errors[0].message).toContain('not available yet');
    // The job itself says Completed meanwhile.
    expect((await api(rt, 'GET', `/v1/jobs/${id}`)).json.state.status).toBe('Completed');
    const deadline = Date.now() + 3000;
    let later = early;
    while (later.status === 404 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      later = await api(rt, 'GET', `/v1/jobs/${id}/results`);
    }
    expect(later.status).toBe(200);
    expect(isJson(later.text)).toBe(true);

    rt.setFaults({ lateResults: { delayMs: 60_000, status: 503 } });
    const unavailable = await api(rt, 'GET', `/v1/jobs/${id}/results`);
    expect(unavailable.status).toBe(503);
  });

  it('validates knobs given to setFaults', async () => {
    rt = await startLocalRuntime({ port: 0 });
    expect(() => rt.setFaults({ resetRate: -1 })).toThrowError(/faults\.resetRate/);
    expect(() => rt.setFaults({ malformedBody: { endpoint: 'nowhere' as never } })).toThrowError(
      /malformedBody/,
    );
    expect(() => rt.setFaults({ burst429: { every: 0 } })).toThrowError(/every/);
    expect(() => rt.setFaults({ cancelLosesRace: 'yes' as never })).toThrowError(
      /faults\.cancelLosesRace/,
    );
    expect(() => rt.setFaults({ lateResults: { delayMs: -5 } })).toThrowError(
      /faults\.lateResults\.delayMs/,
    );
    expect(() => rt.setFaults({ lateResults: { delayMs: 10, status: 418 } })).toThrowError(
      /faults\.lateResults\.status/,
    );
    expect(rt.faults).toEqual({});
  });
});
