/**
 * What the transpiler knows about a backend: its qubits and coupling graph (with hop
 * distances), which two-qubit gates run on which ordered pairs, its single-qubit basis, the
 * non-gate instructions it runs, and, when the backend's properties are given, the error
 * rates that steer layout towards better qubits and edges. Built from the configuration and
 * properties JSON of IBM's backends (`GET /v1/backends/{name}/configuration`, `/properties`,
 * as in Qiskit/qiskit-ibm-runtime qiskit_ibm_runtime/fake_provider/backends/fez/).
 *
 * @module
 */
import { TranspileError } from '../errors.js';
import { targetFromConfiguration, type BackendConfigurationLike, type IsaTarget } from '../isa.js';
import type { OneQubitBasis } from '../synthesis/euler.js';

/** The fields of a backend's properties (`GET /v1/backends/{name}/properties`) used here. */
export interface BackendPropertiesLike {
  /** Per qubit, its measured values (`T1`, `T2`, `readout_error`, …). */
  readonly qubits?: readonly (readonly { readonly name: string; readonly value: number }[])[];
  /** Per calibrated gate: its name, qubits and parameters (`gate_error`, `gate_length`). */
  readonly gates?: readonly {
    readonly gate: string;
    readonly qubits: readonly number[];
    readonly parameters: readonly { readonly name: string; readonly value: number }[];
  }[];
}

/**
 * A backend to transpile for: its configuration, with its properties when known. A bare
 * configuration is accepted too.
 */
export type BackendLike =
  | BackendConfigurationLike
  | {
      readonly configuration: BackendConfigurationLike;
      readonly properties?: BackendPropertiesLike | null;
    };

/** The two-qubit gate names IBM backends use as their entangling basis. */
const TWO_QUBIT_NAMES = ['cz', 'ecr', 'cx', 'rzz'] as const;

/** The transpiler's view of a backend. */
export interface Target {
  readonly numQubits: number;
  /** The validator's target (the same one the local runtime checks circuits against). */
  readonly isa: IsaTarget;
  /** Undirected neighbours of each qubit in the coupling graph. */
  readonly neighbours: readonly (readonly number[])[];
  /** Hop distance between qubits (`numQubits²` entries; unreachable pairs are `UNREACHABLE`). */
  readonly distance: Int32Array;
  /** The single-qubit basis to synthesise into. */
  readonly oneQubitBasis: OneQubitBasis;
  /** Whether the basis has `x` (otherwise `x` is written as two `sx`). */
  readonly hasX: boolean;
  /** The entangling gates on the ordered pair `a → b` (`a * numQubits + b`). */
  twoQubitGates(a: number, b: number): readonly string[];
  /** Error of the best entangling gate on the undirected edge (0 without properties). */
  edgeError(a: number, b: number): number;
  /** Error of a single-qubit `sx` on the qubit (0 without properties). */
  qubitError(q: number): number;
  /** Readout error of the qubit (0 without properties). */
  readoutError(q: number): number;
  /** Whether the backend runs this non-gate instruction (`measure`, `reset`, `if_else`, …). */
  supports(instruction: string): boolean;
  /** Whether properties gave error rates. */
  readonly noiseAware: boolean;
}

/** Distance between qubits in different components of the coupling graph. */
export const UNREACHABLE = 1 << 20;

function configurationOf(backend: BackendLike): {
  configuration: BackendConfigurationLike;
  properties: BackendPropertiesLike | null;
} {
  if (typeof backend !== 'object' || backend === null) {
    throw new TranspileError(
      'the backend must be a configuration object or { configuration, properties }',
    );
  }
  if ('configuration' in backend && typeof backend.configuration === 'object') {
    return { configuration: backend.configuration, properties: backend.properties ?? null };
  }
  return { configuration: backend as BackendConfigurationLike, properties: null };
}

/** Build the transpiler's target for a backend. */
export function buildTarget(backend: BackendLike): Target {
  const { configuration: given, properties } = configurationOf(backend);
  // Newer configurations may name the width `num_qubits`.
  const configuration: BackendConfigurationLike = {
    ...given,
    n_qubits: given.n_qubits ?? (given as { num_qubits?: number }).num_qubits!,
  };
  const n = configuration.n_qubits;
  if (!Number.isInteger(n) || n < 1) {
    throw new TranspileError(`the backend configuration has no valid n_qubits (got ${String(n)})`);
  }
  if (!Array.isArray(configuration.basis_gates)) {
    throw new TranspileError('the backend configuration has no basis_gates');
  }
  const isa = targetFromConfiguration(configuration);
  const basis = new Set(configuration.basis_gates);
  const oneQubitBasis: OneQubitBasis | undefined =
    basis.has('rz') && basis.has('sx') ? 'zsx' : basis.has('u') ? 'u' : undefined;
  if (oneQubitBasis === undefined) {
    throw new TranspileError(
      `the backend's basis gates (${configuration.basis_gates.join(', ')}) have no single-qubit basis the transpiler targets (rz and sx, or u)`,
    );
  }
  const pairGates = new Map<number, string[]>();
  const adjacency: Set<number>[] = Array.from({ length: n }, () => new Set());
  for (const name of TWO_QUBIT_NAMES) {
    if (!isa.gates.has(name)) continue;
    const qargs = isa.gates.get(name) ?? null;
    const pairs: [number, number][] =
      qargs === null
        ? allPairs(n)
        : [...qargs].map((k) => k.split(',').map(Number) as [number, number]);
    for (const [a, b] of pairs) {
      if (!(a < n && b < n) || a === b) continue;
      const key = a * n + b;
      const list = pairGates.get(key) ?? [];
      list.push(name);
      pairGates.set(key, list);
      adjacency[a]!.add(b);
      adjacency[b]!.add(a);
    }
  }
  const neighbours = adjacency.map((s) => [...s].sort((x, y) => x - y));
  const distance = hopDistances(neighbours);
  const errors = readErrors(properties, n);
  const empty: readonly string[] = [];
  return {
    numQubits: n,
    isa,
    neighbours,
    distance,
    oneQubitBasis,
    hasX: basis.has('x'),
    twoQubitGates: (a, b) => pairGates.get(a * n + b) ?? empty,
    edgeError: (a, b) => errors.edge.get(Math.min(a, b) * n + Math.max(a, b)) ?? 0,
    qubitError: (q) => errors.qubit[q] ?? 0,
    readoutError: (q) => errors.readout[q] ?? 0,
    supports: (name) => isa.instructions.has(name),
    noiseAware: errors.known,
  };
}

function allPairs(n: number): [number, number][] {
  const out: [number, number][] = [];
  for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) if (a !== b) out.push([a, b]);
  return out;
}

/** Breadth-first hop distances from every qubit. */
function hopDistances(neighbours: readonly (readonly number[])[]): Int32Array {
  const n = neighbours.length;
  const d = new Int32Array(n * n).fill(UNREACHABLE);
  const queue = new Int32Array(n);
  for (let s = 0; s < n; s++) {
    d[s * n + s] = 0;
    let head = 0,
      tail = 0;
    queue[tail++] = s;
    while (head < tail) {
      const u = queue[head++]!;
      const du = d[s * n + u]!;
      for (const v of neighbours[u]!) {
        if (d[s * n + v] === UNREACHABLE) {
          d[s * n + v] = du + 1;
          queue[tail++] = v;
        }
      }
    }
  }
  return d;
}

function readErrors(
  properties: BackendPropertiesLike | null,
  n: number,
): { edge: Map<number, number>; qubit: number[]; readout: number[]; known: boolean } {
  const edge = new Map<number, number>();
  const qubit: number[] = new Array(n).fill(0);
  const readout: number[] = new Array(n).fill(0);
  let known = false;
  if (properties === null) return { edge, qubit, readout, known };
  const value = (params: readonly { name: string; value: number }[], name: string) => {
    const v = params.find((p) => p.name === name)?.value;
    return typeof v === 'number' && Number.isFinite(v) ? Math.min(Math.max(v, 0), 1) : undefined;
  };
  for (const g of properties.gates ?? []) {
    const err = value(g.parameters ?? [], 'gate_error');
    if (err === undefined || !Array.isArray(g.qubits)) continue;
    if (
      g.qubits.length === 2 &&
      (TWO_QUBIT_NAMES as readonly string[]).includes(g.gate) &&
      g.gate !== 'rzz'
    ) {
      const [a, b] = g.qubits as [number, number];
      if (a >= n || b >= n) continue;
      const key = Math.min(a, b) * n + Math.max(a, b);
      const prev = edge.get(key);
      edge.set(key, prev === undefined ? err : Math.min(prev, err));
      known = true;
    } else if (g.qubits.length === 1 && g.gate === 'sx' && g.qubits[0]! < n) {
      qubit[g.qubits[0]!] = err;
      known = true;
    }
  }
  (properties.qubits ?? []).forEach((entries, q) => {
    if (q >= n || !Array.isArray(entries)) return;
    const err = value(entries, 'readout_error');
    if (err !== undefined) {
      readout[q] = err;
      known = true;
    }
  });
  return { edge, qubit, readout, known };
}
