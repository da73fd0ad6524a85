/**
 * Splits OpenQASM 2/3 source into tokens with 1-based line and column positions, dropping
 * whitespace and comments. Lexical problems are reported to a {@link Diagnostics} and skipped,
 * so the parser can go on and find the program's other problems.
 *
 * Besides the usual tokens it produces whole-line `pragma` and `annotation` tokens (`#pragma`,
 * `pragma`, `@name ...` at the start of a line) and one `raw` token for the body of a `cal` or
 * `defcal` block, whose pulse-level grammar is not OpenQASM's.
 *
 * @module
 */
import type { Diagnostics } from './diagnostics.js';

/** What kind of token it is. */
export type TokenKind =
  | 'ident'
  | 'int'
  | 'float'
  | 'imag'
  | 'duration'
  | 'string'
  | 'physical'
  | 'punct'
  | 'pragma'
  | 'annotation'
  | 'raw'
  | 'eof';

/** The units a duration literal may carry. */
export type TimeUnit = 'dt' | 'ns' | 'us' | 'ms' | 's';

/** One token of OpenQASM source. */
export interface Token {
  readonly kind: TokenKind;
  /** The token text (for strings, the contents without quotes). */
  readonly text: string;
  /**
   * Numeric value of `float`, `imag` and `duration` tokens (the amount in `unit`), the index of
   * `physical` tokens (`$3`), and the value of `int` tokens when it is a safe integer.
   */
  readonly value: number;
  /** Exact value of `int` tokens. */
  readonly big?: bigint;
  /** The unit of `duration` tokens. */
  readonly unit?: TimeUnit;
  readonly line: number;
  readonly column: number;
  /** True when no token precedes this one on its line. */
  readonly first: boolean;
}

// Longest first, so `**=` wins over `**` and `->` over `-`.
const PUNCTUATION = [
  '<<=',
  '>>=',
  '**=',
  '->',
  '**',
  '==',
  '!=',
  '<=',
  '>=',
  '&&',
  '||',
  '<<',
  '>>',
  '++',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '&=',
  '|=',
  '^=',
  '~=',
  ';',
  ',',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  '=',
  '+',
  '-',
  '*',
  '/',
  '^',
  '@',
  ':',
  '<',
  '>',
  '!',
  '~',
  '&',
  '|',
  '%',
  '#',
  '.',
];

const IDENT_START = /[\p{L}\p{Nl}_]/u;
const IDENT_PART = /[\p{L}\p{Nl}\p{N}_]/u;
const DIGIT = /[0-9]/;
const UNITS: ReadonlyMap<string, TimeUnit> = new Map([
  ['dt', 'dt'],
  ['ns', 'ns'],
  ['us', 'us'],
  ['µs', 'us'],
  ['μs', 'us'],
  ['ms', 'ms'],
  ['s', 's'],
]);

/** Punctuation starting at `i`, longest first, by its first character. */
const PUNCTUATION_BY_START: ReadonlyMap<string, readonly string[]> = (() => {
  const m = new Map<string, string[]>();
  for (const p of PUNCTUATION) {
    const list = m.get(p[0]!) ?? [];
    list.push(p);
    m.set(p[0]!, list);
  }
  return m;
})();

function punctuationAt(source: string, i: number): string | undefined {
  const candidates = PUNCTUATION_BY_START.get(source[i]!);
  if (candidates === undefined) return undefined;
  for (const p of candidates) if (p.length === 1 || source.startsWith(p, i)) return p;
  return undefined;
}

function isAsciiIdentPart(code: number): boolean {
  return (
    (code >= 97 && code <= 122) ||
    (code >= 65 && code <= 90) ||
    (code >= 48 && code <= 57) ||
    code === 95
  );
}

/** Tokenise `source`; the last token is always `eof`. Problems go to `diagnostics`. */
export function tokenize(source: string, diagnostics: Diagnostics): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  let lastLine = 0;
  /** Set after `cal` or `defcal`: the next `{` opens a raw block. */
  let rawPending = false;
  const n = source.length;

  const at = (offset: number) => ({ line, column: offset - lineStart + 1 });
  const push = (
    kind: TokenKind,
    text: string,
    start: number,
    value = 0,
    big: bigint | undefined = undefined,
    unit: TimeUnit | undefined = undefined,
  ) => {
    // Every token has every field, so all tokens share one shape.
    tokens.push({
      kind,
      text,
      value,
      big,
      unit,
      line,
      column: start - lineStart + 1,
      first: lastLine !== line,
    });
    lastLine = line;
  };

  const newline = (offset: number) => {
    line++;
    lineStart = offset + 1;
  };
  const restOfLine = (start: number): string => {
    let end = start;
    while (end < n && source[end] !== '\n') end++;
    i = end;
    return source.slice(start, end).trim();
  };
  const identAt = (offset: number): string => {
    let j = offset;
    while (j < n) {
      const code = source.charCodeAt(j);
      if (code < 128) {
        if (isAsciiIdentPart(code)) {
          j++;
          continue;
        }
        break;
      }
      const c = String.fromCodePoint(source.codePointAt(j)!);
      if (!IDENT_PART.test(c)) break;
      j += c.length;
    }
    return source.slice(offset, j);
  };

  while (i < n) {
    const ch = source[i]!;
    if (ch === '\n') {
      newline(i);
      i++;
      continue;
    }
    if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\f' || ch === '\v' || ch === '\uFEFF') {
      i++;
      continue;
    }
    if (ch === '/' && source[i + 1] === '/') {
      while (i < n && source[i] !== '\n') i++;
      continue;
    }
    if (ch === '/' && source[i + 1] === '*') {
      const start = at(i);
      i += 2;
      while (i < n && !(source[i] === '*' && source[i + 1] === '/')) {
        if (source[i] === '\n') newline(i);
        i++;
      }
      if (i >= n) {
        diagnostics.report('unterminated block comment', start);
        break;
      }
      i += 2;
      continue;
    }
    const start = i;
    const firstOnLine = lastLine !== line;
    if (rawPending && ch === '{') {
      rawPending = false;
      const open = at(i);
      let depth = 0;
      while (i < n) {
        const c = source[i]!;
        if (c === '\n') newline(i);
        else if (c === '/' && source[i + 1] === '/') {
          while (i < n && source[i] !== '\n') i++;
          continue;
        } else if (c === '/' && source[i + 1] === '*') {
          i += 2;
          while (i < n && !(source[i] === '*' && source[i + 1] === '/')) {
            if (source[i] === '\n') newline(i);
            i++;
          }
        } else if (c === '{') depth++;
        else if (c === '}' && --depth === 0) break;
        i++;
      }
      if (i >= n) {
        diagnostics.report('unterminated calibration block', open);
        break;
      }
      i++;
      tokens.push({
        kind: 'raw',
        text: '',
        value: 0,
        big: undefined,
        unit: undefined,
        line: open.line,
        column: open.column,
        first: firstOnLine,
      });
      lastLine = line;
      continue;
    }
    if (ch === '"' || ch === "'") {
      i++;
      while (i < n && source[i] !== ch && source[i] !== '\n') i++;
      if (source[i] !== ch) {
        diagnostics.report('unterminated string', at(start));
        continue;
      }
      i++;
      push('string', source.slice(start + 1, i - 1), start);
      continue;
    }
    if (ch === '#' && source.startsWith('#pragma', i) && !IDENT_PART.test(source[i + 7] ?? '')) {
      push('pragma', restOfLine(i + 7), start);
      continue;
    }
    if (ch === '@' && firstOnLine && IDENT_START.test(source[i + 1] ?? '')) {
      push('annotation', restOfLine(i + 1), start);
      continue;
    }
    if (DIGIT.test(ch) || (ch === '.' && DIGIT.test(source[i + 1] ?? ''))) {
      i = number(source, i, start, line, lineStart, push, diagnostics, identAt);
      continue;
    }
    if (ch === '$' && DIGIT.test(source[i + 1] ?? '')) {
      i++;
      while (i < n && DIGIT.test(source[i]!)) i++;
      const text = source.slice(start, i);
      push('physical', text, start, Number(text.slice(1)));
      continue;
    }
    const cp = source.codePointAt(i)!;
    const chr = String.fromCodePoint(cp);
    if (IDENT_START.test(chr)) {
      const text = identAt(i);
      i += text.length;
      if (text === 'pragma' && firstOnLine) {
        push('pragma', restOfLine(i), start);
        continue;
      }
      if (text === 'cal' || text === 'defcal') rawPending = true;
      push('ident', text, start);
      continue;
    }
    const punct = punctuationAt(source, i);
    if (punct !== undefined) {
      i += punct.length;
      if (punct === ';') rawPending = false;
      push('punct', punct, start);
      continue;
    }
    diagnostics.report(`unexpected character '${chr}'`, at(start));
    i += chr.length;
  }
  push('eof', '', i);
  return tokens;
}

/** Lex the number starting at `i`; returns the offset after it. */
function number(
  source: string,
  i: number,
  start: number,
  line: number,
  lineStart: number,
  push: (
    kind: TokenKind,
    text: string,
    start: number,
    value?: number,
    big?: bigint,
    unit?: TimeUnit,
  ) => void,
  diagnostics: Diagnostics,
  identAt: (offset: number) => string,
): number {
  const n = source.length;
  const prefix = source[i] === '0' ? source[i + 1] : undefined;
  let radix =
    prefix === 'x' || prefix === 'X'
      ? 16
      : prefix === 'o'
        ? 8
        : prefix === 'b' || prefix === 'B'
          ? 2
          : 10;
  let integer = true;
  if (radix !== 10) {
    const digits = radix === 16 ? /[0-9a-fA-F_]/ : radix === 8 ? /[0-7_]/ : /[01_]/;
    let j = i + 2;
    while (j < n && digits.test(source[j]!)) j++;
    if (/[0-9a-fA-F]/.test(source.slice(i + 2, j))) i = j;
    else {
      // A lone `0` followed by a letter: reported below.
      i++;
      radix = 10;
    }
  } else {
    while (i < n && (DIGIT.test(source[i]!) || source[i] === '_')) i++;
    if (source[i] === '.') {
      integer = false;
      i++;
      while (i < n && (DIGIT.test(source[i]!) || source[i] === '_')) i++;
    }
    if (
      (source[i] === 'e' || source[i] === 'E') &&
      (DIGIT.test(source[i + 1] ?? '') ||
        ((source[i + 1] === '+' || source[i + 1] === '-') && DIGIT.test(source[i + 2] ?? '')))
    ) {
      integer = false;
      i += 2;
      while (i < n && DIGIT.test(source[i]!)) i++;
    }
  }
  const text = source.slice(start, i);
  const clean = text.replace(/_/g, '');
  const suffix = identAt(i);
  const unit = UNITS.get(suffix);
  if (unit !== undefined) {
    push('duration', text + suffix, start, Number(clean), undefined, unit);
    return i + suffix.length;
  }
  if (suffix === 'im') {
    push('imag', text + suffix, start, Number(clean));
    return i + suffix.length;
  }
  if (integer) {
    const big = BigInt(
      radix === 10 ? clean : `0${source[start + 1]!.toLowerCase()}${clean.slice(2)}`,
    );
    push('int', text, start, Number(big), big);
  } else {
    push('float', text, start, Number(clean));
  }
  if (suffix.length > 0) {
    diagnostics.report(`unexpected '${suffix}' after number ${text}`, {
      line,
      column: i - lineStart + 1,
    });
    return i + suffix.length;
  }
  return i;
}
