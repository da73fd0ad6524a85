import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import {
  appendPath,
  decode,
  decodeOrThrow,
  failAt,
  formatPath,
  toDecodeError,
} from '../../src/codecs/decode.js';
import { DecodeError } from '../../src/codecs/errors.js';

const State = t.intersection(
  [t.type({ status: t.string }), t.partial({ reason: t.union([t.string, t.null]) })],
  'JobState',
);
const Job = t.intersection(
  [
    t.type({ state: State }),
    t.partial({ tags: t.array(t.string), spans: t.array(t.tuple([t.number, t.number])) }),
  ],
  'JobDetails',
);

function leftOf<A>(result: E.Either<DecodeError, A>): DecodeError {
  if (E.isRight(result)) throw new Error('expected a Left');
  return result.left;
}

describe('decode', () => {
  it('returns Right with the decoded value', () => {
    const value = { state: { status: 'Queued' }, extra: 1 };
    expect(decode(Job, value)).toEqual(E.right(value));
  });

  it('names a nested field with a dotted path and the failing codec', () => {
    const err = leftOf(decode(Job, { state: { status: 12 } }));
    expect(err).toBeInstanceOf(DecodeError);
    expect(err._tag).toBe('DecodeError');
    expect(err.path).toBe('state.status');
    expect(err.expected).toBe('string');
    expect(err.actual).toBe(12);
    expect(err.kind).toBe('invalid');
    expect(err.message).toBe('state.status: expected string, got 12');
  });

  it('keeps union and intersection member keys out of the path', () => {
    const err = leftOf(decode(Job, { state: { status: 'Queued', reason: 3 } }));
    expect(err.message).toBe('state.reason: expected (string | null), got 3');
  });

  it('writes array and tuple indices in brackets', () => {
    expect(leftOf(decode(Job, { state: { status: 'a' }, tags: ['x', 4] })).message).toBe(
      'tags[1]: expected string, got 4',
    );
    expect(
      leftOf(
        decode(Job, {
          state: { status: 'a' },
          spans: [
            [1, 2],
            [3, 'x'],
          ],
        }),
      ).path,
    ).toBe('spans[1][1]');
  });

  it('reports a missing required field by name', () => {
    expect(leftOf(decode(Job, { tags: [] })).message).toBe(
      'state: expected JobState, got undefined',
    );
  });

  it('prefixes the root and describes a wrong root value', () => {
    expect(leftOf(decode(Job, { state: { status: 1 } }, 'body')).path).toBe('body.state.status');
    expect(leftOf(decode(Job, 5)).message).toBe('<root>: expected JobDetails, got 5');
    expect(leftOf(decode(Job, 5, 'body')).message).toBe('body: expected JobDetails, got 5');
  });

  it('prefers the union member that got deepest into the data', () => {
    const Msg = t.union([
      t.type({ kind: t.string, n: t.number }),
      t.type({ kind: t.string, data: t.type({ status: t.string }) }),
    ]);
    expect(decode(Msg, { kind: 'x', n: 1, data: { status: 1 } })._tag).toBe('Right');
    expect(leftOf(decode(Msg, { kind: 'x', data: { status: 1 } })).message).toBe(
      'data.status: expected string, got 1',
    );
  });

  it('lists every expectation that failed at the same place', () => {
    const Either2 = t.union([
      t.type({ type: t.literal('a') }),
      t.type({ type: t.keyof({ b: null }) }),
    ]);
    expect(leftOf(decode(Either2, { type: 'c' })).message).toBe(
      'type: expected "a" | "b", got "c"',
    );
  });

  it('quotes keys that are not identifiers', () => {
    const Dict = t.type({ 'a b': t.record(t.string, t.number) });
    expect(leftOf(decode(Dict, { 'a b': { '0': 'x' } })).path).toBe('["a b"]["0"]');
  });

  it('never throws on odd inputs', () => {
    for (const v of [
      undefined,
      null,
      NaN,
      Symbol('s'),
      () => 1,
      new Date(),
      [[]],
      Object.create(null),
    ]) {
      expect(() => decode(Job, v)).not.toThrow();
    }
  });
});

describe('decodeOrThrow', () => {
  it('returns the value or throws exactly the DecodeError', () => {
    expect(decodeOrThrow(t.number, 3)).toBe(3);
    try {
      decodeOrThrow(Job, { state: {} }, 'job');
      fail('should have thrown');
    } catch (e) {
      expect(e).toBeInstanceOf(DecodeError);
      expect((e as DecodeError).message).toBe('job.state.status: expected string, got undefined');
    }
  });
});

describe('failAt', () => {
  const Pauli = new t.Type<string, string, unknown>(
    'PauliString',
    (u): u is string => typeof u === 'string',
    (u, c) =>
      typeof u !== 'string'
        ? t.failure(u, c)
        : /^[IXYZ]*$/.test(u)
          ? t.success(u)
          : failAt(c, u, [], 'Pauli string (letters I, X, Y, Z)'),
    t.identity,
  );
  const Same = new t.Type<Record<string, number>, Record<string, number>, unknown>(
    'SameLength',
    (u): u is Record<string, number> => typeof u === 'object' && u !== null,
    (u, c) => {
      const keys = Object.keys(u as object);
      const bad = keys.find((k) => k.length !== keys[0]!.length);
      return bad === undefined
        ? t.success(u as Record<string, number>)
        : failAt(c, u, [bad], 'same length as "ZZ"', `expected length 2, got ${bad.length}`);
    },
    t.identity,
  );

  it('reports the location of the value itself, preferring the custom verdict over the union', () => {
    const err = leftOf(
      decode(t.type({ obs: t.array(t.union([Pauli, t.number])) }), { obs: ['ZZ', 'ZQ'] }),
    );
    expect(err.path).toBe('obs[1]');
    expect(err.expected).toBe('Pauli string (letters I, X, Y, Z)');
    expect(err.message).toBe('obs[1]: expected Pauli string (letters I, X, Y, Z), got "ZQ"');
  });

  it('reports a location below the value, with an optional message', () => {
    const err = leftOf(decode(t.type({ pubs: t.array(Same) }), { pubs: [{ ZZ: 1, ZZZ: 2 }] }));
    expect(err.path).toBe('pubs[0].ZZZ');
    expect(err.actual).toBe(2);
    expect(err.message).toBe('pubs[0].ZZZ: expected length 2, got 3');
  });

  it('writes numeric segments as indices', () => {
    const C = new t.Type<unknown>(
      'C',
      (_u): _u is unknown => true,
      (u, c) => failAt(c, u, [1, 'k'], 'K'),
      t.identity,
    );
    const err = leftOf(decode(t.type({ a: C }), { a: [0, { k: 'v' }] }));
    expect(err.path).toBe('a[1].k');
    expect(err.actual).toBe('v');
  });
});

describe('path helpers', () => {
  it('formats segments as a JSON path', () => {
    expect(formatPath(['results', 0, 'data', 'meas', 'samples', 3])).toBe(
      'results[0].data.meas.samples[3]',
    );
    expect(formatPath([0, 'x'], 'body')).toBe('body[0].x');
    expect(appendPath('', 'state')).toBe('state');
    expect(appendPath('spans', '0')).toBe('spans["0"]');
  });

  it('builds an error even from an empty failure list', () => {
    expect(toDecodeError([], 'x').path).toBe('x');
  });
});
