/**
 * `qjobs run` as a user runs it: the real binary in a child process against a local runtime
 * started here, with plain and JSON output, the estimator, bad command lines, a failing job,
 * --timeout and Ctrl-C.
 */
import {
  BELL,
  eventually,
  holdQueue,
  runCli,
  startCli,
  startRuntime,
  tempFiles,
} from './support.js';
import type { CliRun, CliRuntime } from './support.js';

const BELL_STATE = `OPENQASM 3.0;
include "stdgates.inc";
qubit[2] q;
h q[0];
cx q[0], q[1];
`;

/** Counts rows of the human table: `outcome  count  share%  bar`. */
function tableCounts(stdout: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const m of stdout.matchAll(/^([01]+)\s+(\d+)\s+[\d.]+%/gm)) counts[m[1]!] = Number(m[2]);
  return counts;
}

function sum(counts: Record<string, number>): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

/** The run printed no credential anywhere. */
function expectNoSecrets(run: CliRun, rt: CliRuntime): void {
  expect(run.stdout).not.toContain(rt.runtime.token);
  expect(run.stderr).not.toContain(rt.runtime.token);
}

describe('qjobs run', () => {
  let rt: CliRuntime | undefined;
  let files: ReturnType<typeof tempFiles>;

  beforeEach(() => {
    files = tempFiles({ 'bell.qasm': BELL, 'state.qasm': BELL_STATE, 'empty.qasm': '  \n' });
  });

  afterEach(async () => {
    await rt?.runtime.close();
    rt = undefined;
    files.remove();
  }, 180_000);

  it('runs the Bell circuit: a line per transition, then counts of only 00 and 11 sorted by count with bars', async () => {
    rt = await startRuntime({ runDelayMs: 1500 });
    // Jobs ahead in the queue keep it QUEUED until the run has shown it, however slow the start.
    const queue = await holdQueue(rt);
    const cli = startCli([
      'run',
      files.path('bell.qasm'),
      '--shots',
      '300',
      '--backend',
      'ibmq_qasm_simulator',
      ...rt.connection,
    ]);
    await cli.waitFor(/^job \S+ {2}QUEUED/m, 60_000);
    await queue.release();
    const run = await cli.exit();
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const id = /^job (\S+) submitted to ibmq_qasm_simulator \(sampler\)$/m.exec(run.stdout)?.[1];
    expect(id).toBeDefined();
    // Not a terminal: one plain line per transition, in order, no redraws.
    const statuses = [...run.stdout.matchAll(new RegExp(`^job ${id}  (\\w+)`, 'gm'))].map(
      (m) => m[1],
    );
    expect(statuses.filter((s, i) => statuses.indexOf(s) === i)).toEqual([
      'QUEUED',
      'RUNNING',
      'DONE',
    ]);
    expect(run.stdout).not.toContain('\r');
    expect(run.stdout).toContain('register meas (2 bits, 300 shots)');
    const counts = tableCounts(run.stdout);
    expect(Object.keys(counts).sort()).toEqual(['00', '11']);
    expect(sum(counts)).toBe(300);
    const rows = run.stdout.split('\n').filter((l) => /^(00|11)\s/.test(l));
    expect(Number(rows[0]!.split(/\s+/)[1])).toBeGreaterThanOrEqual(
      Number(rows[1]!.split(/\s+/)[1]),
    );
    expect(rows[0]).toMatch(/█{30}$/);
    expect(rt.runtime.jobRecord(id!)?.status).toBe('Completed');
    expectNoSecrets(run, rt);
  }, 180_000);

  it('prints one JSON document with --json (connection from the environment), statuses on stderr', async () => {
    rt = await startRuntime({ queueDelayMs: 50, runDelayMs: 50 });
    const run = await runCli(['run', files.path('bell.qasm'), '--shots', '128', '--json'], {
      env: rt.env,
    });
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout);
    expect(run.stdout.trim().split('\n').length).toBe(1);
    expect(doc.status).toBe('DONE');
    expect(doc.program).toBe('sampler');
    expect(typeof doc.jobId).toBe('string');
    const meas = doc.results[0].registers.meas;
    expect(meas.numBits).toBe(2);
    expect(meas.shots).toBe(128);
    expect(Object.keys(meas.counts).every((k: string) => k === '00' || k === '11')).toBeTrue();
    expect(sum(meas.counts)).toBe(128);
    expect(run.stderr).toContain(`job ${doc.jobId}  DONE`);
    expectNoSecrets(run, rt);
  }, 180_000);

  it('runs an estimator job with --observables and shows values with standard errors', async () => {
    rt = await startRuntime();
    const run = await runCli([
      'run',
      files.path('state.qasm'),
      '--observables',
      'ZZ,XX,ZI',
      ...rt.connection,
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('expectation values');
    expect(run.stdout).toMatch(/^ZZ\s+1\.000000\s+\d\.\d{6}$/m);
    expect(run.stdout).toMatch(/^XX\s+1\.000000\s+\d\.\d{6}$/m);
    expect(run.stdout).toMatch(/^ZI\s+-?0\.0\d{5}\s+\d\.\d{6}$/m);

    const json = await runCli([
      'run',
      files.path('state.qasm'),
      '--program',
      'estimator',
      '--observables',
      '{"ZZ": 1, "XX": 0.5}',
      '--json',
      ...rt.connection,
    ]);
    expect(json.code).toBe(0);
    const doc = JSON.parse(json.stdout);
    expect(doc.program).toBe('estimator');
    expect(doc.results[0].observables).toEqual(['ZZ + 0.5*XX']);
    expect(doc.results[0].evs).toBeCloseTo(1.5, 6);
  }, 180_000);

  it('refuses bad flags and unreadable files with exit 2 and one line on stderr (real binary)', async () => {
    const cases: [string[], RegExp][] = [
      [
        ['run', files.path('bell.qasm'), '--shots', 'many'],
        /^qjobs run: --shots expects an integer .*"many"$/,
      ],
      [
        ['run', files.path('bell.qasm'), '--frobnicate'],
        /^qjobs run: unknown flag "--frobnicate": see the flags with --help$/,
      ],
      [
        ['run', files.path('missing.qasm')],
        /^qjobs run: cannot read .*missing\.qasm: no such file$/,
      ],
    ];
    for (const [args, pattern] of cases) {
      const run = await runCli(args);
      expect(run.code).withContext(args.join(' ')).toBe(2);
      expect(run.stdout).withContext(args.join(' ')).toBe('');
      expect(run.stderr.trimEnd().split('\n').length).withContext(args.join(' ')).toBe(1);
      expect(run.stderr.trimEnd()).withContext(args.join(' ')).toMatch(pattern);
    }
  }, 180_000);

  it('says what to set when no credentials are configured (exit 2, ConfigError)', async () => {
    const run = await runCli(['run', files.path('bell.qasm'), '--url', 'http://127.0.0.1:9/api']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^qjobs run: no token for the local runtime at .*: set QJOBS_TOKEN/);
    expect(run.stderr.trimEnd().split('\n').length).toBe(1);
  }, 180_000);

  it('exits 1 naming the _tag when the job fails (ran past its maximum execution time)', async () => {
    rt = await startRuntime({ runDelayMs: 2500 });
    const run = await runCli([
      'run',
      files.path('bell.qasm'),
      '--max-execution-time',
      '1',
      '--json',
      ...rt.connection,
    ]);
    expect(run.code).toBe(1);
    const doc = JSON.parse(run.stdout);
    expect(doc.type).toBe('error');
    expect(doc.code).toBe('job_failed');
    expect(doc.status).toBe('ERROR');
    expect(doc.tag).toBe('RuntimeJobMaxTimeoutError');
    expect(doc.exitCode).toBe(1);
    expect(run.stderr).toMatch(
      /^qjobs run: job \S+ ran longer than its maximum execution time and was stopped.*: give it more time with --max-execution-time S$/m,
    );
    expect(rt.runtime.jobRecord(doc.jobId)?.reasonCode).toBe(1305);
  }, 180_000);

  it('exits 1 showing the file, line, column and the offending line when the service refuses the circuit', async () => {
    rt = await startRuntime();
    const bad = tempFiles({ 'bad.qasm': 'OPENQASM 3.0;\nqubit[2] q;\n  frob q[0];\n' });
    try {
      const file = bad.path('bad.qasm');
      const run = await runCli(['run', file, ...rt.connection]);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      // from the local runtime's answer: HTTP 400 naming the position (src/local/server/program.ts)
      expect(run.stderr.trimEnd().split('\n')).toEqual([
        `qjobs run: the service refused the circuit in ${file} (1 error)`,
        `${file}:3:3: unknown gate 'frob'`,
        '  3 |   frob q[0];',
        '    |   ^',
      ]);
      const json = await runCli(['run', file, '--json', ...rt.connection]);
      const doc = JSON.parse(json.stdout);
      expect(doc).toEqual(
        jasmine.objectContaining({
          type: 'error',
          code: 'qasm',
          file,
          status: 'NOT_SUBMITTED',
          diagnostics: [{ line: 3, column: 3, message: "unknown gate 'frob'" }],
          exitCode: 1,
        }),
      );
    } finally {
      bad.remove();
    }
  }, 180_000);

  it('lists every problem the service names, in order, each with its line and caret', async () => {
    rt = await startRuntime();
    const source =
      'OPENQASM 3.0;\ninclude "stdgates.inc";\nqubit[2] q;\nfrob q[0];\nh q[0]\ncx q[0], q[1];\n';
    const bad = tempFiles({ 'two.qasm': source });
    try {
      const file = bad.path('two.qasm');
      const run = await runCli(['run', file, '--json', ...rt.connection]);
      expect(run.code).toBe(1);
      const doc = JSON.parse(run.stdout);
      const diagnostics = doc.diagnostics as { line: number; column: number; message: string }[];
      // The parser reports the first problem, or (once it collects them) every one of them.
      expect(diagnostics.length).toBeGreaterThanOrEqual(1);
      expect(diagnostics[0]).toEqual({ line: 4, column: 1, message: "unknown gate 'frob'" });
      const lines = run.stderr.trimEnd().split('\n');
      const n = diagnostics.length;
      expect(lines[0]).toBe(
        `qjobs run: the service refused the circuit in ${file} (${n} error${n === 1 ? '' : 's'})`,
      );
      expect(lines.length).toBe(1 + 3 * n);
      diagnostics.forEach((d, i) => {
        const [head, code, caret] = lines.slice(1 + 3 * i, 4 + 3 * i);
        expect(head).toBe(`${file}:${d.line}:${d.column}: ${d.message}`);
        expect(code).toBe(`  ${d.line} | ${source.split('\n')[d.line - 1]}`);
        expect(caret).toBe(`    | ${' '.repeat(d.column - 1)}^`);
        if (i > 0) expect(d.line).toBeGreaterThanOrEqual(diagnostics[i - 1]!.line);
      });
    } finally {
      bad.remove();
    }
  }, 180_000);

  it('exits 4 when --timeout passes first, and the job goes on', async () => {
    rt = await startRuntime({ runDelayMs: 1500 });
    const queue = await holdQueue(rt);
    const run = await runCli([
      'run',
      files.path('bell.qasm'),
      '--timeout',
      '0.5',
      ...rt.connection,
    ]);
    expect(run.code).toBe(4);
    const id = /^job (\S+) submitted/m.exec(run.stdout)![1]!;
    expect(run.stderr).toBe(
      `qjobs run: job ${id} is still QUEUED after 0.5 s (--timeout): it goes on: \`qjobs watch ${id}\` follows it, \`qjobs cancel ${id}\` cancels it\n`,
    );
    expect(rt.runtime.jobRecord(id)?.status).toBe('Queued');
    await queue.release();
    await eventually(() => rt!.runtime.jobRecord(id)?.status === 'Completed', 30_000, 'done');
  }, 180_000);

  it('stops watching on Ctrl-C without a terminal and leaves the job running (exit 130)', async () => {
    rt = await startRuntime({ runDelayMs: 120_000 });
    const cli = startCli(['run', files.path('bell.qasm'), ...rt.connection]);
    const id = (await cli.waitFor(/^job (\S+) {2}RUNNING/m, 60_000))[1]!;
    cli.child.kill('SIGINT');
    const run = await cli.exit();
    expect(run.code).toBe(130);
    expect(run.stderr).toContain(`stopped watching; job ${id} goes on`);
    expect(run.stderr).not.toContain('[y/N]');
    expect(rt.runtime.jobRecord(id)?.status).toBe('Running');
  }, 180_000);

  it('cancels the remote job on Ctrl-C with --cancel-on-interrupt (exit 3)', async () => {
    rt = await startRuntime({ runDelayMs: 120_000 });
    const cli = startCli([
      'run',
      files.path('bell.qasm'),
      '--cancel-on-interrupt',
      ...rt.connection,
    ]);
    const id = (await cli.waitFor(/^job (\S+) {2}RUNNING/m, 60_000))[1]!;
    cli.child.kill('SIGINT');
    const run = await cli.exit();
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`cancelled job ${id}`);
    await eventually(() => rt!.runtime.jobRecord(id)?.status === 'Cancelled', 5000, 'cancelled');
  }, 180_000);

  it('reads the circuit from standard input for -, and refuses an empty one', async () => {
    rt = await startRuntime();
    const cli = startCli(['run', '-', '--shots', '100', '--json', ...rt.connection]);
    cli.child.stdin!.end(BELL);
    const run = await cli.exit();
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout);
    expect(Object.keys(doc.results[0].registers.meas.counts).sort()).toEqual(['00', '11']);
    const empty = startCli(['run', '-', ...rt.connection]);
    empty.child.stdin!.end('');
    const refused = await empty.exit();
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      'qjobs run: standard input is empty: pipe an OpenQASM circuit into qjobs run -\n',
    );
  }, 180_000);

  it('warns, as Qiskit does, when a Sampler circuit has no classical registers, and says the result is empty', async () => {
    rt = await startRuntime();
    const file = files.path('state.qasm');
    const run = await runCli(['run', file, ...rt.connection]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(
      `qjobs run: warning: ${file} has no classical registers, so the Sampler result will be empty. Did you mean to measure (bit[2] c; c = measure q;)?\n`,
    );
    expect(run.stdout).toContain('no classical registers: the circuit measured nothing');
    // The Estimator needs no measurement: no warning.
    const est = await runCli(['run', file, '--observables', 'ZZ', ...rt.connection]);
    expect(est.stderr).toBe('');
  }, 180_000);

  it('maps Estimator --shots N to precision 1/sqrt(N), and takes --precision as it is', async () => {
    rt = await startRuntime();
    const file = files.path('state.qasm');
    const [shots, precision] = await Promise.all([
      runCli([
        'run',
        file,
        '--observables',
        'ZZ,XX',
        '--shots',
        '10000',
        '--json',
        ...rt.connection,
      ]),
      runCli([
        'run',
        file,
        '--observables',
        'ZZ',
        '--precision',
        '0.05',
        '--json',
        ...rt.connection,
      ]),
    ]);
    // The local runtime reports the target precision as each standard error.
    expect(JSON.parse(shots.stdout).results[0].stds).toEqual([0.01, 0.01]);
    expect(JSON.parse(precision.stdout).results[0].stds).toEqual([0.05]);
  }, 180_000);

  it('says the job may still run when the service goes away while it is followed', async () => {
    // The service is a qjobs serve of its own, killed outright while the job runs.
    const serve = startCli([
      'serve',
      '--port',
      '0',
      '--token',
      'gone-token',
      '--run-delay',
      '60000',
    ]);
    try {
      const url = (await serve.waitFor(/^url: (\S+)$/m, 60_000))[1]!;
      const cli = startCli([
        'run',
        files.path('bell.qasm'),
        '--json',
        '--url',
        url,
        '--token',
        'gone-token',
      ]);
      const id = (await cli.waitFor(/^job (\S+) {2}RUNNING/m, 60_000))[1]!;
      serve.child.kill('SIGKILL');
      const run = await cli.exit(120_000);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(
        `qjobs run: lost the connection to ${url} while following job ${id} (connection refused): the job may still run: \`qjobs watch ${id}\` follows it again\n`,
      );
      expect(JSON.parse(run.stdout)).toEqual(
        jasmine.objectContaining({
          type: 'error',
          code: 'connection_lost',
          jobId: id,
          status: 'RUNNING',
          exitCode: 1,
        }),
      );
    } finally {
      serve.child.kill('SIGKILL');
      await serve.exit();
    }
  }, 180_000);
});
