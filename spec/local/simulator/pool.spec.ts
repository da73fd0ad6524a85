// Passes handed to worker threads over shared memory give exactly what the calling thread
// gives, and the workers keep nothing alive once the runs are over.
import {
  runEstimatorPub,
  runSamplerPub,
  SimulationAbortedError,
} from '../../../src/local/simulator/index.js';
import { compileGate, runGateOp } from '../../../src/local/simulator/gate-ops.js';
import { closeSharedPool, gateOnPool, KernelPool } from '../../../src/local/simulator/pool.js';
import { OQ3, rejection } from './support.js';

/** A 20-qubit circuit: large enough (2^20 amplitudes) to go to the workers. */
function wide(): string {
  const n = 20;
  const lines = [OQ3, `qubit[${n}] q;`, `bit[${n}] c;`];
  for (let layer = 0; layer < 2; layer++) {
    for (let q = 0; q < n; q++) lines.push(`ry(${0.3 + q / 7 + layer}) q[${q}];`);
    for (let q = layer; q + 1 < n; q += 2) lines.push(`cx q[${q}], q[${q + 1}];`);
  }
  lines.push('c = measure q;');
  return lines.join('\n');
}

describe('worker threads', () => {
  afterAll(async () => {
    await closeSharedPool();
  });

  it('run a gate over a shared state exactly as the calling thread does', async () => {
    const pool = KernelPool.create();
    if (!pool) return pending('one core only');
    try {
      const n = 20;
      const shared = new Float64Array(new SharedArrayBuffer(16 * 2 ** n));
      for (let i = 0; i < shared.length; i++) shared[i] = Math.sin(i);
      const local = Float64Array.from(shared);
      for (const [name, qubits, params] of [
        ['h', [3], []],
        ['cx', [19, 2], []],
        ['rzz', [0, 11], [0.4]],
        ['ccx', [1, 5, 18], []],
        ['crx', [7, 12], [1.1]],
      ] as const) {
        const op = compileGate(name, qubits, params, n);
        const k = qubits.length;
        await gateOnPool(pool, shared, op, 2 ** (n - k), 2 ** k, () => Promise.resolve());
        runGateOp(local, op, 0, 2 ** (n - k));
      }
      expect(Array.from(shared)).toEqual(Array.from(local));
    } finally {
      await pool.close();
    }
  });

  it('give the same shots and expectation values as a run without them', async () => {
    const source = wide();
    const a = await runSamplerPub({ circuit: source, shots: 500 }, { seed: 4, threads: true });
    const b = await runSamplerPub({ circuit: source, shots: 500 }, { seed: 4, threads: false });
    expect(a.registers[0]!.bytes).toEqual(b.registers[0]!.bytes);
    const obs = ['Z'.repeat(20), 'X'.repeat(20), `${'I'.repeat(19)}Y`];
    const ea = await runEstimatorPub(
      { circuit: source, observables: obs },
      { seed: 1, threads: true },
    );
    const eb = await runEstimatorPub(
      { circuit: source, observables: obs },
      { seed: 1, threads: false },
    );
    for (let i = 0; i < 3; i++) expect(ea.evs[i]).toBeCloseTo(eb.evs[i]!, 12);
  });

  it('stop at an abort between tasks', async () => {
    const controller = new AbortController();
    const run = runSamplerPub(
      { circuit: wide(), shots: 10 },
      { seed: 1, signal: controller.signal, onProgress: () => controller.abort('stop') },
    );
    expect(await rejection(run)).toBeInstanceOf(SimulationAbortedError);
  });
});
