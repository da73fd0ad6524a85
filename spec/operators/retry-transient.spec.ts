import { defer } from 'rxjs';
import type { Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { ConfigError, DecodeError, IBMApiError, NetworkError } from '../../src/codecs/errors.js';
import { retryTransient } from '../../src/operators/index.js';
import type { RetryInfo } from '../../src/operators/retry-transient.js';
import { addErrorEquality } from '../helpers/marble-support.js';

const unavailable = new IBMApiError({ status: 503, message: 'Service Unavailable' });
const notFound = new IBMApiError({ status: 404, message: 'Job not found' });
const policy = { baseDelayMs: 10, maxDelayMs: 100, jitter: 0, maxAttempts: 3 };

/** Each subscription takes the next marble of `attempts` (the last one repeats). */
function attemptsOf<T>(attempts: readonly Observable<T>[]): Observable<T> {
  let n = 0;
  return defer(() => attempts[Math.min(n++, attempts.length - 1)]!);
}

describe('retryTransient (operators)', () => {
  beforeEach(addErrorEquality);

  it('backs off exponentially between attempts and gives up after maxAttempts', () => {
    const retries: RetryInfo[] = [];
    new TestScheduler((a, e) => expect(a).toEqual(e)).run(
      ({ cold, expectObservable, expectSubscriptions }) => {
        const source = cold('-#', undefined, unavailable);
        expectObservable(
          source.pipe(retryTransient(policy, { onRetry: (info) => retries.push(info) })),
        ).toBe('- 10ms - 20ms -#', undefined, unavailable);
        expectSubscriptions(source.subscriptions).toBe(['^!', '- 10ms ^!', '- 10ms - 20ms ^!']);
      },
    );
    expect(retries.map((r) => [r.retryNumber, r.delayMs])).toEqual([
      [1, 10],
      [2, 20],
    ]);
  });

  it('resubscribes after a transient error and carries on with the new attempt', () => {
    new TestScheduler((a, e) => expect(a).toEqual(e)).run(({ cold, expectObservable }) => {
      const source = attemptsOf([
        cold<string>('-#', undefined, new NetworkError('reset')),
        cold<string>('-a|'),
      ]);
      expectObservable(source.pipe(retryTransient(policy))).toBe('- 10ms -a|');
    });
  });

  it('waits for Retry-After on 429', () => {
    new TestScheduler((a, e) => expect(a).toEqual(e)).run(({ cold, expectObservable }) => {
      const limited = new IBMApiError({
        status: 429,
        message: 'Too Many Requests',
        retryAfterSeconds: 2,
      });
      const source = attemptsOf([cold<string>('-#', undefined, limited), cold<string>('a|')]);
      expectObservable(source.pipe(retryTransient(policy))).toBe('- 2000ms a|');
    });
  });

  it('lets errors that are not transient through at once', () => {
    new TestScheduler((a, e) => expect(a).toEqual(e)).run(
      ({ cold, expectObservable, expectSubscriptions }) => {
        const source = cold('-#', undefined, notFound);
        expectObservable(source.pipe(retryTransient(policy))).toBe('-#', undefined, notFound);
        expectSubscriptions(source.subscriptions).toBe('^!');
        const bad = new DecodeError('state.status', 'string', 3);
        expectObservable(cold('--#', undefined, bad).pipe(retryTransient(policy))).toBe(
          '--#',
          undefined,
          bad,
        );
      },
    );
  });

  it('rejects an invalid policy with a ConfigError', () => {
    expect(() => retryTransient({ maxAttempts: 0 })).toThrowMatching(
      (e: unknown) => e instanceof ConfigError && e.option === 'retry.maxAttempts',
    );
  });
});
