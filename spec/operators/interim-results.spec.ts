import { TestScheduler } from 'rxjs/testing';
import { NetworkError } from '../../src/codecs/errors.js';
import { PrimitiveResult } from '../../src/codecs/result-model.js';
import { interimEvent, resultEvent } from '../../src/events/job-event.js';
import type { JobEvent } from '../../src/events/job-event.js';
import { interimResults } from '../../src/operators/interim-results.js';
import { addErrorEquality, at, JOB, status } from '../helpers/marble-support.js';

const values: Record<string, JobEvent<unknown>> = {
  r: status('RUNNING', undefined, 'poll', 1),
  i: interimEvent({ jobId: JOB, time: at(3), index: 0, value: { iteration: 1, energy: -1.1 } }),
  j: interimEvent({ jobId: JOB, time: at(5), index: 1, value: [0.5, 0.25] }),
  d: status('DONE', 'RUNNING', 'poll', 7),
  R: resultEvent({ jobId: JOB, time: at(9), result: new PrimitiveResult() }),
};

describe('interimResults', () => {
  beforeEach(addErrorEquality);

  it('emits the value of each interim event, in order, and nothing else', () => {
    new TestScheduler((a, e) => expect(a).toEqual(e)).run(({ cold, expectObservable }) => {
      expectObservable(
        cold<JobEvent<unknown>>('-r-i-j-d-R|', values).pipe(interimResults<unknown>()),
      ).toBe('---a-b----|', { a: { iteration: 1, energy: -1.1 }, b: [0.5, 0.25] });
    });
  });

  it('passes errors through', () => {
    new TestScheduler((a, e) => expect(a).toEqual(e)).run(({ cold, expectObservable }) => {
      const err = new NetworkError('reset');
      expectObservable(
        cold<JobEvent<unknown>>('-i-#', values, err).pipe(interimResults<unknown>()),
      ).toBe('-a-#', { a: { iteration: 1, energy: -1.1 } }, err);
    });
  });
});
