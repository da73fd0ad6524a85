import { decodeResultOrThrow } from '../../../src/codecs/results.js';
import { isEstimatorPubResult, isSamplerPubResult } from '../../../src/codecs/result-model.js';
import { startLocalRuntime, type LocalRuntime } from '../../../src/local/index.js';
import {
  api,
  BELL,
  BELL_NO_MEASURE,
  createJob,
  estimatorJob,
  samplerJob,
  waitForStatus,
  withinBinomial,
} from './support.js';

const GHZ5 =
  'OPENQASM 3.0; include "stdgates.inc"; qubit[5] q; bit[5] c; h q[0]; cx q[0], q[1]; cx q[1], q[2]; cx q[2], q[3]; cx q[3], q[4]; c = measure q;';

async function runToResult(rt: LocalRuntime, body: unknown): Promise<{ id: string; text: string }> {
  const id = await createJob(rt, body);
  const details = await waitForStatus(rt, id);
  expect(details.state.status).withContext(JSON.stringify(details.state)).toBe('Completed');
  const res = await api(rt, 'GET', `/v1/jobs/${id}/results`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('application/json');
  return { id, text: res.text };
}

describe('local runtime programs', () => {
  let rt: LocalRuntime;
  beforeEach(async () => {
    rt = await startLocalRuntime({ port: 0, seed: 2024 });
  });
  afterEach(async () => rt.close());

  it('samples a Bell circuit: only 00 and 11, each near half of 4096 shots (plain JSON)', async () => {
    const { text } = await runToResult(rt, samplerJob([[BELL, null, 4096]]));
    const body = JSON.parse(text);
    expect(body.results[0].data.meas.num_bits).toBe(2);
    expect(body.results[0].data.meas.samples.length).toBe(4096);
    expect(body.metadata.version).toBe(2);
    expect(body.metadata.execution.execution_spans.length).toBe(1);
    const result = decodeResultOrThrow(text);
    const pub = result[0]!;
    expect(isSamplerPubResult(pub)).toBe(true);
    if (!isSamplerPubResult(pub)) return;
    const counts = pub.data['meas']!.getCounts();
    expect(Object.keys(counts).sort()).toEqual(['00', '11']);
    expect(counts['00']! + counts['11']!).toBe(4096);
    expect(withinBinomial(counts['00']!, 4096, 0.5))
      .withContext(JSON.stringify(counts))
      .toBe(true);
  });

  it('uses 4096 shots when neither the PUB nor default_shots names them, and default_shots otherwise', async () => {
    const plain = decodeResultOrThrow((await runToResult(rt, samplerJob([[BELL]]))).text);
    expect(isSamplerPubResult(plain[0]!) && plain[0].data['meas']!.numShots).toBe(4096);
    const opts = decodeResultOrThrow(
      (await runToResult(rt, samplerJob([[BELL]], {}, { options: { default_shots: 100 } }))).text,
    );
    expect(isSamplerPubResult(opts[0]!) && opts[0].data['meas']!.numShots).toBe(100);
  });

  it('samples a GHZ-5 circuit: only 00000 and 11111', async () => {
    const result = decodeResultOrThrow(
      (await runToResult(rt, samplerJob([[GHZ5, null, 2000]]))).text,
    );
    const pub = result[0]!;
    if (!isSamplerPubResult(pub)) throw new Error('expected a sampler result');
    const counts = pub.data['c']!.getCounts();
    expect(Object.keys(counts).sort()).toEqual(['00000', '11111']);
    expect(withinBinomial(counts['11111']!, 2000, 0.5)).toBe(true);
  });

  it('estimates <ZZ> = 1, <XX> = 1, <ZI> = 0 on a Bell state', async () => {
    const body = estimatorJob([[BELL_NO_MEASURE, ['ZZ', 'XX', 'ZI', { YY: 2, II: 0.5 }]]]);
    const result = decodeResultOrThrow((await runToResult(rt, body)).text);
    const pub = result[0]!;
    if (!isEstimatorPubResult(pub)) throw new Error('expected an estimator result');
    expect(pub.data.evs.shape).toEqual([4]);
    const evs = [0, 1, 2, 3].map((i) => pub.data.evs.get(i) as number);
    expect(evs[0]).toBeCloseTo(1, 9);
    expect(evs[1]).toBeCloseTo(1, 9);
    expect(evs[2]).toBeCloseTo(0, 9);
    expect(evs[3]).toBeCloseTo(-2 + 0.5, 9);
    expect(pub.data.stds.get(0)).toBe(0.015625);
  });

  it('estimates <Z> = cos(theta) for ry(theta) over a parameter sweep', async () => {
    const circuit =
      'OPENQASM 3.0; include "stdgates.inc"; input float theta; qubit[1] q; ry(theta) q[0];';
    const thetas = [0, 0.3, Math.PI / 3, Math.PI / 2, 2, Math.PI];
    const body = estimatorJob([[circuit, 'Z', thetas.map((t) => [t]), 0.01]]);
    const result = decodeResultOrThrow((await runToResult(rt, body)).text);
    const pub = result[0]!;
    if (!isEstimatorPubResult(pub)) throw new Error('expected an estimator result');
    expect(pub.data.evs.shape).toEqual([thetas.length]);
    thetas.forEach((t, i) => expect(pub.data.evs.get(i) as number).toBeCloseTo(Math.cos(t), 9));
    expect(pub.data.stds.get(0)).toBe(0.01);
  });

  it('answers in the RuntimeEncoder form when params.support_qiskit is set, decodable by the result codec', async () => {
    const { text } = await runToResult(
      rt,
      samplerJob([[BELL, null, 64]], {}, { support_qiskit: true }),
    );
    const body = JSON.parse(text);
    expect(body.__type__).toBe('PrimitiveResult');
    expect(body.__value__.pub_results[0].__type__).toBe('SamplerPubResult');
    expect(body.__value__.pub_results[0].__value__.data.__value__.fields.meas.__type__).toBe(
      'BitArray',
    );
    const result = decodeResultOrThrow(text);
    const pub = result[0]!;
    if (!isSamplerPubResult(pub)) throw new Error('expected a sampler result');
    const counts = pub.data['meas']!.getCounts();
    expect(Object.keys(counts).every((k) => k === '00' || k === '11')).toBe(true);
    expect(result.executionSpans.length).toBe(1);

    const est = await runToResult(
      rt,
      estimatorJob([[BELL_NO_MEASURE, 'ZZ']], {}, { support_qiskit: true }),
    );
    const estResult = decodeResultOrThrow(est.text);
    const estPub = estResult[0]!;
    if (!isEstimatorPubResult(estPub)) throw new Error('expected an estimator result');
    expect(estPub.data.evs.get() as number).toBeCloseTo(1, 9);
  });

  it('gives the same samples for the same runtime seed and option seed_simulator', async () => {
    const samples = async (
      r: LocalRuntime,
      params: Record<string, unknown> = {},
    ): Promise<string> =>
      JSON.stringify(
        JSON.parse((await runToResult(r, samplerJob([[BELL, null, 50]], {}, params))).text).results,
      );
    const other = await startLocalRuntime({ port: 0, seed: 2024 });
    try {
      expect(await samples(rt)).toBe(await samples(other));
      const seeded = { options: { simulator: { seed_simulator: 99 } } };
      expect(await samples(rt, seeded)).toBe(await samples(other, seeded));
    } finally {
      await other.close();
    }
  });

  it('publishes an interim result after each PUB and keeps the latest at /interim_results', async () => {
    const { id } = await runToResult(
      rt,
      samplerJob([
        [BELL, null, 10],
        [GHZ5, null, 10],
        [BELL, null, 10],
      ]),
    );
    expect(rt.jobRecord(id)!.interimCount).toBe(3);
    const interim = await api(rt, 'GET', `/v1/jobs/${id}/interim_results`);
    expect(interim.status).toBe(200);
    expect(decodeResultOrThrow(interim.text).length).toBe(3);
    const none = await createJob(rt, samplerJob([[BELL, null, 10]]));
    const early = await api(rt, 'GET', `/v1/jobs/${none}/interim_results`);
    expect(early.status).toBe(200);
  });

  it('writes log lines about what ran: parse, PUBs, shots, timings', async () => {
    const { id } = await runToResult(
      rt,
      samplerJob([
        [BELL, null, 123],
        [GHZ5, null, 7],
      ]),
    );
    const logs = await api(rt, 'GET', `/v1/jobs/${id}/logs`);
    expect(logs.status).toBe(200);
    const text = logs.text;
    expect(text).toContain('job created: sampler with 2 PUB(s)');
    expect(text).toContain('pub 0: 2 qubits, 4 instructions, 1 parameter set(s), 123 shots');
    expect(text).toContain('pub 1: 5 qubits');
    expect(text).toContain('pub 0: sampling 123 shots');
    expect(text).toMatch(/pub 1: done in \d+ ms/);
    expect(text).toMatch(/completed in \d+\.\d{3} s/);
    for (const line of text.trim().split('\n'))
      expect(line).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z (INFO|WARNING|ERROR|DEBUG) /);
  });

  it('reports metrics: timestamps and final usage', async () => {
    const { id } = await runToResult(rt, samplerJob([[BELL, null, 100]]));
    const m = (await api(rt, 'GET', `/v1/jobs/${id}/metrics`)).json;
    const created = Date.parse(m.timestamps.created);
    const running = Date.parse(m.timestamps.running);
    const finished = Date.parse(m.timestamps.finished);
    expect(created).toBeLessThanOrEqual(running);
    expect(running).toBeLessThanOrEqual(finished);
    expect(m.usage.status).toBe('final');
    // Whole seconds, the simulation time rounded up.
    expect(m.usage.quantum_seconds).toBe(Math.max(1, Math.ceil((finished - running) / 1000)));
    expect(m.num_qubits).toEqual([2]);
    expect(m.position_in_queue).toBeUndefined();
  });

  it('fails a job whose simulation fails, with reason, reason_code and the error text as result', async () => {
    await rt.close();
    rt = await startLocalRuntime({ port: 0 });
    // An angle that the parameter values make infinite is refused by the simulator at run time.
    const circuit =
      'OPENQASM 3.0; include "stdgates.inc"; input float t; qubit[1] q; rz(1 / t) q[0];';
    const id = await createJob(rt, estimatorJob([[circuit, 'Z', [0]]]));
    const done = await waitForStatus(rt, id);
    expect(done.state.status).toBe('Failed');
    expect(done.status).toBe('Failed');
    expect(done.state.reason_code).toBe(5204);
    expect(typeof done.state.reason).toBe('string');
    const res = await api(rt, 'GET', `/v1/jobs/${id}/results`);
    expect(res.status).toBe(200);
    expect(res.text).toContain(`Job ${id} failed:`);
  });
});
