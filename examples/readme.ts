import { RuntimeService, Sampler } from 'quantum-jobs-rx';
import { startLocalRuntime } from 'quantum-jobs-rx/local';

// An embedded local runtime; for IBM Quantum Platform see "Pointing at IBM Quantum Platform".
const runtime = await startLocalRuntime();
const service = new RuntimeService({ url: runtime.url, token: runtime.token });

const bell = `OPENQASM 3.0;
include "stdgates.inc";
qubit[2] q;
bit[2] meas;
h q[0];
cx q[0], q[1];
meas = measure q;`;

// Execute the Bell circuit
const backend = await service.backend('ibmq_qasm_simulator');
const sampler = new Sampler({ backend });
const job = await sampler.run([[bell]]);
job.status$.subscribe((status) => console.log(`job ${job.jobId()}: ${status}`));

const result = await job.result();
// Get counts from the classical register "meas".
console.log(result[0].data.meas.getCounts()); // e.g. { '00': 2071, '11': 2025 }

service.close();
await runtime.close();
