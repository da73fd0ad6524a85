import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeResultOrThrow } from '../../../src/codecs/results.js';
import { startLocalRuntime, type LocalRuntime } from '../../../src/local/index.js';
import { api, BELL, createJob, samplerJob, waitForStatus } from './support.js';

describe('local runtime persistence (dataDir)', () => {
  let dir: string;
  let rt: LocalRuntime | undefined;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'qjobs-data-'));
  });
  afterEach(async () => {
    await rt?.close();
    rt = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  it('serves finished jobs, their results, logs, interim results and sessions after a restart', async () => {
    rt = await startLocalRuntime({ port: 0, dataDir: dir, token: 'tok' });
    const session = (await api(rt, 'POST', '/v1/sessions', { body: { mode: 'batch' } })).json;
    const id = await createJob(
      rt,
      samplerJob([[BELL, null, 32]], { tags: ['keep'], session_id: session.id }),
    );
    await waitForStatus(rt, id);
    const details = (await api(rt, 'GET', `/v1/jobs/${id}`)).json;
    const results = (await api(rt, 'GET', `/v1/jobs/${id}/results`)).text;
    const logs = (await api(rt, 'GET', `/v1/jobs/${id}/logs`)).text;
    const interim = (await api(rt, 'GET', `/v1/jobs/${id}/interim_results`)).text;
    await rt.close();

    const files = await readdir(join(dir, 'jobs'));
    expect(files).toEqual([`${id}.json`]);
    for (const kind of ['jobs', 'results', 'logs', 'interim', 'sessions']) {
      expect((await readdir(join(dir, kind))).some((f) => f.endsWith('.tmp'))).toBe(false);
    }

    rt = await startLocalRuntime({ port: 0, dataDir: dir, token: 'tok' });
    expect(rt.persistenceProblems()).toEqual([]);
    expect((await api(rt, 'GET', `/v1/jobs/${id}`)).json).toEqual(details);
    expect((await api(rt, 'GET', `/v1/jobs/${id}/results`)).text).toBe(results);
    expect((await api(rt, 'GET', `/v1/jobs/${id}/logs`)).text).toBe(logs);
    expect((await api(rt, 'GET', `/v1/jobs/${id}/interim_results`)).text).toBe(interim);
    expect((await api(rt, 'GET', '/v1/jobs?tags=keep')).json.count).toBe(1);
    expect((await api(rt, 'GET', `/v1/sessions/${session.id}`)).json.id).toBe(session.id);
  });

  it("keeps a finished job's latest interim result, which holds the PUBs of every earlier one", async () => {
    rt = await startLocalRuntime({ port: 0, dataDir: dir });
    const id = await createJob(rt, samplerJob([0, 1, 2].map(() => [BELL, null, 16])));
    await waitForStatus(rt, id);
    expect(rt.jobRecord(id)!.interimCount).toBe(3);
    const latest = (await api(rt, 'GET', `/v1/jobs/${id}/interim_results`)).text;
    expect(decodeResultOrThrow(latest).length).toBe(3);
    await rt.close();
    expect(JSON.parse(await readFile(join(dir, 'interim', `${id}.json`), 'utf8'))).toEqual([
      latest,
    ]);

    rt = await startLocalRuntime({ port: 0, dataDir: dir });
    expect(rt.persistenceProblems()).toEqual([]);
    expect(rt.jobRecord(id)!.interimCount).toBe(1);
    expect((await api(rt, 'GET', `/v1/jobs/${id}/interim_results`)).text).toBe(latest);
  });

  it('re-queues jobs that were queued or running at shutdown and runs them after the restart', async () => {
    rt = await startLocalRuntime({ port: 0, dataDir: dir, queue: { runDelayMs: 60_000 } });
    const running = await createJob(rt, samplerJob([[BELL, null, 16]]));
    const queued = await createJob(rt, samplerJob([[BELL, null, 16]]));
    await waitForStatus(rt, running, ['Running']);
    await rt.close();

    rt = await startLocalRuntime({ port: 0, dataDir: dir });
    const token = rt.token;
    expect(token).toBeDefined();
    for (const id of [running, queued]) {
      const done = await waitForStatus(rt, id);
      expect(done.state.status).toBe('Completed');
      const statuses = rt.jobRecord(id)!.transitions.map((t) => t.status);
      expect(statuses[statuses.length - 1]).toBe('Completed');
      expect(statuses).toContain('Queued');
      expect((await api(rt, 'GET', `/v1/jobs/${id}/logs`)).text).toContain(
        're-queued after a restart',
      );
    }
    expect(rt.jobRecord(running)!.transitions.map((t) => t.status)).toEqual([
      'Queued',
      'Running',
      'Queued',
      'Running',
      'Completed',
    ]);
    // FIFO order survives the restart.
    const startedAgain = (id: string): number =>
      rt!
        .jobRecord(id)!
        .transitions.filter((t) => t.status === 'Running')
        .pop()!.at;
    expect(startedAgain(running)).toBeLessThanOrEqual(startedAgain(queued));
  });

  it('marks a job Failed with a clear reason when it cannot be re-queued (its backend is gone)', async () => {
    rt = await startLocalRuntime({
      port: 0,
      dataDir: dir,
      backends: ['old_sim'],
      queue: { runDelayMs: 60_000 },
    });
    const id = await createJob(rt, {
      ...(samplerJob([[BELL, null, 16]]) as object),
      backend: 'old_sim',
    });
    await rt.close();
    rt = await startLocalRuntime({ port: 0, dataDir: dir });
    const job = (await api(rt, 'GET', `/v1/jobs/${id}`)).json;
    expect(job.state.status).toBe('Failed');
    expect(job.state.reason).toContain('restarted while the job was Running');
    expect(job.state.reason).toContain('old_sim');
  });

  it('reports unreadable files instead of loading half of them, and ignores foreign names', async () => {
    rt = await startLocalRuntime({ port: 0, dataDir: dir });
    const id = await createJob(rt, samplerJob([[BELL, null, 16]]));
    await waitForStatus(rt, id);
    await rt.close();
    await writeFile(
      join(dir, 'jobs', 'bbbbbbbbbbbbbbbbbbbb.json'),
      '{"format":1,"id":"bbbbbbbbbbbbbbbbbbbb"',
    );
    await writeFile(
      join(dir, 'jobs', 'cccccccccccccccccccc.json'),
      '{"format":1,"id":"cccccccccccccccccccc"}',
    );
    await writeFile(join(dir, 'jobs', '..evil.json'), '{}');
    rt = await startLocalRuntime({ port: 0, dataDir: dir });
    const problems = rt.persistenceProblems();
    expect(problems.length).toBe(2);
    expect(problems[0]).toContain('jobs/bbbbbbbbbbbbbbbbbbbb');
    expect(problems[1]).toContain('jobs/cccccccccccccccccccc');
    expect(rt.jobIds()).toEqual([id]);
  });

  it('removes the files of a deleted job and writes tag changes', async () => {
    rt = await startLocalRuntime({ port: 0, dataDir: dir });
    const id = await createJob(rt, samplerJob([[BELL, null, 16]]));
    await waitForStatus(rt, id);
    await api(rt, 'PUT', `/v1/jobs/${id}/tags`, { body: { tags: ['new'] } });
    await rt.flush();
    expect(JSON.parse(await readFile(join(dir, 'jobs', `${id}.json`), 'utf8')).tags).toEqual([
      'new',
    ]);
    expect((await api(rt, 'DELETE', `/v1/jobs/${id}`)).status).toBe(204);
    await rt.flush();
    for (const kind of ['jobs', 'results', 'logs', 'interim']) {
      expect(await readdir(join(dir, kind)))
        .withContext(kind)
        .toEqual([]);
    }
  });
});
