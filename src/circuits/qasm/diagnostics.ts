/**
 * Collects the problems of one OpenQASM program, so a single answer can name all of them.
 *
 * @module
 */
import { QasmError, type QasmDiagnostic } from './errors.js';

/** A place in the source, 1-based. */
export interface Pos {
  readonly line: number;
  readonly column: number;
}

/** Most problems reported for one program; the parser stops looking after this many. */
export const MAX_DIAGNOSTICS = 20;

const EXCERPT_WIDTH = 80;

/** Thrown when the bound is reached: parsing stops and the collected problems are reported. */
export class DiagnosticsFull extends Error {
  constructor() {
    super('too many problems');
  }
}

/** The problems found so far, in the order found, with excerpts cut from the source. */
export class Diagnostics {
  private readonly list: QasmDiagnostic[] = [];
  private lines: readonly string[] | undefined;
  private readonly seen = new Set<string>();

  constructor(private readonly source: string) {}

  get count(): number {
    return this.list.length;
  }

  /** Record a problem. Throws {@link DiagnosticsFull} once {@link MAX_DIAGNOSTICS} are recorded. */
  report(message: string, at: Pos): void {
    const key = `${at.line}:${at.column}:${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.list.push({
      line: at.line,
      column: at.column,
      message,
      excerpt: this.excerpt(at),
    });
    if (this.list.length >= MAX_DIAGNOSTICS) throw new DiagnosticsFull();
  }

  /** The error carrying every problem, sorted by position, or `undefined` when there were none. */
  error(): QasmError | undefined {
    if (this.list.length === 0) return undefined;
    const sorted = [...this.list].sort((a, b) => a.line - b.line || a.column - b.column);
    return QasmError.of(sorted);
  }

  private excerpt(at: Pos): string {
    this.lines ??= this.source.split('\n');
    const raw = (this.lines[at.line - 1] ?? '').replace(/\r$/, '');
    const text = raw.trimEnd();
    if (text.length <= EXCERPT_WIDTH) return text.trim();
    const centre = Math.min(Math.max(at.column - 1, 0), text.length);
    let start = Math.max(0, centre - EXCERPT_WIDTH / 2);
    const end = Math.min(text.length, start + EXCERPT_WIDTH);
    start = Math.max(0, end - EXCERPT_WIDTH);
    return `${start > 0 ? '…' : ''}${text.slice(start, end).trim()}${end < text.length ? '…' : ''}`;
  }
}

/**
 * A problem found while lowering a statement: thrown from anywhere inside it, caught where the
 * statement is lowered, reported, and the statement skipped. Not an `Error` (it never leaves
 * the parser, which reports it in a QasmError): a program can raise many, and none needs a
 * stack trace.
 */
export class Problem {
  constructor(
    readonly detail: string,
    readonly at: Pos,
    /** True when nothing after it can be lowered (a size bound was reached). */
    readonly fatal = false,
  ) {}
}
