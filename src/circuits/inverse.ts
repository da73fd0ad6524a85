/**
 * Inverses of gate instructions, named the way Qiskit's `Gate.inverse()` names them (`s` ↔
 * `sdg`, `rz(θ)` → `rz(−θ)`; the table is `gates/modifiers.ts`'s), and the `inv @` modifier
 * (power −1) for a gate without a named inverse.
 *
 * @module
 */
import { inverseOf } from './gates/modifiers.js';
import type { GateInstruction } from './model.js';

/** The inverse of a gate instruction (same qubits, same controls). */
export function inverseGate(
  ins: GateInstruction,
  isDefined: (name: string) => boolean = () => false,
): GateInstruction {
  const power = ins.power ?? 1;
  if (power === 1 && !isDefined(ins.name)) {
    const named = inverseOf(ins.name, ins.params);
    if (named !== undefined) return { ...ins, name: named.name, params: named.params };
  }
  const { power: _drop, ...rest } = ins;
  return -power === 1 ? rest : { ...rest, power: -power };
}
