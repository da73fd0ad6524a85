/**
 * `--json` on every error path, with the real binary: whatever fails (a flag, a connection
 * setting, the service, the job, Ctrl-C), stdout holds exactly one JSON document
 * `{"type": "error", "code", "message", …, "exitCode"}` whose exit code is the process's, and
 * stderr holds the same failure as a line in the CLI's words saying what to do next.
 */
import {
  BELL,
  cancelJob,
  createBellJob,
  eventually,
  holdQueue,
  runCli,
  startCli,
  startRuntime,
  tempFiles,
} from './support.js';
import type { CliRun, CliRuntime } from './support.js';

/** The one JSON document on stdout. */
function onlyDocument(run: CliRun, what: string): Record<string, unknown> {
  const lines = run.stdout.split('\n').filter((l) => l !== '');
  expect(lines.length).withContext(`${what}: JSON documents on stdout`).toBe(1);
  return JSON.parse(lines[0] ?? 'null') as Record<string, unknown>;
}

interface ErrorCase {
  readonly args: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  readonly code: string;
  readonly exit: number;
  /** What the stderr line must say (the CLI's words). */
  readonly says?: RegExp;
  /** More fields the document must carry. */
  readonly fields?: Readonly<Record<string, unknown>>;
}

/** Run every case (two binaries at a time) and check its document and its line. */
async function expectErrors(cases: readonly ErrorCase[]): Promise<void> {
  for (let i = 0; i < cases.length; i += 2) {
    const batch = cases.slice(i, i + 2);
    const runs = await Promise.all(batch.map((c) => runCli(c.args, c.env ? { env: c.env } : {})));
    batch.forEach((c, k) => {
      const run = runs[k]!;
      const what = `qjobs ${c.args.join(' ')} ${JSON.stringify(c.env ?? {})}`;
      expect(run.code).withContext(what).toBe(c.exit);
      const doc = onlyDocument(run, what);
      expect(doc['type']).withContext(what).toBe('error');
      expect(doc['code']).withContext(what).toBe(c.code);
      expect(doc['exitCode']).withContext(what).toBe(c.exit);
      expect(typeof doc['message'])
        .withContext(what)
        .toBe('string');
      if (c.fields) expect(doc).withContext(what).toEqual(jasmine.objectContaining(c.fields));
      expect(run.stderr)
        .withContext(what)
        .toMatch(/^qjobs( \w+)?: /);
      if (c.says) expect(run.stderr).withContext(what).toMatch(c.says);
      expect(run.stderr)
        .withContext(what)
        .not.toMatch(/serviceCrn|apiKey|allowInsecureHttp|RuntimeService/);
    });
  }
}

describe('qjobs --json on every error path (real binary)', () => {
  let rt: CliRuntime;
  let files: ReturnType<typeof tempFiles>;
  let done: string;
  let cancelled: string;

  beforeAll(async () => {
    rt = await startRuntime({ runDelayMs: 1000 });
    files = tempFiles({
      'bell.qasm': BELL,
      'bad.qasm': 'OPENQASM 3.0;\nqubit[1] q;\nnope q[0];\n',
    });
    done = await createBellJob(rt);
    await eventually(() => rt.runtime.jobRecord(done)?.status === 'Completed', 30_000, 'done');
    const queue = await holdQueue(rt, 3);
    cancelled = await createBellJob(rt);
    await cancelJob(rt, cancelled);
    await queue.release();
    await eventually(
      () => rt.runtime.jobRecord(cancelled)?.status === 'Cancelled',
      10_000,
      'cancelled',
    );
  }, 120_000);

  afterAll(async () => {
    await rt.runtime.close();
    files.remove();
  });

  it('command lines that cannot be used: exit 2', async () => {
    const bell = files.path('bell.qasm');
    await expectErrors([
      { args: ['run', bell, '--shots', 'x', '--json'], code: 'usage', exit: 2 },
      {
        args: ['run', files.path('missing.qasm'), '--json'],
        code: 'usage',
        exit: 2,
        says: /cannot read .*missing\.qasm: no such file/,
      },
      { args: ['watch', '--json'], code: 'usage', exit: 2, says: /missing job ID/ },
      { args: ['result', '--json'], code: 'usage', exit: 2 },
      { args: ['logs', '--json', '--bogus'], code: 'usage', exit: 2 },
      { args: ['cancel', '--json'], code: 'usage', exit: 2 },
      {
        args: ['list', '--limit', '0', '--json'],
        code: 'usage',
        exit: 2,
        says: /--limit expects an integer between 1 and 10000, got "0"/,
      },
      {
        args: ['list', '--status', 'DONN', '--json'],
        code: 'usage',
        exit: 2,
        says: /did you mean DONE\?/,
      },
      { args: ['serve', '--port', 'x', '--json'], code: 'usage', exit: 2 },
      { args: ['frob', '--json'], code: 'unknown_command', exit: 2 },
      { args: ['--json'], code: 'usage', exit: 2, says: /^qjobs: missing command/ },
    ]);
  }, 180_000);

  it('connection settings: which variable is missing or wrong, and what to do', async () => {
    const token = rt.runtime.token;
    await expectErrors([
      {
        args: ['list', '--json'],
        env: {},
        code: 'config',
        exit: 2,
        says: /start one with `qjobs serve` and set QJOBS_URL and QJOBS_TOKEN/,
      },
      {
        args: ['list', '--json'],
        env: { QJOBS_URL: rt.runtime.url },
        code: 'config',
        exit: 2,
        says: /no token for the local runtime at .*: set QJOBS_TOKEN/,
      },
      {
        args: ['list', '--json'],
        env: { QJOBS_URL: 'http://quantum.example.com/api', QJOBS_TOKEN: token },
        code: 'config',
        exit: 2,
        says: /QJOBS_URL uses unencrypted http:\/\/ .*QJOBS_ALLOW_INSECURE_HTTP=true/,
      },
      {
        args: ['list', '--json'],
        env: { ...rt.env, QJOBS_ALLOW_INSECURE_HTTP: 'maybe' },
        code: 'config',
        exit: 2,
        says: /QJOBS_ALLOW_INSECURE_HTTP must be true or false, got "maybe"/,
      },
      {
        args: ['list', '--json'],
        env: { QJOBS_URL: 'http://127.0.0.1:9/api', QJOBS_TOKEN: token },
        code: 'connection',
        exit: 1,
        says: /cannot connect to http:\/\/127\.0\.0\.1:9\/api \(connection refused\): is `qjobs serve` running\?/,
      },
      {
        args: ['list', '--json'],
        env: { QJOBS_URL: rt.runtime.url, QJOBS_TOKEN: 'not-the-token' },
        code: 'unauthorized',
        exit: 1,
        says: /refused the token .*: check QJOBS_TOKEN/,
        fields: { httpStatus: 401 },
      },
    ]);
  }, 180_000);

  it('unknown and final jobs: result, cancel, logs and watch', async () => {
    const c = rt.connection;
    await expectErrors([
      {
        args: ['result', 'nosuchjob0000000000', '--json', ...c],
        code: 'not_found',
        exit: 1,
        fields: { jobId: 'nosuchjob0000000000' },
      },
      { args: ['cancel', 'nosuchjob0000000000', '--json', ...c], code: 'not_found', exit: 1 },
      { args: ['logs', 'nosuchjob0000000000', '--json', ...c], code: 'not_found', exit: 1 },
      { args: ['watch', 'nosuchjob0000000000', '--json', ...c], code: 'not_found', exit: 1 },
      {
        args: ['cancel', done, '--json', ...c],
        code: 'invalid_state',
        exit: 1,
        says: /is already DONE: there is nothing to cancel/,
        fields: { jobId: done, status: 'DONE' },
      },
      {
        args: ['result', cancelled, '--json', ...c],
        code: 'job_cancelled',
        exit: 3,
        fields: { jobId: cancelled, status: 'CANCELLED' },
      },
      {
        args: ['list', '--program', 'samplr', '--json', ...c],
        code: 'unknown_program',
        exit: 2,
        says: /did you mean sampler\?/,
      },
      {
        args: ['run', files.path('bad.qasm'), '--json', ...c],
        code: 'qasm',
        exit: 1,
        fields: { status: 'NOT_SUBMITTED' },
      },
      {
        args: ['run', files.path('bell.qasm'), '--backend', 'nope', '--json', ...c],
        code: 'not_found',
        exit: 1,
        says: /no backend nope/,
      },
    ]);
    // The successes of the same commands on a final job are documents too.
    const logs = await runCli(['logs', done, '--json', ...c]);
    expect(logs.code).toBe(0);
    expect(onlyDocument(logs, 'logs')).toEqual(
      jasmine.objectContaining({ type: 'logs', jobId: done }),
    );
  }, 180_000);

  it('a job that does not finish in time (exit 4) and Ctrl-C without a terminal (exit 130)', async () => {
    const queue = await holdQueue(rt, 40);
    try {
      const slow = await runCli([
        'run',
        files.path('bell.qasm'),
        '--timeout',
        '1',
        '--json',
        ...rt.connection,
      ]);
      expect(slow.code).toBe(4);
      const doc = onlyDocument(slow, 'timeout');
      expect(doc).toEqual(
        jasmine.objectContaining({
          type: 'error',
          code: 'timeout',
          status: 'TIMEOUT',
          exitCode: 4,
        }),
      );
      expect(slow.stderr).toMatch(
        /is still QUEUED after 1 s \(--timeout\): it goes on: `qjobs watch \S+` follows it/,
      );

      const cli = startCli(['run', files.path('bell.qasm'), '--json', ...rt.connection]);
      await cli.waitFor(/job \S+ {2}QUEUED/, 60_000);
      cli.child.kill('SIGINT');
      const stopped = await cli.exit();
      expect(stopped.code).toBe(130);
      expect(onlyDocument(stopped, 'Ctrl-C')).toEqual(
        jasmine.objectContaining({ type: 'error', code: 'interrupted', exitCode: 130 }),
      );
    } finally {
      await queue.release();
    }
  }, 180_000);
});
