/**
 * Command lines `qjobs` cannot use, checked in-process through `main()`: every one exits 2
 * with exactly one line on stderr naming the flag, argument or file, and nothing on stdout.
 */
import { main } from '../../src/cli/main.js';
import type { CliIo } from '../../src/cli/command.js';
import { BELL, tempFiles } from './support.js';

interface Captured {
  readonly io: CliIo;
  readonly out: () => string;
  readonly err: () => string;
}

function capture(env: Record<string, string> = {}): Captured {
  let out = '';
  let err = '';
  return {
    io: {
      stdout: { write: (t: string) => (out += t) },
      stderr: { write: (t: string) => (err += t) },
      env,
    },
    out: () => out,
    err: () => err,
  };
}

describe('qjobs command lines that cannot be used', () => {
  let files: ReturnType<typeof tempFiles>;

  beforeEach(() => {
    files = tempFiles({ 'bell.qasm': BELL, 'empty.qasm': ' \n' });
  });

  afterEach(() => files.remove());

  it('exit 2 with one line naming the problem', async () => {
    const bell = files.path('bell.qasm');
    const cases: [string[], RegExp][] = [
      [['run', bell, '--shots'], /^qjobs run: --shots needs a value$/],
      [
        ['run', bell, '--shots', '0'],
        /^qjobs run: --shots expects an integer between 1 and 10000000, got "0"$/,
      ],
      [['run', bell, '--shots', '1.5'], /^qjobs run: --shots expects an integer/],
      [
        ['run', bell, '--program', 'runner'],
        /^qjobs run: --program expects one of sampler, estimator, got "runner"$/,
      ],
      [
        ['run', bell, '--program', 'estimator'],
        /^qjobs run: --program estimator needs --observables: give the observables, such as --observables ZZ,XX$/,
      ],
      [
        ['run', bell, '--program', 'sampler', '--observables', 'ZZ'],
        /^qjobs run: --observables is for --program estimator$/,
      ],
      [['run', bell, '--observables', 'ZQ'], /^qjobs run: --observables: .*Pauli/],
      [['run', bell, '--observables', '{"ZZ": }'], /^qjobs run: --observables is not valid JSON/],
      [
        ['run', bell, '--timeout', 'soon'],
        /^qjobs run: --timeout expects a number of seconds greater than 0, got "soon"$/,
      ],
      [
        ['run', bell, '--detach', '--timeout', '3'],
        /^qjobs run: --timeout has no effect with --detach$/,
      ],
      [['run', bell, '--json=1'], /^qjobs run: --json takes no value$/],
      [
        ['run', bell, '--backend', 'a', '--backend', 'b'],
        /^qjobs run: --backend is given more than once$/,
      ],
      [['run'], /^qjobs run: missing FILE\.qasm \(or - for standard input\)$/],
      [['run', bell, 'extra.qasm'], /^qjobs run: unexpected argument "extra\.qasm"$/],
      [['run', files.path('empty.qasm')], /^qjobs run: .*empty\.qasm is empty$/],
      [['run', files.path('.')], /^qjobs run: cannot read .*: it is a directory$/],
      [['watch'], /^qjobs watch: missing job ID$/],
      [['watch', 'j1', '--timeout', '0'], /^qjobs watch: --timeout expects a number of seconds/],
      [['list', 'extra'], /^qjobs list: unexpected argument "extra"$/],
      [
        ['list', '--limit', 'x'],
        /^qjobs list: --limit expects an integer between 1 and 10000, got "x"$/,
      ],
      [['list', '--tag'], /^qjobs list: --tag needs a value$/],
      [['cancel'], /^qjobs cancel: missing job ID$/],
      [['cancel', 'a', 'b'], /^qjobs cancel: unexpected argument "b"$/],
      [['logs', '--url'], /^qjobs logs: --url needs a value$/],
      [
        ['result', 'j1', '--wait'],
        /^qjobs result: unknown flag "--wait": see the flags with --help$/,
      ],
      [['frobnicate'], /^qjobs: unknown command "frobnicate": qjobs --help lists the commands$/],
      [['lsit'], /^qjobs: unknown command "lsit" \(did you mean list\?\)/],
      [['--bogus', 'list'], /^qjobs: unknown flag "--bogus": usage: qjobs <command> \[flags\]/],
      [['help', 'frobnicate'], /^qjobs: unknown command "frobnicate"/],
      [
        ['run', bell, '--shotz', '3'],
        /^qjobs run: unknown flag "--shotz" \(did you mean --shots\?\)/,
      ],
      [['run', bell, '--precision', '0.1'], /^qjobs run: --precision is for the Estimator/],
      [
        ['run', bell, '--observables', 'ZZ', '--shots', '9', '--precision', '0.1'],
        /^qjobs run: --shots and --precision both set the precision of the Estimator/,
      ],
      [
        ['list', '--status', 'DONN'],
        /^qjobs list: --status expects one of .* \(did you mean DONE\?\)$/,
      ],
      [['list', '--offset', '-1'], /^qjobs list: --offset expects an integer >= 0, got "-1"$/],
      [
        ['list', '--pending', '--status', 'DONE'],
        /^qjobs list: --pending lists queued and running jobs/,
      ],
    ];
    for (const [args, pattern] of cases) {
      const c = capture();
      const code = await main(args, c.io);
      const what = args.join(' ');
      expect(code).withContext(what).toBe(2);
      expect(c.out()).withContext(what).toBe('');
      expect(c.err().endsWith('\n')).withContext(what).toBeTrue();
      expect(c.err().trimEnd().split('\n').length).withContext(what).toBe(1);
      expect(c.err().trimEnd()).withContext(what).toMatch(pattern);
    }
  });

  it('exit 2 naming the flag or variable to fix, in the CLI words, never showing a credential', async () => {
    const bell = files.path('bell.qasm');
    const cases: [string[], Record<string, string>, RegExp][] = [
      [
        ['run', bell, '--url', 'http://127.0.0.1:9/api'],
        {},
        /^qjobs run: no token for the local runtime at http:\/\/127\.0\.0\.1:9\/api: set QJOBS_TOKEN to the token `qjobs serve` printed, or pass --token$/,
      ],
      [
        ['list'],
        {},
        /^qjobs list: no service configured: .*start one with `qjobs serve` and set QJOBS_URL and QJOBS_TOKEN/,
      ],
      [
        ['list', '--url', 'http://quantum.example.com/api', '--token', 'sekrit-token-1'],
        {},
        /^qjobs list: --url uses unencrypted http:\/\/ to quantum\.example\.com.*set QJOBS_ALLOW_INSECURE_HTTP=true if the network is trusted$/,
      ],
      [
        ['list'],
        { QJOBS_URL: 'http://quantum.example.com/api', QJOBS_TOKEN: 'sekrit-token-1' },
        /^qjobs list: QJOBS_URL uses unencrypted http:\/\//,
      ],
      [
        ['list', '--token', 'sekrit-token-1', '--api-key', 'sekrit-key-2'],
        {},
        /^qjobs list: --token and --api-key are both given: give one of them/,
      ],
      [
        ['list'],
        { QJOBS_API_KEY: 'sekrit-key-2' },
        /^qjobs list: an IBM Cloud API key \(QJOBS_API_KEY\) needs the instance it belongs to: set QISKIT_IBM_INSTANCE/,
      ],
      [
        ['list'],
        { QISKIT_IBM_TOKEN: 'sekrit-key-2' },
        /^qjobs list: an IBM Cloud API key \(QISKIT_IBM_TOKEN\) needs the instance/,
      ],
      [
        ['list'],
        { QJOBS_TOKEN: 'sekrit-token-1', QJOBS_ALLOW_INSECURE_HTTP: 'maybe' },
        /^qjobs list: QJOBS_ALLOW_INSECURE_HTTP must be true or false, got "maybe": set it to true or false$/,
      ],
      [
        ['watch', 'j1', '--instance', 'not-a-crn', '--api-key', 'sekrit-key-2'],
        {},
        /^qjobs watch: --instance is not an instance CRN: "not-a-crn"/,
      ],
      [
        ['list'],
        { QISKIT_IBM_TOKEN: 'sekrit-key-2', QISKIT_IBM_INSTANCE: 'crn:nope' },
        /^qjobs list: QISKIT_IBM_INSTANCE is not an instance CRN/,
      ],
      [
        ['list', '--url', 'https://eu-de.quantum.cloud.ibm.com/api', '--api-key', 'sekrit-key-2'],
        {},
        /^qjobs list: --url is IBM Quantum Platform, which refuses every request without the instance CRN: set QISKIT_IBM_INSTANCE \(or pass --instance\)/,
      ],
      [
        ['list'],
        { QISKIT_IBM_TOKEN: 'sekrit-key-2', QISKIT_IBM_URL: 'https://quantum.cloud.ibm.com/api' },
        /^qjobs list: QISKIT_IBM_URL is IBM Quantum Platform/,
      ],
      [
        ['list'],
        { QISKIT_IBM_TOKEN: 'sekrit-key-2', QISKIT_IBM_CHANNEL: 'ibm_quantum' },
        /^qjobs list: QISKIT_IBM_CHANNEL must be one of .*retired on 1 July 2025.*: set it to ibm_quantum_platform, or leave it unset$/,
      ],
      [
        ['list', '--url', 'ftp://127.0.0.1/api', '--token', 'sekrit-token-1'],
        {},
        /^qjobs list: --url must start with http:\/\/ or https:\/\//,
      ],
    ];
    // Names of the library's options that must never reach a CLI message.
    const libraryWords = /serviceCrn|apiKey|allowInsecureHttp|RuntimeService|iamUrl/;
    for (const [args, env, pattern] of cases) {
      const c = capture(env);
      const code = await main(args, c.io);
      const what = `${args.join(' ')} ${JSON.stringify(env)}`;
      expect(code).withContext(what).toBe(2);
      expect(c.err().trimEnd().split('\n').length).withContext(what).toBe(1);
      expect(c.err().trimEnd()).withContext(what).toMatch(pattern);
      expect(c.err()).withContext(what).not.toMatch(libraryWords);
      expect(c.err()).not.toContain('sekrit');
    }
  });

  it('prints help and a command help on stdout with exit 0', async () => {
    const c = capture();
    expect(await main(['help'], c.io)).toBe(0);
    for (const name of ['run', 'watch', 'list', 'cancel', 'logs', 'result', 'serve']) {
      expect(c.out()).toMatch(new RegExp(`^  ${name}\\s+\\S`, 'm'));
    }
    expect(c.out()).toContain('exit codes: 0 done, 1 failed, 2 usage, 3 cancelled, 4 timeout');
    const u = capture();
    expect(await main(['run', '--help'], u.io)).toBe(0);
    expect(u.out()).toMatch(/^usage: qjobs run FILE\.qasm\|- \[flags\]$/m);
    const none = capture();
    expect(await main([], none.io)).toBe(2);
    expect(none.err()).toMatch(/^usage: qjobs <command> \[flags\]$/m);
  });
});
