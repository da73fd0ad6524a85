/**
 * Parses OpenQASM 3 (and OpenQASM 2) programs, as written for the Sampler and Estimator
 * primitives, into a {@link Circuit}: declarations, physical qubits, standard and user-defined
 * gates (expanded inline), angle expressions over `input` parameters, measurement, reset,
 * barrier and delay.
 *
 * @module
 */
import type {
  Angle,
  Circuit,
  ExpressionOperator,
  Instruction,
  ParameterExpression,
  Register,
} from '../model.js';
import { QasmError } from './errors.js';
import { binary, callFunction, isExpressionFunction, negate, substitute } from './expression.js';
import { BUILTIN_GATES, LIBRARY_GATES, type GateSignature } from './gates.js';
import { tokenize, type Token } from './lexer.js';

/** Safety ceilings applied while parsing. */
export interface ParseOptions {
  /**
   * Largest number of instructions the program may expand to (user gate definitions can
   * multiply the instruction count). Default 1,000,000.
   */
  readonly maxInstructions?: number;
  /** Largest register size and physical qubit index accepted. Default 1,048,576. */
  readonly maxRegisterSize?: number;
}

const DEFAULT_MAX_INSTRUCTIONS = 1_000_000;
const DEFAULT_MAX_REGISTER_SIZE = 1 << 20;

const CONSTANTS: ReadonlyMap<string, number> = new Map([
  ['pi', Math.PI],
  ['π', Math.PI],
  ['tau', 2 * Math.PI],
  ['τ', 2 * Math.PI],
  ['euler', Math.E],
  ['ℇ', Math.E],
]);

const UNSUPPORTED_STATEMENTS = new Set([
  'if',
  'else',
  'while',
  'for',
  'switch',
  'case',
  'default',
  'break',
  'continue',
  'return',
  'end',
  'def',
  'defcal',
  'defcalgrammar',
  'cal',
  'extern',
  'box',
  'let',
  'output',
  'opaque',
  'int',
  'uint',
  'bool',
  'float',
  'angle',
  'complex',
  'duration',
  'stretch',
  'array',
  'durationof',
]);

const MODIFIERS = new Set(['ctrl', 'negctrl', 'inv', 'pow']);
const DELAY_UNITS = new Set(['dt', 'ns', 'us', 'µs', 'μs', 'ms', 's']);

/** Where a parse-time value came from, for error positions. */
interface Pos {
  readonly line: number;
  readonly column: number;
}

/** A register of qubits or bits: `size` consecutive indices from `offset`. */
interface RegisterSpan {
  readonly name: string;
  readonly offset: number;
  readonly size: number;
}

/** A gate call inside a user gate body, resolved when the gate is defined. */
interface BodyCall {
  readonly target: GateTarget;
  /** Angles over the enclosing gate's formal parameters (as `param` nodes). */
  readonly params: readonly Angle[];
  /** Indices into the enclosing gate's formal qubit list. */
  readonly qubits: readonly number[];
  readonly pos: Pos;
}

interface GateDefinition {
  readonly name: string;
  readonly params: readonly string[];
  readonly numQubits: number;
  readonly body: readonly BodyCall[];
}

type GateTarget =
  | { readonly kind: 'standard'; readonly signature: GateSignature }
  | { readonly kind: 'defined'; readonly definition: GateDefinition };

/** Names visible in an expression: constants plus either inputs or a gate's formal angles. */
type Scope =
  { readonly kind: 'global' } | { readonly kind: 'gate'; readonly params: readonly string[] };

/** A list of qubits (or bits) named by one operand; `register` when it named a whole register. */
interface Operand<T> {
  readonly items: readonly T[];
  readonly register: boolean;
  readonly pos: Pos;
}

/**
 * Parse an OpenQASM 2 or 3 program into a {@link Circuit}. Throws {@link QasmError} (with the
 * 1-based line and column of the offending token) for malformed programs, unknown names,
 * wrong arity, indices out of range and unsupported statements (`if`, `while`, gate
 * modifiers, ...).
 */
export function parseQasm(source: string, options: ParseOptions = {}): Circuit {
  if (typeof source !== 'string') {
    throw new QasmError('the circuit must be an OpenQASM program given as a string', 1, 1);
  }
  return new Parser(tokenize(source), options).program();
}

/** Deepest nesting of parentheses, calls, signs and powers accepted in one expression. */
export const MAX_EXPRESSION_DEPTH = 256;

class Parser {
  private pos = 0;
  private libraryIncluded = false;
  private readonly qubitRegisters = new Map<string, RegisterSpan>();
  private declaredQubits = 0;
  private physicalQubits = 0;
  private usesPhysical = false;
  private readonly clbitRegisters = new Map<string, RegisterSpan>();
  private numClbits = 0;
  private readonly parameters: string[] = [];
  private readonly constants = new Map<string, number>();
  private readonly gates = new Map<string, GateDefinition>();
  private readonly names = new Set<string>();
  private readonly instructions: Instruction[] = [];
  private readonly maxInstructions: number;
  private readonly maxRegisterSize: number;
  private statementStart: Pos = { line: 1, column: 1 };
  /** Current nesting of the expression parser (bounded, so hostile input cannot overflow the stack). */
  private expressionDepth = 0;

  constructor(
    private readonly tokens: readonly Token[],
    options: ParseOptions,
  ) {
    this.maxInstructions = options.maxInstructions ?? DEFAULT_MAX_INSTRUCTIONS;
    this.maxRegisterSize = options.maxRegisterSize ?? DEFAULT_MAX_REGISTER_SIZE;
  }

  program(): Circuit {
    let first = true;
    while (this.peek().kind !== 'eof') {
      this.statement(first);
      first = false;
    }
    const view = ({ name, offset, size }: RegisterSpan): Register => ({
      name,
      bits: range(size).map((i) => offset + i),
    });
    return {
      numQubits: this.usesPhysical ? this.physicalQubits : this.declaredQubits,
      numClbits: this.numClbits,
      qregs: [...this.qubitRegisters.values()].map(view),
      cregs: [...this.clbitRegisters.values()].map(view),
      parameters: [...this.parameters],
      globalPhase: 0,
      vars: [],
      gates: [],
      instructions: this.instructions,
    };
  }

  // ---- token helpers ---------------------------------------------------------------------

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
    throw this.error(`expected ${what}, got ${describe(t)}`, t);
  }

  private expectIdent(what: string): Token {
    const t = this.peek();
    if (t.kind === 'ident') return this.next();
    throw this.error(`expected ${what}, got ${describe(t)}`, t);
  }

  private error(message: string, at: Pos): QasmError {
    return new QasmError(message, at.line, at.column);
  }

  // ---- statements ------------------------------------------------------------------------

  private statement(first: boolean): void {
    const t = this.peek();
    this.statementStart = t;
    if (t.kind === 'punct') {
      if (t.text === '#') throw this.error(`unsupported statement '#${this.peek(1).text}'`, t);
      if (t.text === '@') throw this.error('annotations are not supported', t);
      if (t.text === ';') {
        this.next();
        return;
      }
      throw this.error(`unexpected ${describe(t)}`, t);
    }
    if (t.kind !== 'ident') throw this.error(`unexpected ${describe(t)}`, t);
    switch (t.text) {
      case 'OPENQASM':
        return this.version(first);
      case 'include':
        return this.include();
      case 'qubit':
        return this.qubitDeclaration();
      case 'qreg':
        return this.qregDeclaration();
      case 'bit':
        return this.bitDeclaration();
      case 'creg':
        return this.cregDeclaration();
      case 'input':
        return this.inputDeclaration();
      case 'const':
        return this.constDeclaration();
      case 'gate':
        return this.gateDefinition();
      case 'measure':
        return this.measureStatement();
      case 'reset':
        return this.resetStatement();
      case 'barrier':
        return this.barrierStatement();
      case 'delay':
        return this.delayStatement();
      case 'gphase':
        return this.gphaseStatement();
    }
    if (MODIFIERS.has(t.text) && (this.isPunct('@', 1) || this.isPunct('(', 1))) {
      throw this.error(`gate modifiers ('${t.text} @') are not supported`, t);
    }
    if (UNSUPPORTED_STATEMENTS.has(t.text) && !this.gates.has(t.text)) {
      throw this.error(`unsupported statement '${t.text}'`, t);
    }
    if (this.hasTopLevelAssignment()) return this.assignment();
    this.gateCall();
  }

  private version(first: boolean): void {
    const kw = this.next();
    if (!first) throw this.error('the OPENQASM version must be the first statement', kw);
    const v = this.peek();
    if (v.kind !== 'number') throw this.error(`expected a version number, got ${describe(v)}`, v);
    this.next();
    const major = Math.floor(v.value);
    if (major !== 2 && major !== 3) {
      throw this.error(`unsupported OpenQASM version ${v.text} (2 and 3 are supported)`, v);
    }
    this.expect(';');
  }

  private include(): void {
    this.next();
    const file = this.peek();
    if (file.kind !== 'string')
      throw this.error(`expected a file name, got ${describe(file)}`, file);
    this.next();
    if (file.text !== 'stdgates.inc' && file.text !== 'qelib1.inc') {
      throw this.error(
        `cannot include '${file.text}': only "stdgates.inc" and "qelib1.inc" are available`,
        file,
      );
    }
    this.libraryIncluded = true;
    this.expect(';');
  }

  private declareName(tok: Token): void {
    if (this.names.has(tok.text) || CONSTANTS.has(tok.text)) {
      throw this.error(`'${tok.text}' is already declared`, tok);
    }
    this.names.add(tok.text);
  }

  private addQubitRegister(nameTok: Token, size: number): void {
    if (this.usesPhysical) {
      throw this.error(
        'qubit registers cannot be declared in a program that uses physical qubits',
        nameTok,
      );
    }
    this.declareName(nameTok);
    this.qubitRegisters.set(nameTok.text, {
      name: nameTok.text,
      offset: this.declaredQubits,
      size,
    });
    this.declaredQubits += size;
    if (this.declaredQubits > this.maxRegisterSize) {
      throw this.error(`too many qubits (more than ${this.maxRegisterSize})`, nameTok);
    }
  }

  private addClbitRegister(nameTok: Token, size: number): void {
    this.declareName(nameTok);
    this.clbitRegisters.set(nameTok.text, { name: nameTok.text, offset: this.numClbits, size });
    this.numClbits += size;
  }

  private optionalSize(): number | undefined {
    if (!this.accept('[')) return undefined;
    const size = this.sizeExpression();
    this.expect(']');
    return size;
  }

  private sizeExpression(): number {
    const at = this.peek();
    const size = this.integerExpression();
    if (size < 1) throw this.error('a register size must be at least 1', at);
    if (size > this.maxRegisterSize) {
      throw this.error(`register size ${size} is too large (at most ${this.maxRegisterSize})`, at);
    }
    return size;
  }

  private qubitDeclaration(): void {
    this.next();
    const size = this.optionalSize() ?? 1;
    const name = this.expectIdent('a register name');
    this.addQubitRegister(name, size);
    this.expect(';');
  }

  private qregDeclaration(): void {
    this.next();
    const name = this.expectIdent('a register name');
    this.expect('[');
    const size = this.sizeExpression();
    this.expect(']');
    this.addQubitRegister(name, size);
    this.expect(';');
  }

  private bitDeclaration(): void {
    this.next();
    const size = this.optionalSize() ?? 1;
    const name = this.expectIdent('a register name');
    this.addClbitRegister(name, size);
    if (this.accept('=')) {
      const reg = this.clbitRegisters.get(name.text)!;
      const bits: Operand<number> = {
        items: range(reg.size).map((index) => reg.offset + index),
        register: true,
        pos: name,
      };
      const kw = this.peek();
      if (!(kw.kind === 'ident' && kw.text === 'measure')) {
        throw this.error('only a measurement can initialise a bit register here', kw);
      }
      this.next();
      this.emitMeasurements(this.qubitOperand(), bits);
    }
    this.expect(';');
  }

  private cregDeclaration(): void {
    this.next();
    const name = this.expectIdent('a register name');
    this.expect('[');
    const size = this.sizeExpression();
    this.expect(']');
    this.addClbitRegister(name, size);
    this.expect(';');
  }

  /** `float`, `float[64]`, `angle`, `angle[32]`: the types an angle parameter may have. */
  private angleType(allowInt: boolean): void {
    const t = this.expectIdent('a type');
    const ok =
      t.text === 'float' ||
      t.text === 'angle' ||
      (allowInt && (t.text === 'int' || t.text === 'uint'));
    if (!ok) {
      throw this.error(
        allowInt
          ? `unsupported constant type '${t.text}' (float, angle, int and uint are supported)`
          : `unsupported input type '${t.text}' (only float and angle inputs are supported)`,
        t,
      );
    }
    if (this.accept('[')) {
      this.integerExpression();
      this.expect(']');
    }
  }

  private inputDeclaration(): void {
    this.next();
    this.angleType(false);
    const name = this.expectIdent('a parameter name');
    this.declareName(name);
    this.parameters.push(name.text);
    this.expect(';');
  }

  private constDeclaration(): void {
    this.next();
    this.angleType(true);
    const name = this.expectIdent('a constant name');
    this.expect('=');
    const at = this.peek();
    const value = this.expression({ kind: 'global' });
    if (typeof value !== 'number') {
      throw this.error('a constant cannot depend on an input parameter', at);
    }
    this.declareName(name);
    this.constants.set(name.text, value);
    this.expect(';');
  }

  private gateDefinition(): void {
    this.next();
    const name = this.expectIdent('a gate name');
    if (this.gates.has(name.text) || this.names.has(name.text)) {
      throw this.error(`'${name.text}' is already declared`, name);
    }
    const params: string[] = [];
    if (this.accept('(')) {
      if (!this.isPunct(')')) {
        do {
          const p = this.expectIdent('a parameter name');
          if (params.includes(p.text)) throw this.error(`duplicate parameter '${p.text}'`, p);
          params.push(p.text);
        } while (this.accept(','));
      }
      this.expect(')');
    }
    const qubits: string[] = [];
    do {
      const q = this.expectIdent('a qubit name');
      if (qubits.includes(q.text) || params.includes(q.text)) {
        throw this.error(`duplicate name '${q.text}'`, q);
      }
      qubits.push(q.text);
    } while (this.accept(','));
    this.expect('{');
    const body: BodyCall[] = [];
    const scope: Scope = { kind: 'gate', params };
    while (!this.isPunct('}')) {
      const t = this.peek();
      if (t.kind === 'eof') throw this.error(`unterminated body of gate '${name.text}'`, name);
      if (t.kind === 'punct' && t.text === ';') {
        this.next();
        continue;
      }
      if (t.kind !== 'ident') throw this.error(`unexpected ${describe(t)}`, t);
      if (t.text === 'barrier') {
        this.next();
        this.bodyQubitList(qubits);
        this.expect(';');
        continue;
      }
      if (t.text === 'gphase') {
        this.next();
        this.expect('(');
        this.expression(scope);
        this.expect(')');
        this.bodyQubitList(qubits);
        this.expect(';');
        continue;
      }
      if (MODIFIERS.has(t.text) && (this.isPunct('@', 1) || this.isPunct('(', 1))) {
        throw this.error(`gate modifiers ('${t.text} @') are not supported`, t);
      }
      const { target, signatureQubits, signatureParams } = this.resolveGate(t);
      this.next();
      const args = this.angleArguments(scope);
      const operands = this.bodyQubitList(qubits);
      this.expect(';');
      this.checkArity(t, signatureParams, args.length, signatureQubits, operands.length);
      if (new Set(operands).size !== operands.length) {
        throw this.error(`gate '${t.text}' is applied to the same qubit twice`, t);
      }
      body.push({ target, params: args, qubits: operands, pos: t });
    }
    this.expect('}');
    this.names.add(name.text);
    this.gates.set(name.text, { name: name.text, params, numQubits: qubits.length, body });
  }

  /** A possibly empty, comma-separated list of a gate body's formal qubits, as indices. */
  private bodyQubitList(qubits: readonly string[]): number[] {
    const operands: number[] = [];
    if (this.isPunct(';')) return operands;
    do {
      const t = this.peek();
      if (t.kind === 'physical') {
        throw this.error('physical qubits cannot be used inside a gate body', t);
      }
      const name = this.expectIdent('a qubit name');
      const i = qubits.indexOf(name.text);
      if (i < 0) throw this.error(`unknown qubit '${name.text}' in gate body`, name);
      if (this.isPunct('['))
        throw this.error('gate qubit arguments cannot be indexed', this.peek());
      operands.push(i);
    } while (this.accept(','));
    return operands;
  }

  private resolveGate(t: Token): {
    target: GateTarget;
    signatureQubits: number;
    signatureParams: number;
  } {
    const defined = this.gates.get(t.text);
    if (defined) {
      return {
        target: { kind: 'defined', definition: defined },
        signatureQubits: defined.numQubits,
        signatureParams: defined.params.length,
      };
    }
    const builtin = BUILTIN_GATES.get(t.text);
    const library = LIBRARY_GATES.get(t.text);
    const signature = builtin ?? (this.libraryIncluded ? library : undefined);
    if (!signature) {
      if (library) {
        throw this.error(
          `unknown gate '${t.text}' (add include "stdgates.inc"; to use the standard gates)`,
          t,
        );
      }
      if (this.qubitRegisters.has(t.text) || this.clbitRegisters.has(t.text)) {
        throw this.error(`'${t.text}' is a register, not a gate`, t);
      }
      throw this.error(`unknown gate '${t.text}'`, t);
    }
    return {
      target: { kind: 'standard', signature },
      signatureQubits: signature.numQubits,
      signatureParams: signature.numParams,
    };
  }

  private checkArity(
    at: Token,
    wantParams: number,
    gotParams: number,
    wantQubits: number,
    gotQubits: number,
  ): void {
    if (wantParams !== gotParams) {
      throw this.error(
        `gate '${at.text}' expects ${plural(wantParams, 'parameter')}, got ${gotParams}`,
        at,
      );
    }
    if (wantQubits !== gotQubits) {
      throw this.error(
        `gate '${at.text}' expects ${plural(wantQubits, 'qubit')}, got ${gotQubits}`,
        at,
      );
    }
  }

  private angleArguments(scope: Scope): Angle[] {
    const args: Angle[] = [];
    if (this.accept('(')) {
      if (!this.isPunct(')')) {
        do {
          const at = this.peek();
          const a = this.expression(scope);
          if (typeof a === 'number' && !Number.isFinite(a)) {
            throw this.error('the angle is not a finite number', at);
          }
          args.push(a);
        } while (this.accept(','));
      }
      this.expect(')');
    }
    return args;
  }

  private gateCall(): void {
    const t = this.peek();
    const { target, signatureQubits, signatureParams } = this.resolveGate(t);
    this.next();
    const params = this.angleArguments({ kind: 'global' });
    const operands: Operand<number>[] = [];
    if (!this.isPunct(';')) {
      do operands.push(this.qubitOperand());
      while (this.accept(','));
    }
    this.expect(';');
    this.checkArity(t, signatureParams, params.length, signatureQubits, operands.length);
    for (const qubits of this.broadcast(operands)) {
      if (new Set(qubits).size !== qubits.length) {
        throw this.error(`gate '${t.text}' is applied to the same qubit twice`, t);
      }
      this.applyTarget(target, params, qubits);
    }
  }

  /** Pair up operands: whole registers go index by index, single qubits repeat. */
  private broadcast<T>(operands: readonly Operand<T>[]): T[][] {
    const registers = operands.filter((o) => o.register);
    if (registers.length === 0) return [operands.map((o) => o.items[0]!)];
    const n = registers[0]!.items.length;
    for (const r of registers) {
      if (r.items.length !== n) {
        throw this.error(
          `registers of different sizes (${n} and ${r.items.length}) cannot be combined`,
          r.pos,
        );
      }
    }
    return range(n).map((i) => operands.map((o) => (o.register ? o.items[i]! : o.items[0]!)));
  }

  private applyTarget(
    target: GateTarget,
    params: readonly Angle[],
    qubits: readonly number[],
  ): void {
    if (target.kind === 'standard') {
      const sig = target.signature;
      this.emit({
        kind: 'gate',
        name: sig.name,
        qubits: [...qubits],
        params: sig.rewrite ? sig.rewrite(params) : [...params],
      });
      return;
    }
    const def = target.definition;
    for (const call of def.body) {
      const args = call.params.map((p) =>
        substitute(p, (name) => {
          const i = def.params.indexOf(name);
          return i >= 0 ? params[i] : undefined;
        }),
      );
      for (const a of args) {
        if (typeof a === 'number' && !Number.isFinite(a)) {
          throw this.error(
            `the angle is not a finite number in the expansion of gate '${def.name}'`,
            call.pos,
          );
        }
      }
      this.applyTarget(
        call.target,
        args,
        call.qubits.map((i) => qubits[i]!),
      );
    }
  }

  private emit(instruction: Instruction): void {
    if (this.instructions.length >= this.maxInstructions) {
      throw this.error(
        `the circuit expands to more than ${this.maxInstructions} instructions`,
        this.statementStart,
      );
    }
    this.instructions.push(instruction);
  }

  // ---- operands --------------------------------------------------------------------------

  private qubitOperand(): Operand<number> {
    const t = this.peek();
    if (t.kind === 'physical') {
      this.next();
      if (this.qubitRegisters.size > 0) {
        throw this.error('physical qubits cannot be mixed with declared qubit registers', t);
      }
      if (t.value >= this.maxRegisterSize) {
        throw this.error(
          `physical qubit ${t.text} is out of range (at most $${this.maxRegisterSize - 1})`,
          t,
        );
      }
      this.usesPhysical = true;
      this.physicalQubits = Math.max(this.physicalQubits, t.value + 1);
      return { items: [t.value], register: false, pos: t };
    }
    const name = this.expectIdent('a qubit');
    const reg = this.qubitRegisters.get(name.text);
    if (!reg) {
      if (this.clbitRegisters.has(name.text)) {
        throw this.error(`'${name.text}' is a classical register, expected qubits`, name);
      }
      throw this.error(`unknown qubit register '${name.text}'`, name);
    }
    if (this.accept('[')) {
      const index = this.index(reg.size, name.text);
      this.expect(']');
      return { items: [reg.offset + index], register: false, pos: name };
    }
    return { items: range(reg.size).map((i) => reg.offset + i), register: true, pos: name };
  }

  private clbitOperand(): Operand<number> {
    const name = this.expectIdent('a classical register');
    const reg = this.clbitRegisters.get(name.text);
    if (!reg) {
      if (this.qubitRegisters.has(name.text)) {
        throw this.error(`'${name.text}' is a qubit register, expected classical bits`, name);
      }
      throw this.error(`unknown classical register '${name.text}'`, name);
    }
    if (this.accept('[')) {
      const index = this.index(reg.size, name.text);
      this.expect(']');
      return { items: [reg.offset + index], register: false, pos: name };
    }
    return {
      items: range(reg.size).map((index) => reg.offset + index),
      register: true,
      pos: name,
    };
  }

  private index(size: number, register: string): number {
    const at = this.peek();
    if (this.isPunct('{') || this.isPunct(':')) {
      throw this.error('register slices and index sets are not supported', at);
    }
    let i = this.integerExpression(true);
    if (this.isPunct(':') || this.isPunct(',')) {
      throw this.error('register slices and index sets are not supported', this.peek());
    }
    if (i < 0) i += size;
    if (i < 0 || i >= size) {
      throw this.error(
        `index ${i < 0 ? i - size : i} is out of range for register '${register}' of size ${size}`,
        at,
      );
    }
    return i;
  }

  // ---- measurement, reset, barrier, delay ------------------------------------------------

  private measureStatement(): void {
    this.next();
    const qubits = this.qubitOperand();
    if (this.accept('->')) {
      this.emitMeasurements(qubits, this.clbitOperand());
    } else {
      for (const q of qubits.items) this.emit({ kind: 'measure', qubit: q, clbit: null });
    }
    this.expect(';');
  }

  private hasTopLevelAssignment(): boolean {
    for (let i = this.pos; i < this.tokens.length; i++) {
      const t = this.tokens[i]!;
      if (t.kind === 'eof') return false;
      if (t.kind === 'punct' && (t.text === ';' || t.text === '{')) return false;
      if (t.kind === 'punct' && t.text === '=') return true;
    }
    return false;
  }

  private assignment(): void {
    const bits = this.clbitOperand();
    this.expect('=');
    const kw = this.peek();
    if (!(kw.kind === 'ident' && kw.text === 'measure')) {
      throw this.error('only measurement results can be assigned to classical bits', kw);
    }
    this.next();
    this.emitMeasurements(this.qubitOperand(), bits);
    this.expect(';');
  }

  private emitMeasurements(qubits: Operand<number>, bits: Operand<number>): void {
    if (qubits.items.length !== bits.items.length) {
      throw this.error(
        `cannot measure ${plural(qubits.items.length, 'qubit')} into ${plural(bits.items.length, 'bit')}`,
        qubits.pos,
      );
    }
    qubits.items.forEach((q, i) => this.emit({ kind: 'measure', qubit: q, clbit: bits.items[i]! }));
  }

  private qubitList(): number[] {
    const qubits: number[] = [];
    if (this.isPunct(';')) return qubits;
    do qubits.push(...this.qubitOperand().items);
    while (this.accept(','));
    return qubits;
  }

  private resetStatement(): void {
    const kw = this.next();
    const qubits = this.qubitList();
    if (qubits.length === 0) throw this.error("'reset' needs at least one qubit", kw);
    this.expect(';');
    for (const q of qubits) this.emit({ kind: 'reset', qubit: q });
  }

  private barrierStatement(): void {
    this.next();
    const qubits = this.qubitList();
    this.expect(';');
    this.emit({ kind: 'barrier', qubits: [...new Set(qubits)] });
  }

  private delayStatement(): void {
    this.next();
    this.expect('[');
    const amount = this.peek();
    if (amount.kind !== 'number')
      throw this.error(`expected a duration, got ${describe(amount)}`, amount);
    this.next();
    const unit = this.peek();
    if (unit.kind !== 'ident' || !DELAY_UNITS.has(unit.text)) {
      throw this.error(`expected a time unit (dt, ns, us, ms, s), got ${describe(unit)}`, unit);
    }
    this.next();
    this.expect(']');
    this.qubitList();
    this.expect(';');
  }

  private gphaseStatement(): void {
    this.next();
    this.expect('(');
    this.expression({ kind: 'global' });
    this.expect(')');
    this.qubitList();
    this.expect(';');
  }

  // ---- expressions -----------------------------------------------------------------------

  private integerExpression(allowNegative = false): number {
    const at = this.peek();
    const v = this.expression({ kind: 'global' });
    if (typeof v !== 'number' || !Number.isInteger(v) || (!allowNegative && v < 0)) {
      throw this.error(`expected a${allowNegative ? 'n' : ' non-negative'} integer`, at);
    }
    return v;
  }

  private expression(scope: Scope): Angle {
    let left = this.term(scope);
    while (this.isPunct('+') || this.isPunct('-')) {
      const op = this.next().text as ExpressionOperator;
      left = binary(op, left, this.term(scope));
    }
    return left;
  }

  private term(scope: Scope): Angle {
    let left = this.unary(scope);
    while (this.isPunct('*') || this.isPunct('/')) {
      const op = this.next().text as ExpressionOperator;
      left = binary(op, left, this.unary(scope));
    }
    return left;
  }

  private unary(scope: Scope): Angle {
    // Every nesting path (parentheses, function calls, signs, powers) passes through here.
    if (this.expressionDepth >= MAX_EXPRESSION_DEPTH) {
      throw this.error(
        `expression nested too deeply (more than ${MAX_EXPRESSION_DEPTH} levels)`,
        this.peek(),
      );
    }
    this.expressionDepth++;
    try {
      if (this.accept('-')) return negate(this.unary(scope));
      if (this.accept('+')) return this.unary(scope);
      return this.power(scope);
    } finally {
      this.expressionDepth--;
    }
  }

  private power(scope: Scope): Angle {
    const base = this.primary(scope);
    if (this.isPunct('^') || this.isPunct('**')) {
      this.next();
      return binary('^', base, this.unary(scope));
    }
    return base;
  }

  private primary(scope: Scope): Angle {
    const t = this.peek();
    if (t.kind === 'number') {
      this.next();
      if (
        this.peek().kind === 'ident' &&
        this.peek().line === t.line &&
        this.peek().column === t.column + t.text.length
      ) {
        throw this.error(`unexpected '${this.peek().text}' after number ${t.text}`, this.peek());
      }
      return t.value;
    }
    if (this.accept('(')) {
      const e = this.expression(scope);
      this.expect(')');
      return e;
    }
    if (t.kind === 'ident') {
      this.next();
      if (this.isPunct('(')) {
        if (!isExpressionFunction(t.text)) throw this.error(`unknown function '${t.text}'`, t);
        this.next();
        const arg = this.expression(scope);
        this.expect(')');
        return callFunction(t.text, arg);
      }
      const constant = CONSTANTS.get(t.text) ?? this.constants.get(t.text);
      if (scope.kind === 'gate' && scope.params.includes(t.text)) {
        return param(t.text, t);
      }
      if (constant !== undefined) return constant;
      if (scope.kind === 'global' && this.parameters.includes(t.text)) return param(t.text, t);
      if (scope.kind === 'gate' && this.parameters.includes(t.text)) {
        throw this.error(`input parameter '${t.text}' cannot be used inside a gate body`, t);
      }
      throw this.error(`unknown identifier '${t.text}'`, t);
    }
    throw this.error(`expected an expression, got ${describe(t)}`, t);
  }
}

function param(name: string, at: Token): ParameterExpression {
  return { op: 'param', name, line: at.line, column: at.column };
}

function describe(t: Token): string {
  if (t.kind === 'eof') return 'end of input';
  if (t.kind === 'string') return `"${t.text}"`;
  return `'${t.text}'`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
