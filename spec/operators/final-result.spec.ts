import { TestScheduler } from 'rxjs/testing';
import {
  NetworkError,
  RuntimeInvalidStateError,
  RuntimeJobCancelledError,
  RuntimeJobFailureError,
  RuntimeJobMaxTimeoutError,
} from '../../src/codecs/errors.js';
import { PrimitiveResult } from '../../src/codecs/result-model.js';
import { metricsEvent, resultEvent } from '../../src/events/job-event.js';
import type { JobEvent } from '../../src/events/job-event.js';
import { finalResult } from '../../src/operators/final-result.js';
import { addErrorEquality, at, JOB, status } from '../helpers/marble-support.js';

const result = new PrimitiveResult([], { version: 2 });
const values: Record<string, JobEvent> = {
  q: status('QUEUED', undefined, 'poll', 1),
  r: status('RUNNING', 'QUEUED', 'poll', 3),
  d: status('DONE', 'RUNNING', 'poll', 5),
  e: status('ERROR', 'RUNNING', 'poll', 5, { reason: 'Error code 1010; boom', reasonCode: 1010 }),
  t: status('ERROR', 'RUNNING', 'poll', 5, {
    reason: 'RAN TOO LONG',
    reasonCode: 1305,
    maxExecutionTimeExceeded: true,
  }),
  c: status('CANCELLED', 'RUNNING', 'poll', 5, { reason: 'cancelled by the session' }),
  m: metricsEvent({ jobId: JOB, time: at(7), metrics: {} }),
  R: resultEvent({ jobId: JOB, time: at(9), result }),
};

describe('finalResult', () => {
  beforeEach(addErrorEquality);

  it('emits the result of the first result event and completes', () => {
    new TestScheduler((a, e) => expect(a).toEqual(e)).run(
      ({ hot, expectObservable, expectSubscriptions }) => {
        const source = hot<JobEvent>('-q-r-d-m-R-R-|', values);
        expectObservable(source.pipe(finalResult())).toBe('---------(x|)', { x: result });
        expectSubscriptions(source.subscriptions).toBe('^--------!');
      },
    );
  });

  it('emits a result that arrives before the DONE status', () => {
    new TestScheduler((a, e) => expect(a).toEqual(e)).run(({ cold, expectObservable }) => {
      expectObservable(cold<JobEvent>('-q-R-d|', values).pipe(finalResult())).toBe('---(x|)', {
        x: result,
      });
    });
  });

  it('fails with the typed error of an ERROR or CANCELLED status', () => {
    new TestScheduler((a, e) => expect(a).toEqual(e)).run(({ cold, expectObservable }) => {
      expectObservable(cold<JobEvent>('-q-r-e-R|', values).pipe(finalResult())).toBe(
        '-----#',
        undefined,
        new RuntimeJobFailureError(JOB, 'Error code 1010; boom', 1010),
      );
      expectObservable(cold<JobEvent>('-q-t|', values).pipe(finalResult())).toBe(
        '---#',
        undefined,
        new RuntimeJobMaxTimeoutError(JOB, 'RAN TOO LONG'),
      );
      expectObservable(cold<JobEvent>('-q-c|', values).pipe(finalResult())).toBe(
        '---#',
        undefined,
        new RuntimeJobCancelledError(JOB, 'cancelled by the session'),
      );
    });
  });

  it('fails with RuntimeInvalidStateError when the stream ends without a result', () => {
    new TestScheduler((a, e) => expect(a).toEqual(e)).run(({ cold, expectObservable }) => {
      expectObservable(cold<JobEvent>('-q-r-d|', values).pipe(finalResult())).toBe(
        '------#',
        undefined,
        new RuntimeInvalidStateError(
          `The event stream of job ${JOB} ended without a result (last status: DONE).`,
          JOB,
        ),
      );
      expectObservable(cold<JobEvent>('--|', values).pipe(finalResult())).toBe(
        '--#',
        undefined,
        new RuntimeInvalidStateError(
          'The event stream of job (unknown) ended without a result (last status: none).',
          undefined,
        ),
      );
    });
  });

  it('passes source errors through', () => {
    new TestScheduler((a, e) => expect(a).toEqual(e)).run(({ cold, expectObservable }) => {
      const err = new NetworkError('reset');
      expectObservable(cold<JobEvent>('-q-#', values, err).pipe(finalResult())).toBe(
        '---#',
        undefined,
        err,
      );
    });
  });
});
