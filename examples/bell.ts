/**
 * `npm start`: the Bell circuit of "Run a job", end to end, with no account.
 *
 * Starts an embedded local runtime (the job API over real HTTP and websockets, a statevector
 * simulator) with short queue and run delays so the transitions can be seen, submits the Bell
 * circuit through `RuntimeService` and the Sampler exactly as the README does, prints each
 * status transition as it arrives (QUEUED → RUNNING → DONE) and the counts (only 00 and 11),
 * then shuts the runtime down.
 */
import { RuntimeService, Sampler } from '../src/index.js';
import { startLocalRuntime } from '../src/local/index.js';

const bell = `OPENQASM 3.0;
include "stdgates.inc";
qubit[2] q;
bit[2] meas;
h q[0];
cx q[0], q[1];
meas = measure q;`;

const runtime = await startLocalRuntime({
  port: 0,
  queue: { queueDelayMs: 500, runDelayMs: 500 },
});
const started = Date.now();
const elapsed = (): string => `${((Date.now() - started) / 1000).toFixed(2)}s`;

try {
  console.log(`local runtime listening at ${runtime.url}`);
  const service = new RuntimeService({ url: runtime.url, token: runtime.token });

  // Execute the Bell circuit
  const backend = await service.backend('ibmq_qasm_simulator');
  const sampler = new Sampler({ backend });
  const job = await sampler.run([[bell]]);
  console.log(`job ${job.jobId()} submitted to ${backend.name}`);

  const seen: string[] = [];
  job.status$.subscribe((status) => {
    seen.push(status);
    console.log(`  ${elapsed().padStart(6)}  ${status}`);
  });

  const result = await job.result();
  const pubResult = result[0]!;
  // Get counts from the classical register "meas".
  const counts = pubResult.data.meas!.getCounts();
  console.log(`transitions: ${seen.join(' → ')}`);
  console.log(` >> Counts for the meas output register: ${JSON.stringify(counts)}`);

  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  for (const [outcome, n] of Object.entries(counts).sort((a, b) => b[1] - a[1])) {
    const bar = '█'.repeat(Math.round((40 * n) / total));
    console.log(`  ${outcome}  ${String(n).padStart(5)}  ${bar}`);
  }
} finally {
  await runtime.close();
}
