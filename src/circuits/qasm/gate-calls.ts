/**
 * Gate applications and gate definitions: resolving a gate's name (the program's own gates,
 * then the included libraries), reducing modifiers (`ctrl @`, `negctrl @`, `inv @`,
 * `pow(k) @`) to the model's canonical form, broadcasting over registers, and lowering
 * `gate` bodies into {@link GateDefinition}s that stay in the circuit.
 *
 * Modified standard gates are written as Qiskit's importer writes them: `inv @ s` is `sdg`,
 * `pow(2) @ rz(θ)` is `rz(2θ)`, `ctrl @ x` is `cx`, `ctrl @ gphase(θ)` is `p(θ)`.
 *
 * @module
 */
import { controlledName, powerOf, splitControls } from '../gates/modifiers.js';
import { MAX_CONTROLS } from '../inline.js';
import type { Angle, GateDefinition, GateInstruction } from '../model.js';
import type { Expr, Modifier, Stmt } from './ast.js';
import type { CircuitBuilder } from './builder.js';
import { Problem, type Pos } from './diagnostics.js';
import { binary } from './expression.js';
import { Silent, type Evaluator } from './evaluate.js';
import {
  declaredByInclude,
  includesDeclaring,
  isQiskitGate,
  libraryGate,
  type IncludeFile,
  type LibraryGate,
} from './library.js';
import type { Scope, UserGate, Variable } from './scope.js';
import { INT, cast, toNumber, typeName } from './values.js';

/** A gate call statement. */
export type GateCall = Stmt & { kind: 'gateCall' };

/** The modifiers of one call in canonical form. */
interface Modifiers {
  readonly controls: number;
  /** Bit i is the state activating control i. */
  readonly ctrlState: number;
  readonly power: number;
}

/** Where a gate call's instructions go, and what it may do there. */
export interface GateTarget {
  emit(instruction: GateInstruction, at: Pos): void;
  /** Add an uncontrolled global phase (to the circuit or the definition being read). */
  addPhase(angle: Angle, at: Pos): void;
}

type Resolved =
  | { readonly kind: 'library'; readonly gate: LibraryGate }
  | { readonly kind: 'user'; readonly gate: UserGate };

export class GateLowering {
  constructor(
    private readonly scope: Scope,
    private readonly builder: CircuitBuilder,
    private readonly evaluator: Evaluator,
    private readonly included: ReadonlySet<IncludeFile>,
    private readonly qasm2: () => boolean,
  ) {}

  // ---- applications ------------------------------------------------------------------------

  /** Lower one gate call into `target`. */
  apply(call: GateCall, target: GateTarget): void {
    if (call.name.name === 'gphase' && this.scope.lookup('gphase') === undefined) {
      this.gphase(call, target);
      return;
    }
    const resolved = this.resolve(call.name.name, call.name.pos);
    const modifiers = this.modifiers(call.modifiers);
    const numQubits =
      resolved.kind === 'library' ? resolved.gate.numQubits : resolved.gate.numQubits;
    const numParams =
      resolved.kind === 'library' ? resolved.gate.numParams : resolved.gate.params.length;
    const name = call.name.name;
    if (call.args.length !== numParams) {
      throw new Problem(
        `gate '${name}' expects ${plural(numParams, 'parameter')}, got ${call.args.length}`,
        call.name.pos,
      );
    }
    const args = call.args.map((a) => this.evaluator.angle(a));
    const operands = call.qubits.map((q) => this.evaluator.qubits(q));
    const wanted = numQubits + modifiers.controls;
    if (operands.length !== wanted) {
      const controls =
        modifiers.controls > 0 ? ` with ${plural(modifiers.controls, 'control')}` : '';
      throw new Problem(
        `gate '${name}'${controls} expects ${plural(wanted, 'qubit')}, got ${operands.length}`,
        call.name.pos,
      );
    }
    if (call.duration !== null) this.evaluator.evaluate(call.duration);
    for (const qubits of broadcast(operands, call.qubits)) {
      if (new Set(qubits).size !== qubits.length) {
        throw new Problem(`gate '${name}' is applied to the same qubit twice`, call.name.pos);
      }
      if (resolved.kind === 'library') {
        const g = resolved.gate;
        const params = g.rewrite ? g.rewrite(args) : args;
        target.emit(standardInstruction(g.standard, qubits, params, modifiers), call.name.pos);
      } else {
        target.emit(
          withModifiers({ kind: 'gate', name, qubits, params: args }, modifiers),
          call.name.pos,
        );
      }
    }
  }

  private gphase(call: GateCall, target: GateTarget): void {
    if (call.args.length !== 1) {
      throw new Problem(`'gphase' expects 1 parameter, got ${call.args.length}`, call.name.pos);
    }
    const modifiers = this.modifiers(call.modifiers);
    const angle = this.evaluator.angle(call.args[0]!);
    const operands = call.qubits.map((q) => this.evaluator.qubits(q));
    if (modifiers.controls === 0) {
      target.addPhase(
        modifiers.power === 1 ? angle : binary('*', modifiers.power, angle),
        call.name.pos,
      );
      return;
    }
    if (operands.length !== modifiers.controls) {
      throw new Problem(
        `'gphase' with ${plural(modifiers.controls, 'control')} expects ${plural(modifiers.controls, 'qubit')}, got ${operands.length}`,
        call.name.pos,
      );
    }
    for (const qubits of broadcast(operands, call.qubits)) {
      if (new Set(qubits).size !== qubits.length) {
        throw new Problem("'gphase' is applied to the same qubit twice", call.name.pos);
      }
      target.emit(standardInstruction('global_phase', qubits, [angle], modifiers), call.name.pos);
    }
  }

  /** The gate `name` denotes: the program's own, or a library gate. */
  private resolve(name: string, at: Pos): Resolved {
    const entry = this.scope.lookup(name);
    const lib = libraryGate(name, this.included);
    // Gates and values live side by side: a variable named `t` does not hide the gate `t`.
    if (entry !== undefined && (lib === undefined || entry.kind === 'gate')) {
      switch (entry.kind) {
        case 'gate':
          if (entry.gate.opaque) {
            throw new Problem(
              `gate '${name}' is declared opaque: it has no definition, so it cannot run`,
              at,
            );
          }
          return { kind: 'user', gate: entry.gate };
        case 'defcal':
          throw new Problem(
            `gate '${name}' has only a pulse-level calibration (defcal) and no gate definition, so it cannot run`,
            at,
          );
        case 'qubits':
          throw new Problem(`'${name}' is a register, not a gate`, at);
        case 'variable':
          throw new Problem(
            `'${name}' is a ${typeName(entry.variable.type)} variable, not a gate`,
            at,
          );
        case 'poisoned':
          throw new Problem(
            `gate '${name}' could not be defined (see the problem reported there)`,
            at,
          );
        case 'gateParam':
          throw new Problem(`'${name}' is an angle, not a gate`, at);
        case 'subroutine':
        case 'extern':
          throw new Problem(`'${name}' is a subroutine, not a gate`, at);
      }
    }
    if (lib !== undefined) return { kind: 'library', gate: lib };
    if (this.scope.suspects.has(name)) throw new Silent();
    throw new Problem(this.unknownGate(name), at);
  }

  private unknownGate(name: string): string {
    const files = includesDeclaring(name);
    if (files.includes('stdgates.inc') && !this.qasm2()) {
      return `unknown gate '${name}' (add include "stdgates.inc"; to use the standard gates)`;
    }
    if (files.length > 0) {
      const file = files.includes('qelib1.inc') ? 'qelib1.inc' : files[0]!;
      return `unknown gate '${name}' (it is declared in "${file}": add include "${file}";)`;
    }
    if (isQiskitGate(name)) {
      const file = this.qasm2() ? 'qelib1.inc' : 'stdgates.inc';
      return `unknown gate '${name}' (a Qiskit standard gate: add include "${file}"; to use it, or define it)`;
    }
    return `unknown gate '${name}'`;
  }

  private modifiers(list: readonly Modifier[]): Modifiers {
    let controls = 0;
    let ctrlState = 0;
    let power = 1;
    for (const m of list) {
      switch (m.kind) {
        case 'ctrl':
        case 'negctrl': {
          const n = m.arg === null ? 1 : this.evaluator.integer(m.arg);
          if (n < 1) throw new Problem(`'${m.kind}' needs at least one control qubit`, m.pos);
          if (controls + n > MAX_CONTROLS) {
            throw new Problem(`a gate can have at most ${MAX_CONTROLS} controls`, m.pos);
          }
          if (m.kind === 'ctrl') for (let i = 0; i < n; i++) ctrlState |= 1 << (controls + i);
          controls += n;
          break;
        }
        case 'inv':
          power = -power;
          break;
        case 'pow': {
          const op = this.evaluator.evaluate(m.arg!);
          const k = op.kind === 'value' ? toNumber(op.value) : undefined;
          if (k === undefined || !Number.isFinite(k)) {
            throw new Problem("'pow' needs a number known before the circuit runs", m.arg!.pos);
          }
          power *= k;
          break;
        }
      }
    }
    return { controls, ctrlState, power };
  }

  // ---- definitions -------------------------------------------------------------------------

  /**
   * Lower a `gate` (or `opaque`) definition. Problems in its body are reported through
   * `report` one statement at a time; the gate is declared either way.
   */
  define(stmt: Stmt & { kind: 'gate' }, report: (p: Problem) => void): void {
    const name = stmt.name.name;
    this.checkNewGateName(name, stmt.name.pos);
    const params = stmt.params.map((p) => p.name);
    const qubits = stmt.qubits.map((q) => q.name);
    const seen = new Set<string>();
    for (const n of [...stmt.params, ...stmt.qubits]) {
      if (seen.has(n.name)) throw new Problem(`duplicate name '${n.name}'`, n.pos);
      seen.add(n.name);
    }
    const gate: UserGate = { name, params, numQubits: qubits.length, opaque: stmt.body === null };
    if (stmt.body === null) {
      this.scope.declareGlobal(name, { kind: 'gate', gate, pos: stmt.name.pos });
      return;
    }
    if (qubits.length === 0)
      throw new Problem(`gate '${name}' needs at least one qubit`, stmt.name.pos);
    const body: GateInstruction[] = [];
    let phase: Angle = 0;
    const target: GateTarget = {
      emit: (ins) => body.push(ins),
      addPhase: (angle) => {
        phase = binary('+', phase, angle);
      },
    };
    this.scope.isolated('gate', () => {
      stmt.params.forEach((p) => this.scope.declare(p.name, { kind: 'gateParam', pos: p.pos }));
      stmt.qubits.forEach((q, i) =>
        this.scope.declare(q.name, { kind: 'qubits', qubits: [i], scalar: true, pos: q.pos }),
      );
      for (const s of stmt.body!) {
        try {
          this.bodyStatement(s, name, target);
        } catch (e) {
          if (e instanceof Problem) report(e);
          else throw e;
        }
      }
    });
    const definition: GateDefinition =
      phase === 0
        ? { name, numQubits: qubits.length, params, body }
        : { name, numQubits: qubits.length, params, body, globalPhase: phase };
    this.builder.addGate(definition);
    this.scope.declareGlobal(name, { kind: 'gate', gate, pos: stmt.name.pos });
  }

  private bodyStatement(s: Stmt, gate: string, target: GateTarget): void {
    switch (s.kind) {
      case 'gateCall':
        if (s.name.name === gate)
          throw new Problem(`gate '${gate}' cannot apply itself`, s.name.pos);
        this.apply(s, target);
        return;
      case 'barrier':
        for (const q of s.qubits) this.evaluator.qubits(q);
        return;
      case 'ignored':
        return;
      case 'block':
        this.scope.within('block', () =>
          s.body.forEach((b) => this.bodyStatement(b, gate, target)),
        );
        return;
      case 'for': {
        // Loops over the gates of a body are unrolled, their variable known in each iteration.
        const values = this.evaluator.loopValues(s.iterable);
        const type =
          s.type !== null ? this.evaluator.resolveType(s.type) : (values[0]?.type ?? INT);
        for (const v of values) {
          this.scope.within('block', () => {
            const value = cast(v, type, false);
            if (typeof value === 'string') throw new Problem(value, s.variable.pos);
            const variable: Variable = {
              name: s.variable.name,
              type,
              isConst: true,
              storage: { kind: 'known', value },
            };
            this.scope.declare(s.variable.name, {
              kind: 'variable',
              variable,
              pos: s.variable.pos,
            });
            s.body.forEach((b) => this.bodyStatement(b, gate, target));
          });
        }
        return;
      }
      case 'expr':
        if (s.expr.kind === 'call' && s.expr.name === 'gphase') {
          this.apply(gphaseCall(s.expr), target);
          return;
        }
        break;
      default:
        break;
    }
    throw new Problem(
      `only gates, 'gphase', 'barrier' and 'for' loops can be used inside a gate definition, not ${statementName(s)}`,
      s.pos,
    );
  }

  /** Refuse a gate name that is taken. */
  checkNewGateName(name: string, at: Pos): void {
    if (name === 'U' || name === 'gphase')
      throw new Problem(`'${name}' is a built-in gate and cannot be redefined`, at);
    const existing = this.scope.global(name);
    if (existing !== undefined && existing.kind !== 'defcal')
      throw new Problem(`'${name}' is already declared`, at);
    const file = declaredByInclude(name, this.included);
    if (file !== undefined) throw new Problem(`'${name}' is already declared by "${file}"`, at);
  }
}

/** A `gphase(θ);` written as a call statement, as a gate call. */
export function gphaseCall(e: Expr & { kind: 'call' }): GateCall {
  return {
    kind: 'gateCall',
    modifiers: [],
    name: { name: 'gphase', pos: e.pos },
    args: e.args,
    qubits: [],
    duration: null,
    pos: e.pos,
  };
}

/** A standard gate with modifiers, written as Qiskit would name it. */
function standardInstruction(
  standard: string,
  qubits: readonly number[],
  params: readonly Angle[],
  m: Modifiers,
): GateInstruction {
  let name = standard;
  let angles = params;
  let power = m.power;
  let controls = m.controls;
  if (power !== 1) {
    const p = powerOf(name, angles, power);
    if (p !== undefined) {
      name = p.name;
      angles = p.params;
      power = 1;
    }
  }
  const allOn = m.ctrlState === (1 << controls) - 1;
  if (power === 1 && allOn && controls > 0 && name === 'global_phase') {
    name = 'p';
    controls -= 1;
  }
  if (power === 1 && allOn && controls > 0) {
    const split = splitControls(name);
    const folded = controlledName(split?.base ?? name, (split?.controls ?? 0) + controls);
    if (folded !== undefined) {
      name = folded;
      controls = 0;
    }
  }
  const base: GateInstruction = { kind: 'gate', name, qubits: [...qubits], params: [...angles] };
  return withModifiers(base, { controls, ctrlState: m.ctrlState & ((1 << controls) - 1), power });
}

function withModifiers(ins: GateInstruction, m: Modifiers): GateInstruction {
  let out: GateInstruction = ins;
  if (m.controls > 0) {
    out = { ...out, controls: m.controls };
    if (m.ctrlState !== (1 << m.controls) - 1) out = { ...out, ctrlState: m.ctrlState };
  }
  if (m.power !== 1) out = { ...out, power: m.power };
  return out;
}

/** Pair up operands: whole registers go index by index, single qubits repeat. */
function broadcast(
  operands: readonly { qubits: readonly number[]; scalar: boolean }[],
  exprs: readonly Expr[],
): number[][] {
  const registers = operands.map((o, i) => ({ o, e: exprs[i]! })).filter(({ o }) => !o.scalar);
  if (registers.length === 0) return [operands.map((o) => o.qubits[0]!)];
  const n = registers[0]!.o.qubits.length;
  for (const r of registers) {
    if (r.o.qubits.length !== n) {
      throw new Problem(
        `registers of different sizes (${n} and ${r.o.qubits.length}) cannot be combined`,
        r.e.pos,
      );
    }
  }
  return Array.from({ length: n }, (_, i) =>
    operands.map((o) => (o.scalar ? o.qubits[0]! : o.qubits[i]!)),
  );
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** How a statement is named in a message. */
export function statementName(s: Stmt): string {
  switch (s.kind) {
    case 'measureArrow':
      return 'a measurement';
    case 'assign':
      return 'an assignment';
    case 'declare':
      return 'a declaration';
    case 'gateCall':
      return 'a gate';
    case 'expr':
      return 'an expression';
    case 'ignored':
      return s.what;
    default:
      return `'${s.kind}'`;
  }
}
