/**
 * Splits OpenQASM 2/3 source into tokens with 1-based line and column positions, dropping
 * whitespace and `//` and `/* *\/` comments.
 *
 * @module
 */
import { QasmError } from './errors.js';

/** What kind of token it is. */
export type TokenKind = 'ident' | 'number' | 'string' | 'physical' | 'punct' | 'eof';

/** One token of OpenQASM source. */
export interface Token {
  readonly kind: TokenKind;
  /** The token text (for strings, the contents without quotes). */
  readonly text: string;
  /** Numeric value of `number` tokens and the index of `physical` (`$3`) tokens. */
  readonly value: number;
  /** True for a `number` written without a fraction or exponent. */
  readonly integer: boolean;
  readonly line: number;
  readonly column: number;
}

// Longest first, so `->` wins over `-` and `**` over `*`.
const PUNCTUATION = [
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

const IDENT_START = /[\p{L}_]/u;
const IDENT_PART = /[\p{L}\p{N}_]/u;
const DIGIT = /[0-9]/;

/** Tokenise `source`; the last token is always `eof`. Throws `QasmError` on a stray character. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const n = source.length;

  const push = (kind: TokenKind, text: string, start: number, value = 0, integer = false) => {
    tokens.push({ kind, text, value, integer, line, column: start - lineStart + 1 });
  };

  while (i < n) {
    const ch = source[i]!;
    if (ch === '\n') {
      i++;
      line++;
      lineStart = i;
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
      const startLine = line;
      const startColumn = i - lineStart + 1;
      i += 2;
      while (i < n && !(source[i] === '*' && source[i + 1] === '/')) {
        if (source[i] === '\n') {
          line++;
          lineStart = i + 1;
        }
        i++;
      }
      if (i >= n) throw new QasmError('unterminated block comment', startLine, startColumn);
      i += 2;
      continue;
    }
    const start = i;
    if (ch === '"' || ch === "'") {
      i++;
      while (i < n && source[i] !== ch && source[i] !== '\n') i++;
      if (source[i] !== ch) {
        throw new QasmError('unterminated string', line, start - lineStart + 1);
      }
      i++;
      push('string', source.slice(start + 1, i - 1), start);
      continue;
    }
    if (DIGIT.test(ch) || (ch === '.' && DIGIT.test(source[i + 1] ?? ''))) {
      let integer = true;
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
      const text = source.slice(start, i);
      push('number', text, start, Number(text.replace(/_/g, '')), integer);
      continue;
    }
    if (ch === '$' && DIGIT.test(source[i + 1] ?? '')) {
      i++;
      while (i < n && DIGIT.test(source[i]!)) i++;
      const text = source.slice(start, i);
      push('physical', text, start, Number(text.slice(1)), true);
      continue;
    }
    const cp = source.codePointAt(i)!;
    const chr = String.fromCodePoint(cp);
    if (IDENT_START.test(chr)) {
      i += chr.length;
      while (i < n) {
        const c = String.fromCodePoint(source.codePointAt(i)!);
        if (!IDENT_PART.test(c)) break;
        i += c.length;
      }
      push('ident', source.slice(start, i), start);
      continue;
    }
    const punct = PUNCTUATION.find((p) => source.startsWith(p, i));
    if (punct !== undefined) {
      i += punct.length;
      push('punct', punct, start);
      continue;
    }
    throw new QasmError(`unexpected character '${chr}'`, line, start - lineStart + 1);
  }
  push('eof', '', i);
  return tokens;
}
