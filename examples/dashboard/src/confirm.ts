/**
 * A yes-or-no question in a modal `<dialog>` (the page's own, not `window.confirm`, so it
 * looks like the rest of the page and says exactly what the buttons do). Escape, a click
 * outside the box, or the "no" button all answer no.
 *
 * @module
 */
import { el } from './dom.js';

/** What the dialog says. */
export interface Question {
  readonly title: string;
  readonly body: string;
  /** Label of the button that answers yes, e.g. "Cancel job". */
  readonly yes: string;
  /** Label of the button that answers no, e.g. "Keep it running". */
  readonly no: string;
}

/** Ask `question`; resolves to true when the "yes" button was pressed. */
export function ask(question: Question): Promise<boolean> {
  const yes = el('button', { type: 'button', class: 'danger', value: 'yes' }, question.yes);
  const no = el('button', { type: 'button', class: 'secondary', value: 'no' }, question.no);
  const dialog = el(
    'dialog',
    { class: 'confirm', 'aria-labelledby': 'confirm-title' },
    el('h2', { id: 'confirm-title' }, question.title),
    el('p', {}, question.body),
    el('div', { class: 'confirm-buttons' }, no, yes),
  );
  document.body.append(dialog);
  return new Promise<boolean>((resolve) => {
    let answer = false;
    yes.addEventListener('click', () => {
      answer = true;
      dialog.close();
    });
    no.addEventListener('click', () => dialog.close());
    dialog.addEventListener('click', (e) => {
      // A click on the backdrop reaches the dialog itself, outside its box.
      const box = dialog.getBoundingClientRect();
      const inside =
        e.clientX >= box.left &&
        e.clientX <= box.right &&
        e.clientY >= box.top &&
        e.clientY <= box.bottom;
      if (e.target === dialog && !inside) dialog.close();
    });
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(answer);
    });
    dialog.showModal();
    no.focus();
  });
}
