import { BitArray } from '../../src/codecs/bit-array.js';
import { NdArray } from '../../src/codecs/nd-array.js';
import {
  PrimitiveResult,
  estimatorPubResult,
  samplerPubResult,
} from '../../src/codecs/result-model.js';
import { exitCodeOf, EXIT } from '../../src/cli/exit-codes.js';
import { countsTable, formatResult, resultJson } from '../../src/cli/format-result.js';
import {
  observableLabel,
  parseObservables as parseObservablesTyped,
} from '../../src/cli/observables.js';

/** The parsed value as plain data (the recursive observables type is too deep for toEqual's types). */
const parseObservables = (text: string): any => parseObservablesTyped(text);
import { CliUsageError } from '../../src/cli/usage-error.js';
import { StatusLine, formatElapsed } from '../../src/cli/status-line.js';
import {
  ConfigError,
  IBMApiError,
  RuntimeJobCancelledError,
  RuntimeJobFailureError,
  RuntimeJobMaxTimeoutError,
  RuntimeJobTimeoutError,
} from '../../src/codecs/errors.js';

function bell(): PrimitiveResult {
  const samples = [...Array(30).fill('0x3'), ...Array(20).fill('0x0'), '0x3'];
  return new PrimitiveResult([
    samplerPubResult({ meas: BitArray.fromSamples(samples, 2) }, { circuit_metadata: {} }),
  ]);
}

describe('cli result formatting', () => {
  it('sorts counts by count, draws bars scaled to the largest, and shows shares', () => {
    const lines = countsTable({ '00': 20, '11': 31, '01': 0 }, '#');
    expect(lines[0]).toMatch(/^outcome\s+count\s+share$/);
    expect(lines[1]).toMatch(/^11\s+31\s+60\.8%\s+#{30}$/);
    expect(lines[2]).toMatch(/^00\s+20\s+39\.2%\s+#{19}$/);
    expect(lines[3]).toMatch(/^01\s+0\s+0\.0%\s+$/);
  });

  it('summarises outcomes past the 32nd in one line', () => {
    const counts: Record<string, number> = {};
    for (let i = 0; i < 40; i++) counts[i.toString(2).padStart(6, '0')] = 100 - i;
    const lines = countsTable(counts);
    expect(lines.length).toBe(1 + 32 + 1);
    expect(lines[33]).toBe(
      `... 8 more outcomes (${[32, 33, 34, 35, 36, 37, 38, 39].reduce((s, i) => s + 100 - i, 0)} shots)`,
    );
  });

  it('titles a sampler register with its width and shots', () => {
    const lines = formatResult(bell(), { bar: '#' });
    expect(lines[0]).toBe('register meas (2 bits, 51 shots)');
    expect(lines[2]).toMatch(/^11\s+31/);
  });

  it('says so when a sampler pub has no classical register (a circuit without measurements)', () => {
    const empty = new PrimitiveResult([samplerPubResult({}, {})]);
    expect(formatResult(empty)).toEqual(['no classical registers: the circuit measured nothing']);
    expect(resultJson(empty)).toEqual([{ kind: 'sampler', registers: {} }]);
  });

  it('turns a sampler result into JSON counts, most frequent first', () => {
    const json = resultJson(bell());
    expect(json).toEqual([
      {
        kind: 'sampler',
        registers: { meas: { numBits: 2, shots: 51, counts: { '11': 31, '00': 20 } } },
      },
    ]);
    expect(Object.keys((json[0] as any).registers.meas.counts)).toEqual(['11', '00']);
  });

  it('shows estimator values with their labels and standard errors', () => {
    const result = new PrimitiveResult([
      estimatorPubResult(
        { evs: NdArray.float64([1, -0.5]), stds: NdArray.float64([0, 0.125]) },
        {},
      ),
      estimatorPubResult({ evs: NdArray.scalar(Number.NaN), stds: NdArray.scalar(0) }, {}),
    ]);
    const lines = formatResult(result, { observableLabels: [['ZZ', 'XX']] });
    expect(lines).toEqual([
      'pub 0: expectation values',
      'observable       value        std',
      'ZZ            1.000000   0.000000',
      'XX           -0.500000   0.125000',
      '',
      'pub 1: expectation values',
      'observable       value        std',
      'value              nan   0.000000',
    ]);
    expect(resultJson(result, [['ZZ', 'XX']])).toEqual([
      { kind: 'estimator', observables: ['ZZ', 'XX'], evs: [1, -0.5], stds: [0, 0.125] },
      { kind: 'estimator', evs: 'NaN', stds: 0 },
    ]);
  });
});

describe('cli --observables', () => {
  it('reads a comma-separated list of Pauli strings', () => {
    expect(parseObservables('ZZ, XX')).toEqual({ observables: ['ZZ', 'XX'], labels: ['ZZ', 'XX'] });
  });

  it('reads JSON: one weighted sum, or a list', () => {
    expect(parseObservables('{"ZZ":1}')).toEqual({ observables: { ZZ: 1 }, labels: ['ZZ'] });
    expect(parseObservables('[{"ZZ":1,"XX":-0.5},"YY"]')).toEqual({
      observables: [{ ZZ: 1, XX: -0.5 }, 'YY'],
      labels: ['ZZ - 0.5*XX', 'YY'],
    });
    expect(parseObservables('[["ZZ"],["XX"]]').labels).toBeUndefined();
    expect(observableLabel({ ZZ: -1, XX: 2 })).toBe('-ZZ + 2*XX');
    expect(observableLabel({ ZZ: 0.5, XX: -1 })).toBe('0.5*ZZ - XX');
  });

  it('names --observables and the problem', () => {
    const message = (text: string): string => {
      try {
        parseObservables(text);
      } catch (e) {
        expect(e).toBeInstanceOf(CliUsageError);
        return (e as Error).message;
      }
      throw new Error('no error');
    };
    expect(message('ZQ')).toMatch(/^--observables: observables.*Pauli/);
    expect(message('ZZ,XXX')).toContain('length 2');
    expect(message('{"ZZ":')).toMatch(/^--observables is not valid JSON/);
    expect(message('{"ZZ":"one"}')).toMatch(/^--observables: /);
    expect(message(' , ')).toBe('--observables needs a value');
  });
});

describe('cli exit codes', () => {
  it('maps each outcome to its documented code', () => {
    expect(exitCodeOf(new RuntimeJobFailureError('j', 'boom', 1))).toBe(EXIT.failed);
    expect(exitCodeOf(new RuntimeJobMaxTimeoutError('j', 'too long'))).toBe(EXIT.failed);
    expect(exitCodeOf(new RuntimeJobCancelledError('j'))).toBe(EXIT.cancelled);
    expect(exitCodeOf(new RuntimeJobTimeoutError('j', 1000))).toBe(EXIT.timeout);
    expect(exitCodeOf(new ConfigError('no token', 'token'))).toBe(EXIT.usage);
    expect(exitCodeOf(new CliUsageError('bad'))).toBe(EXIT.usage);
    expect(exitCodeOf(new IBMApiError({ status: 500, message: 'x' }))).toBe(EXIT.failed);
    expect(exitCodeOf(new TypeError('x'))).toBe(EXIT.failed);
  });
});

describe('cli status line', () => {
  function sink(): { text: string; write(t: string): void } {
    return {
      text: '',
      write(t: string) {
        this.text += t;
      },
    };
  }

  it('formats elapsed time', () => {
    expect(formatElapsed(400)).toBe('0.4s');
    expect(formatElapsed(125_000)).toBe('2m05s');
    expect(formatElapsed(3_720_000)).toBe('1h02m');
  });

  it('prints a plain line per transition when not on a terminal', () => {
    let now = 0;
    const out = sink();
    const line = new StatusLine(out, { tty: false, label: 'job j1', now: () => now });
    line.update({ status: 'QUEUED' });
    now = 1500;
    line.update({ status: 'QUEUED', queuePosition: 2 });
    line.update({ status: 'QUEUED', queuePosition: 2 });
    now = 2500;
    line.update({ status: 'RUNNING' });
    line.stop();
    line.update({ status: 'DONE' });
    expect(out.text).toBe(
      'job j1  QUEUED  0.0s\njob j1  QUEUED  queue position 2  1.5s\njob j1  RUNNING  2.5s\n',
    );
  });

  it('redraws in place on a terminal and leaves the last state on its own line', () => {
    let now = 0;
    const out = sink();
    const line = new StatusLine(out, { tty: true, label: 'job j1', now: () => now });
    line.update({ status: 'QUEUED', queuePosition: 1 });
    now = 300;
    line.update({ status: 'RUNNING' });
    line.clear();
    line.stop();
    expect(out.text).toBe(
      '\r\x1b[2Kjob j1  QUEUED  queue position 1  0.0s\r\x1b[2Kjob j1  RUNNING  0.3s\r\x1b[2K',
    );
    const other = sink();
    const again = new StatusLine(other, { tty: true, label: 'j', now: () => 0, columns: 12 });
    again.update({ status: 'RUNNING' });
    again.stop();
    expect(other.text).toBe('\r\x1b[2Kj  RUNNING \r\x1b[2Kj  RUNNING \n');
  });
});
