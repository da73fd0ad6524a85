/**
 * `pollJob$`, one job's view of the client's poll scheduler, in virtual time: readings per
 * read, the pace (the scheduler's, or the stream's own intervals), pokes, status hints, a
 * carried (relaxed) job, page visibility, the bounded retry of failed reads, and cleanup.
 */
import { BehaviorSubject, Subject, finalize, map } from 'rxjs';
import type { Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import {
  DecodeError,
  IBMApiError,
  NetworkError,
  RuntimeJobNotFoundError,
} from '../../../src/codecs/errors.js';
import type { JobDetails, JobsPage } from '../../../src/codecs/job.js';
import { PollScheduler } from '../../../src/observables/scheduler/poll-scheduler.js';
import type {
  PollSchedulerOptions,
  StatusFetcher,
} from '../../../src/observables/scheduler/types.js';
import { pollJob$ } from '../../../src/observables/sources/poll-source.js';
import type { PollReading } from '../../../src/observables/sources/poll-source.js';

const values: Record<string, JobDetails> = {
  q: { state: { status: 'Queued' } },
  r: { state: { status: 'Running' } },
  d: { state: { status: 'Completed' } },
  f: { state: { status: 'Failed', reason: 'boom', reason_code: 1517 } },
};

function newScheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}

/** A fetcher answering each job read with the next scripted observable. */
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

/** The status of each reading, as one letter: Q, R, D, E. */
function statuses(source: Observable<PollReading>): Observable<string> {
  return source.pipe(map((r) => String(r.mapped.status)[0]!));
}

/** Fast intervals, a large budget, no batching: the pace is what the specs look at. */
const FAST: PollSchedulerOptions = {
  requestsPerSecond: 1000,
  maxInFlight: 4,
  batch: false,
  intervals: { initialMs: 10, queuedMs: 100, runningMs: 50, floorMs: 1, relaxedMs: 1000 },
};

function polls(f: StatusFetcher, extra: PollSchedulerOptions = {}): PollScheduler {
  return new PollScheduler(f, { ...FAST, ...extra });
}

describe('pollJob$', () => {
  it('emits one reading per read and completes after a final status, no longer watching', () => {
    let scheduler: PollScheduler | undefined;
    newScheduler().run(({ cold, expectObservable }) => {
      const f = fetcher([cold('(q|)', values), cold('(r|)', values), cold('(d|)', values)]);
      scheduler = polls(f);
      expectObservable(statuses(pollJob$(scheduler, 'job1'))).toBe('Q 99ms R 49ms (D|)');
    });
    expect(scheduler!.stats.watchers).toBe(0);
  });

  it('reports the pace the scheduler announced as nextPollMs, 0 after a final status', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const f = fetcher([cold('(q|)', values), cold('(d|)', values)]);
      expectObservable(pollJob$(polls(f), 'job1').pipe(map((r) => r.nextPollMs))).toBe(
        'a 99ms (b|)',
        { a: 100, b: 0 },
      );
    });
  });

  it("reads at the stream's own intervals when it has them, the shortest of every watcher", () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const f = fetcher([
        cold('(q|)', values),
        cold('(q|)', values),
        cold('(r|)', values),
        cold('(d|)', values),
      ]);
      const scheduler = polls(f);
      const own$ = pollJob$(scheduler, 'job1', { intervals: { queuedMs: 30, runningMs: 20 } });
      // q at 0; a second watcher joins at 15 and the job is read for it at once (q); both
      // then share the reads, at the shortest pace any of them wants: r at 45, d at 65.
      expectObservable(statuses(own$)).toBe('Q 14ms Q 29ms R 19ms (D|)');
      expectObservable(statuses(pollJob$(scheduler, 'job1')), '15ms ^').toBe(
        '15ms Q 29ms R 19ms (D|)',
      );
    });
  });

  it('reads at once when poked (no sooner than the floor), and right after a read in flight', () => {
    newScheduler().run(({ cold, hot, expectObservable }) => {
      const f = fetcher([
        cold('--(q|)', values),
        cold('--(r|)', values),
        cold('--(r|)', values),
        cold('--(d|)', values),
      ]);
      const poke$ = hot('-----p---------p', { p: 1 });
      const readings$ = pollJob$(polls(f), 'job1', { poke$ });
      // q at 2; the poke at 5 reads at once (r at 7); the next read is due 50 ms after the
      // last one was sent (55), but the poke at 15 brings it forward: r at 17; then d at 69.
      expectObservable(statuses(readings$)).toBe('--Q----R---------R 49ms (D|)');
    });
  });

  it("follows another source's status hints: a further status sets the pace at once", () => {
    newScheduler().run(({ cold, hot, expectObservable }) => {
      const f = fetcher([cold('(q|)', values), cold('(r|)', values), cold('(d|)', values)]);
      const hint$ = new Subject<'RUNNING'>();
      hot('30ms h').subscribe(() => hint$.next('RUNNING'));
      // q at 0; the hint at 30 moves the job to the running pace: next read at 50 (r), then 100.
      expectObservable(statuses(pollJob$(polls(f), 'job1', { statusHint$: hint$ }))).toBe(
        'Q 49ms R 49ms (D|)',
      );
    });
  });

  it('relaxes while another channel carries the job and reads at once when it drops', () => {
    newScheduler().run(({ cold, hot, expectObservable }) => {
      const f = fetcher([cold('(q|)', values), cold('(q|)', values), cold('(d|)', values)]);
      const carried$ = hot('c 1499ms s', { c: true, s: false });
      // q at 0 (then carried: relaxedMs 1000), q at 1000; the channel drops at 1500: read now.
      expectObservable(statuses(pollJob$(polls(f), 'job1', { carried$ }))).toBe(
        'Q 999ms Q 499ms (D|)',
      );
    });
  });

  it('stays at the normal pace while any other watcher of the job is not carried', () => {
    newScheduler().run(({ cold, hot, expectObservable }) => {
      const f = fetcher([cold('(q|)', values), cold('(q|)', values), cold('(d|)', values)]);
      const scheduler = polls(f);
      const carried$ = hot('c', { c: true });
      expectObservable(statuses(pollJob$(scheduler, 'job1', { carried$ }))).toBe(
        'Q 99ms Q 99ms (D|)',
      );
      expectObservable(statuses(pollJob$(scheduler, 'job1'))).toBe('Q 99ms Q 99ms (D|)');
    });
  });

  it('reads nothing while the page is hidden and reads at once when it is shown', () => {
    newScheduler().run(({ cold, hot, expectObservable }) => {
      const f = fetcher([cold('(q|)', values), cold('(r|)', values), cold('(d|)', values)]);
      const visibility$ = hot('v 4ms h 494ms v', { v: true, h: false });
      const scheduler = polls(f, { visibility$ });
      // q at 0; hidden at 5, so the read due at 100 waits; shown at 500: r at once, d 50 later.
      expectObservable(statuses(pollJob$(scheduler, 'job1'))).toBe('Q 499ms R 49ms (D|)');
    });
  });

  it('does not start reading while the page is hidden', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const f = fetcher([cold('(d|)', values)]);
      const visibility$ = new BehaviorSubject(false);
      cold('100ms v').subscribe(() => visibility$.next(true));
      expectObservable(statuses(pollJob$(polls(f, { visibility$ }), 'job1'))).toBe('100ms (D|)');
    });
  });

  it('reads a failed read again on the backoff and fails after maxAttempts in a row', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const down = new NetworkError('reset');
      const recovering = fetcher([cold<JobDetails>('#', undefined, down), cold('(d|)', values)]);
      const backoff = { backoff: { initialMs: 300, maxMs: 10_000 } };
      expectObservable(statuses(pollJob$(polls(recovering, backoff), 'job1'))).toBe('300ms (D|)');
      const dead = fetcher([0, 1, 2].map(() => cold<JobDetails>('#', undefined, down)));
      // Failures at 0, 300 and 900 (backoff 300, 600): the third in a row ends the stream.
      expectObservable(
        statuses(pollJob$(polls(dead, backoff), 'job2', { retry: { maxAttempts: 3 } })),
      ).toBe('900ms #', undefined, down);
    });
  });

  it('reads again after a details body it cannot read, and fails only when it stays unreadable', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const cut = new DecodeError('', 'JSON text', '{"state":', 'invalid');
      const backoff = { backoff: { initialMs: 500, maxMs: 10_000 } };
      const glitch = fetcher([cold<JobDetails>('#', undefined, cut), cold('(d|)', values)]);
      expectObservable(statuses(pollJob$(polls(glitch, backoff), 'job1'))).toBe('500ms (D|)');
      const broken = fetcher([0, 1, 2].map(() => cold<JobDetails>('#', undefined, cut)));
      expectObservable(
        statuses(pollJob$(polls(broken, backoff), 'job2', { retry: { maxAttempts: 3 } })),
      ).toBe('1500ms #', undefined, cut);
      // A body over the size ceiling is not read again.
      const huge = new DecodeError('', 'a response body of at most 10 bytes', 99, 'limit');
      const limited = fetcher([cold<JobDetails>('#', undefined, huge)]);
      expectObservable(statuses(pollJob$(polls(limited), 'job3'))).toBe('#', undefined, huge);
    });
  });

  it('ends with RuntimeJobNotFoundError on 404 and with other final errors as they are', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const missing = new IBMApiError({ status: 404, message: 'no such job' });
      const gone = fetcher([cold<JobDetails>('-#', undefined, missing)]);
      expectObservable(statuses(pollJob$(polls(gone), 'job404'))).toBe(
        '-#',
        undefined,
        new RuntimeJobNotFoundError('job404', { cause: missing }),
      );
      const forbidden = new IBMApiError({ status: 403, message: 'not yours' });
      const refused = fetcher([cold<JobDetails>('-#', undefined, forbidden)]);
      expectObservable(statuses(pollJob$(polls(refused), 'j'))).toBe('-#', undefined, forbidden);
    });
  });

  it("waits out a 429 with the scheduler's pause, which is not a failure of the job", () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const slow = new IBMApiError({ status: 429, message: 'slow', retryAfterSeconds: 3 });
      const f = fetcher([cold<JobDetails>('#', undefined, slow), cold('(d|)', values)]);
      expectObservable(statuses(pollJob$(polls(f), 'job1', { retry: { maxAttempts: 1 } }))).toBe(
        '3000ms (D|)',
      );
    });
  });

  it('treats a read that throws as a failed read', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      let reads = 0;
      const f: StatusFetcher = {
        fetchJob: () => {
          if (reads++ === 0) throw new NetworkError('socket hang up');
          return cold('(d|)', values);
        },
        fetchPendingPage: () => {
          throw new Error('no pages');
        },
      };
      const scheduler = polls(f, { backoff: { initialMs: 200 } });
      expectObservable(statuses(pollJob$(scheduler, 'job1'))).toBe('200ms (D|)');
    });
  });

  it('cancels the read in flight on unsubscribe when no one else watches the job', () => {
    let tornDown = 0;
    newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const slow = cold('50ms (q|)', values);
      const f = fetcher([slow.pipe(finalize(() => (tornDown += 1)))]);
      expectObservable(statuses(pollJob$(polls(f), 'job1')), '^ 20ms !').toBe('');
      expectSubscriptions(slow.subscriptions).toBe('^ 20ms !');
    });
    expect(tornDown).toBe(1);
  });

  it('completes after a failed job, with the reason in the reading', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const f = fetcher([cold('(f|)', values)]);
      expectObservable(
        pollJob$(polls(f), 'job1').pipe(
          map((r) => `${String(r.mapped.status)}:${r.mapped.reason}`),
        ),
      ).toBe('(x|)', { x: 'ERROR:boom' });
    });
  });
});
