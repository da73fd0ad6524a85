import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';
import { parseServeArgs } from '../../src/cli/serve.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function capture(): {
  io: { stdout: { write(t: string): boolean }; stderr: { write(t: string): boolean } };
  out: string[];
  err: string[];
} {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: {
      stdout: { write: (t: string) => out.push(t) > 0 },
      stderr: { write: (t: string) => err.push(t) > 0 },
    },
    out,
    err,
  };
}

describe('qjobs serve', () => {
  it('parses its flags, in both --flag value and --flag=value forms', () => {
    expect(parseServeArgs([])).toEqual({ port: 8787 });
    expect(
      parseServeArgs([
        '--port',
        '0',
        '--host=0.0.0.0',
        '--token',
        'T',
        '--seed',
        '5',
        '--data',
        '/tmp/d',
        '--queue-delay',
        '10',
        '--run-delay=20',
      ]),
    ).toEqual({
      port: 0,
      host: '0.0.0.0',
      token: 'T',
      seed: 5,
      data: '/tmp/d',
      queueDelay: 10,
      runDelay: 20,
    });
  });

  it('parses --backends and --noise', () => {
    expect(parseServeArgs(['--backends', 'local_simulator,ibm_fez', '--noise'])).toEqual({
      port: 8787,
      backends: 'local_simulator,ibm_fez',
      noise: true,
    });
  });

  it('refuses bad flags with one line on stderr and exit code 2', async () => {
    for (const args of [
      ['--port', 'abc'],
      ['--port', '70000'],
      ['--bogus'],
      ['--port'],
      ['stray'],
      ['--seed', '-1'],
    ]) {
      const c = capture();
      expect(await main(['serve', ...args], c.io))
        .withContext(args.join(' '))
        .toBe(2);
      expect(c.err.join('').trim().split('\n').length).toBe(1);
      expect(c.err.join('')).toMatch(/^qjobs serve: /);
      expect(c.out).toEqual([]);
    }
  });

  it('dispatches through the command table: help, unknown commands', async () => {
    const help = capture();
    expect(await main(['help'], help.io)).toBe(0);
    expect(help.out.join('')).toContain('serve');
    const unknown = capture();
    expect(await main(['launch'], unknown.io)).toBe(2);
    expect(unknown.err.join('')).toContain('unknown command "launch"');
    const none = capture();
    expect(await main([], none.io)).toBe(2);
    const usage = capture();
    expect(await main(['serve', '--help'], usage.io)).toBe(0);
    expect(usage.out.join('')).toContain('--queue-delay');
    const proto = capture();
    expect(await main(['__proto__'], proto.io)).toBe(2);
  });

  it('runs in-process until its abort signal, printing url and token lines', async () => {
    const c = capture();
    const controller = new AbortController();
    const done = main(['serve', '--port', '0', '--token', 'cli-token'], {
      ...c.io,
      signal: controller.signal,
    });
    while (c.out.length < 2) await new Promise((r) => setTimeout(r, 10));
    expect(c.out[0]).toMatch(/^url: http:\/\/127\.0\.0\.1:\d+\/api\n$/);
    expect(c.out[1]).toBe('token: cli-token\n');
    const url = c.out[0]!.slice(5).trim();
    const res = await fetch(`${url}/v1/versions`, {
      headers: { Authorization: 'Bearer cli-token' },
    });
    expect(res.status).toBe(200);
    await res.text();
    controller.abort();
    expect(await done).toBe(0);
  });

  it('bin/qjobs.js serve --port 0 serves requests and exits 0 on SIGINT', async () => {
    const child = spawn(
      process.execPath,
      [join(root, 'bin', 'qjobs.js'), 'serve', '--port', '0', '--seed', '3'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) =>
      child.on('exit', (code) => resolve(code)),
    );
    const deadline = Date.now() + 15_000;
    while (!/token: \S+\n/.test(stdout)) {
      if (Date.now() > deadline) throw new Error(`no url/token lines: ${stdout} ${stderr}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    const url = /^url: (\S+)$/m.exec(stdout)![1]!;
    const token = /^token: (\S+)$/m.exec(stdout)![1]!;
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    const res = await fetch(`${url}/v1/backends`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    // By default: the two simulators, then the two devices, in the order clients see them.
    const listed = ((await res.json()) as { devices: { name: string; is_simulator: boolean }[] })
      .devices;
    expect(listed.map((d) => [d.name, d.is_simulator])).toEqual([
      ['local_simulator', true],
      ['ibmq_qasm_simulator', true],
      ['ibm_fez', false],
      ['ibm_sherbrooke', false],
    ]);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(stderr).toContain('stopped (SIGINT)');
  }, 30_000);

  it('bin/qjobs.js exits 2 with one line for a bad flag', async () => {
    const child = spawn(
      process.execPath,
      [join(root, 'bin', 'qjobs.js'), 'serve', '--port', 'nope'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(2);
    expect(stderr).toBe('qjobs serve: --port expects an integer between 0 and 65535, got "nope"\n');
  }, 30_000);
});
