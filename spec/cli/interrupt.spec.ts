/**
 * Ctrl-C while `qjobs run` follows a job, when stdin is a terminal: the question, and what each
 * answer does. Run in-process through `main()` with a terminal-like stdin, SIGINT delivered to
 * the listeners the command installs, against a local runtime.
 */
import { EventEmitter } from 'node:events';
import { main } from '../../src/cli/main.js';
import type { CliInput, CliIo } from '../../src/cli/command.js';
import { transportStats } from '../../src/transport/websocket.js';
import { trackLeaks } from '../helpers/leaks.js';
import type { LeakTracker } from '../helpers/leaks.js';
import { BELL, eventually, startRuntime, tempFiles } from './support.js';
import type { CliRuntime } from './support.js';

/** A stdin that says it is a terminal; `type()` delivers a line. */
class FakeTerminal extends EventEmitter implements CliInput {
  readonly isTTY = true;
  paused = true;
  resume(): void {
    this.paused = false;
  }
  pause(): void {
    this.paused = true;
  }
  type(line: string): void {
    this.emit('data', Buffer.from(`${line}\n`));
  }
}

describe('qjobs run, Ctrl-C on a terminal', () => {
  let rt: CliRuntime | undefined;
  let files: ReturnType<typeof tempFiles>;
  let out = '';
  let err = '';
  let stdin: FakeTerminal;
  let io: CliIo;

  let leaks: LeakTracker;
  let socketsAtStart = 0;

  beforeEach(async () => {
    leaks = trackLeaks();
    socketsAtStart = transportStats().openSockets;
    rt = await startRuntime({ runDelayMs: 20_000 });
    files = tempFiles({ 'bell.qasm': BELL });
    out = '';
    err = '';
    stdin = new FakeTerminal();
    io = {
      stdout: { write: (t: string) => (out += t) },
      stderr: { write: (t: string) => (err += t) },
      stdin,
      env: {},
    };
  });

  afterEach(async () => {
    await rt?.runtime.close();
    rt = undefined;
    files.remove();
    expect(process.listenerCount('SIGINT')).toBe(sigintListeners);
    await leaks.expectNone({
      'websockets open': () => transportStats().openSockets - socketsAtStart,
    });
  });

  let sigintListeners = 0;
  beforeEach(() => {
    sigintListeners = process.listenerCount('SIGINT');
  });

  /** Start `qjobs run` and wait until the job runs; resolves to its id and exit code promise. */
  async function runUntilRunning(): Promise<{ id: string; code: Promise<number> }> {
    const code = main(['run', files.path('bell.qasm'), ...rt!.connection], io);
    await eventually(() => /^job \S+ {2}RUNNING/m.test(out), 10_000, 'RUNNING shown');
    const id = /^job (\S+) submitted/m.exec(out)![1]!;
    return { id, code };
  }

  it('asks, and "y" cancels the remote job (exit 3)', async () => {
    const { id, code } = await runUntilRunning();
    process.emit('SIGINT');
    await eventually(() => err.includes('cancel the remote job too? [y/N] '), 5000, 'question');
    expect(stdin.paused).toBeFalse();
    stdin.type('y');
    expect(await code).toBe(3);
    expect(err).toContain(`cancelled job ${id}`);
    expect(stdin.paused).toBeTrue();
    await eventually(() => rt!.runtime.jobRecord(id)?.status === 'Cancelled', 5000, 'cancelled');
  });

  it('asks, and any other answer stops watching and leaves the job running (exit 130)', async () => {
    const { id, code } = await runUntilRunning();
    process.emit('SIGINT');
    await eventually(() => err.includes('[y/N]'), 5000, 'question');
    stdin.type('');
    expect(await code).toBe(130);
    expect(err).toContain(`stopped watching; job ${id} goes on`);
    expect(rt!.runtime.jobRecord(id)?.status).toBe('Running');
  });

  it('a second Ctrl-C while asking stops watching without cancelling (exit 130)', async () => {
    const { id, code } = await runUntilRunning();
    process.emit('SIGINT');
    await eventually(() => err.includes('[y/N]'), 5000, 'question');
    process.emit('SIGINT');
    expect(await code).toBe(130);
    expect(rt!.runtime.jobRecord(id)?.status).toBe('Running');
  });
});
