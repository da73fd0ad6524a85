import { BehaviorSubject, Subject, defer, finalize, map } from 'rxjs';
import type { Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import {
  ConfigError,
  DecodeError,
  IBMApiError,
  NetworkError,
  RuntimeJobNotFoundError,
} from '../../../src/codecs/errors.js';
import type { JobDetails } from '../../../src/codecs/job.js';
import {
  DEFAULT_POLL_INTERVALS,
  pollIntervalFor,
  pollJob$,
  resolvePollIntervals,
} from '../../../src/observables/sources/poll-source.js';

const Q: JobDetails = { state: { status: 'Queued' } };
const R: JobDetails = { state: { status: 'Running' } };
const D: JobDetails = { state: { status: 'Completed' } };
const F: JobDetails = { state: { status: 'Failed', reason: 'boom', reason_code: 1517 } };
const values = { q: Q, r: R, d: D, f: F };
const letters: Record<string, string> = {
  Queued: 'q',
  Running: 'r',
  Completed: 'd',
  Failed: 'f',
};

function newScheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}

/** Reading letters: the polled status as one letter. */
function statuses(source: Observable<{ details: JobDetails }>): Observable<string> {
  return source.pipe(map((r) => letters[r.details.state.status] ?? '?'));
}

describe('pollJob$', () => {
  it('re-arms only after each request settles, at the interval of the last status', () => {
    newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const a1 = cold('--(q|)', values);
      const a2 = cold('----(r|)', values);
      const a3 = cold('-(d|)', values);
      const answers = [a1, a2, a3];
      let i = 0;
      const poll$ = pollJob$('job1', () => answers[i++]!, {
        intervals: { queuedMs: 10, runningMs: 5, floorMs: 1 },
      });
      // q at 2; wait 10 -> request at 12, r at 16; wait 5 -> request at 21, d at 22.
      expectObservable(statuses(poll$)).toBe('--q-------------r-----(d|)');
      expectSubscriptions(a1.subscriptions).toBe('^-!');
      expectSubscriptions(a2.subscriptions).toBe('------------^---!');
      expectSubscriptions(a3.subscriptions).toBe('---------------------^!');
    });
  });

  it('never overlaps requests, even when a request outlasts the interval', () => {
    let active = 0;
    let maxActive = 0;
    newScheduler().run(({ cold, expectObservable }) => {
      let i = 0;
      const answers = [
        cold('-----(q|)', values),
        cold('-----(q|)', values),
        cold('-----(d|)', values),
      ];
      const poll$ = pollJob$(
        'job1',
        () =>
          defer(() => {
            active += 1;
            maxActive = Math.max(maxActive, active);
            return answers[i++]!.pipe(finalize(() => (active -= 1)));
          }),
        { intervals: { queuedMs: 1, runningMs: 1, floorMs: 1 } },
      );
      expectObservable(statuses(poll$)).toBe('-----q-----q-----(d|)');
    });
    expect(maxActive).toBe(1);
    expect(active).toBe(0);
  });

  it('applies the floor to every interval', () => {
    expect(pollIntervalFor('QUEUED', resolvePollIntervals({ queuedMs: 5, floorMs: 50 }))).toBe(50);
    expect(pollIntervalFor('RUNNING', resolvePollIntervals({ runningMs: 5, floorMs: 50 }))).toBe(
      50,
    );
    expect(pollIntervalFor(undefined, DEFAULT_POLL_INTERVALS)).toBe(5000);
    expect(pollIntervalFor('RUNNING', DEFAULT_POLL_INTERVALS)).toBe(1000);
    expect(pollIntervalFor('QUEUED', DEFAULT_POLL_INTERVALS, true)).toBe(30_000);
  });

  it('rejects bad intervals with a ConfigError naming the option', () => {
    expect(() => resolvePollIntervals({ queuedMs: -1 })).toThrowMatching(
      (e) => e instanceof ConfigError && e.option === 'poll.queuedMs',
    );
    expect(() => resolvePollIntervals({ floorMs: Number.NaN })).toThrowError(ConfigError);
    expect(() =>
      resolvePollIntervals({ bogusMs: 1 } as unknown as Partial<typeof DEFAULT_POLL_INTERVALS>),
    ).toThrowMatching((e) => e instanceof ConfigError && /bogusMs/.test(e.message));
  });

  it('waits for Retry-After on a 429 before asking again', () => {
    newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const limited = new IBMApiError({ status: 429, message: 'slow down', retryAfterSeconds: 2 });
      const a1 = cold('-#', values, limited);
      const a2 = cold('-(d|)', values);
      let i = 0;
      const answers = [a1, a2];
      const poll$ = pollJob$('job1', () => answers[i++]!, { retry: { jitter: 0 } });
      expectObservable(statuses(poll$)).toBe('- 2000ms -(d|)');
      expectSubscriptions(a2.subscriptions).toBe('- 2000ms ^!');
    });
  });

  it('retries transient failures with exponential backoff (500, 1000 ms)', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const down = new IBMApiError({ status: 503, message: 'maintenance' });
      const answers = [
        cold('#', values, down),
        cold('#', values, new NetworkError('reset')),
        cold('(r|)', values),
        cold('(d|)', values),
      ];
      let i = 0;
      const poll$ = pollJob$('job1', () => answers[i++]!, {
        retry: { jitter: 0 },
        intervals: { runningMs: 100, floorMs: 1 },
      });
      expectObservable(statuses(poll$)).toBe('1500ms r 99ms (d|)');
    });
  });

  it('gives up after maxAttempts and lets a poke wait for the backoff, not cut it short', () => {
    newScheduler().run(({ cold, hot, expectObservable, expectSubscriptions }) => {
      const down = new IBMApiError({ status: 503, message: 'maintenance' });
      const a1 = cold('#', values, down);
      const a2 = cold('#', values, down);
      const a3 = cold('#', values, down);
      const answers = [a1, a2, a3];
      let i = 0;
      // Poked 100 ms into the first 500 ms backoff: the retry still waits the full backoff.
      const poke$ = hot('100ms p');
      const poll$ = pollJob$('job1', () => answers[i++]!, {
        retry: { jitter: 0, maxAttempts: 3 },
        poke$,
      });
      expectObservable(statuses(poll$)).toBe('1500ms #', undefined, down);
      expectSubscriptions(a2.subscriptions).toBe('500ms (^!)');
      expectSubscriptions(a3.subscriptions).toBe('1500ms (^!)');
    });
  });

  it('cancels a pending backoff wait on unsubscribe: no request follows', () => {
    let calls = 0;
    newScheduler().run(({ cold, expectObservable }) => {
      const poll$ = pollJob$(
        'job1',
        () => {
          calls++;
          return cold('#', values, new NetworkError('reset'));
        },
        { retry: { jitter: 0 } },
      );
      expectObservable(statuses(poll$), '200ms !').toBe('');
    });
    // One request, then the 500 ms wait was cut by the unsubscribe at 200 ms.
    expect(calls).toBe(1);
  });

  it('treats a request that throws as a failed request: retried when transient, else the error', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      let calls = 0;
      const flaky$ = pollJob$(
        'job1',
        () => {
          calls += 1;
          if (calls === 1) throw new NetworkError('reset');
          return cold('(d|)', values);
        },
        { retry: { jitter: 0 } },
      );
      expectObservable(statuses(flaky$)).toBe('500ms (d|)');
      const config = new ConfigError('job id must not be empty', 'jobId');
      const broken$ = pollJob$('job1', () => {
        throw config;
      });
      expectObservable(statuses(broken$)).toBe('#', undefined, config);
    });
  });

  it('reads again after a details body it cannot read, and fails only when it stays unreadable', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const cut = new DecodeError('', 'JSON text', '{"state":', 'invalid');
      const glitch = [cold('#', values, cut), cold('(d|)', values)];
      let i = 0;
      const glitch$ = pollJob$('job1', () => glitch[i++]!, { retry: { jitter: 0 } });
      expectObservable(statuses(glitch$)).toBe('500ms (d|)');
      // Unreadable every time: 500 + 1000 ms of backoff, then the DecodeError.
      const broken$ = pollJob$('job1', () => cold<JobDetails>('#', undefined, cut), {
        retry: { jitter: 0, maxAttempts: 3 },
      });
      expectObservable(statuses(broken$)).toBe('1500ms #', undefined, cut);
      // A body over the size ceiling is not read again.
      const huge = new DecodeError('', 'a response body of at most 10 bytes', 99, 'limit');
      const huge$ = pollJob$('job1', () => cold<JobDetails>('#', undefined, huge));
      expectObservable(statuses(huge$)).toBe('#', undefined, huge);
    });
  });

  it('ends with RuntimeJobNotFoundError on 404 and passes other errors through', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const missing = new IBMApiError({ status: 404, message: 'no such job' });
      const poll$ = pollJob$('job404', () => cold('-#', values, missing));
      expectObservable(statuses(poll$)).toBe(
        '-#',
        undefined,
        new RuntimeJobNotFoundError('job404', { cause: missing }),
      );
      const forbidden = new IBMApiError({ status: 403, message: 'no' });
      expectObservable(statuses(pollJob$('j', () => cold('-#', values, forbidden)))).toBe(
        '-#',
        undefined,
        forbidden,
      );
    });
  });

  it('polls at once when poked during a wait, and right after the request when poked during one', () => {
    newScheduler().run(({ cold, hot, expectObservable }) => {
      const answers = [
        cold('--(q|)', values),
        cold('--(r|)', values),
        cold('--(r|)', values),
        cold('--(d|)', values),
      ];
      let i = 0;
      const poke$ = hot('-----p---------p', { p: 1 });
      const poll$ = pollJob$('job1', () => answers[i++]!, {
        intervals: { queuedMs: 100, runningMs: 100, floorMs: 1 },
        poke$,
      });
      // q at 2, poke at 5 during the wait -> request 5..7 (r); poke at 15 during the next wait
      // -> request 15..17 (r); then the running interval: request 117..119 (d).
      expectObservable(statuses(poll$)).toBe('--q----r---------r 101ms (d|)');
    });
  });

  it('starts the next request right after the current one when poked while it is in flight', () => {
    newScheduler().run(({ cold, hot, expectObservable }) => {
      const answers = [cold('----(q|)', values), cold('--(d|)', values)];
      let i = 0;
      const poke$ = hot('--p', { p: 1 });
      const poll$ = pollJob$('job1', () => answers[i++]!, {
        intervals: { queuedMs: 1000, floorMs: 1 },
        poke$,
      });
      expectObservable(statuses(poll$)).toBe('----q-(d|)');
    });
  });

  it('follows the status hint of another source for its interval', () => {
    newScheduler().run(({ cold, hot, expectObservable }) => {
      const answers = [cold('(q|)', values), cold('(r|)', values), cold('(d|)', values)];
      let i = 0;
      const hint$ = hot<'RUNNING'>('-h', { h: 'RUNNING' });
      const poll$ = pollJob$('job1', () => answers[i++]!, {
        intervals: { queuedMs: 1000, runningMs: 10, floorMs: 1 },
        statusHint$: hint$,
      });
      // The first wait was armed (1000 ms) before the hint; the next follows RUNNING (10 ms).
      expectObservable(statuses(poll$)).toBe('q 999ms r 9ms (d|)');
    });
  });

  it('slows to relaxedMs while another source carries the stream, and polls at once when it drops', () => {
    newScheduler().run(({ cold, hot, expectObservable }) => {
      const answers = [cold('(q|)', values), cold('(q|)', values), cold('(d|)', values)];
      let i = 0;
      const relaxed$ = hot('r 1999ms s', { r: true, s: false });
      const poll$ = pollJob$('job1', () => answers[i++]!, {
        intervals: { queuedMs: 100, floorMs: 1, relaxedMs: 1000 },
        relaxed$,
      });
      // q at 0, relaxed -> next at 1000 (q), then at 2000 the websocket drops: poll at once.
      expectObservable(statuses(poll$)).toBe('q 999ms q 999ms (d|)');
    });
  });

  it('pauses while the page is hidden and polls at once when it becomes visible', () => {
    newScheduler().run(({ cold, hot, expectObservable }) => {
      const answers = [cold('(q|)', values), cold('(r|)', values), cold('(d|)', values)];
      let i = 0;
      const visibility$ = hot('v 4ms h 494ms v', { v: true, h: false });
      const poll$ = pollJob$('job1', () => answers[i++]!, {
        intervals: { queuedMs: 10, runningMs: 1000, floorMs: 1 },
        visibility$,
      });
      // q at 0; hidden at 5; the 10 ms wait ends hidden, so nothing until visible at 500, when
      // it polls at once (r); then 1000 ms later d.
      expectObservable(statuses(poll$)).toBe('q 499ms r 999ms (d|)');
    });
  });

  it('does not start polling while the page is hidden', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const answers = [cold('(d|)', values)];
      let i = 0;
      // Like pageVisibility$: the current state at once on subscribe, then changes.
      const visibility$ = new BehaviorSubject(false);
      cold('100ms v').subscribe(() => visibility$.next(true));
      const poll$ = pollJob$('job1', () => answers[i++]!, { visibility$ });
      expectObservable(statuses(poll$)).toBe('100ms (d|)');
    });
  });

  it('cancels the request in flight on unsubscribe (its teardown runs)', () => {
    newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const a1 = cold('(q|)', values);
      const a2 = cold('------(r|)', values);
      let i = 0;
      const answers = [a1, a2];
      const poll$ = pollJob$('job1', () => answers[i++]!, {
        intervals: { queuedMs: 10, floorMs: 1 },
      });
      expectObservable(statuses(poll$), '^ 12ms !').toBe('q');
      expectSubscriptions(a2.subscriptions).toBe('10ms ^ 2ms !');
    });
  });

  it('completes after a failed job without polling again, with the reason in the reading', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const answers = [cold('(f|)', values)];
      let i = 0;
      const poll$ = pollJob$('job1', () => answers[i++]!).pipe(
        map((r) => `${String(r.mapped.status)}:${r.mapped.reason}:${r.nextPollMs}`),
      );
      expectObservable(poll$).toBe('(x|)', { x: 'ERROR:boom:0' });
    });
  });

  it('treats a poke Subject emission outside virtual time like any other', () => {
    // A plain Subject as poke source: the reading after the poke comes without waiting.
    newScheduler().run(({ cold, expectObservable }) => {
      const poke$ = new Subject<void>();
      const answers = [cold('(q|)', values), cold('(d|)', values)];
      let i = 0;
      const poll$ = pollJob$('job1', () => answers[i++]!, {
        intervals: { queuedMs: 10_000 },
        poke$,
      });
      cold('---p').subscribe(() => poke$.next());
      expectObservable(statuses(poll$)).toBe('q--(d|)');
    });
  });
});
