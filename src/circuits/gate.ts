/**
 * A gate to append to a circuit: a standard gate or a custom gate made from a circuit
 * (`qc.toGate()`), with control, inverse and power modifiers applied by `control()`,
 * `inverse()` and `power()` as Qiskit's `Gate` methods do, kept in the circuit model's canonical
 * modifier form.
 *
 * @module
 */
import { CircuitError } from './errors.js';
import { standardGate } from './gates/standard.js';
import type { Angle, GateDefinition } from './model.js';
import { toAngle, type AngleLike } from './parameter.js';

/** A gate with its angles and modifiers, ready to append. */
export class Gate {
  /**
   * @param name a standard gate name or the name of `definitions[0]`
   * @param numQubits qubits of the base gate (controls not included)
   * @param params the base gate's angles
   * @param definitions the custom definitions it needs, its own first (none for standard gates)
   */
  constructor(
    readonly name: string,
    readonly numQubits: number,
    readonly params: readonly Angle[],
    readonly definitions: readonly GateDefinition[] = [],
    readonly controls = 0,
    readonly ctrlState = 0,
    readonly exponent = 1,
  ) {}

  /** A standard gate by name (`Gate.standard('rx', [θ])`). */
  static standard(name: string, params: readonly AngleLike[] = []): Gate {
    const std = standardGate(name);
    if (std === undefined) throw new CircuitError(`unknown standard gate '${name}'`);
    if (params.length !== std.numParams) {
      throw new CircuitError(
        `the gate ${name} takes ${std.numParams} angle(s), got ${params.length}`,
      );
    }
    return new Gate(name, std.numQubits, params.map(toAngle));
  }

  /** Number of qubits including the controls. */
  get width(): number {
    return this.controls + this.numQubits;
  }

  /**
   * The gate with `n` more controls in front; `ctrlState` (default all ones) gives the state
   * of the new controls that activates it, bit `i` for control `i`, as in Qiskit.
   */
  control(n = 1, ctrlState?: number | string): Gate {
    if (!Number.isInteger(n) || n < 1)
      throw new CircuitError(`the number of controls must be at least 1, got ${n}`);
    const all = (1 << n) - 1;
    const state =
      ctrlState === undefined
        ? all
        : typeof ctrlState === 'string'
          ? parseInt(ctrlState, 2)
          : ctrlState;
    if (!Number.isInteger(state) || state < 0 || state > all) {
      throw new CircuitError(`ctrlState ${String(ctrlState)} does not fit ${n} control(s)`);
    }
    // New controls go in front of the existing ones.
    return new Gate(
      this.name,
      this.numQubits,
      this.params,
      this.definitions,
      this.controls + n,
      state | (this.ctrlState << n),
      this.exponent,
    );
  }

  /** The inverse gate. */
  inverse(): Gate {
    return this.power(-1);
  }

  /** The gate raised to `k` (its base gate; the controls stay). */
  power(k: number): Gate {
    if (!Number.isFinite(k))
      throw new CircuitError(`a gate power must be a finite number, got ${k}`);
    return new Gate(
      this.name,
      this.numQubits,
      this.params,
      this.definitions,
      this.controls,
      this.ctrlState,
      this.exponent * k,
    );
  }
}
