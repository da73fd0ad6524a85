/**
 * A long simulation shares the thread: timers and I/O callbacks get their turn while it runs,
 * so the local runtime keeps answering polls during a heavy job.
 */
import { runSamplerPub } from '../../../src/local/simulator/index.js';

function heavyCircuit(qubits: number, layers: number): string {
  const lines = ['OPENQASM 3.0;', 'include "stdgates.inc";', `qubit[${qubits}] q;`];
  lines.push(`bit[${qubits}] c;`);
  for (let l = 0; l < layers; l++) {
    for (let i = 0; i < qubits; i++) lines.push(`h q[${i}];`);
    for (let i = 0; i + 1 < qubits; i++) lines.push(`cx q[${i}], q[${i + 1}];`);
  }
  lines.push('c = measure q;');
  return lines.join('\n');
}

describe('simulator cooperation with the event loop', () => {
  it('lets timers run while a long simulation is still running', async () => {
    // A 5 ms interval ticks at every yield. Yielding through a MessageChannel on Node
    // starves timers (one tick for the whole run); yielding through setImmediate does not.
    let ticks = 0;
    let yields = 0;
    const interval = setInterval(() => ticks++, 5);
    try {
      await runSamplerPub(
        { circuit: heavyCircuit(21, 4), shots: 16 },
        { seed: 1, onProgress: () => yields++ },
      );
    } finally {
      clearInterval(interval);
    }
    expect(yields).toBeGreaterThan(3);
    expect(ticks).toBeGreaterThanOrEqual(3);
  });
});
