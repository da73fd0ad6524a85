/**
 * The simulated backends the local runtime offers, and their defaults
 * (`local_simulator` and `ibmq_qasm_simulator`).
 *
 * @module
 */

/** One backend of the local runtime. Every backend runs on the same statevector simulator. */
export interface LocalBackendSpec {
  /** Backend name as used in `backend` fields and `/v1/backends/{name}`. */
  readonly name: string;
  /** Qubits the backend reports; capped by the `maxQubits` limit. */
  readonly numQubits?: number;
  /** Gate names reported in the configuration. */
  readonly basisGates?: readonly string[];
  /** False makes the backend report itself down and refuse new jobs (400). Default true. */
  readonly operational?: boolean;
  /** Free text shown in the status (`active`, `maintenance`, ...). */
  readonly statusMessage?: string;
}

/** A backend with every field filled in. */
export interface ResolvedBackend {
  readonly name: string;
  readonly numQubits: number;
  readonly basisGates: readonly string[];
  readonly operational: boolean;
  readonly statusMessage: string;
}

/** Gates the simulator understands, reported as every backend's basis by default. */
export const DEFAULT_BASIS_GATES: readonly string[] = [
  'id',
  'x',
  'y',
  'z',
  'h',
  's',
  'sdg',
  't',
  'tdg',
  'sx',
  'sxdg',
  'rx',
  'ry',
  'rz',
  'p',
  'u',
  'cx',
  'cy',
  'cz',
  'ch',
  'swap',
  'ccx',
  'cswap',
  'crx',
  'cry',
  'crz',
  'cp',
  'rxx',
  'ryy',
  'rzz',
  'ecr',
  'measure',
  'reset',
  'barrier',
];

/** The backends offered when the `backends` option is left out. */
export const DEFAULT_BACKENDS: readonly string[] = ['local_simulator', 'ibmq_qasm_simulator'];

/** Fill in a backend's defaults; `maxQubits` caps the qubit count. */
export function resolveBackend(
  spec: string | LocalBackendSpec,
  maxQubits: number,
): ResolvedBackend {
  const s: LocalBackendSpec = typeof spec === 'string' ? { name: spec } : spec;
  const operational = s.operational ?? true;
  return {
    name: s.name,
    numQubits: Math.min(s.numQubits ?? maxQubits, maxQubits),
    basisGates: s.basisGates ?? DEFAULT_BASIS_GATES,
    operational,
    statusMessage: s.statusMessage ?? (operational ? 'active' : 'maintenance'),
  };
}
