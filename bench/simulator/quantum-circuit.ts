/**
 * The `quantum-circuit` package as a peer, in a worker thread with a time cap (it slows down
 * steeply with size): H on every qubit, a CX chain, its own `run` and `measureAllMultishot`.
 */
import { Worker } from 'node:worker_threads';

export interface QcResult {
  readonly ms: number;
  readonly outcomes: number;
}

/**
 * The worker's program, plain JavaScript: import the package's default export, build the
 * same circuit, run it and take the shots with its own multi-shot sampler.
 */
const QC_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
import(workerData.moduleUrl).then(({ default: QuantumCircuit }) => {
  const { n, shots } = workerData;
  const t0 = performance.now();
  const qc = new QuantumCircuit(n);
  for (let q = 0; q < n; q++) qc.addGate('h', -1, q);
  for (let q = 0; q + 1 < n; q++) qc.addGate('cx', -1, [q, q + 1]);
  qc.run();
  const counts = qc.measureAllMultishot(shots);
  const ms = performance.now() - t0;
  const outcomes = Object.values(counts).reduce((x, y) => x + y, 0);
  parentPort.postMessage({ ms, outcomes });
});
`;

export function quantumCircuitInWorker(
  n: number,
  shots: number,
  capMs: number,
): Promise<QcResult | 'timeout'> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(QC_WORKER, {
      eval: true,
      execArgv: [],
      stderr: true,
      workerData: { n, shots, moduleUrl: import.meta.resolve('quantum-circuit') },
    });
    const timer = setTimeout(() => {
      void worker.terminate();
      resolve('timeout');
    }, capMs);
    worker.once('message', (m: QcResult) => {
      clearTimeout(timer);
      void worker.terminate();
      resolve(m);
    });
    worker.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}
