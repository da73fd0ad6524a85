import { startLocalRuntime, type LocalRuntime } from '../../../src/local/index.js';
import { STREAM_ACK_FRAME } from '../../../src/codecs/ws-messages.js';
import { api, BELL, collectWs, createJob, samplerJob, waitForStatus } from './support.js';
import { trackLeaks, type LeakTracker } from '../../helpers/leaks.js';

/**
 * A 20-qubit circuit that is cheap to simulate (small independent factors) but whose 100,000
 * shots make a large result: most of a PUB's time goes into sampling and encoding it.
 */
const WIDE =
  'OPENQASM 3.0; include "stdgates.inc"; qubit[20] q; bit[20] c; h q; cx q[0], q[1]; cx q[2], q[3]; h q; c = measure q;';

/**
 * Run `act` once job `id` is computing: when its result stream delivers the first interim
 * result (its first PUB is done, the others are still to run). Resolves with what `act`
 * returned once the stream has closed (the job became final).
 */
async function whenComputing<T>(rt: LocalRuntime, id: string, act: () => Promise<T>): Promise<T> {
  let acted: Promise<T> | undefined;
  const stream = await collectWs(`${rt.wsUrl}/v1/stream/jobs/${id}`, {
    headers: { Authorization: `Bearer ${rt.token}` },
    onMessage: (_ws, text) => {
      if (text !== STREAM_ACK_FRAME && acted === undefined) {
        acted = act();
        acted.catch(() => undefined); // awaited below, once the stream has closed
      }
    },
  });
  if (acted === undefined)
    throw new Error(`job ${id} ended (${stream.reason}) before any interim result`);
  return acted;
}

describe('local runtime queue', () => {
  let rt: LocalRuntime;
  let leaks: LeakTracker;
  beforeEach(() => {
    leaks = trackLeaks();
  });
  afterEach(async () => {
    await rt.close();
    await leaks.expectNone();
  });

  it('moves a job visibly through Queued, Running and Completed with the configured delays', async () => {
    rt = await startLocalRuntime({ port: 0, queue: { queueDelayMs: 150, runDelayMs: 150 } });
    const id = await createJob(rt, samplerJob([[BELL, null, 10]]));
    expect((await api(rt, 'GET', `/v1/jobs/${id}`)).json.state.status).toBe('Queued');
    await waitForStatus(rt, id, ['Running']);
    await waitForStatus(rt, id, ['Completed']);
    const [q, r, c] = rt.jobRecord(id)!.transitions;
    expect(r!.at - q!.at).toBeGreaterThanOrEqual(140);
    expect(c!.at - r!.at).toBeGreaterThanOrEqual(140);
  });

  it('runs jobs in FIFO order, one at a time by default, and reports queue position and estimates while queued', async () => {
    rt = await startLocalRuntime({ port: 0, queue: { runDelayMs: 1500 } });
    const ids = [
      await createJob(rt, samplerJob([[BELL, null, 4]])),
      await createJob(rt, samplerJob([[BELL, null, 4]])),
      await createJob(rt, samplerJob([[BELL, null, 4]])),
    ];
    const third = await api(rt, 'GET', `/v1/jobs/${ids[2]}/metrics`);
    expect(third.json.position_in_queue).toBe(2);
    expect(Date.parse(third.json.estimated_start_time)).toBeGreaterThan(Date.now());
    expect(third.json.usage.status).toBe('pending');
    expect(third.json.timestamps.running).toBeNull();
    for (const id of ids) await waitForStatus(rt, id);
    const started = ids.map(
      (id) => rt.jobRecord(id)!.transitions.find((t) => t.status === 'Running')!.at,
    );
    const finished = ids.map(
      (id) => rt.jobRecord(id)!.transitions.find((t) => t.status === 'Completed')!.at,
    );
    expect(started[1]!).toBeGreaterThanOrEqual(finished[0]!);
    expect(started[2]!).toBeGreaterThanOrEqual(finished[1]!);
  });

  it('runs up to `concurrency` jobs at once', async () => {
    rt = await startLocalRuntime({ port: 0, queue: { concurrency: 2, runDelayMs: 200 } });
    const a = await createJob(rt, samplerJob([[BELL, null, 4]]));
    const b = await createJob(rt, samplerJob([[BELL, null, 4]]));
    const c = await createJob(rt, samplerJob([[BELL, null, 4]]));
    await waitForStatus(rt, a, ['Running']);
    await waitForStatus(rt, b, ['Running']);
    expect((await api(rt, 'GET', `/v1/jobs/${c}`)).json.state.status).toBe('Queued');
    await waitForStatus(rt, c);
  });

  it('cancels a queued job (it never runs) and a running one (its simulation is aborted)', async () => {
    rt = await startLocalRuntime({ port: 0, queue: { runDelayMs: 10_000 } });
    const running = await createJob(rt, samplerJob([[BELL, null, 4]]));
    const queued = await createJob(rt, samplerJob([[BELL, null, 4]]));
    await waitForStatus(rt, running, ['Running']);
    expect((await api(rt, 'POST', `/v1/jobs/${queued}/cancel`)).status).toBe(204);
    expect((await api(rt, 'POST', `/v1/jobs/${running}/cancel`)).status).toBe(204);
    const q = await waitForStatus(rt, queued);
    const r = await waitForStatus(rt, running);
    expect(q.state.status).toBe('Cancelled');
    expect(r.state.status).toBe('Cancelled');
    expect(r.status).toBe('Cancelled');
    expect(rt.jobRecord(queued)!.transitions.map((t) => t.status)).toEqual(['Queued', 'Cancelled']);
    expect(rt.jobRecord(running)!.transitions.map((t) => t.status)).toEqual([
      'Queued',
      'Running',
      'Cancelled',
    ]);
    const results = await api(rt, 'GET', `/v1/jobs/${running}/results`);
    expect(results.text).toContain('was cancelled');
    expect((await api(rt, 'GET', `/v1/jobs/${running}/logs`)).text).toContain(
      'cancelled while running',
    );
  });

  // The job below is far longer than anything these specs wait for: 40 PUBs of 100,000 shots
  // of a 20-qubit circuit. A runtime that answers while it computes
  // handles each request below long before the job could end; one that blocks its event loop
  // answers only once the job is over, and then says Completed.
  const longJob = (): unknown => samplerJob(Array.from({ length: 40 }, () => [WIDE, null, 100000]));

  it('answers status requests while a job computes, before the job completes', async () => {
    rt = await startLocalRuntime({ port: 0 });
    const id = await createJob(rt, longJob());
    const answers = await whenComputing(rt, id, async () => {
      const seen: string[] = [];
      for (let i = 0; i < 3; i++)
        seen.push((await api(rt, 'GET', `/v1/jobs/${id}`)).json.state.status);
      await api(rt, 'POST', `/v1/jobs/${id}/cancel`);
      return seen;
    });
    // Issued after the first PUB's interim result, each was answered while the job still ran.
    expect(answers).toEqual(['Running', 'Running', 'Running']);
    expect((await waitForStatus(rt, id)).state.status).toBe('Cancelled');
  }, 120_000);

  it('aborts a long simulation when cancelled while it computes', async () => {
    rt = await startLocalRuntime({ port: 0 });
    const id = await createJob(rt, longJob());
    const cancel = await whenComputing(rt, id, () => api(rt, 'POST', `/v1/jobs/${id}/cancel`));
    expect(cancel.status).toBe(204);
    const done = await waitForStatus(rt, id, undefined, 60_000);
    expect(done.state.status).toBe('Cancelled');
    expect(rt.jobRecord(id)!.transitions.map((t) => t.status)).toEqual([
      'Queued',
      'Running',
      'Cancelled',
    ]);
    // The simulation stopped: not every PUB ran (the log says each one that did).
    const logs = (await api(rt, 'GET', `/v1/jobs/${id}/logs`)).text;
    expect((logs.match(/: done in /g) ?? []).length).toBeLessThan(40);
    expect(rt.jobRecord(id)!.interimCount).toBeLessThan(40);
    // The aborted simulation released its slot: the next job runs.
    const next = await createJob(rt, samplerJob([[BELL, null, 4]]));
    expect((await waitForStatus(rt, next, undefined, 60_000)).state.status).toBe('Completed');
  }, 120_000);

  it('cancels a job running past its cost with RAN TOO LONG / 1305 and top-level "Cancelled - Ran too long"', async () => {
    rt = await startLocalRuntime({ port: 0, queue: { runDelayMs: 3000 } });
    const id = await createJob(rt, samplerJob([[BELL, null, 4]], { cost: 1 }));
    const done = await waitForStatus(rt, id, ['Cancelled', 'Completed', 'Failed'], 5000);
    expect(done.state).toEqual({
      status: 'Cancelled',
      reason: 'RAN TOO LONG',
      reason_code: 1305,
      reason_solution: jasmine.any(String),
    });
    expect(done.status).toBe('Cancelled - Ran too long');
    const record = rt.jobRecord(id)!;
    const ran = record.transitions[2]!.at - record.transitions[1]!.at;
    expect(ran).toBeGreaterThanOrEqual(990);
    expect(ran).toBeLessThan(2500);
    expect(record.ranTooLong).toBe(true);
    const results = await api(rt, 'GET', `/v1/jobs/${id}/results`);
    expect(results.text).toContain('RAN TOO LONG');
  });

  it('limits job creation per minute with 429 and Retry-After', async () => {
    rt = await startLocalRuntime({ port: 0, rateLimit: { jobsPerMinute: 2 } });
    await createJob(rt, samplerJob([[BELL, null, 4]]));
    await createJob(rt, samplerJob([[BELL, null, 4]]));
    const third = await api(rt, 'POST', '/v1/jobs', { body: samplerJob([[BELL, null, 4]]) });
    expect(third.status).toBe(429);
    expect(third.json.errors[0].code).toBe(1202);
    const retry = Number(third.headers.get('retry-after'));
    expect(retry).toBeGreaterThanOrEqual(59);
    expect(retry).toBeLessThanOrEqual(60);
    // An invalid request is refused for what it is and does not use up the allowance.
    expect((await api(rt, 'POST', '/v1/jobs', { body: samplerJob([]) })).status).toBe(400);
    expect(rt.jobIds().length).toBe(2);
  });
});
