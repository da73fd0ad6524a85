/**
 * Circuit objects through the service against the local runtime's ibm_fez device: a backend's
 * properties (GET /backends/{name}/properties, as qiskit-ibm-runtime's
 * `IBMBackend.properties()` reads them), transpile() fetching configuration and properties
 * itself, and Sampler/Estimator pubs holding QuantumCircuit objects — the ISA circuit passes
 * the device's check, Estimator observables mapped with `layout.applyLayout` give the
 * simulator's values, and parameter values bind in the circuit's own parameter order.
 */
import { Parameter, ParameterVector } from '../../src/circuits/parameter.js';
import { QuantumCircuit } from '../../src/circuits/quantum-circuit.js';
import { transpile } from '../../src/circuits/transpile.js';
import { Estimator, Sampler } from '../../src/service/index.js';
import { useLocalRuntime } from './support.js';

describe('circuit objects on a hardware backend', () => {
  const h = useLocalRuntime({ backends: ['ibm_fez', 'ibmq_qasm_simulator'] });

  it('reads a device’s properties', async () => {
    const fez = await h().service.backend('ibm_fez');
    const properties = await fez.properties();
    expect(properties.qubits.length).toBe(156);
    const cz = properties.gates.filter((g) => g.gate === 'cz');
    expect(cz.length).toBeGreaterThan(300);
    expect(cz[0]!.parameters.some((p) => p.name === 'gate_error')).toBeTrue();
  });

  it('samples a transpiled circuit on the device, in the circuit’s bit order', async () => {
    const { service } = h();
    const fez = await service.backend('ibm_fez');
    // |q2 q1 q0> = |101>: meas reads '101' (bit 0 rightmost) wherever the qubits are placed.
    const qc = new QuantumCircuit(3).x(0).x(2).cx(0, 1).cx(1, 0).cx(0, 1).measureAll();
    const isa = await transpile(qc, fez);
    const job = await new Sampler({ backend: fez }).run([[isa, null, 100]]);
    const counts = (await job.result())[0]!.data.meas!.getCounts();
    expect(counts).toEqual({ '110': 100 });
  });

  it('estimates a transpiled circuit with observables mapped through its layout', async () => {
    const { service } = h();
    const fez = await service.backend('ibm_fez');
    const theta = new Parameter('θ');
    const qc = new QuantumCircuit(2).ry(theta, 0).cx(0, 1);
    const isa = await transpile(qc, fez);
    const observables = ['ZZ', 'ZI', 'XX'];
    // Observables of shape (1, 3) against parameter values of shape (2, 1): results (2, 3).
    const job = await new Estimator({ backend: fez }).run([
      [isa, [observables.map((o) => isa.layout!.applyLayout(o))], [[[0]], [[Math.PI / 2]]]],
    ]);
    const result = (await job.result())[0]!.data.evs;
    expect(result.shape).toEqual([2, 3]);
    // <ZZ> = 1, <ZI> = cos θ, <XX> = sin θ, row-major over (θ, observable).
    const expected = [1, 1, 0, 1, 0, 1];
    (result.toArray() as number[]).forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 6));
  });

  it('binds parameter vectors in the circuit’s order, though the program sorts the names otherwise', async () => {
    const { service } = h();
    const sim = await service.backend('ibmq_qasm_simulator');
    const x = new ParameterVector('x', 11);
    // x[2] = π flips qubit 0, x[10] = 0 leaves qubit 1: expect '01'.
    const qc = new QuantumCircuit(2).rx(x.at(2), 0).rx(x.at(10), 1).measureAll();
    expect(qc.parameters).toEqual(['x[2]', 'x[10]']);
    const job = await new Sampler({ backend: sim }).run([[qc, [Math.PI, 0], 50]]);
    expect((await job.result())[0]!.data.meas!.getCounts()).toEqual({ '01': 50 });
  });
});
