// Fuzzing the OpenQASM front end: random token soups, random programs built from the grammar's
// pieces, and mutated valid programs go through parseQasm. It must return a circuit or throw a
// QasmError whose line and column point inside the input; anything else (TypeError,
// RangeError, a hang) is a defect. Fixed seed; `QJOBS_SOAK=1` runs many more inputs.
import fc from 'fast-check';
import { QasmError, parseQasm } from '../../src/circuits/qasm/index.js';
import { fuzzParameters } from './support/fuzz-config.js';
import { mutateText, textMutation } from './support/mutate.js';
import { HANG_MS } from './support/typed-only.js';

const VALID: readonly string[] = [
  'OPENQASM 3.0; include "stdgates.inc"; qubit[2] q; bit[2] meas; h q[0]; cx q[0], q[1]; meas = measure q;',
  'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[3];\ncreg c[3];\nh q[0];\ncx q[0],q[1];\nccx q[0],q[1],q[2];\nmeasure q -> c;\n',
  'OPENQASM 3.0;\ninclude "stdgates.inc";\ninput float[64] theta;\nqubit[1] q;\nbit[1] c;\nrx(theta) q[0];\nrz(pi/2 + 2*theta) q[0];\nc[0] = measure q[0];\n',
  'OPENQASM 3.0;\ninclude "stdgates.inc";\ngate my(a) x, y { ry(a) x; cx x, y; }\nqubit[2] q;\nmy(0.25) q[0], q[1];\nbarrier q;\nreset q[1];\n',
  'OPENQASM 3.0;\ninclude "stdgates.inc";\nbit[2] c;\nsx $0;\ncx $0, $1;\nc[0] = measure $0;\nc[1] = measure $1;\n',
];

const PIECES = [
  'OPENQASM',
  '3.0',
  '2.0',
  ';',
  'include',
  '"stdgates.inc"',
  '"qelib1.inc"',
  'qubit',
  'bit',
  'qreg',
  'creg',
  'input',
  'float[64]',
  'angle',
  'gate',
  'measure',
  '->',
  '=',
  'reset',
  'barrier',
  'delay',
  '[',
  ']',
  '(',
  ')',
  '{',
  '}',
  ',',
  'q',
  'c',
  'theta',
  '$0',
  '$99999999999',
  'h',
  'cx',
  'rx',
  'U',
  'ctrl @',
  'inv @',
  'pow(2) @',
  'pi',
  'π',
  'tau',
  'euler',
  '0',
  '1',
  '2',
  '-1',
  '1e308',
  '1e-308',
  '99999999999999999999',
  '0.5',
  '+',
  '-',
  '*',
  '/',
  '**',
  'sin',
  'cos',
  'sqrt',
  'if',
  'for',
  'while',
  '//',
  '/*',
  '*/',
  '"',
  '\n',
  ' ',
  '\t',
  '\u0000',
  '\ud800',
];

const tokenSoup = fc
  .array(fc.constantFrom(...PIECES), { maxLength: 40 })
  .map((parts) => parts.join(' '));

const programFromValid = fc
  .tuple(fc.constantFrom(...VALID), fc.array(textMutation, { minLength: 1, maxLength: 4 }))
  .map(([src, edits]) => mutateText(src, edits));

const spliced = fc
  .tuple(
    fc.constantFrom(...VALID),
    fc.array(fc.constantFrom(...PIECES), { maxLength: 6 }),
    fc.nat(),
  )
  .map(([src, parts, at]) => {
    const i = at % (src.length + 1);
    return `${src.slice(0, i)} ${parts.join(' ')} ${src.slice(i)}`;
  });

/**
 * Lines of `src` as the parser numbers them: `\n` ends a line, and a `\r` (of `\r\n`, or
 * alone) is a character of its line, as most tools number lines.
 */
function lineLengths(src: string): number[] {
  return src.split('\n').map((l) => l.length);
}

let circuits = 0;
let errors = 0;

/** A short, bounded quote of a program for failure messages. */
function quote(src: string): string {
  return JSON.stringify(src.length > 160 ? `${src.slice(0, 150)}... (${src.length} chars)` : src);
}

/** What parseQasm did with one program: a circuit, or what it threw. */
function attempt(src: string): { ok: true } | { ok: false; thrown: unknown } {
  try {
    parseQasm(src, { maxInstructions: 100_000 });
    return { ok: true };
  } catch (e) {
    return { ok: false, thrown: e };
  }
}

function check(src: string, budgetMs = HANG_MS): void {
  const started = performance.now();
  const outcome = attempt(src);
  if (outcome.ok) circuits++;
  else {
    const e = outcome.thrown;
    if (!(e instanceof QasmError)) {
      throw new Error(
        `parseQasm threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)} for ${quote(src)}`,
      );
    }
    errors++;
    const lines = lineLengths(src);
    const where = `${e.message} for ${quote(src)}`;
    if (!Number.isInteger(e.line) || e.line < 1 || e.line > lines.length) {
      throw new Error(`line ${e.line} outside 1..${lines.length}: ${where}`);
    }
    const width = lines[e.line - 1]!;
    if (!Number.isInteger(e.column) || e.column < 1 || e.column > width + 1) {
      throw new Error(`column ${e.column} outside 1..${width + 1} of line ${e.line}: ${where}`);
    }
    if (e.detail.length === 0) throw new Error(`empty detail: ${where}`);
  }
  const took = performance.now() - started;
  if (took > budgetMs) throw new Error(`parseQasm took ${Math.round(took)} ms on ${quote(src)}`);
}

describe('fuzz: OpenQASM parser', () => {
  afterAll(() => {
    console.log(
      `\nfuzz qasm: ${circuits + errors} programs, ${circuits} circuits, ${errors} QasmErrors, 0 other outcomes`,
    );
  });

  it('parses the valid corpus', () => {
    for (const src of VALID) expect(() => parseQasm(src)).not.toThrow();
  });

  it('token soups give a circuit or a positioned QasmError', () => {
    fc.assert(
      fc.property(tokenSoup, (src) => check(src)),
      fuzzParameters(500),
    );
  });

  it('mutated valid programs give a circuit or a positioned QasmError', () => {
    fc.assert(
      fc.property(programFromValid, (src) => check(src)),
      fuzzParameters(500),
    );
  });

  it('valid programs with grammar pieces spliced in give a circuit or a positioned QasmError', () => {
    fc.assert(
      fc.property(spliced, (src) => check(src)),
      fuzzParameters(500),
    );
  });

  it('arbitrary strings give a circuit or a positioned QasmError', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 120 }), (src) => check(src)),
      fuzzParameters(300),
    );
  });

  const head = 'OPENQASM 3.0; include "stdgates.inc"; qubit[1] q; ';
  const PATHOLOGICAL: Readonly<Record<string, string>> = {
    '100k nested parentheses in an angle': `${head}rx(${'('.repeat(100_000)}1${')'.repeat(100_000)}) q[0];`,
    '100k unary minus signs': `${head}rx(${'-'.repeat(100_000)}1) q[0];`,
    '100k chained powers': `${head}rx(${'2**'.repeat(100_000)}1) q[0];`,
    '100k nested function calls': `${head}rx(${'sin('.repeat(100_000)}1${')'.repeat(100_000)}) q[0];`,
    'a 50k-term sum': `${head}rx(${'1+'.repeat(50_000)}1) q[0];`,
    'a 2^32-qubit register': 'OPENQASM 3.0; qubit[4294967296] q;',
    'a register size beyond 2^64': 'OPENQASM 3.0; qubit[99999999999999999999999] q;',
    'a float register size': 'OPENQASM 2.0; qreg q[1e9];',
    'a self-recursive gate': `${head}gate a x { a x; } a q[0];`,
    'mutually recursive gates': `${head}gate a x { b x; } gate b x { a x; } a q[0];`,
    'gates doubling 33 times (2^33 instructions)': `${head}gate g1 x { h x; h x; } gate g2 x { g1 x; g1 x; } gate g3 x { g2 x; g2 x; } ${Array.from({ length: 30 }, (_, i) => `gate g${i + 4} x { g${i + 3} x; g${i + 3} x; }`).join(' ')} g33 q[0];`,
    '10k unterminated comments': `${head}${'/*'.repeat(10_000)}`,
    'an unterminated 100k string': `${head}"${'x'.repeat(100_000)}`,
    'a 400-digit qubit index': `${head}h q[${'9'.repeat(400)}];`,
    'a 400-digit physical qubit': `${head}h $${'9'.repeat(400)};`,
  };
  for (const [name, src] of Object.entries(PATHOLOGICAL)) {
    it(`pathological input: ${name}`, () => check(src));
  }

  it('pathological input: 200k statements (1.6 MB) stop at the instruction ceiling in linear time', () => {
    // A body this size is accepted by the runtime (5 MiB limit): ~10 s would block its event loop.
    check(`${head}${'h q[0]; '.repeat(200_000)}`, 10_000);
  });
});
