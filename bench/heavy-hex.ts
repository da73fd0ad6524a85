/**
 * The heavy-hex coupling graph of code distance `d` with Qiskit's qubit numbering
 * (`CouplingMap.from_heavy_hex(d)`, which is rustworkx's `directed_heavy_hex_graph`, from
 * Qiskit/rustworkx rustworkx-core/src/generators/heavy_hex_graph.rs): the d² data qubits first
 * (row by row), then the (d − 1)·⌈d/2⌉ syndrome qubits (⌈d/2⌉ per gap between rows), then the
 * d·(d − 1) flag qubits (d − 1 per row), (5d² − 2d − 1)/2 qubits in all. Qiskit's own benchmarks
 * route on these maps with the trivial layout, so the numbering matters.
 *
 * @module
 */

/** The undirected edges of the distance-`d` heavy-hex graph (`d` odd, at least 3). */
export function heavyHexEdges(d: number): [number, number][] {
  if (!Number.isInteger(d) || d < 3 || d % 2 === 0) {
    throw new RangeError(`heavy-hex distance must be an odd integer ≥ 3, got ${d}`);
  }
  const perGap = Math.ceil(d / 2);
  const data = (i: number) => i;
  const syndrome = (gap: number, k: number) => d * d + gap * perGap + k;
  const flag = (row: number, k: number) => d * d + (d - 1) * perGap + row * (d - 1) + k;
  const edges: [number, number][] = [];
  // Each row: data – flag – data – flag – … – data.
  for (let row = 0; row < d; row++) {
    for (let k = 0; k < d - 1; k++) {
      edges.push([data(row * d + k), flag(row, k)], [data(row * d + k + 1), flag(row, k)]);
    }
  }
  // The syndrome qubit closing each gap at its end: the left end on even gaps, the right on odd.
  for (let gap = 0; gap < d - 1; gap++) {
    if (gap % 2 === 0) {
      const s = syndrome(gap, 0);
      edges.push([data(gap * d), s], [data((gap + 1) * d), s]);
    } else {
      const s = syndrome(gap, perGap - 1);
      edges.push([data(gap * d + d - 1), s], [data(gap * d + 2 * d - 1), s]);
    }
  }
  // The other syndrome qubits join a flag qubit of the row above to the one below.
  for (let gap = 0; gap < d - 1; gap++) {
    for (let k = 0; k < perGap; k++) {
      if (gap % 2 === 0 && k !== 0) {
        const s = syndrome(gap, k);
        edges.push([s, flag(gap, 2 * (k - 1) + 1)], [s, flag(gap + 1, 2 * (k - 1) + 1)]);
      } else if (gap % 2 === 1 && k !== perGap - 1) {
        const s = syndrome(gap, k);
        edges.push([s, flag(gap, 2 * k)], [s, flag(gap + 1, 2 * k)]);
      }
    }
  }
  return edges;
}

/** Number of qubits of the distance-`d` heavy-hex graph. */
export function heavyHexSize(d: number): number {
  return (5 * d * d - 2 * d - 1) / 2;
}

/**
 * A bare backend configuration on the distance-`d` heavy-hex graph with a symmetric entangling
 * gate (both directions listed), as Qiskit's `GenericBackendV2` builds from a bidirectional map.
 */
export function heavyHexConfiguration(
  d: number,
  twoQubitGate: 'cz' | 'cx' | 'ecr' = 'cz',
): { n_qubits: number; basis_gates: string[]; coupling_map: number[][] } {
  const coupling_map: number[][] = [];
  for (const [a, b] of heavyHexEdges(d)) coupling_map.push([a, b], [b, a]);
  return {
    n_qubits: heavyHexSize(d),
    basis_gates: ['rz', 'sx', 'x', twoQubitGate],
    coupling_map,
  };
}
