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
        /^qjobs run: --program estimator needs --observables$/,
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
      [['run'], /^qjobs run: missing FILE\.qasm$/],
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
      [['result', 'j1', '--wait'], /^qjobs result: unknown flag "--wait"$/],
      [['frobnicate'], /^qjobs: unknown command "frobnicate" \(try 'qjobs help'\)$/],
      [['help', 'frobnicate'], /^qjobs: unknown command "frobnicate"/],
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

  it('exit 2 with a ConfigError line for unusable connection settings, never showing a credential', async () => {
    const bell = files.path('bell.qasm');
    const cases: [string[], Record<string, string>, RegExp][] = [
      [
        ['run', bell, '--url', 'http://127.0.0.1:9/api'],
        {},
        /^qjobs run: ConfigError: RuntimeService has no credentials/,
      ],
      [
        ['list', '--url', 'http://quantum.example.com/api', '--token', 'sekrit-token-1'],
        {},
        /^qjobs list: ConfigError: .*http/,
      ],
      [
        ['list', '--token', 'sekrit-token-1', '--api-key', 'sekrit-key-2'],
        {},
        /^qjobs list: ConfigError: give either token/,
      ],
      [
        ['list'],
        { QJOBS_API_KEY: 'sekrit-key-2' },
        /^qjobs list: ConfigError: an apiKey is an IBM Cloud credential/,
      ],
      [
        ['list'],
        { QJOBS_TOKEN: 'sekrit-token-1', QJOBS_ALLOW_INSECURE_HTTP: 'maybe' },
        /^qjobs list: ConfigError: QJOBS_ALLOW_INSECURE_HTTP must be true or false/,
      ],
      [
        ['watch', 'j1', '--instance', 'not-a-crn', '--api-key', 'sekrit-key-2'],
        {},
        /^qjobs watch: ConfigError: serviceCrn must be an instance CRN/,
      ],
    ];
    for (const [args, env, pattern] of cases) {
      const c = capture(env);
      const code = await main(args, c.io);
      const what = `${args.join(' ')} ${JSON.stringify(env)}`;
      expect(code).withContext(what).toBe(2);
      expect(c.err().trimEnd().split('\n').length).withContext(what).toBe(1);
      expect(c.err()).withContext(what).toMatch(pattern);
      expect(c.err()).not.toContain('sekrit');
    }
  });

  it('prints help and a command usage on stdout with exit 0', async () => {
    const c = capture();
    expect(await main(['help'], c.io)).toBe(0);
    for (const name of ['run', 'watch', 'list', 'cancel', 'logs', 'result', 'serve']) {
      expect(c.out()).toMatch(new RegExp(`^  ${name}\\s+\\S`, 'm'));
    }
    expect(c.out()).toContain('exit codes: 0 done, 1 failed, 2 usage, 3 cancelled, 4 timeout');
    const u = capture();
    expect(await main(['run', '--help'], u.io)).toBe(0);
    expect(u.out()).toMatch(/^usage: qjobs run FILE\.qasm/);
    const none = capture();
    expect(await main([], none.io)).toBe(2);
    expect(none.err()).toMatch(/^usage: qjobs <command>/);
  });
});
