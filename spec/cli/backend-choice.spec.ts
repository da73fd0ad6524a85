/**
 * Where `qjobs run` sends a circuit when `--backend` is not given, against a real local runtime:
 * the least busy simulator however idle the devices are, and on a service without simulators
 * (as IBM Quantum, where Qiskit's `least_busy` picks among devices) the least busy device that
 * can take the circuit, the others named in the lines `qjobs run` prints on stderr.
 */
import { parseQasm } from '../../src/circuits/qasm/index.js';
import { chooseBackend } from '../../src/cli/backend-choice.js';
import type { ChoiceRequest } from '../../src/cli/backend-choice.js';
import { samplerInputs, useLocalRuntime, BELL } from '../service/support.js';
import { FEZ_ISA_BELL } from './support.js';

/** 130 qubits: more than ibm_sherbrooke's 127, fewer than ibm_fez's 156. */
const WIDE = `OPENQASM 3.0;
include "stdgates.inc";
qubit[130] q;
bit[130] c;
h q[0];
c = measure q;
`;

function request(qasm: string, transpile = true): ChoiceRequest {
  return {
    backend: undefined,
    file: 'circuit.qasm',
    circuit: parseQasm(qasm),
    transpile,
    optimizationLevel: 1,
  };
}

describe('qjobs run without --backend: a service with simulators and devices', () => {
  const h = useLocalRuntime({ queue: { runDelayMs: 2000 } });

  it('takes the least busy simulator, though every device is idler, and sends the circuit as written', async () => {
    const { service } = h();
    for (let i = 0; i < 3; i++) {
      await service.run('sampler', samplerInputs([BELL, null, 8]), { backend: 'local_simulator' });
    }
    const choice = await chooseBackend(service, request(BELL));
    expect(choice.backend.name).toBe('ibmq_qasm_simulator');
    expect(choice.prepared).toEqual({ kind: 'as-written' });
    expect(choice.skipped).toEqual([]);
  });

  it('the same where the list gives names only (an API version before 2025-01-01): loads from the statuses, kinds from the configurations', async () => {
    const { service, another } = h();
    await service.run('sampler', samplerInputs([BELL, null, 8]), { backend: 'local_simulator' });
    const old = another({ apiVersion: '2024-01-01' });
    expect((await old.backends()).map((b) => b.simulator)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    const choice = await chooseBackend(old, request(BELL));
    expect(choice.backend.name).toBe('ibmq_qasm_simulator');
    expect(choice.prepared).toEqual({ kind: 'as-written' });
  });
});

describe('qjobs run without --backend: a service without simulators', () => {
  describe('listing ibm_sherbrooke before ibm_fez', () => {
    const h = useLocalRuntime({ backends: ['ibm_sherbrooke', 'ibm_fez'] });

    it('passes over a device too narrow for the circuit, saying why, for the next least busy', async () => {
      const choice = await chooseBackend(h().service, request(WIDE));
      expect(choice.backend.name).toBe('ibm_fez');
      expect(choice.prepared.kind).toBe('transpiled');
      expect(choice.skipped).toEqual([
        jasmine.stringMatching(
          /^qjobs run: skipped ibm_sherbrooke: cannot transpile circuit\.qasm for it \(.*130.*127.*\)$/,
        ),
      ]);
    });

    it('with --no-transpile, passes over a device the circuit is not ISA for', async () => {
      const choice = await chooseBackend(h().service, request(FEZ_ISA_BELL, false));
      expect(choice.backend.name).toBe('ibm_fez');
      expect(choice.prepared).toEqual({ kind: 'as-written' });
      expect(choice.skipped).toEqual([
        'qjobs run: skipped ibm_sherbrooke: circuit.qasm is not ISA for it (cz on qubits 0, 1 is not one of its gates) and --no-transpile sends it as written',
      ]);
    });
  });

  describe('with jobs waiting on ibm_fez', () => {
    const h = useLocalRuntime({
      backends: ['ibm_fez', 'ibm_sherbrooke'],
      queue: { runDelayMs: 2000 },
    });

    it('takes the least busy device, ibm_sherbrooke, and transpiles for it', async () => {
      const { service } = h();
      for (let i = 0; i < 2; i++) {
        await service.run('sampler', samplerInputs([FEZ_ISA_BELL, null, 8]), {
          backend: 'ibm_fez',
        });
      }
      const choice = await chooseBackend(service, request(BELL));
      expect(choice.backend.name).toBe('ibm_sherbrooke');
      expect(choice.skipped).toEqual([]);
      const prepared = choice.prepared;
      if (prepared.kind !== 'transpiled')
        throw new Error(`expected transpiled, got ${prepared.kind}`);
      expect(prepared.report.backend).toBe('ibm_sherbrooke');
      expect(Object.keys(prepared.report.twoQubitGates)).toEqual(['ecr']);
    });
  });
});
