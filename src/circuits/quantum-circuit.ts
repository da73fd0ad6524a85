/**
 * `QuantumCircuit`: the circuit builder, in the spirit of Qiskit's class with TypeScript idioms
 * (`new QuantumCircuit(2).h(0).cx(0, 1).measureAll()`): registers, every standard gate,
 * parameters, measurement, reset, barrier, delay, custom gates, control flow built with
 * callbacks (`qc.ifTest([cr, 1], (b) => b.x(0))`), and conversion to and from the circuit model
 * that everything else reads.
 *
 * @module
 */
import { angleParameters, angleValue, bindAngle } from './angles.js';
import {
  conditionExpr,
  Expr,
  Var,
  type Condition,
  type ExprContext,
  type ExprLike,
} from './classical.js';
import { forEachInstruction, mapBlocks } from './blocks.js';
import { composeModel, inverseModel, modelParameters, repeatModel } from './compose.js';
import { drawCircuit, type DrawOptions } from './draw.js';
import { circuitDepth, countOps } from './metrics.js';
import { CircuitError } from './errors.js';
import { Gate } from './gate.js';
import { standardGate } from './gates/standard.js';
import type {
  Angle,
  Block,
  Circuit,
  ClassicalExpr,
  ClassicalType,
  ClassicalVar,
  Duration,
  GateDefinition,
  GateInstruction,
  Instruction,
  LoopValues,
  Register,
  SwitchCase,
} from './model.js';
import {
  Parameter,
  ParameterExpression,
  toAngle,
  valueLookup,
  type AngleLike,
  type ParameterValues,
} from './parameter.js';
import { ClassicalRegister, QuantumRegister, type Clbit, type Qubit } from './register.js';
import type { TranspileLayout } from './transpiler/layout.js';

/** A qubit argument: a flat index, a register bit, a whole register, or a list of them. */
export type QubitSpecifier = number | Qubit | QuantumRegister | readonly (number | Qubit)[];
/** A classical bit argument, likewise. */
export type ClbitSpecifier = number | Clbit | ClassicalRegister | readonly (number | Clbit)[];

/** What `new QuantumCircuit(...)` takes: sizes, registers, and an optional name. */
export type CircuitArgument = number | QuantumRegister | ClassicalRegister;

/** Options of `measureAll`/`measureActive`. */
export interface MeasureAllOptions {
  /** Add a barrier before the measurements (default true, as in Qiskit). */
  readonly barrier?: boolean;
  /** Add a new register named `meas` (default true); otherwise measure into the existing bits. */
  readonly addBits?: boolean;
}

interface RegisterEntry<R> {
  readonly register: R;
  readonly bits: number[];
}

/**
 * A quantum circuit under construction.
 *
 * @category Circuits
 */
export class QuantumCircuit {
  /** A name for display. */
  name: string | undefined;
  /** Set by `transpile`: where the input's qubits went. */
  layout: TranspileLayout | undefined;
  #numQubits = 0;
  #numClbits = 0;
  readonly #qregs: RegisterEntry<QuantumRegister>[] = [];
  readonly #cregs: RegisterEntry<ClassicalRegister>[] = [];
  readonly #gates = new Map<string, GateDefinition>();
  readonly #vars: ClassicalVar[] = [];
  #globalPhase: Angle = 0;
  /** The instruction list being written: the top level, or the body of a control-flow builder. */
  #scopes: Instruction[][] = [[]];

  /**
   * `new QuantumCircuit(2)` (two qubits), `new QuantumCircuit(2, 2)` (and two bits, in registers
   * `q` and `c` as Qiskit names them), or registers: `new QuantumCircuit(qr, cr)`.
   */
  constructor(...args: CircuitArgument[]) {
    const numbers = args.filter((a): a is number => typeof a === 'number');
    if (numbers.length > 2) throw new CircuitError('give at most two sizes: qubits and bits');
    if (numbers.length > 0 && numbers.length !== args.length) {
      throw new CircuitError('give either sizes or registers, not both');
    }
    if (numbers.length > 0) {
      const [nq, nc] = numbers;
      if (!Number.isInteger(nq) || nq! < 0)
        throw new CircuitError(`the number of qubits must be a non-negative integer, got ${nq}`);
      if (nq! > 0) this.addRegister(new QuantumRegister(nq!, 'q'));
      if (nc !== undefined) {
        if (!Number.isInteger(nc) || nc < 0)
          throw new CircuitError(`the number of bits must be a non-negative integer, got ${nc}`);
        if (nc > 0) this.addRegister(new ClassicalRegister(nc, 'c'));
      }
      return;
    }
    for (const r of args) this.addRegister(r as QuantumRegister | ClassicalRegister);
  }

  // ---- shape -------------------------------------------------------------------------------

  get numQubits(): number {
    return this.#numQubits;
  }
  get numClbits(): number {
    return this.#numClbits;
  }
  /** The quantum registers, in the order added. */
  get qregs(): readonly QuantumRegister[] {
    return this.#qregs.map((e) => e.register);
  }
  /** The classical registers, in the order added. */
  get cregs(): readonly ClassicalRegister[] {
    return this.#cregs.map((e) => e.register);
  }
  /** The free parameters, in Qiskit's order (the columns of parameter values). */
  get parameters(): string[] {
    return modelParameters({ instructions: this.#scopes[0]!, globalPhase: this.#globalPhase });
  }
  get numParameters(): number {
    return this.parameters.length;
  }
  /** The global phase. */
  get globalPhase(): AngleLike {
    return wrap(this.#globalPhase);
  }
  set globalPhase(value: AngleLike) {
    this.#globalPhase = toAngle(value);
  }

  /** Add registers (and their bits) to the circuit. */
  addRegister(...registers: (QuantumRegister | ClassicalRegister)[]): this {
    for (const r of registers) {
      if (r instanceof QuantumRegister) {
        if (this.#qregs.some((e) => e.register.name === r.name))
          throw new CircuitError(`register name '${r.name}' already in use`);
        this.#qregs.push({ register: r, bits: range(this.#numQubits, r.size) });
        this.#numQubits += r.size;
      } else if (r instanceof ClassicalRegister) {
        if (this.#cregs.some((e) => e.register.name === r.name))
          throw new CircuitError(`register name '${r.name}' already in use`);
        this.#cregs.push({ register: r, bits: range(this.#numClbits, r.size) });
        this.#numClbits += r.size;
      } else {
        throw new CircuitError('addRegister takes QuantumRegister and ClassicalRegister objects');
      }
    }
    return this;
  }

  /** Add `count` qubits that belong to no register. */
  addQubits(count: number): this {
    this.#numQubits += checkCount(count);
    return this;
  }

  /** Add `count` classical bits that belong to no register. */
  addClbits(count: number): this {
    this.#numClbits += checkCount(count);
    return this;
  }

  // ---- single-qubit gates ------------------------------------------------------------------

  id(q: QubitSpecifier): this {
    return this.gate('id', [q]);
  }
  x(q: QubitSpecifier): this {
    return this.gate('x', [q]);
  }
  y(q: QubitSpecifier): this {
    return this.gate('y', [q]);
  }
  z(q: QubitSpecifier): this {
    return this.gate('z', [q]);
  }
  h(q: QubitSpecifier): this {
    return this.gate('h', [q]);
  }
  s(q: QubitSpecifier): this {
    return this.gate('s', [q]);
  }
  sdg(q: QubitSpecifier): this {
    return this.gate('sdg', [q]);
  }
  t(q: QubitSpecifier): this {
    return this.gate('t', [q]);
  }
  tdg(q: QubitSpecifier): this {
    return this.gate('tdg', [q]);
  }
  sx(q: QubitSpecifier): this {
    return this.gate('sx', [q]);
  }
  sxdg(q: QubitSpecifier): this {
    return this.gate('sxdg', [q]);
  }
  rx(theta: AngleLike, q: QubitSpecifier): this {
    return this.gate('rx', [q], [theta]);
  }
  ry(theta: AngleLike, q: QubitSpecifier): this {
    return this.gate('ry', [q], [theta]);
  }
  rz(phi: AngleLike, q: QubitSpecifier): this {
    return this.gate('rz', [q], [phi]);
  }
  p(lambda: AngleLike, q: QubitSpecifier): this {
    return this.gate('p', [q], [lambda]);
  }
  r(theta: AngleLike, phi: AngleLike, q: QubitSpecifier): this {
    return this.gate('r', [q], [theta, phi]);
  }
  u(theta: AngleLike, phi: AngleLike, lambda: AngleLike, q: QubitSpecifier): this {
    return this.gate('u', [q], [theta, phi, lambda]);
  }

  // ---- multi-qubit gates -------------------------------------------------------------------

  cx(control: QubitSpecifier, target: QubitSpecifier): this {
    return this.gate('cx', [control, target]);
  }
  cy(control: QubitSpecifier, target: QubitSpecifier): this {
    return this.gate('cy', [control, target]);
  }
  cz(control: QubitSpecifier, target: QubitSpecifier): this {
    return this.gate('cz', [control, target]);
  }
  ch(control: QubitSpecifier, target: QubitSpecifier): this {
    return this.gate('ch', [control, target]);
  }
  cs(control: QubitSpecifier, target: QubitSpecifier): this {
    return this.gate('cs', [control, target]);
  }
  csdg(control: QubitSpecifier, target: QubitSpecifier): this {
    return this.gate('csdg', [control, target]);
  }
  csx(control: QubitSpecifier, target: QubitSpecifier): this {
    return this.gate('csx', [control, target]);
  }
  cp(lambda: AngleLike, control: QubitSpecifier, target: QubitSpecifier): this {
    return this.gate('cp', [control, target], [lambda]);
  }
  crx(theta: AngleLike, control: QubitSpecifier, target: QubitSpecifier): this {
    return this.gate('crx', [control, target], [theta]);
  }
  cry(theta: AngleLike, control: QubitSpecifier, target: QubitSpecifier): this {
    return this.gate('cry', [control, target], [theta]);
  }
  crz(theta: AngleLike, control: QubitSpecifier, target: QubitSpecifier): this {
    return this.gate('crz', [control, target], [theta]);
  }
  cu(
    theta: AngleLike,
    phi: AngleLike,
    lambda: AngleLike,
    gamma: AngleLike,
    control: QubitSpecifier,
    target: QubitSpecifier,
  ): this {
    return this.gate('cu', [control, target], [theta, phi, lambda, gamma]);
  }
  swap(a: QubitSpecifier, b: QubitSpecifier): this {
    return this.gate('swap', [a, b]);
  }
  iswap(a: QubitSpecifier, b: QubitSpecifier): this {
    return this.gate('iswap', [a, b]);
  }
  dcx(a: QubitSpecifier, b: QubitSpecifier): this {
    return this.gate('dcx', [a, b]);
  }
  ecr(a: QubitSpecifier, b: QubitSpecifier): this {
    return this.gate('ecr', [a, b]);
  }
  rxx(theta: AngleLike, a: QubitSpecifier, b: QubitSpecifier): this {
    return this.gate('rxx', [a, b], [theta]);
  }
  ryy(theta: AngleLike, a: QubitSpecifier, b: QubitSpecifier): this {
    return this.gate('ryy', [a, b], [theta]);
  }
  rzz(theta: AngleLike, a: QubitSpecifier, b: QubitSpecifier): this {
    return this.gate('rzz', [a, b], [theta]);
  }
  rzx(theta: AngleLike, a: QubitSpecifier, b: QubitSpecifier): this {
    return this.gate('rzx', [a, b], [theta]);
  }
  xxMinusYY(theta: AngleLike, beta: AngleLike, a: QubitSpecifier, b: QubitSpecifier): this {
    return this.gate('xx_minus_yy', [a, b], [theta, beta]);
  }
  xxPlusYY(theta: AngleLike, beta: AngleLike, a: QubitSpecifier, b: QubitSpecifier): this {
    return this.gate('xx_plus_yy', [a, b], [theta, beta]);
  }
  ccx(c1: QubitSpecifier, c2: QubitSpecifier, target: QubitSpecifier): this {
    return this.gate('ccx', [c1, c2, target]);
  }
  ccz(c1: QubitSpecifier, c2: QubitSpecifier, target: QubitSpecifier): this {
    return this.gate('ccz', [c1, c2, target]);
  }
  cswap(control: QubitSpecifier, a: QubitSpecifier, b: QubitSpecifier): this {
    return this.gate('cswap', [control, a, b]);
  }
  rccx(c1: QubitSpecifier, c2: QubitSpecifier, target: QubitSpecifier): this {
    return this.gate('rccx', [c1, c2, target]);
  }
  /** An X controlled by every qubit of `controls` (Qiskit's `mcx`). */
  mcx(controls: readonly (number | Qubit)[], target: number | Qubit): this {
    const cs = controls.map((c) => this.qubitIndex(c));
    return this.appendGate({
      kind: 'gate',
      name: 'x',
      qubits: [...cs, this.qubitIndex(target)],
      params: [],
      ...(cs.length > 0 ? { controls: cs.length } : {}),
    });
  }
  /** A phase controlled by every qubit of `controls` (Qiskit's `mcp`). */
  mcp(lambda: AngleLike, controls: readonly (number | Qubit)[], target: number | Qubit): this {
    const cs = controls.map((c) => this.qubitIndex(c));
    return this.appendGate({
      kind: 'gate',
      name: 'p',
      qubits: [...cs, this.qubitIndex(target)],
      params: [toAngle(lambda)],
      ...(cs.length > 0 ? { controls: cs.length } : {}),
    });
  }

  /**
   * Append any gate: a standard gate by name with its angles, or a {@link Gate} (custom gates
   * from `toGate()`, and gates with controls, inverse or power).
   */
  append(
    gate: Gate | string,
    qubits: readonly (number | Qubit)[],
    params: readonly AngleLike[] = [],
  ): this {
    const g = typeof gate === 'string' ? Gate.standard(gate, params) : gate;
    if (!(g instanceof Gate)) throw new CircuitError('append takes a Gate or a standard gate name');
    if (qubits.length !== g.width) {
      throw new CircuitError(
        `the gate ${g.name} acts on ${g.width} qubit(s), got ${qubits.length}`,
      );
    }
    for (const d of g.definitions) this.defineGate(d);
    return this.appendGate({
      kind: 'gate',
      name: g.name,
      qubits: qubits.map((q) => this.qubitIndex(q)),
      params: g.params,
      ...(g.controls > 0 ? { controls: g.controls, ctrlState: g.ctrlState } : {}),
      ...(g.exponent !== 1 ? { power: g.exponent } : {}),
    });
  }

  // ---- non-unitary instructions ------------------------------------------------------------

  /** Measure qubits into classical bits (pairwise; registers broadcast). */
  measure(qubit: QubitSpecifier, clbit: ClbitSpecifier): this {
    const qs = this.qubitList(qubit);
    const cs = this.clbitList(clbit);
    if (qs.length !== cs.length) {
      throw new CircuitError(`cannot measure ${qs.length} qubit(s) into ${cs.length} bit(s)`);
    }
    qs.forEach((q, i) => this.push({ kind: 'measure', qubit: q, clbit: cs[i]! }));
    return this;
  }

  /**
   * Measure every qubit into a new register `meas` after a barrier (Qiskit's `measure_all`).
   */
  measureAll(options: MeasureAllOptions = {}): this {
    return this.measureQubits(range(0, this.#numQubits), options);
  }

  /** Measure the qubits some instruction acts on into a new register `measure`. */
  measureActive(options: MeasureAllOptions = {}): this {
    const active = new Set<number>();
    forEachInstruction(this.#scopes[0]!, (ins) => {
      if (ins.kind === 'gate' || ins.kind === 'delay') ins.qubits.forEach((q) => active.add(q));
      if (ins.kind === 'measure' || ins.kind === 'reset') active.add(ins.qubit);
    });
    return this.measureQubits(
      [...active].sort((a, b) => a - b),
      { ...options },
      'measure',
    );
  }

  private measureQubits(qubits: number[], options: MeasureAllOptions, name = 'meas'): this {
    if (options.barrier ?? true) this.push({ kind: 'barrier', qubits });
    if (options.addBits ?? true) {
      let chosen = name;
      for (let i = 0; this.#cregs.some((e) => e.register.name === chosen); i++)
        chosen = `${name}${i}`;
      const reg = new ClassicalRegister(qubits.length, chosen);
      this.addRegister(reg);
      const bits = this.#cregs[this.#cregs.length - 1]!.bits;
      qubits.forEach((q, i) => this.push({ kind: 'measure', qubit: q, clbit: bits[i]! }));
    } else {
      if (this.#numClbits < qubits.length)
        throw new CircuitError('not enough classical bits to measure into');
      qubits.forEach((q, i) => this.push({ kind: 'measure', qubit: q, clbit: i }));
    }
    return this;
  }

  /** Reset qubits to |0⟩. */
  reset(q: QubitSpecifier): this {
    for (const qubit of this.qubitList(q)) this.push({ kind: 'reset', qubit });
    return this;
  }

  /** A barrier on the given qubits (all qubits when none are given). */
  barrier(...qubits: QubitSpecifier[]): this {
    const qs =
      qubits.length === 0 ? range(0, this.#numQubits) : qubits.flatMap((q) => this.qubitList(q));
    this.push({ kind: 'barrier', qubits: qs });
    return this;
  }

  /** Idle qubits for a time (`unit` defaults to `dt`, as in Qiskit). */
  delay(
    duration: number,
    q?: QubitSpecifier,
    unit: 'dt' | 's' | 'ms' | 'us' | 'ns' | 'ps' = 'dt',
  ): this {
    if (!Number.isFinite(duration) || duration < 0)
      throw new CircuitError(`a delay must be a non-negative number, got ${duration}`);
    const qs = q === undefined ? range(0, this.#numQubits) : this.qubitList(q);
    const d: Duration = { kind: 'literal', value: duration, unit };
    for (const qubit of qs) this.push({ kind: 'delay', qubits: [qubit], duration: d });
    return this;
  }

  // ---- classical variables -----------------------------------------------------------------

  /** Declare a classical variable, initialised with `initial` (Qiskit's `add_var`). */
  addVar(name: string, initial: ExprLike, type?: ClassicalType): Var {
    const e = initial instanceof Expr ? initial : new Expr(() => literal(initial, type));
    const value = e.resolve(this.exprContext());
    const v = this.declareVar(name, type ?? value.type, 'declare', value);
    return v;
  }

  /** Declare a classical input variable (Qiskit's `add_input`). */
  addInput(name: string, type: ClassicalType): Var {
    return this.declareVar(name, type, 'input', null);
  }

  /** Write `value` into a variable, bit or register (Qiskit's `store`). */
  store(target: Var | Clbit | ClassicalRegister, value: ExprLike): this {
    const ctx = this.exprContext();
    const t = (target instanceof Expr ? target : new Expr((c) => liftTarget(target, c))).resolve(
      ctx,
    );
    const v = (value instanceof Expr ? value : new Expr(() => literal(value, t.type))).resolve(ctx);
    this.push({ kind: 'store', target: t, value: v });
    return this;
  }

  private declareVar(
    name: string,
    type: ClassicalType,
    role: 'input' | 'declare',
    initial: ClassicalExpr | null,
  ): Var {
    if (
      this.#vars.some((v) => v.name === name) ||
      this.#cregs.some((r) => r.register.name === name)
    ) {
      throw new CircuitError(`the name '${name}' is already in use`);
    }
    this.#vars.push({ name, type, role, initial });
    return new Var(name, type);
  }

  // ---- control flow --------------------------------------------------------------------------

  /**
   * Run `then` when `condition` holds, `otherwise` when it does not (Qiskit's `if_test`). The
   * callbacks get this circuit and add the body's instructions to it.
   */
  ifTest(condition: Condition, then: (qc: this) => void, otherwise?: (qc: this) => void): this {
    const cond = this.resolveCondition(condition);
    const thenBlock = this.record(then);
    const elseBlock = otherwise === undefined ? null : this.record(otherwise);
    return this.push({ kind: 'if', condition: cond, then: thenBlock, else: elseBlock });
  }

  /** Run `body` while `condition` holds (Qiskit's `while_loop`). */
  whileLoop(condition: Condition, body: (qc: this) => void): this {
    const cond = this.resolveCondition(condition);
    return this.push({ kind: 'while', condition: cond, body: this.record(body) });
  }

  /**
   * Run `body` once per value (a list, or `{ start, stop, step }` with `stop` excluded), with
   * the loop `parameter` bound to it inside the body (Qiskit's `for_loop`).
   */
  forLoop(
    values: readonly number[] | { start?: number; stop: number; step?: number },
    body: (qc: this, parameter: Parameter) => void,
    parameter: Parameter | string = '_loop_i',
  ): this {
    const p = typeof parameter === 'string' ? new Parameter(parameter) : parameter;
    const loopValues: LoopValues = Array.isArray(values)
      ? { kind: 'list', values: [...(values as number[])] }
      : (() => {
          const v = values as { start?: number; stop: number; step?: number };
          return { kind: 'range', start: v.start ?? 0, stop: v.stop, step: v.step ?? 1 };
        })();
    if (
      loopValues.kind === 'range' &&
      (loopValues.step === 0 ||
        ![loopValues.start, loopValues.stop, loopValues.step].every(Number.isInteger))
    ) {
      throw new CircuitError('a loop range needs integer start, stop and a non-zero step');
    }
    const block = this.record((qc) => body(qc, p));
    const used = new Set<string>();
    forEachInstruction(block, (ins) => {
      if (ins.kind === 'gate') for (const a of ins.params) angleParameters(a, used);
    });
    return this.push({
      kind: 'for',
      parameter: used.has(p.name) ? p.name : null,
      values: loopValues,
      body: block,
    });
  }

  /**
   * Run the first case whose values contain `target`'s value (Qiskit's `switch`): cases are
   * `[values, body]`, with `'default'` as the fallback value.
   */
  switchCase(
    target: ExprLike,
    cases: readonly (readonly [
      readonly (number | 'default')[] | number | 'default',
      (qc: this) => void,
    ])[],
  ): this {
    const t = (
      target instanceof Expr
        ? target
        : new Expr((c) => liftTarget(target as Clbit | ClassicalRegister | Var, c))
    ).resolve(this.exprContext());
    const built: SwitchCase[] = cases.map(([values, body]) => ({
      values: Array.isArray(values)
        ? [...(values as (number | 'default')[])]
        : [values as number | 'default'],
      body: this.record(body),
    }));
    return this.push({ kind: 'switch', target: t, cases: built });
  }

  /** A scoped block (OpenQASM's `box`), optionally with a duration. */
  box(
    body: (qc: this) => void,
    duration?: { value: number; unit: 'dt' | 's' | 'ms' | 'us' | 'ns' | 'ps' },
  ): this {
    return this.push({
      kind: 'box',
      body: this.record(body),
      duration:
        duration === undefined
          ? null
          : { kind: 'literal', value: duration.value, unit: duration.unit },
    });
  }

  /** Leave the innermost loop. */
  breakLoop(): this {
    return this.push({ kind: 'break' });
  }

  /** Start the innermost loop's next iteration. */
  continueLoop(): this {
    return this.push({ kind: 'continue' });
  }

  // ---- whole-circuit operations --------------------------------------------------------------

  /** A copy with parameters bound (Qiskit's `assign_parameters`): by name, by `Parameter`, or a list in `parameters` order. */
  assignParameters(
    values: ParameterValues | readonly AngleLike[],
    options: { strict?: boolean } = {},
  ): QuantumCircuit {
    const names = this.parameters;
    let lookup: Map<string, Angle>;
    if (Array.isArray(values)) {
      if (values.length !== names.length) {
        throw new CircuitError(
          `expected ${names.length} parameter value(s) (${names.join(', ')}), got ${values.length}`,
        );
      }
      lookup = new Map(names.map((n, i) => [n, toAngle((values as readonly AngleLike[])[i]!)]));
    } else {
      lookup = valueLookup(values as ParameterValues);
      if (options.strict ?? true) {
        const unknown = [...lookup.keys()].filter((k) => !names.includes(k));
        if (unknown.length > 0)
          throw new CircuitError(
            `the circuit has no parameter ${unknown.map((u) => `'${u}'`).join(', ')}`,
          );
      }
    }
    const model = this.toCircuit();
    const bindBlock = (b: Block): Instruction[] =>
      b.map((ins) =>
        ins.kind === 'gate'
          ? { ...ins, params: ins.params.map((p) => bindAngle(p, lookup)) }
          : mapBlocks(ins, bindBlock),
      );
    return QuantumCircuit.fromCircuit({
      ...model,
      instructions: bindBlock(model.instructions),
      globalPhase: bindAngle(model.globalPhase, lookup),
    });
  }

  /**
   * A copy with `other` appended (Qiskit's `compose`): its qubits go to `qubits` (default the
   * first ones) and its bits to `clbits`; with `front`, it goes before this circuit's
   * instructions instead.
   */
  compose(
    other: QuantumCircuit | Circuit,
    options: {
      qubits?: readonly (number | Qubit)[];
      clbits?: readonly (number | Clbit)[];
      front?: boolean;
    } = {},
  ): QuantumCircuit {
    const o = other instanceof QuantumCircuit ? other.toCircuit() : other;
    const qubits = options.qubits?.map((q) => this.qubitIndex(q));
    const clbits = options.clbits?.map((c) => this.clbitIndex(c));
    const out = QuantumCircuit.fromCircuit(
      composeModel(this.toCircuit(), o, qubits, clbits, options.front ?? false),
    );
    out.name = this.name;
    return out;
  }

  /** The inverse circuit (Qiskit's `inverse`): gates reversed and inverted. */
  inverse(): QuantumCircuit {
    const out = QuantumCircuit.fromCircuit(inverseModel(this.toCircuit()));
    out.name = this.name === undefined ? undefined : `${this.name}_dg`;
    return out;
  }

  /** The circuit repeated `k` times, or inverted and repeated for negative `k` (Qiskit's `power`). */
  power(k: number): QuantumCircuit {
    if (Number.isInteger(k)) return QuantumCircuit.fromCircuit(repeatModel(this.toCircuit(), k));
    const gate = this.toGate().power(k);
    return new QuantumCircuit(gate.width).append(gate, range(0, gate.width));
  }

  /**
   * The circuit as a gate with `n` controls in front (Qiskit's `control`): a circuit on
   * `n + numQubits` qubits holding one controlled custom gate.
   */
  control(n = 1, ctrlState?: number | string): QuantumCircuit {
    const gate = this.toGate().control(n, ctrlState);
    return new QuantumCircuit(gate.width).append(gate, range(0, gate.width));
  }

  /**
   * This circuit as a custom gate named `name` (default the circuit's name, or `circuit`): its
   * angles are the circuit's parameters in order, and it can be appended to other circuits.
   */
  toGate(name?: string): Gate {
    const model = this.toCircuit();
    const gateName = name ?? this.name ?? 'circuit';
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(gateName))
      throw new CircuitError(`'${gateName}' is not a valid gate name`);
    if (standardGate(gateName) !== undefined)
      throw new CircuitError(`'${gateName}' is the name of a standard gate`);
    const body: GateInstruction[] = [];
    for (const ins of model.instructions) {
      if (ins.kind === 'barrier') continue;
      if (ins.kind !== 'gate')
        throw new CircuitError(`a circuit with ${ins.kind} instructions cannot become a gate`);
      body.push(ins);
    }
    const definition: GateDefinition = {
      name: gateName,
      numQubits: model.numQubits,
      params: model.parameters,
      body,
      ...(model.globalPhase !== 0 ? { globalPhase: model.globalPhase } : {}),
    };
    return new Gate(
      gateName,
      model.numQubits,
      model.parameters.map((p) => ({ op: 'param', name: p })),
      [definition, ...model.gates],
    );
  }

  /** Operations by name, most frequent first (Qiskit's `count_ops`). */
  countOps(): Map<string, number> {
    return countOps({ instructions: this.#scopes[0]! });
  }

  /** Number of instructions, nested blocks included, barriers not (Qiskit's `size`). */
  size(): number {
    let n = 0;
    forEachInstruction(this.#scopes[0]!, (ins) => {
      if (ins.kind !== 'barrier') n++;
    });
    return n;
  }

  /** The depth (Qiskit's `depth`); with `twoQubitOnly`, counting gates on two or more qubits only. */
  depth(twoQubitOnly = false): number {
    return circuitDepth(
      { instructions: this.#scopes[0]!, numQubits: this.#numQubits, numClbits: this.#numClbits },
      twoQubitOnly,
    );
  }

  /** The circuit drawn as text, like Qiskit's text drawer. */
  draw(options: DrawOptions = {}): string {
    return drawCircuit(this.toCircuit(), options);
  }

  /** The text drawing. */
  toString(): string {
    return this.draw();
  }

  /** A copy. */
  copy(): QuantumCircuit {
    const out = QuantumCircuit.fromCircuit(this.toCircuit());
    out.layout = this.layout;
    return out;
  }

  /** The circuit model (plain, immutable data). */
  toCircuit(): Circuit {
    if (this.#scopes.length !== 1)
      throw new CircuitError('a control-flow body is still being built');
    const instructions = [...this.#scopes[0]!];
    return {
      ...(this.name !== undefined ? { name: this.name } : {}),
      numQubits: this.#numQubits,
      numClbits: this.#numClbits,
      qregs: this.#qregs.map(view),
      cregs: this.#cregs.map(view),
      parameters: this.parameters,
      globalPhase: this.#globalPhase,
      vars: [...this.#vars],
      gates: [...this.#gates.values()],
      instructions,
    };
  }

  /** A builder holding a circuit model (registers keep their names). */
  static fromCircuit(circuit: Circuit): QuantumCircuit {
    const qc = new QuantumCircuit();
    if (circuit.name !== undefined) qc.name = circuit.name;
    qc.#numQubits = circuit.numQubits;
    qc.#numClbits = circuit.numClbits;
    for (const r of circuit.qregs)
      qc.#qregs.push({ register: new QuantumRegister(r.bits.length, r.name), bits: [...r.bits] });
    for (const r of circuit.cregs)
      qc.#cregs.push({ register: new ClassicalRegister(r.bits.length, r.name), bits: [...r.bits] });
    for (const g of circuit.gates) qc.#gates.set(g.name, g);
    qc.#vars.push(...circuit.vars);
    qc.#globalPhase = circuit.globalPhase;
    qc.#scopes = [[...circuit.instructions]];
    return qc;
  }

  // ---- internals -----------------------------------------------------------------------------

  /** Append a standard gate with broadcasting over list and register arguments. */
  private gate(
    name: string,
    args: readonly QubitSpecifier[],
    params: readonly AngleLike[] = [],
  ): this {
    const angles = params.map(toAngle);
    const lists = args.map((a) => this.qubitList(a));
    const length = Math.max(...lists.map((l) => l.length));
    for (const l of lists) {
      if (l.length !== 1 && l.length !== length) {
        throw new CircuitError(
          `cannot broadcast qubit lists of lengths ${lists.map((x) => x.length).join(' and ')} for ${name}`,
        );
      }
    }
    for (let i = 0; i < length; i++) {
      const qubits = lists.map((l) => (l.length === 1 ? l[0]! : l[i]!));
      if (new Set(qubits).size !== qubits.length)
        throw new CircuitError(`duplicate qubit arguments to ${name}: ${qubits.join(', ')}`);
      this.push({ kind: 'gate', name, qubits, params: angles });
    }
    return this;
  }

  private appendGate(ins: GateInstruction): this {
    if (new Set(ins.qubits).size !== ins.qubits.length) {
      throw new CircuitError(`duplicate qubit arguments to ${ins.name}: ${ins.qubits.join(', ')}`);
    }
    return this.push(ins);
  }

  private defineGate(def: GateDefinition): void {
    const known = this.#gates.get(def.name);
    if (known !== undefined && JSON.stringify(known) !== JSON.stringify(def)) {
      throw new CircuitError(
        `a different gate named '${def.name}' is already defined in this circuit`,
      );
    }
    this.#gates.set(def.name, def);
  }

  private push(ins: Instruction): this {
    this.#scopes[this.#scopes.length - 1]!.push(ins);
    return this;
  }

  private record(body: (qc: this) => void): Instruction[] {
    if (typeof body !== 'function')
      throw new CircuitError('a control-flow body must be a function');
    this.#scopes.push([]);
    try {
      body(this);
    } catch (error) {
      this.#scopes.pop();
      throw error;
    }
    return this.#scopes.pop()!;
  }

  private resolveCondition(condition: Condition): ClassicalExpr {
    const e = conditionExpr(condition).resolve(this.exprContext());
    if (e.type.kind !== 'bool') {
      return { kind: 'cast', operand: e, type: { kind: 'bool' }, implicit: true };
    }
    return e;
  }

  private exprContext(): ExprContext {
    return {
      clbitIndex: (bit) => this.clbitIndex(bit),
      checkRegister: (r) => {
        if (!this.#cregs.some((e) => e.register === r || e.register.name === r.name)) {
          throw new CircuitError(`register ${r.name} is not in this circuit`);
        }
      },
      varType: (name) => {
        const v = this.#vars.find((x) => x.name === name);
        if (v === undefined) throw new CircuitError(`the circuit has no variable '${name}'`);
        return v.type;
      },
    };
  }

  /** The flat index of a qubit argument. */
  qubitIndex(q: number | Qubit): number {
    if (typeof q === 'number') {
      if (!Number.isInteger(q) || q < 0 || q >= this.#numQubits) {
        throw new CircuitError(`qubit ${q} is out of range (the circuit has ${this.#numQubits})`);
      }
      return q;
    }
    const entry = this.#qregs.find((e) => e.register === q.register);
    if (entry === undefined)
      throw new CircuitError(`register ${q.register?.name} is not in this circuit`);
    return entry.bits[q.index]!;
  }

  /** The flat index of a classical bit argument. */
  clbitIndex(c: number | Clbit): number {
    if (typeof c === 'number') {
      if (!Number.isInteger(c) || c < 0 || c >= this.#numClbits) {
        throw new CircuitError(`bit ${c} is out of range (the circuit has ${this.#numClbits})`);
      }
      return c;
    }
    const entry = this.#cregs.find((e) => e.register === c.register);
    if (entry === undefined)
      throw new CircuitError(`register ${c.register?.name} is not in this circuit`);
    return entry.bits[c.index]!;
  }

  private qubitList(q: QubitSpecifier): number[] {
    if (q instanceof QuantumRegister) {
      const entry = this.#qregs.find((e) => e.register === q);
      if (entry === undefined) throw new CircuitError(`register ${q.name} is not in this circuit`);
      return [...entry.bits];
    }
    if (Array.isArray(q)) return (q as readonly (number | Qubit)[]).map((x) => this.qubitIndex(x));
    return [this.qubitIndex(q as number | Qubit)];
  }

  private clbitList(c: ClbitSpecifier): number[] {
    if (c instanceof ClassicalRegister) {
      const entry = this.#cregs.find((e) => e.register === c);
      if (entry === undefined) throw new CircuitError(`register ${c.name} is not in this circuit`);
      return [...entry.bits];
    }
    if (Array.isArray(c)) return (c as readonly (number | Clbit)[]).map((x) => this.clbitIndex(x));
    return [this.clbitIndex(c as number | Clbit)];
  }
}

function view<R extends { name: string }>(e: RegisterEntry<R>): Register {
  return { name: e.register.name, bits: [...e.bits] };
}

function range(start: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => start + i);
}

function checkCount(count: number): number {
  if (!Number.isInteger(count) || count < 0)
    throw new CircuitError(`a count must be a non-negative integer, got ${count}`);
  return count;
}

function wrap(angle: Angle): AngleLike {
  const v = angleValue(angle);
  return v !== undefined ? v : new ParameterExpression(angle);
}

function literal(value: ExprLike, type: ClassicalType | undefined): ClassicalExpr {
  if (typeof value === 'boolean') return { kind: 'value', value, type: { kind: 'bool' } };
  if (typeof value === 'number' || typeof value === 'bigint') {
    const t: ClassicalType = type ?? {
      kind: 'uint',
      width: Math.max(1, Number(value).toString(2).length),
    };
    return { kind: 'value', value: t.kind === 'bool' ? Number(value) !== 0 : value, type: t };
  }
  throw new CircuitError('a literal must be a boolean or a non-negative integer');
}

function liftTarget(target: Var | Clbit | ClassicalRegister, ctx: ExprContext): ClassicalExpr {
  if (target instanceof Var)
    return {
      kind: 'var',
      location: { kind: 'var', name: target.name },
      type: ctx.varType(target.name),
    };
  if (target instanceof ClassicalRegister) {
    ctx.checkRegister(target);
    return {
      kind: 'var',
      location: { kind: 'creg', name: target.name },
      type: { kind: 'uint', width: target.size },
    };
  }
  return {
    kind: 'var',
    location: { kind: 'clbit', index: ctx.clbitIndex(target) },
    type: { kind: 'bool' },
  };
}
