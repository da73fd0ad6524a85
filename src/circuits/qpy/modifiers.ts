/**
 * Gate modifiers in the model's canonical form: adding control qubits in front of a gate (with
 * their activating state) and raising it to a power, composed with the modifiers it has.
 *
 * @module
 */
import type { GateInstruction } from '../model.js';

/**
 * `gate` controlled by `controls` more qubits in front (`controlQubits`, activating on the bits
 * of `ctrlState`) and raised to `power`.
 */
export function withModifiers(
  gate: GateInstruction,
  controlQubits: readonly number[],
  ctrlState: number,
  power: number,
): GateInstruction {
  const inner = gate.controls ?? 0;
  const innerState = gate.ctrlState ?? 2 ** inner - 1;
  const controls = controlQubits.length + inner;
  const state = ctrlState + innerState * 2 ** controlQubits.length;
  const totalPower = (gate.power ?? 1) * power;
  const out: {
    kind: 'gate';
    name: string;
    qubits: readonly number[];
    params: GateInstruction['params'];
    controls?: number;
    ctrlState?: number;
    power?: number;
  } = {
    kind: 'gate',
    name: gate.name,
    qubits: [...controlQubits, ...gate.qubits],
    params: gate.params,
  };
  if (controls > 0) out.controls = controls;
  if (controls > 0 && state !== 2 ** controls - 1) out.ctrlState = state;
  if (totalPower !== 1) out.power = totalPower;
  return out;
}
