/**
 * The gates a program may apply without defining them: OpenQASM's built-in `U` (and
 * OpenQASM 2's `CX`), the gates of the two standard include files, and Qiskit's other standard
 * gates, each mapped onto a standard gate of `gates/standard.ts`.
 *
 * - `stdgates.inc` is the OpenQASM 3 specification's library (openqasm/openqasm
 *   `examples/stdgates.inc`, `source/language/standard_library.rst`).
 * - `qelib1.inc` is the file Qiskit ships (Qiskit/qiskit `qiskit/qasm/libs/qelib1.inc`),
 *   mapped as Qiskit's importer maps it (`qiskit/qasm2/parse.py`,
 *   `LEGACY_CUSTOM_INSTRUCTIONS`): `u3` is `U3Gate`, `rc3x` is `RC3XGate`, `c3sqrtx` is
 *   `C3SXGate`, ...
 * - Once either file is included, every other Qiskit standard gate is known under its Qiskit
 *   name (`ecr`, `rzz`, `sxdg`, `cs`, ...): IBM backends take their basis gates by these names
 *   in ISA circuits.
 *
 * @module
 */
import type { Angle } from '../model.js';
import { STANDARD_GATES } from '../gates/standard.js';

/** A gate name written in source and the standard gate it is. */
export interface LibraryGate {
  /** The standard gate (`gates/standard.ts`). */
  readonly standard: string;
  readonly numQubits: number;
  /** Angles as written in source. */
  readonly numParams: number;
  /** Turns the written angles into the standard gate's (`u0(γ)` is `id`, without its angle). */
  readonly rewrite?: (params: readonly Angle[]) => Angle[];
}

/** The include files a program may name. */
export type IncludeFile = 'stdgates.inc' | 'qelib1.inc';

const gate = (
  standard: string,
  numQubits?: number,
  numParams?: number,
  rewrite?: LibraryGate['rewrite'],
): LibraryGate => {
  const s = STANDARD_GATES.get(standard)!;
  const g = { standard, numQubits: numQubits ?? s.numQubits, numParams: numParams ?? s.numParams };
  return rewrite ? { ...g, rewrite } : g;
};

/** Gates every program has: `U` (OpenQASM 2 and 3) and OpenQASM 2's `CX`. */
export const BUILTIN: ReadonlyMap<string, LibraryGate> = new Map([
  ['U', gate('u')],
  ['CX', gate('cx')],
]);

/** The gates of `stdgates.inc`. */
const STDGATES: ReadonlyMap<string, LibraryGate> = new Map([
  ['p', gate('p')],
  ['x', gate('x')],
  ['y', gate('y')],
  ['z', gate('z')],
  ['h', gate('h')],
  ['s', gate('s')],
  ['sdg', gate('sdg')],
  ['t', gate('t')],
  ['tdg', gate('tdg')],
  ['sx', gate('sx')],
  ['rx', gate('rx')],
  ['ry', gate('ry')],
  ['rz', gate('rz')],
  ['cx', gate('cx')],
  ['cy', gate('cy')],
  ['cz', gate('cz')],
  ['cp', gate('cp')],
  ['crx', gate('crx')],
  ['cry', gate('cry')],
  ['crz', gate('crz')],
  ['ch', gate('ch')],
  ['swap', gate('swap')],
  ['ccx', gate('ccx')],
  ['cswap', gate('cswap')],
  ['cu', gate('cu')],
  ['CX', gate('cx')],
  ['phase', gate('p')],
  ['cphase', gate('cp')],
  ['id', gate('id')],
  ['u1', gate('u1')],
  ['u2', gate('u2')],
  ['u3', gate('u3')],
]);

/** The gates of Qiskit's `qelib1.inc`. */
const QELIB1: ReadonlyMap<string, LibraryGate> = new Map([
  ['u3', gate('u3')],
  ['u2', gate('u2')],
  ['u1', gate('u1')],
  ['cx', gate('cx')],
  ['id', gate('id')],
  ['u0', gate('id', 1, 1, () => [])],
  ['u', gate('u')],
  ['p', gate('p')],
  ['x', gate('x')],
  ['y', gate('y')],
  ['z', gate('z')],
  ['h', gate('h')],
  ['s', gate('s')],
  ['sdg', gate('sdg')],
  ['t', gate('t')],
  ['tdg', gate('tdg')],
  ['rx', gate('rx')],
  ['ry', gate('ry')],
  ['rz', gate('rz')],
  ['sx', gate('sx')],
  ['sxdg', gate('sxdg')],
  ['cz', gate('cz')],
  ['cy', gate('cy')],
  ['swap', gate('swap')],
  ['ch', gate('ch')],
  ['ccx', gate('ccx')],
  ['cswap', gate('cswap')],
  ['crx', gate('crx')],
  ['cry', gate('cry')],
  ['crz', gate('crz')],
  ['cu1', gate('cu1')],
  ['cp', gate('cp')],
  ['cu3', gate('cu3')],
  ['csx', gate('csx')],
  ['cu', gate('cu')],
  ['rxx', gate('rxx')],
  ['rzz', gate('rzz')],
  ['rccx', gate('rccx')],
  ['rc3x', gate('rcccx')],
  ['c3x', gate('c3x')],
  ['c3sqrtx', gate('c3sx')],
  ['c4x', gate('c4x')],
]);

/**
 * The gates of Qiskit's qelib1.inc beyond the original OpenQASM 2 paper's file. Qiskit's
 * importer marks them `builtin` (qiskit/qasm2/parse.py, LEGACY_CUSTOM_INSTRUCTIONS), so a
 * program written against the paper's file may define its own gate under one of these names
 * (QASMBench's `ipea_n2` defines a two-qubit `cu`): the program's definition is used.
 */
const QELIB1_EXTENSIONS: ReadonlySet<string> = new Set([
  'u0',
  'u',
  'p',
  'sx',
  'sxdg',
  'swap',
  'cswap',
  'crx',
  'cry',
  'cp',
  'csx',
  'cu',
  'rxx',
  'rzz',
  'rccx',
  'rc3x',
  'c3x',
  'c3sqrtx',
  'c4x',
]);

/** The gates each include file declares. */
export const INCLUDE_FILES: ReadonlyMap<IncludeFile, ReadonlyMap<string, LibraryGate>> = new Map<
  IncludeFile,
  ReadonlyMap<string, LibraryGate>
>([
  ['stdgates.inc', STDGATES],
  ['qelib1.inc', QELIB1],
]);

/** Qiskit's standard gates by their Qiskit names (known once any library is included). */
const QISKIT: ReadonlyMap<string, LibraryGate> = new Map(
  [...STANDARD_GATES.values()]
    .filter((g) => g.name !== 'global_phase')
    .map((g) => [g.name, gate(g.name)]),
);

/**
 * The gate `name` denotes given the files included, or `undefined` when it is not known
 * without a definition.
 */
export function libraryGate(
  name: string,
  included: ReadonlySet<IncludeFile>,
): LibraryGate | undefined {
  const builtin = BUILTIN.get(name);
  if (builtin) return builtin;
  for (const file of included) {
    const g = INCLUDE_FILES.get(file)!.get(name);
    if (g) return g;
  }
  return included.size > 0 ? QISKIT.get(name) : undefined;
}

/** The included file that declares `name` so a program may not define it again, if any. */
export function declaredByInclude(
  name: string,
  included: ReadonlySet<IncludeFile>,
): IncludeFile | undefined {
  for (const file of included) {
    if (!INCLUDE_FILES.get(file)!.has(name)) continue;
    if (file === 'qelib1.inc' && QELIB1_EXTENSIONS.has(name)) continue;
    return file;
  }
  return undefined;
}

/** The include files that declare `name`, for the message when none is included. */
export function includesDeclaring(name: string): IncludeFile[] {
  return [...INCLUDE_FILES].filter(([, gates]) => gates.has(name)).map(([file]) => file);
}

/** True when `name` is a Qiskit standard gate (known after any include). */
export function isQiskitGate(name: string): boolean {
  return QISKIT.has(name);
}
