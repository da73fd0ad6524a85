/**
 * `qjobs watch`, `list`, `cancel`, `logs` and `result`: the real binary in child processes
 * against a local runtime started here.
 */
import {
  BELL,
  createBellJob,
  eventually,
  holdQueue,
  runCli,
  startCli,
  startRuntime,
  tempFiles,
} from './support.js';
import type { CliRuntime } from './support.js';

describe('qjobs watch, list, cancel, logs, result', () => {
  let rt: CliRuntime | undefined;
  let files: ReturnType<typeof tempFiles>;

  beforeEach(() => {
    files = tempFiles({ 'bell.qasm': BELL });
  });

  afterEach(async () => {
    await rt?.runtime.close();
    rt = undefined;
    files.remove();
  });

  /** Submit the Bell circuit with `qjobs run --detach --json` and return the job id. */
  async function submit(...extra: string[]): Promise<string> {
    const run = await runCli([
      'run',
      files.path('bell.qasm'),
      '--shots',
      '64',
      '--detach',
      '--json',
      ...extra,
      ...rt!.connection,
    ]);
    expect(run.code).withContext(run.stderr).toBe(0);
    const doc = JSON.parse(run.stdout);
    expect(doc.status).toBe('SUBMITTED');
    return doc.jobId as string;
  }

  it('watch prints each transition once, in order, and exits 0 when the job is done', async () => {
    // Created straight through the API behind jobs that hold the queue, so the watch joins
    // while the job is still queued however slowly the binary starts.
    rt = await startRuntime({ runDelayMs: 1500 });
    const queue = await holdQueue(rt);
    const id = await createBellJob(rt);
    const watch = startCli(['watch', id], { env: rt.env });
    await watch.waitFor(new RegExp(`${id}  QUEUED`), 60_000);
    await queue.release();
    const run = await watch.exit();
    expect(run.code).toBe(0);
    const statuses = [
      ...run.stdout.matchAll(new RegExp(`^[\\d:.]+  ${id}  (QUEUED|RUNNING|DONE)$`, 'gm')),
    ].map((m) => m[1]);
    expect(statuses).toEqual(['QUEUED', 'RUNNING', 'DONE']);
    expect(run.stdout).toContain(`result ready (qjobs result ${id})`);
  }, 180_000);

  it('watch --json writes one JSON event per line, for several jobs', async () => {
    rt = await startRuntime({ runDelayMs: 1500, concurrency: 2 });
    const queue = await holdQueue(rt, 60);
    const [a, b] = await Promise.all([createBellJob(rt), createBellJob(rt)]);
    const watch = startCli(['watch', a, b, '--json', ...rt.connection]);
    await watch.waitFor(new RegExp(`"jobId":"${b}"[^\n]*"status":"QUEUED"`), 60_000);
    await watch.waitFor(new RegExp(`"jobId":"${a}"[^\n]*"status":"QUEUED"`), 60_000);
    await queue.release();
    const run = await watch.exit();
    expect(run.code).toBe(0);
    const events = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    for (const id of [a, b]) {
      const mine = events.filter((e) => e.jobId === id);
      expect(mine.filter((e) => e.type === 'status').map((e) => e.status)).toEqual([
        'QUEUED',
        'RUNNING',
        'DONE',
      ]);
      const result = mine.find((e) => e.type === 'result');
      const counts = result.results[0].registers.meas.counts;
      expect(Object.keys(counts).every((k: string) => k === '00' || k === '11')).toBeTrue();
      expect(mine.every((e) => typeof e.time === 'string')).toBeTrue();
    }
  }, 180_000);

  it('list --json shows the jobs, filtered by tag and limited', async () => {
    rt = await startRuntime();
    const tagged = await submit('--tag', 'cli-spec,bell');
    const other = await submit();
    const all = await runCli(['list', '--json', ...rt.connection]);
    expect(all.code).toBe(0);
    const ids = JSON.parse(all.stdout).jobs.map((j: { jobId: string }) => j.jobId);
    expect(ids).toEqual([other, tagged]);

    const byTag = await runCli(['list', '--json', '--tag', 'cli-spec', ...rt.connection]);
    const jobs = JSON.parse(byTag.stdout).jobs;
    expect(jobs.length).toBe(1);
    expect(jobs[0].jobId).toBe(tagged);
    expect(jobs[0].tags).toEqual(jasmine.arrayContaining(['cli-spec', 'bell']));
    expect(jobs[0].program).toBe('sampler');
    expect(jobs[0].backend).toEqual(jasmine.any(String));
    expect(Number.isNaN(Date.parse(jobs[0].created))).toBeFalse();

    const one = await runCli(['list', '--json', '--limit', '1', ...rt.connection]);
    expect(JSON.parse(one.stdout).jobs.length).toBe(1);

    await eventually(() => rt!.runtime.jobRecord(other)?.status === 'Completed', 10_000, 'done');
    await eventually(() => rt!.runtime.jobRecord(tagged)?.status === 'Completed', 10_000, 'done');
    const pending = await runCli(['list', '--json', '--pending', ...rt.connection]);
    expect(JSON.parse(pending.stdout).jobs).toEqual([]);

    const table = await runCli(['list', '--program', 'sampler', ...rt.connection]);
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(
      /^ID\s+STATUS\s+PROGRAM\s+BACKEND\s+CREATED \(UTC\)\s+TAGS$/,
    );
    expect(table.stdout).toContain(tagged);

    const bad = await runCli(['list', '--limit', '0', ...rt.connection]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(
      /^qjobs list: --limit expects an integer between 1 and 10000, got "0"\n$/,
    );
  }, 180_000);

  it('cancel stops a long-running job: exit 0, the server shows Cancelled, and watch exits 3', async () => {
    rt = await startRuntime({ runDelayMs: 120_000 });
    const id = await submit();
    const watch = startCli(['watch', id, ...rt.connection]);
    await watch.waitFor(new RegExp(`${id}  RUNNING`), 60_000);
    const cancel = await runCli(['cancel', id, ...rt.connection]);
    expect(cancel.code).toBe(0);
    expect(cancel.stdout).toBe(`cancelled job ${id}\n`);
    await eventually(() => rt!.runtime.jobRecord(id)?.status === 'Cancelled', 5000, 'cancelled');
    const watched = await watch.exit();
    expect(watched.code).toBe(3);
    expect(watched.stdout).toMatch(new RegExp(`${id}  CANCELLED`));

    const again = await runCli(['cancel', id, ...rt.connection]);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe(
      `qjobs cancel: job ${id} is already CANCELLED: there is nothing to cancel\n`,
    );
  }, 180_000);

  it('logs prints the job log, result prints the counts again, and unknown ids exit 1', async () => {
    rt = await startRuntime();
    const id = await submit();
    const watched = await runCli(['watch', id, ...rt.connection]);
    expect(watched.code).toBe(0);

    const logs = await runCli(['logs', id, ...rt.connection]);
    expect(logs.code).toBe(0);
    expect(logs.stdout).toContain('job created: sampler');
    expect(logs.stdout).toMatch(/completed in/);
    const logsJson = await runCli(['logs', id, '--json', ...rt.connection]);
    expect(JSON.parse(logsJson.stdout)).toEqual({
      type: 'logs',
      jobId: id,
      logs: jasmine.stringContaining('completed'),
    });

    const result = await runCli(['result', id, '--json', ...rt.connection]);
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc.status).toBe('DONE');
    const counts = doc.results[0].registers.meas.counts;
    expect(Object.keys(counts).every((k: string) => k === '00' || k === '11')).toBeTrue();
    expect(Object.values(counts).reduce((a: number, b) => a + (b as number), 0)).toBe(64);

    const table = await runCli(['result', id, ...rt.connection]);
    expect(table.stdout).toMatch(/^register meas \(2 bits, 64 shots\)$/m);

    for (const command of ['watch', 'result', 'logs', 'cancel']) {
      const missing = await runCli([command, 'nosuchjob0000000000', ...rt.connection]);
      expect(missing.code).withContext(command).toBe(1);
      expect(missing.stderr)
        .withContext(command)
        .toMatch(
          new RegExp(
            `^qjobs ${command}: no job nosuchjob0000000000 on http://127\\.0\\.0\\.1:\\d+/api: check the id: \`qjobs list\` shows the recent jobs$`,
            'm',
          ),
        );
    }
  }, 180_000);

  it('list pages with --limit and --offset, names the next offset, filters by --status, and reads every page with --page-all', async () => {
    rt = await startRuntime({ runDelayMs: 60_000 });
    // Five jobs: the oldest runs for a minute, the next ones wait behind it; one is cancelled.
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await createBellJob(rt));
    await fetch(`${rt.runtime.url}/v1/jobs/${ids[2]}/cancel`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${rt.runtime.token}` },
    }).then((r) => r.text());
    const newest = [...ids].reverse();
    const c = rt.connection;
    const [page1, page2, all, byStatus, queued] = await Promise.all([
      runCli(['list', '--limit', '2', ...c]),
      runCli(['list', '--limit', '2', '--offset', '2', '--json', ...c]),
      runCli(['list', '--limit', '2', '--page-all', '--json', ...c]),
      runCli(['list', '--status', 'cancelled', '--json', ...c]),
      runCli(['list', '--status', 'QUEUED', '--limit', '2', '--json', ...c]),
    ]);
    expect(page1.code).toBe(0);
    const rows = page1.stdout
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(/\s+/)[0]);
    expect(rows).toEqual(newest.slice(0, 2));
    expect(page1.stderr).toBe('showing jobs 1-2 of 5; more jobs: use --offset 2 (or --page-all)\n');
    const second = JSON.parse(page2.stdout);
    expect(second.jobs.map((j: { jobId: string }) => j.jobId)).toEqual(newest.slice(2, 4));
    expect(second).toEqual(
      jasmine.objectContaining({
        type: 'jobs',
        offset: 2,
        limit: 2,
        count: 5,
        more: true,
        nextOffset: 4,
      }),
    );
    const every = JSON.parse(all.stdout);
    expect(every.jobs.map((j: { jobId: string }) => j.jobId)).toEqual(newest);
    expect(every.more).toBeFalse();
    expect(JSON.parse(byStatus.stdout).jobs.map((j: { jobId: string }) => j.jobId)).toEqual([
      ids[2],
    ]);
    // Three jobs wait (ids 1, 3, 4): the newest two, and more after them.
    const waiting = JSON.parse(queued.stdout);
    expect(waiting.jobs.map((j: { jobId: string }) => j.jobId)).toEqual([ids[4], ids[3]]);
    expect(waiting).toEqual(jasmine.objectContaining({ more: true, nextOffset: 2 }));
    const rest = await runCli([
      'list',
      '--status',
      'QUEUED',
      '--limit',
      '2',
      '--offset',
      '2',
      '--json',
      ...c,
    ]);
    expect(JSON.parse(rest.stdout)).toEqual(
      jasmine.objectContaining({
        jobs: [jasmine.objectContaining({ jobId: ids[1] })],
        more: false,
      }),
    );
    const unknown = await runCli(['list', '--program', 'samplr', ...c]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(
      'qjobs list: unknown program "samplr" (did you mean sampler?): programs: sampler, estimator, noise-learner\n',
    );
    const none = await runCli(['list', '--program', 'estimator', ...c]);
    expect([none.code, none.stdout]).toEqual([0, 'no jobs\n']);
  }, 180_000);

  it('result shows the live status line while it waits, then the counts; a final job answers at once', async () => {
    rt = await startRuntime({ runDelayMs: 1500 });
    const queue = await holdQueue(rt);
    const id = await createBellJob(rt);
    const cli = startCli(['result', id, ...rt.connection]);
    await cli.waitFor(new RegExp(`^job ${id}  QUEUED`, 'm'), 60_000);
    await queue.release();
    const run = await cli.exit();
    expect(run.code).toBe(0);
    // Not a terminal: one line per transition (on a terminal the same line is redrawn in place).
    const statuses = [...run.stdout.matchAll(new RegExp(`^job ${id}  (\\w+)`, 'gm'))].map(
      (m) => m[1],
    );
    expect(statuses.filter((s, i) => statuses.indexOf(s) === i)).toEqual([
      'QUEUED',
      'RUNNING',
      'DONE',
    ]);
    expect(run.stdout).toMatch(/^register meas \(2 bits, 64 shots\)$/m);
    const again = await runCli(['result', id, ...rt.connection]);
    expect(again.stdout.split('\n')[0]).toBe('register meas (2 bits, 64 shots)');
  }, 180_000);
});
