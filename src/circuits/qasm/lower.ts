/**
 * Lowers a program's syntax tree to the circuit model: declarations, assignments, gates,
 * measurements and the other quantum statements, with classical values followed while they
 * are known and moved to run time (circuit variables and classical bits) once they depend on a
 * measurement. Control flow is in `control-flow.ts`, subroutine calls in `subroutines.ts`.
 *
 * Each statement is lowered on its own: a problem is reported and the statement skipped, so
 * one pass finds the program's problems.
 *
 * @module
 */
import type { ClassicalExpr, Duration, Instruction } from '../model.js';
import { assignedNames, rootName } from './assigned.js';
import type { Expr, IndexSelector, Stmt } from './ast.js';
import { CircuitBuilder, type BuildLimits } from './builder.js';
import {
  EndSignal,
  flagVar,
  SkipRest,
  type FunctionContext,
  type LoopContext,
  type LoweringContext,
} from './context.js';
import { lowerBox, lowerFor, lowerIf, lowerSwitch, lowerWhile, lowerExit } from './control-flow.js';
import { DiagnosticsFull, Problem, type Diagnostics, type Pos } from './diagnostics.js';
import { CONSTANTS, Evaluator, Silent, describeOperand } from './evaluate.js';
import { GateLowering, gphaseCall, type GateTarget } from './gate-calls.js';
import type { IncludeFile } from './library.js';
import { bitOf, castTo, modelType, RuntimeTypeError, valueExpr, type Typed } from './runtime.js';
import { Scope, type Entry, type Operand, type Variable } from './scope.js';
import { callSubroutine } from './subroutines.js';
import { cast as castValue, intValue, typeName, zero, type QType, type Value } from './values.js';

export class Lowerer implements LoweringContext {
  readonly scope = new Scope();
  readonly builder: CircuitBuilder;
  readonly evaluator: Evaluator;
  readonly gates: GateLowering;
  readonly included = new Set<IncludeFile>();
  /** >0 inside a block that runs only under a run-time condition (or a run-time loop). */
  runtimeDepth = 0;
  iterations = 0;
  readonly loops: LoopContext[] = [];
  readonly functions: FunctionContext[] = [];
  /** The target of gates outside definitions. */
  readonly target: GateTarget;

  constructor(
    readonly diagnostics: Diagnostics,
    limits: BuildLimits,
    /** True for OpenQASM 2 (`/` divides as real numbers); set when the version is known. */
    public qasm2: boolean,
  ) {
    this.builder = new CircuitBuilder(limits);
    this.evaluator = new Evaluator(
      this.scope,
      this.builder,
      {
        callSubroutine: (def, args, at) => callSubroutine(this, def, args, at),
        measure: (qubits, bits, at) => this.measure(qubits, bits, at),
      },
      () => this.qasm2,
    );
    this.gates = new GateLowering(
      this.scope,
      this.builder,
      this.evaluator,
      this.included,
      () => this.qasm2,
    );
    this.target = {
      emit: (ins, at) => this.emit(ins, at),
      addPhase: (angle, at) => {
        if (this.runtimeDepth === 0) this.builder.addGlobalPhase(angle);
        else this.emit({ kind: 'gate', name: 'global_phase', qubits: [], params: [angle] }, at);
      },
    };
  }

  /** Lower one statement of the program's top level; false once `end` stopped the program. */
  topLevel(s: Stmt): boolean {
    try {
      this.statement(s);
      return true;
    } catch (e) {
      if (e instanceof EndSignal) return false;
      throw e;
    }
  }

  // ---- statement lists ---------------------------------------------------------------------

  /**
   * Lower `list` in order. When a statement may have left the current loop or subroutine at
   * run time, the rest of the list runs only if it did not: it goes in an `if` on the flags.
   */
  statements(list: readonly Stmt[]): void {
    for (let i = 0; i < list.length; i++) {
      const before = this.exitCount();
      try {
        this.statement(list[i]!);
      } catch (e) {
        if (e instanceof SkipRest) return;
        throw e;
      }
      if (this.exitCount() !== before && i + 1 < list.length) {
        this.guardRest(list.slice(i + 1), list[i + 1]!.pos);
        return;
      }
    }
  }

  /** The innermost loop of the subroutine being inlined (or of the program), if any. */
  innermostLoop(): LoopContext | undefined {
    const loop = this.loops[this.loops.length - 1];
    return loop !== undefined && loop.functionDepth === this.functions.length ? loop : undefined;
  }

  private exitCount(): number {
    const loop = this.innermostLoop();
    const fn = this.functions[this.functions.length - 1];
    return (loop?.kind === 'unrolled' ? loop.exits : 0) + (fn?.exits ?? 0);
  }

  /** `!(flag || ...)` for the exits that may have happened here, or `undefined`. */
  exitGuard(): ClassicalExpr | undefined {
    const loop = this.innermostLoop();
    const fn = this.functions[this.functions.length - 1];
    const flags = [
      loop?.kind === 'unrolled' ? loop.breakFlag : undefined,
      loop?.kind === 'unrolled' ? loop.continueFlag : undefined,
      fn?.returnFlag,
    ].filter((f): f is string => f !== undefined);
    if (flags.length === 0) return undefined;
    let any: ClassicalExpr = flagVar(flags[0]!);
    for (const f of flags.slice(1)) {
      any = { kind: 'binary', op: 'or', left: any, right: flagVar(f), type: { kind: 'bool' } };
    }
    return { kind: 'unary', op: 'not', operand: any, type: { kind: 'bool' } };
  }

  private guardRest(rest: readonly Stmt[], at: Pos): void {
    const guard = this.exitGuard();
    if (guard === undefined) {
      this.statements(rest);
      return;
    }
    this.conditional(rest, at, (block) => ({
      kind: 'if',
      condition: guard,
      then: block,
      else: null,
    }));
  }

  /**
   * Emit `body` as a block that runs under a run-time condition: variables it assigns move to
   * run time first, and it is lowered in its own scope.
   */
  conditional(body: readonly Stmt[], at: Pos, make: (block: Instruction[]) => Instruction): void {
    this.materializeAssigned(body, at);
    const block = this.runtimeBlock(() => this.scope.within('block', () => this.statements(body)));
    this.emit(make(block), at);
  }

  /** Lower `fill` into a new block that runs only at run time. */
  runtimeBlock(fill: () => void): Instruction[] {
    this.runtimeDepth++;
    try {
      return this.builder.block(fill);
    } finally {
      this.runtimeDepth--;
    }
  }

  /** Lower one statement; a problem is reported and the statement skipped. */
  statement(s: Stmt): void {
    try {
      this.lowerStatement(s);
    } catch (e) {
      if (e instanceof Problem) {
        this.diagnostics.report(e.detail, e.at);
        if (e.fatal) throw new DiagnosticsFull();
      } else if (!(e instanceof Silent)) throw e;
    }
  }

  private lowerStatement(s: Stmt): void {
    switch (s.kind) {
      case 'include':
        return this.include(s);
      case 'qubit':
        return this.qubitDeclaration(s);
      case 'declare':
        return this.declaration(s);
      case 'gate':
        this.requireGlobal(s.pos, 'a gate');
        return this.gates.define(s, (p) => this.diagnostics.report(p.detail, p.at));
      case 'def':
        this.requireGlobal(s.pos, 'a subroutine');
        this.declareName(s.name.name, s.name.pos, true);
        this.scope.declareGlobal(s.name.name, { kind: 'subroutine', def: s, pos: s.name.pos });
        return;
      case 'extern':
        this.requireGlobal(s.pos, 'an extern function');
        this.declareName(s.name.name, s.name.pos, true);
        this.scope.declareGlobal(s.name.name, { kind: 'extern', pos: s.name.pos });
        return;
      case 'gateCall':
        return this.gateCall(s);
      case 'measureArrow':
        return this.measureArrow(s);
      case 'assign':
        return this.assignment(s);
      case 'expr':
        if (
          s.expr.kind === 'call' &&
          s.expr.name === 'gphase' &&
          this.scope.lookup('gphase') === undefined
        ) {
          return this.gates.apply(gphaseCall(s.expr), this.target);
        }
        this.evaluator.evaluate(s.expr);
        return;
      case 'reset':
        if (s.qubits.length === 0) throw new Problem("'reset' needs at least one qubit", s.pos);
        for (const q of this.qubitList(s.qubits)) this.emit({ kind: 'reset', qubit: q }, s.pos);
        return;
      case 'barrier':
        this.emit({ kind: 'barrier', qubits: [...new Set(this.qubitList(s.qubits))] }, s.pos);
        return;
      case 'nop':
        this.qubitList(s.qubits);
        return;
      case 'delay': {
        const duration = this.duration(s.duration);
        const qubits =
          s.qubits.length === 0
            ? range(this.builder.numQubits)
            : [...new Set(this.qubitList(s.qubits))];
        this.emit({ kind: 'delay', qubits, duration }, s.pos);
        return;
      }
      case 'if':
        return lowerIf(this, s);
      case 'while':
        return lowerWhile(this, s);
      case 'for':
        return lowerFor(this, s);
      case 'switch':
        return lowerSwitch(this, s);
      case 'box':
        return lowerBox(this, s);
      case 'block':
        this.scope.within('block', () => this.statements(s.body));
        return;
      case 'break':
      case 'continue':
      case 'return':
        return lowerExit(this, s as Stmt & { kind: 'break' | 'continue' | 'return' });
      case 'end':
        if (this.runtimeDepth > 0 || this.functions.length > 0) {
          throw new Problem(
            "'end' can only stop the program outside run-time blocks and subroutines",
            s.pos,
          );
        }
        throw new EndSignal();
      case 'let':
        return this.alias(s);
      case 'ignored':
        if (s.what === 'defcal' && s.name !== null && this.scope.global(s.name) === undefined) {
          this.scope.declareGlobal(s.name, { kind: 'defcal', pos: s.pos });
        }
        return;
    }
  }

  // ---- emission ------------------------------------------------------------------------------

  emit(instruction: Instruction, at: Pos): void {
    this.builder.emit(instruction, at);
  }

  measure(qubits: readonly number[], bits: readonly (number | null)[], at: Pos): void {
    qubits.forEach((q, i) => this.emit({ kind: 'measure', qubit: q, clbit: bits[i] ?? null }, at));
  }

  private qubitList(exprs: readonly Expr[]): number[] {
    return exprs.flatMap((e) => [...this.evaluator.qubits(e).qubits]);
  }

  // ---- declarations --------------------------------------------------------------------------

  private include(s: Stmt & { kind: 'include' }): void {
    this.requireGlobal(s.pos, 'an include');
    if (s.file !== 'stdgates.inc' && s.file !== 'qelib1.inc') {
      throw new Problem(
        `cannot include '${s.file}': only "stdgates.inc" and "qelib1.inc" are available`,
        s.filePos,
      );
    }
    this.included.add(s.file);
  }

  private requireGlobal(at: Pos, what: string): void {
    if (!this.scope.atGlobal)
      throw new Problem(`${what} can only be declared at the top level of the program`, at);
  }

  /** Check that `name` may be declared in the current scope. */
  declareName(name: string, at: Pos, global = false): void {
    if (CONSTANTS.has(name)) throw new Problem(`'${name}' is a built-in constant`, at);
    const existing = global ? this.scope.global(name) : this.scope.local(name);
    if (existing !== undefined) throw new Problem(`'${name}' is already declared`, at);
  }

  /** Declare `name` as poisoned so later uses are not reported again. */
  private poison(name: string, at: Pos): void {
    if (this.scope.local(name) === undefined)
      this.scope.declare(name, { kind: 'poisoned', pos: at });
  }

  private qubitDeclaration(s: Stmt & { kind: 'qubit' }): void {
    const name = s.name.name;
    try {
      this.requireGlobal(s.pos, 'a qubit');
      this.declareName(name, s.name.pos);
      const size =
        s.size === null ? 1 : this.evaluator.size(s.size, 'register size', this.maxRegisterSize());
      const qubits = this.builder.addQubits(name, size, s.name.pos);
      this.builder.reserve(name);
      this.scope.declare(name, {
        kind: 'qubits',
        qubits,
        scalar: s.size === null,
        pos: s.name.pos,
      });
    } catch (e) {
      if (e instanceof Problem && !e.detail.includes('already declared'))
        this.poison(name, s.name.pos);
      throw e;
    }
  }

  private maxRegisterSize(): number {
    return this.builder.limits.maxRegisterSize;
  }

  private declaration(s: Stmt & { kind: 'declare' }): void {
    const name = s.name.name;
    try {
      this.declareName(name, s.name.pos);
      this.declareVariable(s);
    } catch (e) {
      if (e instanceof Problem && !e.detail.includes('already declared'))
        this.poison(name, s.name.pos);
      throw e;
    }
  }

  private declareVariable(s: Stmt & { kind: 'declare' }): void {
    const name = s.name.name;
    const type = this.evaluator.resolveType(s.type);
    const declare = (variable: Variable) =>
      this.scope.declare(name, { kind: 'variable', variable, pos: s.name.pos });
    if (s.modifier === 'input') {
      this.requireGlobal(s.pos, 'an input');
      if (s.init !== null)
        throw new Problem('an input cannot have a value in the program', s.init.pos);
      if (type.kind !== 'float' && type.kind !== 'angle') {
        // Other inputs are the circuit's input variables (Qiskit's `add_input`), read at run time.
        const model = type.kind === 'bit' || type.kind === 'stretch' ? undefined : modelType(type);
        if (model === undefined || typeof model === 'string' || model.kind === 'array') {
          const written = s.type.kind === 'scalar' ? s.type.name : 'array';
          throw new Problem(
            `unsupported input type '${written}' (float and angle inputs are parameters; bool, int, uint and duration inputs are variables)`,
            s.type.pos,
          );
        }
        const varName = this.builder.addVar(name, model, 'input');
        declare({ name, type, isConst: false, storage: { kind: 'var', name: varName } });
        return;
      }
      this.builder.addParameter(name);
      this.builder.reserve(name);
      declare({ name, type, isConst: false, storage: { kind: 'input', name } });
      return;
    }
    if (s.modifier === 'const') {
      if (s.init === null) throw new Problem(`the constant '${name}' needs a value`, s.name.pos);
      const op = this.evaluator.evaluate(s.init);
      if (op.kind === 'angle')
        throw new Problem('a constant cannot depend on an input parameter', s.init.pos);
      if (op.kind !== 'value')
        throw new Problem('a constant must be known before the circuit runs', s.init.pos);
      declare({
        name,
        type,
        isConst: true,
        storage: { kind: 'known', value: this.convert(op.value, type, s.init.pos) },
      });
      return;
    }
    if (type.kind === 'array' && !this.scope.atGlobal) {
      throw new Problem('arrays can only be declared at the top level of the program', s.pos);
    }
    if (type.kind === 'bit' && this.scope.atGlobal) {
      const bits = this.builder.addCreg(name, type.width ?? 1, s.name.pos);
      this.builder.reserve(name);
      const variable: Variable = { name, type, isConst: false, storage: { kind: 'clbits', bits } };
      declare(variable);
      if (s.init !== null) this.assignTo(variable, null, s.init, s.init.pos, true);
      return;
    }
    const variable: Variable = {
      name,
      type,
      isConst: false,
      storage: { kind: 'known', value: null },
    };
    if (s.init !== null) {
      // Evaluate before declaring: the initial value cannot use the new name.
      const init = s.init;
      if (init.kind === 'measure') {
        declare(variable);
        this.assignTo(variable, null, init, init.pos, true);
        return;
      }
      const op = this.evaluator.evaluate(init);
      declare(variable);
      this.store(variable, null, op, init.pos);
      return;
    }
    declare(variable);
  }

  /** Convert a known value to a variable's type as an assignment does. */
  convert(v: Value, type: QType, at: Pos): Value {
    if (type.kind === 'array' && v.type.kind === 'array') {
      const c = castValue(v, type, false);
      if (typeof c === 'string') throw new Problem(c, at);
      return c;
    }
    const c = castValue(
      v,
      type,
      v.type.kind === 'angle' || type.kind === 'angle' || type.kind === 'bit',
    );
    if (typeof c === 'string') throw new Problem(c, at);
    return c;
  }

  private alias(s: Stmt & { kind: 'let' }): void {
    const name = s.name.name;
    this.declareName(name, s.name.pos);
    const op = this.evaluator.evaluate(s.value);
    let entry: Entry;
    if (op.kind === 'qubits')
      entry = { kind: 'qubits', qubits: op.qubits, scalar: op.scalar, pos: s.name.pos };
    else if (op.kind === 'bits') {
      entry = {
        kind: 'variable',
        variable: {
          name,
          type: op.type,
          isConst: false,
          storage: { kind: 'clbits', bits: op.bits },
        },
        pos: s.name.pos,
      };
    } else
      throw new Problem(
        `'let' gives another name to qubits or bits, not to ${describeOperand(op)}`,
        s.value.pos,
      );
    this.scope.declare(name, entry);
  }

  duration(e: Expr): Duration {
    const op = this.evaluator.evaluate(e);
    if (
      op.kind !== 'value' ||
      (op.value.type.kind !== 'duration' && op.value.type.kind !== 'stretch')
    ) {
      throw new Problem(`expected a duration, got ${describeOperand(op)}`, e.pos);
    }
    const d = (op.value as { d: { amount: number; unit: 'dt' | 's' } | null }).d;
    if (d === null) return { kind: 'symbolic', text: exprText(e) };
    if (e.kind === 'duration') {
      return { kind: 'literal', value: e.value, unit: e.unit };
    }
    return { kind: 'literal', value: d.amount, unit: d.unit };
  }

  // ---- gates and measurement -----------------------------------------------------------------

  private gateCall(s: Stmt & { kind: 'gateCall' }): void {
    const entry = this.scope.lookup(s.name.name);
    if (entry?.kind === 'subroutine' && s.modifiers.length === 0) {
      // The older call form `name(args) qubits;`.
      callSubroutine(this, entry.def, [...s.args, ...s.qubits], s.name.pos);
      return;
    }
    this.gates.apply(s, this.target);
  }

  private measureArrow(s: Stmt & { kind: 'measureArrow' }): void {
    const { qubits } = this.evaluator.qubits(s.qubits);
    if (s.target === null) {
      this.measure(qubits, [], s.pos);
      return;
    }
    const bits = this.bitsTarget(s.target);
    if (qubits.length !== bits.length) {
      throw new Problem(
        `cannot measure ${plural(qubits.length, 'qubit')} into ${plural(bits.length, 'bit')}`,
        s.qubits.pos,
      );
    }
    this.measure(qubits, bits, s.pos);
  }

  /** The classical bits an assignment target or measurement target names (moved to bits first). */
  private bitsTarget(target: Expr): readonly number[] {
    const { variable, selector } = this.targetOf(target);
    if (variable.type.kind !== 'bit') {
      throw new Problem(
        `cannot measure into ${typeName(variable.type)} '${variable.name}': measurements write bits`,
        target.pos,
      );
    }
    const bits = this.toClbits(variable, target.pos);
    if (selector === null) return bits;
    const name = rootName(target)!;
    let current: readonly number[] = bits;
    for (const sel of selector)
      current = this.evaluator
        .select(sel, current.length, `register '${name}'`)
        .indices.map((i) => current[i]!);
    return current;
  }

  // ---- assignment ----------------------------------------------------------------------------

  /** The variable an assignment target writes, with the index selectors applied to it. */
  private targetOf(target: Expr): { variable: Variable; selector: IndexSelector[] | null } {
    const selectors: IndexSelector[] = [];
    let e = target;
    while (e.kind === 'index') {
      selectors.unshift(e.selector);
      e = e.target;
    }
    if (e.kind !== 'ident') throw new Problem('expected a variable to assign to', target.pos);
    const entry = this.scope.lookup(e.name);
    if (entry === undefined) {
      if (CONSTANTS.has(e.name)) throw new Problem(`'${e.name}' is a built-in constant`, e.pos);
      if (this.scope.suspects.has(e.name)) throw new Silent();
      throw new Problem(`unknown identifier '${e.name}'`, e.pos);
    }
    if (entry.kind === 'poisoned') throw new Silent();
    if (entry.kind === 'qubits')
      throw new Problem(`'${e.name}' is a qubit register, expected classical bits`, e.pos);
    if (entry.kind !== 'variable') throw new Problem(`'${e.name}' cannot be assigned to`, e.pos);
    const v = entry.variable;
    if (v.isConst) throw new Problem(`cannot assign to the constant '${v.name}'`, e.pos);
    if (v.storage.kind === 'input')
      throw new Problem(`cannot assign to the input '${v.name}'`, e.pos);
    return { variable: v, selector: selectors.length === 0 ? null : selectors };
  }

  private assignment(s: Stmt & { kind: 'assign' }): void {
    const { variable, selector } = this.targetOf(s.target);
    if (s.op === '=') {
      this.assignTo(variable, selector, s.value, s.value.pos, false);
      return;
    }
    const op = s.op.slice(0, -1);
    const current = this.evaluator.evaluate(s.target);
    const rhs = this.evaluator.evaluate(s.value);
    const result = this.evaluator.binary(op === '~' ? '^' : op, current, rhs, s.opPos);
    this.store(variable, selector, result, s.value.pos);
  }

  /** `variable[selector] = value`, where `value` may be a measurement. */
  private assignTo(
    variable: Variable,
    selector: IndexSelector[] | null,
    value: Expr,
    at: Pos,
    declaration: boolean,
  ): void {
    if (value.kind === 'measure') {
      if (variable.type.kind !== 'bit') {
        throw new Problem(
          `cannot measure into ${typeName(variable.type)} '${variable.name}': measurements write bits`,
          at,
        );
      }
      const { qubits } = this.evaluator.qubits(value.operand);
      let bits = this.toClbits(variable, at);
      if (selector !== null) {
        for (const sel of selector)
          bits = this.evaluator
            .select(sel, bits.length, `register '${variable.name}'`)
            .indices.map((i) => bits[i]!);
      }
      if (qubits.length !== bits.length) {
        throw new Problem(
          `cannot measure ${plural(qubits.length, 'qubit')} into ${plural(bits.length, 'bit')}`,
          value.operand.pos,
        );
      }
      this.measure(qubits, bits, value.pos);
      return;
    }
    const op = this.evaluator.evaluate(value);
    if (declaration && op.kind === 'value' && variable.storage.kind === 'clbits') {
      // Fresh classical bits are zero: only a non-zero initial value is stored.
      const v = this.convert(op.value, variable.type, at);
      if ((v as { i: bigint }).i === 0n) return;
    }
    this.store(variable, selector, op, at);
  }

  /** Write `op` into `variable` (or the part `selector` names). */
  store(variable: Variable, selector: IndexSelector[] | null, op: Operand, at: Pos): void {
    if (op.kind === 'qubits') throw new Problem(`cannot assign qubits to '${variable.name}'`, at);
    if (op.kind === 'angle') {
      throw new Problem(
        `an input parameter can only be used in gate angles, not assigned to '${variable.name}'`,
        at,
      );
    }
    const storage = variable.storage;
    if (storage.kind === 'known' && op.kind === 'value') {
      variable.storage = {
        kind: 'known',
        value: this.updated(variable, storage.value, selector, op.value, at),
      };
      return;
    }
    if (storage.kind === 'known' || storage.kind === 'operand') {
      // A whole new value needs no copy of the old one.
      this.materialize(variable, at, selector !== null);
    }
    const s = variable.storage;
    if (s.kind === 'clbits') {
      let bits = s.bits;
      if (selector !== null) {
        for (const sel of selector)
          bits = this.evaluator
            .select(sel, bits.length, `register '${variable.name}'`)
            .indices.map((i) => bits[i]!);
      }
      this.storeBits(bits, op, at);
      return;
    }
    if (s.kind === 'var') {
      const type = modelType(variable.type);
      if (typeof type === 'string') throw new Problem(type, at);
      const target: ClassicalExpr = { kind: 'var', location: { kind: 'var', name: s.name }, type };
      if (selector === null) {
        const value = this.castTyped(this.evaluator.typed(op, at), variable.type, at);
        this.emit({ kind: 'store', target, value: value.expr }, at);
        return;
      }
      if (
        selector.length !== 1 ||
        selector[0]!.kind !== 'parts' ||
        selector[0]!.parts.length !== 1 ||
        selector[0]!.parts[0]!.kind !== 'value'
      ) {
        throw new Problem(
          `only single bits of '${variable.name}' can be assigned while the circuit runs`,
          at,
        );
      }
      const index = this.evaluator.typed(
        this.evaluator.evaluate((selector[0]!.parts[0] as { expr: Expr }).expr),
        at,
      );
      const bit = bitOf({ expr: target, type: variable.type }, index);
      if (typeof bit === 'string') throw new Problem(bit, at);
      const value = this.castTyped(this.evaluator.typed(op, at), { kind: 'bool' }, at);
      this.emit({ kind: 'store', target: bit.expr, value: value.expr }, at);
      return;
    }
    throw new Problem(`cannot assign to '${variable.name}'`, at);
  }

  private updated(
    variable: Variable,
    current: Value | null,
    selector: IndexSelector[] | null,
    v: Value,
    at: Pos,
  ): Value {
    if (selector === null) return this.convert(v, variable.type, at);
    const base = current ?? zero(variable.type);
    return this.updateAt(base, selector, v, at, variable.name);
  }

  private updateAt(
    base: Value,
    selectors: readonly IndexSelector[],
    v: Value,
    at: Pos,
    name: string,
  ): Value {
    const t = base.type;
    if (t.kind === 'array') {
      const sel = selectors[0]!;
      if (sel.kind === 'set') throw new Problem('an array cannot be indexed by a set', at);
      const items = [...(base as { items: readonly Value[] }).items];
      // Flatten `a[i, j]` and `a[i][j]` into one list of parts.
      const parts = selectors.flatMap((s) => (s.kind === 'parts' ? s.parts : []));
      // The flat positions each selected element occupies, dimension by dimension.
      let offsets = [0];
      let stride = items.length;
      let dims = t.dims;
      const shape: number[] = [];
      for (const part of parts) {
        if (dims.length === 0) throw new Problem('too many indices for the array', at);
        stride = stride / dims[0]!;
        const sel = this.evaluator.select(
          { kind: 'parts', parts: [part] },
          dims[0]!,
          `array '${name}'`,
        );
        if (!sel.scalar) shape.push(sel.indices.length);
        const step = stride;
        offsets = offsets.flatMap((o) => sel.indices.map((i) => o + i * step));
        dims = dims.slice(1);
      }
      shape.push(...dims);
      const source =
        shape.length === 0
          ? [this.convert(v, t.element, at)]
          : (
              this.convert(v, { kind: 'array', element: t.element, dims: shape }, at) as {
                items: readonly Value[];
              }
            ).items;
      offsets.forEach((o, k) => {
        for (let j = 0; j < stride; j++) items[o + j] = source[k * stride + j]!;
      });
      return { type: t, items };
    }
    if (t.kind === 'bit' || t.kind === 'int' || t.kind === 'uint') {
      if (selectors.length !== 1) throw new Problem('too many indices', at);
      const width = t.kind === 'bit' ? (t.width ?? 1) : (t.width ?? 64);
      const sel = this.evaluator.select(selectors[0]!, width, `'${name}'`);
      const bits = castValue(v, { kind: 'bit', width: sel.indices.length }, true);
      if (typeof bits === 'string') throw new Problem(bits, at);
      let x = (base as { i: bigint }).i;
      sel.indices.forEach((i, k) => {
        const bit = ((bits as { i: bigint }).i >> BigInt(k)) & 1n;
        x = (x & ~(1n << BigInt(i))) | (bit << BigInt(i));
      });
      return intValue(t.kind, t.width, x);
    }
    throw new Problem(`${typeName(t)} '${name}' cannot be indexed`, at);
  }

  /** Write `op` into classical bits. */
  private storeBits(bits: readonly number[], op: Operand, at: Pos): void {
    if (op.kind === 'bits') {
      if (op.bits.length !== bits.length) {
        throw new Problem(
          `cannot assign ${plural(op.bits.length, 'bit')} to ${plural(bits.length, 'bit')}`,
          at,
        );
      }
      bits.forEach((b, i) => {
        if (b !== op.bits[i])
          this.emit({ kind: 'store', target: clbitVar(b), value: clbitVar(op.bits[i]!) }, at);
      });
      return;
    }
    const width = bits.length;
    if (width === 1) {
      const value = this.castTyped(this.evaluator.typed(op, at), { kind: 'bit', width: null }, at);
      this.emit({ kind: 'store', target: clbitVar(bits[0]!), value: value.expr }, at);
      return;
    }
    const creg = this.builder.cregOf(bits);
    if (creg !== undefined) {
      const value = this.castTyped(this.evaluator.typed(op, at), { kind: 'bit', width }, at);
      const target: ClassicalExpr = {
        kind: 'var',
        location: { kind: 'creg', name: creg },
        type: { kind: 'uint', width },
      };
      this.emit({ kind: 'store', target, value: value.expr }, at);
      return;
    }
    const typed = this.castTyped(this.evaluator.typed(op, at), { kind: 'bit', width }, at);
    let source: Typed = typed;
    if (typed.expr.kind !== 'value') {
      // Compute once into a temporary, then copy bit by bit.
      const name = this.builder.addVar('_bits', { kind: 'uint', width });
      const tmp: ClassicalExpr = {
        kind: 'var',
        location: { kind: 'var', name },
        type: { kind: 'uint', width },
      };
      this.emit(
        {
          kind: 'store',
          target: tmp,
          value: this.castTyped(typed, { kind: 'uint', width }, at).expr,
        },
        at,
      );
      source = { expr: tmp, type: { kind: 'uint', width } };
    }
    bits.forEach((b, i) => {
      const bit = bitOf(source, valueExpr(intValue('uint', null, BigInt(i))));
      if (typeof bit === 'string') throw new Problem(bit, at);
      this.emit({ kind: 'store', target: clbitVar(b), value: bit.expr }, at);
    });
  }

  castTyped(t: Typed, to: QType, at: Pos): Typed {
    try {
      return castTo(t, to, true);
    } catch (e) {
      if (e instanceof RuntimeTypeError) throw new Problem(e.message, at);
      throw e;
    }
  }

  // ---- moving values to run time -------------------------------------------------------------

  /** Move the variables `body` assigns to run time, before `body` runs conditionally. */
  materializeAssigned(body: readonly Stmt[], at: Pos): void {
    for (const name of assignedNames(body)) {
      const entry = this.scope.lookup(name);
      if (entry?.kind !== 'variable') continue;
      const v = entry.variable;
      if (v.isConst || (v.storage.kind !== 'known' && v.storage.kind !== 'operand')) continue;
      this.materialize(v, at);
    }
  }

  /** Give `variable` run-time storage holding its current value. */
  materialize(variable: Variable, at: Pos, keepValue = true): void {
    const s = variable.storage;
    if (s.kind !== 'known' && s.kind !== 'operand') return;
    const t = variable.type;
    if (t.kind === 'bit') {
      const bits = this.builder.addClbits(t.width ?? 1, at);
      const current =
        s.kind === 'known'
          ? s.value === null
            ? undefined
            : ({ kind: 'value', value: s.value } as Operand)
          : s.operand;
      variable.storage = { kind: 'clbits', bits };
      if (current !== undefined && keepValue) this.storeBits(bits, current, at);
      return;
    }
    if (
      t.kind === 'array' ||
      t.kind === 'complex' ||
      t.kind === 'duration' ||
      t.kind === 'stretch'
    ) {
      throw new Problem(
        `'${variable.name}' (${typeName(t)}) cannot change while the circuit runs: only bits, integers, floats, angles and booleans can`,
        at,
      );
    }
    const type = modelType(t);
    if (typeof type === 'string') throw new Problem(type, at);
    const name = this.builder.addVar(variable.name, type);
    const current =
      s.kind === 'known'
        ? s.value === null
          ? undefined
          : ({ kind: 'value', value: s.value } as Operand)
        : s.operand;
    variable.storage = { kind: 'var', name };
    if (current !== undefined && keepValue) {
      const value = this.castTyped(this.evaluator.typed(current, at), t, at);
      this.emit(
        {
          kind: 'store',
          target: { kind: 'var', location: { kind: 'var', name }, type },
          value: value.expr,
        },
        at,
      );
    }
  }

  /** `variable` as classical bits (a `bit` variable known until now gets bits). */
  private toClbits(variable: Variable, at: Pos): readonly number[] {
    if (variable.storage.kind !== 'clbits') this.materialize(variable, at);
    const s = variable.storage;
    if (s.kind !== 'clbits')
      throw new Problem(`'${variable.name}' cannot hold measurement results`, at);
    return s.bits;
  }

  /** A new boolean circuit variable (a flag), false until set. */
  newFlag(base: string): string {
    return this.builder.addVar(base, { kind: 'bool' });
  }

  setFlag(name: string, at: Pos): void {
    this.emit(
      {
        kind: 'store',
        target: flagVar(name),
        value: { kind: 'value', value: true, type: { kind: 'bool' } },
      },
      at,
    );
  }

  clearFlag(name: string, at: Pos): void {
    this.emit(
      {
        kind: 'store',
        target: flagVar(name),
        value: { kind: 'value', value: false, type: { kind: 'bool' } },
      },
      at,
    );
  }
}

function clbitVar(index: number): ClassicalExpr {
  return { kind: 'var', location: { kind: 'clbit', index }, type: { kind: 'bool' } };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** An expression written back as OpenQASM text. */
export function exprText(e: Expr): string {
  switch (e.kind) {
    case 'int':
      return e.value.toString();
    case 'float':
    case 'imag':
      return `${e.value}${e.kind === 'imag' ? 'im' : ''}`;
    case 'bool':
      return String(e.value);
    case 'string':
      return `"${e.value}"`;
    case 'duration':
      return `${e.value}${e.unit}`;
    case 'ident':
      return e.name;
    case 'physical':
      return e.text;
    case 'unary':
      return `${e.op}${exprText(e.operand)}`;
    case 'binary':
      return `(${exprText(e.left)} ${e.op} ${exprText(e.right)})`;
    case 'call':
      return `${e.name}(${e.args.map(exprText).join(', ')})`;
    case 'cast':
      return `cast(${exprText(e.operand)})`;
    case 'index':
      return `${exprText(e.target)}[...]`;
    case 'measure':
      return `measure ${exprText(e.operand)}`;
    case 'durationof':
      return 'durationof({...})';
    case 'list':
      return `{${e.items.map(exprText).join(', ')}}`;
  }
}
