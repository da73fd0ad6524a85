import { TestScheduler } from 'rxjs/testing';
import {
  NetworkError,
  RuntimeJobCancelledError,
  RuntimeJobFailureError,
  RuntimeJobMaxTimeoutError,
} from '../../src/codecs/errors.js';
import { PrimitiveResult } from '../../src/codecs/result-model.js';
import { metricsEvent, resultEvent } from '../../src/events/job-event.js';
import type { JobEvent } from '../../src/events/job-event.js';
import { failOnTerminal } from '../../src/operators/fail-on-terminal.js';
import { addErrorEquality, at, JOB, status } from '../helpers/marble-support.js';

const values: Record<string, JobEvent> = {
  q: status('QUEUED', undefined, 'poll', 1),
  r: status('RUNNING', 'QUEUED', 'poll', 3),
  d: status('DONE', 'RUNNING', 'poll', 5),
  e: status('ERROR', 'RUNNING', 'poll', 5, { reason: 'boom', reasonCode: 1010 }),
  t: status('ERROR', 'RUNNING', 'poll', 5, {
    reason: 'RAN TOO LONG',
    reasonCode: 1305,
    maxExecutionTimeExceeded: true,
  }),
  c: status('CANCELLED', 'QUEUED', 'poll', 3, { reason: 'user request' }),
  m: metricsEvent({ jobId: JOB, time: at(7), metrics: {} }),
  R: resultEvent({ jobId: JOB, time: at(9), result: new PrimitiveResult() }),
};

describe('failOnTerminal', () => {
  beforeEach(addErrorEquality);

  it('emits the ERROR status, then fails with RuntimeJobFailureError carrying the reason', () => {
    new TestScheduler((a, e) => expect(a).toEqual(e)).run(
      ({ hot, expectObservable, expectSubscriptions }) => {
        const source = hot<JobEvent>('-q-r-e-m|', values);
        expectObservable(source.pipe(failOnTerminal(JOB))).toBe(
          '-q-r-(e#)',
          values,
          new RuntimeJobFailureError(JOB, 'boom', 1010),
        );
        expectSubscriptions(source.subscriptions).toBe('^----!');
      },
    );
  });

  it('fails with RuntimeJobMaxTimeoutError when the job ran too long', () => {
    new TestScheduler((a, e) => expect(a).toEqual(e)).run(({ cold, expectObservable }) => {
      expectObservable(cold<JobEvent>('-q-r-t|', values).pipe(failOnTerminal(JOB))).toBe(
        '-q-r-(t#)',
        values,
        new RuntimeJobMaxTimeoutError(JOB, 'RAN TOO LONG'),
      );
    });
  });

  it('fails with RuntimeJobCancelledError after CANCELLED, naming the given job id', () => {
    new TestScheduler((a, e) => expect(a).toEqual(e)).run(({ cold, expectObservable }) => {
      expectObservable(cold<JobEvent>('-q-c|', values).pipe(failOnTerminal('job-7'))).toBe(
        '-q-(c#)',
        values,
        new RuntimeJobCancelledError('job-7', 'user request'),
      );
    });
  });

  it('completes instead when completeOnFailure is set', () => {
    new TestScheduler((a, e) => expect(a).toEqual(e)).run(({ cold, expectObservable }) => {
      const options = { completeOnFailure: true };
      expectObservable(cold<JobEvent>('-q-r-e-m|', values).pipe(failOnTerminal(JOB, options))).toBe(
        '-q-r-(e|)',
        values,
      );
      expectObservable(cold<JobEvent>('-q-c-m|', values).pipe(failOnTerminal(JOB, options))).toBe(
        '-q-(c|)',
        values,
      );
    });
  });

  it('lets DONE and what follows it through', () => {
    new TestScheduler((a, e) => expect(a).toEqual(e)).run(({ cold, expectObservable }) => {
      expectObservable(cold<JobEvent>('-q-r-d-m-R|', values).pipe(failOnTerminal(JOB))).toBe(
        '-q-r-d-m-R|',
        values,
      );
      const err = new NetworkError('reset');
      expectObservable(cold<JobEvent>('-q-#', values, err).pipe(failOnTerminal(JOB))).toBe(
        '-q-#',
        values,
        err,
      );
    });
  });
});
