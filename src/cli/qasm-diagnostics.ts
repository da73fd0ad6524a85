/**
 * OpenQASM problems as a list of positioned diagnostics, read from whatever reports them: a
 * `QasmError` of the parser (one position today, a list of diagnostics when it carries one),
 * or the text of the service's HTTP 400 answer (`… OpenQASM error at line 6, column 1: unknown
 * gate 'frob'`, one or several positions).
 *
 * @module
 */

/** One problem of an OpenQASM program. */
export interface QasmDiagnostic {
  /** 1-based line. */
  readonly line: number;
  /** 1-based column. */
  readonly column: number;
  readonly message: string;
  /** The offending source line (possibly cut around the problem), when the reporter sent one. */
  readonly excerpt?: string;
}

const POSITION = /line (\d+), column (\d+): /g;

function isDiagnostic(value: unknown): value is QasmDiagnostic {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return (
    Number.isSafeInteger(v['line']) &&
    Number.isSafeInteger(v['column']) &&
    typeof v['message'] === 'string' &&
    (v['excerpt'] === undefined || typeof v['excerpt'] === 'string')
  );
}

/**
 * The diagnostics of a parser error: its `diagnostics` list when it has one, else its single
 * `line`, `column` and `detail`. Empty for anything else.
 */
export function diagnosticsOfError(error: unknown): QasmDiagnostic[] {
  if (error === null || typeof error !== 'object') return [];
  const e = error as Record<string, unknown>;
  const list = e['diagnostics'];
  if (Array.isArray(list) && list.length > 0 && list.every(isDiagnostic)) {
    return list.map((d) => ({
      line: d.line,
      column: d.column,
      message: d.message,
      ...(d.excerpt !== undefined && d.excerpt.trim() !== '' ? { excerpt: d.excerpt } : {}),
    }));
  }
  if (
    Number.isSafeInteger(e['line']) &&
    Number.isSafeInteger(e['column']) &&
    typeof e['detail'] === 'string'
  ) {
    return [{ line: e['line'] as number, column: e['column'] as number, message: e['detail'] }];
  }
  return [];
}

/**
 * Every `line N, column M: message` in `text`, each message running to the next position (or
 * the end) without the separators between them. Duplicates are dropped.
 */
export function diagnosticsInText(text: string): QasmDiagnostic[] {
  const matches = [...text.matchAll(POSITION)];
  const out: QasmDiagnostic[] = [];
  const seen = new Set<string>();
  matches.forEach((m, i) => {
    const start = m.index + m[0].length;
    const end = i + 1 < matches.length ? matches[i + 1]!.index : text.length;
    const message = text
      .slice(start, end)
      .replace(/\s*(?:\(?\d+ more errors?\)?)?[\s;,]*$/, '')
      .replace(/\s+/g, ' ')
      .trim();
    const key = `${m[1]}:${m[2]}:${message}`;
    if (message === '' || seen.has(key)) return;
    seen.add(key);
    out.push({ line: Number(m[1]), column: Number(m[2]), message });
  });
  return out;
}
