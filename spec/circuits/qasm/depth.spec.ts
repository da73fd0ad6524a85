import { QasmError, parseQasm } from '../../../src/circuits/qasm/index.js';
import {
  MAX_BLOCK_DEPTH,
  MAX_EXPRESSION_DEPTH,
  MAX_TREE_DEPTH,
} from '../../../src/circuits/qasm/parser.js';

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

  it('refuses a longer chain of operations than the tree bound', () => {
    const ok = `${header}rx(${'1+'.repeat(MAX_TREE_DEPTH - 2)}1) q[0];`;
    expect(parseQasm(ok).instructions.length).toBe(1);
    expect(() => parseQasm(`${header}rx(${'1+'.repeat(MAX_TREE_DEPTH)}1) q[0];`)).toThrowError(
      QasmError,
      /expression too long/,
    );
  });
});

describe('parseQasm block nesting', () => {
  it('accepts nested blocks up to the limit and refuses deeper ones where they start', () => {
    const nest = (n: number) => `${header}${'if (true) { '.repeat(n)}x q[0];${' }'.repeat(n)}`;
    expect(parseQasm(nest(MAX_BLOCK_DEPTH - 1)).instructions.length).toBe(1);
    let error: unknown;
    try {
      parseQasm(nest(MAX_BLOCK_DEPTH + 5));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(QasmError);
    const e = error as QasmError;
    expect(e.detail).toBe(`blocks nested too deeply (more than ${MAX_BLOCK_DEPTH} levels)`);
    expect(e.column).toBe(1 + MAX_BLOCK_DEPTH * 'if (true) { '.length + 'if (true) '.length);
  });

  it('refuses 100,000 nested braces without overflowing the stack', () => {
    expect(() => parseQasm(`${header}${'{'.repeat(100_000)}`)).toThrowError(
      QasmError,
      /nested too deeply/,
    );
  });
});
