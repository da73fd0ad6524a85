// Jobs whose circuits are QPY written by Qiskit (spec/fixtures/qpy/README.md names each file's
// source), sent in the RuntimeEncoder envelope of Qiskit/qiskit-ibm-runtime
// qiskit_ibm_runtime/json.py (`{"__type__": "QuantumCircuit", "__value__": base64(zlib(qpy))}`),
// run to DONE over real sockets; and bad QPY fuzzed: a 400 naming the problem, never a crash.
import fc from 'fast-check';
import { encodeBase64 } from '../../../src/codecs/base64.js';
import { decodeResultOrThrow } from '../../../src/codecs/results.js';
import { isEstimatorPubResult, isSamplerPubResult } from '../../../src/codecs/result-model.js';
import { startLocalRuntime, type LocalRuntime } from '../../../src/local/index.js';
import { fixtureBytes, fixtureJson } from '../../helpers/fixtures.js';
import { zlibBomb } from '../../codecs/zlib-bomb.js';
import {
  api,
  BELL,
  createJob,
  encodedCircuit,
  samplerJob,
  waitForStatus,
  withinBinomial,
} from './support.js';

const BELL_QPY = fixtureBytes('qpy/qiskit-1.3.1_v13_bell_measured.qpy');

async function completed(rt: LocalRuntime, body: unknown): Promise<string> {
  const id = await createJob(rt, body);
  const details = await waitForStatus(rt, id);
  expect(details.state.status).withContext(JSON.stringify(details.state)).toBe('Completed');
  return (await api(rt, 'GET', `/v1/jobs/${id}/results`)).text;
}

describe('local runtime: jobs of QPY circuits', () => {
  let rt: LocalRuntime;
  beforeEach(async () => {
    rt = await startLocalRuntime({ port: 0, seed: 5 });
  });
  afterEach(async () => rt.close());

  it('samples the QPY 13 Bell circuit of Qiskit 1.3.1: 00 and 11 only, near half each', async () => {
    for (const supportQiskit of [false, true]) {
      const text = await completed(
        rt,
        samplerJob([[encodedCircuit(BELL_QPY), null, 2000]], {}, { support_qiskit: supportQiskit }),
      );
      const pub = decodeResultOrThrow(text)[0]!;
      if (!isSamplerPubResult(pub)) throw new Error('expected a sampler result');
      const counts = pub.data['c']!.getCounts();
      expect(Object.keys(counts).sort()).toEqual(['00', '11']);
      expect(withinBinomial(counts['00']!, 2000, 0.5))
        .withContext(JSON.stringify(counts))
        .toBe(true);
    }
  });

  it('runs the Estimator params qiskit 2.3 wrote (Qiskit/ibm-quantum-schemas) to DONE', async () => {
    const params = fixtureJson('qpy/ibm-quantum-schemas_estimator_params_qiskit-2.3.0_v14.json');
    const text = await completed(rt, {
      program_id: 'estimator',
      backend: 'local_simulator',
      params,
    });
    const result = decodeResultOrThrow(text);
    const [cz, rz] = result;
    if (!isEstimatorPubResult(cz!) || !isEstimatorPubResult(rz!))
      throw new Error('expected estimator results');
    // cz on |00⟩ leaves ⟨ZZ⟩ = 1; rz(p = 3) on |0⟩ leaves ⟨Z⟩ = 1.
    expect(cz.data.evs.shape).toEqual([]);
    expect(cz.data.evs.toNested()).toBeCloseTo(1, 12);
    expect(rz.data.evs.shape).toEqual([1]);
    expect((rz.data.evs.toNested() as number[])[0]).toBeCloseTo(1, 12);
    expect(cz.data.stds.toNested()).toBe(0.015625);
  });

  it('refuses bad QPY with a 400 naming the QPY version, field and byte', async () => {
    const truncated = BELL_QPY.subarray(0, 40);
    const future = Uint8Array.from(BELL_QPY);
    future[6] = 99;
    const cases: [Uint8Array, RegExp][] = [
      [truncated, /^params\.pubs\[0\]\[0\]: QPY version 13, .*field '.*' at byte \d+: /],
      [future, /^params\.pubs\[0\]\[0\]: QPY.*99/],
      [Uint8Array.of(1, 2, 3), /^params\.pubs\[0\]\[0\]: QPY/],
    ];
    for (const [qpy, message] of cases) {
      const res = await api(rt, 'POST', '/v1/jobs', { body: samplerJob([[encodedCircuit(qpy)]]) });
      expect(res.status).toBe(400);
      expect(res.json.errors[0].code).toBe(1002);
      expect(res.json.errors[0].message).withContext(res.json.errors[0].message).toMatch(message);
    }
    const bomb = await api(rt, 'POST', '/v1/jobs', {
      body: samplerJob([
        [{ __type__: 'QuantumCircuit', __value__: encodeBase64(zlibBomb(300_000)) }],
      ]),
    });
    expect(bomb.status).toBe(400);
    expect(bomb.json.errors[0].message).toContain('inflates to more than the limit');
  });

  it('fuzz: mutated and truncated QPY of real files never crashes the runtime, and other jobs run', async () => {
    const files = [
      'qpy/qiskit-1.3.1_v13_bell_measured.qpy',
      'qpy/qiskit-1.4.2_v13_rotations.qpy',
      'qpy/qiskit-1.2.0_v12_custom_dcx.qpy',
      'qpy/qiskit-2.0.0_v14_16_circuits.qpy',
    ].map((f) => fixtureBytes(f));
    const mutation = fc.record({
      file: fc.integer({ min: 0, max: files.length - 1 }),
      flips: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
      cut: fc.option(fc.nat(), { nil: undefined }),
    });
    const statuses = new Map<number, number>();
    const accepted: string[] = [];
    await fc.assert(
      fc.asyncProperty(mutation, async ({ file, flips, cut }) => {
        const bytes = Uint8Array.from(files[file]!);
        for (const [at, value] of flips) bytes[at % bytes.length] = value;
        const qpy = cut === undefined ? bytes : bytes.subarray(0, cut % bytes.length);
        const res = await api(rt, 'POST', '/v1/jobs', {
          body: samplerJob([[encodedCircuit(qpy), null, 8]]),
        });
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status === 200) accepted.push(res.json.id);
        else {
          expect(res.status).toBe(400);
          expect(typeof res.json.errors[0].message).toBe('string');
        }
      }),
      { numRuns: 150, seed: 12 },
    );
    expect(statuses.get(400)).toBeGreaterThan(0);
    for (const id of accepted) {
      const done = await waitForStatus(rt, id);
      expect(['Completed', 'Failed']).toContain(done.state.status);
    }
    const text = await completed(rt, samplerJob([[BELL, null, 10]]));
    expect(JSON.parse(text).results[0].data.meas.samples.length).toBe(10);
  });
});
