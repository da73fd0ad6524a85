/**
 * The OpenQASM editor of the new-job form: a plain textarea with line numbers beside it and,
 * behind the text, a layer that marks the lines and columns of the problems the runtime
 * reported (several at once), with a list under the editor that shows each problem on its
 * line with a caret and puts the cursor there when clicked. Editing the text takes the marks
 * away (they point into the old text); the list stays until the next submission.
 *
 * @module
 */
import { el } from './dom.js';
import { excerpt } from './qasm-problems.js';
import type { QasmProblem } from './qasm-problems.js';

/** Where in `text` line `line`, column `column` (both from 1) is, clamped to the line. */
export function offsetOf(text: string, line: number, column: number): number {
  const lines = text.split('\n');
  let offset = 0;
  for (let i = 0; i < Math.min(line - 1, lines.length - 1); i++) offset += lines[i]!.length + 1;
  const current = lines[Math.min(line, lines.length) - 1] ?? '';
  return offset + Math.min(Math.max(column - 1, 0), current.length);
}

/** The editor, its marks and its problem list. */
export class CircuitEditor {
  /** The editor (gutter, marks and textarea). */
  readonly element: HTMLElement;
  /** The problem list, to be placed under the editor. */
  readonly problemsElement: HTMLElement;
  private readonly gutter = el('div', { class: 'editor-gutter', 'aria-hidden': 'true' });
  private readonly marks = el('pre', { class: 'editor-marks', 'aria-hidden': 'true' });
  private readonly heading = el('p', { class: 'problems-heading' });
  private readonly list = el('ol', { class: 'problem-list' });
  private problems: readonly QasmProblem[] = [];
  private marked = false;

  constructor(readonly textarea: HTMLTextAreaElement) {
    textarea.wrap = 'off';
    textarea.spellcheck = false;
    textarea.setAttribute('aria-describedby', 'qasm-problems');
    const code = el('div', { class: 'editor-code' }, this.marks);
    this.element = el('div', { class: 'editor' }, this.gutter, code);
    textarea.replaceWith(this.element);
    code.append(textarea);
    this.problemsElement = el(
      'div',
      { id: 'qasm-problems', class: 'problems', role: 'alert', hidden: true },
      this.heading,
      this.list,
    );
    textarea.addEventListener('input', () => {
      this.marked = false;
      this.render();
    });
    textarea.addEventListener('scroll', () => this.follow());
    this.render();
  }

  /** The program text. */
  get value(): string {
    return this.textarea.value;
  }

  set value(text: string) {
    this.textarea.value = text;
    this.showProblems([]);
  }

  /** Mark `problems` in the text and list them (an empty list clears both). */
  showProblems(problems: readonly QasmProblem[]): void {
    this.problems = problems;
    this.marked = problems.length > 0;
    const source = this.textarea.value;
    this.problemsElement.hidden = problems.length === 0;
    this.heading.textContent =
      problems.length === 1
        ? 'The runtime could not read the circuit:'
        : `The runtime could not read the circuit (${problems.length} problems):`;
    this.list.replaceChildren(
      ...problems.map((p) => {
        const lines = excerpt(source, p);
        const go = el(
          'button',
          { type: 'button', class: 'goto', title: 'Put the cursor there' },
          `Line ${p.line}, column ${p.column}`,
        );
        go.addEventListener('click', () => this.select(p));
        return el(
          'li',
          { data: { line: p.line, column: p.column } },
          go,
          ' ',
          el('span', { class: 'problem-message' }, p.message),
          lines !== undefined ? el('pre', { class: 'excerpt' }, `${lines[0]}\n${lines[1]}`) : null,
        );
      }),
    );
    this.render();
  }

  /** Put the cursor at a problem and bring it into view. */
  select(problem: QasmProblem): void {
    const at = offsetOf(this.textarea.value, problem.line, problem.column);
    this.textarea.focus();
    this.textarea.setSelectionRange(at, at + 1);
    const lineHeight = parseFloat(getComputedStyle(this.textarea).lineHeight) || 18;
    this.textarea.scrollTop = Math.max(0, (problem.line - 3) * lineHeight);
    this.follow();
  }

  private render(): void {
    const lines = this.textarea.value.split('\n');
    const byLine = new Map<number, QasmProblem[]>();
    if (this.marked) {
      for (const p of this.problems) byLine.set(p.line, [...(byLine.get(p.line) ?? []), p]);
    }
    this.gutter.replaceChildren(
      ...lines.map((_, i) => {
        const here = byLine.get(i + 1);
        return el(
          'div',
          {
            class: here ? 'line-number error' : 'line-number',
            data: { line: i + 1 },
            title: here
              ? here.map((p) => `column ${p.column}: ${p.message}`).join('\n')
              : undefined,
          },
          String(i + 1),
        );
      }),
    );
    this.marks.replaceChildren(
      ...lines.flatMap((line, i) => {
        const here = byLine.get(i + 1);
        const parts: (Node | string)[] = [];
        if (here === undefined) parts.push(line);
        else parts.push(this.markedLine(line, i + 1, here));
        if (i + 1 < lines.length) parts.push('\n');
        return parts;
      }),
      // A last line break is not drawn by a <pre>; the textarea keeps room for it.
      '\n',
    );
    this.follow();
  }

  private markedLine(line: string, number: number, problems: readonly QasmProblem[]): HTMLElement {
    const columns = [...new Set(problems.map((p) => Math.max(1, p.column)))].sort((a, b) => a - b);
    const span = el('span', { class: 'error-line', data: { line: number } });
    let at = 0;
    for (const column of columns) {
      const index = column - 1;
      if (index < at) continue;
      span.append(line.slice(at, index));
      const messages = problems
        .filter((p) => Math.max(1, p.column) === column)
        .map((p) => p.message);
      span.append(
        el(
          'mark',
          { class: 'error-at', data: { line: number, column }, title: messages.join('\n') },
          // Past the end of the line (a missing `;`): mark the place after it.
          index < line.length ? line[index]! : ' ',
        ),
      );
      at = index + 1;
    }
    span.append(line.slice(at));
    return span;
  }

  /** Keep the marks and the line numbers under the text as it scrolls. */
  private follow(): void {
    this.marks.scrollTop = this.textarea.scrollTop;
    this.marks.scrollLeft = this.textarea.scrollLeft;
    this.gutter.scrollTop = this.textarea.scrollTop;
  }
}
