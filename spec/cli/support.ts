/**
 * Running the real `qjobs` binary (`bin/qjobs.js`) in a child process against a local runtime
 * started in the spec, and small helpers around it (temporary QASM files, waiting for output).
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLocalRuntime } from '../../src/local/index.js';
import type { LocalQueueOptions, LocalRuntime } from '../../src/local/index.js';

/** Root of the repository. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The launcher the package installs as `qjobs`. */
export const BIN = join(ROOT, 'bin', 'qjobs.js');

/** The Bell circuit of "Run a job", in OpenQASM 3. */
export const BELL = `OPENQASM 3.0;
include "stdgates.inc";
qubit[2] q;
bit[2] meas;
h q[0];
cx q[0], q[1];
meas = measure q;
`;

/**
 * A Bell pair already ISA for ibm_fez (h = rz·sx·rz, cx = h·cz·h, on its coupled qubits 0 and
 * 1), not for ibm_sherbrooke (ecr).
 */
export const FEZ_ISA_BELL = `OPENQASM 3.0;
include "stdgates.inc";
bit[2] meas;
rz(pi/2) $0;
sx $0;
rz(pi/2) $0;
rz(pi/2) $1;
sx $1;
rz(pi/2) $1;
cz $0, $1;
rz(pi/2) $1;
sx $1;
rz(pi/2) $1;
meas[0] = measure $0;
meas[1] = measure $1;
`;

/** What a finished `qjobs` process left behind. */
export interface CliRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A running `qjobs` process. */
export interface CliProcess {
  readonly child: ChildProcess;
  /** Everything written to stdout so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves when some output (stdout or stderr) matches `pattern`; rejects after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Resolves when the process exits; kills it and rejects after `timeoutMs`. */
  exit(timeoutMs?: number): Promise<CliRun>;
}

/** The built CLI, what an installed package runs (`npm test` builds it before the specs). */
const BUILT = join(ROOT, 'dist', 'cli', 'main.js');

/** The newest modification time of any file under `dir`. */
function newestUnder(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestUnder(path));
    else if (entry.isFile()) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * How the specs run `qjobs`: `'built'` when `dist/cli/main.js` is newer than every source file
 * (as in `npm test`, which builds first): each command is the real binary in a child process,
 * running the build as an installed package does; otherwise `'source'`: {@link runCli} calls
 * the CLI's `main` in this process and {@link startCli} runs the binary on the TypeScript
 * sources, so a spec run while editing never tests a stale build.
 */
export const CLI_MODE: 'built' | 'source' = (() => {
  try {
    return statSync(BUILT).mtimeMs >= newestUnder(join(ROOT, 'src')) ? 'built' : 'source';
  } catch {
    return 'source';
  }
})();

/** The environment of a child: the parent's without any connection variable, plus `env`. */
function childEnv(env: Readonly<Record<string, string>>): NodeJS.ProcessEnv {
  const clean: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(QJOBS_|QISKIT_IBM_|IAM_URL$)/.test(k)) continue;
    clean[k] = v;
  }
  return { ...clean, ...env };
}

/** Start `qjobs <args>` (or `node <script>` with `script`) in a child process. */
export function startCli(
  args: readonly string[],
  options: { env?: Readonly<Record<string, string>>; script?: readonly string[] } = {},
): CliProcess {
  const argv = options.script ?? [BIN];
  const built: Record<string, string> =
    options.script === undefined && CLI_MODE === 'built' ? { QJOBS_USE_DIST: '1' } : {};
  const child = spawn(process.execPath, [...argv, ...args], {
    cwd: ROOT,
    env: childEnv({ ...built, ...options.env }),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const waiters = new Set<() => void>();
  const check = (): void => {
    for (const w of [...waiters]) w();
  };
  child.stdout!.setEncoding('utf8').on('data', (d: string) => {
    out += d;
    check();
  });
  child.stderr!.setEncoding('utf8').on('data', (d: string) => {
    err += d;
    check();
  });
  const exited = new Promise<CliRun>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout: out, stderr: err }));
  });
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    waitFor(pattern, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(test);
          reject(new Error(`no output matched ${pattern} within ${timeoutMs} ms:\n${out}\n${err}`));
        }, timeoutMs);
        const test = (): void => {
          const m = pattern.exec(out) ?? pattern.exec(err);
          if (m) {
            clearTimeout(timer);
            waiters.delete(test);
            resolve(m);
          }
        };
        waiters.add(test);
        test();
      });
    },
    async exit(timeoutMs = 60_000) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          child.kill('SIGKILL');
          reject(new Error(`qjobs did not exit within ${timeoutMs} ms:\n${out}\n${err}`));
        }, timeoutMs);
      });
      try {
        return await Promise.race([exited, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/**
 * Run `qjobs <args>` to the end: the real binary in a child process when the build is current
 * ({@link CLI_MODE} `'built'`), else `main` of the CLI in this process with captured output, the
 * child's environment (no connection variable of the parent, plus `env`) and an empty standard
 * input, which prints and returns what the binary would at a fraction of the cost of starting
 * tsx for each command.
 */
export async function runCli(
  args: readonly string[],
  options: { env?: Readonly<Record<string, string>>; timeoutMs?: number } = {},
): Promise<CliRun> {
  if (CLI_MODE === 'built') {
    return startCli(args, options.env !== undefined ? { env: options.env } : {}).exit(
      options.timeoutMs,
    );
  }
  let stdout = '';
  let stderr = '';
  const stop = new AbortController();
  const timeoutMs = options.timeoutMs ?? 60_000;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      stop.abort();
      reject(
        new Error(
          `qjobs ${args.join(' ')} did not end within ${timeoutMs} ms:\n${stdout}\n${stderr}`,
        ),
      );
    }, timeoutMs);
  });
  const stdin = {
    isTTY: false,
    on: () => stdin,
    off: () => stdin,
  };
  const { main } = await import('../../src/cli/main.js');
  try {
    const code = await Promise.race([
      main(args, {
        stdout: { write: (t: string) => (stdout += t) },
        stderr: { write: (t: string) => (stderr += t) },
        stdin,
        readStdin: () => Promise.resolve(''),
        env: childEnv(options.env ?? {}),
        signal: stop.signal,
      }),
      timeout,
    ]);
    return { code, signal: null, stdout, stderr };
  } finally {
    clearTimeout(timer);
  }
}

/** A local runtime for CLI specs, with the flags that point `qjobs` at it. */
export interface CliRuntime {
  readonly runtime: LocalRuntime;
  /** `['--url', url, '--token', token]`. */
  readonly connection: readonly string[];
  /** `QJOBS_URL` and `QJOBS_TOKEN` for it. */
  readonly env: Readonly<Record<string, string>>;
}

/**
 * Start a local runtime on a free port with the given queue behaviour, offering `backends`
 * (by default the runtime's own: two simulators, then ibm_fez and ibm_sherbrooke).
 */
export async function startRuntime(
  queue: LocalQueueOptions = {},
  backends?: readonly string[],
): Promise<CliRuntime> {
  const runtime = await startLocalRuntime({
    port: 0,
    seed: 7,
    queue,
    ...(backends !== undefined ? { backends } : {}),
  });
  return {
    runtime,
    connection: ['--url', runtime.url, '--token', runtime.token],
    env: { QJOBS_URL: runtime.url, QJOBS_TOKEN: runtime.token },
  };
}

/**
 * Create a Bell sampler job on a simulator straight through the runtime's HTTP API; resolves
 * to its id.
 */
export async function createBellJob(
  rt: CliRuntime,
  shots = 64,
  backend = 'ibmq_qasm_simulator',
): Promise<string> {
  const res = await fetch(`${rt.runtime.url}/v1/jobs`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${rt.runtime.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      program_id: 'sampler',
      backend,
      params: { pubs: [[BELL, null, shots]], version: 2 },
    }),
  });
  const body = (await res.json()) as { id?: unknown };
  if (res.status !== 200 || typeof body.id !== 'string') {
    throw new Error(`job creation answered ${res.status}: ${JSON.stringify(body)}`);
  }
  return body.id;
}

/** Cancel job `id` straight through the runtime's HTTP API (a final job is left as it is). */
export async function cancelJob(rt: CliRuntime, id: string): Promise<void> {
  const res = await fetch(`${rt.runtime.url}/v1/jobs/${id}/cancel`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${rt.runtime.token}` },
  });
  await res.text();
}

/**
 * Keep the queue busy so that jobs created next stay QUEUED until `release()`: `count` Bell
 * jobs are created first on `backends` in turn (each running for the runtime's run delay, one
 * after the other), which also makes those backends busier than the others;
 * `release()` cancels every one of them that is not final, and the queue moves on at once.
 * A spec that must see a job QUEUED does not then depend on how fast the binary starts.
 */
export async function holdQueue(
  rt: CliRuntime,
  count = 40,
  backends: readonly string[] = ['ibmq_qasm_simulator'],
): Promise<{ release(): Promise<void> }> {
  const blockers: string[] = [];
  for (let i = 0; i < count; i++) {
    blockers.push(await createBellJob(rt, 8, backends[i % backends.length]));
  }
  return {
    async release() {
      // Queued ones first, so none of them starts while the running one is cancelled.
      for (const id of [...blockers].reverse()) await cancelJob(rt, id);
    },
  };
}

/** A temporary directory with files written into it; `remove()` deletes it. */
export function tempFiles(files: Readonly<Record<string, string>>): {
  path(name: string): string;
  remove(): void;
} {
  const dir = mkdtempSync(join(tmpdir(), 'qjobs-spec-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return {
    path: (name) => join(dir, name),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Poll `check` every 20 ms until it returns true; rejects after `timeoutMs`. */
export async function eventually(
  check: () => boolean,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
