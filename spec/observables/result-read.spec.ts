// Reading the result of a job that reported DONE. qiskit-ibm-runtime reads it once
// (Qiskit/qiskit-ibm-runtime qiskit_ibm_runtime/runtime_job_v2.py result() calls
// job_results once; qiskit_ibm_runtime/api/session.py retries only the 5xx STATUS_FORCELIST, 5
// times with backoff factor 0.5, never a 404); these specs pin the bounded wait this client
// adds for a service that reports Completed before it serves the result.
import { defer } from 'rxjs';
import type { Observable } from 'rxjs';
import {
  ConfigError,
  DecodeError,
  IBMApiError,
  NetworkError,
  RuntimeJobNotFoundError,
} from '../../src/codecs/errors.js';
import {
  DEFAULT_RESULT_RETRY,
  isResultLag,
  readDoneResult$,
  resolveResultRetry,
} from '../../src/observables/result-read.js';
import { addErrorEquality } from '../helpers/marble-support.js';
import { newScheduler } from '../helpers/job-stream-support.js';

const notFound = new IBMApiError({ status: 404, message: 'Job not found' });
const badGateway = new IBMApiError({ status: 502, message: 'Bad Gateway' });
const forbidden = new IBMApiError({ status: 403, message: 'Forbidden' });

/** Each subscription takes the next of `reads` (the last one repeats). */
function readsOf<T>(reads: readonly Observable<T>[]): Observable<T> {
  let n = 0;
  return defer(() => reads[Math.min(n++, reads.length - 1)]!);
}

describe('readDoneResult$ (marbles)', () => {
  beforeEach(addErrorEquality);

  it('reads again after a 404 with backoff (250 ms, then 500 ms) until the result is there', () => {
    newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const missing = cold<string>('-#', undefined, notFound);
      const served = cold('-(r|)', { r: '{"n":1}' });
      const read$ = readsOf([missing, missing, served]);
      // Reads at 0, 251 and 752 (each wait starts when the previous read failed).
      expectObservable(readDoneResult$(read$)).toBe('753ms (r|)', { r: '{"n":1}' });
      expectSubscriptions(missing.subscriptions).toBe(['^!', '251ms ^!']);
      expectSubscriptions(served.subscriptions).toBe('752ms ^!');
    });
  });

  it('fails with the last 404 as it is once the next read would start past windowMs', () => {
    newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const missing = cold<string>('-#', undefined, notFound);
      const policy = resolveResultRetry({ windowMs: 1000 });
      // Reads at 0, 251, 752; the next would start at 1753, past 1000: the 404 at 753.
      expectObservable(readDoneResult$(missing, policy)).toBe('753ms #', undefined, notFound);
      expectSubscriptions(missing.subscriptions).toBe(['^!', '251ms ^!', '752ms ^!']);
    });
  });

  it('caps each wait at maxDelayMs', () => {
    newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const missing = cold<string>('#', undefined, notFound);
      const policy = resolveResultRetry({ windowMs: 1000, baseDelayMs: 100, maxDelayMs: 300 });
      // Waits 100, 200, 300, 300: reads at 0, 100, 300, 600, 900; the next (1200) is too late.
      expectObservable(readDoneResult$(missing, policy)).toBe('900ms #', undefined, notFound);
      expectSubscriptions(missing.subscriptions).toBe([
        '(^!)',
        '100ms (^!)',
        '300ms (^!)',
        '600ms (^!)',
        '900ms (^!)',
      ]);
    });
  });

  it('waits out a 5xx and a network failure the same way', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const read$ = readsOf([
        cold<string>('-#', undefined, badGateway),
        cold<string>('-#', undefined, new NetworkError('socket hang up')),
        cold('-(r|)', { r: 'ok' }),
      ]);
      expectObservable(readDoneResult$(read$)).toBe('753ms (r|)', { r: 'ok' });
    });
  });

  it('passes any other failure through at once (403, a body that does not decode)', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      expect(isResultLag(forbidden)).toBeFalse();
      expectObservable(readDoneResult$(cold<string>('-#', undefined, forbidden))).toBe(
        '-#',
        undefined,
        forbidden,
      );
      const bad = new DecodeError('results', 'JSON', '{');
      expectObservable(readDoneResult$(cold<string>('--#', undefined, bad))).toBe(
        '--#',
        undefined,
        bad,
      );
      // A RuntimeJobNotFoundError is a decision already made, not an HTTP answer: not retried.
      const gone = new RuntimeJobNotFoundError('job-1');
      expectObservable(readDoneResult$(cold<string>('#', undefined, gone))).toBe(
        '#',
        undefined,
        gone,
      );
    });
  });

  it('windowMs 0 reads once', () => {
    newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const missing = cold<string>('-#', undefined, notFound);
      expectObservable(readDoneResult$(missing, resolveResultRetry({ windowMs: 0 }))).toBe(
        '-#',
        undefined,
        notFound,
      );
      expectSubscriptions(missing.subscriptions).toBe('^!');
    });
  });

  it('leaves no timer behind when unsubscribed while waiting', () => {
    newScheduler().run(({ cold, expectObservable, expectSubscriptions, flush }) => {
      const missing = cold<string>('-#', undefined, notFound);
      expectObservable(readDoneResult$(missing), '100ms !').toBe('');
      flush();
      // The second read would have started at 251: it never does.
      expectSubscriptions(missing.subscriptions).toBe('^!');
    });
  });
});

describe('resolveResultRetry', () => {
  it('fills in the defaults: 10 s, 250 ms doubling to 2 s', () => {
    expect(resolveResultRetry()).toEqual(DEFAULT_RESULT_RETRY);
    expect(DEFAULT_RESULT_RETRY).toEqual({ windowMs: 10_000, baseDelayMs: 250, maxDelayMs: 2_000 });
    expect(resolveResultRetry({ windowMs: 500 })).toEqual({
      ...DEFAULT_RESULT_RETRY,
      windowMs: 500,
    });
  });

  it('names the field of a bad value in a ConfigError', () => {
    for (const [policy, option] of [
      [{ windowMs: -1 }, 'resultRetry.windowMs'],
      [{ baseDelayMs: Number.NaN }, 'resultRetry.baseDelayMs'],
      [{ maxDelayMs: '2000' }, 'resultRetry.maxDelayMs'],
      [null, 'resultRetry'],
    ] as const) {
      let error: unknown;
      try {
        resolveResultRetry(policy as never);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).option).toBe(option);
    }
  });
});
