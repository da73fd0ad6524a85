/**
 * Ctrl-C then "cancel" under `npx qjobs`, on a real terminal: a pseudo-terminal made by
 * util-linux `script`, whose input is typed into the terminal, so Ctrl-C goes through the
 * terminal's line discipline exactly as a person's key press does.
 *
 * npm 11 runs `npx qjobs …` as `sh -c qjobs …` in one process group and re-raises on itself a
 * signal its child died of (@npmcli/run-script lib/run-script-pkg.js). qjobs reads Ctrl-C as a
 * key while it waits on its terminal, so neither sh nor npm sees a SIGINT and `npx qjobs`
 * exits with the code of qjobs. Without a terminal the SIGINT reaches the whole group and npm
 * exits 130, as docs/cli.md says.
 */
import { spawn, spawnSync } from 'node:child_process';
import { BELL, ROOT, eventually, startRuntime, tempFiles } from './support.js';
import type { CliRuntime } from './support.js';

/** `script` from util-linux, which can run a command on a new pseudo-terminal. */
const SCRIPT_AVAILABLE =
  process.platform === 'linux' &&
  /util-linux/.test(spawnSync('script', ['--version'], { encoding: 'utf8' }).stdout ?? '');

function quote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The environment of the child: the connection to `rt`, no npm update check. */
function env(rt: CliRuntime): NodeJS.ProcessEnv {
  const clean: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^(QJOBS_|QISKIT_IBM_|npm_)/.test(k)) clean[k] = v;
  }
  return { ...clean, ...rt.env, npm_config_update_notifier: 'false', npm_config_fund: 'false' };
}

interface Terminal {
  output(): string;
  type(keys: string): void;
  exit(): Promise<number | null>;
}

/** Run `command` (a shell command line) on a pseudo-terminal. */
function onTerminal(command: string, rt: CliRuntime): Terminal {
  const child = spawn(
    'script',
    ['--quiet', '--return', '--flush', '--command', command, '/dev/null'],
    {
      cwd: ROOT,
      env: env(rt),
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
  const exited = new Promise<number | null>((resolve) =>
    child.on('close', (code) => resolve(code)),
  );
  return {
    output: () => out,
    type: (keys) => void child.stdin.write(keys),
    exit: async () => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

describe('Ctrl-C on a terminal, under npx and node (real binary)', () => {
  let rt: CliRuntime | undefined;
  let files: ReturnType<typeof tempFiles>;

  beforeEach(async () => {
    if (!SCRIPT_AVAILABLE) {
      pending('needs util-linux script (Linux) to make a pseudo-terminal');
      return;
    }
    rt = await startRuntime({ runDelayMs: 60_000 });
    files = tempFiles({ 'bell.qasm': BELL });
  });

  afterEach(async () => {
    await rt?.runtime.close();
    rt = undefined;
    files?.remove();
  }, 60_000);

  /** Start `launcher qjobs run bell.qasm` on a terminal, press Ctrl-C once it runs, answer. */
  async function interrupt(
    launcher: string,
    answer: string,
  ): Promise<{ code: number | null; id: string; output: string }> {
    const term = onTerminal(`${launcher} run ${quote(files.path('bell.qasm'))}`, rt!);
    await eventually(
      () => /job \S+ {2}RUNNING/.test(term.output()),
      45_000,
      'RUNNING on the terminal',
    );
    const id = /job (\S+) submitted/.exec(term.output())![1]!;
    term.type('\x03');
    await eventually(
      () => term.output().includes('cancel the remote job too? [y/N]'),
      10_000,
      'question',
    );
    term.type(`${answer}\r`);
    const code = await term.exit();
    return { code, id, output: term.output() };
  }

  it('npx qjobs: Ctrl-C then "y" cancels the job and exits 3', async () => {
    const { code, id, output } = await interrupt('npx qjobs', 'y');
    expect(output).toContain(`qjobs run: cancelled job ${id} (Ctrl-C)`);
    expect(code).toBe(3);
    await eventually(() => rt!.runtime.jobRecord(id)?.status === 'Cancelled', 5000, 'cancelled');
  }, 90_000);

  it('npx qjobs: Ctrl-C then "n" leaves the job running and exits 130', async () => {
    const { code, id, output } = await interrupt('npx qjobs', 'n');
    expect(output).toContain(`stopped watching; job ${id} goes on`);
    expect(code).toBe(130);
    expect(rt!.runtime.jobRecord(id)?.status).toBe('Running');
  }, 90_000);

  it('node bin/qjobs.js: Ctrl-C then "yes" cancels the job and exits 3', async () => {
    const { code, id } = await interrupt(`${quote(process.execPath)} bin/qjobs.js`, 'yes');
    expect(code).toBe(3);
    await eventually(() => rt!.runtime.jobRecord(id)?.status === 'Cancelled', 5000, 'cancelled');
  }, 90_000);

  it('npx qjobs without a terminal: a SIGINT to the process group ends npx with 130, as documented', async () => {
    // What a Ctrl-C does where qjobs cannot read keys: every process of the group gets SIGINT.
    const child = spawn('npx', ['qjobs', 'run', files.path('bell.qasm'), '--cancel-on-interrupt'], {
      cwd: ROOT,
      env: env(rt!),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    const exited = new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
      child.on('close', (code, signal) => resolve([code, signal])),
    );
    await eventually(() => /job \S+ {2}RUNNING/.test(out), 45_000, 'RUNNING');
    const id = /job (\S+) submitted/.exec(out)![1]!;
    process.kill(-child.pid!, 'SIGINT');
    const [code, signal] = await exited;
    expect(code === 130 || signal === 'SIGINT')
      .withContext(`code ${code}, signal ${signal}`)
      .toBeTrue();
    // qjobs itself still did what was asked: the job is cancelled.
    await eventually(() => rt!.runtime.jobRecord(id)?.status === 'Cancelled', 10_000, 'cancelled');
  }, 90_000);
});
