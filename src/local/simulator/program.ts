/**
 * Compiles a circuit (custom gates inlined) into a flat program for the branch machine: gates
 * with their qubits renumbered to simulated qubits (only qubits some gate acts on are
 * simulated), measurements, resets, stores, and the control flow of `if`, `switch`, `for`,
 * `while`, `break` and `continue` as jumps. A branch of the simulation is then just a program
 * counter, a classical memory and a state, which is what makes splitting a branch cheap.
 *
 * @module
 */
import { blocksOf } from '../../circuits/blocks.js';
import type {
  Angle,
  Block,
  Circuit,
  ClassicalExpr,
  GateDefinition,
  GateInstruction,
  Instruction,
  LoopValues,
} from '../../circuits/model.js';
import { substitute } from '../../circuits/qasm/expression.js';
import {
  coerce,
  compileExpr,
  toBigInt,
  toNumber,
  writeBits,
  zeroOf,
  BIT_ONE,
  BIT_ZERO,
  type Evaluator,
  type Memory,
  type Scope,
  type Value,
} from './classical.js';
import { compileGate, type CompiledGate } from './compiled-gate.js';
import { SimulationError } from './errors.js';
import { INSTRUCTION_WORK, INSTRUCTIONS_PER_YIELD, runAtOnce, type Sliced } from './sliced.js';

/** Angles of a gate, from a binding row and the branch's memory. */
export type AngleSource = (memory: Memory, row: Float64Array, rowOffset: number) => number[];

/** One step of a program. */
export type Op =
  | { readonly op: 'gate'; readonly gate: CompiledGate }
  | {
      readonly op: 'parametric';
      readonly instruction: GateInstruction;
      /** The instruction's qubits as simulated qubits. */
      readonly qubits: readonly number[];
      readonly angles: AngleSource;
    }
  | {
      readonly op: 'measure';
      /** Simulated qubit, or −1 for a qubit no gate touches (it measures 0). */
      readonly qubit: number;
      /** Classical bit, or −1 when the outcome is discarded. */
      readonly clbit: number;
      /** Set by the planner: the outcome is read from the final state (see `analysis.ts`). */
      terminal: boolean;
    }
  | { readonly op: 'reset'; readonly qubit: number }
  | {
      readonly op: 'store';
      readonly value: Evaluator;
      readonly write: (memory: Memory, value: Value) => void;
      /** Classical bits it may write (all of a register's for a computed index). */
      readonly writes: readonly number[];
      /** True when it always writes every bit of `writes`. */
      readonly exact: boolean;
    }
  | { readonly op: 'jumpUnless'; readonly condition: Evaluator; target: number }
  | { readonly op: 'jump'; target: number }
  | {
      readonly op: 'switch';
      readonly value: Evaluator;
      readonly cases: ReadonlyMap<bigint, number>;
      fallback: number;
    }
  | {
      readonly op: 'forStart';
      /** Slot of the iteration counter. */
      readonly counter: number;
    }
  | {
      readonly op: 'forNext';
      readonly counter: number;
      /** Slot receiving the loop parameter's value, or −1. */
      readonly parameter: number;
      readonly values: LoopValues;
      exit: number;
    }
  | { readonly op: 'loopTick' };

/** Where the classical bits read by each step come from, for the planner's analysis. */
export interface OpEffects {
  /** Classical bits read (conditions, stores, switch targets). */
  readonly reads: readonly number[];
}

/** A compiled circuit. */
export interface Program {
  readonly ops: Op[];
  /** `effects[pc]` for each op. */
  readonly effects: readonly OpEffects[];
  /** The circuit's declared width. */
  readonly numQubits: number;
  /** Number of simulated qubits. */
  readonly numSimulated: number;
  /** For each circuit qubit, its simulated qubit or −1. */
  readonly position: Int32Array;
  readonly numClbits: number;
  /** Classical registers in declaration order, with their bits. */
  readonly registers: readonly { readonly name: string; readonly bits: readonly number[] }[];
  /** Parameter names in the order of `circuit.parameters` (the columns of a binding row). */
  readonly parameters: readonly string[];
  /** Number of variable slots. */
  readonly numSlots: number;
  /** Sets the variables' initial values. */
  readonly initialise: (memory: Memory, row: Float64Array, rowOffset: number) => void;
  /** The circuit's gate definitions kept for non-integer powers. */
  readonly definitions: ReadonlyMap<string, GateDefinition>;
}

function fail(message: string): never {
  throw new SimulationError(`invalid circuit: ${message}`);
}

/** Which circuit qubits some gate acts on, through nested blocks. */
function touchedQubits(circuit: Circuit): Uint8Array {
  const touched = new Uint8Array(circuit.numQubits);
  const walk = (block: Block): void => {
    for (const ins of block) {
      if (ins.kind === 'gate') {
        if (ins.name === 'id' && !ins.controls) continue;
        for (const q of ins.qubits) {
          if (!Number.isInteger(q) || q < 0 || q >= circuit.numQubits) {
            fail(`qubit ${String(q)} is out of range for ${circuit.numQubits} qubits`);
          }
          touched[q] = 1;
        }
      }
      for (const inner of blocksOf(ins)) walk(inner);
    }
  };
  walk(circuit.instructions);
  return touched;
}

interface Loop {
  /** Pending `break` jumps, patched to the loop's exit. */
  readonly breaks: { target: number }[];
  /** Where `continue` goes. */
  readonly next: number;
}

/**
 * Compile `circuit` (already inlined by `inlineGates`). Throws {@link SimulationError} for a
 * malformed circuit: an out-of-range qubit or bit, an unknown register or variable, `break`
 * or `continue` outside a loop.
 */
export function compileProgram(circuit: Circuit): Program {
  return runAtOnce(compileProgramSliced(circuit));
}

/** {@link compileProgram} as a sliced computation (see `sliced.ts`). */
export function compileProgramSliced(circuit: Circuit): Sliced<Program> {
  return new Compiler(circuit).run();
}

/** Instructions holding blocks of their own. */
type NestingInstruction = Extract<
  Instruction,
  { readonly kind: 'box' | 'if' | 'switch' | 'for' | 'while' }
>;

function nests(ins: Instruction): ins is NestingInstruction {
  switch ((ins as Instruction | null)?.kind) {
    case 'box':
    case 'if':
    case 'switch':
    case 'for':
    case 'while':
      return true;
    default:
      return false;
  }
}

class Compiler implements Scope {
  private readonly ops: Op[] = [];
  private readonly effects: OpEffects[] = [];
  private readonly registers: Map<string, readonly number[]>;
  private readonly slots = new Map<string, number>();
  private numSlots = 0;
  /** Loop parameters in scope, innermost last. */
  private readonly loopParameters: { name: string; slot: number }[] = [];
  private readonly loops: Loop[] = [];
  private readonly position: Int32Array;
  private readonly numSimulated: number;
  private readonly definitions: Map<string, GateDefinition>;

  constructor(private readonly circuit: Circuit) {
    if (typeof circuit !== 'object' || circuit === null) fail('expected a circuit object');
    const { numQubits, numClbits } = circuit;
    if (!Number.isInteger(numQubits) || numQubits < 0) fail(`numQubits is ${String(numQubits)}`);
    if (!Number.isInteger(numClbits) || numClbits < 0) fail(`numClbits is ${String(numClbits)}`);
    for (const key of ['instructions', 'cregs', 'parameters', 'vars', 'gates'] as const) {
      if (!Array.isArray(circuit[key] as unknown)) fail(`${key} must be a list`);
    }
    this.registers = new Map();
    for (const r of circuit.cregs) {
      if (typeof r?.name !== 'string' || !Array.isArray(r.bits as unknown)) {
        fail('a classical register needs a name and a list of bits');
      }
      if (this.registers.has(r.name)) fail(`classical register '${r.name}' is declared twice`);
      for (const b of r.bits) this.checkClbit(b);
      this.registers.set(r.name, r.bits);
    }
    this.definitions = new Map(circuit.gates.map((d) => [d.name, d]));
    const touched = touchedQubits(circuit);
    this.position = new Int32Array(numQubits).fill(-1);
    let n = 0;
    for (let q = 0; q < numQubits; q++) if (touched[q]) this.position[q] = n++;
    this.numSimulated = n;
    for (const v of circuit.vars) {
      if (typeof v?.name !== 'string') fail('a classical variable needs a name');
      if (this.slots.has(v.name)) fail(`variable '${v.name}' is declared twice`);
      this.slots.set(v.name, this.numSlots++);
    }
  }

  register(name: string): readonly number[] | undefined {
    return this.registers.get(name);
  }

  slot(name: string): number | undefined {
    for (let i = this.loopParameters.length - 1; i >= 0; i--) {
      if (this.loopParameters[i]!.name === name) return this.loopParameters[i]!.slot;
    }
    return this.slots.get(name);
  }

  *run(): Sliced<Program> {
    const initialise = this.initialiser();
    yield* this.block(this.circuit.instructions);
    return {
      ops: this.ops,
      effects: this.effects,
      numQubits: this.circuit.numQubits,
      numSimulated: this.numSimulated,
      position: this.position,
      numClbits: this.circuit.numClbits,
      registers: this.circuit.cregs.map((r) => ({ name: r.name, bits: r.bits })),
      parameters: this.circuit.parameters,
      numSlots: this.numSlots,
      initialise,
      definitions: this.definitions,
    };
  }

  private initialiser(): Program['initialise'] {
    const steps: ((m: Memory, row: Float64Array, offset: number) => void)[] = [];
    for (const v of this.circuit.vars) {
      const slot = this.slots.get(v.name)!;
      if (v.role === 'input') {
        const column = this.circuit.parameters.indexOf(v.name);
        if (column < 0) {
          fail(`the input variable '${v.name}' is not among the circuit's parameters`);
        }
        steps.push((m, row, offset) => {
          m.vars[slot] = coerce(row[offset + column]!, v.type);
        });
      } else if (v.initial !== null) {
        const value = compileExpr(v.initial, this);
        steps.push((m) => {
          m.vars[slot] = coerce(value(m), v.type, v.initial!.type);
        });
      } else {
        steps.push((m) => {
          m.vars[slot] = zeroOf(v.type);
        });
      }
    }
    return (m, row, offset) => {
      for (const s of steps) s(m, row, offset);
    };
  }

  private checkClbit(b: unknown): number {
    if (typeof b !== 'number' || !Number.isInteger(b) || b < 0 || b >= this.circuit.numClbits) {
      fail(`classical bit ${String(b)} is out of range for ${this.circuit.numClbits} bits`);
    }
    return b;
  }

  private checkQubit(q: unknown): number {
    if (typeof q !== 'number' || !Number.isInteger(q) || q < 0 || q >= this.circuit.numQubits) {
      fail(`qubit ${String(q)} is out of range for ${this.circuit.numQubits} qubits`);
    }
    return this.position[q]!;
  }

  private emit(op: Op, reads: readonly number[] = []): Op {
    this.ops.push(op);
    this.effects.push({ reads });
    return op;
  }

  private get pc(): number {
    return this.ops.length;
  }

  /** The classical bits an expression reads. */
  private bitsRead(e: ClassicalExpr): number[] {
    const out: number[] = [];
    const walk = (x: ClassicalExpr): void => {
      switch (x.kind) {
        case 'var':
          if (x.location.kind === 'clbit') out.push(x.location.index);
          else if (x.location.kind === 'creg')
            out.push(...(this.registers.get(x.location.name) ?? []));
          return;
        case 'value':
          return;
        case 'unary':
        case 'cast':
          walk(x.operand);
          return;
        case 'binary':
          walk(x.left);
          walk(x.right);
          return;
        case 'index':
          walk(x.target);
          walk(x.index);
          return;
        case 'call':
          x.args.forEach(walk);
          return;
      }
    };
    walk(e);
    return out;
  }

  private expr(e: ClassicalExpr): Evaluator {
    if (typeof e !== 'object' || e === null) fail('a classical expression is missing');
    return compileExpr(e, this);
  }

  private *block(block: Block): Sliced<void> {
    if (!Array.isArray(block as unknown)) fail('a block must be a list of instructions');
    let count = 0;
    for (const ins of block) {
      if (nests(ins)) yield* this.nested(ins);
      else this.instruction(ins);
      if (++count === INSTRUCTIONS_PER_YIELD) {
        yield count * INSTRUCTION_WORK;
        count = 0;
      }
    }
    yield count * INSTRUCTION_WORK;
  }

  /** An instruction with blocks of its own. */
  private *nested(ins: NestingInstruction): Sliced<void> {
    switch (ins.kind) {
      case 'box':
        return yield* this.block(ins.body);
      case 'if': {
        const jump = this.emit(
          { op: 'jumpUnless', condition: this.expr(ins.condition), target: -1 },
          this.bitsRead(ins.condition),
        ) as Op & { op: 'jumpUnless' };
        yield* this.block(ins.then);
        if (ins.else === null || ins.else.length === 0) {
          jump.target = this.pc;
          return;
        }
        const skip = this.emit({ op: 'jump', target: -1 }) as Op & { op: 'jump' };
        jump.target = this.pc;
        yield* this.block(ins.else);
        skip.target = this.pc;
        return;
      }
      case 'switch': {
        const cases = new Map<bigint, number>();
        const op = this.emit(
          { op: 'switch', value: this.expr(ins.target), cases, fallback: -1 },
          this.bitsRead(ins.target),
        ) as Op & { op: 'switch' };
        const ends: { target: number }[] = [];
        for (const c of ins.cases) {
          const start = this.pc;
          for (const v of c.values) {
            if (v === 'default') op.fallback = start;
            else {
              const key = toBigInt(v);
              if (!cases.has(key)) cases.set(key, start);
            }
          }
          yield* this.block(c.body);
          ends.push(this.emit({ op: 'jump', target: -1 }) as Op & { op: 'jump' });
        }
        for (const e of ends) e.target = this.pc;
        if (op.fallback < 0) op.fallback = this.pc;
        return;
      }
      case 'for':
        return yield* this.forLoop(ins.parameter, ins.values, ins.body);
      case 'while': {
        const head = this.pc;
        const exit = this.emit(
          { op: 'jumpUnless', condition: this.expr(ins.condition), target: -1 },
          this.bitsRead(ins.condition),
        ) as Op & { op: 'jumpUnless' };
        this.emit({ op: 'loopTick' });
        const loop: Loop = { breaks: [exit], next: head };
        this.loops.push(loop);
        yield* this.block(ins.body);
        this.loops.pop();
        this.emit({ op: 'jump', target: head });
        for (const b of loop.breaks) b.target = this.pc;
        return;
      }
    }
  }

  /** An instruction without blocks of its own. */
  private instruction(ins: Exclude<Instruction, NestingInstruction>): void {
    switch (ins?.kind) {
      case 'gate':
        return this.gate(ins);
      case 'measure': {
        const qubit = this.checkQubit(ins.qubit);
        const clbit = ins.clbit === null ? -1 : this.checkClbit(ins.clbit);
        this.emit({ op: 'measure', qubit, clbit, terminal: false });
        return;
      }
      case 'reset': {
        const qubit = this.checkQubit(ins.qubit);
        if (qubit >= 0) this.emit({ op: 'reset', qubit });
        return;
      }
      case 'barrier':
      case 'delay':
        return;
      case 'store':
        return this.store(ins.target, ins.value);
      case 'break':
      case 'continue': {
        const loop = this.loops[this.loops.length - 1];
        if (!loop) fail(`'${ins.kind}' outside a loop`);
        const j = this.emit({ op: 'jump', target: loop.next }) as Op & { op: 'jump' };
        if (ins.kind === 'break') loop.breaks.push(j);
        return;
      }
      default:
        fail(`unknown instruction ${JSON.stringify((ins as { kind?: unknown })?.kind)}`);
    }
  }

  private *forLoop(parameter: string | null, values: LoopValues, body: Block): Sliced<void> {
    if (values?.kind === 'range') {
      if (![values.start, values.stop, values.step].every(Number.isFinite) || values.step === 0) {
        fail('a for loop range needs finite bounds and a non-zero step');
      }
    } else if (values?.kind !== 'list' || !Array.isArray(values.values as unknown)) {
      fail('a for loop needs a list or a range of values');
    }
    const counter = this.numSlots++;
    const slot = parameter === null ? -1 : this.numSlots++;
    this.emit({ op: 'forStart', counter });
    const head = this.pc;
    const next = this.emit({
      op: 'forNext',
      counter,
      parameter: slot,
      values,
      exit: -1,
    }) as Op & { op: 'forNext' };
    const loop: Loop = { breaks: [], next: head };
    this.loops.push(loop);
    if (parameter !== null) this.loopParameters.push({ name: parameter, slot });
    yield* this.block(body);
    if (parameter !== null) this.loopParameters.pop();
    this.loops.pop();
    this.emit({ op: 'jump', target: head });
    next.exit = this.pc;
    for (const b of loop.breaks) b.target = this.pc;
  }

  private store(target: ClassicalExpr, value: ClassicalExpr): void {
    const read = this.expr(value);
    const reads = this.bitsRead(value);
    const from = value.type;
    if (target?.kind === 'var') {
      const loc = target.location;
      const type = target.type;
      if (loc.kind === 'clbit') {
        const c = this.checkClbit(loc.index);
        this.emit(
          {
            op: 'store',
            value: read,
            write: (m, v) => {
              m.bits[c] = coerce(v, { kind: 'bool' }, from) ? BIT_ONE : BIT_ZERO;
            },
            writes: [c],
            exact: true,
          },
          reads,
        );
        return;
      }
      if (loc.kind === 'creg') {
        const bits = this.registers.get(loc.name);
        if (!bits) fail(`unknown classical register '${loc.name}'`);
        const width = { kind: 'uint', width: bits.length } as const;
        this.emit(
          {
            op: 'store',
            value: read,
            write: (m, v) => writeBits(m, bits, coerce(v, width, from) as bigint),
            writes: bits,
            exact: true,
          },
          reads,
        );
        return;
      }
      const slot = this.slot(loc.name);
      if (slot === undefined) fail(`unknown variable '${loc.name}'`);
      this.emit(
        {
          op: 'store',
          value: read,
          write: (m, v) => {
            m.vars[slot] = coerce(v, type, from);
          },
          writes: [],
          exact: false,
        },
        reads,
      );
      return;
    }
    if (target?.kind === 'index') {
      const index = this.expr(target.index);
      const indexReads = this.bitsRead(target.index);
      const base = target.target;
      if (base.kind === 'var' && base.location.kind === 'creg') {
        const name = base.location.name;
        const bits = this.registers.get(name);
        if (!bits) fail(`unknown classical register '${name}'`);
        this.emit(
          {
            op: 'store',
            value: read,
            write: (m, v) => {
              const i = Number(toBigInt(index(m)));
              const c = bits[i < 0 ? bits.length + i : i];
              if (c === undefined) {
                throw new SimulationError(
                  `index ${i} is out of range for register '${name}' of ${bits.length} bits`,
                );
              }
              m.bits[c] = coerce(v, { kind: 'bool' }, from) ? BIT_ONE : BIT_ZERO;
            },
            writes: bits,
            exact: false,
          },
          [...reads, ...indexReads],
        );
        return;
      }
      if (base.kind === 'var' && base.location.kind === 'var') {
        const slot = this.slot(base.location.name);
        if (slot === undefined) fail(`unknown variable '${base.location.name}'`);
        const baseType = base.type;
        this.emit(
          {
            op: 'store',
            value: read,
            write: (m, v) => {
              const i = Number(toBigInt(index(m)));
              const current = m.vars[slot]!;
              if (Array.isArray(current)) {
                if (!(i >= 0 && i < current.length)) {
                  throw new SimulationError(
                    `index ${i} is out of range for an array of ${current.length}`,
                  );
                }
                const element = baseType.kind === 'array' ? baseType.element : baseType;
                current[i] = coerce(v, element, from);
                return;
              }
              // A bit of an integer variable.
              const bit = 1n << BigInt(i);
              const x = toBigInt(current, baseType);
              const set = coerce(v, { kind: 'bool' }, from) ? x | bit : x & ~bit;
              m.vars[slot] = coerce(set, baseType);
            },
            writes: [],
            exact: false,
          },
          [...reads, ...indexReads],
        );
        return;
      }
    }
    fail('a store needs a variable, register, bit or indexed target');
  }

  private gate(ins: GateInstruction): void {
    if (!Array.isArray(ins.qubits as unknown) || !Array.isArray(ins.params as unknown)) {
      fail(`gate '${String(ins.name)}' needs lists of qubits and angles`);
    }
    if (ins.name === 'global_phase' && !ins.controls) return;
    if (ins.name === 'id' && !ins.controls) return;
    const qubits = ins.qubits.map((q) => this.checkQubit(q));
    const numeric = ins.params.every((p) => typeof p === 'number');
    if (numeric) {
      const gate = compileGate(ins, qubits, ins.params as number[], this.definitions);
      if (gate) this.emit({ op: 'gate', gate });
      return;
    }
    this.emit({ op: 'parametric', instruction: ins, qubits, angles: this.angleSource(ins) });
  }

  /** How a gate's angles are found at run time: loop parameters, then bindings, then variables. */
  private angleSource(ins: GateInstruction): AngleSource {
    const lookups = new Map<string, (m: Memory, row: Float64Array, offset: number) => number>();
    const names = new Set<string>();
    const collect = (a: Angle): void => {
      if (typeof a === 'number') return;
      substitute(a, (name) => {
        names.add(name);
        return undefined;
      });
    };
    ins.params.forEach(collect);
    for (const name of names) {
      const slot = this.slot(name);
      if (slot !== undefined) {
        lookups.set(name, (m) => toNumber(m.vars[slot]!));
        continue;
      }
      const column = this.circuit.parameters.indexOf(name);
      if (column >= 0) {
        lookups.set(name, (_m, row, offset) => row[offset + column]!);
        continue;
      }
      fail(`gate '${ins.name}' uses '${name}', which is neither a parameter nor a variable`);
    }
    const params = ins.params;
    return (m, row, offset) =>
      params.map((a) => {
        const v = substitute(a, (name) => lookups.get(name)!(m, row, offset));
        if (typeof v !== 'number') {
          throw new SimulationError(`gate '${ins.name}' has an angle that cannot be evaluated`);
        }
        return v;
      });
  }
}

/** The number of values a `for` loop takes. */
export function loopLength(values: LoopValues): number {
  if (values.kind === 'list') return values.values.length;
  const { start, stop, step } = values;
  return Math.max(0, Math.ceil((stop - start) / step));
}

/** The `i`-th value of a `for` loop. */
export function loopValue(values: LoopValues, i: number): number {
  return values.kind === 'list' ? values.values[i]! : values.start + i * values.step;
}
