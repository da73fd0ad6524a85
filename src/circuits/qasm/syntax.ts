/**
 * Reads the tokens of an OpenQASM 2/3 program into a syntax tree ({@link Program}). A statement
 * that cannot be read is reported and skipped up to its end, so one pass finds every syntax
 * problem. Nesting is bounded (expressions and blocks), so hostile input cannot exhaust the
 * stack.
 *
 * @module
 */
import type {
  AssignOp,
  BinaryOp,
  DefArg,
  Expr,
  ForIterable,
  IndexPart,
  IndexSelector,
  Modifier,
  Name,
  ScalarTypeName,
  Stmt,
  SwitchCase,
  TypeNode,
} from './ast.js';
import type { Diagnostics, Pos } from './diagnostics.js';
import type { Token } from './lexer.js';

/** Deepest nesting of parentheses, calls, signs and powers accepted in one expression. */
export const MAX_EXPRESSION_DEPTH = 256;
/** Tallest expression tree accepted (long chains such as `a + b + c + ...` count too). */
export const MAX_TREE_DEPTH = 1000;
/** Deepest nesting of blocks (`{ ... }`, `if`, loops, definitions) accepted. */
export const MAX_BLOCK_DEPTH = 128;

const SCALAR_TYPES: ReadonlySet<string> = new Set([
  'bit',
  'bool',
  'int',
  'uint',
  'float',
  'angle',
  'complex',
  'duration',
  'stretch',
]);
const MODIFIERS: ReadonlySet<string> = new Set(['ctrl', 'negctrl', 'inv', 'pow']);
const ASSIGN_OPS: ReadonlySet<string> = new Set([
  '=',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '**=',
  '&=',
  '|=',
  '^=',
  '~=',
  '<<=',
  '>>=',
]);

/** Binary operators of OpenQASM 3 by precedence level, loosest first. */
const LEVELS: readonly (readonly BinaryOp[])[] = [
  ['||'],
  ['&&'],
  ['|'],
  ['^'],
  ['&'],
  ['==', '!='],
  ['<', '<=', '>', '>='],
  ['<<', '>>'],
  ['+', '-', '++'],
  ['*', '/', '%'],
];

/** The level of each binary operator in {@link LEVELS}. */
const PRECEDENCE: ReadonlyMap<string, number> = new Map(
  LEVELS.flatMap((ops, level) => ops.map((op) => [op, level] as const)),
);

/** A syntax problem; caught at the statement it occurs in. */
class SyntaxProblem extends Error {
  constructor(
    readonly detail: string,
    readonly at: Pos,
  ) {
    super(detail);
  }
}

/** Reads statements one at a time (so a program can be lowered as it is read). */
export class SyntaxParser {
  private pos = 0;
  /** The version the program states (once its version statement is read), or `null`. */
  version: 2 | 3 | null = null;
  /** True once the program is read as OpenQASM 2 (`^` is then a power). */
  private qasm2 = false;
  private expressionDepth = 0;
  private blockDepth = 0;
  /** Identifiers of statements that could not be read. */
  readonly skipped = new Set<string>();

  constructor(
    private readonly tokens: readonly Token[],
    private readonly diagnostics: Diagnostics,
  ) {}

  /** The top-level statements, read one at a time. */
  *statements(): Generator<Stmt> {
    let first = true;
    while (this.peek().kind !== 'eof') {
      if (this.isIdent('OPENQASM')) {
        const kw = this.next();
        this.guard(() => this.versionStatement(kw, first));
        first = false;
        continue;
      }
      first = false;
      const s = this.guardedStatement();
      if (s !== null) yield s;
      else if (this.isPunct('}')) {
        this.diagnostics.report("unexpected '}'", this.next());
      }
    }
  }

  // ---- tokens ------------------------------------------------------------------------------

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)]!;
  }

  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.pos++;
    return t;
  }

  private isPunct(text: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === 'punct' && t.text === text;
  }

  private isIdent(text: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === 'ident' && t.text === text;
  }

  private accept(text: string): boolean {
    if (this.isPunct(text)) {
      this.pos++;
      return true;
    }
    return false;
  }

  private expect(text: string, what = `'${text}'`): Token {
    const t = this.peek();
    if (t.kind === 'punct' && t.text === text) return this.next();
    throw this.fail(`expected ${what}, got ${describe(t)}`, t);
  }

  private name(what: string): Name {
    const t = this.peek();
    if (t.kind === 'ident') {
      this.next();
      return { name: t.text, pos: t };
    }
    throw this.fail(`expected ${what}, got ${describe(t)}`, t);
  }

  private fail(detail: string, at: Pos): SyntaxProblem {
    return new SyntaxProblem(detail, { line: at.line, column: at.column });
  }

  // ---- recovery ----------------------------------------------------------------------------

  /** Run `read`; on a syntax problem, report it and skip to the end of the statement. */
  private guard<T>(read: () => T): T | null {
    const start = this.pos;
    try {
      return read();
    } catch (e) {
      if (!(e instanceof SyntaxProblem)) throw e;
      this.diagnostics.report(e.detail, e.at);
      this.recover(start);
      for (let i = start; i < this.pos; i++) {
        const t = this.tokens[i]!;
        if (t.kind === 'ident') this.skipped.add(t.text);
      }
      return null;
    }
  }

  private guardedStatement(): Stmt | null {
    return this.guard(() => this.statement());
  }

  /**
   * Skip to the end of the broken statement: past the next `;` at this level, or past a
   * balanced `{ ... }` block (with any `else` block after it); stop before a `}` that closes an
   * enclosing block.
   */
  private recover(start: number): void {
    if (this.pos === start && this.peek().kind !== 'eof' && !this.isPunct('}')) this.next();
    let depth = 0;
    for (;;) {
      const t = this.peek();
      if (t.kind === 'eof') return;
      if (t.kind === 'punct') {
        if (t.text === '{') depth++;
        else if (t.text === '}') {
          if (depth === 0) return;
          depth--;
          if (depth === 0) {
            this.next();
            if (!this.isIdent('else')) return;
            continue;
          }
        } else if (t.text === ';' && depth === 0) {
          this.next();
          return;
        }
      }
      this.next();
    }
  }

  // ---- statements --------------------------------------------------------------------------

  private versionStatement(kw: Token, first: boolean): void {
    const v = this.peek();
    if (v.kind !== 'int' && v.kind !== 'float') {
      throw this.fail(`expected a version number, got ${describe(v)}`, v);
    }
    this.next();
    if (!first) throw this.fail('the OPENQASM version must be the first statement', kw);
    const major = Math.floor(v.value);
    if (major !== 2 && major !== 3) {
      throw this.fail(`unsupported OpenQASM version ${v.text} (2 and 3 are supported)`, v);
    }
    this.version = major;
    this.qasm2 = major === 2;
    this.expect(';');
  }

  /** A block `{ ... }`, or (where the language allows it) a single statement. */
  private body(allowSingle: boolean): Stmt[] {
    if (!this.isPunct('{')) {
      if (!allowSingle) throw this.fail(`expected '{', got ${describe(this.peek())}`, this.peek());
      return this.nested(() => {
        const s = this.statement();
        return s === null ? [] : [s];
      });
    }
    return this.block();
  }

  private block(): Stmt[] {
    const open = this.expect('{');
    return this.nested(() => {
      const out: Stmt[] = [];
      while (!this.isPunct('}')) {
        if (this.peek().kind === 'eof') throw this.fail("unterminated block: expected '}'", open);
        const s = this.guardedStatement();
        if (s !== null) out.push(s);
      }
      this.next();
      return out;
    }, open);
  }

  private nested<T>(read: () => T, at: Pos = this.peek()): T {
    if (this.blockDepth >= MAX_BLOCK_DEPTH) {
      throw this.fail(`blocks nested too deeply (more than ${MAX_BLOCK_DEPTH} levels)`, at);
    }
    this.blockDepth++;
    try {
      return read();
    } finally {
      this.blockDepth--;
    }
  }

  /** One statement; `null` for an empty one (`;`). */
  private statement(): Stmt | null {
    const t = this.peek();
    switch (t.kind) {
      case 'pragma':
        this.next();
        return { kind: 'ignored', what: 'pragma', name: null, pos: t };
      case 'annotation':
        this.next();
        return { kind: 'ignored', what: 'annotation', name: null, pos: t };
      case 'punct':
        if (t.text === ';') {
          this.next();
          return null;
        }
        if (t.text === '{') return { kind: 'block', body: this.block(), pos: t };
        if (t.text === '}') throw this.fail("unexpected '}'", t);
        throw this.fail(`unexpected ${describe(t)}`, t);
      case 'ident':
        break;
      case 'physical':
      case 'int':
      case 'float':
      case 'string':
      case 'raw':
      case 'imag':
      case 'duration':
      case 'eof':
        throw this.fail(`unexpected ${describe(t)}`, t);
    }
    switch (t.text) {
      case 'OPENQASM':
        throw this.fail('the OPENQASM version must be the first statement', t);
      case 'include':
        return this.include();
      case 'qubit':
      case 'qreg':
        return this.qubitDeclaration();
      case 'creg':
        return this.cregDeclaration();
      case 'const':
      case 'input':
      case 'output':
        return this.declaration(t.text);
      case 'gate':
        return this.gateDefinition(false);
      case 'opaque':
        return this.gateDefinition(true);
      case 'def':
        return this.subroutine();
      case 'extern':
        return this.extern();
      case 'measure':
        return this.measureStatement();
      case 'reset':
      case 'barrier':
      case 'nop':
        return this.qubitStatement(t.text);
      case 'delay':
        return this.delay();
      case 'if':
        return this.ifStatement();
      case 'while':
        return this.whileStatement();
      case 'for':
        return this.forStatement();
      case 'switch':
        return this.switchStatement();
      case 'break':
      case 'continue':
      case 'end':
        this.next();
        this.expect(';');
        return { kind: t.text, pos: t };
      case 'return':
        return this.returnStatement();
      case 'box':
        return this.box();
      case 'let':
        return this.letStatement();
      case 'defcalgrammar':
        this.next();
        if (this.peek().kind === 'string') this.next();
        this.expect(';');
        return { kind: 'ignored', what: 'defcalgrammar', name: null, pos: t };
      case 'cal':
        this.next();
        if (this.peek().kind !== 'raw')
          throw this.fail(`expected '{', got ${describe(this.peek())}`, this.peek());
        this.next();
        return { kind: 'ignored', what: 'cal', name: null, pos: t };
      case 'defcal':
        return this.defcal();
    }
    if (SCALAR_TYPES.has(t.text) || t.text === 'array') {
      if (this.isPunct('(', 1) || this.castAhead()) return this.expressionStatement();
      return this.declaration(null);
    }
    if (MODIFIERS.has(t.text) && (this.isPunct('@', 1) || this.isPunct('(', 1))) {
      if (t.text !== 'pow' || this.modifierAhead()) return this.gateCall();
    }
    if (this.assignmentAhead()) return this.assignment();
    if (this.callStatementAhead()) return this.expressionStatement();
    return this.gateCall();
  }

  /** `int[4](...)` at the start of a statement: a cast, not a declaration. */
  private castAhead(): boolean {
    if (!this.isPunct('[', 1)) return false;
    const close = this.matching(this.pos + 1);
    return (
      close >= 0 && this.tokens[close + 1]?.kind === 'punct' && this.tokens[close + 1]!.text === '('
    );
  }

  /** `pow(k) @`: the modifier, not a call of a function `pow`. */
  private modifierAhead(): boolean {
    const close = this.matching(this.pos + 1);
    return (
      close >= 0 && this.tokens[close + 1]?.kind === 'punct' && this.tokens[close + 1]!.text === '@'
    );
  }

  /** Index of the bracket closing the one at `open`, or −1. */
  private matching(open: number): number {
    let depth = 0;
    for (let i = open; i < this.tokens.length; i++) {
      const t = this.tokens[i]!;
      if (t.kind === 'eof') return -1;
      if (t.kind !== 'punct') continue;
      if (t.text === '(' || t.text === '[' || t.text === '{') depth++;
      else if (t.text === ')' || t.text === ']' || t.text === '}') {
        depth--;
        if (depth === 0) return i;
        if (depth < 0) return -1;
      } else if (t.text === ';') return -1;
    }
    return -1;
  }

  /** An assignment operator at bracket depth 0 before the end of the statement. */
  private assignmentAhead(): boolean {
    let depth = 0;
    for (let i = this.pos; i < this.tokens.length; i++) {
      const t = this.tokens[i]!;
      if (t.kind === 'eof') return false;
      if (t.kind !== 'punct') continue;
      if (t.text === '(' || t.text === '[') depth++;
      else if (t.text === ')' || t.text === ']') depth--;
      else if (t.text === ';' || t.text === '{' || t.text === '}') return false;
      else if (depth === 0 && ASSIGN_OPS.has(t.text)) return true;
    }
    return false;
  }

  /** `name(...);`: a call of a subroutine or function for its effect. */
  private callStatementAhead(): boolean {
    if (!this.isPunct('(', 1) || this.isIdent('gphase')) return false;
    const close = this.matching(this.pos + 1);
    return (
      close >= 0 && this.tokens[close + 1]?.kind === 'punct' && this.tokens[close + 1]!.text === ';'
    );
  }

  private include(): Stmt {
    const kw = this.next();
    const file = this.peek();
    if (file.kind !== 'string')
      throw this.fail(`expected a file name, got ${describe(file)}`, file);
    this.next();
    this.expect(';');
    if (file.text === 'qelib1.inc' && this.version === null) this.qasm2 = true;
    return { kind: 'include', file: file.text, filePos: file, pos: kw };
  }

  private qubitDeclaration(): Stmt {
    const kw = this.next();
    if (kw.text === 'qreg') {
      const name = this.name('a register name');
      this.expect('[');
      const size = this.expression();
      this.expect(']');
      this.expect(';');
      return { kind: 'qubit', name, size, pos: kw };
    }
    let size: Expr | null = null;
    if (this.accept('[')) {
      size = this.expression();
      this.expect(']');
    }
    if (size === null && this.peek().kind === 'physical' && this.isPunct(';', 1)) {
      // `qubit $0;` (IBM's qe-qasm accepts it): a physical qubit needs no declaration.
      const t = this.next();
      this.next();
      return { kind: 'ignored', what: 'physical qubit declaration', name: t.text, pos: kw };
    }
    const name = this.name('a register name');
    if (size === null && this.accept('[')) {
      // The early OpenQASM 3 form `qubit q[3];`.
      size = this.expression();
      this.expect(']');
    }
    this.expect(';');
    return { kind: 'qubit', name, size, pos: kw };
  }

  private cregDeclaration(): Stmt {
    const kw = this.next();
    const name = this.name('a register name');
    let width: Expr | null = null;
    if (this.accept('[')) {
      width = this.expression();
      this.expect(']');
    }
    let init: Expr | null = null;
    if (this.accept('=')) init = this.expression();
    this.expect(';');
    const type: TypeNode = { kind: 'scalar', name: 'bit', width, component: null, pos: kw };
    return { kind: 'declare', type, name, init, modifier: null, pos: kw };
  }

  private declaration(modifier: 'const' | 'input' | 'output' | null): Stmt {
    const start = this.peek();
    if (modifier !== null) this.next();
    let type = this.type(false);
    const name = this.name('a variable name');
    if (type.kind === 'scalar' && type.name === 'bit' && type.width === null && this.accept('[')) {
      // The early OpenQASM 3 form `bit c[2];`.
      type = { ...type, width: this.expression() };
      this.expect(']');
    }
    let init: Expr | null = null;
    if (this.accept('=')) init = this.expression();
    this.expect(';');
    return { kind: 'declare', type, name, init, modifier, pos: start };
  }

  /** A type: scalar (`int[8]`, `complex[float]`, `creg`-free) or `array[...]`. */
  private type(argument: boolean): TypeNode {
    const t = this.peek();
    let access: 'readonly' | 'mutable' | null = null;
    if (argument && (this.isIdent('readonly') || this.isIdent('mutable'))) {
      access = this.next().text as 'readonly' | 'mutable';
    }
    const kw = this.peek();
    if (kw.kind !== 'ident') throw this.fail(`expected a type, got ${describe(kw)}`, kw);
    if (kw.text === 'array') {
      this.next();
      this.expect('[');
      const element = this.type(false);
      this.expect(',');
      if (this.isPunct('#')) {
        this.next();
        const dim = this.peek();
        if (!(dim.kind === 'ident' && dim.text === 'dim')) {
          throw this.fail(`expected 'dim', got ${describe(dim)}`, dim);
        }
        this.next();
        this.expect('=');
        const rank = this.expression();
        this.expect(']');
        return { kind: 'array', element, dims: null, rank, access, pos: t };
      }
      const dims: Expr[] = [];
      do dims.push(this.expression());
      while (this.accept(','));
      this.expect(']');
      return { kind: 'array', element, dims, rank: null, access, pos: t };
    }
    if (!SCALAR_TYPES.has(kw.text)) throw this.fail(`expected a type, got ${describe(kw)}`, kw);
    this.next();
    const name = kw.text as ScalarTypeName;
    let width: Expr | null = null;
    let component: TypeNode | null = null;
    if (this.accept('[')) {
      if (name === 'complex') component = this.type(false);
      else width = this.expression();
      this.expect(']');
    }
    return { kind: 'scalar', name, width, component, pos: kw };
  }

  private gateDefinition(opaque: boolean): Stmt {
    const kw = this.next();
    const name = this.name('a gate name');
    const params: Name[] = [];
    if (this.accept('(')) {
      if (!this.isPunct(')')) {
        do params.push(this.name('a parameter name'));
        while (this.accept(','));
      }
      this.expect(')');
    }
    const qubits: Name[] = [];
    if (!this.isPunct('{') && !this.isPunct(';')) {
      do qubits.push(this.name('a qubit name'));
      while (this.accept(','));
    }
    if (opaque) {
      this.expect(';');
      return { kind: 'gate', name, params, qubits, body: null, pos: kw };
    }
    const body = this.block();
    return { kind: 'gate', name, params, qubits, body, pos: kw };
  }

  private subroutine(): Stmt {
    const kw = this.next();
    const name = this.name('a subroutine name');
    this.expect('(');
    const args: DefArg[] = [];
    if (!this.isPunct(')')) {
      do args.push(this.defArgument());
      while (this.accept(','));
    }
    this.expect(')');
    let returns: TypeNode | null = null;
    if (this.accept('->')) returns = this.type(false);
    const body = this.block();
    return { kind: 'def', name, args, returns, body, pos: kw };
  }

  private defArgument(): DefArg {
    const t = this.peek();
    if (this.isIdent('qubit')) {
      this.next();
      let qubitSize: Expr | null = null;
      if (this.accept('[')) {
        qubitSize = this.expression();
        this.expect(']');
      }
      return { name: this.name('an argument name'), type: null, qubitSize };
    }
    if (this.isIdent('qreg') || this.isIdent('creg')) {
      this.next();
      const name = this.name('an argument name');
      let size: Expr | null = null;
      if (this.accept('[')) {
        size = this.expression();
        this.expect(']');
      }
      if (t.text === 'qreg') return { name, type: null, qubitSize: size };
      return {
        name,
        type: { kind: 'scalar', name: 'bit', width: size, component: null, pos: t },
        qubitSize: null,
      };
    }
    if (this.isIdent('const')) this.next();
    const type = this.type(true);
    return { name: this.name('an argument name'), type, qubitSize: null };
  }

  private extern(): Stmt {
    const kw = this.next();
    const name = this.name('a function name');
    this.expect('(');
    if (!this.isPunct(')')) {
      do {
        if (this.isIdent('const')) this.next();
        if (this.isIdent('creg')) {
          this.next();
          if (this.accept('[')) {
            this.expression();
            this.expect(']');
          }
        } else this.type(true);
        if (this.peek().kind === 'ident') this.next();
      } while (this.accept(','));
    }
    this.expect(')');
    if (this.accept('->')) this.type(false);
    this.expect(';');
    return { kind: 'extern', name, pos: kw };
  }

  private defcal(): Stmt {
    const kw = this.next();
    let name: string | null = null;
    // The target (`x`, `rz(angle[20] theta)`, `measure`, ...) and its operands up to the raw body.
    while (this.peek().kind !== 'raw') {
      const t = this.peek();
      if (t.kind === 'eof' || (t.kind === 'punct' && t.text === ';')) {
        throw this.fail(`expected the body of the calibration, got ${describe(t)}`, t);
      }
      if (name === null && t.kind === 'ident') name = t.text;
      this.next();
    }
    this.next();
    return { kind: 'ignored', what: 'defcal', name, pos: kw };
  }

  private measureStatement(): Stmt {
    const kw = this.next();
    const qubits = this.expression();
    let target: Expr | null = null;
    if (this.accept('->')) target = this.expression();
    this.expect(';');
    return { kind: 'measureArrow', qubits, target, pos: kw };
  }

  private qubitStatement(kind: 'reset' | 'barrier' | 'nop'): Stmt {
    const kw = this.next();
    const qubits = this.operandList();
    this.expect(';');
    return { kind, qubits, pos: kw };
  }

  private operandList(): Expr[] {
    const out: Expr[] = [];
    if (this.isPunct(';')) return out;
    do out.push(this.expression());
    while (this.accept(','));
    return out;
  }

  private delay(): Stmt {
    const kw = this.next();
    this.expect('[');
    const duration = this.expression();
    this.expect(']');
    const qubits = this.operandList();
    this.expect(';');
    return { kind: 'delay', duration, qubits, pos: kw };
  }

  private parenthesised(): Expr {
    this.expect('(');
    const e = this.expression();
    this.expect(')');
    return e;
  }

  private ifStatement(): Stmt {
    const kw = this.next();
    const condition = this.parenthesised();
    const then = this.body(true);
    let otherwise: Stmt[] | null = null;
    if (this.isIdent('else')) {
      this.next();
      otherwise = this.body(true);
    }
    return { kind: 'if', condition, then, else: otherwise, pos: kw };
  }

  private whileStatement(): Stmt {
    const kw = this.next();
    const condition = this.parenthesised();
    return { kind: 'while', condition, body: this.body(true), pos: kw };
  }

  private forStatement(): Stmt {
    const kw = this.next();
    let type: TypeNode | null = null;
    if (
      this.peek().kind === 'ident' &&
      (SCALAR_TYPES.has(this.peek().text) || this.isIdent('array'))
    ) {
      type = this.type(false);
    }
    const variable = this.name('a loop variable');
    const inKw = this.peek();
    if (!(inKw.kind === 'ident' && inKw.text === 'in')) {
      throw this.fail(`expected 'in', got ${describe(inKw)}`, inKw);
    }
    this.next();
    let iterable: ForIterable;
    const open = this.peek();
    if (this.accept('[')) {
      const parts = this.rangeParts(open);
      this.expect(']');
      iterable = parts;
    } else if (this.isPunct('{')) {
      this.next();
      const items: Expr[] = [];
      if (!this.isPunct('}')) {
        do items.push(this.expression());
        while (this.accept(','));
      }
      this.expect('}');
      iterable = { kind: 'set', items, pos: open };
    } else {
      iterable = { kind: 'expr', expr: this.expression() };
    }
    return { kind: 'for', type, variable, iterable, body: this.body(true), pos: kw };
  }

  /** `start:end`, `start:step:end` (any part may be left out) inside brackets. */
  private rangeParts(at: Pos): {
    kind: 'range';
    start: Expr | null;
    step: Expr | null;
    end: Expr | null;
    pos: Pos;
  } {
    const parts: (Expr | null)[] = [];
    let current: Expr | null = this.isPunct(':') || this.isPunct(']') ? null : this.expression();
    let colons = 0;
    while (this.accept(':')) {
      colons++;
      parts.push(current);
      current = this.isPunct(':') || this.isPunct(']') ? null : this.expression();
    }
    parts.push(current);
    if (colons === 0 || colons > 2)
      throw this.fail("expected a range 'start:end' or 'start:step:end'", at);
    if (colons === 1)
      return { kind: 'range', start: parts[0]!, step: null, end: parts[1]!, pos: at };
    return { kind: 'range', start: parts[0]!, step: parts[1]!, end: parts[2]!, pos: at };
  }

  private switchStatement(): Stmt {
    const kw = this.next();
    const target = this.parenthesised();
    const open = this.expect('{');
    const cases: SwitchCase[] = [];
    let otherwise: Stmt[] | null = null;
    this.nested(() => {
      while (!this.isPunct('}')) {
        const t = this.peek();
        if (t.kind === 'eof') throw this.fail("unterminated switch: expected '}'", open);
        if (this.isIdent('case')) {
          this.next();
          const values: Expr[] = [];
          do values.push(this.expression());
          while (this.accept(','));
          // The earlier form (Qiskit's SWITCH_CASE_V1): `case 1: case 2: { ... } break;`.
          while (this.accept(':') && this.isIdent('case')) {
            this.next();
            do values.push(this.expression());
            while (this.accept(','));
          }
          cases.push({ values, body: this.block(), pos: t });
          this.caseBreak();
        } else if (this.isIdent('default')) {
          this.next();
          if (otherwise !== null) throw this.fail("a switch can have only one 'default'", t);
          this.accept(':');
          otherwise = this.block();
          this.caseBreak();
        } else {
          throw this.fail(`expected 'case' or 'default', got ${describe(t)}`, t);
        }
      }
      this.next();
    }, open);
    return { kind: 'switch', target, cases, default: otherwise, pos: kw };
  }

  /** The `break;` that ends a case in the earlier switch form. */
  private caseBreak(): void {
    if (this.isIdent('break') && this.isPunct(';', 1)) {
      this.next();
      this.next();
    }
  }

  private returnStatement(): Stmt {
    const kw = this.next();
    let value: Expr | null = null;
    if (!this.isPunct(';')) value = this.expression();
    this.expect(';');
    return { kind: 'return', value, pos: kw };
  }

  private box(): Stmt {
    const kw = this.next();
    let duration: Expr | null = null;
    if (this.accept('[')) {
      duration = this.expression();
      this.expect(']');
    }
    return { kind: 'box', duration, body: this.block(), pos: kw };
  }

  private letStatement(): Stmt {
    const kw = this.next();
    const name = this.name('an alias name');
    this.expect('=');
    const value = this.expression();
    this.expect(';');
    return { kind: 'let', name, value, pos: kw };
  }

  private assignment(): Stmt {
    const start = this.peek();
    const target = this.postfix();
    const op = this.peek();
    if (!(op.kind === 'punct' && ASSIGN_OPS.has(op.text))) {
      throw this.fail(`expected an assignment, got ${describe(op)}`, op);
    }
    this.next();
    const value = this.expression();
    this.expect(';');
    return { kind: 'assign', target, op: op.text as AssignOp, value, opPos: op, pos: start };
  }

  private expressionStatement(): Stmt {
    const start = this.peek();
    const expr = this.expression();
    this.expect(';');
    return { kind: 'expr', expr, pos: start };
  }

  private gateCall(): Stmt {
    const start = this.peek();
    const modifiers: Modifier[] = [];
    while (this.peek().kind === 'ident' && MODIFIERS.has(this.peek().text)) {
      const m = this.peek();
      if (!(this.isPunct('@', 1) || this.isPunct('(', 1))) break;
      this.next();
      let arg: Expr | null = null;
      if (this.isPunct('(')) arg = this.parenthesised();
      if (m.text === 'pow' && arg === null) throw this.fail("'pow' needs an exponent: pow(k) @", m);
      if (m.text === 'inv' && arg !== null) throw this.fail("'inv' takes no argument", m);
      this.expect('@', "'@' after a gate modifier");
      modifiers.push({ kind: m.text as Modifier['kind'], arg, pos: m });
    }
    const name = this.name('a gate name');
    const args: Expr[] = [];
    if (this.accept('(')) {
      if (!this.isPunct(')')) {
        do args.push(this.expression());
        while (this.accept(','));
      }
      this.expect(')');
    }
    let duration: Expr | null = null;
    if (this.accept('[')) {
      duration = this.expression();
      this.expect(']');
    }
    const qubits = this.operandList();
    this.expect(';');
    return { kind: 'gateCall', modifiers, name, args, qubits, duration, pos: start };
  }

  // ---- expressions -------------------------------------------------------------------------

  expression(): Expr {
    return this.binaryLevel(0);
  }

  private make(node: ExprNode, ...children: (Expr | null)[]): Expr {
    let depth = 0;
    for (const c of children) if (c !== null && c.depth > depth) depth = c.depth;
    depth += 1;
    if (depth > MAX_TREE_DEPTH) {
      throw this.fail(
        `expression too long (more than ${MAX_TREE_DEPTH} levels of operations)`,
        node.pos,
      );
    }
    (node as { depth?: number }).depth = depth;
    return node as Expr;
  }

  /** Binary operators binding at least as tightly as level `minLevel` (precedence climbing). */
  private binaryLevel(minLevel: number): Expr {
    let left = this.unary();
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'punct') return left;
      const level = PRECEDENCE.get(t.text);
      if (level === undefined || level < minLevel) return left;
      if (t.text === '^' && this.qasm2) return left;
      this.next();
      const right = this.binaryLevel(level + 1);
      const op = t.text as BinaryOp;
      left = this.make({ kind: 'binary', op, left, right, opPos: t, pos: left.pos }, left, right);
    }
  }

  private unary(): Expr {
    // Every nesting path (parentheses, calls, signs, powers, indices) passes through here.
    if (this.expressionDepth >= MAX_EXPRESSION_DEPTH) {
      throw this.fail(
        `expression nested too deeply (more than ${MAX_EXPRESSION_DEPTH} levels)`,
        this.peek(),
      );
    }
    this.expressionDepth++;
    try {
      const t = this.peek();
      if (t.kind === 'punct' && (t.text === '-' || t.text === '!' || t.text === '~')) {
        this.next();
        const operand = this.unary();
        return this.make({ kind: 'unary', op: t.text, operand, pos: t }, operand);
      }
      if (t.kind === 'punct' && t.text === '+') {
        this.next();
        return this.unary();
      }
      return this.power();
    } finally {
      this.expressionDepth--;
    }
  }

  private power(): Expr {
    const base = this.postfix();
    const t = this.peek();
    if (t.kind === 'punct' && (t.text === '**' || (t.text === '^' && this.qasm2))) {
      this.next();
      const exponent = this.unary();
      return this.make(
        { kind: 'binary', op: '**', left: base, right: exponent, opPos: t, pos: base.pos },
        base,
        exponent,
      );
    }
    return base;
  }

  private postfix(): Expr {
    let e = this.primary();
    while (this.isPunct('[')) {
      const open = this.next();
      const selector = this.selector(open);
      this.expect(']');
      e = this.make(
        { kind: 'index', target: e, selector, pos: e.pos },
        e,
        ...selectorExprs(selector),
      );
    }
    return e;
  }

  private selector(open: Pos): IndexSelector {
    if (this.isPunct('{')) {
      this.next();
      const items: Expr[] = [];
      if (!this.isPunct('}')) {
        do items.push(this.expression());
        while (this.accept(','));
      }
      this.expect('}');
      return { kind: 'set', items };
    }
    const parts: IndexPart[] = [];
    do {
      const at = this.peek();
      const first = this.isPunct(':') ? null : this.expression();
      if (this.isPunct(':')) {
        const values: (Expr | null)[] = [first];
        while (this.accept(':')) {
          values.push(
            this.isPunct(':') || this.isPunct(']') || this.isPunct(',') ? null : this.expression(),
          );
        }
        if (values.length > 3)
          throw this.fail("expected a range 'start:end' or 'start:step:end'", at);
        parts.push(
          values.length === 2
            ? { kind: 'range', start: values[0]!, step: null, end: values[1]!, pos: at }
            : { kind: 'range', start: values[0]!, step: values[1]!, end: values[2]!, pos: at },
        );
      } else {
        if (first === null)
          throw this.fail(`expected an index, got ${describe(this.peek())}`, open);
        parts.push({ kind: 'value', expr: first });
      }
    } while (this.accept(','));
    return { kind: 'parts', parts };
  }

  private primary(): Expr {
    const t = this.peek();
    switch (t.kind) {
      case 'int':
        this.next();
        return { kind: 'int', value: t.big!, pos: t, depth: 1 };
      case 'float':
        this.next();
        return { kind: 'float', value: t.value, pos: t, depth: 1 };
      case 'imag':
        this.next();
        return { kind: 'imag', value: t.value, pos: t, depth: 1 };
      case 'duration':
        this.next();
        return { kind: 'duration', value: t.value, unit: t.unit!, pos: t, depth: 1 };
      case 'string':
        this.next();
        return { kind: 'string', value: t.text, pos: t, depth: 1 };
      case 'physical':
        this.next();
        return { kind: 'physical', index: t.value, text: t.text, pos: t, depth: 1 };
      case 'punct':
        if (t.text === '(') {
          this.next();
          const e = this.expression();
          this.expect(')');
          return e;
        }
        if (t.text === '{') {
          this.next();
          const items: Expr[] = [];
          if (!this.isPunct('}')) {
            do items.push(this.expression());
            while (this.accept(','));
          }
          this.expect('}');
          return this.make({ kind: 'list', items, pos: t }, ...items);
        }
        throw this.fail(`expected an expression, got ${describe(t)}`, t);
      case 'ident':
        return this.identifierExpression(t);
      default:
        throw this.fail(`expected an expression, got ${describe(t)}`, t);
    }
  }

  private identifierExpression(t: Token): Expr {
    if (t.text === 'true' || t.text === 'false') {
      this.next();
      return { kind: 'bool', value: t.text === 'true', pos: t, depth: 1 };
    }
    if (t.text === 'measure') {
      this.next();
      const operand = this.postfix();
      return this.make({ kind: 'measure', operand, pos: t }, operand);
    }
    if (t.text === 'durationof') {
      this.next();
      this.expect('(');
      const body = this.isPunct('{') ? this.block() : [];
      this.expect(')');
      return { kind: 'durationof', body, pos: t, depth: 1 };
    }
    if (
      (SCALAR_TYPES.has(t.text) || t.text === 'array') &&
      (this.isPunct('(', 1) || this.isPunct('[', 1))
    ) {
      const type = this.type(false);
      this.expect('(');
      const operand = this.expression();
      this.expect(')');
      return this.make({ kind: 'cast', type, operand, pos: t }, operand);
    }
    this.next();
    if (this.isPunct('(')) {
      this.next();
      const args: Expr[] = [];
      if (!this.isPunct(')')) {
        do args.push(this.expression());
        while (this.accept(','));
      }
      this.expect(')');
      return this.make({ kind: 'call', name: t.text, args, pos: t }, ...args);
    }
    return { kind: 'ident', name: t.text, pos: t, depth: 1 };
  }
}

/** An expression node before its depth is known. */
type ExprNode = Expr extends infer E ? (E extends unknown ? Omit<E, 'depth'> : never) : never;

function selectorExprs(s: IndexSelector): Expr[] {
  if (s.kind === 'set') return [...s.items];
  const out: Expr[] = [];
  for (const p of s.parts) {
    if (p.kind === 'value') out.push(p.expr);
    else for (const e of [p.start, p.step, p.end]) if (e !== null) out.push(e);
  }
  return out;
}

/** How a token is named in a message. */
export function describe(t: Token): string {
  switch (t.kind) {
    case 'eof':
      return 'end of input';
    case 'string':
      return `"${t.text}"`;
    case 'raw':
      return 'a calibration block';
    case 'pragma':
      return 'a pragma';
    case 'annotation':
      return 'an annotation';
    default:
      return `'${t.text}'`;
  }
}
