/**
 * "Run a job" on hardware, in TypeScript: the Bell circuit built in code, transpiled for a
 * 156-qubit Heron device (ibm_fez, served by the embedded local runtime from IBM's published
 * calibration), run there with the Sampler, and the same Bell circuit run untranspiled on the
 * simulator with the same seed: the counts agree.
 */
import { QuantumCircuit, RuntimeService, Sampler, transpile } from '../src/index.js';
import { startLocalRuntime } from '../src/local/index.js';

const runtime = await startLocalRuntime({ port: 0, backends: ['ibm_fez', 'ibmq_qasm_simulator'] });
const service = new RuntimeService({ url: runtime.url, token: runtime.token });

try {
  // bell = QuantumCircuit(2); bell.h(0); bell.cx(0, 1); bell.measure_all()
  const bell = new QuantumCircuit(2).h(0).cx(0, 1).measureAll();
  console.log(bell.draw());

  // pm = generate_preset_pass_manager(optimization_level=1, backend=backend); isa = pm.run(bell)
  const fez = await service.backend('ibm_fez');
  const isa = await transpile(bell, fez, { optimizationLevel: 1, seed: 7 });
  const counts2q = isa.countOps().get('cz') ?? 0;
  console.log(
    `ISA circuit for ${fez.name}: ${isa.size()} instructions, ${counts2q} cz, on qubits ${isa.layout!.initialLayout.join(', ')}`,
  );
  console.log(isa.draw({ idleWires: false }));

  // Same shots, same seed: on the device and, untranspiled, on the simulator.
  const onDevice = await new Sampler({ backend: fez, options: { seed: 42 } }).run([isa], {
    shots: 4096,
  });
  const simulator = await service.backend('ibmq_qasm_simulator');
  const onSimulator = await new Sampler({ backend: simulator, options: { seed: 42 } }).run([bell], {
    shots: 4096,
  });

  const deviceCounts = (await onDevice.result())[0]!.data.meas!.getCounts();
  const simulatorCounts = (await onSimulator.result())[0]!.data.meas!.getCounts();
  console.log(`${fez.name} counts:            ${JSON.stringify(deviceCounts)}`);
  console.log(`${simulator.name} counts: ${JSON.stringify(simulatorCounts)}`);
} finally {
  service.close();
  await runtime.close();
}
