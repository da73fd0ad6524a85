/**
 * The problems of an OpenQASM program as the runtime reports them when it refuses a job
 * (HTTP 400): every `line L, column C: what is wrong` in the error's message, in the messages
 * of its causes and in each entry of the API's error list, so one refusal naming several
 * problems marks them all. Plus the excerpt with a caret that the page shows under each.
 *
 * @module
 */

/** One problem at a place in the program (line and column from 1). */
export interface QasmProblem {
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

const POSITION = /\bline (\d+), column (\d+):\s*/g;

/**
 * Text between two positions that is not part of the problem before: separators, and the
 * prefix the runtime puts before each problem (`params.pubs[0][0]: OpenQASM error at`).
 */
const TRAILER =
  /(?:\s|[;,]|\band\b|\bparams(?:\.\w+|\[\d+\])*:|\bOpenQASM (?:errors?|problems?)(?: at)?|\(\d+\):?)*$/i;

/** The problems named in one message, in the order written. */
export function problemsInText(text: string): QasmProblem[] {
  const found: QasmProblem[] = [];
  const matches = [...text.matchAll(POSITION)];
  matches.forEach((m, i) => {
    const start = m.index + m[0].length;
    const end = i + 1 < matches.length ? matches[i + 1]!.index : text.length;
    const firstLine = text.slice(start, end).split('\n')[0]!;
    const message = firstLine.replace(TRAILER, '').trim();
    found.push({ line: Number(m[1]), column: Number(m[2]), message });
  });
  return found;
}

function messagesOf(error: unknown, seen = new Set<unknown>()): string[] {
  if (error === null || error === undefined || seen.has(error)) return [];
  seen.add(error);
  if (typeof error === 'string') return [error];
  if (typeof error !== 'object') return [];
  const e = error as { message?: unknown; details?: unknown; cause?: unknown };
  const own = typeof e.message === 'string' ? [e.message] : [];
  const details = Array.isArray(e.details) ? e.details.flatMap((d) => messagesOf(d, seen)) : [];
  return [...own, ...details, ...messagesOf(e.cause, seen)];
}

/**
 * Every problem named by `error` (a refused job's error, its causes, the API's error list),
 * each once, sorted by place.
 */
export function qasmProblemsOf(error: unknown): QasmProblem[] {
  const unique = new Map<string, QasmProblem>();
  for (const text of messagesOf(error)) {
    for (const p of problemsInText(text)) unique.set(`${p.line}:${p.column}:${p.message}`, p);
  }
  return [...unique.values()].sort((a, b) => a.line - b.line || a.column - b.column);
}

/**
 * The line of `source` a problem is on, and a caret under its column (tabs kept, so the caret
 * lines up): `['h q[5];', '  ^']`. Undefined when the line does not exist.
 */
export function excerpt(source: string, problem: QasmProblem): [string, string] | undefined {
  const line = source.split(/\r?\n/)[problem.line - 1];
  if (line === undefined) return undefined;
  const before = line.slice(0, Math.max(0, problem.column - 1)).replace(/[^\t]/g, ' ');
  return [line, `${before}^`];
}
