/**
 * Inverses of gates and gate sequences, named the way Qiskit's `Gate.inverse()` names them
 * (`s` ↔ `sdg`, `rz(θ)` → `rz(−θ)`, `u(θ, φ, λ)` → `u(−θ, −λ, −φ)`); a gate without a named
 * inverse gets the `inv @` modifier (power −1).
 *
 * @module
 */
import { negateAngle, subtractAngles } from './angles.js';
import type { Angle, GateInstruction } from './model.js';

const SELF_INVERSE = new Set([
  'id',
  'x',
  'y',
  'z',
  'h',
  'cx',
  'cy',
  'cz',
  'ch',
  'swap',
  'ccx',
  'ccz',
  'cswap',
  'ecr',
  'c3x',
  'c4x',
]);

const PAIRS: ReadonlyMap<string, string> = new Map([
  ['s', 'sdg'],
  ['sdg', 's'],
  ['t', 'tdg'],
  ['tdg', 't'],
  ['sx', 'sxdg'],
  ['sxdg', 'sx'],
  ['cs', 'csdg'],
  ['csdg', 'cs'],
]);

/** Gates whose inverse negates every angle. */
const NEGATE_ALL = new Set([
  'rx',
  'ry',
  'rz',
  'p',
  'u1',
  'rxx',
  'ryy',
  'rzz',
  'rzx',
  'crx',
  'cry',
  'crz',
  'cp',
  'cu1',
  'global_phase',
]);

/** The inverse of one base gate (name and angles), when it has a named form. */
function namedInverse(
  name: string,
  params: readonly Angle[],
): { name: string; params: Angle[] } | undefined {
  if (SELF_INVERSE.has(name)) return { name, params: [...params] };
  const pair = PAIRS.get(name);
  if (pair !== undefined) return { name: pair, params: [] };
  if (NEGATE_ALL.has(name)) return { name, params: params.map(negateAngle) };
  const [a, b, c, d] = params;
  switch (name) {
    case 'r':
      return { name, params: [negateAngle(a!), b!] };
    case 'u':
    case 'u3':
    case 'cu3':
      return { name, params: [negateAngle(a!), negateAngle(c!), negateAngle(b!)] };
    case 'u2':
      // u2(φ, λ)† = u2(−λ − π, −φ + π)
      return {
        name,
        params: [subtractAngles(negateAngle(b!), Math.PI), subtractAngles(Math.PI, a!)],
      };
    case 'cu':
      return {
        name,
        params: [negateAngle(a!), negateAngle(c!), negateAngle(b!), negateAngle(d!)],
      };
    case 'xx_minus_yy':
    case 'xx_plus_yy':
      return { name, params: [negateAngle(a!), b!] };
    default:
      return undefined;
  }
}

/** The inverse of a gate instruction (same qubits, same controls). */
export function inverseGate(
  ins: GateInstruction,
  isDefined: (name: string) => boolean = () => false,
): GateInstruction {
  const power = ins.power ?? 1;
  if (power === 1 && !isDefined(ins.name)) {
    const named = namedInverse(ins.name, ins.params);
    if (named !== undefined) return { ...ins, name: named.name, params: named.params };
    if (ins.name === 'dcx')
      return {
        ...ins,
        qubits: [
          ...ins.qubits.slice(0, ins.controls ?? 0),
          ...ins.qubits.slice(ins.controls ?? 0).reverse(),
        ],
      };
  }
  const inverted = -power;
  const { power: _drop, ...rest } = ins;
  return inverted === 1 ? rest : { ...rest, power: inverted };
}

/** The inverse of a sequence of gates: reversed, each gate inverted. */
export function inverseSequence(
  gates: readonly GateInstruction[],
  isDefined?: (name: string) => boolean,
): GateInstruction[] {
  return [...gates].reverse().map((g) => inverseGate(g, isDefined));
}
