/**
 * JSON text in and out, tolerant of the bare `NaN`, `Infinity` and `-Infinity` tokens that
 * Python's `json` module writes for non-finite floats.
 *
 * Parsing tries the native `JSON.parse` first; only text it rejects goes through a strict,
 * iterative parser that additionally accepts those three tokens outside strings. Every failure
 * is a {@link DecodeError} (`invalid` with the line, column and offset of the problem, or
 * `limit` for text that is too long or nested too deeply), never a raw `SyntaxError`.
 *
 * @module
 */
import type { Either } from 'fp-ts/lib/Either.js';
import { left, right } from 'fp-ts/lib/Either.js';
import { DecodeError } from './errors.js';

/** Nesting depth accepted by {@link parseJson} unless told otherwise. */
export const DEFAULT_MAX_JSON_DEPTH = 512;

/** Options of {@link parseJson}. */
export interface ParseJsonOptions {
  /** Deepest nesting of arrays and objects accepted (`[]` has depth 1). Default 512. */
  readonly maxDepth?: number;
  /** Longest text accepted, in UTF-16 code units. Default: no limit. */
  readonly maxLength?: number;
  /** JSON path of the text inside a larger payload, used as the prefix of error paths. Default: root. */
  readonly path?: string;
}

/**
 * Parse JSON text that may contain bare `NaN`, `Infinity` and `-Infinity` tokens.
 *
 * A string value containing "NaN" is left untouched; only the bare tokens become numbers.
 * Anything else follows JSON strictly.
 */
export function parseJson(
  text: string,
  options: ParseJsonOptions = {},
): Either<DecodeError, unknown> {
  const path = options.path ?? '';
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_JSON_DEPTH;
  if (typeof text !== 'string') {
    return left(new DecodeError(path, 'JSON text (a string)', text));
  }
  if (options.maxLength !== undefined && text.length > options.maxLength) {
    return left(
      new DecodeError(
        path,
        `JSON text of at most ${options.maxLength} characters`,
        text,
        'limit',
        `${path || '<root>'}: JSON text is ${text.length} characters long, more than the limit of ${options.maxLength}`,
      ),
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (_e) {
    return parseTolerant(text, maxDepth, path);
  }
  if (exceedsDepth(text, value, maxDepth)) return left(depthError(path, maxDepth, undefined));
  return right(value);
}

/**
 * Cheap depth check of a value the native parser produced. Text with fewer opening brackets
 * than the limit cannot nest deeper than it, which settles nearly every real payload with one
 * native scan; only the rest walk the parsed value, iteratively.
 */
function exceedsDepth(text: string, value: unknown, maxDepth: number): boolean {
  if (text.length <= maxDepth) return false;
  let opens = 0;
  for (let i = text.indexOf('['); i !== -1 && opens <= maxDepth; i = text.indexOf('[', i + 1)) {
    opens++;
  }
  for (let i = text.indexOf('{'); i !== -1 && opens <= maxDepth; i = text.indexOf('{', i + 1)) {
    opens++;
  }
  if (opens <= maxDepth) return false;
  const stack: { v: object; d: number }[] = [];
  if (typeof value === 'object' && value !== null) stack.push({ v: value, d: 1 });
  while (stack.length > 0) {
    const { v, d } = stack.pop()!;
    if (d > maxDepth) return true;
    const children: unknown[] = Array.isArray(v) ? v : Object.values(v);
    for (const c of children) {
      if (typeof c === 'object' && c !== null) stack.push({ v: c, d: d + 1 });
    }
  }
  return false;
}

function depthError(path: string, maxDepth: number, offset: number | undefined): DecodeError {
  const where = offset === undefined ? '' : ` (offset ${offset})`;
  return new DecodeError(
    path,
    `JSON nested at most ${maxDepth} deep`,
    undefined,
    'limit',
    `${path || '<root>'}: JSON nesting exceeds the limit of ${maxDepth} levels${where}`,
  );
}

/** Where an offset falls in the text, as 1-based line and column. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

function describeAt(text: string, offset: number): string {
  if (offset >= text.length) return 'end of input';
  const ch = text.slice(offset, offset + 12);
  return JSON.stringify(ch.length < 12 ? ch : `${ch}...`);
}

function syntaxError(text: string, offset: number, expected: string, path: string): DecodeError {
  const { line, column } = lineColumn(text, offset);
  const got = describeAt(text, offset);
  return new DecodeError(
    path,
    expected,
    got,
    'invalid',
    `${path || '<root>'}: invalid JSON at line ${line}, column ${column} (offset ${offset}): expected ${expected}, got ${got}`,
  );
}

/** Thrown inside the tolerant parser only, and turned into a returned value at its boundary. */
class ParseFailure {
  constructor(readonly error: DecodeError) {}
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

/** One open container of the iterative parser. */
interface Frame {
  readonly container: unknown[] | Record<string, unknown>;
  /** Key awaiting its value, for objects. */
  key: string | undefined;
}

/**
 * Strict JSON parser that also accepts bare `NaN`, `Infinity` and `-Infinity`. Iterative (an
 * explicit stack of open containers), so nesting depth never touches the call stack.
 */
function parseTolerant(text: string, maxDepth: number, path: string): Either<DecodeError, unknown> {
  const n = text.length;
  let pos = 0;
  const fail = (expected: string, at: number = pos): never => {
    throw new ParseFailure(syntaxError(text, at, expected, path));
  };
  const skipWs = (): void => {
    while (pos < n) {
      const c = text.charCodeAt(pos);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) pos++;
      else break;
    }
  };
  const readString = (): string => {
    // pos is at the opening quote.
    const start = pos;
    let i = pos + 1;
    let escaped = false;
    for (;;) {
      if (i >= n) fail('closing quote of string', n);
      const c = text.charCodeAt(i);
      if (c === 0x22) break;
      if (c === 0x5c) {
        escaped = true;
        i += 2;
        continue;
      }
      if (c < 0x20) fail('string character (control characters must be escaped)', i);
      i++;
    }
    pos = i + 1;
    if (!escaped) return text.slice(start + 1, i);
    try {
      return JSON.parse(text.slice(start, i + 1)) as string;
    } catch (_e) {
      return fail('a valid escape sequence', badEscape(start, i));
    }
  };
  const badEscape = (from: number, to: number): number => {
    for (let j = text.indexOf('\\', from); j !== -1 && j < to; j = text.indexOf('\\', j + 2)) {
      const e = text[j + 1];
      if (e === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(j + 2, j + 6))) return j;
      } else if (e === undefined || !'"\\/bfnrt'.includes(e)) {
        return j;
      }
    }
    return from;
  };
  const readScalar = (): unknown => {
    const c = text.charCodeAt(pos);
    if (c === 0x22) return readString();
    if (text.startsWith('true', pos)) {
      pos += 4;
      return true;
    }
    if (text.startsWith('false', pos)) {
      pos += 5;
      return false;
    }
    if (text.startsWith('null', pos)) {
      pos += 4;
      return null;
    }
    if (text.startsWith('NaN', pos)) {
      pos += 3;
      return NaN;
    }
    if (text.startsWith('Infinity', pos)) {
      pos += 8;
      return Infinity;
    }
    if (text.startsWith('-Infinity', pos)) {
      pos += 9;
      return -Infinity;
    }
    NUMBER.lastIndex = pos;
    const m = NUMBER.exec(text);
    if (m === null) return fail('a JSON value');
    pos += m[0].length;
    return Number(m[0]);
  };
  const assign = (frame: Frame, value: unknown): void => {
    const { container } = frame;
    if (Array.isArray(container)) {
      container.push(value);
    } else {
      const key = frame.key!;
      if (key === '__proto__') {
        Object.defineProperty(container, key, {
          value,
          writable: true,
          enumerable: true,
          configurable: true,
        });
      } else {
        container[key] = value;
      }
      frame.key = undefined;
    }
  };

  try {
    const stack: Frame[] = [];
    let result: unknown;
    let done = false;
    // Parse one value (opening containers as needed), then close what can be closed.
    while (!done) {
      skipWs();
      if (pos >= n) fail('a JSON value');
      let value: unknown;
      let opened = false;
      const c = text.charCodeAt(pos);
      if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
        if (stack.length >= maxDepth) throw new ParseFailure(depthError(path, maxDepth, pos));
        pos++;
        const frame: Frame = { container: c === 0x5b ? [] : {}, key: undefined };
        skipWs();
        const close = c === 0x5b ? 0x5d : 0x7d;
        if (text.charCodeAt(pos) === close) {
          pos++;
          value = frame.container;
        } else {
          stack.push(frame);
          opened = true;
          if (c === 0x7b) {
            if (text.charCodeAt(pos) !== 0x22) fail('a string key or "}"');
            frame.key = readString();
            skipWs();
            if (text.charCodeAt(pos) !== 0x3a) fail('":" after object key');
            pos++;
          }
        }
      } else {
        value = readScalar();
      }
      if (opened) continue;
      // A complete value: store it, then handle separators and closing brackets.
      for (;;) {
        const top = stack[stack.length - 1];
        if (top === undefined) {
          result = value;
          done = true;
          break;
        }
        assign(top, value);
        skipWs();
        const isArray = Array.isArray(top.container);
        const d = text.charCodeAt(pos);
        if (d === 0x2c /* , */) {
          pos++;
          if (!isArray) {
            skipWs();
            if (text.charCodeAt(pos) !== 0x22) fail('a string key');
            top.key = readString();
            skipWs();
            if (text.charCodeAt(pos) !== 0x3a) fail('":" after object key');
            pos++;
          }
          break;
        }
        if (d === (isArray ? 0x5d : 0x7d)) {
          pos++;
          stack.pop();
          value = top.container;
          continue;
        }
        fail(isArray ? '"," or "]"' : '"," or "}"');
      }
    }
    skipWs();
    if (pos < n) fail('end of input');
    return right(result);
  } catch (e) {
    if (e instanceof ParseFailure) return left(e.error);
    throw e;
  }
}

/**
 * Serialize a value to JSON text the way Python's `json.dumps` does: like `JSON.stringify`
 * (no extra whitespace; `toJSON` honoured; `undefined`, functions and symbols dropped from
 * objects and written as `null` in arrays) except that non-finite numbers are written as the
 * bare tokens `NaN`, `Infinity` and `-Infinity` instead of `null`, and negative zero keeps its
 * sign (`-0`, as Python writes `-0.0`).
 *
 * @throws TypeError for a `bigint` or a circular structure, exactly like `JSON.stringify`.
 */
export function stringifyJson(value: unknown): string {
  return write(value, '', new Set()) ?? 'null';
}

function write(value: unknown, key: string, seen: Set<object>): string | undefined {
  if (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { toJSON?: unknown }).toJSON === 'function'
  ) {
    value = (value as { toJSON: (k: string) => unknown }).toJSON(key);
  }
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (Object.is(value, -0)) return '-0';
      if (Number.isFinite(value)) return JSON.stringify(value);
      return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      throw new TypeError('stringifyJson: cannot serialize a bigint');
    case 'object': {
      if (value === null) return 'null';
      if (value instanceof Number || value instanceof String || value instanceof Boolean) {
        return write(value.valueOf(), key, seen);
      }
      if (seen.has(value)) throw new TypeError('stringifyJson: circular structure');
      seen.add(value);
      let out: string;
      if (Array.isArray(value) && value.every((v) => typeof v === 'string')) {
        // A list of strings (a sampler's hex samples) is written the same way natively.
        out = JSON.stringify(value);
      } else if (Array.isArray(value)) {
        const parts: string[] = new Array<string>(value.length);
        for (let i = 0; i < value.length; i++) {
          parts[i] = write(value[i], String(i), seen) ?? 'null';
        }
        out = `[${parts.join(',')}]`;
      } else {
        const parts: string[] = [];
        for (const k of Object.keys(value)) {
          const v = write((value as Record<string, unknown>)[k], k, seen);
          if (v !== undefined) parts.push(`${JSON.stringify(k)}:${v}`);
        }
        out = `{${parts.join(',')}}`;
      }
      seen.delete(value);
      return out;
    }
    default:
      return undefined;
  }
}
