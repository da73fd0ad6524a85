/**
 * Sampler and Estimator against the real local runtime, starting with the "Run a job" guide's
 * Bell example written line for line in TypeScript.
 */
import { firstValueFrom } from 'rxjs';
import { ConfigError, DecodeError } from '../../src/codecs/errors.js';
import { Estimator, Sampler } from '../../src/service/index.js';
import { BELL, BELL_QASM2, useLocalRuntime } from './support.js';

describe('Sampler and Estimator', () => {
  const h = useLocalRuntime();

  it('runs the "Run a job" Bell example line for line', async () => {
    const service = h().service;
    const bell = BELL;

    // Execute the Bell circuit
    const backend = await service.backend('ibmq_qasm_simulator');
    const sampler = new Sampler({ backend });
    const job = await sampler.run([[bell]]);
    const result = await job.result();

    const pubResult = result[0];
    // Get counts from the classical register "meas".
    const counts = pubResult.data.meas.getCounts();
    const printed = ` >> Counts for the meas output register: ${JSON.stringify(counts)}`;

    expect(Object.keys(counts).sort()).toEqual(['00', '11']);
    expect(counts['00']! + counts['11']!).toBe(4096);
    expect(printed).toMatch(
      /^ >> Counts for the meas output register: \{"(00|11)":\d+,"(00|11)":\d+\}$/,
    );
    expect(await job.status()).toBe('DONE');
    expect(`Job ${job.jobId()} status: ${await job.status()}`).toMatch(
      /^Job [a-z0-9]{20} status: DONE$/,
    );
  });

  it('accepts OpenQASM 2 circuits, left-out pub places and bare circuit strings as pubs', async () => {
    const sampler = new Sampler({ backend: await h().service.backend('local_simulator') });
    const job = await sampler.run([[BELL_QASM2, undefined, 100], BELL]);
    const result = await job.result();
    expect(result.length).toBe(2);
    expect(Object.keys(result[0].data.meas.getCounts()).sort()).toEqual(['00', '11']);
    expect(result[1].data.meas.numShots).toBe(4096);
  });

  it('run(pubs, { shots }) sets the shots of pubs that name none', async () => {
    const sampler = new Sampler({ backend: await h().service.backend('ibmq_qasm_simulator') });
    const job = await sampler.run([[BELL], [BELL, null, 50]], { shots: 100 });
    const result = await job.result();
    expect(result[0].data.meas.numShots).toBe(100);
    expect(result[1].data.meas.numShots).toBe(50);
  });

  it('options: defaultShots, seed (repeatable counts), jobTags, maxExecutionTime', async () => {
    const { service, runtime } = h();
    const sampler = new Sampler({
      backend: 'ibmq_qasm_simulator',
      service,
      options: { defaultShots: 300, seed: 11, jobTags: ['seeded'], maxExecutionTime: 120 },
    });
    const first = await sampler.run([[BELL]]);
    const second = await sampler.run([[BELL]]);
    const [a, b] = await Promise.all([first.result(), second.result()]);
    expect(a[0].data.meas.numShots).toBe(300);
    expect(a[0].data.meas.getCounts()).toEqual(b[0].data.meas.getCounts());
    expect(runtime.jobRecord(first.jobId())!.tags).toEqual(['seeded']);
    expect(runtime.jobRecord(first.jobId())!.cost).toBe(120);
    sampler.options.defaultShots = 10;
    expect((await (await sampler.run([[BELL]])).result())[0].data.meas.numShots).toBe(10);
  });

  it('supportQiskit asks for RuntimeEncoder results, decoded the same way', async () => {
    const sampler = new Sampler({
      backend: await h().service.backend('ibmq_qasm_simulator'),
      options: { supportQiskit: true },
    });
    const result = await (await sampler.run([[BELL, null, 64]])).result();
    expect(Object.keys(result[0].data.meas.getCounts()).sort()).toEqual(['00', '11']);
  });

  it('a malformed pub is a DecodeError naming it, and nothing is sent', async () => {
    const { service, runtime } = h();
    const sampler = new Sampler({ backend: await service.backend('ibmq_qasm_simulator') });
    const error = await sampler.run([[BELL, null, 0]]).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DecodeError);
    expect((error as DecodeError).path).toBe('params.pubs[0][2]');
    await expectAsync(sampler.run([] as never)).toBeRejectedWithError(DecodeError, /at least one/);
    expect(runtime.requestCount({ route: 'jobs.create' })).toBe(0);
  });

  it('needs a service: a backend name alone is a ConfigError', () => {
    expect(() => new Sampler({ backend: 'ibmq_qasm_simulator' })).toThrowError(
      ConfigError,
      /needs a service/,
    );
    expect(() => new Sampler({ mode: {} as never })).toThrowError(ConfigError, /mode/);
  });

  it('run$() submits only when subscribed', async () => {
    const { service, runtime } = h();
    const sampler = new Sampler({ backend: await service.backend('ibmq_qasm_simulator') });
    const job$ = sampler.run$([[BELL, null, 16]]);
    expect(runtime.requestCount({ route: 'jobs.create' })).toBe(0);
    const job = await firstValueFrom(job$);
    expect(runtime.requestCount({ route: 'jobs.create' })).toBe(1);
    await job.result();
  });

  it('Estimator estimates Pauli observables of the Bell state', async () => {
    const estimator = new Estimator({
      backend: await h().service.backend('ibmq_qasm_simulator'),
      options: { defaultPrecision: 0.01, seed: 3 },
    });
    const bellNoMeasure = `OPENQASM 3.0;
include "stdgates.inc";
qubit[2] q;
h q[0];
cx q[0], q[1];`;
    const job = await estimator.run([[bellNoMeasure, ['ZZ', 'XX', 'ZI']]]);
    const result = await job.result();
    const evs = result[0].data.evs.toArray() as number[];
    expect(evs.length).toBe(3);
    expect(evs[0]).toBeCloseTo(1, 1);
    expect(evs[1]).toBeCloseTo(1, 1);
    expect(Math.abs(evs[2]!)).toBeLessThan(0.1);
  });

  it('Estimator pubs are checked: a Pauli string of the wrong letters is a DecodeError', async () => {
    const estimator = new Estimator({ backend: await h().service.backend('ibmq_qasm_simulator') });
    await expectAsync(estimator.run([[BELL, 'ZQ']])).toBeRejectedWithError(DecodeError, /Pauli/);
    await expectAsync(estimator.run([[BELL, 'ZZ']], { precision: -1 })).toBeRejectedWithError(
      ConfigError,
      /precision/,
    );
  });
});
