import { Subject, map } from 'rxjs';
import type { Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import {
  IBMApiError,
  IBMRuntimeError,
  RuntimeJobNotFoundError,
} from '../../../src/codecs/errors.js';
import type { JobDetails, JobsPage } from '../../../src/codecs/job.js';
import { PollScheduler } from '../../../src/observables/scheduler/poll-scheduler.js';
import type { StatusFetcher } from '../../../src/observables/scheduler/types.js';
import { scheduledPoll$ } from '../../../src/observables/sources/scheduled-poll-source.js';
import type { PollReading } from '../../../src/observables/sources/poll-source.js';

const details: Record<string, JobDetails> = {
  q: { state: { status: 'Queued' } },
  r: { state: { status: 'Running' } },
  d: { state: { status: 'Completed' } },
};

function newScheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}

/** A fetcher answering each job read with the next scripted cold observable. */
function fetcher(answers: Observable<JobDetails>[]): StatusFetcher & { reads: () => number } {
  let reads = 0;
  return {
    fetchJob: () => {
      const answer = answers[reads++];
      if (answer === undefined) throw new Error(`unexpected read #${reads}`);
      return answer;
    },
    fetchPendingPage: (): Observable<JobsPage> => {
      throw new Error('no pages in these specs');
    },
    reads: () => reads,
  };
}

function letters(source: Observable<PollReading>): Observable<string> {
  return source.pipe(map((r) => String(r.mapped.status)[0]!));
}

const OPTIONS = {
  requestsPerSecond: 1000,
  maxInFlight: 4,
  batch: false as const,
  intervals: { initialMs: 10, queuedMs: 100, runningMs: 50, floorMs: 1 },
};

describe('scheduledPoll$', () => {
  it('emits one reading per read the scheduler makes and completes after a final status', () => {
    let scheduler: PollScheduler | undefined;
    newScheduler().run(({ cold, expectObservable }) => {
      const f = fetcher([cold('(q|)', details), cold('(r|)', details), cold('(d|)', details)]);
      scheduler = new PollScheduler(f, OPTIONS);
      const readings$ = scheduledPoll$(scheduler, 'job1');
      expectObservable(letters(readings$)).toBe('Q 99ms R 49ms (D|)');
    });
    // The job is no longer watched once the stream completed.
    expect(scheduler!.stats.watchers).toBe(0);
  });

  it('reports the interval the scheduler announced as nextPollMs', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const f = fetcher([cold('(q|)', details), cold('(d|)', details)]);
      const readings$ = scheduledPoll$(new PollScheduler(f, OPTIONS), 'job1');
      expectObservable(readings$.pipe(map((r) => r.nextPollMs))).toBe('a 99ms (b|)', {
        a: 100,
        b: 0,
      });
    });
  });

  it('ends with RuntimeJobNotFoundError on 404 and with other final errors as they are', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const missing = new IBMApiError({ status: 404, message: 'no such job' });
      const f = fetcher([cold<JobDetails>('#', undefined, missing)]);
      expectObservable(letters(scheduledPoll$(new PollScheduler(f, OPTIONS), 'gone'))).toBe(
        '#',
        undefined,
        new RuntimeJobNotFoundError('gone', { cause: missing }),
      );
      const forbidden = new IBMApiError({ status: 403, message: 'not yours' });
      const g = fetcher([cold<JobDetails>('#', undefined, forbidden)]);
      expectObservable(letters(scheduledPoll$(new PollScheduler(g, OPTIONS), 'j'))).toBe(
        '#',
        undefined,
        forbidden,
      );
    });
  });

  it('leaves transient failures to the scheduler, which reads again after its backoff', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const down = new IBMApiError({ status: 503, message: 'busy' });
      const f = fetcher([cold<JobDetails>('#', undefined, down), cold('(d|)', details)]);
      const scheduler = new PollScheduler(f, { ...OPTIONS, backoff: { initialMs: 300 } });
      expectObservable(letters(scheduledPoll$(scheduler, 'job1'))).toBe('300ms (D|)');
    });
  });

  it('passes pokes and status hints on, and stops watching on unsubscribe', () => {
    let scheduler: PollScheduler | undefined;
    let reads: () => number = () => 0;
    newScheduler().run(({ cold, hot, expectObservable }) => {
      const f = fetcher([cold('(q|)', details), cold('(q|)', details), cold('(r|)', details)]);
      reads = f.reads;
      scheduler = new PollScheduler(f, OPTIONS);
      const poke$ = hot('20ms p', { p: 1 });
      const hint$ = new Subject<'RUNNING'>();
      hot('30ms h').subscribe(() => hint$.next('RUNNING'));
      const readings$ = scheduledPoll$(scheduler, 'job1', { poke$, statusHint$: hint$ });
      // q at 0; the poke at 20 reads at once (q); the hint at 30 moves the job to the running
      // pace: the next read is due 50 ms after the last one, at 70 (r). Unsubscribed at 80.
      expectObservable(letters(readings$), '^ 79ms !').toBe('Q 19ms Q 49ms R');
    });
    expect(reads()).toBe(3);
    expect(scheduler!.stats.watched).toBe(0);
  });

  it('ends when a read completes without an answer (the scheduler reports an IBMRuntimeError)', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const f = fetcher([cold<JobDetails>('|'), cold('(d|)', details)]);
      const scheduler = new PollScheduler(f, { ...OPTIONS, backoff: { initialMs: 100 } });
      // The scheduler reports an IBMRuntimeError, which is not transient: the source ends.
      expectObservable(letters(scheduledPoll$(scheduler, 'job1'))).toBe(
        '#',
        undefined,
        new IBMRuntimeError('reading job job1 completed without an answer'),
      );
    });
  });
});
