/**
 * Gate modifiers on standard gates, in Qiskit's conventions: the inverse of each standard gate
 * as Qiskit's `Gate.inverse()` names it, the powers Qiskit's `Gate.power()` writes as another
 * standard gate (rotations scale their angle: `pow(k) @ rz(θ)` is `rz(k·θ)`), the standard
 * gates that are a base gate with controls (`cx` is `ctrl @ x`), and the unitary of a standard
 * gate under any modifiers (other powers take the principal branch of the matrix power, as
 * Qiskit's `UnitaryGate(Operator(gate).power(k))` does).
 *
 * @module
 */
import type { Angle } from '../model.js';
import { binary, negate } from '../qasm/expression.js';
import { controlled, type ComplexMatrix } from './matrix.js';
import { unitaryPower } from './power.js';
import { standardGate } from './standard.js';

/** A standard gate by name with its angles. */
export interface NamedGate {
  readonly name: string;
  readonly params: readonly Angle[];
}

const PI = Math.PI;
const same = (name: string) => (p: readonly Angle[]) => ({ name, params: p });
const negated =
  (name: string, which: readonly number[]) =>
  (p: readonly Angle[]): NamedGate => ({
    name,
    params: p.map((a, i) => (which.includes(i) ? negate(a) : a)),
  });

/** Qiskit's `inverse()` of each standard gate whose inverse is again a standard gate. */
const INVERSES: Readonly<Record<string, (p: readonly Angle[]) => NamedGate>> = {
  global_phase: negated('global_phase', [0]),
  id: same('id'),
  x: same('x'),
  y: same('y'),
  z: same('z'),
  h: same('h'),
  s: same('sdg'),
  sdg: same('s'),
  t: same('tdg'),
  tdg: same('t'),
  sx: same('sxdg'),
  sxdg: same('sx'),
  rx: negated('rx', [0]),
  ry: negated('ry', [0]),
  rz: negated('rz', [0]),
  p: negated('p', [0]),
  u1: negated('u1', [0]),
  r: negated('r', [0]),
  u: ([t, f, l]) => ({ name: 'u', params: [negate(t!), negate(l!), negate(f!)] }),
  u3: ([t, f, l]) => ({ name: 'u3', params: [negate(t!), negate(l!), negate(f!)] }),
  u2: ([f, l]) => ({
    name: 'u2',
    params: [binary('-', negate(l!), PI), binary('+', negate(f!), PI)],
  }),
  cx: same('cx'),
  cy: same('cy'),
  cz: same('cz'),
  ch: same('ch'),
  cs: same('csdg'),
  csdg: same('cs'),
  cp: negated('cp', [0]),
  cu1: negated('cu1', [0]),
  crx: negated('crx', [0]),
  cry: negated('cry', [0]),
  crz: negated('crz', [0]),
  cu: ([t, f, l, g]) => ({
    name: 'cu',
    params: [negate(t!), negate(l!), negate(f!), negate(g!)],
  }),
  cu3: ([t, f, l]) => ({ name: 'cu3', params: [negate(t!), negate(l!), negate(f!)] }),
  swap: same('swap'),
  ecr: same('ecr'),
  rxx: negated('rxx', [0]),
  ryy: negated('ryy', [0]),
  rzz: negated('rzz', [0]),
  rzx: negated('rzx', [0]),
  xx_minus_yy: negated('xx_minus_yy', [0]),
  xx_plus_yy: negated('xx_plus_yy', [0]),
  ccx: same('ccx'),
  ccz: same('ccz'),
  cswap: same('cswap'),
  c3x: same('c3x'),
  c4x: same('c4x'),
};

const scaled =
  (name: string, angle: (k: number) => number | undefined, index = 0) =>
  (p: readonly Angle[], k: number): NamedGate => {
    const fixed = angle(k);
    return {
      name,
      params:
        fixed !== undefined ? [fixed] : p.map((a, i) => (i === index ? binary('*', k, a) : a)),
    };
  };
const scaleFirst = (name: string) => scaled(name, () => undefined);

/** The powers Qiskit's `Gate.power(k)` writes as a standard gate, for every real `k`. */
const POWERS: Readonly<Record<string, (p: readonly Angle[], k: number) => NamedGate>> = {
  id: () => ({ name: 'id', params: [] }),
  global_phase: scaleFirst('global_phase'),
  z: scaled('p', (k) => PI * k),
  s: scaled('p', (k) => 0.5 * PI * k),
  sdg: scaled('p', (k) => -0.5 * PI * k),
  t: scaled('p', (k) => 0.25 * PI * k),
  tdg: scaled('p', (k) => -0.25 * PI * k),
  cs: scaled('cp', (k) => 0.5 * PI * k),
  csdg: scaled('cp', (k) => -0.5 * PI * k),
  iswap: (_p, k) => ({ name: 'xx_plus_yy', params: [-PI * k, 0] }),
  p: scaleFirst('p'),
  cp: scaleFirst('cp'),
  rx: scaleFirst('rx'),
  ry: scaleFirst('ry'),
  rz: scaleFirst('rz'),
  r: scaleFirst('r'),
  rxx: scaleFirst('rxx'),
  ryy: scaleFirst('ryy'),
  rzz: scaleFirst('rzz'),
  rzx: scaleFirst('rzx'),
  xx_minus_yy: scaleFirst('xx_minus_yy'),
  xx_plus_yy: scaleFirst('xx_plus_yy'),
};

/** Qiskit's inverse of standard gate `name` when it is a standard gate, else `undefined`. */
export function inverseOf(name: string, params: readonly Angle[]): NamedGate | undefined {
  return INVERSES[name]?.(params);
}

/**
 * Standard gate `name` raised to the power `k` when Qiskit writes that power as a standard gate
 * (`k` = 1 is the gate, −1 its `inverse()` where that is a standard gate, rotations scale
 * their angle), else
 * `undefined`.
 */
export function powerOf(name: string, params: readonly Angle[], k: number): NamedGate | undefined {
  if (k === 1) return { name, params };
  if (k === -1) {
    const inverse = inverseOf(name, params);
    if (inverse) return inverse;
  }
  return POWERS[name]?.(params, k);
}

/** Standard gates that are a base gate with leading controls (all active on |1⟩). */
const CONTROLLED: Readonly<
  Record<string, { readonly base: string; readonly controls: number; readonly extra?: 'cu' }>
> = {
  cx: { base: 'x', controls: 1 },
  cy: { base: 'y', controls: 1 },
  cz: { base: 'z', controls: 1 },
  ch: { base: 'h', controls: 1 },
  cs: { base: 's', controls: 1 },
  csdg: { base: 'sdg', controls: 1 },
  csx: { base: 'sx', controls: 1 },
  cp: { base: 'p', controls: 1 },
  cu1: { base: 'u1', controls: 1 },
  crx: { base: 'rx', controls: 1 },
  cry: { base: 'ry', controls: 1 },
  crz: { base: 'rz', controls: 1 },
  cu3: { base: 'u3', controls: 1 },
  cswap: { base: 'swap', controls: 1 },
  ccx: { base: 'x', controls: 2 },
  ccz: { base: 'z', controls: 2 },
  c3x: { base: 'x', controls: 3 },
  c3sx: { base: 'sx', controls: 3 },
  c4x: { base: 'x', controls: 4 },
};

/**
 * A standard controlled gate as its base gate and number of controls (`ccx` → `x` with 2), or
 * `undefined` for a gate that is not of that form. `cu` is left whole: its fourth angle is a
 * phase on the control, not part of a base gate.
 */
export function splitControls(
  name: string,
): { readonly base: string; readonly controls: number } | undefined {
  return CONTROLLED[name];
}

/**
 * The standard gate that is `base` with `controls` controls active on |1⟩ (`x` with 2 →
 * `ccx`), or `undefined` when there is none.
 */
export function controlledName(base: string, controls: number): string | undefined {
  for (const [name, c] of Object.entries(CONTROLLED)) {
    if (c.base === base && c.controls === controls) return name;
  }
  return undefined;
}

/**
 * The unitary of standard gate `name` with numeric `params`, raised to `power`, with
 * `controls` leading control qubits active in `ctrlState` (bit i for control i; all ones by
 * default). Throws `RangeError` for an unknown gate or a wrong number of angles.
 */
export function standardGateMatrix(
  name: string,
  params: readonly number[],
  controls = 0,
  ctrlState = (1 << controls) - 1,
  power = 1,
): ComplexMatrix {
  const rewritten = power === 1 ? undefined : powerOf(name, params, power);
  const gate: NamedGate = rewritten ?? { name, params };
  const spec = standardGate(gate.name);
  if (!spec) throw new RangeError(`unknown standard gate '${name}'`);
  if (gate.params.length !== spec.numParams) {
    throw new RangeError(`gate '${name}' takes ${spec.numParams} angle(s), got ${params.length}`);
  }
  let m = spec.matrix(gate.params as number[]);
  if (power !== 1 && !rewritten) m = unitaryPower(m, power);
  return controls > 0 ? controlled(m, controls, ctrlState) : m;
}
