// The params forms IBM's clients send, over real sockets: job-level `shots` and `precision`
// (Qiskit/qiskit-ibm-runtime-c crates/ibm-quantum-platform-api/docs/SamplerV2Input.md and
// EstimatorV2Input.md), bare circuits as pubs (crates/client/src/generate_job_params.rs), and
// the RuntimeEncoder values of Qiskit/qiskit-ibm-runtime qiskit_ibm_runtime/json.py.
import { encodeBase64 } from '../../../src/codecs/base64.js';
import { NdArray } from '../../../src/codecs/nd-array.js';
import { writeNpy } from '../../../src/codecs/npy.js';
import { decodeResultOrThrow } from '../../../src/codecs/results.js';
import { isEstimatorPubResult, isSamplerPubResult } from '../../../src/codecs/result-model.js';
import { deflate } from '../../../src/codecs/zlib.js';
import { startLocalRuntime, type LocalRuntime } from '../../../src/local/index.js';
import { zlibBomb } from '../../codecs/zlib-bomb.js';
import {
  api,
  BELL,
  BELL_NO_MEASURE,
  createJob,
  estimatorJob,
  samplerJob,
  waitForStatus,
} from './support.js';

const RY =
  'OPENQASM 3.0; include "stdgates.inc"; input float[64] theta; qubit[1] q; bit[1] c; ry(theta) q[0]; c[0] = measure q[0];';
const RY_NO_MEASURE =
  'OPENQASM 3.0; include "stdgates.inc"; input float[64] theta; qubit[1] q; ry(theta) q[0];';

function ndarray(values: number[], shape: number[]): { __type__: string; __value__: string } {
  return {
    __type__: 'ndarray',
    __value__: encodeBase64(deflate(writeNpy(NdArray.float64(values, shape)))),
  };
}

async function result(rt: LocalRuntime, body: unknown) {
  const id = await createJob(rt, body);
  const details = await waitForStatus(rt, id);
  expect(details.state.status).withContext(JSON.stringify(details.state)).toBe('Completed');
  const res = await api(rt, 'GET', `/v1/jobs/${id}/results`);
  return decodeResultOrThrow(res.text);
}

function shotsOf(r: Awaited<ReturnType<typeof result>>, pub: number, reg: string): number {
  const p = r[pub]!;
  if (!isSamplerPubResult(p)) throw new Error('expected a sampler result');
  return p.data[reg]!.numShots;
}

describe('local runtime: params as the official clients send them', () => {
  let rt: LocalRuntime;
  beforeEach(async () => {
    rt = await startLocalRuntime({ port: 0, seed: 7 });
  });
  afterEach(async () => rt.close());

  it('applies params.shots to every PUB without its own, over options.default_shots', async () => {
    const r = await result(
      rt,
      samplerJob([[BELL], [BELL, null, 30]], {}, { shots: 100, options: { default_shots: 50 } }),
    );
    expect(shotsOf(r, 0, 'meas')).toBe(100);
    expect(shotsOf(r, 1, 'meas')).toBe(30);
    const opts = await result(rt, samplerJob([[BELL]], {}, { options: { default_shots: 50 } }));
    expect(shotsOf(opts, 0, 'meas')).toBe(50);
  });

  it('takes a bare circuit as a PUB and params without version, as the C client sends them', async () => {
    const r = await result(rt, {
      program_id: 'sampler',
      backend: 'local_simulator',
      params: { pubs: [BELL], shots: 64 },
      version: 2,
    });
    expect(shotsOf(r, 0, 'meas')).toBe(64);
  });

  it('binds parameter values sent as an encoded ndarray, and takes (0,) arrays for circuits without parameters', async () => {
    const r = await result(
      rt,
      samplerJob(
        [
          [RY, ndarray([0, Math.PI], [2, 1]), 200],
          [BELL, ndarray([], [0]), 10],
        ],
        {},
        { support_qiskit: true },
      ),
    );
    const p = r[0]!;
    if (!isSamplerPubResult(p)) throw new Error('expected a sampler result');
    const bits = p.data['c']!;
    expect(bits.shape).toEqual([2]);
    expect(shotsOf(r, 1, 'meas')).toBe(10);
    const counts = bits.getCounts();
    expect(counts['0']).toBe(200);
    expect(counts['1']).toBe(200);
  });

  it('reads observables as encoded object arrays, SparsePauliOp settings and ObservablesArray', async () => {
    const sparse = {
      __type__: 'settings',
      __module__: 'qiskit.quantum_info.operators.symplectic.sparse_pauli_op',
      __class__: 'SparsePauliOp',
      __value__: {
        data: {
          __type__: 'settings',
          __module__: 'qiskit.quantum_info.operators.symplectic.pauli_list',
          __class__: 'PauliList',
          __value__: { data: ['ZZ', 'XX'] },
        },
        coeffs: {
          __type__: 'ndarray',
          __value__: encodeBase64(
            deflate(writeNpy(new NdArray('complex128', [2], Float64Array.of(0.5, 0, 0.25, 0)))),
          ),
        },
      },
    };
    const r = await result(
      rt,
      estimatorJob([
        [BELL_NO_MEASURE, { __type__: 'ndarray', __value__: [{ ZZ: 1 }, { ZI: 1 }] }],
        [BELL_NO_MEASURE, sparse],
        [BELL_NO_MEASURE, { __type__: 'ObservablesArray', __value__: [{ XX: 2 }] }],
      ]),
    );
    const evs = r.map((p) => {
      if (!isEstimatorPubResult(p)) throw new Error('expected an estimator result');
      return p.data.evs.toNested();
    });
    expect((evs[0] as number[])[0]).toBeCloseTo(1, 9);
    expect((evs[0] as number[])[1]).toBeCloseTo(0, 9);
    expect(evs[1] as number).toBeCloseTo(0.75, 9);
    expect((evs[2] as number[])[0]).toBeCloseTo(2, 9);
  });

  it('applies params.precision, then options.default_shots, then default_precision', async () => {
    const stdsOf = async (
      params: Record<string, unknown>,
      pub: unknown[] = [RY_NO_MEASURE, 'Z', [0.5]],
    ) => {
      const r = await result(rt, estimatorJob([pub], {}, params));
      const p = r[0]!;
      if (!isEstimatorPubResult(p)) throw new Error('expected an estimator result');
      return p.data.stds.toNested() as number;
    };
    expect(await stdsOf({ precision: 0.1, options: { default_precision: 0.2 } })).toBe(0.1);
    expect(await stdsOf({ options: { default_shots: 400, default_precision: 0.2 } })).toBe(0.05);
    expect(await stdsOf({ options: { default_precision: 0.2 } })).toBe(0.2);
    expect(await stdsOf({ precision: 0.1 }, [RY_NO_MEASURE, 'Z', [0.5], 0.3])).toBe(0.3);
  });

  it('repeats the samples of a job with the same options.simulator.seed_simulator', async () => {
    const body = samplerJob(
      [[BELL, null, 50]],
      {},
      { options: { simulator: { seed_simulator: 99 } } },
    );
    const texts: string[] = [];
    for (let i = 0; i < 2; i++) {
      const id = await createJob(rt, body);
      await waitForStatus(rt, id);
      texts.push(
        (await api(rt, 'GET', `/v1/jobs/${id}/results`)).json.results[0].data.meas.samples.join(),
      );
    }
    expect(texts[0]).toBe(texts[1]!);
  });

  it('refuses unknown encoded types, complex coefficients and zlib bombs with 400s naming them', async () => {
    const cases: [unknown, string][] = [
      [
        samplerJob([[BELL, { __type__: 'FancyArray', __value__: [] }]]),
        'params.pubs[0][1]: unknown encoded type "FancyArray"',
      ],
      [
        estimatorJob([[BELL_NO_MEASURE, { ZZ: { __type__: 'complex', __value__: [0, 1] } }]]),
        'params.pubs[0][1].ZZ: the coefficient of "ZZ" is (0+1j)',
      ],
      [
        samplerJob([[{ __type__: 'QuantumCircuit', __value__: encodeBase64(zlibBomb(400_000)) }]]),
        'params.pubs[0][0].__value__: zlib data inflates to more than the limit of 67108864 bytes',
      ],
      [
        samplerJob([[BELL, { __type__: 'ndarray', __value__: 'not base64!' }]]),
        'params.pubs[0][1].__value__: truncated base64',
      ],
    ];
    for (const [body, message] of cases) {
      const res = await api(rt, 'POST', '/v1/jobs', { body });
      expect(res.status).withContext(message).toBe(400);
      expect(res.json.errors[0].message).toContain(message);
    }
    // The runtime still runs jobs after refusing those.
    expect(shotsOf(await result(rt, samplerJob([[BELL, null, 5]])), 0, 'meas')).toBe(5);
  });
});
