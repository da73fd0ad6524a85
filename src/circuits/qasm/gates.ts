/**
 * The catalogue of gates the parser knows without a user definition: the built-in `U` and
 * `CX`, and the gates of `stdgates.inc` / `qelib1.inc` (plus the common Qiskit extras `sxdg`,
 * `csx`, `rxx`, `ryy`, `rzz`, `ecr`), each mapped to a canonical simulator gate.
 *
 * @module
 */
import type { Angle } from '../model.js';

/** How a gate name written in source maps onto a canonical simulator gate. */
export interface GateSignature {
  /** The canonical gate it becomes. */
  readonly name: string;
  /** Number of qubit operands. */
  readonly numQubits: number;
  /** Number of angle arguments as written in source. */
  readonly numParams: number;
  /** Rewrites the written angles into the canonical gate's angles (e.g. `u2` → `u`). */
  readonly rewrite?: (params: readonly Angle[]) => Angle[];
}

const sig = (
  name: string,
  numQubits: number,
  numParams: number,
  rewrite?: (params: readonly Angle[]) => Angle[],
): GateSignature =>
  rewrite ? { name, numQubits, numParams, rewrite } : { name, numQubits, numParams };

/** Gates available in every program, with or without an include. */
export const BUILTIN_GATES: ReadonlyMap<string, GateSignature> = new Map([
  ['U', sig('u', 1, 3)],
  ['CX', sig('cx', 2, 0)],
]);

/** Gates available after `include "stdgates.inc";` or `include "qelib1.inc";`. */
export const LIBRARY_GATES: ReadonlyMap<string, GateSignature> = new Map([
  ['id', sig('id', 1, 0)],
  ['u0', sig('id', 1, 1, () => [])],
  ['x', sig('x', 1, 0)],
  ['y', sig('y', 1, 0)],
  ['z', sig('z', 1, 0)],
  ['h', sig('h', 1, 0)],
  ['s', sig('s', 1, 0)],
  ['sdg', sig('sdg', 1, 0)],
  ['t', sig('t', 1, 0)],
  ['tdg', sig('tdg', 1, 0)],
  ['sx', sig('sx', 1, 0)],
  ['sxdg', sig('sxdg', 1, 0)],
  ['rx', sig('rx', 1, 1)],
  ['ry', sig('ry', 1, 1)],
  ['rz', sig('rz', 1, 1)],
  ['p', sig('p', 1, 1)],
  ['phase', sig('p', 1, 1)],
  ['u1', sig('p', 1, 1)],
  ['u2', sig('u', 1, 2, ([phi, lambda]) => [Math.PI / 2, phi!, lambda!])],
  ['u3', sig('u', 1, 3)],
  ['u', sig('u', 1, 3)],
  ['cx', sig('cx', 2, 0)],
  ['cy', sig('cy', 2, 0)],
  ['cz', sig('cz', 2, 0)],
  ['ch', sig('ch', 2, 0)],
  ['csx', sig('csx', 2, 0)],
  ['crx', sig('crx', 2, 1)],
  ['cry', sig('cry', 2, 1)],
  ['crz', sig('crz', 2, 1)],
  ['cp', sig('cp', 2, 1)],
  ['cphase', sig('cp', 2, 1)],
  ['cu1', sig('cp', 2, 1)],
  ['cu', sig('cu', 2, 4)],
  ['cu3', sig('cu', 2, 3, ([theta, phi, lambda]) => [theta!, phi!, lambda!, 0])],
  ['swap', sig('swap', 2, 0)],
  ['rxx', sig('rxx', 2, 1)],
  ['ryy', sig('ryy', 2, 1)],
  ['rzz', sig('rzz', 2, 1)],
  ['ecr', sig('ecr', 2, 0)],
  ['ccx', sig('ccx', 3, 0)],
  ['cswap', sig('cswap', 3, 0)],
]);

/** Number of qubits and angles of each canonical gate. */
export const CANONICAL_GATES: ReadonlyMap<
  string,
  { readonly numQubits: number; readonly numParams: number }
> = new Map(
  [...LIBRARY_GATES]
    .filter(([written, g]) => written === g.name)
    .map(([, g]) => [g.name, { numQubits: g.numQubits, numParams: g.numParams }]),
);
