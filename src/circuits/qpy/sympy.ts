/**
 * Parameter expressions of QPY versions 1–12 written as sympy `srepr` text
 * (`Add(Mul(Integer(2), Symbol('theta')), Float('0.5', precision=53))`), read into angles.
 * Only the calls Qiskit's own reader accepts (qiskit/qpy/binary_io/parse_sympy_repr.py) are
 * understood; anything else is an error.
 *
 * @module
 */
import type { ExpressionFunction } from '../model.js';
import type { Angle } from '../model.js';
import { binary, call, negate } from './angles.js';

/** A failure to read the text, with the character offset it happened at. */
export class SreprError extends Error {
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(message);
  }
}

type Token =
  | { readonly t: 'name'; readonly v: string; readonly at: number }
  | { readonly t: 'num'; readonly v: string; readonly at: number }
  | { readonly t: 'str'; readonly v: string; readonly at: number }
  | { readonly t: 'punct'; readonly v: string; readonly at: number };

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\n' || c === '\t') {
      i++;
    } else if ('(),=-+'.includes(c)) {
      out.push({ t: 'punct', v: c, at: i });
      i++;
    } else if (c === "'" || c === '"') {
      let j = i + 1;
      let s = '';
      while (j < text.length && text[j] !== c) {
        if (text[j] === '\\' && j + 1 < text.length) j++;
        s += text[j];
        j++;
      }
      if (j >= text.length) throw new SreprError('unterminated string', i);
      out.push({ t: 'str', v: s, at: i });
      i = j + 1;
    } else if (/[0-9.]/.test(c)) {
      const m = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(text.slice(i))!;
      out.push({ t: 'num', v: m[0], at: i });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z_0-9]*/.exec(text.slice(i))!;
      out.push({ t: 'name', v: m[0], at: i });
      i += m[0].length;
    } else {
      throw new SreprError(`unexpected character ${JSON.stringify(c)}`, i);
    }
  }
  return out;
}

const UNARY: Readonly<Record<string, ExpressionFunction>> = {
  sin: 'sin',
  cos: 'cos',
  tan: 'tan',
  asin: 'arcsin',
  acos: 'arccos',
  atan: 'arctan',
  exp: 'exp',
  log: 'ln',
  Abs: 'abs',
  conjugate: 'conj',
  sign: 'sign',
};

/** An argument: a value, or a keyword argument (ignored, like `precision=53`). */
type Arg = { readonly kind: 'value'; readonly value: Angle | string } | { readonly kind: 'kw' };

/**
 * Read srepr `text`; `symbol(name)` gives the angle of `Symbol(name)` (and throws for an
 * unknown name). Nesting deeper than `maxDepth` is an error.
 */
export function parseSrepr(text: string, symbol: (name: string) => Angle, maxDepth: number): Angle {
  if (text.length > 1_000_000) throw new SreprError('expression text is too long', 0);
  const tokens = tokenize(text);
  let p = 0;
  const peek = () => tokens[p];
  const expect = (v: string) => {
    const t = tokens[p];
    if (!t || t.t !== 'punct' || t.v !== v) {
      throw new SreprError(`expected '${v}'`, t?.at ?? text.length);
    }
    p++;
  };

  const value = (depth: number): Angle | string => {
    if (depth > maxDepth) throw new SreprError('expression nested too deeply', peek()?.at ?? 0);
    const t = tokens[p++];
    if (!t) throw new SreprError('unexpected end of expression', text.length);
    if (t.t === 'num') return Number(t.v);
    if (t.t === 'str') return t.v;
    if (t.t === 'punct' && (t.v === '-' || t.v === '+')) {
      const v = value(depth + 1);
      if (typeof v === 'string') throw new SreprError('sign before a string', t.at);
      return t.v === '-' ? negate(v) : v;
    }
    if (t.t !== 'name') throw new SreprError(`unexpected '${t.v}'`, t.at);
    if (t.v === 'pi') return Math.PI;
    if (t.v === 'E') return Math.E;
    expect('(');
    const args: Arg[] = [];
    while (!(peek()?.t === 'punct' && peek()!.v === ')')) {
      const n = tokens[p];
      if (n?.t === 'name' && tokens[p + 1]?.t === 'punct' && tokens[p + 1]!.v === '=') {
        p += 2;
        value(depth + 1);
        args.push({ kind: 'kw' });
      } else {
        args.push({ kind: 'value', value: value(depth + 1) });
      }
      if (peek()?.t === 'punct' && peek()!.v === ',') p++;
      else break;
    }
    expect(')');
    return apply(t.v, args, t.at);
  };

  const numbers = (name: string, args: readonly Arg[], at: number): Angle[] => {
    const out: Angle[] = [];
    for (const a of args) {
      if (a.kind === 'kw') continue;
      if (typeof a.value === 'string') throw new SreprError(`${name} takes no text`, at);
      out.push(a.value);
    }
    return out;
  };

  const apply = (name: string, args: readonly Arg[], at: number): Angle => {
    const positional = args.filter((a) => a.kind === 'value');
    switch (name) {
      case 'Symbol': {
        const first = positional[0];
        if (!first || typeof first.value !== 'string') {
          throw new SreprError('Symbol needs a name', at);
        }
        return symbol(first.value);
      }
      case 'Integer':
      case 'Float': {
        const first = positional[0];
        if (positional.length !== 1 || !first) throw new SreprError(`${name} needs one value`, at);
        const v = typeof first.value === 'string' ? Number(first.value) : first.value;
        if (typeof v === 'number' && Number.isNaN(v)) {
          throw new SreprError(`${name} value is not a number`, at);
        }
        return v;
      }
      case 'Rational': {
        const [n, d] = numbers(name, args, at);
        if (n === undefined || d === undefined) throw new SreprError('Rational needs two', at);
        return binary('/', n, d);
      }
      case 'Add':
      case 'Mul': {
        const xs = numbers(name, args, at);
        if (xs.length === 0) throw new SreprError(`${name} needs arguments`, at);
        return xs.slice(1).reduce((acc, x) => binary(name === 'Add' ? '+' : '*', acc, x), xs[0]!);
      }
      case 'Sub':
      case 'Div':
      case 'Pow': {
        const xs = numbers(name, args, at);
        if (xs.length !== 2) throw new SreprError(`${name} needs two arguments`, at);
        return binary(name === 'Sub' ? '-' : name === 'Div' ? '/' : '^', xs[0]!, xs[1]!);
      }
      default: {
        const fn = UNARY[name];
        if (!fn) throw new SreprError(`'${name}' is not part of a parameter expression`, at);
        const xs = numbers(name, args, at);
        if (xs.length !== 1) throw new SreprError(`${name} needs one argument`, at);
        return call(fn, xs[0]!);
      }
    }
  };

  const out = value(0);
  if (p !== tokens.length)
    throw new SreprError('unexpected text after the expression', tokens[p]!.at);
  if (typeof out === 'string') throw new SreprError('the expression is only text', 0);
  return out;
}
