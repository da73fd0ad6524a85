import { left, right } from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { TestScheduler } from 'rxjs/testing';
import { ConfigError, DecodeError } from '../../src/codecs/errors.js';
import { JobMetrics } from '../../src/codecs/metrics.js';
import { decodeWith } from '../../src/operators/decode-with.js';
import type { Decoder } from '../../src/operators/decode-with.js';
import { addErrorEquality } from '../helpers/marble-support.js';

const evenNumber = (value: unknown): Either<DecodeError, number> =>
  typeof value === 'number' && value % 2 === 0
    ? right(value)
    : left(new DecodeError('', 'an even number', value));

describe('decodeWith', () => {
  beforeEach(addErrorEquality);

  it('emits the values an io-ts codec decodes and fails with the first DecodeError', () => {
    new TestScheduler((a, e) => expect(a).toEqual(e)).run(({ cold, expectObservable }) => {
      const source = cold<unknown>('-a-b-x-c|', {
        a: { executions: 3 },
        b: { position_in_queue: null },
        x: { executions: 'many' },
        c: {},
      });
      expectObservable(source.pipe(decodeWith(JobMetrics, 'metrics'))).toBe(
        '-a-b-#',
        { a: { executions: 3 }, b: { position_in_queue: null } },
        new DecodeError('metrics.executions', 'finite number or null', 'many'),
      );
    });
  });

  it('uses the error a decoder function returns', () => {
    new TestScheduler((a, e) => expect(a).toEqual(e)).run(({ cold, expectObservable }) => {
      const source = cold<unknown>('-a-b-x|', { a: 2, b: 4, x: 7 });
      expectObservable(source.pipe(decodeWith(evenNumber))).toBe(
        '-a-b-#',
        { a: 2, b: 4 },
        new DecodeError('', 'an even number', 7),
      );
    });
  });

  it('turns a decoder function that throws into a DecodeError', () => {
    const throwing: Decoder<string> = (value) => {
      if (value === null) throw new TypeError("Cannot read properties of null (reading 'x')");
      return right(String(value));
    };
    new TestScheduler((a, e) => expect(a).toEqual(e)).run(({ cold, expectObservable }) => {
      const source = cold<unknown>('-a-n|', { a: 1, n: null });
      expectObservable(source.pipe(decodeWith(throwing, 'body'))).toBe(
        '-a-#',
        { a: '1' },
        new DecodeError(
          'body',
          'a value the decoder accepts',
          null,
          'invalid',
          "body: the decoder failed on null: Cannot read properties of null (reading 'x')",
        ),
      );
    });
  });

  it('accepts any io-ts codec', () => {
    new TestScheduler((a, e) => expect(a).toEqual(e)).run(({ cold, expectObservable }) => {
      const source = cold<unknown>('-a-b|', { a: ['x'], b: ['y', 'z'] });
      expectObservable(source.pipe(decodeWith(t.array(t.string)))).toBe('-a-b|', {
        a: ['x'],
        b: ['y', 'z'],
      });
    });
  });

  it('rejects something that is neither a codec nor a function', () => {
    expect(() => decodeWith({} as Decoder<number>)).toThrowMatching(
      (e: unknown) => e instanceof ConfigError && e.option === 'decoder',
    );
  });
});
