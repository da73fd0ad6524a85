/**
 * `toDict()` / `RuntimeJob.fromDict()`: a plain-JSON handle without credentials that
 * re-attaches a job on another service object and resumes its stream after the last status
 * seen, without repeating a transition.
 */
import { filter, firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { DecodeError } from '../../src/codecs/errors.js';
import type { PrimitiveResult, SamplerPubResult } from '../../src/codecs/result-model.js';
import type { StatusEvent } from '../../src/events/job-event.js';
import { JOB_HANDLE_TYPE, RuntimeJob, decodeJobHandle } from '../../src/service/index.js';
import { BELL, samplerInputs, useLocalRuntime } from './support.js';

const BACKEND = 'ibmq_qasm_simulator';

describe('RuntimeJob handles', () => {
  const h = useLocalRuntime({ queue: { runDelayMs: 600 } });

  it('toDict() is plain JSON with what is known and no credentials', async () => {
    const { service, runtime } = h();
    const job = await service.run('sampler', samplerInputs([BELL, null, 32]), {
      backend: BACKEND,
      tags: ['keep'],
    });
    const dict = job.toDict();
    expect(dict).toEqual(
      jasmine.objectContaining({
        type: JOB_HANDLE_TYPE,
        version: 1,
        jobId: job.jobId(),
        url: runtime.url,
        programId: 'sampler',
        backend: BACKEND,
        tags: ['keep'],
      }),
    );
    const text = JSON.stringify(dict);
    expect(text).not.toContain(runtime.token);
    expect(JSON.parse(text)).toEqual(dict);
    await job.cancel();
  });

  it('fromDict() resumes after the last status seen: no transition is repeated', async () => {
    const { service, runtime } = h();
    const job = await service.run('sampler', samplerInputs([BELL, null, 32]), { backend: BACKEND });
    const seenBefore: string[] = [];
    await firstValueFrom(
      job.status$.pipe(
        filter((s) => {
          seenBefore.push(s);
          return s === 'RUNNING';
        }),
      ),
    );
    const stored = JSON.stringify(job.toDict());
    expect(JSON.parse(stored).status).toBe('RUNNING');

    const other = h().another();
    const resumed = RuntimeJob.fromDict(other, JSON.parse(stored));
    expect(resumed.lastStatus).toBe('RUNNING');
    const events = await lastValueFrom(resumed.events$.pipe(toArray()));
    const statuses = events.filter((e): e is StatusEvent => e.type === 'status');
    expect(statuses.map((e) => e.status)).toEqual(['DONE']);
    expect(statuses[0]!.previous).toBe('RUNNING');
    expect(events.at(-1)!.type).toBe('result');
    expect(seenBefore).toContain('RUNNING');
    expect(runtime.jobRecord(job.jobId())!.status).toBe('Completed');
  });

  it('fromDict() of a finished job gives its result without replaying its status', async () => {
    const { service } = h();
    const job = await service.run('sampler', samplerInputs([BELL, null, 32]), { backend: BACKEND });
    const result = await job.result();
    const resumed = RuntimeJob.fromDict(h().another(), job.toDict());
    const events = await lastValueFrom(resumed.events$.pipe(toArray()));
    expect(events.map((e) => e.type)).toEqual(['result']);
    const again = await resumed.result();
    const counts = (r: PrimitiveResult) => (r[0] as SamplerPubResult).data['meas']!.getCounts();
    expect(counts(again)).toEqual(counts(result));
    expect(await resumed.done()).toBeTrue();
  });

  it('fromDict() of a cancelled job fails result() without a request for its status', async () => {
    const { service, runtime } = h();
    const job = await service.run('sampler', samplerInputs([BELL, null, 32]), { backend: BACKEND });
    await job.cancel();
    // The 204 is not a status: the handle knows CANCELLED once the service says so.
    expect(await job.waitForFinalState()).toBe('CANCELLED');
    const resumed = RuntimeJob.fromDict(service, job.toDict());
    const reads = runtime.requestCount({ route: 'jobs.get' });
    await expectAsync(resumed.result()).toBeRejectedWithError(/Job was cancelled/);
    expect(await resumed.cancelled()).toBeTrue();
    expect(runtime.requestCount({ route: 'jobs.get' })).toBe(reads);
  });

  it('fromDict() rejects what is not a handle with a DecodeError naming the field', async () => {
    const { service } = h();
    expect(() => RuntimeJob.fromDict(service, { type: JOB_HANDLE_TYPE, version: 1 })).toThrowError(
      DecodeError,
      /handle\.jobId/,
    );
    expect(() =>
      RuntimeJob.fromDict(service, {
        type: JOB_HANDLE_TYPE,
        version: 1,
        jobId: 'x',
        status: 'FINISHED',
      }),
    ).toThrowError(DecodeError, /handle\.status/);
    expect(() => RuntimeJob.fromDict(service, 'job-id')).toThrowError(DecodeError);
    const decoded = decodeJobHandle({ type: JOB_HANDLE_TYPE, version: 1, jobId: '  ' });
    expect(decoded._tag).toBe('Left');
  });
});
