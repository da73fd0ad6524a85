/**
 * The principle of deferred measurement, applied where it is exact: an `if` whose condition
 * reads only bits just measured from qubits that nothing has mixed since, and whose body is
 * gates on other qubits, becomes those gates controlled by the measured qubits (one set of
 * controls per combination of outcomes that satisfies the condition). Measuring a qubit and
 * then acting on its classical copy is the same as acting with the qubit as a control, and the
 * controls commute with the measurement, so the measurement can then be read from the final
 * state (see `analysis.ts`) and the simulation need not split. Teleportation, semiclassical
 * Fourier transforms and similar feed-forward cost what their static form costs.
 *
 * @module
 */
import { blocksOf } from '../../circuits/blocks.js';
import { splitControls } from '../../circuits/gates/modifiers.js';
import { addControls, normaliseGate } from '../../circuits/inline.js';
import type {
  Block,
  Circuit,
  ClassicalExpr,
  GateInstruction,
  IfElseInstruction,
  Instruction,
} from '../../circuits/model.js';
import { compileExpr, toBoolean, BIT_ONE, BIT_ZERO, type Memory } from './classical.js';
import { INSTRUCTION_WORK, INSTRUCTIONS_PER_YIELD, runAtOnce, type Sliced } from './sliced.js';

/** Most measured qubits one condition may read to be deferred (2^k outcome combinations). */
export const MAX_DEFERRED_CONTROLS = 6;

/** Standard gates that never mix any of their qubits. */
const DIAGONAL = new Set(['z', 's', 'sdg', 't', 'tdg', 'p', 'u1', 'rz', 'cz', 'ccz', 'cs']);

/** The qubits a gate may mix (not its controls, nothing for a diagonal gate). */
function mixedBy(g: GateInstruction): readonly number[] {
  if (DIAGONAL.has(g.name) || g.name === 'id' || g.name === 'global_phase') return [];
  const controls = (g.controls ?? 0) + (splitControls(g.name)?.controls ?? 0);
  return g.qubits.slice(controls);
}

/** Rewrite the `if`s of `circuit` that can be deferred (see the module comment). */
export function deferMeasurements(circuit: Circuit): Circuit {
  return runAtOnce(deferMeasurementsSliced(circuit));
}

/** {@link deferMeasurements} as a sliced computation (see `sliced.ts`). */
export function* deferMeasurementsSliced(circuit: Circuit): Sliced<Circuit> {
  const registers = new Map(circuit.cregs.map((r) => [r.name, r.bits]));
  const rewriter = new Rewriter(registers, circuit.numClbits);
  return { ...circuit, instructions: yield* rewriter.block(circuit.instructions, true) };
}

class Rewriter {
  constructor(
    private readonly registers: ReadonlyMap<string, readonly number[]>,
    private readonly numClbits: number,
  ) {}

  /** Rewrite a block. `fromStart`: the block starts the program, with every bit 0. */
  *block(block: Block, fromStart: boolean): Sliced<Instruction[]> {
    /** Bit → the qubit holding its value, unmixed since it was measured. */
    const held = new Map<number, number>();
    /** Bits written so far (only tracked from the start of the program). */
    const written = new Set<number>();
    const forgetQubits = (qubits: readonly number[]): void => {
      for (const [bit, q] of [...held]) if (qubits.includes(q)) held.delete(bit);
    };
    const forgetBits = (bits: readonly number[]): void => {
      for (const b of bits) {
        held.delete(b);
        written.add(b);
      }
    };
    const out: Instruction[] = [];
    let count = 0;
    for (const ins of block) {
      if (++count === INSTRUCTIONS_PER_YIELD) {
        yield count * INSTRUCTION_WORK;
        count = 0;
      }
      switch (ins.kind) {
        case 'measure':
          if (ins.clbit !== null) {
            written.add(ins.clbit);
            held.set(ins.clbit, ins.qubit);
          }
          out.push(ins);
          continue;
        case 'gate':
          forgetQubits(mixedBy(ins));
          out.push(ins);
          continue;
        case 'reset':
          forgetQubits([ins.qubit]);
          out.push(ins);
          continue;
        case 'barrier':
        case 'delay':
          out.push(ins);
          continue;
        case 'if': {
          const deferred = this.defer(ins, held, fromStart ? written : undefined);
          if (deferred) {
            for (const g of deferred) forgetQubits(mixedBy(g));
            out.push(...deferred);
            continue;
          }
          break;
        }
        default:
          break;
      }
      // Anything else: rewrite nested blocks on their own, forget what they may change.
      const effects = { qubits: [] as number[], bits: [] as number[] };
      this.effectsOf(ins, effects);
      forgetQubits(effects.qubits);
      forgetBits(effects.bits);
      out.push(yield* this.nested(ins));
    }
    yield count * INSTRUCTION_WORK;
    return out;
  }

  private *nested(ins: Instruction): Sliced<Instruction> {
    switch (ins.kind) {
      case 'if':
        return {
          ...ins,
          then: yield* this.block(ins.then, false),
          else: ins.else === null ? null : yield* this.block(ins.else, false),
        };
      case 'while':
      case 'for':
      case 'box':
        return { ...ins, body: yield* this.block(ins.body, false) };
      case 'switch': {
        const cases = [];
        for (const c of ins.cases) cases.push({ ...c, body: yield* this.block(c.body, false) });
        return { ...ins, cases };
      }
      default:
        return ins;
    }
  }

  /** Qubits an instruction may mix and bits it may write, through nested blocks. */
  private effectsOf(ins: Instruction, into: { qubits: number[]; bits: number[] }): void {
    switch (ins.kind) {
      case 'gate':
        into.qubits.push(...mixedBy(ins));
        break;
      case 'reset':
        into.qubits.push(ins.qubit);
        break;
      case 'measure':
        if (ins.clbit !== null) into.bits.push(ins.clbit);
        break;
      case 'store':
        into.bits.push(...this.bitsOf(ins.target));
        break;
      default:
        break;
    }
    for (const b of blocksOf(ins)) for (const inner of b) this.effectsOf(inner, into);
  }

  /** The classical bits an expression mentions (undefined when it reads a variable). */
  private bitsOf(e: ClassicalExpr): number[] {
    const out: number[] = [];
    const walk = (x: ClassicalExpr): boolean => {
      switch (x.kind) {
        case 'var':
          if (x.location.kind === 'clbit') out.push(x.location.index);
          else if (x.location.kind === 'creg')
            out.push(...(this.registers.get(x.location.name) ?? []));
          else return false;
          return true;
        case 'value':
          return true;
        case 'unary':
        case 'cast':
          return walk(x.operand);
        case 'binary':
          return walk(x.left) && walk(x.right);
        case 'index':
          return walk(x.target) && walk(x.index);
        case 'call':
          return x.args.every(walk);
      }
    };
    return walk(e) ? out : [...Array(this.numClbits).keys()];
  }

  private readsVariable(e: ClassicalExpr): boolean {
    switch (e.kind) {
      case 'var':
        return e.location.kind === 'var';
      case 'value':
        return false;
      case 'unary':
      case 'cast':
        return this.readsVariable(e.operand);
      case 'binary':
        return this.readsVariable(e.left) || this.readsVariable(e.right);
      case 'index':
        return this.readsVariable(e.target) || this.readsVariable(e.index);
      case 'call':
        return e.args.some((a) => this.readsVariable(a));
    }
  }

  /** The gates replacing `ins`, or undefined when it cannot be deferred. */
  private defer(
    ins: IfElseInstruction,
    held: ReadonlyMap<number, number>,
    written: ReadonlySet<number> | undefined,
  ): GateInstruction[] | undefined {
    if (this.readsVariable(ins.condition)) return undefined;
    const gatesOnly = (b: Block | null): b is readonly GateInstruction[] =>
      b === null || b.every((x) => x.kind === 'gate' || x.kind === 'barrier');
    if (!gatesOnly(ins.then) || !gatesOnly(ins.else)) return undefined;
    const bits = [...new Set(this.bitsOf(ins.condition))];
    const qubits: number[] = [];
    const constant = new Map<number, boolean>();
    for (const b of bits) {
      const q = held.get(b);
      if (q !== undefined) {
        if (!qubits.includes(q)) qubits.push(q);
      } else if (written !== undefined && !written.has(b)) {
        constant.set(b, false);
      } else {
        return undefined;
      }
    }
    if (qubits.length > MAX_DEFERRED_CONTROLS) return undefined;
    const bodyGates = [...ins.then, ...(ins.else ?? [])].filter(
      (x): x is GateInstruction => x.kind === 'gate',
    );
    if (bodyGates.some((g) => g.qubits.some((q) => qubits.includes(q)))) return undefined;
    // Evaluate the condition for every combination of the measured qubits' values.
    let condition;
    try {
      condition = compileExpr(ins.condition, {
        register: (name) => this.registers.get(name),
        slot: () => undefined,
      });
    } catch {
      return undefined;
    }
    const memory: Memory = { bits: new Int32Array(this.numClbits).fill(BIT_ZERO), vars: [] };
    const out: GateInstruction[] = [];
    for (let a = 0; a < 2 ** qubits.length; a++) {
      for (const b of bits) {
        const q = held.get(b);
        const one = q !== undefined ? ((a >> qubits.indexOf(q)) & 1) === 1 : constant.get(b)!;
        memory.bits[b] = one ? BIT_ONE : BIT_ZERO;
      }
      let holds: boolean;
      try {
        holds = toBoolean(condition(memory));
      } catch {
        return undefined;
      }
      const body = holds ? ins.then : (ins.else ?? []);
      for (const g of body) {
        if (g.kind !== 'gate') continue;
        const controlled = qubits.length > 0 ? addControls(g, qubits, a) : g;
        out.push(...normaliseGate(controlled));
      }
    }
    return out;
  }
}
