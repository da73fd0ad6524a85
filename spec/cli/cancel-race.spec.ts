/**
 * A cancel the service accepts (HTTP 204) is not the job being cancelled: the job may still end
 * on its own first. `qjobs cancel` and Ctrl-C with --cancel-on-interrupt report the final status
 * the service gives, against a local runtime whose `cancelLosesRace` knob answers a cancel 204
 * and lets the job run on to its end.
 *
 * // from Qiskit/qiskit-ibm-runtime qiskit_ibm_runtime/api/rest/runtime.py (job_cancel: POST
 * // /jobs/{id}/cancel answered 204 No Content, which carries no status)
 */
import {
  BELL,
  createBellJob,
  eventually,
  runCli,
  startCli,
  startRuntime,
  tempFiles,
} from './support.js';
import type { CliRuntime } from './support.js';

describe('qjobs cancel and Ctrl-C: the final status is the service’s', () => {
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

  /** A runtime running each job for `runDelayMs`, with `cancelLosesRace` as given. */
  async function runtime(runDelayMs: number, cancelLosesRace: boolean): Promise<CliRuntime> {
    rt = await startRuntime({ runDelayMs });
    rt.runtime.setFaults({ cancelLosesRace });
    return rt;
  }

  /** A Bell job created through the API, once the runtime runs it. */
  async function runningJob(r: CliRuntime): Promise<string> {
    const id = await createBellJob(r);
    await eventually(() => r.runtime.jobRecord(id)?.status === 'Running', 30_000, 'running');
    return id;
  }

  it('qjobs cancel: the job cancelled (exit 0), said only once the service reports CANCELLED', async () => {
    const r = await runtime(120_000, false);
    const id = await runningJob(r);
    const cancel = await runCli(['cancel', id, ...r.connection]);
    expect(cancel.code).toBe(0);
    expect(cancel.stderr).toBe(`cancel of job ${id} accepted; waiting for its final status\n`);
    expect(cancel.stdout).toBe(`cancelled job ${id}\n`);
    expect(r.runtime.jobRecord(id)!.status).toBe('Cancelled');

    const other = await runningJob(r);
    const json = await runCli(['cancel', other, '--json', ...r.connection]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({
      type: 'cancelled',
      jobId: other,
      accepted: true,
      status: 'CANCELLED',
      final: true,
      cancelled: true,
    });
  }, 120_000);

  it('qjobs cancel: a job that ends DONE before the cancel takes effect is reported DONE (exit 1)', async () => {
    const r = await runtime(3000, true);
    const id = await runningJob(r);
    const cancel = await runCli(['cancel', id, ...r.connection]);
    expect(cancel.code).toBe(1);
    expect(cancel.stdout).toBe('');
    expect(cancel.stderr).toBe(
      `cancel of job ${id} accepted; waiting for its final status\n` +
        `qjobs cancel: job ${id} ended DONE before its cancel took effect: \`qjobs result ${id}\` shows how it ended\n`,
    );
    expect(r.runtime.jobRecord(id)!.status).toBe('Completed');

    const other = await runningJob(r);
    const json = await runCli(['cancel', other, '--json', ...r.connection]);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual(
      jasmine.objectContaining({
        type: 'error',
        code: 'invalid_state',
        jobId: other,
        status: 'DONE',
        accepted: true,
        exitCode: 1,
      }),
    );
  }, 120_000);

  it('qjobs cancel --no-wait says the request was accepted, with the status last seen; --timeout bounds the wait (exit 4)', async () => {
    const r = await runtime(120_000, true);
    const id = await runningJob(r);
    const noWait = await runCli(['cancel', id, '--no-wait', '--json', ...r.connection]);
    expect(noWait.code).toBe(0);
    expect(JSON.parse(noWait.stdout)).toEqual({
      type: 'cancelled',
      jobId: id,
      accepted: true,
      status: 'RUNNING',
      final: false,
      cancelled: false,
    });
    const human = await runCli(['cancel', id, '--no-wait', ...r.connection]);
    expect(human.stdout).toBe(
      `cancel of job ${id} accepted: \`qjobs watch ${id}\` shows how it ends (it may still finish first)\n`,
    );

    const waited = await runCli(['cancel', id, '--timeout', '0.5', '--json', ...r.connection]);
    expect(waited.code).toBe(4);
    expect(JSON.parse(waited.stdout)).toEqual(
      jasmine.objectContaining({
        type: 'error',
        code: 'timeout',
        jobId: id,
        status: 'RUNNING',
        accepted: true,
        exitCode: 4,
      }),
    );
    expect(waited.stderr).toBe(
      `qjobs cancel: the cancel of job ${id} was accepted, but it is still RUNNING after 0.5 s: \`qjobs watch ${id}\` shows how it ends\n`,
    );
    expect(r.runtime.jobRecord(id)!.status).toBe('Running');
  }, 120_000);

  it('Ctrl-C with --cancel-on-interrupt: the cancel wins, exit 3 once the service reports CANCELLED', async () => {
    const r = await runtime(120_000, false);
    const cli = startCli([
      'run',
      files.path('bell.qasm'),
      '--cancel-on-interrupt',
      ...r.connection,
    ]);
    const id = (await cli.waitFor(/^job (\S+) {2}RUNNING/m, 60_000))[1]!;
    cli.child.kill('SIGINT');
    const run = await cli.exit();
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`qjobs run: cancelled job ${id} (Ctrl-C)\n`);
    expect(run.stdout).toMatch(new RegExp(`^job ${id} {2}CANCELLED`, 'm'));
    // Said once the service reported it, not on the 204.
    expect(r.runtime.jobRecord(id)!.status).toBe('Cancelled');
  }, 120_000);

  it('Ctrl-C with --cancel-on-interrupt: the job wins the race, its DONE and result are reported (exit 0)', async () => {
    const r = await runtime(4000, true);
    const cli = startCli([
      'run',
      files.path('bell.qasm'),
      '--cancel-on-interrupt',
      '--shots',
      '64',
      '--json',
      ...r.connection,
    ]);
    const id = (await cli.waitFor(/^job (\S+) {2}RUNNING/m, 60_000))[1]!;
    cli.child.kill('SIGINT');
    const run = await cli.exit();
    expect(run.code).withContext(run.stderr).toBe(0);
    expect(run.stderr).toContain(
      `cancel of job ${id} accepted; waiting for the final status (Ctrl-C stops waiting)\n`,
    );
    expect(run.stderr).toContain(`job ${id} ended DONE before its cancel took effect\n`);
    const doc = JSON.parse(run.stdout);
    expect(doc.type).toBe('result');
    expect(doc.status).toBe('DONE');
    const counts = doc.results[0].registers.meas.counts as Record<string, number>;
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(64);
    expect(r.runtime.jobRecord(id)!.status).toBe('Completed');
  }, 120_000);

  it('a further Ctrl-C stops waiting for the outcome of an accepted cancel (exit 130, cancel_pending)', async () => {
    const r = await runtime(120_000, true);
    const cli = startCli([
      'run',
      files.path('bell.qasm'),
      '--cancel-on-interrupt',
      '--json',
      ...r.connection,
    ]);
    const id = (await cli.waitFor(/^job (\S+) {2}RUNNING/m, 60_000))[1]!;
    cli.child.kill('SIGINT');
    await cli.waitFor(/accepted; waiting for the final status/, 30_000);
    cli.child.kill('SIGINT');
    const run = await cli.exit();
    expect(run.code).toBe(130);
    expect(run.stderr).toContain(
      `qjobs run: the cancel of job ${id} was requested, but no final status was seen (last seen RUNNING): \`qjobs watch ${id}\` shows how it ends\n`,
    );
    expect(JSON.parse(run.stdout)).toEqual(
      jasmine.objectContaining({
        type: 'error',
        code: 'cancel_pending',
        jobId: id,
        status: 'RUNNING',
        cancelRequested: true,
        exitCode: 130,
      }),
    );
    expect(r.runtime.jobRecord(id)!.status).toBe('Running');
  }, 120_000);

  it('qjobs watch: after Ctrl-C, each job exits by its own outcome (one DONE first, one CANCELLED)', async () => {
    // Long enough for the binary to start and join before the job ends on its own.
    const r = await runtime(8000, true);
    const won = await runningJob(r);
    const cli = startCli(['watch', won, '--cancel-on-interrupt', ...r.connection]);
    await cli.waitFor(new RegExp(`${won}  RUNNING`), 60_000);
    cli.child.kill('SIGINT');
    const run = await cli.exit();
    expect(run.code).withContext(run.stderr).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`${won}  DONE`));
    expect(run.stderr).toBe(
      `cancel of job ${won} accepted; waiting for the final status (Ctrl-C stops waiting)\n` +
        `job ${won} ended DONE before its cancel took effect\n`,
    );

    r.runtime.setFaults({ cancelLosesRace: false });
    const lost = await runningJob(r);
    const again = startCli(['watch', lost, '--cancel-on-interrupt', ...r.connection]);
    await again.waitFor(new RegExp(`${lost}  RUNNING`), 60_000);
    again.child.kill('SIGINT');
    const cancelled = await again.exit();
    expect(cancelled.code).toBe(3);
    expect(cancelled.stdout).toMatch(new RegExp(`${lost}  CANCELLED`));
    expect(cancelled.stderr).toContain(`qjobs watch: cancelled job ${lost} (Ctrl-C)\n`);
    expect(cancelled.stderr).not.toContain('before its cancel took effect');
  }, 120_000);
});
