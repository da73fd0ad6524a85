import { TestScheduler } from 'rxjs/testing';
import { NetworkError } from '../../src/codecs/errors.js';
import { metricsEvent, progressEvent } from '../../src/events/job-event.js';
import type { JobEvent } from '../../src/events/job-event.js';
import { statusChanges } from '../../src/operators/status-changes.js';
import { addErrorEquality, at, JOB, status } from '../helpers/marble-support.js';

const values: Record<string, JobEvent> = {
  q: status('QUEUED', undefined, 'poll', 1),
  p: progressEvent({ jobId: JOB, time: at(3), queuePosition: 2 }),
  r: status('RUNNING', 'QUEUED', 'poll', 5),
  m: metricsEvent({ jobId: JOB, time: at(7), metrics: {} }),
  d: status('DONE', 'RUNNING', 'poll', 9),
};

describe('statusChanges', () => {
  beforeEach(addErrorEquality);

  it('emits the status of each status event and nothing else', () => {
    new TestScheduler((a, e) => expect(a).toEqual(e)).run(({ cold, expectObservable }) => {
      expectObservable(cold<JobEvent>('-q-p-r-m-d|', values).pipe(statusChanges())).toBe(
        '-Q---R---D|',
        { Q: 'QUEUED', R: 'RUNNING', D: 'DONE' },
      );
    });
  });

  it('passes errors through', () => {
    new TestScheduler((a, e) => expect(a).toEqual(e)).run(({ cold, expectObservable }) => {
      const err = new NetworkError('reset');
      expectObservable(cold<JobEvent>('-q-p-#', values, err).pipe(statusChanges())).toBe(
        '-Q---#',
        { Q: 'QUEUED' },
        err,
      );
    });
  });
});
