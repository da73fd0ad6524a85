// Every problem of a program in one answer: QasmError.diagnostics lists them in source order
// (up to 20), each with line, column, message and the source line around it; line, column and
// detail describe the first, and the message has one `line L, column C: ...` line per problem.
import { QuantumJobsError } from '../../../src/codecs/errors.js';
import { MAX_DIAGNOSTICS } from '../../../src/circuits/qasm/diagnostics.js';
import { QasmError } from '../../../src/circuits/qasm/index.js';
import { OQ3, problems, qasmError } from './support.js';

describe('parseQasm diagnostics', () => {
  it('reports every problem of a program, syntax and meaning, in source order', () => {
    const source = `${OQ3}qubit[2] q;\nbit[2] c;\nfoo q[0];\ncx q[0];\nh q[0]\nrz(theta) q[1];\nx q[7];\nc = measure q;`;
    const e = qasmError(source);
    expect(e).toBeInstanceOf(QuantumJobsError);
    expect(e._tag).toBe('QasmError');
    expect(e.diagnostics).toEqual([
      { line: 5, column: 1, message: "unknown gate 'foo'", excerpt: 'foo q[0];' },
      { line: 6, column: 1, message: "gate 'cx' expects 2 qubits, got 1", excerpt: 'cx q[0];' },
      { line: 8, column: 1, message: "expected ';', got 'rz'", excerpt: 'rz(theta) q[1];' },
      {
        line: 9,
        column: 5,
        message: "index 7 is out of range for register 'q' of size 2",
        excerpt: 'x q[7];',
      },
    ]);
    expect([e.line, e.column, e.detail]).toEqual([5, 1, "unknown gate 'foo'"]);
    expect(e.message).toBe(
      [
        "line 5, column 1: unknown gate 'foo'",
        "line 6, column 1: gate 'cx' expects 2 qubits, got 1",
        "line 8, column 1: expected ';', got 'rz'",
        "line 9, column 5: index 7 is out of range for register 'q' of size 2",
      ].join('\n'),
    );
  });

  it('does not report again the names a broken declaration would have declared', () => {
    expect(problems(`${OQ3}qubit[2 q;\nh q[0];\ncx q[0], q[1];\nbit c = measure r;`)).toEqual([
      "3:9 expected ']', got 'q'",
      "6:17 unknown qubit register 'r'",
    ]);
    expect(problems(`${OQ3}qubit[n] q;\nh q[0];`)).toEqual(["3:7 unknown identifier 'n'"]);
  });

  it('stops after a bound of problems', () => {
    const lines = Array.from({ length: 50 }, (_, i) => `nosuch${i} q;`);
    const e = qasmError(`${OQ3}qubit q;\n${lines.join('\n')}`);
    expect(e.diagnostics.length).toBe(MAX_DIAGNOSTICS);
    expect(e.diagnostics[0]!.message).toBe("unknown gate 'nosuch0'");
  });

  it('cuts the excerpt of a long line around the problem', () => {
    const pad = Array.from({ length: 30 }, () => 'h q;').join(' ');
    const e = qasmError(`${OQ3}qubit q;\n${pad} oops q; ${pad}`);
    const d = e.diagnostics[0]!;
    expect(d.message).toBe("unknown gate 'oops'");
    expect(d.excerpt.length).toBeLessThanOrEqual(82);
    expect(d.excerpt).toContain('oops q;');
    expect(d.excerpt.startsWith('…')).toBeTrue();
    expect(d.excerpt.endsWith('…')).toBeTrue();
  });

  it('keeps one-problem errors as they were: line, column and detail of the problem', () => {
    const e = new QasmError('bad', 3, 4);
    expect(e.diagnostics).toEqual([{ line: 3, column: 4, message: 'bad', excerpt: '' }]);
    expect(e.message).toBe('line 3, column 4: bad');
  });
});
