import { map } from 'rxjs';
import type { Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import {
  ConfigError,
  IBMRuntimeError,
  NetworkError,
  RuntimeJobNotFoundError,
  WebSocketClosedError,
} from '../../../src/codecs/errors.js';
import {
  DEFAULT_RECONNECT_POLICY,
  isReconnectable,
  reconnectDelayMs,
  withReconnect,
} from '../../../src/observables/sources/reconnect.js';
import type { Reconnectable } from '../../../src/observables/sources/reconnect.js';

function newScheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}

const drop = new WebSocketClosedError(1006, '');

/** Messages as their value, reconnect notices as `R`. */
function letters(source: Observable<Reconnectable<string>>): Observable<string> {
  return source.pipe(map((item) => (item.kind === 'message' ? item.value : 'R')));
}

describe('reconnectDelayMs', () => {
  it('follows 0.5, 1, 2, 4, 8 s and stays capped at 8 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => reconnectDelayMs(n))).toEqual([
      500, 1000, 2000, 4000, 8000, 8000, 8000,
    ]);
    expect(reconnectDelayMs(3, { maxRetries: 1, backoffMs: 100, maxBackoffMs: 250 })).toBe(250);
  });
});

describe('isReconnectable', () => {
  it('reconnects after abnormal closes and protocol errors', () => {
    expect(isReconnectable(new WebSocketClosedError(4001, 'internal'), false)).toBeTrue();
    expect(isReconnectable(drop, true)).toBeTrue();
  });

  it('gives up at once for a missing job, bad configuration or refused authentication', () => {
    expect(isReconnectable(new RuntimeJobNotFoundError('j'), true)).toBeFalse();
    expect(isReconnectable(new ConfigError('bad url'), true)).toBeFalse();
    expect(isReconnectable(new IBMRuntimeError('not authenticated'), true)).toBeFalse();
    expect(isReconnectable(new WebSocketClosedError(1008, 'invalid token'), true)).toBeFalse();
  });

  it('fails fast when the websocket never connected, but retries a failed reconnect', () => {
    const refused = new NetworkError('Unexpected server response: 404');
    expect(isReconnectable(refused, false)).toBeFalse();
    expect(isReconnectable(refused, true)).toBeTrue();
  });
});

describe('withReconnect', () => {
  it('reconnects with the 0.5, 1, 2, 4, 8 s schedule and gives up after five attempts', () => {
    let connections = 0;
    newScheduler().run(({ cold, expectObservable }) => {
      const connect = (): Observable<string> => {
        connections += 1;
        return cold('#', undefined, drop);
      };
      const result$ = withReconnect(connect, { retryable: () => true });
      expectObservable(letters(result$)).toBe(
        'R 499ms R 999ms R 1999ms R 3999ms R 7999ms #',
        undefined,
        drop,
      );
    });
    expect(connections).toBe(6);
  });

  it('resets the count with every message', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const attempts = [
        cold('#', undefined, drop),
        cold('#', undefined, drop),
        cold('a#', { a: 'a' }, drop),
        cold('#', undefined, drop),
        cold('b|', { b: 'b' }),
      ];
      let i = 0;
      const result$ = withReconnect(() => attempts[i++]!, { retryable: () => true });
      // 500 + 1000 ms of backoff, then `a` resets the count: the next waits are 500 and 1000 ms.
      expectObservable(letters(result$)).toBe('R 499ms R 999ms aR 499ms R 999ms b|');
    });
  });

  it('ends at once with an error that is not retryable', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const missing = new RuntimeJobNotFoundError('job');
      const result$ = withReconnect(() => cold<string>('--#', undefined, missing), {
        retryable: (e) => isReconnectable(e, true),
      });
      expectObservable(letters(result$)).toBe('--#', undefined, missing);
    });
  });

  it('tells the retry decision whether any message ever arrived', () => {
    const seen: boolean[] = [];
    newScheduler().run(({ cold, expectObservable }) => {
      const refused = new NetworkError('refused');
      const attempts = [cold('a#', { a: 'a' }, drop), cold('#', undefined, refused)];
      let i = 0;
      const result$ = withReconnect(() => attempts[i++] ?? cold('#', undefined, refused), {
        retryable: (e, { everReceived }) => {
          seen.push(everReceived);
          return isReconnectable(e, everReceived);
        },
        policy: { ...DEFAULT_RECONNECT_POLICY, maxRetries: 1 },
      });
      // The refused reconnect counts as a failed attempt (a message had arrived before) and,
      // with one retry allowed, ends the source.
      expectObservable(letters(result$)).toBe('aR 499ms #', undefined, refused);
    });
    expect(seen).toEqual([true, true]);
  });

  it('completes when a connection completes, and unsubscribes a pending wait', () => {
    newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const first = cold('a|', { a: 'a' });
      expectObservable(letters(withReconnect(() => first, { retryable: () => true }))).toBe('a|');
      const failing = cold('#', undefined, drop);
      const result$ = withReconnect(() => failing, { retryable: () => true });
      expectObservable(letters(result$), '^ 100ms !').toBe('R');
      // Only the first attempt ran: the unsubscribe came during the 500 ms wait.
      expectSubscriptions(failing.subscriptions).toBe('(^!)');
    });
  });
});

describe('withReconnect, when connecting throws', () => {
  it('treats the throw as a failed connection: reconnects, then gives up on a final error', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      let attempts = 0;
      const reconnecting$ = withReconnect<string>(
        () => {
          attempts += 1;
          if (attempts === 1) throw drop;
          return cold('-a|');
        },
        { retryable: () => true },
      );
      // Attempt 1 throws: notice, 500 ms, attempt 2 delivers a and completes.
      expectObservable(letters(reconnecting$)).toBe('R 500ms a|');
      const config = new ConfigError('bad socket url', 'websocket url');
      const final$ = withReconnect<string>(
        () => {
          throw config;
        },
        { retryable: (error) => isReconnectable(error, false) },
      );
      expectObservable(letters(final$)).toBe('#', undefined, config);
    });
  });
});
