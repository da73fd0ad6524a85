/**
 * Qiskit gate class names as QPY stores them, mapped onto the model's gates: the standard
 * library by class (`RZGate` → `rz`), the multi-controlled families by base gate and number
 * of controls, and each standard controlled gate's base (for controls that are open).
 *
 * @module
 */
import { STANDARD_GATES } from '../gates/standard.js';

/** Standard gate names by Qiskit class name. */
export const GATE_BY_CLASS: ReadonlyMap<string, string> = new Map(
  [...STANDARD_GATES.values()].map((g) => [g.qiskitClass, g.name]),
);

/** The base gate and number of controls of each standard controlled gate. */
export const CONTROLLED_BASE: ReadonlyMap<string, readonly [base: string, controls: number]> =
  new Map([
    ['cx', ['x', 1]],
    ['cy', ['y', 1]],
    ['cz', ['z', 1]],
    ['ch', ['h', 1]],
    ['cs', ['s', 1]],
    ['csdg', ['sdg', 1]],
    ['csx', ['sx', 1]],
    ['cp', ['p', 1]],
    ['crx', ['rx', 1]],
    ['cry', ['ry', 1]],
    ['crz', ['rz', 1]],
    ['cu1', ['u1', 1]],
    ['cu3', ['u3', 1]],
    ['cswap', ['swap', 1]],
    ['ccx', ['x', 2]],
    ['ccz', ['z', 2]],
    ['c3x', ['x', 3]],
    ['c3sx', ['sx', 3]],
    ['c4x', ['x', 4]],
  ]);

/** The standard gate for `base` with `controls` closed controls, when there is one. */
export function standardControlled(base: string, controls: number): string | undefined {
  if (controls === 0) return base;
  for (const [name, [b, n]] of CONTROLLED_BASE) if (b === base && n === controls) return name;
  return undefined;
}

/**
 * Multi-controlled gate classes whose number of controls is stored in the instruction
 * (`num_ctrl_qubits`): their base gate. The qubits after the controls and target are
 * ancillas the gate leaves as it found them.
 */
export const MULTI_CONTROLLED: ReadonlyMap<string, string> = new Map([
  ['MCXGate', 'x'],
  ['MCXGrayCode', 'x'],
  ['MCXRecursive', 'x'],
  ['MCXVChain', 'x'],
  ['MCPhaseGate', 'p'],
  ['MCU1Gate', 'u1'],
]);
