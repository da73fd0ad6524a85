// Post-routing re-layout (Qiskit's VF2PostLayout, qiskit/transpiler/passes/layout/vf2_post_layout.py):
// a routed circuit moves to coupled qubits of lower expected error on ibm_fez's calibration
// (Qiskit/qiskit-ibm-runtime fake_provider/backends/fez/props_fez.json), never off the coupling map.
import type { Instruction } from '../../../src/circuits/model.js';
import { postLayout, relabel } from '../../../src/circuits/transpiler/post-layout.js';
import { buildTarget } from '../../../src/circuits/transpiler/target.js';
import { interactionGraph, layoutCost } from '../../../src/circuits/transpiler/vf2.js';
import { device } from '../../../src/local/backends/index.js';

describe('postLayout', () => {
  const d = device('ibm_fez')!;
  const target = buildTarget({
    configuration: d.configuration as never,
    properties: d.properties as never,
  });

  it('moves a routed chain to coupled qubits of lower expected error', () => {
    // A chain on qubits 0-1-2-3 (coupled on ibm_fez), measured.
    const block: Instruction[] = [
      { kind: 'gate', name: 'cz', qubits: [0, 1], params: [] },
      { kind: 'gate', name: 'cz', qubits: [1, 2], params: [] },
      { kind: 'gate', name: 'cz', qubits: [2, 3], params: [] },
      ...[0, 1, 2, 3].map((q): Instruction => ({ kind: 'measure', qubit: q, clbit: q })),
    ];
    const map = postLayout(block, target, { callLimit: 50_000, maxSolutions: 250 });
    const n = target.numQubits;
    const graph = interactionGraph(
      n,
      [
        [0, 1],
        [1, 2],
        [2, 3],
      ],
      new Array(n).fill(0),
      [0, 1, 2, 3].map(() => true).concat(new Array(n - 4).fill(false)),
    );
    const before = layoutCost(
      graph,
      target,
      Int32Array.from({ length: n }, (_, p) => (p < 4 ? p : -1)),
    );
    // Qubits 0-3 are not ibm_fez's best chain in this calibration.
    expect(map).toBeDefined();
    if (map === undefined) return;
    expect(new Set(map).size).toBe(n);
    const moved = relabel(block, map);
    for (const ins of moved) {
      if (ins.kind === 'gate')
        expect(
          target.twoQubitGates(ins.qubits[0]!, ins.qubits[1]!).length +
            target.twoQubitGates(ins.qubits[1]!, ins.qubits[0]!).length,
        ).toBeGreaterThan(0);
    }
    expect(layoutCost(graph, target, map)).toBeLessThan(before);
  });

  it('does nothing without error rates', () => {
    const bare = buildTarget(d.configuration as never);
    expect(
      postLayout([{ kind: 'gate', name: 'cz', qubits: [0, 1], params: [] }], bare, {
        callLimit: 1000,
        maxSolutions: 10,
      }),
    ).toBeUndefined();
  });
});
