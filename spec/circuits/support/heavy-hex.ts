// Generated heavy-hex coupling maps shaped like IBM's Eagle and Heron devices (rows of qubits
// joined by bridge qubits every four columns, the bridges alternating between two offsets), with
// configurations and properties in the fields of IBM's backend JSON
// (Qiskit/qiskit-ibm-runtime qiskit_ibm_runtime/fake_provider/backends/*/conf_*.json, props_*.json).
import type { BackendConfigurationLike } from '../../../src/circuits/isa.js';
import type { BackendPropertiesLike } from '../../../src/circuits/transpiler/target.js';

export function heavyHexEdges(rows: number, length: number): [number, number][] {
  const edges: [number, number][] = [];
  const id = (r: number, c: number) => r * length + c;
  for (let r = 0; r < rows; r++)
    for (let c = 0; c + 1 < length; c++) edges.push([id(r, c), id(r, c + 1)]);
  let next = rows * length;
  for (let r = 0; r + 1 < rows; r++) {
    for (let c = r % 2 === 0 ? 0 : 2; c < length; c += 4) {
      const bridge = next++;
      edges.push([id(r, c), bridge], [bridge, id(r + 1, c)]);
    }
  }
  return edges;
}

function count(edges: readonly [number, number][]): number {
  return Math.max(...edges.flat()) + 1;
}

function properties(
  n: number,
  edges: readonly [number, number][],
  gate: string,
  seed: number,
): BackendPropertiesLike {
  let s = seed;
  const rand = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  return {
    qubits: Array.from({ length: n }, () => [
      { name: 'T1', value: 100 + 200 * rand() },
      { name: 'readout_error', value: 0.005 + 0.04 * rand() },
    ]),
    gates: [
      ...Array.from({ length: n }, (_, q) => ({
        gate: 'sx',
        qubits: [q],
        parameters: [{ name: 'gate_error', value: 1e-4 + 5e-4 * rand() }],
      })),
      ...edges.map(([a, b]) => ({
        gate,
        qubits: [a, b],
        parameters: [{ name: 'gate_error', value: 0.002 + 0.03 * rand() }],
      })),
    ],
  };
}

const DYNAMIC = ['measure', 'reset', 'delay', 'if_else', 'for_loop', 'switch_case'];

/** A Heron-like backend: cz in both directions, rz sx x. */
export function heronLike(
  rows = 8,
  length = 16,
): { configuration: BackendConfigurationLike; properties: BackendPropertiesLike } {
  const undirected = heavyHexEdges(rows, length);
  const edges = undirected.flatMap(([a, b]) => [
    [a, b] as [number, number],
    [b, a] as [number, number],
  ]);
  const n = count(undirected);
  return {
    configuration: {
      n_qubits: n,
      basis_gates: ['cz', 'id', 'rz', 'sx', 'x'],
      coupling_map: edges,
      supported_instructions: ['cz', 'id', 'rz', 'sx', 'x', ...DYNAMIC],
      gates: [{ name: 'cz', coupling_map: edges }],
    },
    properties: properties(n, edges, 'cz', 7),
  };
}

/** An Eagle-like backend: ecr in one direction per edge, rz sx x. */
export function eagleLike(
  rows = 7,
  length = 15,
): { configuration: BackendConfigurationLike; properties: BackendPropertiesLike } {
  const undirected = heavyHexEdges(rows, length);
  const edges = undirected.map(([a, b], i) => (i % 3 === 0 ? [b, a] : [a, b]) as [number, number]);
  const n = count(undirected);
  return {
    configuration: {
      n_qubits: n,
      basis_gates: ['ecr', 'id', 'rz', 'sx', 'x'],
      coupling_map: edges,
      supported_instructions: ['ecr', 'id', 'rz', 'sx', 'x', ...DYNAMIC],
      gates: [{ name: 'ecr', coupling_map: edges }],
    },
    properties: properties(n, edges, 'ecr', 11),
  };
}
