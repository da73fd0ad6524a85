/**
 * Single-qubit synthesis: the ZYZ Euler angles of a 2×2 unitary, and the shortest sequence of
 * IBM's single-qubit basis gates (`rz`, `sx`, `x`: Qiskit's ZSX/ZSXX Euler bases) or of a
 * single `u` that implements it, with the global phase that makes the match exact.
 *
 * @module
 */
import type { ComplexMatrix } from '../gates/matrix.js';
import { standardGate } from '../gates/standard.js';

/** `U = e^{i·phase} · Rz(phi) · Ry(theta) · Rz(lambda)`. */
export interface ZyzAngles {
  readonly theta: number;
  readonly phi: number;
  readonly lambda: number;
  readonly phase: number;
}

/** A gate with numeric angles, in circuit order. */
export interface NumericGate {
  readonly name: string;
  readonly params: readonly number[];
}

/** A synthesised single-qubit sequence: the gates in circuit order and the global phase. */
export interface OneQubitSequence {
  readonly gates: readonly NumericGate[];
  readonly phase: number;
}

/** The single-qubit gate sets synthesis can target. */
export type OneQubitBasis = 'zsx' | 'u';

/** Angles closer than this to a special value are treated as equal to it. */
export const ANGLE_TOLERANCE = 1e-10;

const arg = (re: number, im: number): number =>
  Math.hypot(re, im) < 1e-15 ? 0 : Math.atan2(im, re);

/** The ZYZ Euler angles of a 2×2 unitary. */
export function zyzAngles(u: ComplexMatrix): ZyzAngles {
  const d = u.data;
  const [a, b, c, e, f, g, h, k] = [d[0]!, d[1]!, d[2]!, d[3]!, d[4]!, d[5]!, d[6]!, d[7]!];
  // det = u00·u11 − u01·u10
  const detRe = a * h - b * k - (c * f - e * g);
  const detIm = a * k + b * h - (c * g + e * f);
  const phase = Math.atan2(detIm, detRe) / 2;
  const cr = Math.cos(-phase),
    ci = Math.sin(-phase);
  // V = U · e^{−i·phase} has determinant 1.
  const v00: [number, number] = [a * cr - b * ci, a * ci + b * cr];
  const v10: [number, number] = [f * cr - g * ci, f * ci + g * cr];
  const v11: [number, number] = [h * cr - k * ci, h * ci + k * cr];
  const theta = 2 * Math.atan2(Math.hypot(...v10), Math.hypot(...v00));
  const p11 = arg(...v11),
    p10 = arg(...v10);
  return { theta, phi: p11 + p10, lambda: p11 - p10, phase };
}

/** `x` wrapped into (−π, π]. */
export function wrapAngle(x: number): number {
  const t = 2 * Math.PI;
  let r = x - t * Math.floor((x + Math.PI) / t);
  if (r <= -Math.PI) r += t;
  if (r > Math.PI) r -= t;
  return r;
}

const near = (x: number, y: number) => Math.abs(wrapAngle(x - y)) < ANGLE_TOLERANCE;

/** The matrix of a gate sequence (circuit order); `rz`, `sx` and `x` without allocation. */
export function sequenceMatrix(gates: readonly NumericGate[]): ComplexMatrix {
  // m = [[a, b], [c, d]] as re/im pairs, updated in place gate by gate.
  let ar = 1,
    ai = 0,
    br = 0,
    bi = 0,
    cr = 0,
    ci = 0,
    dr = 1,
    di = 0;
  for (const g of gates) {
    let g0r: number,
      g0i: number,
      g1r: number,
      g1i: number,
      g2r: number,
      g2i: number,
      g3r: number,
      g3i: number;
    if (g.name === 'rz') {
      const t = g.params[0]! / 2;
      const c = Math.cos(t),
        s = Math.sin(t);
      [g0r, g0i, g1r, g1i, g2r, g2i, g3r, g3i] = [c, -s, 0, 0, 0, 0, c, s];
    } else if (g.name === 'sx') {
      [g0r, g0i, g1r, g1i, g2r, g2i, g3r, g3i] = [0.5, 0.5, 0.5, -0.5, 0.5, -0.5, 0.5, 0.5];
    } else if (g.name === 'x') {
      [g0r, g0i, g1r, g1i, g2r, g2i, g3r, g3i] = [0, 0, 1, 0, 1, 0, 0, 0];
    } else {
      const d = standardGate(g.name)!.matrix(g.params).data;
      [g0r, g0i, g1r, g1i, g2r, g2i, g3r, g3i] = [
        d[0]!,
        d[1]!,
        d[2]!,
        d[3]!,
        d[4]!,
        d[5]!,
        d[6]!,
        d[7]!,
      ];
    }
    const nar = g0r * ar - g0i * ai + g1r * cr - g1i * ci;
    const nai = g0r * ai + g0i * ar + g1r * ci + g1i * cr;
    const nbr = g0r * br - g0i * bi + g1r * dr - g1i * di;
    const nbi = g0r * bi + g0i * br + g1r * di + g1i * dr;
    const ncr = g2r * ar - g2i * ai + g3r * cr - g3i * ci;
    const nci = g2r * ai + g2i * ar + g3r * ci + g3i * cr;
    const ndr = g2r * br - g2i * bi + g3r * dr - g3i * di;
    const ndi = g2r * bi + g2i * br + g3r * di + g3i * dr;
    [ar, ai, br, bi, cr, ci, dr, di] = [nar, nai, nbr, nbi, ncr, nci, ndr, ndi];
  }
  return { dim: 2, data: Float64Array.of(ar, ai, br, bi, cr, ci, dr, di) };
}

/** The phase `φ` with `target ≈ e^{iφ} · m` (the phase of `tr(m† · target)`). */
export function phaseBetween(m: ComplexMatrix, target: ComplexMatrix): number {
  let re = 0,
    im = 0;
  for (let i = 0; i < m.data.length; i += 2) {
    const ar = m.data[i]!,
      ai = -m.data[i + 1]!,
      br = target.data[i]!,
      bi = target.data[i + 1]!;
    re += ar * br - ai * bi;
    im += ar * bi + ai * br;
  }
  return Math.atan2(im, re);
}

function rz(theta: number, out: NumericGate[]): void {
  const t = wrapAngle(theta);
  if (Math.abs(t) >= ANGLE_TOLERANCE) out.push({ name: 'rz', params: [t] });
}

/**
 * The shortest `rz`/`sx`/`x` sequence for `u`: one `rz` when it is diagonal, `rz·sx·rz` when
 * its ZYZ `theta` is π/2, `rz·x` when it is π, and `rz·sx·rz·sx·rz` otherwise.
 */
export function zsxSequence(u: ComplexMatrix): OneQubitSequence {
  const { theta, phi, lambda } = zyzAngles(u);
  const gates: NumericGate[] = [];
  if (near(theta, 0)) {
    rz(phi + lambda, gates);
  } else if (near(theta, Math.PI / 2)) {
    rz(lambda - Math.PI / 2, gates);
    gates.push({ name: 'sx', params: [] });
    rz(phi + Math.PI / 2, gates);
  } else if (near(theta, Math.PI)) {
    rz(lambda - phi - Math.PI, gates);
    gates.push({ name: 'x', params: [] });
  } else {
    rz(lambda, gates);
    gates.push({ name: 'sx', params: [] });
    rz(theta + Math.PI, gates);
    gates.push({ name: 'sx', params: [] });
    rz(phi + Math.PI, gates);
  }
  return { gates, phase: phaseBetween(sequenceMatrix(gates), u) };
}

/** One `u(θ, φ, λ)` for `u`, or nothing when it is the identity up to phase. */
export function uSequence(u: ComplexMatrix): OneQubitSequence {
  const { theta, phi, lambda } = zyzAngles(u);
  const gates: NumericGate[] =
    near(theta, 0) && near(phi + lambda, 0)
      ? []
      : [{ name: 'u', params: [theta, wrapAngle(phi), wrapAngle(lambda)] }];
  return { gates, phase: phaseBetween(sequenceMatrix(gates), u) };
}

/** The sequence for `u` in `basis`. */
export function oneQubitSequence(u: ComplexMatrix, basis: OneQubitBasis): OneQubitSequence {
  return basis === 'u' ? uSequence(u) : zsxSequence(u);
}
