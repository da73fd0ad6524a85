/**
 * The OpenQASM 3 exporter: a circuit model as an OpenQASM 3 program in the shape Qiskit's
 * `qasm3.dumps` writes (Qiskit/qiskit qiskit/qasm3/exporter.py): the header and
 * `include "stdgates.inc"`, parameters as `input float[64]`, gate definitions for the gates
 * `stdgates.inc` lacks (unless named in `basisGates`), classical then quantum declarations
 * (physical qubits `$n` for a transpiled circuit), then the statements, control flow included.
 *
 * @module
 */
import { angleValue } from './angles.js';
import { CircuitError } from './errors.js';
import { standardGate } from './gates/standard.js';
import type {
  Angle,
  Block,
  Circuit,
  ClassicalExpr,
  ClassicalType,
  Duration,
  GateDefinition,
  GateInstruction,
  Instruction,
  ParameterExpression,
} from './model.js';
import { zyzAngles } from './synthesis/euler.js';
import { standardDefinition } from './transpiler/decompositions.js';

/** Options of {@link dumps}. */
export interface DumpsOptions {
  /**
   * Gates to call by name without a definition (Qiskit's `basis_gates`), e.g. a backend's
   * basis gates (`['ecr', 'rzz']`) when the program is for that backend.
   */
  readonly basisGates?: readonly string[];
  /** Address qubits as physical qubits `$0`, `$1`, … instead of declaring registers. */
  readonly physicalQubits?: boolean;
  /** Indentation of nested blocks (default two spaces). */
  readonly indent?: string;
}

const RESERVED = new Set([
  'OPENQASM',
  'angle',
  'array',
  'barrier',
  'bit',
  'bool',
  'box',
  'break',
  'cal',
  'complex',
  'const',
  'continue',
  'creg',
  'ctrl',
  'def',
  'defcal',
  'defcalgrammar',
  'delay',
  'duration',
  'durationof',
  'else',
  'end',
  'extern',
  'float',
  'for',
  'gate',
  'gphase',
  'if',
  'in',
  'include',
  'input',
  'int',
  'inv',
  'let',
  'measure',
  'mutable',
  'negctrl',
  'output',
  'pow',
  'qreg',
  'qubit',
  'reset',
  'return',
  'sizeof',
  'stretch',
  'uint',
  'while',
  'switch',
  'case',
  'default',
  'U',
  'CX',
  'pi',
  'π',
  'tau',
  'τ',
  'euler',
  'ℇ',
  'true',
  'false',
  'sin',
  'cos',
  'tan',
  'exp',
  'ln',
  'sqrt',
  'arcsin',
  'arccos',
  'arctan',
  'mod',
  'popcount',
  'rotl',
  'rotr',
  'real',
  'imag',
]);

const VALID = /^[A-Za-z\u0370-\u03ff_][A-Za-z\u0370-\u03ff_0-9]*$/;

/** The identifier Qiskit's exporter writes for a name that is not a valid one (`θ[0]` → `_θ_0_`). */
export function escapeIdentifier(name: string): string {
  if (VALID.test(name) && !RESERVED.has(name)) return name;
  return '_' + name.replace(/[^A-Za-z\u0370-\u03ff_0-9]/g, '_');
}

/** The gates `stdgates.inc` declares (under Qiskit's names), plus the built-in `U`. */
const STDGATES = new Set([
  'p',
  'x',
  'y',
  'z',
  'h',
  's',
  'sdg',
  't',
  'tdg',
  'sx',
  'rx',
  'ry',
  'rz',
  'cx',
  'cy',
  'cz',
  'cp',
  'crx',
  'cry',
  'crz',
  'ch',
  'swap',
  'ccx',
  'cswap',
  'cu',
  'id',
  'u1',
  'u2',
  'u3',
]);

/** Gates written with control modifiers because they have no definition of their own. */
const AS_CONTROLLED: Readonly<Record<string, [string, number]>> = {
  c3x: ['x', 3],
  c4x: ['x', 4],
  c3sx: ['sx', 3],
};

const EXPR_PRECEDENCE: Readonly<Record<string, number>> = {
  or: 1,
  and: 2,
  bitor: 3,
  bitxor: 4,
  bitand: 5,
  eq: 6,
  ne: 6,
  lt: 7,
  le: 7,
  gt: 7,
  ge: 7,
  shl: 8,
  shr: 8,
  add: 9,
  sub: 9,
  mul: 10,
  div: 10,
  mod: 10,
  pow: 12,
};
const EXPR_SYMBOL: Readonly<Record<string, string>> = {
  or: '||',
  and: '&&',
  bitor: '|',
  bitxor: '^',
  bitand: '&',
  eq: '==',
  ne: '!=',
  lt: '<',
  le: '<=',
  gt: '>',
  ge: '>=',
  shl: '<<',
  shr: '>>',
  add: '+',
  sub: '-',
  mul: '*',
  div: '/',
  mod: '%',
  pow: '**',
};

/** Write `circuit` as an OpenQASM 3 program. */
export function dumps(circuit: Circuit, options: DumpsOptions = {}): string {
  return exportProgram(circuit, options).source;
}

/** The program, and the `input` name written for each of the circuit's parameters. */
export function exportProgram(
  circuit: Circuit,
  options: DumpsOptions = {},
): { source: string; parameterNames: ReadonlyMap<string, string> } {
  const exporter = new Exporter(circuit, options);
  const source = exporter.program();
  return { source, parameterNames: exporter.inputNames };
}

class Exporter {
  private readonly used = new Set<string>([...RESERVED, ...STDGATES]);
  private readonly basis: ReadonlySet<string>;
  private readonly indent: string;
  /** Defined gate name → emitted name. */
  private readonly gateNames = new Map<string, string>();
  private readonly gateDefs: string[] = [];
  private readonly customs: ReadonlyMap<string, GateDefinition>;
  private readonly params = new Map<string, string>();
  /** The `input` name of each circuit parameter. */
  readonly inputNames = new Map<string, string>();
  private readonly qubitNames: string[] = [];
  private readonly clbitNames: string[] = [];
  private readonly cregNames = new Map<string, string>();
  private readonly varNames = new Map<string, string>();
  private loopCounter = 0;

  constructor(
    private readonly circuit: Circuit,
    private readonly options: DumpsOptions,
  ) {
    this.basis = new Set(options.basisGates ?? []);
    for (const b of this.basis) this.used.add(b);
    this.indent = options.indent ?? '  ';
    this.customs = new Map(circuit.gates.map((g) => [g.name, g]));
  }

  private unique(name: string): string {
    const base = escapeIdentifier(name);
    let chosen = base;
    for (let i = 0; this.used.has(chosen); i++) chosen = `${base}_${i}`;
    this.used.add(chosen);
    return chosen;
  }

  program(): string {
    const c = this.circuit;
    const lines: string[] = ['OPENQASM 3.0;', 'include "stdgates.inc";'];
    // Names users refer to come first: classical registers, inputs and variables, then parameters.
    const bitRegisters = new Map<number, number>();
    for (const r of c.cregs)
      for (const b of r.bits) bitRegisters.set(b, (bitRegisters.get(b) ?? 0) + 1);
    const overlap = [...bitRegisters.values()].some((n) => n > 1);
    for (const r of c.cregs) this.cregNames.set(r.name, this.unique(r.name));
    for (const v of c.vars) this.varNames.set(v.name, this.unique(v.name));
    for (const p of c.parameters) {
      const name = this.unique(p);
      this.params.set(p, name);
      this.inputNames.set(p, name);
    }
    const io: string[] = [];
    for (const p of c.parameters) io.push(`input float[64] ${this.params.get(p)};`);
    for (const v of c.vars)
      if (v.role === 'input') io.push(`input ${typeText(v.type)} ${this.varNames.get(v.name)};`);
    // Classical declarations.
    const classical: string[] = [];
    for (let b = 0; b < c.numClbits; b++) {
      if (!overlap && bitRegisters.has(b)) continue;
      const name = this.unique(`_bit${b}`);
      this.clbitNames[b] = name;
      classical.push(`bit ${name};`);
    }
    for (const r of c.cregs) {
      const name = this.cregNames.get(r.name)!;
      if (overlap) {
        classical.push(`let ${name} = ${r.bits.map((b) => this.clbitNames[b]).join(' ++ ')};`);
      } else {
        classical.push(`bit[${r.bits.length}] ${name};`);
        r.bits.forEach((b, i) => (this.clbitNames[b] = `${name}[${i}]`));
      }
    }
    // Quantum declarations.
    const quantum: string[] = [];
    if (this.options.physicalQubits) {
      for (let q = 0; q < c.numQubits; q++) this.qubitNames[q] = `$${q}`;
    } else {
      const qubitRegisters = new Map<number, number>();
      for (const r of c.qregs)
        for (const b of r.bits) qubitRegisters.set(b, (qubitRegisters.get(b) ?? 0) + 1);
      const qOverlap = [...qubitRegisters.values()].some((n) => n > 1);
      for (let q = 0; q < c.numQubits; q++) {
        if (!qOverlap && qubitRegisters.has(q)) continue;
        const name = this.unique(`_qubit${q}`);
        this.qubitNames[q] = name;
        quantum.push(`qubit ${name};`);
      }
      for (const r of c.qregs) {
        const name = this.unique(r.name);
        if (qOverlap) {
          quantum.push(`let ${name} = ${r.bits.map((b) => this.qubitNames[b]).join(' ++ ')};`);
        } else {
          quantum.push(`qubit[${r.bits.length}] ${name};`);
          r.bits.forEach((b, i) => (this.qubitNames[b] = `${name}[${i}]`));
        }
      }
    }
    const declared: string[] = [];
    for (const v of c.vars) {
      if (v.role !== 'declare') continue;
      const name = this.varNames.get(v.name)!;
      declared.push(
        v.initial === null
          ? `${typeText(v.type)} ${name};`
          : `${typeText(v.type)} ${name} = ${this.expr(v.initial)};`,
      );
    }
    const body: string[] = [];
    const phase = angleValue(c.globalPhase);
    if (phase === undefined || phase !== 0) body.push(`gphase(${this.angle(c.globalPhase)});`);
    this.block(c.instructions, body, 0);
    return (
      [...lines, ...io, ...this.gateDefs, ...classical, ...quantum, ...declared, ...body].join(
        '\n',
      ) + '\n'
    );
  }

  // ---- statements -----------------------------------------------------------------------------

  private block(block: Block, out: string[], depth: number): void {
    const pad = this.indent.repeat(depth);
    for (const ins of block) {
      for (const line of this.statement(ins, depth)) out.push(pad + line);
    }
  }

  private nested(block: Block, depth: number): string[] {
    const out: string[] = [];
    this.block(block, out, depth + 1);
    return out.map((l) => l.slice(this.indent.repeat(depth).length));
  }

  private statement(ins: Instruction, depth: number): string[] {
    switch (ins.kind) {
      case 'gate':
        return [this.gateCall(ins, (q) => this.qubitNames[q]!)];
      case 'measure':
        return [
          ins.clbit === null
            ? `measure ${this.qubitNames[ins.qubit]};`
            : `${this.clbitNames[ins.clbit]} = measure ${this.qubitNames[ins.qubit]};`,
        ];
      case 'reset':
        return [`reset ${this.qubitNames[ins.qubit]};`];
      case 'barrier':
        return ins.qubits.length === 0
          ? []
          : [`barrier ${ins.qubits.map((q) => this.qubitNames[q]).join(', ')};`];
      case 'delay':
        return [
          `delay[${this.duration(ins.duration)}] ${ins.qubits.map((q) => this.qubitNames[q]).join(', ')};`,
        ];
      case 'store':
        return [`${this.expr(ins.target)} = ${this.expr(ins.value)};`];
      case 'break':
        return ['break;'];
      case 'continue':
        return ['continue;'];
      case 'if': {
        const lines = [`if (${this.expr(ins.condition)}) {`, ...this.nested(ins.then, depth), '}'];
        if (ins.else !== null) lines.push('else {', ...this.nested(ins.else, depth), '}');
        return lines;
      }
      case 'while':
        return [`while (${this.expr(ins.condition)}) {`, ...this.nested(ins.body, depth), '}'];
      case 'for': {
        const name =
          ins.parameter === null
            ? this.unique(`_loop_i${this.loopCounter++}`)
            : this.loopVariable(ins.parameter);
        const v = ins.values;
        let set: string;
        if (v.kind === 'list') set = `{${v.values.join(', ')}}`;
        else {
          const last = v.stop - Math.sign(v.step);
          set = v.step === 1 ? `[${v.start}:${last}]` : `[${v.start}:${v.step}:${last}]`;
        }
        const lines = [`for int ${name} in ${set} {`, ...this.nested(ins.body, depth), '}'];
        if (ins.parameter !== null) this.params.delete(ins.parameter);
        return lines;
      }
      case 'switch': {
        const lines = [`switch (${this.expr(ins.target)}) {`];
        for (const cs of ins.cases) {
          const isDefault = cs.values.includes('default');
          const head = isDefault ? 'default' : `case ${cs.values.join(', ')}`;
          lines.push(
            `${this.indent}${head} {`,
            ...this.nested(cs.body, depth + 1).map((l) => this.indent + l),
            `${this.indent}}`,
          );
        }
        lines.push('}');
        return lines;
      }
      case 'box': {
        const head = ins.duration === null ? 'box' : `box[${this.duration(ins.duration)}]`;
        return [`${head} {`, ...this.nested(ins.body, depth), '}'];
      }
    }
  }

  private loopVariable(parameter: string): string {
    const name = this.unique(parameter);
    this.params.set(parameter, name);
    return name;
  }

  /** A gate call with its modifiers; `qubit` names operands. */
  private gateCall(ins: GateInstruction, qubit: (q: number) => string): string {
    let name = ins.name;
    let controls = ins.controls ?? 0;
    let state = ins.ctrlState ?? (1 << controls) - 1;
    const power = ins.power ?? 1;
    const spelled = AS_CONTROLLED[name];
    if (spelled !== undefined && !this.customs.has(name) && !this.basis.has(name)) {
      const [base, n] = spelled;
      state |= ((1 << n) - 1) << controls;
      controls += n;
      name = base;
    }
    const callee = this.callee(name);
    const modifiers: string[] = [];
    // Controls in order, grouped into runs of the same activating state.
    for (let i = 0; i < controls;) {
      const on = ((state >> i) & 1) === 1;
      let j = i;
      while (j < controls && (((state >> j) & 1) === 1) === on) j++;
      const n = j - i;
      modifiers.push(`${on ? 'ctrl' : 'negctrl'}${n > 1 ? `(${n})` : ''} @ `);
      i = j;
    }
    if (power === -1) modifiers.push('inv @ ');
    else if (power !== 1) modifiers.push(`pow(${formatNumber(power)}) @ `);
    const args =
      ins.params.length > 0 ? `(${ins.params.map((p) => this.angle(p)).join(', ')})` : '';
    return `${modifiers.join('')}${callee}${args} ${ins.qubits.map(qubit).join(', ')};`;
  }

  /** The name to call a gate by, defining it first when needed. */
  private callee(name: string): string {
    if (name === 'u') return 'U';
    if (STDGATES.has(name) && !this.customs.has(name)) return name;
    if (this.basis.has(name)) return name;
    const known = this.gateNames.get(name);
    if (known !== undefined) return known;
    const custom = this.customs.get(name);
    if (custom !== undefined) return this.defineCustom(custom);
    const std = standardGate(name);
    if (std === undefined)
      throw new CircuitError(`the circuit uses gate '${name}', which it does not define`);
    return this.defineStandard(name, std.numQubits, std.numParams);
  }

  private defineCustom(def: GateDefinition): string {
    const emitted = this.unique(def.name);
    this.gateNames.set(def.name, emitted);
    const qubits = Array.from({ length: def.numQubits }, (_, i) => `_gate_q_${i}`);
    const saved = new Map(this.params);
    const formal = def.params.map((p) => {
      const n = escapeIdentifier(p);
      this.params.set(p, n);
      return n;
    });
    const lines: string[] = [];
    const phase = def.globalPhase ?? 0;
    if (angleValue(phase) !== 0) lines.push(`gphase(${this.angle(phase)});`);
    for (const g of def.body) lines.push(this.gateCall(g, (q) => qubits[q]!));
    this.params.clear();
    for (const [k, v] of saved) this.params.set(k, v);
    this.gateDefs.push(gateText(emitted, formal, qubits, lines, this.indent));
    return emitted;
  }

  private defineStandard(name: string, numQubits: number, numParams: number): string {
    const emitted = this.unique(name);
    this.gateNames.set(name, emitted);
    const qubits = Array.from({ length: numQubits }, (_, i) => `_gate_q_${i}`);
    const formal = Array.from({ length: numParams }, (_, i) => `_gate_p_${i}`);
    const params: Angle[] = formal.map((p) => ({ op: 'param', name: p }));
    const saved = new Map(this.params);
    formal.forEach((p) => this.params.set(p, p));
    const lines: string[] = [];
    const definition = standardDefinition(name, params);
    if (definition !== undefined) {
      if (angleValue(definition.phase) !== 0)
        lines.push(`gphase(${this.angle(definition.phase)});`);
      for (const g of definition.gates) lines.push(this.gateCall(g, (q) => qubits[q]!));
    } else if (numQubits === 1) {
      // A single-qubit gate: U with the phase that makes it exact.
      const body = oneQubitBody(name, params);
      if (body === undefined) throw new CircuitError(`no definition to export the gate ${name}`);
      if (angleValue(body.phase) !== 0) lines.push(`gphase(${this.angle(body.phase)});`);
      lines.push(`U(${body.params.map((p) => this.angle(p)).join(', ')}) ${qubits[0]};`);
    } else {
      throw new CircuitError(`no definition to export the gate ${name}`);
    }
    this.params.clear();
    for (const [k, v] of saved) this.params.set(k, v);
    this.gateDefs.push(gateText(emitted, formal, qubits, lines, this.indent));
    return emitted;
  }

  // ---- expressions ----------------------------------------------------------------------------

  private angle(a: Angle): string {
    if (typeof a === 'number') return formatNumber(a);
    return this.angleExpr(a, 0);
  }

  private angleExpr(e: ParameterExpression, parent: number): string {
    const wrap = (text: string, p: number) => (p < parent ? `(${text})` : text);
    switch (e.op) {
      case 'num':
        return e.value < 0 ? wrap(formatNumber(e.value), 4) : formatNumber(e.value);
      case 'param': {
        const name = this.params.get(e.name);
        if (name === undefined) throw new CircuitError(`the parameter '${e.name}' is not declared`);
        return name;
      }
      case 'neg':
        return wrap(`-${this.angleExpr(e.arg, 5)}`, 4);
      case '+':
      case '-':
        return wrap(`${this.angleExpr(e.left, 1)} ${e.op} ${this.angleExpr(e.right, 2)}`, 1);
      case '*':
      case '/':
        return wrap(`${this.angleExpr(e.left, 2)}${e.op}${this.angleExpr(e.right, 3)}`, 2);
      case '^':
        return wrap(`${this.angleExpr(e.left, 6)}**${this.angleExpr(e.right, 5)}`, 5);
      default:
        if (e.op === 'abs' || e.op === 'sign' || e.op === 'conj') {
          throw new CircuitError(`OpenQASM 3 has no ${e.op}() for angles`);
        }
        return `${e.op}(${this.angleExpr(e.arg, 0)})`;
    }
  }

  private duration(d: Duration): string {
    if (d.kind === 'literal') return `${formatNumber(d.value)}${d.unit}`;
    return d.kind === 'symbolic' ? d.text : this.expr(d.expr);
  }

  expr(e: ClassicalExpr, parent = 0): string {
    switch (e.kind) {
      case 'var': {
        const loc = e.location;
        if (loc.kind === 'clbit') return this.clbitNames[loc.index]!;
        if (loc.kind === 'creg') return this.cregNames.get(loc.name) ?? loc.name;
        return this.varNames.get(loc.name) ?? loc.name;
      }
      case 'value':
        return typeof e.value === 'boolean' ? String(e.value) : String(e.value);
      case 'unary': {
        const text = `${e.op === 'bitnot' ? '~' : e.op === 'not' ? '!' : '-'}${this.expr(e.operand, 13)}`;
        return 13 < parent ? `(${text})` : text;
      }
      case 'binary': {
        const p = EXPR_PRECEDENCE[e.op]!;
        const text = `${this.expr(e.left, p)} ${EXPR_SYMBOL[e.op]} ${this.expr(e.right, p + 1)}`;
        return p < parent ? `(${text})` : text;
      }
      case 'cast':
        return e.implicit
          ? this.expr(e.operand, parent)
          : `${typeText(e.type)}(${this.expr(e.operand, 0)})`;
      case 'index':
        return `${this.expr(e.target, 14)}[${this.expr(e.index, 0)}]`;
      case 'call':
        return `${e.fn}(${e.args.map((a) => this.expr(a, 0)).join(', ')})`;
    }
  }
}

function gateText(
  name: string,
  params: readonly string[],
  qubits: readonly string[],
  lines: readonly string[],
  indent: string,
): string {
  const head = `gate ${name}${params.length > 0 ? `(${params.join(', ')})` : ''} ${qubits.join(', ')} {`;
  return [head, ...lines.map((l) => indent + l), '}'].join('\n');
}

/** A single-qubit standard gate as `U(θ, φ, λ)` times a phase, symbolic where needed. */
function oneQubitBody(
  name: string,
  params: readonly Angle[],
): { params: Angle[]; phase: Angle } | undefined {
  if (name === 'r') {
    // r(θ, φ) = U(θ, φ − π/2, −φ + π/2)
    const [t, f] = params as [Angle, Angle];
    return {
      params: [
        t,
        { op: '-', left: asExpr(f), right: { op: 'num', value: Math.PI / 2 } },
        { op: '+', left: { op: 'neg', arg: asExpr(f) }, right: { op: 'num', value: Math.PI / 2 } },
      ],
      phase: 0,
    };
  }
  const std = standardGate(name);
  if (std === undefined || std.numParams > 0) return undefined;
  const z = zyzAngles(std.matrix([]));
  return { params: [z.theta, z.phi, z.lambda], phase: z.phase - (z.phi + z.lambda) / 2 };
}

const asExpr = (a: Angle): ParameterExpression =>
  typeof a === 'number' ? { op: 'num', value: a } : a;

/** A number as OpenQASM: a simple multiple of π when that is exact, otherwise round-trip digits. */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) throw new CircuitError(`cannot write ${v} in OpenQASM`);
  if (v !== 0) {
    for (const d of [1, 2, 3, 4, 6, 8, 16]) {
      const k = Math.round((v * d) / Math.PI);
      if (k === 0 || Math.abs(k) > 32) continue;
      const text =
        d === 1
          ? k === 1
            ? 'pi'
            : k === -1
              ? '-pi'
              : `${k}*pi`
          : k === 1
            ? `pi/${d}`
            : k === -1
              ? `-pi/${d}`
              : `${k}*pi/${d}`;
      const value = d === 1 ? k * Math.PI : (k * Math.PI) / d;
      if (value === v) return text;
    }
  }
  return String(v);
}

function typeText(t: ClassicalType): string {
  switch (t.kind) {
    case 'bool':
      return 'bool';
    case 'uint':
      return `uint[${t.width}]`;
    case 'int':
      return t.width === null ? 'int' : `int[${t.width}]`;
    case 'float':
      return t.width === null ? 'float' : `float[${t.width}]`;
    case 'angle':
      return t.width === null ? 'angle' : `angle[${t.width}]`;
    case 'duration':
      return 'duration';
    case 'array':
      return `array[${typeText(t.element)}, ${t.dimensions.join(', ')}]`;
  }
}
