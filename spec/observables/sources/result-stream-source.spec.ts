import * as E from 'fp-ts/lib/Either.js';
import { map } from 'rxjs';
import type { Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import {
  DecodeError,
  NetworkError,
  RuntimeJobNotFoundError,
  WebSocketClosedError,
} from '../../../src/codecs/errors.js';
import { resultStream$ } from '../../../src/observables/sources/result-stream-source.js';
import type { ResultDecoder } from '../../../src/codecs/results.js';
import type { ResultStreamEvent } from '../../../src/observables/sources/result-stream-source.js';

function newScheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}

/** Frames: the ack, then JSON numbers as result payloads (and one that is not a number). */
const frames = { k: '{"type":"ack"}', a: '{"n":1}', b: '{"n":2}', c: '{"n":3}', x: '{"n":"no"}' };

const decodeN: ResultDecoder<number> = (text) => {
  const value = (JSON.parse(text) as { n: unknown }).n;
  return typeof value === 'number' ? E.right(value) : E.left(new DecodeError('n', 'number', value));
};

/** o open, c closed, R reconnecting, interim frames as `index:value`, the last as `last index:value`. */
function letters(source: Observable<ResultStreamEvent<number>>): Observable<string> {
  return source.pipe(
    map((e) =>
      e.kind === 'connection'
        ? { open: 'o', closed: 'c', reconnecting: 'R' }[e.state]
        : `${e.kind === 'last' ? 'last ' : ''}${e.index}:${e.value}`,
    ),
  );
}

describe('resultStream$', () => {
  it('skips the acknowledgement, decodes each later frame, and completes on a normal close', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const stream$ = resultStream$('job1', {
        connect: () => cold('-k-a-b-|', frames),
        decode: decodeN,
      });
      // Each frame is held until the next event: a at 3 goes out when b comes at 5; b, which
      // the normal close follows at once, is the last frame (the final result of a done job).
      expectObservable(letters(stream$)).toBe('-o---x-(yc|)', {
        o: 'o',
        x: '0:1',
        y: 'last 1:2',
        c: 'c',
      });
    });
  });

  it('emits a frame as an interim result when the window passes without a close', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const stream$ = resultStream$('job1', {
        connect: () => cold('-k-a 400ms b 300ms |', frames),
        decode: decodeN,
        lastFrameWindowMs: 250,
      });
      // a at 3 goes out at 253; b at 404 also waits out the window (654), so the close at 705
      // follows no frame: it ends the stream with no last frame.
      expectObservable(letters(stream$)).toBe('-o 251ms x 400ms y 50ms (c|)', {
        o: 'o',
        x: '0:1',
        y: '1:2',
        c: 'c',
      });
    });
  });

  it('treats the first frame of every connection as its acknowledgement and keeps counting across reconnects', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const attempts = [
        cold('-k-a-#', frames, new WebSocketClosedError(1006, '')),
        cold('-a-b-|', frames),
      ];
      let i = 0;
      const stream$ = resultStream$('job1', { connect: () => attempts[i++]!, decode: decodeN });
      // After the reconnect the first frame (`a`, whatever it holds) is the new ack. The drop
      // at 5 lets the held frame out before the reconnecting event.
      expectObservable(letters(stream$)).toBe('-o---(xR) 497ms o---(yc|)', {
        o: 'o',
        x: '0:1',
        y: 'last 1:2',
        R: 'R',
        c: 'c',
      });
    });
  });

  it('ends with the DecodeError of a frame that does not decode, without reconnecting', () => {
    let connections = 0;
    newScheduler().run(({ cold, expectObservable }) => {
      const stream$ = resultStream$('job1', {
        connect: () => {
          connections += 1;
          return cold('-k-x', frames);
        },
        decode: decodeN,
      });
      expectObservable(letters(stream$)).toBe(
        '-o-#',
        { o: 'o' },
        new DecodeError('n', 'number', 'no'),
      );
    });
    expect(connections).toBe(1);
  });

  it('ends with RuntimeJobNotFoundError on close 4003', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const stream$ = resultStream$('nope', {
        connect: () =>
          cold<string>('-#', undefined, new WebSocketClosedError(4003, 'Job not found')),
        decode: decodeN,
      });
      expectObservable(letters(stream$)).toBe('-#', undefined, new RuntimeJobNotFoundError('nope'));
    });
  });

  it('fails fast when the stream endpoint does not exist', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const refused = new NetworkError('Unexpected server response: 404');
      const stream$ = resultStream$('job1', {
        connect: () => cold<string>('#', undefined, refused),
        decode: decodeN,
      });
      expectObservable(letters(stream$)).toBe('#', undefined, refused);
    });
  });

  it('closes the socket when unsubscribed', () => {
    newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const socket = cold('-k-a------b', frames);
      const stream$ = resultStream$('job1', { connect: () => socket, decode: decodeN });
      // The frame at 3 is still held when the subscriber leaves at 5: it never goes out.
      expectObservable(letters(stream$), '^----!').toBe('-o', { o: 'o' });
      expectSubscriptions(socket.subscriptions).toBe('^----!');
    });
  });
});
