/**
 * The parts of the circuit a program lowers to, and where its instructions go: qubits and
 * classical bits with their registers, the circuit's variables, parameters and gate
 * definitions, its global phase, and a stack of blocks being filled.
 *
 * @module
 */
import type {
  Angle,
  Circuit,
  ClassicalType,
  GateDefinition,
  Instruction,
  Register,
} from '../model.js';
import { sortParameters } from '../parameters.js';
import { Problem, type Pos } from './diagnostics.js';
import { binary } from './expression.js';

/** Bounds applied while building. */
export interface BuildLimits {
  /** Most instructions, counted through nested blocks. */
  readonly maxInstructions: number;
  /** Most qubits (declared or physical) and most classical bits. */
  readonly maxRegisterSize: number;
}

export class CircuitBuilder {
  private declaredQubits = 0;
  private physicalQubits = 0;
  /** Where the program first named a physical qubit, if it did. */
  private physicalAt: Pos | undefined;
  private readonly qregs: Register[] = [];
  private readonly cregs: Register[] = [];
  private numClbits = 0;
  private readonly vars: { name: string; type: ClassicalType; role: 'input' | 'declare' }[] = [];
  private readonly names = new Set<string>();
  private readonly parameters: string[] = [];
  private readonly gates: GateDefinition[] = [];
  private globalPhase: Angle = 0;
  private readonly blocks: Instruction[][] = [[]];
  private count = 0;

  constructor(readonly limits: BuildLimits) {}

  /** Number of qubits so far (declared ones, or the highest physical qubit plus one). */
  get numQubits(): number {
    return this.physicalAt !== undefined ? this.physicalQubits : this.declaredQubits;
  }

  // ---- qubits and bits ---------------------------------------------------------------------

  /** Declare a qubit register; returns its qubits. */
  addQubits(name: string, size: number, at: Pos): number[] {
    if (this.physicalAt !== undefined) {
      throw new Problem(
        'qubit registers cannot be declared in a program that uses physical qubits',
        at,
      );
    }
    if (this.declaredQubits + size > this.limits.maxRegisterSize) {
      throw new Problem(`too many qubits (more than ${this.limits.maxRegisterSize})`, at);
    }
    const bits = range(this.declaredQubits, size);
    this.declaredQubits += size;
    this.qregs.push({ name, bits });
    return bits;
  }

  /** The qubit `$index`. */
  physical(index: number, text: string, at: Pos): number {
    if (this.qregs.length > 0) {
      throw new Problem('physical qubits cannot be mixed with declared qubit registers', at);
    }
    if (!Number.isSafeInteger(index) || index >= this.limits.maxRegisterSize) {
      throw new Problem(
        `physical qubit ${text} is out of range (at most $${this.limits.maxRegisterSize - 1})`,
        at,
      );
    }
    this.physicalAt ??= at;
    this.physicalQubits = Math.max(this.physicalQubits, index + 1);
    return index;
  }

  /** Allocate `size` classical bits in no register. */
  addClbits(size: number, at: Pos): number[] {
    if (this.numClbits + size > this.limits.maxRegisterSize) {
      throw new Problem(`too many classical bits (more than ${this.limits.maxRegisterSize})`, at);
    }
    const bits = range(this.numClbits, size);
    this.numClbits += size;
    return bits;
  }

  /** Declare a classical register; returns its bits. */
  addCreg(name: string, size: number, at: Pos): number[] {
    const bits = this.addClbits(size, at);
    this.cregs.push({ name, bits });
    return bits;
  }

  /** The classical register whose bits are exactly `bits`, if there is one. */
  cregOf(bits: readonly number[]): string | undefined {
    const r = this.cregs.find(
      (c) => c.bits.length === bits.length && c.bits.every((b, i) => b === bits[i]),
    );
    return r?.name;
  }

  // ---- variables, parameters, definitions ---------------------------------------------------

  /** Declare a circuit variable named after `base` (made unique); returns its name. */
  addVar(base: string, type: ClassicalType, role: 'input' | 'declare' = 'declare'): string {
    let name = base;
    for (let k = 1; this.names.has(name); k++) name = `${base}_${k}`;
    this.names.add(name);
    this.vars.push({ name, type, role });
    return name;
  }

  /** Reserve a name so no variable takes it (register and parameter names). */
  reserve(name: string): void {
    this.names.add(name);
  }

  addParameter(name: string): void {
    this.parameters.push(name);
  }

  addGate(definition: GateDefinition): void {
    this.gates.push(definition);
  }

  addGlobalPhase(angle: Angle): void {
    this.globalPhase = binary('+', this.globalPhase, angle);
  }

  // ---- instructions -------------------------------------------------------------------------

  /** Append `instruction` to the block being filled. */
  emit(instruction: Instruction, at: Pos): void {
    if (this.count >= this.limits.maxInstructions) {
      throw new Problem(
        `the circuit expands to more than ${this.limits.maxInstructions} instructions`,
        at,
        true,
      );
    }
    this.count++;
    this.blocks[this.blocks.length - 1]!.push(instruction);
  }

  /** Run `fill` with a new block as the target; returns what it emitted. */
  block(fill: () => void): Instruction[] {
    const block: Instruction[] = [];
    this.blocks.push(block);
    try {
      fill();
    } finally {
      this.blocks.pop();
    }
    return block;
  }

  /**
   * Like {@link block}, but the block is returned even when `fill` throws; the error is handed
   * back to be rethrown once the block is placed.
   */
  blockKeeping(fill: () => void): { block: Instruction[]; error: unknown } {
    const block: Instruction[] = [];
    this.blocks.push(block);
    let error: unknown = undefined;
    try {
      fill();
    } catch (e) {
      error = e;
    } finally {
      this.blocks.pop();
    }
    return { block, error };
  }

  /** The circuit. */
  build(): Circuit {
    return {
      numQubits: this.numQubits,
      numClbits: this.numClbits,
      qregs: this.qregs,
      cregs: this.cregs,
      parameters: sortParameters(this.parameters),
      globalPhase: this.globalPhase,
      vars: this.vars.map(({ name, type, role }) => ({ name, type, role, initial: null })),
      gates: this.gates,
      instructions: this.blocks[0]!,
    };
  }
}

function range(start: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => start + i);
}
