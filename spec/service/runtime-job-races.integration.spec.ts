/**
 * The two races of runtime-job-races.spec.ts against the real local runtime over real sockets,
 * produced by its fault knobs: `cancelLosesRace` (a cancel answered 204 for a job that runs on
 * to its own end) and `lateResults` (a completed job's result refused for a while).
 */
import { filter, firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import {
  IBMApiError,
  RuntimeInvalidStateError,
  RuntimeJobMaxTimeoutError,
} from '../../src/codecs/errors.js';
import type { PrimitiveResult, SamplerPubResult } from '../../src/codecs/result-model.js';
import type { JobEvent } from '../../src/events/job-event.js';
import type { RuntimeJob, RuntimeService } from '../../src/service/index.js';
import { BELL, samplerInputs, useLocalRuntime } from './support.js';

const BACKEND = 'ibmq_qasm_simulator';

function runBell(service: RuntimeService, extra: object = {}): Promise<RuntimeJob> {
  return service.run('sampler', samplerInputs([BELL, null, 64]), { backend: BACKEND, ...extra });
}

function shotsOf(result: PrimitiveResult): number {
  const counts = (result[0] as SamplerPubResult).data['meas']!.getCounts();
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

const kinds = (events: readonly JobEvent<unknown>[]): string[] =>
  events.flatMap((e) => (e.type === 'status' ? [e.status] : e.type === 'result' ? ['result'] : []));

describe('RuntimeJob: a cancel that loses the race with completion (local runtime)', () => {
  const h = useLocalRuntime({ queue: { runDelayMs: 400 }, faults: { cancelLosesRace: true } });

  it('cancel() resolves on the 204, and every subscriber and result() then see DONE and the result', async () => {
    const { service, runtime } = h();
    const job = await runBell(service);
    const first = lastValueFrom(job.events$.pipe(toArray()));
    await firstValueFrom(job.status$.pipe(filter((s) => s === 'RUNNING')));
    await job.cancel();
    // The 204 records nothing: the job is what the service last said (RUNNING, 400 ms from
    // its end here; DONE already on a machine slow enough).
    expect(['RUNNING', 'DONE']).toContain(job.lastStatus!);

    expect(shotsOf(await job.result())).toBe(64);
    expect(kinds(await first).slice(-3)).toEqual(['RUNNING', 'DONE', 'result']);
    expect(job.lastStatus).toBe('DONE');
    expect(await job.cancelled()).toBeFalse();
    expect(await job.waitForFinalState()).toBe('DONE');
    // A subscriber that comes later is told DONE and gets the result.
    expect(kinds(await lastValueFrom(job.events$.pipe(toArray())))).toEqual(['DONE', 'result']);
    expect(runtime.jobRecord(job.jobId())!.status).toBe('Completed');
  });
});

describe('RuntimeJob: streamResults across a cancel that loses the race (local runtime)', () => {
  const h = useLocalRuntime({ queue: { runDelayMs: 400 }, faults: { cancelLosesRace: true } });

  it('the callback still gets the final result: cancel() does not stop it', async () => {
    const { service } = h();
    const job = await runBell(service);
    const delivered: unknown[] = [];
    job.streamResults((_id, value) => delivered.push(value));
    await firstValueFrom(job.status$.pipe(filter((s) => s === 'RUNNING')));
    await job.cancel();
    const result = await job.result();
    await job.waitForFinalState();
    expect(delivered.at(-1)).toBe(result);
    expect(job.streaming).toBeFalse();
  });
});

describe('RuntimeJob: a cancel that loses the race with the maximum execution time (local runtime)', () => {
  const h = useLocalRuntime({ queue: { runDelayMs: 3000 }, faults: { cancelLosesRace: true } });

  it('ends in ERROR (reason code 1305): result() fails with RuntimeJobMaxTimeoutError, not as cancelled', async () => {
    const { service, runtime } = h();
    const job = await runBell(service, { maxExecutionTime: 1 });
    await firstValueFrom(job.status$.pipe(filter((s) => s === 'RUNNING')));
    await job.cancel();
    const error = await job.result().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RuntimeJobMaxTimeoutError);
    expect(error).not.toBeInstanceOf(RuntimeInvalidStateError);
    expect(job.lastStatus).toBe('ERROR');
    expect(runtime.jobRecord(job.jobId())!.reasonCode).toBe(1305);
  });
});

describe('RuntimeJob: a result served a while after Completed (local runtime)', () => {
  const h = useLocalRuntime({ faults: { lateResults: { delayMs: 500 } } });

  it('the stream, result() and a second handle all get the result', async () => {
    const { service, runtime } = h();
    const job = await runBell(service);
    const events = await lastValueFrom(job.events$.pipe(toArray()));
    expect(kinds(events).slice(-2)).toEqual(['DONE', 'result']);
    expect(runtime.requestCount({ route: 'jobs.results' })).toBeGreaterThan(1);
    expect(shotsOf(await job.result())).toBe(64);
    const again = await service.job(job.jobId());
    expect(shotsOf(await again.result({ refresh: true }))).toBe(64);
  });
});

describe('RuntimeJob: a result still refused after resultRetry.windowMs (local runtime)', () => {
  const h = useLocalRuntime(
    { faults: { lateResults: { delayMs: 60_000 } } },
    { resultRetry: { windowMs: 300 } },
  );

  it('the stream, result() and a late subscriber fail with the same IBMApiError 404', async () => {
    const { service } = h();
    const job = await runBell(service);
    const streamError = await lastValueFrom(job.events$).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(streamError).toBeInstanceOf(IBMApiError);
    expect((streamError as IBMApiError).status).toBe(404);
    expect(job.lastStatus).toBe('DONE');

    const lateError = await lastValueFrom(job.events$).then(
      () => undefined,
      (e: unknown) => e,
    );
    const resultError = await job.result().then(
      () => undefined,
      (e: unknown) => e,
    );
    for (const e of [lateError, resultError]) {
      expect(e).toBeInstanceOf(IBMApiError);
      expect((e as IBMApiError).status).toBe(404);
      expect((e as IBMApiError).message).toContain('not available yet');
    }
  });
});
