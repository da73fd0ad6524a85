/**
 * Definitions of the multi-qubit standard gates in terms of `cx` and single-qubit standard
 * gates, valid for symbolic angles, each exact including its global phase (Qiskit's
 * definitions where Qiskit has one; every entry is checked against the gate's matrix in
 * spec/circuits/transpiler/decompositions.spec.ts).
 *
 * @module
 */
import { addAngles, negateAngle, scaleAngle, subtractAngles } from '../angles.js';
import type { Angle, GateInstruction } from '../model.js';

/** A definition: gates on the gate's own qubits `0 … k−1`, and the phase it adds. */
export interface Definition {
  readonly gates: readonly GateInstruction[];
  readonly phase: Angle;
}

const g = (
  name: string,
  qubits: readonly number[],
  params: readonly Angle[] = [],
): GateInstruction => ({
  kind: 'gate',
  name,
  qubits,
  params,
});

const PI = Math.PI;
const half = (a: Angle): Angle => scaleAngle(a, 0.5);

function def(gates: GateInstruction[], phase: Angle = 0): Definition {
  return { gates, phase };
}

function crz(theta: Angle, c: number, t: number): GateInstruction[] {
  return [
    g('rz', [t], [half(theta)]),
    g('cx', [c, t]),
    g('rz', [t], [negateAngle(half(theta))]),
    g('cx', [c, t]),
  ];
}

function cp(lambda: Angle, c: number, t: number): GateInstruction[] {
  return [
    g('p', [c], [half(lambda)]),
    g('cx', [c, t]),
    g('p', [t], [negateAngle(half(lambda))]),
    g('cx', [c, t]),
    g('p', [t], [half(lambda)]),
  ];
}

function rzz(theta: Angle, a: number, b: number): GateInstruction[] {
  return [g('cx', [a, b]), g('rz', [b], [theta]), g('cx', [a, b])];
}

function ccx(a: number, b: number, c: number): GateInstruction[] {
  return [
    g('h', [c]),
    g('cx', [b, c]),
    g('tdg', [c]),
    g('cx', [a, c]),
    g('t', [c]),
    g('cx', [b, c]),
    g('tdg', [c]),
    g('cx', [a, c]),
    g('t', [b]),
    g('t', [c]),
    g('h', [c]),
    g('cx', [a, b]),
    g('t', [a]),
    g('tdg', [b]),
    g('cx', [a, b]),
  ];
}

const H2 = (): GateInstruction[] => [g('h', [0]), g('h', [1])];

/**
 * The definition of a standard gate of two or more qubits (without modifiers) in `cx` and
 * single-qubit gates; `undefined` for single-qubit gates, `cx` itself, and the gates that are
 * defined through added controls (`c3x`, `c3sx`, `c4x`).
 */
export function standardDefinition(name: string, params: readonly Angle[]): Definition | undefined {
  const [a, b, c, d] = params;
  switch (name) {
    case 'cy':
      return def([g('sdg', [1]), g('cx', [0, 1]), g('s', [1])]);
    case 'cz':
      return def([g('h', [1]), g('cx', [0, 1]), g('h', [1])]);
    case 'ch':
      return def([
        g('s', [1]),
        g('h', [1]),
        g('t', [1]),
        g('cx', [0, 1]),
        g('tdg', [1]),
        g('h', [1]),
        g('sdg', [1]),
      ]);
    case 'cs':
      return def(cp(PI / 2, 0, 1));
    case 'csdg':
      return def(cp(-PI / 2, 0, 1));
    case 'csx':
      return def([g('h', [1]), ...cp(PI / 2, 0, 1), g('h', [1])]);
    case 'cp':
    case 'cu1':
      return def(cp(a!, 0, 1));
    case 'crz':
      return def(crz(a!, 0, 1));
    case 'cry':
      return def([
        g('ry', [1], [half(a!)]),
        g('cx', [0, 1]),
        g('ry', [1], [negateAngle(half(a!))]),
        g('cx', [0, 1]),
      ]);
    case 'crx':
      return def([g('h', [1]), ...crz(a!, 0, 1), g('h', [1])]);
    case 'cu':
    case 'cu3': {
      const [theta, phi, lambda] = [a!, b!, c!];
      const gamma = name === 'cu' ? d! : 0;
      return def([
        g('p', [0], [gamma]),
        g('p', [0], [half(addAngles(lambda, phi))]),
        g('p', [1], [half(subtractAngles(lambda, phi))]),
        g('cx', [0, 1]),
        g('u', [1], [negateAngle(half(theta)), 0, negateAngle(half(addAngles(phi, lambda)))]),
        g('cx', [0, 1]),
        g('u', [1], [half(theta), phi, 0]),
      ]);
    }
    case 'swap':
      return def([g('cx', [0, 1]), g('cx', [1, 0]), g('cx', [0, 1])]);
    case 'iswap':
      return def([
        g('s', [0]),
        g('s', [1]),
        g('h', [0]),
        g('cx', [0, 1]),
        g('cx', [1, 0]),
        g('h', [1]),
      ]);
    case 'dcx':
      return def([g('cx', [0, 1]), g('cx', [1, 0])]);
    case 'rzz':
      return def(rzz(a!, 0, 1));
    case 'rxx':
      return def([...H2(), ...rzz(a!, 0, 1), ...H2()]);
    case 'ryy':
      return def([
        g('rx', [0], [PI / 2]),
        g('rx', [1], [PI / 2]),
        ...rzz(a!, 0, 1),
        g('rx', [0], [-PI / 2]),
        g('rx', [1], [-PI / 2]),
      ]);
    case 'rzx':
      return def([g('h', [1]), ...rzz(a!, 0, 1), g('h', [1])]);
    case 'ecr':
      return def([
        g('h', [1]),
        ...rzz(PI / 4, 0, 1),
        g('h', [1]),
        g('x', [0]),
        g('h', [1]),
        ...rzz(-PI / 4, 0, 1),
        g('h', [1]),
      ]);
    case 'xx_plus_yy':
      return def([
        g('rz', [0], [b!]),
        g('h', [0]),
        g('h', [1]),
        ...rzz(half(a!), 0, 1),
        g('h', [0]),
        g('h', [1]),
        g('rx', [0], [PI / 2]),
        g('rx', [1], [PI / 2]),
        ...rzz(half(a!), 0, 1),
        g('rx', [0], [-PI / 2]),
        g('rx', [1], [-PI / 2]),
        g('rz', [0], [negateAngle(b!)]),
      ]);
    case 'xx_minus_yy':
      return def([
        g('rz', [1], [negateAngle(b!)]),
        g('h', [0]),
        g('h', [1]),
        ...rzz(half(a!), 0, 1),
        g('h', [0]),
        g('h', [1]),
        g('rx', [0], [PI / 2]),
        g('rx', [1], [PI / 2]),
        ...rzz(negateAngle(half(a!)), 0, 1),
        g('rx', [0], [-PI / 2]),
        g('rx', [1], [-PI / 2]),
        g('rz', [1], [b!]),
      ]);
    case 'ccx':
      return def(ccx(0, 1, 2));
    case 'ccz':
      return def([g('h', [2]), ...ccx(0, 1, 2), g('h', [2])]);
    case 'cswap':
      return def([g('cx', [2, 1]), ...ccx(0, 1, 2), g('cx', [2, 1])]);
    case 'rccx':
      return def([
        g('h', [2]),
        g('t', [2]),
        g('cx', [1, 2]),
        g('tdg', [2]),
        g('cx', [0, 2]),
        g('t', [2]),
        g('cx', [1, 2]),
        g('tdg', [2]),
        g('h', [2]),
      ]);
    case 'rcccx':
      return def([
        g('h', [3]),
        g('t', [3]),
        g('cx', [2, 3]),
        g('tdg', [3]),
        g('h', [3]),
        g('cx', [0, 3]),
        g('t', [3]),
        g('cx', [1, 3]),
        g('tdg', [3]),
        g('cx', [0, 3]),
        g('t', [3]),
        g('cx', [1, 3]),
        g('tdg', [3]),
        g('h', [3]),
        g('t', [3]),
        g('cx', [2, 3]),
        g('tdg', [3]),
        g('h', [3]),
      ]);
    default:
      return undefined;
  }
}

/**
 * The single-qubit standard gates as `u(θ, φ, λ)` times a phase, for symbolic angles:
 * `gate = e^{i·phase} · u(θ, φ, λ)`.
 */
export function asU(
  name: string,
  params: readonly Angle[],
): { theta: Angle; phi: Angle; lambda: Angle; phase: Angle } | undefined {
  const [a, b, c] = params;
  switch (name) {
    case 'u':
    case 'u3':
      return { theta: a!, phi: b!, lambda: c!, phase: 0 };
    case 'u2':
      return { theta: PI / 2, phi: a!, lambda: b!, phase: 0 };
    case 'p':
    case 'u1':
      return { theta: 0, phi: 0, lambda: a!, phase: 0 };
    case 'rz':
      return { theta: 0, phi: 0, lambda: a!, phase: negateAngle(half(a!)) };
    case 'ry':
      return { theta: a!, phi: 0, lambda: 0, phase: 0 };
    case 'rx':
      return { theta: a!, phi: -PI / 2, lambda: PI / 2, phase: 0 };
    case 'r':
      return {
        theta: a!,
        phi: subtractAngles(b!, PI / 2),
        lambda: subtractAngles(PI / 2, b!),
        phase: 0,
      };
    default:
      return undefined;
  }
}
