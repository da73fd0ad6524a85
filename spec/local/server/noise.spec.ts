// The optional device noise model, checked statistically with fixed seeds against the
// calibration of ibm_fez (Qiskit/qiskit-ibm-runtime fake_provider/backends/fez/props_fez.json):
// depolarizing errors after gates, as Qiskit Aer's NoiseModel.from_backend derives them from
// gate errors (without relaxation), and readout flips from prob_meas1_prep0/prob_meas0_prep1.
import { startLocalRuntime, type LocalRuntime } from '../../../src/local/index.js';
import {
  depolarizingPauliProbability,
  type NoiseModel,
} from '../../../src/local/backends/index.js';
import { drawTrajectory } from '../../../src/local/server/noise-trajectories.js';
import { createPrng } from '../../../src/local/server/prng.js';
import type { Circuit } from '../../../src/circuits/model.js';
import {
  api,
  createJob,
  estimatorJob,
  samplerJob,
  waitForStatus,
  withinBinomial,
} from './support.js';

/** ibm_fez calibration (props_fez.json, 2025-02-26). */
const Q75 = { xError: 0.0024882718330712763, p01: 0.00244140625, p10: 0.00537109375 };
const Q113 = { xError: 0.0002981571860899798, p01: 0.10400390625, p10: 0.10791015625 };

function measureCircuit(qubit: number, xs: number): string {
  return `OPENQASM 3.0; include "stdgates.inc"; bit[1] c; ${Array.from({ length: xs }, () => `x $${qubit};`).join(' ')} c[0] = measure $${qubit};`;
}

async function ones(
  rt: LocalRuntime,
  circuit: string,
  shots: number,
  params: Record<string, unknown> = {},
) {
  const id = await createJob(
    rt,
    samplerJob([[circuit, null, shots]], { backend: 'ibm_fez' }, params),
  );
  const done = await waitForStatus(rt, id, undefined, 60_000);
  expect(done.state.status).withContext(JSON.stringify(done.state)).toBe('Completed');
  const samples: string[] = (await api(rt, 'GET', `/v1/jobs/${id}/results`)).json.results[0].data.c
    .samples;
  return { id, ones: samples.filter((s) => s === '0x1').length, samples };
}

const noisy = { options: { experimental: { local_noise: true } } };

describe('local runtime: device noise model', () => {
  let rt: LocalRuntime;
  afterEach(async () => rt?.close());

  it('turns a gate error into the depolarizing Pauli probability of Aer', () => {
    expect(depolarizingPauliProbability(0.01, 1)).toBeCloseTo(0.015, 15);
    expect(depolarizingPauliProbability(0.01, 2)).toBeCloseTo(0.0125, 15);
    expect(depolarizingPauliProbability(0, 1)).toBe(0);
    expect(depolarizingPauliProbability(0.9, 1)).toBe(1);
  });

  it('inserts uniform non-identity Paulis after noisy gates, as often as the model says', () => {
    const model: NoiseModel = {
      device: 'test',
      calibrated: 'now',
      pauliErrorProbability: (name, qubits) =>
        name === 'cz' ? 0.3 : name === 'x' && qubits[0] === 0 ? 1 : 0,
      readoutZeroToOne: () => 0,
      readoutOneToZero: () => 0,
    };
    const circuit: Circuit = {
      numQubits: 2,
      numClbits: 0,
      qregs: [],
      cregs: [],
      parameters: [],
      globalPhase: 0,
      vars: [],
      gates: [],
      instructions: [
        { kind: 'gate', name: 'x', qubits: [0], params: [] },
        { kind: 'gate', name: 'cz', qubits: [0, 1], params: [] },
        { kind: 'gate', name: 'rz', qubits: [1], params: [0.5] },
      ],
    };
    const prng = createPrng(3);
    const after = { x: 0, y: 0, z: 0 };
    let czErrors = 0;
    const n = 6000;
    for (let i = 0; i < n; i++) {
      const t = drawTrajectory(circuit, model, prng);
      const ins = t.circuit.instructions;
      expect(ins[0]).toEqual(circuit.instructions[0]!);
      const pauli = ins[1]!;
      if (pauli.kind !== 'gate') throw new Error('expected a Pauli gate');
      after[pauli.name as 'x' | 'y' | 'z']++;
      expect(pauli.qubits).toEqual([0]);
      if (t.key.includes('1:')) czErrors++;
      expect(ins[ins.length - 1]).toEqual(circuit.instructions[2]!);
    }
    for (const k of ['x', 'y', 'z'] as const)
      expect(withinBinomial(after[k], n, 1 / 3))
        .withContext(JSON.stringify(after))
        .toBe(true);
    expect(withinBinomial(czErrors, n, 0.3))
      .withContext(String(czErrors))
      .toBe(true);
  });

  it('is off by default: device jobs are exact unless they ask for noise', async () => {
    rt = await startLocalRuntime({ port: 0, seed: 1, backends: ['ibm_fez'] });
    const exact = await ones(rt, measureCircuit(113, 1), 2000);
    expect(exact.ones).toBe(2000);
    const off = await ones(rt, measureCircuit(113, 1), 2000, {
      options: { experimental: { local_noise: false } },
    });
    expect(off.ones).toBe(2000);
  });

  it('flips readouts with the qubit calibration (qubit 113 of ibm_fez)', async () => {
    rt = await startLocalRuntime({ port: 0, seed: 2, backends: ['ibm_fez'] });
    const shots = 8000;
    const zero = await ones(rt, measureCircuit(113, 0), shots, noisy);
    expect(withinBinomial(zero.ones, shots, Q113.p01))
      .withContext(String(zero.ones))
      .toBe(true);
    const one = await ones(rt, measureCircuit(113, 1), shots, noisy);
    const pZero = Q113.xError * (1 - Q113.p01) + (1 - Q113.xError) * Q113.p10;
    expect(withinBinomial(shots - one.ones, shots, pZero))
      .withContext(String(one.ones))
      .toBe(true);
    const logs = (await api(rt, 'GET', `/v1/jobs/${one.id}/logs`)).text;
    expect(logs).toContain(
      'noise: depolarizing gate errors and readout errors of ibm_fez (calibration of 2025-02-26T15:16:25-05:00)',
    );
  });

  it('accumulates gate errors: 200 x gates on qubit 75 end flipped with the predicted probability', async () => {
    rt = await startLocalRuntime({ port: 0, seed: 3, backends: ['ibm_fez'], noise: true });
    const shots = 4000;
    const { ones: n } = await ones(rt, measureCircuit(75, 200), shots);
    // Each x is followed by X or Y (a flip) with probability 1.5·r·2/3 = r.
    const flipped = (1 - (1 - 2 * Q75.xError) ** 200) / 2;
    const p1 = flipped * (1 - Q75.p10) + (1 - flipped) * Q75.p01;
    // Shots are shared by at most 1024 trajectories: the spread is that of 1024 draws.
    const sigma = Math.sqrt((p1 * (1 - p1)) / 1024) * shots;
    expect(Math.abs(n - p1 * shots))
      .withContext(`${n} vs ${p1 * shots}`)
      .toBeLessThan(5 * sigma);
    expect(n).toBeGreaterThan(0.2 * shots);
  });

  it('averages estimator trajectories: <Z> after 200 x gates on qubit 75', async () => {
    rt = await startLocalRuntime({ port: 0, seed: 4, backends: ['ibm_fez'] });
    const circuit = `OPENQASM 3.0; include "stdgates.inc"; ${Array.from({ length: 200 }, () => 'x $75;').join(' ')}`;
    const observable = 'Z' + 'I'.repeat(75); // 76 qubits: $0 … $75
    const body = estimatorJob([[circuit, observable]], { backend: 'ibm_fez' }, noisy);
    const id = await createJob(rt, body);
    expect((await waitForStatus(rt, id, undefined, 60_000)).state.status).toBe('Completed');
    const ev = (await api(rt, 'GET', `/v1/jobs/${id}/results`)).json.results[0].data.evs as number;
    const expected = (1 - 2 * Q75.xError) ** 200;
    const sigma = Math.sqrt((1 - expected ** 2) / 256);
    expect(Math.abs(ev - expected))
      .withContext(`${ev} vs ${expected}`)
      .toBeLessThan(5 * sigma);
    expect(ev).toBeLessThan(0.9);
  });

  it('repeats noisy samples for a seed, and refuses a local_noise that is not a boolean', async () => {
    rt = await startLocalRuntime({ port: 0, seed: 5, backends: ['ibm_fez'] });
    const seeded = {
      options: { experimental: { local_noise: true }, simulator: { seed_simulator: 42 } },
    };
    const a = await ones(rt, measureCircuit(113, 1), 300, seeded);
    const b = await ones(rt, measureCircuit(113, 1), 300, seeded);
    expect(a.samples).toEqual(b.samples);
    const bad = await api(rt, 'POST', '/v1/jobs', {
      body: samplerJob(
        [[measureCircuit(113, 1)]],
        { backend: 'ibm_fez' },
        { options: { experimental: { local_noise: 'yes' } } },
      ),
    });
    expect(bad.status).toBe(400);
    expect(bad.json.errors[0].message).toBe(
      'params.options.experimental.local_noise: expected true or false, got "yes"',
    );
  });
});
