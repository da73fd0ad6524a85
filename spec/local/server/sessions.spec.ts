import { decode } from '../../../src/codecs/decode.js';
import { SessionDetails } from '../../../src/codecs/session.js';
import { startLocalRuntime, type LocalRuntime } from '../../../src/local/index.js';
import { api, BELL, createJob, samplerJob, waitForStatus } from './support.js';

async function waitForSession(rt: LocalRuntime, id: string, state: string): Promise<any> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const res = await api(rt, 'GET', `/v1/sessions/${id}`);
    if (res.json.state === state) return res.json;
    if (Date.now() > deadline) throw new Error(`session ${id} never reached ${state}: ${res.text}`);
    await new Promise((r) => setTimeout(r, 15));
  }
}

describe('local runtime sessions and batches', () => {
  let rt: LocalRuntime;
  beforeEach(async () => {
    rt = await startLocalRuntime({ port: 0, queue: { runDelayMs: 150 } });
  });
  afterEach(async () => rt.close());

  it('creates a session (open, accepting jobs) that decodes with the session codec', async () => {
    const res = await api(rt, 'POST', '/v1/sessions', {
      body: { mode: 'dedicated', backend: 'local_simulator', max_ttl: 600 },
    });
    expect(res.status).toBe(200);
    expect(res.json.id).toMatch(/^[0-9a-v]{20}$/);
    expect(res.json.state).toBe('open');
    expect(res.json.accepting_jobs).toBe(true);
    expect(res.json.mode).toBe('dedicated');
    expect(res.json.backend_name).toBe('local_simulator');
    expect(res.json.max_ttl).toBe(600);
    expect(decode(SessionDetails, res.json)._tag).toBe('Right');
    const got = await api(rt, 'GET', `/v1/sessions/${res.json.id}`);
    expect(got.json).toEqual(res.json);
  });

  it('refuses bad session requests and unknown sessions', async () => {
    expect((await api(rt, 'POST', '/v1/sessions', { body: { mode: 'party' } })).status).toBe(400);
    expect(
      (await api(rt, 'POST', '/v1/sessions', { body: { mode: 'batch', backend: 'ibm_nowhere' } }))
        .status,
    ).toBe(404);
    expect((await api(rt, 'GET', '/v1/sessions/aaaaaaaaaaaaaaaaaaaa')).status).toBe(404);
    expect((await api(rt, 'GET', '/v1/sessions/not-an-id')).status).toBe(404);
    expect(
      (
        await api(rt, 'PATCH', '/v1/sessions/aaaaaaaaaaaaaaaaaaaa', {
          body: { accepting_jobs: false },
        })
      ).status,
    ).toBe(404);
    expect((await api(rt, 'DELETE', '/v1/sessions/aaaaaaaaaaaaaaaaaaaa/close')).status).toBe(404);
    const job = await api(rt, 'POST', '/v1/jobs', {
      body: samplerJob([[BELL]], { session_id: 'aaaaaaaaaaaaaaaaaaaa' }),
    });
    expect(job.status).toBe(404);
  });

  it('runs jobs in a session: active while it has work, inactive when idle; jobs carry session_id', async () => {
    const s = (await api(rt, 'POST', '/v1/sessions', { body: { mode: 'batch' } })).json;
    const created = await api(rt, 'POST', '/v1/jobs', {
      body: samplerJob([[BELL, null, 4]], { session_id: s.id }),
    });
    expect(created.json.session_id).toBe(s.id);
    await waitForStatus(rt, created.json.id, ['Running']);
    const active = await waitForSession(rt, s.id, 'active');
    expect(active.activated_at).not.toBeNull();
    await waitForStatus(rt, created.json.id);
    const idle = await waitForSession(rt, s.id, 'inactive');
    expect(idle.last_job_completed).not.toBeNull();
    expect((await api(rt, 'GET', `/v1/jobs/${created.json.id}`)).json.session_id).toBe(s.id);
    const listed = await api(rt, 'GET', `/v1/jobs?session_id=${s.id}`);
    expect(listed.json.count).toBe(1);
  });

  it('graceful close (PATCH accepting_jobs false): queued jobs still run, new jobs are refused, then closed', async () => {
    const s = (await api(rt, 'POST', '/v1/sessions', { body: { mode: 'dedicated' } })).json;
    const a = await createJob(rt, samplerJob([[BELL, null, 4]], { session_id: s.id }));
    const b = await createJob(rt, samplerJob([[BELL, null, 4]], { session_id: s.id }));
    const patch = await api(rt, 'PATCH', `/v1/sessions/${s.id}`, {
      body: { accepting_jobs: false },
    });
    expect(patch.status).toBe(204);
    const refused = await api(rt, 'POST', '/v1/jobs', {
      body: samplerJob([[BELL]], { session_id: s.id }),
    });
    expect(refused.status).toBe(409);
    expect(refused.json.errors[0].code).toBe(4001);
    expect((await waitForStatus(rt, a)).state.status).toBe('Completed');
    expect((await waitForStatus(rt, b)).state.status).toBe('Completed');
    const closed = await waitForSession(rt, s.id, 'closed');
    expect(closed.accepting_jobs).toBe(false);
    expect(closed.closed_at).not.toBeNull();
    expect(closed.timestamps.map((t: { status: string }) => t.status)).toEqual([
      'open',
      'active',
      'closed',
    ]);
    expect(
      (await api(rt, 'PATCH', `/v1/sessions/${s.id}`, { body: { accepting_jobs: true } })).status,
    ).toBe(409);
    expect(
      (await api(rt, 'PATCH', `/v1/sessions/${s.id}`, { body: { accepting: 1 } })).status,
    ).toBe(400);
  });

  it('cancel (DELETE /close): queued jobs are cancelled, the running job finishes, then closed', async () => {
    const s = (await api(rt, 'POST', '/v1/sessions', { body: { mode: 'batch' } })).json;
    const running = await createJob(rt, samplerJob([[BELL, null, 4]], { session_id: s.id }));
    const queued = await createJob(rt, samplerJob([[BELL, null, 4]], { session_id: s.id }));
    await waitForStatus(rt, running, ['Running']);
    expect((await api(rt, 'DELETE', `/v1/sessions/${s.id}/close`)).status).toBe(204);
    const q = await waitForStatus(rt, queued);
    expect(q.state.status).toBe('Cancelled');
    expect(q.state.reason).toContain(`Session ${s.id} was closed`);
    expect((await waitForStatus(rt, running)).state.status).toBe('Completed');
    const closed = await waitForSession(rt, s.id, 'closed');
    expect(closed.state_reason).toBe('cancelled by user');
  });

  it('refuses a job for another backend than the session runs on', async () => {
    const s = (
      await api(rt, 'POST', '/v1/sessions', {
        body: { mode: 'dedicated', backend: 'ibmq_qasm_simulator' },
      })
    ).json;
    const res = await api(rt, 'POST', '/v1/jobs', {
      body: samplerJob([[BELL]], { session_id: s.id }),
    });
    expect(res.status).toBe(400);
    expect(res.json.errors[0].message).toContain('the session runs on ibmq_qasm_simulator');
  });

  it('closes a session when max_ttl has passed since it became active, cancelling its queued jobs', async () => {
    await rt.close();
    rt = await startLocalRuntime({ port: 0, queue: { runDelayMs: 1500 } });
    const s = (await api(rt, 'POST', '/v1/sessions', { body: { mode: 'dedicated', max_ttl: 1 } }))
      .json;
    const running = await createJob(rt, samplerJob([[BELL, null, 4]], { session_id: s.id }));
    const queued = await createJob(rt, samplerJob([[BELL, null, 4]], { session_id: s.id }));
    const q = await waitForStatus(rt, queued, ['Cancelled', 'Completed'], 5000);
    expect(q.state.status).toBe('Cancelled');
    expect((await waitForStatus(rt, running)).state.status).toBe('Completed');
    const closed = await waitForSession(rt, s.id, 'closed');
    expect(closed.state_reason).toBe('max_ttl expired');
  });
});
