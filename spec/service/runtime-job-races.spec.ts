// Two races a remote service can run, as RuntimeJob meets them, in virtual time: a cancel
// answered 204 for a job that completes anyway, and a result answered 404 for a while after
// the job reported Completed. qiskit-ibm-runtime records CANCELLED on the 204
// (Qiskit/qiskit-ibm-runtime qiskit_ibm_runtime/runtime_job_v2.py cancel()) and reads the
// result once (same file, result()); here the final status is the service's and the result
// read waits, the same way on every path.
import { ConfigError, IBMApiError, RuntimeInvalidStateError } from '../../src/codecs/errors.js';
import { RuntimeJobCancelledError, RuntimeJobMaxTimeoutError } from '../../src/codecs/errors.js';
import type { JobStatus } from '../../src/codecs/status.js';
import { RuntimeJob } from '../../src/service/runtime-job.js';
import { RuntimeService } from '../../src/service/runtime-service.js';
import { decodeN, details, letters, newScheduler } from '../helpers/job-stream-support.js';
import { addErrorEquality } from '../helpers/marble-support.js';
import { NO_CONTENT, virtualService } from '../helpers/virtual-service.js';

describe('RuntimeJob races (marbles, virtual service)', () => {
  beforeEach(addErrorEquality);

  describe('a cancel answered 204', () => {
    it('for a job that completes anyway: every subscriber and result$ see DONE and the result', () => {
      const ts = newScheduler();
      let job: RuntimeJob<number> | undefined;
      let calls: Record<string, number> = {};
      const seen: (JobStatus | undefined)[] = [];
      ts.run(({ cold, expectObservable }) => {
        const service = virtualService(ts, {
          details: [cold('-(r|)', details), cold('-(r|)', details), cold('-(d|)', details)],
          results: [cold('-(n|)', { n: '{"n":7}' })],
          cancel: [cold('-(k|)', { k: NO_CONTENT })],
        });
        job = new RuntimeJob<number>(service, { jobId: 'job1', resultDecoder: decodeN });
        const j = job;
        // R read at 1. The cancel sent at 10 is answered 204 at 11: the job is read at once
        // (still RUNNING at 12), then at its running pace (61..62): DONE, and the result.
        expectObservable(letters(j.events$)).toBe('-R 60ms D(r|)');
        expectObservable(j.result$).toBe('63ms (x|)', { x: 7 });
        ts.schedule(() => {
          j.cancel$().subscribe();
        }, 10);
        ts.schedule(() => seen.push(j.lastStatus), 30);
        // Subscribers that come later are told DONE and get the result, without a request.
        expectObservable(letters(j.events$), '200ms ^').toBe('200ms (Dr|)');
        expectObservable(j.result$, '200ms ^').toBe('200ms (x|)', { x: 7 });
        expectObservable(j.status$, '200ms ^').toBe('200ms (D|)', { D: 'DONE' });
        calls = service.calls;
      });
      expect(calls).toEqual({ details: 3, cancel: 1, results: 1 });
      // Between the 204 and the service's word, the job is what it was: RUNNING.
      expect(seen).toEqual(['RUNNING']);
      expect(job!.lastStatus).toBe('DONE');
    });

    it('for a job that ran out of time first: ERROR (1305), RuntimeJobMaxTimeoutError everywhere', () => {
      const ts = newScheduler();
      ts.run(({ cold, expectObservable }) => {
        const service = virtualService(ts, {
          details: [cold('-(r|)', details), cold('-(t|)', details)],
          cancel: [cold('-(k|)', { k: NO_CONTENT })],
        });
        const job = new RuntimeJob<number>(service, { jobId: 'job1', resultDecoder: decodeN });
        const error = new RuntimeJobMaxTimeoutError('job1', 'RAN TOO LONG');
        ts.schedule(() => {
          job.cancel$().subscribe();
        }, 10);
        expectObservable(letters(job.events$)).toBe('-R 10ms (E#)', undefined, error);
        expectObservable(job.result$).toBe('12ms #', undefined, error);
        expectObservable(letters(job.events$), '100ms ^').toBe('100ms (E#)', undefined, error);
        expectObservable(job.result$, '100ms ^').toBe('100ms #', undefined, error);
      });
    });

    it('for a job the service then reports CANCELLED: CANCELLED, and result$ says it was cancelled', () => {
      const ts = newScheduler();
      ts.run(({ cold, expectObservable }) => {
        const service = virtualService(ts, {
          details: [cold('-(r|)', details), cold('-(c|)', details)],
          cancel: [cold('-(k|)', { k: NO_CONTENT })],
        });
        const job = new RuntimeJob<number>(service, { jobId: 'job1', resultDecoder: decodeN });
        ts.schedule(() => {
          job.cancel$().subscribe();
        }, 10);
        const cancelled = new RuntimeJobCancelledError('job1', 'by user');
        const invalid = new RuntimeInvalidStateError(
          'Unable to retrieve result for job job1. Job was cancelled.',
          'job1',
        );
        expectObservable(letters(job.events$)).toBe('-R 10ms (C#)', undefined, cancelled);
        expectObservable(job.status$).toBe('-a 10ms (b|)', { a: 'RUNNING', b: 'CANCELLED' });
        expectObservable(job.result$, '100ms ^').toBe('100ms #', undefined, invalid);
      });
    });
  });

  describe('a result answered 404 after Completed', () => {
    const notYet = new IBMApiError({ status: 404, message: 'Job not found' });

    it('for a few hundred ms: the stream, result$ and a late subscriber all get the result', () => {
      const ts = newScheduler();
      ts.run(({ cold, expectObservable }) => {
        const missing = cold<string>('-#', undefined, notYet);
        const service = virtualService(ts, {
          details: [cold('-(d|)', details)],
          results: [missing, missing, cold('-(n|)', { n: '{"n":3}' })],
        });
        const job = new RuntimeJob<number>(service, { jobId: 'job1', resultDecoder: decodeN });
        // DONE at 1; result reads at 1 and 252 answered 404, the one at 753 serves it.
        expectObservable(letters(job.events$)).toBe('-D 752ms (r|)');
        expectObservable(job.result$).toBe('754ms (x|)', { x: 3 });
        expectObservable(letters(job.events$), '2000ms ^').toBe('2000ms (Dr|)');
      });
    });

    it('for longer than resultRetry.windowMs: the same IBMApiError 404 on every path', () => {
      const ts = newScheduler();
      ts.run(({ cold, expectObservable }) => {
        const missing = cold<string>('-#', undefined, notYet);
        const service = virtualService(
          ts,
          { details: [cold('-(d|)', details)], results: Array.from({ length: 8 }, () => missing) },
          { windowMs: 600 },
        );
        const job = new RuntimeJob<number>(service, { jobId: 'job1', resultDecoder: decodeN });
        // Reads at 1 and 252; a third would start past the window: the 404 at 253.
        expectObservable(letters(job.events$)).toBe('-D 251ms #', undefined, notYet);
        expectObservable(job.result$).toBe('253ms #', undefined, notYet);
        // The job is known DONE: a late subscriber and result$ read the result themselves,
        // with the same wait, and fail the same way (not with RuntimeJobNotFoundError).
        expectObservable(letters(job.events$), '2000ms ^').toBe(
          '2000ms D 251ms #',
          undefined,
          notYet,
        );
        expectObservable(job.resultOf$({ refresh: true }), '3000ms ^').toBe(
          '3000ms 252ms #',
          undefined,
          notYet,
        );
      });
    });
  });
});

describe('resultRetry of a RuntimeService', () => {
  it('is checked when the service is made: a ConfigError names the field', () => {
    let error: unknown;
    try {
      new RuntimeService({
        url: 'http://127.0.0.1:1/api',
        token: 't',
        resultRetry: { windowMs: -1 },
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).option).toBe('resultRetry.windowMs');
  });
});
