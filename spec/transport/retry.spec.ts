import fc from 'fast-check';
import { defer, throwError } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import {
  ConfigError,
  DecodeError,
  IBMApiError,
  NetworkError,
  RuntimeJobNotFoundError,
} from '../../src/codecs/errors.js';
import type { RetryInfo } from '../../src/transport/retry.js';
import {
  DEFAULT_RETRY_POLICY,
  backoffDelay,
  isTransient,
  resolveRetryPolicy,
  retryDelayFor,
  retryTransient,
} from '../../src/transport/retry.js';

const api = (status: number, retryAfterSeconds?: number): IBMApiError =>
  new IBMApiError({ status, message: `status ${status}`, retryAfterSeconds });

function scheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}

const exact = { random: () => 0 };

describe('isTransient', () => {
  it('is true for network errors, the 5xx force list and 429', () => {
    expect(isTransient(new NetworkError('reset'))).toBeTrue();
    for (const status of [500, 502, 503, 504, 520, 521, 522, 524, 429]) {
      expect(isTransient(api(status)))
        .withContext(String(status))
        .toBeTrue();
    }
  });

  it('is false for other statuses and other errors', () => {
    for (const status of [400, 401, 403, 404, 409, 423, 501, 505, 523]) {
      expect(isTransient(api(status)))
        .withContext(String(status))
        .toBeFalse();
    }
    expect(isTransient(new DecodeError('x', 'number', 'y'))).toBeFalse();
    expect(isTransient(new ConfigError('bad'))).toBeFalse();
    expect(isTransient(new RuntimeJobNotFoundError('j'))).toBeFalse();
    expect(isTransient(new Error('plain'))).toBeFalse();
    expect(isTransient(undefined)).toBeFalse();
  });
});

describe('backoffDelay', () => {
  it('doubles from 500 ms and caps at 8 s without jitter', () => {
    const p = { ...DEFAULT_RETRY_POLICY, jitter: 0 };
    expect([1, 2, 3, 4, 5, 6, 10].map((n) => backoffDelay(n, p))).toEqual([
      500, 1000, 2000, 4000, 8000, 8000, 8000,
    ]);
  });

  it('shortens the wait by up to the jitter fraction', () => {
    expect(backoffDelay(1, DEFAULT_RETRY_POLICY, () => 0)).toBe(500);
    expect(backoffDelay(1, DEFAULT_RETRY_POLICY, () => 0.5)).toBe(450);
    expect(backoffDelay(3, DEFAULT_RETRY_POLICY, () => 1)).toBe(1600);
  });

  it('stays within [cap * (1 - jitter), cap] for any attempt and random value', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 100_000 }),
        (attempt, r, jitter, baseDelayMs, maxDelayMs) => {
          const p = { baseDelayMs, maxDelayMs, jitter };
          const cap = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
          const d = backoffDelay(attempt, p, () => r);
          return d >= Math.floor(cap * (1 - jitter)) && d <= Math.ceil(cap);
        },
      ),
    );
  });
});

describe('resolveRetryPolicy', () => {
  it('fills in the defaults', () => {
    expect(resolveRetryPolicy({ maxAttempts: 2, jitter: undefined })).toEqual({
      ...DEFAULT_RETRY_POLICY,
      maxAttempts: 2,
    });
  });

  it('rejects values out of range with a ConfigError naming the field', () => {
    const bad: [Record<string, unknown>, string][] = [
      [{ maxAttempts: 0 }, 'retry.maxAttempts'],
      [{ maxAttempts: 1.5 }, 'retry.maxAttempts'],
      [{ baseDelayMs: -1 }, 'retry.baseDelayMs'],
      [{ maxDelayMs: Number.NaN }, 'retry.maxDelayMs'],
      [{ jitter: 1.5 }, 'retry.jitter'],
      [{ retryPost: 'yes' }, 'retry.retryPost'],
      [{ maxRetryAfterMs: Infinity }, 'retry.maxRetryAfterMs'],
    ];
    for (const [policy, option] of bad) {
      let caught: unknown;
      try {
        resolveRetryPolicy(policy);
      } catch (e) {
        caught = e;
      }
      expect(caught).withContext(option).toBeInstanceOf(ConfigError);
      expect((caught as ConfigError).option).toBe(option);
      expect((caught as ConfigError).message).toContain(option);
    }
  });
});

describe('retryDelayFor', () => {
  const policy = resolveRetryPolicy({ jitter: 0 });

  it('uses Retry-After when present and refuses one longer than maxRetryAfterMs', () => {
    expect(retryDelayFor(api(429, 2), 1, policy)).toBe(2000);
    expect(retryDelayFor(api(503, 0.25), 1, policy)).toBe(250);
    expect(retryDelayFor(api(429, 61), 1, policy)).toBeUndefined();
    expect(retryDelayFor(api(429, 2), 1, { ...policy, respectRetryAfter: false })).toBe(500);
  });

  it('stops when the attempts are used up', () => {
    expect(retryDelayFor(api(503), 4, policy)).toBe(4000);
    expect(retryDelayFor(api(503), 5, policy)).toBeUndefined();
  });

  it('retries non-idempotent requests only on HTTP answers, and only with retryPost', () => {
    const post = { idempotent: false };
    expect(retryDelayFor(api(503), 1, policy, post)).toBe(500);
    expect(retryDelayFor(api(429), 1, policy, post)).toBe(500);
    expect(retryDelayFor(new NetworkError('reset'), 1, policy, post)).toBeUndefined();
    expect(retryDelayFor(api(503), 1, { ...policy, retryPost: false }, post)).toBeUndefined();
    expect(retryDelayFor(new NetworkError('reset'), 1, policy)).toBe(500);
  });
});

describe('retryTransient (virtual time)', () => {
  it('retries a 503 with the backoff schedule and gives up after maxAttempts', () => {
    scheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const err = api(503);
      const source = cold('-#', undefined, err);
      const result = source.pipe(retryTransient({}, exact));
      // Attempts at 0, 1+500, 502+1000, 1503+2000, 3504+4000; the fifth error is final.
      expectObservable(result).toBe('7505ms #', undefined, err);
      expectSubscriptions(source.subscriptions).toBe([
        '^!',
        '501ms ^!',
        '1502ms ^!',
        '3503ms ^!',
        '7504ms ^!',
      ]);
    });
  });

  it('emits the value of the attempt that succeeds', () => {
    scheduler().run(({ cold, expectObservable }) => {
      let attempt = 0;
      const source = defer(() =>
        ++attempt < 3 ? throwError(() => new NetworkError('reset')) : cold('-a|', { a: 42 }),
      );
      // Errors at 0 and 500, third attempt at 1500.
      expectObservable(source.pipe(retryTransient({}, exact))).toBe('1501ms a|', { a: 42 });
    });
  });

  it('honours maxAttempts and maxDelayMs', () => {
    scheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const err = api(502);
      const source = cold('#', undefined, err);
      const result = source.pipe(
        retryTransient({ maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 150 }, exact),
      );
      expectObservable(result).toBe('250ms #', undefined, err);
      expectSubscriptions(source.subscriptions).toBe(['(^!)', '100ms (^!)', '250ms (^!)']);
    });
  });

  it('waits Retry-After seconds on 429', () => {
    scheduler().run(({ cold, expectObservable }) => {
      let attempt = 0;
      const source = defer(() => (++attempt === 1 ? throwError(() => api(429, 3)) : cold('(a|)')));
      expectObservable(source.pipe(retryTransient({}, exact))).toBe('3000ms (a|)');
    });
  });

  it('waits a backoff on 429 without Retry-After', () => {
    scheduler().run(({ cold, expectObservable }) => {
      let attempt = 0;
      const source = defer(() => (++attempt === 1 ? throwError(() => api(429)) : cold('(a|)')));
      expectObservable(source.pipe(retryTransient({}, exact))).toBe('500ms (a|)');
    });
  });

  it('gives up at once on a Retry-After longer than maxRetryAfterMs', () => {
    scheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const err = api(429, 120);
      const source = cold('--#', undefined, err);
      expectObservable(source.pipe(retryTransient({}, exact))).toBe('--#', undefined, err);
      expectSubscriptions(source.subscriptions).toBe('^-!');
    });
  });

  for (const [name, err] of [
    ['400', api(400)],
    ['401', api(401)],
    ['404', api(404)],
    ['409', api(409)],
    ['DecodeError', new DecodeError('results[0]', 'object', 3)],
    ['a plain Error', new Error('bug')],
  ] as const) {
    it(`never retries ${name}`, () => {
      scheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
        const source = cold('-#', undefined, err);
        expectObservable(source.pipe(retryTransient({}, exact))).toBe('-#', undefined, err);
        expectSubscriptions(source.subscriptions).toBe('^!');
      });
    });
  }

  it('does not retry a network error of a non-idempotent request', () => {
    scheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const err = new NetworkError('socket hang up');
      const source = cold('-#', undefined, err);
      expectObservable(source.pipe(retryTransient({}, { ...exact, idempotent: false }))).toBe(
        '-#',
        undefined,
        err,
      );
      expectSubscriptions(source.subscriptions).toBe('^!');
    });
  });

  it('applies jitter from the injected random source', () => {
    scheduler().run(({ cold, expectObservable }) => {
      let attempt = 0;
      const source = defer(() => (++attempt === 1 ? throwError(() => api(500)) : cold('(a|)')));
      expectObservable(source.pipe(retryTransient({ jitter: 0.5 }, { random: () => 1 }))).toBe(
        '250ms (a|)',
      );
    });
  });

  it('tells onRetry about each retry', () => {
    const seen: RetryInfo[] = [];
    scheduler().run(({ cold, expectObservable }) => {
      const err = api(503);
      const source = cold('#', undefined, err);
      const result = source.pipe(
        retryTransient({ maxAttempts: 3 }, { ...exact, onRetry: (i) => seen.push(i) }),
      );
      expectObservable(result).toBe('1500ms #', undefined, err);
    });
    expect(seen.map((i) => [i.retryNumber, i.delayMs])).toEqual([
      [1, 500],
      [2, 1000],
    ]);
    expect(seen.every((i) => i.error instanceof IBMApiError)).toBeTrue();
  });

  it('stops waiting when unsubscribed during a backoff', () => {
    scheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('#', undefined, api(503));
      expectObservable(source.pipe(retryTransient({}, exact)), '300ms !').toBe('');
      expectSubscriptions(source.subscriptions).toBe('(^!)');
    });
  });

  it('throws a ConfigError for an invalid policy', () => {
    expect(() => retryTransient({ maxAttempts: 0 })).toThrowError(ConfigError);
  });
});
