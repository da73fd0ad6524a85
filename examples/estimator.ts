/**
 * An Estimator job: expectation values of ZZ, XX and ZI on the Bell state (1, 1 and 0), with
 * their standard errors, against an embedded local runtime.
 *
 * Run with `node --import tsx examples/estimator.ts`.
 */
import { Estimator, RuntimeService } from '../src/index.js';
import { startLocalRuntime } from '../src/local/index.js';

const bellState = `OPENQASM 3.0;
include "stdgates.inc";
qubit[2] q;
h q[0];
cx q[0], q[1];`;

const observables = ['ZZ', 'XX', 'ZI'];

const runtime = await startLocalRuntime({ port: 0, queue: { queueDelayMs: 200, runDelayMs: 200 } });
try {
  const service = new RuntimeService({ url: runtime.url, token: runtime.token });
  const estimator = new Estimator({ backend: await service.backend('ibmq_qasm_simulator') });
  const job = await estimator.run([[bellState, observables]]);
  job.status$.subscribe((status) => console.log(`job ${job.jobId()}: ${status}`));

  const [pub] = await job.result();
  const evs = pub!.data.evs.toArray();
  const stds = pub!.data.stds.toArray();
  observables.forEach((name, i) => {
    console.log(`<${name}> = ${Number(evs[i]).toFixed(4)} ± ${Number(stds[i]).toFixed(4)}`);
  });
} finally {
  await runtime.close();
}
