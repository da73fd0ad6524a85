/**
 * RuntimeJob against the real local runtime: one spec (or more) per method and attribute of
 * the seeds' RuntimeJob and IBMQJob, including every error they name, raised where they say.
 */
import * as E from 'fp-ts/lib/Either.js';
import { filter, firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import {
  DecodeError,
  IBMApiError,
  IBMRuntimeError,
  NetworkError,
  RuntimeInvalidStateError,
  RuntimeJobFailureError,
  RuntimeJobMaxTimeoutError,
  RuntimeJobNotFoundError,
  RuntimeJobTimeoutError,
} from '../../src/codecs/errors.js';
import { PrimitiveResult } from '../../src/codecs/result-model.js';
import type { SamplerPubResult } from '../../src/codecs/result-model.js';
import { Backend, NotImplementedError, RuntimeJob } from '../../src/service/index.js';
import type { RuntimeService } from '../../src/service/index.js';
import { BELL, FAILS_AT_RUN, samplerInputs, useLocalRuntime } from './support.js';
import { InputCircuit } from '../../src/circuits/job-inputs.js';
import { encodeBase64 } from '../../src/codecs/base64.js';
import { deflate } from '../../src/codecs/zlib.js';
import { fixtureBytes } from '../helpers/fixtures.js';

const BACKEND = 'ibmq_qasm_simulator';

function countsOf(result: PrimitiveResult, pub = 0): Record<string, number> {
  return (result[pub] as SamplerPubResult).data['meas']!.getCounts();
}

function runBell(service: RuntimeService, shots = 256, extra: object = {}) {
  return service.run('sampler', samplerInputs([BELL, null, shots]), { backend: BACKEND, ...extra });
}

function runFailing(service: RuntimeService) {
  return service.run('sampler', samplerInputs([BELL, null, 64], [FAILS_AT_RUN, [1]]), {
    backend: BACKEND,
  });
}

describe('RuntimeJob (jobs that finish at once)', () => {
  const h = useLocalRuntime();

  it('jobId() is the id the service assigned', async () => {
    const job = await runBell(h().service);
    expect(job.jobId()).toMatch(/^[a-z0-9]{20}$/);
    expect(h().runtime.jobIds()).toEqual([job.jobId()]);
  });

  it('result() waits for DONE and decodes the sampler result', async () => {
    const job = await runBell(h().service, 512);
    const result = await job.result();
    const counts = countsOf(result);
    expect(Object.keys(counts).sort()).toEqual(['00', '11']);
    expect(counts['00']! + counts['11']!).toBe(512);
  });

  it('result() is read once and kept: a second call makes no request', async () => {
    const { service, runtime } = h();
    const job = await runBell(service);
    const first = await job.result();
    const reads = runtime.requestCount({ route: 'jobs.results' });
    expect(await job.result()).toBe(first);
    expect(runtime.requestCount({ route: 'jobs.results' })).toBe(reads);
  });

  it('result({ refresh: true }) downloads the result again', async () => {
    const { service, runtime } = h();
    const job = await runBell(service);
    await job.result();
    const reads = runtime.requestCount({ route: 'jobs.results' });
    const again = await job.result({ refresh: true });
    expect(countsOf(again)).toEqual(countsOf(await job.result()));
    expect(runtime.requestCount({ route: 'jobs.results' })).toBe(reads + 1);
  });

  it('result(timeout, decoder) decodes the result text with the given decoder', async () => {
    const job = await runBell(h().service);
    const text = await job.result(30, (t: string) => E.right(`${t.length} characters`));
    expect(text).toMatch(/^\d+ characters$/);
  });

  it('result() fails with RuntimeJobFailureError for a failed job, naming the reason', async () => {
    const job = await runFailing(h().service);
    const error = await job.result().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RuntimeJobFailureError);
    expect((error as RuntimeJobFailureError).jobId).toBe(job.jobId());
    expect((error as RuntimeJobFailureError).reason).toMatch(/non-finite angle/);
  });

  it('result({ partial: true }) of a failed job gives the pubs that completed', async () => {
    const job = await runFailing(h().service);
    const partial = await job.result({ partial: true });
    expect(partial.length).toBe(1);
    expect(Object.keys(countsOf(partial)).sort()).toEqual(['00', '11']);
  });

  it('a failing result decoder fails result() with its DecodeError', async () => {
    const job = await runBell(h().service);
    const bad = (): E.Either<DecodeError, never> =>
      E.left(new DecodeError('results', 'nothing', 1));
    await expectAsync(job.result(undefined, bad)).toBeRejectedWithError(DecodeError);
  });

  it('status() reads the status, and once final answers from the cache', async () => {
    const { service, runtime } = h();
    const job = await runBell(service);
    await job.waitForFinalState();
    expect(await job.status()).toBe('DONE');
    const reads = runtime.requestCount({ route: 'jobs.get' });
    expect(await job.status()).toBe('DONE');
    expect(runtime.requestCount({ route: 'jobs.get' })).toBe(reads);
  });

  it('done(), cancelled(), running() and inFinalState() of a finished job', async () => {
    const job = await runBell(h().service);
    await job.result();
    expect(await job.done()).toBeTrue();
    expect(await job.cancelled()).toBeFalse();
    expect(await job.running()).toBeFalse();
    expect(await job.inFinalState()).toBeTrue();
    expect(await firstValueFrom(job.done$())).toBeTrue();
  });

  it('errorMessage() is undefined for a DONE job and explains a failed one', async () => {
    const { service } = h();
    const good = await runBell(service);
    await good.result();
    expect(await good.errorMessage()).toBeUndefined();
    const bad = await runFailing(service);
    expect(await bad.waitForFinalState()).toBe('ERROR');
    const message = await bad.errorMessage();
    expect(message).toContain(`Job ${bad.jobId()} has failed`);
    expect(message).toMatch(/Error code \d+; .*non-finite angle/);
  });

  it('waitForFinalState() resolves to ERROR for a failed job instead of failing', async () => {
    const job = await runFailing(h().service);
    expect(await job.waitForFinalState()).toBe('ERROR');
    expect(await job.inFinalState()).toBeTrue();
  });

  it('cancel() of a finished job fails with RuntimeInvalidStateError (HTTP 409)', async () => {
    const job = await runBell(h().service);
    await job.result();
    await expectAsync(job.cancel()).toBeRejectedWithError(
      RuntimeInvalidStateError,
      /cannot be cancelled/,
    );
  });

  it('cancel() of a job the service does not know fails with IBMRuntimeError', async () => {
    const job = new RuntimeJob(h().service, { jobId: 'aaaaaaaaaaaaaaaaaaaa' });
    const error = await job.cancel().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(IBMRuntimeError);
    expect((error as Error).message).toMatch(/^Failed to cancel job: /);
    expect((error as IBMRuntimeError).cause).toBeInstanceOf(IBMApiError);
  });

  it('status() of an unknown job fails with RuntimeJobNotFoundError', async () => {
    const job = new RuntimeJob(h().service, { jobId: 'bbbbbbbbbbbbbbbbbbbb' });
    await expectAsync(job.status()).toBeRejectedWithError(RuntimeJobNotFoundError);
  });

  it('interimResults() gives the latest interim result; a failed job fails with RuntimeJobFailureError', async () => {
    const { service } = h();
    const job = await service.run('sampler', samplerInputs([BELL, null, 64], [BELL, null, 32]), {
      backend: BACKEND,
    });
    await job.result();
    const interim = (await job.interimResults()) as PrimitiveResult;
    expect(interim.length).toBe(2);
    const bad = await runFailing(service);
    await bad.waitForFinalState();
    await expectAsync(bad.interimResults()).toBeRejectedWithError(RuntimeJobFailureError);
  });

  it('streamResults() refuses a job already finished', async () => {
    const job = await runBell(h().service);
    await job.result();
    expect(() => job.streamResults(() => undefined)).toThrowError(
      RuntimeInvalidStateError,
      'Job already finished.',
    );
  });

  it('logs() returns the job log; metrics() its timestamps and usage', async () => {
    const job = await runBell(h().service);
    await job.result();
    expect(await job.logs()).toContain('job created');
    const metrics = await job.metrics();
    expect(metrics.timestamps?.created).toBeDefined();
    expect(metrics.timestamps?.finished).toBeDefined();
    expect(metrics.usage?.status).toBe('final');
  });

  it('timePerStep() gives when the job was queued, ran and finished', async () => {
    const job = await runBell(h().service);
    await job.result();
    const steps = await job.timePerStep();
    expect(Object.keys(steps).sort()).toEqual(['DONE', 'QUEUED', 'RUNNING']);
    expect(steps.QUEUED!.getTime()).toBeLessThanOrEqual(steps.DONE!.getTime());
  });

  it('updateTags(list) replaces the tags and reads them back', async () => {
    const { service, runtime } = h();
    const job = await runBell(service, 64, { tags: ['first'] });
    expect(job.tags).toEqual(['first']);
    expect(await job.updateTags(['a', 'b', 'a'])).toEqual(['a', 'b']);
    expect(runtime.jobRecord(job.jobId())!.tags).toEqual(['a', 'b']);
  });

  it('updateTags({ replacement, additional, removal }) applies IBMQJob-style changes', async () => {
    const job = await runBell(h().service, 64, { tags: ['a', 'b'] });
    expect(await job.updateTags({ additional: ['c'], removal: ['a'] })).toEqual(['b', 'c']);
    expect(await job.updateTags({ replacement: [] })).toEqual([]);
  });

  it('updateTags() fails with IBMApiError when the service refuses the tags', async () => {
    const job = await runBell(h().service);
    const error = await job.updateTags(['x'.repeat(300)]).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(IBMApiError);
    expect((error as IBMApiError).status).toBe(400);
  });

  it('updateName() keeps the name as a name: tag that later updateTags() keep', async () => {
    const job = await runBell(h().service, 64, { tags: ['t'] });
    expect(job.name()).toBeUndefined();
    expect(await job.updateName('bell pair')).toBe('bell pair');
    expect(job.name()).toBe('bell pair');
    expect(job.tags).toEqual(['t', 'name:bell pair']);
    await job.updateTags(['u']);
    expect(job.name()).toBe('bell pair');
    expect(job.tags).toEqual(['name:bell pair', 'u']);
  });

  it('backend() is the Backend the job ran on', async () => {
    const job = await runBell(h().service);
    const backend = await job.backend();
    expect(backend).toBeInstanceOf(Backend);
    expect(backend!.name).toBe(BACKEND);
  });

  it('submit() throws NotImplementedError, as in the seeds', async () => {
    const job = await runBell(h().service);
    expect(() => job.submit()).toThrowError(NotImplementedError, /service\.run\(\)/);
  });

  it('attributes: from service.job() they are filled in; inputs after refresh({ inputs: true })', async () => {
    const { service } = h();
    const created = await runBell(service, 64, { tags: ['attr'] });
    await created.result();
    const job = await service.job(created.jobId());
    expect(job.programId).toBe('sampler');
    expect(job.backendName).toBe(BACKEND);
    expect(job.tags).toEqual(['attr']);
    expect(job.creationDate).toBeInstanceOf(Date);
    expect(job.image).toBe('local-statevector:latest');
    expect(job.sessionId).toBeUndefined();
    expect(typeof job.usageEstimation.quantumSeconds).toBe('number');
    expect(job.version).toBe(1);
    expect(job.isPrivate).toBeFalse();
    expect(job.inputs).toBeUndefined();
    expect(await job.refresh({ inputs: true })).toBe(job);
    expect((job.inputs as { pubs: unknown[] }).pubs.length).toBe(1);
    expect(created.inputs).toEqual(samplerInputs([BELL, null, 64]));
  });

  it('decodedInputs(): a job sent as the Python client sends it shows its QPY circuit as a circuit and OpenQASM 3', async () => {
    const { service } = h();
    // RuntimeEncoder's QuantumCircuit value (qiskit_ibm_runtime/json.py): base64 of zlib of a
    // QPY file, here one dumped by Qiskit 1.3.1 (spec/fixtures/qpy).
    const qpy = fixtureBytes('qpy/qiskit-1.3.1_v13_bell_measured.qpy');
    const circuit = { __type__: 'QuantumCircuit', __value__: encodeBase64(deflate(qpy)) };
    const created = await service.run('sampler', samplerInputs([circuit, null, 32]), {
      backend: BACKEND,
    });
    await created.result();
    const job = await service.job(created.jobId());
    expect(job.decodedInputs()).toBeUndefined();
    await job.refresh({ inputs: true });
    const pub = (job.decodedInputs()!['pubs'] as unknown[][])[0]!;
    const read = pub[0] as InputCircuit;
    expect(read).toBeInstanceOf(InputCircuit);
    expect(read.circuit.numQubits).toBe(2);
    expect(read.qasm).toContain('cx q[0], q[1];');
    expect(pub[2]).toBe(32);
    // The raw inputs are kept as the service returned them.
    expect((job.inputs!['pubs'] as unknown[][])[0]![0]).toEqual(circuit);
  });

  it('events$ of a job known to be final replays its status and result without a stream', async () => {
    const { service, runtime } = h();
    const job = await runBell(service);
    await job.result();
    const before = runtime.requestCount();
    const events = await lastValueFrom(job.events$.pipe(toArray()));
    expect(events.map((e) => e.type)).toEqual(['status', 'result']);
    expect(runtime.requestCount()).toBe(before);
  });

  it('status$ of a failed job ends with ERROR and completes; result$ fails', async () => {
    const job = await runFailing(h().service);
    const statuses = await lastValueFrom(job.status$.pipe(toArray()));
    expect(statuses.at(-1)).toBe('ERROR');
    await expectAsync(firstValueFrom(job.result$)).toBeRejectedWithError(RuntimeJobFailureError);
  });

  it('waitForFinalState(timeout, callback) tells the callback each status seen', async () => {
    const job = await runBell(h().service);
    const seen: string[] = [];
    const final = await job.waitForFinalState(30, (id, status, same) => {
      expect(id).toBe(job.jobId());
      expect(same).toBe(job);
      seen.push(status);
    });
    expect(final).toBe('DONE');
    expect(seen.at(-1)).toBe('DONE');
    const again: string[] = [];
    await job.waitForFinalState(undefined, (_id, status) => again.push(status));
    expect(again).toEqual(['DONE']);
  });

  it('schedulingMode() is dedicated in a session, batch in a batch, undefined otherwise', async () => {
    const { service } = h();
    const plain = await runBell(service);
    expect(await plain.schedulingMode()).toBeUndefined();
    const session = await service.session({ backend: BACKEND });
    const inSession = await session.run('sampler', samplerInputs([BELL, null, 16]));
    expect(await inSession.schedulingMode()).toBe('dedicated');
    const batch = await service.batch({ backend: BACKEND });
    const inBatch = await batch.run('sampler', samplerInputs([BELL, null, 16]));
    expect(await inBatch.schedulingMode()).toBe('batch');
    await Promise.all([plain.result(), inSession.result(), inBatch.result()]);
    await session.close();
    await batch.close();
  });

  it('logs(), metrics() and backend() fail with IBMRuntimeError when the service cannot be reached', async () => {
    const offline = h().another({ url: 'http://127.0.0.1:1/api', retry: { maxAttempts: 1 } });
    const job = new RuntimeJob(offline, { jobId: 'eeeeeeeeeeeeeeeeeeee', backendName: BACKEND });
    for (const [what, call] of [
      ['logs', () => job.logs()],
      ['metrics', () => job.metrics()],
      ['backend', () => job.backend()],
    ] as const) {
      const error = await call().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).withContext(what).toBeInstanceOf(IBMRuntimeError);
      expect((error as IBMRuntimeError).cause)
        .withContext(what)
        .toBeInstanceOf(NetworkError);
    }
  });

  it('toString() names the job and its status; JSON is the handle', async () => {
    const job = await runBell(h().service);
    await job.result();
    expect(String(job)).toBe(`RuntimeJob(${job.jobId()}, DONE)`);
    expect(JSON.parse(JSON.stringify(job))).toEqual(
      jasmine.objectContaining({ jobId: job.jobId(), status: 'DONE' }),
    );
  });
});

describe('RuntimeJob (jobs that take a while)', () => {
  const h = useLocalRuntime({ queue: { runDelayMs: 1500 } });

  it('result(timeout) fails with RuntimeJobTimeoutError when the job is not done in time', async () => {
    const job = await runBell(h().service);
    const error = await job.result(0.2).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RuntimeJobTimeoutError);
    expect((error as RuntimeJobTimeoutError).jobId).toBe(job.jobId());
    await job.cancel();
  });

  it('waitForFinalState(timeout) fails with RuntimeJobTimeoutError', async () => {
    const job = await runBell(h().service);
    await expectAsync(job.waitForFinalState(0.1)).toBeRejectedWithError(RuntimeJobTimeoutError);
    await job.cancel();
  });

  it('cancel() cancels a running job; result() then fails with RuntimeInvalidStateError', async () => {
    const { service, runtime } = h();
    const job = await runBell(service);
    await firstValueFrom(job.status$.pipe(filter((s) => s === 'RUNNING')));
    expect(await job.running()).toBeTrue();
    await job.cancel();
    expect(runtime.jobRecord(job.jobId())!.status).toBe('Cancelled');
    expect(await job.cancelled()).toBeTrue();
    await expectAsync(job.result()).toBeRejectedWithError(
      RuntimeInvalidStateError,
      `Unable to retrieve result for job ${job.jobId()}. Job was cancelled.`,
    );
  });

  it('a job over its maximum execution time fails result() with RuntimeJobMaxTimeoutError', async () => {
    const { service, runtime } = h();
    const job = await runBell(service, 64, { maxExecutionTime: 1 });
    expect(runtime.jobRecord(job.jobId())!.cost).toBe(1);
    const error = await job.result().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RuntimeJobMaxTimeoutError);
    expect(await job.errorMessage()).toContain('ran longer than maximum execution time');
  });

  it('queuePosition() and queueInfo() of a job waiting behind another', async () => {
    const { service } = h();
    const first = await runBell(service);
    const second = await runBell(service);
    expect(await second.queuePosition(true)).toBe(1);
    const info = await second.queueInfo();
    expect(info?.position).toBe(1);
    expect(info?.estimatedStartTime).toBeInstanceOf(Date);
    expect(await second.queuePosition()).toBe(1);
    await second.cancel();
    await first.cancel();
  });

  it('status$ emits each status once and completes at DONE; result$ and interim$ come from the same stream', async () => {
    const { service, runtime } = h();
    const job = await service.run('sampler', samplerInputs([BELL, null, 64], [BELL, null, 64]), {
      backend: BACKEND,
    });
    const [statuses, interim, result] = await Promise.all([
      lastValueFrom(job.status$.pipe(toArray())),
      lastValueFrom(job.interim$.pipe(toArray())),
      firstValueFrom(job.result$),
    ]);
    expect(statuses.at(-1)).toBe('DONE');
    expect(new Set(statuses).size).toBe(statuses.length);
    expect(result.length).toBe(2);
    expect(interim.length).toBeGreaterThan(0);
    expect(runtime.requestCount({ route: 'jobs.results' })).toBe(1);
  });

  it('interim$ gives each partial result decoded, one per pub done, and not the final result again', async () => {
    const { service } = h();
    const job = await service.run('sampler', samplerInputs([BELL, null, 64], [BELL, null, 64]), {
      backend: BACKEND,
    });
    const [interim, result] = await Promise.all([
      lastValueFrom(job.interim$.pipe(toArray())),
      job.result(),
    ]);
    // The local runtime publishes the pubs done so far after each pub; the result stream then
    // sends the final result and closes, which the stream does not repeat as a third interim
    // result.
    expect(interim.every((value) => value instanceof PrimitiveResult)).toBeTrue();
    expect(interim.map((value) => value.length)).toEqual([1, 2]);
    expect(result.length).toBe(2);
  });

  it('streamResults() delivers interim results and the final result to the callback', async () => {
    const { service } = h();
    const job = await service.run('sampler', samplerInputs([BELL, null, 64], [BELL, null, 64]), {
      backend: BACKEND,
    });
    const received: unknown[] = [];
    job.streamResults((id, value) => {
      expect(id).toBe(job.jobId());
      received.push(value);
    });
    expect(job.streaming).toBeTrue();
    expect(() => job.streamResults(() => undefined)).toThrowError(
      RuntimeInvalidStateError,
      'A callback function is already streaming results.',
    );
    const result = await job.result();
    await job.waitForFinalState();
    expect(received.length).toBeGreaterThanOrEqual(2);
    expect(received.at(-1)).toBe(result);
  });

  it('a throwing callback is reported through onNotice and streaming goes on', async () => {
    const { service, notices } = h();
    const job = await runBell(service);
    let calls = 0;
    job.streamResults(() => {
      calls += 1;
      throw new Error('boom');
    });
    await job.result();
    expect(calls).toBeGreaterThanOrEqual(1);
    expect(notices.some((n) => n.includes('boom'))).toBeTrue();
  });

  it('cancelResultStreaming() stops the callback', async () => {
    const job = await runBell(h().service);
    const received: unknown[] = [];
    job.streamResults((_id, value) => received.push(value));
    job.cancelResultStreaming();
    expect(job.streaming).toBeFalse();
    await job.result();
    expect(received).toEqual([]);
  });
});
