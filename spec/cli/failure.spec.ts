/**
 * The pieces behind the CLI's messages, in-process: nearest-name suggestions, OpenQASM
 * diagnostics read from a parser error or from the service's HTTP 400 text, their excerpts
 * with a caret, and errors described in the CLI's own words (no library option names). The
 * real binary is run for each of these in the other CLI specs.
 */
import type { ExitCode } from '../../src/cli/exit-codes.js';
import { describeFailure } from '../../src/cli/failure.js';
import { diagnosticsInText, diagnosticsOfError } from '../../src/cli/qasm-diagnostics.js';
import { diagnosticsText } from '../../src/cli/qasm-excerpt.js';
import { editDistance, nearest } from '../../src/cli/suggest.js';
import { parseQasm, QasmError } from '../../src/circuits/qasm/index.js';
import {
  ConfigError,
  IBMApiError,
  IBMRuntimeError,
  NetworkError,
  RuntimeJobCancelledError,
  RuntimeJobFailureError,
  RuntimeJobMaxTimeoutError,
  RuntimeJobNotFoundError,
  RuntimeJobTimeoutError,
} from '../../src/codecs/errors.js';
import { readSettings } from '../../src/cli/settings.js';

const COMMANDS = ['run', 'watch', 'result', 'list', 'logs', 'cancel', 'serve', 'help'];

describe('cli suggestions', () => {
  it('counts edits, a swap of neighbours as one', () => {
    expect(editDistance('list', 'list')).toBe(0);
    expect(editDistance('lsit', 'list')).toBe(1);
    expect(editDistance('lst', 'list')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('suggests the nearest command, by prefix or by a few edits, and nothing when far', () => {
    expect(nearest('runn', COMMANDS)).toBe('run');
    expect(nearest('lsit', COMMANDS)).toBe('list');
    expect(nearest('canel', COMMANDS)).toBe('cancel');
    expect(nearest('res', COMMANDS)).toBe('result');
    expect(nearest('wacth', COMMANDS)).toBe('watch');
    expect(nearest('frobnicate', COMMANDS)).toBeUndefined();
    expect(nearest('x', COMMANDS)).toBeUndefined();
  });
});

describe('cli QASM diagnostics', () => {
  const source = 'OPENQASM 3.0;\nqubit[2] q;\n\tfrob q[0];\ncx q[0] q[1];\n';

  it('reads the position of a QasmError of the parser', () => {
    let error: unknown;
    try {
      parseQasm(source);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(QasmError);
    const [d] = diagnosticsOfError(error);
    expect(d).toEqual(jasmine.objectContaining({ line: 3, column: 2 }));
    expect(d!.message).toContain('frob');
  });

  it('takes a list of diagnostics when the error carries one', () => {
    const error = Object.assign(new QasmError('two problems', 3, 2), {
      diagnostics: [
        { line: 3, column: 2, message: "unknown gate 'frob'", excerpt: 'frob q[0];' },
        { line: 4, column: 9, message: "expected ','", excerpt: '' },
      ],
    });
    expect(diagnosticsOfError(error)).toEqual([
      { line: 3, column: 2, message: "unknown gate 'frob'", excerpt: 'frob q[0];' },
      { line: 4, column: 9, message: "expected ','" },
    ]);
  });

  it('reads every position of an answer listing one problem per line', () => {
    // the message of a QasmError with several diagnostics: one line per problem
    const text =
      "params.pubs[0][0]: OpenQASM error at line 3, column 2: unknown gate 'frob'\nline 4, column 9: expected ','\n";
    expect(diagnosticsInText(text.replace(/\s+/g, ' '))).toEqual([
      { line: 3, column: 2, message: "unknown gate 'frob'" },
      { line: 4, column: 9, message: "expected ','" },
    ]);
  });

  it('reads every position of the service answer, without repeats', () => {
    // from the local runtime's 400 answer (src/local/server/program.ts, parseCircuit)
    const text =
      "POST http://127.0.0.1:8787/api/v1/jobs: HTTP 400 (code 1002): params.pubs[0][0]: OpenQASM error at line 3, column 2: unknown gate 'frob'; line 4, column 9: expected ','";
    expect(diagnosticsInText(text)).toEqual([
      { line: 3, column: 2, message: "unknown gate 'frob'" },
      { line: 4, column: 9, message: "expected ','" },
    ]);
    expect(diagnosticsInText('no position here')).toEqual([]);
  });

  it('shows each diagnostic with its file, line, column, source line and a caret under the column', () => {
    const lines = diagnosticsText({ name: 'bad.qasm', text: source }, [
      { line: 4, column: 9, message: "expected ','" },
      { line: 3, column: 2, message: "unknown gate 'frob'" },
    ]);
    expect(lines).toEqual([
      "bad.qasm:3:2: unknown gate 'frob'",
      '  3 | \tfrob q[0];',
      '    | \t^',
      "bad.qasm:4:9: expected ','",
      '  4 | cx q[0] q[1];',
      '    |         ^',
    ]);
  });

  it("falls back to the reporter's excerpt when the source line is not at hand", () => {
    expect(
      diagnosticsText({ name: '<stdin>' }, [
        { line: 9, column: 3, message: 'bad', excerpt: 'x y' },
      ]),
    ).toEqual(['<stdin>:9:3: bad', '  9 | x y', '    |   ^']);
  });
});

describe('cli failures in the CLI words', () => {
  const settings = readSettings(
    { flags: { url: 'http://127.0.0.1:8787/api' }, positionals: [] },
    { QJOBS_TOKEN: 'tok-tok-tok' },
  );

  it('says which variable to check on a 401, and asks whether qjobs serve runs when refused', () => {
    const unauthorized = describeFailure(
      new IBMApiError({ status: 401, message: 'Invalid or expired bearer token', code: 1200 }),
      { settings },
    );
    expect(unauthorized.code).toBe('unauthorized');
    expect(unauthorized.hint).toMatch(/^check QJOBS_TOKEN/);
    const refused = describeFailure(
      new NetworkError(
        'GET http://127.0.0.1:8787/api/v1/jobs: connect ECONNREFUSED 127.0.0.1:8787',
      ),
      { settings },
    );
    expect(refused.code).toBe('connection');
    expect(refused.message).toBe(
      'cannot connect to http://127.0.0.1:8787/api (connection refused)',
    );
    expect(refused.hint).toContain('is `qjobs serve` running?');
    const lost = describeFailure(new NetworkError('connect ECONNREFUSED 127.0.0.1:8787'), {
      settings,
      jobId: 'j1',
      following: true,
    });
    expect(lost.code).toBe('connection_lost');
    expect(lost.hint).toBe('the job may still run: `qjobs watch j1` follows it again');
  });

  it('gives every job outcome its code and exit code', () => {
    const cases: [unknown, string, ExitCode][] = [
      [new RuntimeJobFailureError('j', 'boom', 1), 'job_failed', 1],
      [new RuntimeJobMaxTimeoutError('j', 'too long'), 'job_failed', 1],
      [new RuntimeJobCancelledError('j'), 'job_cancelled', 3],
      [new RuntimeJobTimeoutError('j', 1000), 'timeout', 4],
      [new RuntimeJobNotFoundError('j'), 'not_found', 1],
      [new IBMApiError({ status: 503, message: 'down' }), 'service', 1],
      [new TypeError('x'), 'error', 1],
    ];
    for (const [error, code, exit] of cases) {
      const f = describeFailure(error, { settings });
      expect([f.code, f.exitCode]).withContext(String(error)).toEqual([code, exit]);
    }
  });

  it('translates library option names in a configuration error it did not foresee', () => {
    const f = describeFailure(new ConfigError('serviceCrn must be a CRN', 'serviceCrn'));
    expect(f.message).toBe('the instance (--instance, QJOBS_INSTANCE) must be a CRN');
    expect(f.exitCode).toBe(2);
  });

  it('finds the service answer behind a wrapped error: a QASM refusal with its positions', () => {
    const api = new IBMApiError({
      status: 400,
      message: "params.pubs[0][0]: OpenQASM error at line 2, column 1: unknown gate 'nope'",
    });
    const f = describeFailure(
      new IBMRuntimeError(`Failed to run program: ${api.message}`, { cause: api }),
      {
        settings,
        circuit: { name: 'c.qasm', text: 'OPENQASM 3.0;\nnope q;\n' },
      },
    );
    expect(f.code).toBe('qasm');
    expect(f.message).toBe('the service refused the circuit in c.qasm (1 error)');
    expect(f.detail).toEqual(["c.qasm:2:1: unknown gate 'nope'", '  2 | nope q;', '    | ^']);
  });
});
