import fc from 'fast-check';
import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import { DecodeError } from '../../src/codecs/errors.js';
import { parseJson, stringifyJson } from '../../src/codecs/json.js';

function ok(e: Either<DecodeError, unknown>): unknown {
  if (isLeft(e)) throw new Error(`expected a value, got ${e.left.message}`);
  return e.right;
}

function err(e: Either<DecodeError, unknown>): DecodeError {
  if (isRight(e)) throw new Error(`expected a DecodeError, got ${JSON.stringify(e.right)}`);
  expect(e.left).toBeInstanceOf(DecodeError);
  return e.left;
}

/** JSON-like values whose numbers include NaN, Infinity and -Infinity. */
const pythonJson = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.double(),
    fc.integer(),
    fc.string(),
    fc.constantFrom('NaN', 'Infinity', '-Infinity', 'a NaN b'),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(
      fc.string().filter((k) => k !== '__proto__'),
      tie('value'),
      { maxKeys: 5 },
    ),
  ),
})).value;

describe('parseJson', () => {
  it('parses standard JSON exactly like JSON.parse (native path)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value);
        expect(ok(parseJson(text))).toEqual(JSON.parse(text));
      }),
    );
  });

  it('parses standard JSON exactly like JSON.parse on the tolerant path too', () => {
    // A leading bare NaN makes the native parser fail, so the whole text goes through the
    // tolerant parser; the rest must come out exactly as JSON.parse reads it.
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value, null, 1);
        const parsed = ok(parseJson(`[NaN, ${text}]`)) as unknown[];
        expect(parsed[0]).toBeNaN();
        expect(parsed[1]).toEqual(JSON.parse(text));
      }),
    );
  });

  it('reads back what stringifyJson writes, NaN and infinities included', () => {
    fc.assert(
      fc.property(pythonJson, (value) => {
        expect(ok(parseJson(stringifyJson(value)))).toEqual(value);
      }),
    );
  });

  it('reads bare NaN, Infinity and -Infinity tokens and leaves strings alone', () => {
    const v = ok(
      parseJson('{"evs": NaN, "b": [Infinity, -Infinity, "NaN", "x Infinity"], "c": -1.5e3}'),
    ) as { evs: number; b: unknown[]; c: number };
    expect(v.evs).toBeNaN();
    expect(v.b).toEqual([Infinity, -Infinity, 'NaN', 'x Infinity']);
    expect(v.c).toBe(-1500);
    expect(ok(parseJson(' NaN '))).toBeNaN();
  });

  it('keeps a "__proto__" key as data on both paths', () => {
    for (const text of ['{"__proto__": {"x": 1}}', '{"__proto__": {"x": 1}, "n": NaN}']) {
      const v = ok(parseJson(text)) as Record<string, unknown>;
      expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
      expect(Object.getOwnPropertyDescriptor(v, '__proto__')?.value).toEqual({ x: 1 });
    }
  });

  it('reports syntax errors with line, column and offset, never a SyntaxError', () => {
    expect(err(parseJson('[1,2')).message).toBe(
      '<root>: invalid JSON at line 1, column 5 (offset 4): expected "," or "]", got end of input',
    );
    expect(err(parseJson('{"a": NaN,\n  "b": nope}')).message).toBe(
      '<root>: invalid JSON at line 2, column 8 (offset 18): expected a JSON value, got "nope}"',
    );
    expect(err(parseJson('{"a":1,}')).message).toBe(
      '<root>: invalid JSON at line 1, column 8 (offset 7): expected a string key, got "}"',
    );
    expect(err(parseJson('[01]')).message).toContain('offset 2');
    expect(err(parseJson('[1] x')).message).toContain('expected end of input');
    expect(err(parseJson('"\\x"')).message).toContain('expected a valid escape sequence');
    expect(err(parseJson('"a\u0001"')).message).toContain('control characters must be escaped');
    expect(err(parseJson('')).message).toContain('expected a JSON value, got end of input');
    expect(err(parseJson('[nan]')).kind).toBe('invalid');
    expect(err(parseJson('{"a" 1}')).message).toContain('expected ":" after object key');
  });

  it('puts the given path in front of errors', () => {
    const e = err(parseJson('{', { path: 'body' }));
    expect(e.path).toBe('body');
    expect(e.message).toMatch(/^body: invalid JSON at line 1, column 2/);
  });

  it('rejects text longer than maxLength as a limit error', () => {
    const e = err(parseJson('[1, 2, 3]', { maxLength: 5 }));
    expect(e.kind).toBe('limit');
    expect(e.message).toBe('<root>: JSON text is 9 characters long, more than the limit of 5');
    expect(ok(parseJson('[1, 2, 3]', { maxLength: 9 }))).toEqual([1, 2, 3]);
  });

  it('rejects nesting deeper than maxDepth on both paths', () => {
    const nested = (depth: number, inner: string): string =>
      '['.repeat(depth) + inner + ']'.repeat(depth);
    expect(ok(parseJson(nested(512, '1')))).toBeDefined();
    expect(ok(parseJson(nested(512, 'NaN')))).toBeDefined();
    const native = err(parseJson(nested(513, '1')));
    expect(native.kind).toBe('limit');
    expect(native.message).toBe('<root>: JSON nesting exceeds the limit of 512 levels');
    const tolerant = err(parseJson(nested(513, 'NaN')));
    expect(tolerant.kind).toBe('limit');
    expect(tolerant.message).toBe(
      '<root>: JSON nesting exceeds the limit of 512 levels (offset 512)',
    );
    expect(err(parseJson('{"a":{"b":[1]}}', { maxDepth: 2 })).kind).toBe('limit');
    expect(ok(parseJson('{"a":{"b":[1]}}', { maxDepth: 3 }))).toEqual({ a: { b: [1] } });
    // Many brackets that are not nested do not count as depth.
    expect(ok(parseJson(`[${'[],'.repeat(2000)}[]]`))).toBeDefined();
    expect(ok(parseJson(`["${'['.repeat(2000)}"]`))).toEqual(['['.repeat(2000)]);
  });

  it('handles very deep input without exhausting the stack', () => {
    const depth = 200_000;
    const text = '['.repeat(depth) + 'NaN' + ']'.repeat(depth);
    expect(err(parseJson(text)).kind).toBe('limit');
    let v = ok(parseJson(text, { maxDepth: depth })) as unknown;
    let levels = 0;
    while (Array.isArray(v)) {
      v = v[0];
      levels++;
    }
    expect(levels).toBe(depth);
    expect(v).toBeNaN();
    expect(err(parseJson('['.repeat(depth))).kind).toBe('limit');
    expect(err(parseJson('['.repeat(depth), { maxDepth: depth + 1 })).message).toContain(
      'got end of input',
    );
  });

  it('answers a non-string input with a DecodeError', () => {
    expect(err(parseJson(42 as unknown as string)).message).toBe(
      '<root>: expected JSON text (a string), got 42',
    );
  });
});

function hasNegativeZero(v: unknown): boolean {
  if (Object.is(v, -0)) return true;
  if (typeof v !== 'object' || v === null) return false;
  return Object.values(v).some(hasNegativeZero);
}

describe('stringifyJson', () => {
  it('writes like JSON.stringify for finite values, except that -0 keeps its sign', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        fc.pre(!hasNegativeZero(value));
        expect(stringifyJson(value)).toBe(JSON.stringify(value));
      }),
    );
    expect(stringifyJson([-0, 0])).toBe('[-0,0]');
    expect(Object.is(JSON.parse(stringifyJson(-0)), -0)).toBeTrue();
  });

  it('writes non-finite numbers as bare Python tokens', () => {
    expect(stringifyJson({ a: NaN, b: [Infinity, -Infinity], c: 'NaN' })).toBe(
      '{"a":NaN,"b":[Infinity,-Infinity],"c":"NaN"}',
    );
    expect(stringifyJson(NaN)).toBe('NaN');
  });

  it('follows JSON.stringify for toJSON, undefined and boxed values', () => {
    const value = {
      d: new Date(Date.UTC(2025, 8, 2)),
      u: undefined,
      f: () => 1,
      list: [undefined, () => 1, new Number(3), new String('s'), new Boolean(false)],
    };
    expect(stringifyJson(value)).toBe(JSON.stringify(value));
    expect(stringifyJson(undefined)).toBe('null');
  });

  it('throws a TypeError for bigint and cycles, as JSON.stringify does', () => {
    expect(() => stringifyJson({ n: 1n })).toThrowError(TypeError, /bigint/);
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(() => stringifyJson(cyclic)).toThrowError(TypeError, /circular/);
    const shared = { x: 1 };
    expect(stringifyJson([shared, shared])).toBe('[{"x":1},{"x":1}]');
  });
});
