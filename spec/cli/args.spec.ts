import { parseArgs, wantsHelp, wantsJson } from '../../src/cli/args.js';
import type { FlagDef } from '../../src/cli/args.js';
import { CliUsageError } from '../../src/cli/usage-error.js';

const FLAGS: FlagDef[] = [
  { name: 'shots', kind: 'int', min: 1, max: 100, help: 'shots' },
  { name: 'json', kind: 'boolean', help: 'json' },
  { name: 'program', kind: 'string', choices: ['sampler', 'estimator'], help: 'program' },
  { name: 'timeout', kind: 'seconds', help: 'timeout' },
  { name: 'precision', kind: 'positive', help: 'precision' },
  { name: 'tag', kind: 'list', help: 'tags' },
  { name: 'backend', kind: 'string', help: 'backend' },
];
const ONE_FILE = { name: 'FILE.qasm', min: 1 };

function usageError(args: string[], positional = ONE_FILE): string {
  try {
    parseArgs(args, FLAGS, positional);
  } catch (e) {
    expect(e).toBeInstanceOf(CliUsageError);
    return (e as Error).message;
  }
  throw new Error(`parseArgs(${JSON.stringify(args)}) did not throw`);
}

describe('cli parseArgs', () => {
  it('reads flags in both spellings, booleans, lists and positionals', () => {
    const p = parseArgs(
      ['bell.qasm', '--shots', '10', '--json', '--program=estimator', '--tag', 'a,b', '--tag=c'],
      FLAGS,
      ONE_FILE,
    );
    expect(p.positionals).toEqual(['bell.qasm']);
    expect(p.flags).toEqual({
      shots: 10,
      json: true,
      program: 'estimator',
      tag: ['a', 'b', 'c'],
    });
  });

  it('reads fractional seconds and treats arguments after -- as positional', () => {
    const p = parseArgs(['--timeout', '0.5', '--', '--json'], FLAGS, ONE_FILE);
    expect(p.flags['timeout']).toBe(0.5);
    expect(p.positionals).toEqual(['--json']);
    expect(parseArgs(['-', '--precision', '1e-3'], FLAGS, ONE_FILE).flags['precision']).toBe(0.001);
    expect(parseArgs(['-'], FLAGS, ONE_FILE).positionals).toEqual(['-']);
  });

  it('sees --json and --help in command lines that do not parse, but not after --', () => {
    expect(wantsJson(['--shots', 'x', '--json'])).toBeTrue();
    expect(wantsJson(['--', '--json'])).toBeFalse();
    expect(wantsHelp(['--bogus', '-h'])).toBeTrue();
    expect(wantsHelp(['--', '--help'])).toBeFalse();
  });

  it('names the flag that is wrong', () => {
    expect(usageError(['f', '--shotz', '3'])).toBe(
      'unknown flag "--shotz" (did you mean --shots?)',
    );
    expect(usageError(['f', '--bakcend', 'x'])).toBe(
      'unknown flag "--bakcend" (did you mean --backend?)',
    );
    expect(usageError(['f', '--frobnicate'])).toBe('unknown flag "--frobnicate"');
    expect(usageError(['f', '--shots'])).toBe('--shots needs a value');
    expect(usageError(['f', '--shots', '--json'])).toBe('--shots needs a value');
    expect(usageError(['f', '--shots', '2.5'])).toBe(
      '--shots expects an integer between 1 and 100, got "2.5"',
    );
    expect(usageError(['f', '--shots', 'ten'])).toContain('--shots expects an integer');
    expect(usageError(['f', '--shots', '0'])).toContain('between 1 and 100');
    expect(usageError(['f', '--shots', '1', '--shots', '2'])).toBe(
      '--shots is given more than once',
    );
    expect(usageError(['f', '--json=yes'])).toBe('--json takes no value');
    expect(usageError(['f', '--program', 'runner'])).toBe(
      '--program expects one of sampler, estimator, got "runner"',
    );
    expect(usageError(['f', '--timeout', '-1'])).toContain('greater than 0, got "-1"');
    expect(usageError(['f', '--timeout', '0'])).toContain('greater than 0');
    expect(usageError(['f', '--precision', 'x'])).toBe(
      '--precision expects a number greater than 0, got "x"',
    );
    expect(usageError(['f', '--tag', ','])).toBe('--tag needs a value');
    expect(usageError(['f', '-x'])).toBe('unknown flag "-x"');
    expect(usageError(['f', '--constructor', '1'])).toBe('unknown flag "--constructor"');
  });

  it('checks the number of positional arguments', () => {
    expect(usageError([])).toBe('missing FILE.qasm');
    expect(usageError(['a', 'b'])).toBe('unexpected argument "b"');
    const many = parseArgs(['a', 'b', 'c'], FLAGS, { name: 'ID', min: 1, max: Infinity });
    expect(many.positionals).toEqual(['a', 'b', 'c']);
    expect(usageError(['x'], { name: 'nothing', min: 0 })).toBe('unexpected argument "x"');
  });
});
