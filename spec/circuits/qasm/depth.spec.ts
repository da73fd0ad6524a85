import { QasmError, parseQasm } from '../../../src/circuits/qasm/index.js';
import { MAX_EXPRESSION_DEPTH } from '../../../src/circuits/qasm/parser.js';

const header = 'OPENQASM 3.0;\ninclude "stdgates.inc";\nqubit[1] q;\n';

describe('parseQasm expression nesting', () => {
  it('accepts nesting up to the limit', () => {
    const depth = MAX_EXPRESSION_DEPTH - 2;
    const angle = `${'('.repeat(depth)}pi${')'.repeat(depth)}`;
    const circuit = parseQasm(`${header}rx(${angle}) q[0];`);
    expect(circuit.instructions.length).toBe(1);
  });

  it('refuses deeper nesting with a QasmError at the position where it happens', () => {
    const depth = MAX_EXPRESSION_DEPTH + 10;
    const source = `${header}rx(${'('.repeat(depth)}pi${')'.repeat(depth)}) q[0];`;
    let error: unknown;
    try {
      parseQasm(source);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(QasmError);
    const e = error as QasmError;
    expect(e.line).toBe(4);
    // `rx(` takes columns 1-3; level k of the angle starts at column 3 + k, so the first
    // refused level (MAX + 1) starts at column 4 + MAX.
    expect(e.column).toBe(4 + MAX_EXPRESSION_DEPTH);
    expect(e.message).toContain(`nested too deeply (more than ${MAX_EXPRESSION_DEPTH} levels)`);
  });

  it('refuses 100,000 unary signs without overflowing the stack', () => {
    expect(() => parseQasm(`${header}rx(${'-'.repeat(100_000)}1) q[0];`)).toThrowError(
      QasmError,
      /nested too deeply/,
    );
  });
});
