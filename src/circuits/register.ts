/**
 * Registers and bits for the `QuantumCircuit` builder, as in Qiskit: `new QuantumRegister(2,
 * 'q')`, `new ClassicalRegister(2, 'c')`, and their bits (`qr.at(0)`), which a circuit resolves
 * to its flat indices.
 *
 * @module
 */
import { CircuitError } from './errors.js';

let quantumCount = 0;
let classicalCount = 0;

/** A bit of a register: the register and the position in it. */
export interface RegisterBit<R> {
  readonly register: R;
  readonly index: number;
}

abstract class BitRegister<Self> {
  readonly name: string;

  constructor(
    readonly size: number,
    name: string | undefined,
    prefix: string,
    count: () => number,
  ) {
    if (!Number.isInteger(size) || size < 0) {
      throw new CircuitError(`a register size must be a non-negative integer, got ${size}`);
    }
    const chosen = name ?? `${prefix}${count()}`;
    if (!/^[A-Za-z_\u0370-\u03ff][A-Za-z0-9_\u0370-\u03ff]*$/.test(chosen)) {
      throw new CircuitError(`'${chosen}' is not a valid register name`);
    }
    this.name = chosen;
  }

  /** Bit `i` of the register (negative counts from the end). */
  at(i: number): RegisterBit<Self> {
    const index = i < 0 ? this.size + i : i;
    if (!Number.isInteger(index) || index < 0 || index >= this.size) {
      throw new CircuitError(`register ${this.name} has no bit ${i} (size ${this.size})`);
    }
    return { register: this as unknown as Self, index };
  }

  /** All bits, in order. */
  bits(): RegisterBit<Self>[] {
    return Array.from({ length: this.size }, (_, i) => this.at(i));
  }
}

/** A register of qubits. */
export class QuantumRegister extends BitRegister<QuantumRegister> {
  constructor(size: number, name?: string) {
    super(size, name, 'q', () => quantumCount++);
  }
}

/** A register of classical bits. */
export class ClassicalRegister extends BitRegister<ClassicalRegister> {
  constructor(size: number, name?: string) {
    super(size, name, 'c', () => classicalCount++);
  }
}

/** A qubit of a register. */
export type Qubit = RegisterBit<QuantumRegister>;
/** A classical bit of a register. */
export type Clbit = RegisterBit<ClassicalRegister>;
