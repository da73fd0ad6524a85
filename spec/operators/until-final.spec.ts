import { TestScheduler } from 'rxjs/testing';
import { NetworkError } from '../../src/codecs/errors.js';
import { PrimitiveResult } from '../../src/codecs/result-model.js';
import {
  connectionEvent,
  metricsEvent,
  resultEvent,
  unknownStatusEvent,
} from '../../src/events/job-event.js';
import type { JobEvent } from '../../src/events/job-event.js';
import { untilFinal } from '../../src/operators/until-final.js';
import { addErrorEquality, at, JOB, status } from '../helpers/marble-support.js';

const values: Record<string, JobEvent> = {
  q: status('QUEUED', undefined, 'poll', 1),
  r: status('RUNNING', 'QUEUED', 'poll', 3),
  d: status('DONE', 'RUNNING', 'poll', 5),
  e: status('ERROR', 'RUNNING', 'poll', 5, { reason: 'boom' }),
  c: status('CANCELLED', 'RUNNING', 'poll', 5),
  m: metricsEvent({ jobId: JOB, time: at(7), metrics: { executions: 1 } }),
  n: connectionEvent({ jobId: JOB, time: at(7), channel: 'websocket', state: 'closed' }),
  u: unknownStatusEvent({ jobId: JOB, time: at(7), raw: 'Archived', source: 'poll' }),
  x: status('ERROR', 'DONE', 'poll', 8),
  R: resultEvent({ jobId: JOB, time: at(9), result: new PrimitiveResult([], { version: 2 }) }),
};

describe('untilFinal', () => {
  beforeEach(addErrorEquality);

  it('after DONE, passes events up to and including the first result, then completes', () => {
    new TestScheduler((a, e) => expect(a).toEqual(e)).run(
      ({ hot, expectObservable, expectSubscriptions }) => {
        const source = hot<JobEvent>('-q-r-d-m-R-m|', values);
        expectObservable(source.pipe(untilFinal())).toBe('-q-r-d-m-(R|)', values);
        expectSubscriptions(source.subscriptions).toBe('^--------!');
      },
    );
  });

  it('drops status and unknownStatus events seen while waiting for the result', () => {
    new TestScheduler((a, e) => expect(a).toEqual(e)).run(({ cold, expectObservable }) => {
      const source = cold<JobEvent>('-q-r-d-u-x-n-R|', values);
      expectObservable(source.pipe(untilFinal())).toBe('-q-r-d-----n-(R|)', values);
    });
  });

  it('completes right after ERROR or CANCELLED', () => {
    new TestScheduler((a, e) => expect(a).toEqual(e)).run(({ cold, expectObservable }) => {
      expectObservable(cold<JobEvent>('-q-r-e-R|', values).pipe(untilFinal())).toBe(
        '-q-r-(e|)',
        values,
      );
      expectObservable(cold<JobEvent>('-q-c-m|', values).pipe(untilFinal())).toBe(
        '-q-(c|)',
        values,
      );
    });
  });

  it('completes at DONE when the result came first', () => {
    new TestScheduler((a, e) => expect(a).toEqual(e)).run(({ cold, expectObservable }) => {
      expectObservable(cold<JobEvent>('-q-R-d-m|', values).pipe(untilFinal())).toBe(
        '-q-R-(d|)',
        values,
      );
    });
  });

  it('passes through the source ending before the job is over', () => {
    new TestScheduler((a, e) => expect(a).toEqual(e)).run(({ cold, expectObservable }) => {
      expectObservable(cold<JobEvent>('-q-r|', values).pipe(untilFinal())).toBe('-q-r|', values);
      const err = new NetworkError('reset');
      expectObservable(cold<JobEvent>('-q-d-#', values, err).pipe(untilFinal())).toBe(
        '-q-d-#',
        values,
        err,
      );
    });
  });
});
