// Hardware backends from the calibration data of qiskit-ibm-runtime's fake_provider
// (Qiskit/qiskit-ibm-runtime qiskit_ibm_runtime/fake_provider/backends/fez/conf_fez.json,
// props_fez.json, sherbrooke/conf_sherbrooke.json, props_sherbrooke.json), over real sockets.
import { startLocalRuntime, type LocalRuntime } from '../../../src/local/index.js';
import { ConfigError } from '../../../src/codecs/errors.js';
import { api, createJob, estimatorJob, samplerJob, waitForStatus } from './support.js';

/** A Bell pair on qubits 0 and 1 of a Heron device, in its basis (rz, sx, cz). */
const FEZ_BELL = `OPENQASM 3.0; include "stdgates.inc"; bit[2] c;
rz(pi/2) $0; sx $0; rz(pi/2) $0;
rz(pi/2) $1; sx $1; rz(pi/2) $1;
cz $0, $1;
rz(pi/2) $1; sx $1; rz(pi/2) $1;
c[0] = measure $0; c[1] = measure $1;`;

/** 156 declared qubits, three of them used. */
const FEZ_WIDE = `OPENQASM 3.0; include "stdgates.inc"; qubit[156] q; bit[3] c;
x q[0]; x q[100]; c[0] = measure q[0]; c[1] = measure q[100]; c[2] = measure q[155];`;

describe('local runtime: hardware devices', () => {
  let rt: LocalRuntime;
  beforeEach(async () => {
    rt = await startLocalRuntime({
      port: 0,
      seed: 11,
      backends: [
        'local_simulator',
        'ibm_fez',
        'ibm_sherbrooke',
        { name: 'my_eagle', device: 'ibm_sherbrooke' },
      ],
    });
  });
  afterEach(async () => rt.close());

  it('lists devices with the fields of the OpenAPI BackendsResponseV2', async () => {
    const res = await api(rt, 'GET', '/v1/backends', {
      headers: { 'IBM-API-Version': '2026-04-15' },
    });
    const fez = res.json.devices.find((d: { name: string }) => d.name === 'ibm_fez');
    expect(fez.is_simulator).toBe(false);
    expect(fez.qubits).toBe(156);
    expect(fez.status).toEqual({ name: 'online', reason: 'active' });
    expect(fez.processor_type).toEqual({ family: 'Heron', revision: '2' });
    expect(fez.clops).toEqual({ type: 'hardware', value: 195000 });
    expect(fez.queue_length).toBe(0);
    expect(fez.performance_metrics.two_q_error_best.gate).toBe('cz');
    expect(fez.performance_metrics.two_q_error_best.qubits.length).toBe(2);
    const sim = res.json.devices.find((d: { name: string }) => d.name === 'local_simulator');
    expect(sim.is_simulator).toBe(true);
  });

  it('answers the device configuration: 156 qubits, cz basis, coupling map, not a simulator', async () => {
    const conf = (await api(rt, 'GET', '/v1/backends/ibm_fez/configuration')).json;
    expect(conf.backend_name).toBe('ibm_fez');
    expect(conf.n_qubits).toBe(156);
    expect(conf.basis_gates).toEqual(['cz', 'id', 'rz', 'sx', 'x']);
    expect(conf.simulator).toBe(false);
    expect(conf.coupling_map).toContain([0, 1]);
    expect(conf.online_date).toBe('2024-05-14T04:00:00+00:00');
    expect(conf.gates.map((g: { name: string }) => g.name)).toEqual([
      'id',
      'rz',
      'sx',
      'x',
      'cz',
      'reset',
    ]);
    expect(conf.supported_instructions).toContain('measure');
    expect(conf.channels).toBeUndefined();
    const eagle = (await api(rt, 'GET', '/v1/backends/my_eagle/configuration')).json;
    expect(eagle.backend_name).toBe('my_eagle');
    expect(eagle.n_qubits).toBe(127);
    expect(eagle.basis_gates).toEqual(['ecr', 'id', 'rz', 'sx', 'x']);
  });

  it('answers the calibration as the service writes it, values and dates unchanged', async () => {
    const props = (await api(rt, 'GET', '/v1/backends/ibm_fez/properties')).json;
    expect(props.backend_name).toBe('ibm_fez');
    expect(props.last_update_date).toBe('2025-02-26T15:16:25-05:00');
    expect(props.qubits.length).toBe(156);
    expect(props.qubits[5]).toEqual([
      { date: '2025-02-26T06:56:42-05:00', name: 'T1', unit: 'us', value: 190.00369756073826 },
      { date: '2025-02-26T06:56:48-05:00', name: 'T2', unit: 'us', value: 208.67352912905028 },
      { date: '2025-02-24T07:48:10-05:00', name: 'readout_error', unit: '', value: 0.007568359375 },
      {
        date: '2025-02-24T07:48:02-05:00',
        name: 'prob_meas0_prep1',
        unit: '',
        value: 0.00927734375,
      },
      { date: '2025-02-24T07:48:06-05:00', name: 'prob_meas1_prep0', unit: '', value: 0.005859375 },
      { date: '2025-02-24T07:48:10-05:00', name: 'readout_length', unit: 'ns', value: 1560 },
    ]);
    const cz = props.gates.find((g: { name: string }) => g.name === 'cz0_1');
    expect(cz).toEqual({
      qubits: [0, 1],
      gate: 'cz',
      parameters: [
        {
          date: '2025-02-24T06:11:12-05:00',
          name: 'gate_error',
          unit: '',
          value: 0.0101566715843735,
        },
        { date: '2025-02-24T06:11:12-05:00', name: 'gate_length', unit: 'ns', value: 84 },
      ],
      name: 'cz0_1',
    });
    expect(props.gates.length).toBe(156 * 6 + 352 * 2);
    expect(props.general).toEqual([]);
    const sim = (await api(rt, 'GET', '/v1/backends/local_simulator/properties')).json;
    expect(sim.qubits).toEqual([]);
  });

  it('answers the status with the device version', async () => {
    const status = (await api(rt, 'GET', '/v1/backends/ibm_sherbrooke/status')).json;
    expect(status).toEqual({
      state: true,
      status: 'active',
      message: 'available',
      length_queue: 0,
      backend_version: '1.6.58',
    });
  });

  it('runs an ISA Bell circuit on ibm_fez: only 00 and 11', async () => {
    const id = await createJob(rt, samplerJob([[FEZ_BELL, null, 400]], { backend: 'ibm_fez' }));
    const done = await waitForStatus(rt, id);
    expect(done.state.status).withContext(JSON.stringify(done.state)).toBe('Completed');
    const samples: string[] = (await api(rt, 'GET', `/v1/jobs/${id}/results`)).json.results[0].data
      .c.samples;
    expect(new Set(samples)).toEqual(new Set(['0x0', '0x3']));
  });

  it('runs a circuit that declares 156 qubits and uses 3', async () => {
    const id = await createJob(rt, samplerJob([[FEZ_WIDE, null, 20]], { backend: 'ibm_fez' }));
    const done = await waitForStatus(rt, id);
    expect(done.state.status).withContext(JSON.stringify(done.state)).toBe('Completed');
    const samples: string[] = (await api(rt, 'GET', `/v1/jobs/${id}/results`)).json.results[0].data
      .c.samples;
    expect(new Set(samples)).toEqual(new Set(['0x3']));
    const metrics = (await api(rt, 'GET', `/v1/jobs/${id}/metrics`)).json;
    expect(metrics.num_qubits).toEqual([156]);
  });

  it('estimates a 156-qubit-wide observable on a circuit that uses 2 qubits', async () => {
    const z0 = 'I'.repeat(155) + 'Z';
    const x1 = 'I'.repeat(154) + 'ZI';
    const circuit = 'OPENQASM 3.0; include "stdgates.inc"; qubit[156] q; x q[0];';
    const id = await createJob(rt, estimatorJob([[circuit, [z0, x1]]], { backend: 'ibm_fez' }));
    const done = await waitForStatus(rt, id);
    expect(done.state.status).withContext(JSON.stringify(done.state)).toBe('Completed');
    const evs = (await api(rt, 'GET', `/v1/jobs/${id}/results`)).json.results[0].data.evs;
    expect(evs).toEqual([-1, 1]);
  });

  it('fails a non-ISA job with the service reason and code 1517, logging the instruction', async () => {
    const cases = [
      [
        'ibm_fez',
        'OPENQASM 3.0; include "stdgates.inc"; bit[1] c; h $0; c[0] = measure $0;',
        'The instruction h on qubits (0,) is not supported by the target',
      ],
      [
        'ibm_fez',
        'OPENQASM 3.0; include "stdgates.inc"; cz $0, $2;',
        'The instruction cz on qubits (0, 2) is not supported by the target',
      ],
      [
        'ibm_sherbrooke',
        'OPENQASM 3.0; include "stdgates.inc"; ecr $0, $1;',
        'The instruction ecr on qubits (0, 1) is not supported by the target',
      ],
    ] as const;
    for (const [backend, circuit, logLine] of cases) {
      const id = await createJob(rt, samplerJob([[circuit]], { backend }));
      const done = await waitForStatus(rt, id);
      expect(done.state.status).toBe('Failed');
      expect(done.state.reason_code).toBe(1517);
      expect(done.state.reason).toMatch(
        /^Circuits do not match the target definition \(non-ISA circuits\)\. -- \n Transpile your circuits/,
      );
      expect(done.state.reason).toContain('https://ibm.biz/error_codes#1517');
      const logs = (await api(rt, 'GET', `/v1/jobs/${id}/logs`)).text;
      expect(logs).toContain(logLine);
    }
    // The reversed direction is coupled on the Eagle device.
    const ok = await createJob(
      rt,
      samplerJob(
        [['OPENQASM 3.0; include "stdgates.inc"; bit[1] c; ecr $1, $0; c[0] = measure $0;']],
        {
          backend: 'ibm_sherbrooke',
        },
      ),
    );
    expect((await waitForStatus(rt, ok)).state.status).toBe('Completed');
  });

  it('holds the qubits a circuit uses, not the device size, against maxQubits', async () => {
    const uses = (n: number) =>
      `OPENQASM 3.0; include "stdgates.inc"; qubit[156] q; ${Array.from({ length: n }, (_, i) => `x q[${i}];`).join(' ')}`;
    const res = await api(rt, 'POST', '/v1/jobs', {
      body: samplerJob([[uses(27)]], { backend: 'ibm_fez' }),
    });
    expect(res.status).toBe(400);
    expect(res.json.errors[0].message).toBe(
      'params.pubs[0][0]: the circuit acts on 27 qubits, more than the limit of 26 the local simulator runs',
    );
    const wider = await api(rt, 'POST', '/v1/jobs', {
      body: samplerJob([['OPENQASM 3.0; qubit[157] q;']], { backend: 'ibm_fez' }),
    });
    expect(wider.json.errors[0].message).toBe(
      "params.pubs[0][0]: the circuit declares 157 qubits, more than the backend's 156",
    );
  });

  it('refuses an unknown device with a ConfigError', async () => {
    await expectAsync(
      startLocalRuntime({ port: 0, backends: [{ name: 'x', device: 'ibm_nowhere' }] }),
    ).toBeRejectedWithError(ConfigError, /backends\[0\]: unknown device "ibm_nowhere"/);
  });
});
