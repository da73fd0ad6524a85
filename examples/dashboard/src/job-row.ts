/**
 * The DOM of one job row: header (id, program, status, how the stream is carried, queue
 * position, elapsed time, cancel and close controls, the cancel-on-close toggle), the status
 * timeline, interim results, result charts, how the stream ended, and the connection log.
 * It renders a {@link JobRowState}; it holds no job logic.
 *
 * @module
 */
import { el } from './dom.js';
import { clockTime, duration, offset } from './format.js';
import { chartElement } from './histogram.js';
import type { Chart, ConnectionMode, JobRowState } from './job-state.js';

/** Where a row came from: a job submitted from this page, or one watched by id. */
export type RowOrigin = 'submitted' | 'watched';

/** What the row's controls do. */
export interface RowActions {
  /** The Cancel button was pressed. */
  cancel(): void;
  /** The Close button was pressed. */
  close(): void;
}

const MODE_TEXT: Record<ConnectionMode, string> = {
  connecting: 'connecting',
  websocket: 'websocket',
  polling: 'polling',
  ended: 'ended',
};

/** One job row in the page. */
export class JobRow {
  /** The row's root element (`article.job`). */
  readonly element: HTMLElement;
  private readonly statusBadge = el('span', { class: 'status-badge' }, '…');
  private readonly connection = el('span', { class: 'connection' }, 'connecting');
  private readonly queue = el('span', { class: 'queue-position' });
  private readonly elapsed = el('span', { class: 'elapsed' }, 'elapsed 0.0 s');
  private readonly pace = el('span', { class: 'poll-interval' });
  private readonly timeline = el('ol', { class: 'timeline' });
  private readonly interimList = el('ol', { class: 'interim-list' });
  private readonly interimSection = el(
    'section',
    { class: 'interim', hidden: true },
    el('h4', {}, 'Interim results'),
    this.interimList,
  );
  private readonly result = el('section', { class: 'result' });
  private readonly message = el('p', { class: 'message', hidden: true });
  private readonly connectionList = el('ol', { class: 'connection-list' });
  private readonly connectionSummary = el('summary', {}, 'Connection log');
  private readonly cancelButton = el('button', { type: 'button', class: 'cancel' }, 'Cancel job');
  private readonly toggle = el('input', { type: 'checkbox', class: 'cancel-on-close-toggle' });
  private charts: readonly Chart[] | undefined;
  private state: JobRowState;

  constructor(state: JobRowState, origin: RowOrigin, cancelOnClose: boolean, actions: RowActions) {
    this.state = state;
    this.toggle.checked = cancelOnClose;
    const closeButton = el(
      'button',
      { type: 'button', class: 'close', title: 'Stop watching' },
      'Close',
    );
    this.cancelButton.addEventListener('click', () => actions.cancel());
    closeButton.addEventListener('click', () => actions.close());
    this.element = el(
      'article',
      { class: 'job', data: { jobId: state.jobId, origin } },
      el(
        'header',
        {},
        el(
          'div',
          { class: 'identity' },
          el('code', { class: 'job-id' }, state.jobId),
          el('span', { class: 'program' }, state.program),
          el(
            'span',
            { class: 'origin' },
            origin === 'watched' ? 'watched by id' : 'submitted here',
          ),
        ),
        el(
          'div',
          { class: 'live' },
          this.statusBadge,
          this.connection,
          this.queue,
          this.elapsed,
          this.pace,
        ),
        el(
          'div',
          { class: 'controls' },
          el('label', { class: 'cancel-on-close' }, this.toggle, ' cancel the job when closed'),
          this.cancelButton,
          closeButton,
        ),
      ),
      this.timeline,
      this.interimSection,
      this.result,
      this.message,
      el('details', { class: 'connections' }, this.connectionSummary, this.connectionList),
    );
    this.render(state, new Date());
  }

  /** Whether closing the row should also cancel the job (the per-job toggle). */
  get cancelOnClose(): boolean {
    return this.toggle.checked;
  }

  /** Show a problem with an action of the row (a refused cancel, for example). */
  notice(text: string): void {
    this.message.hidden = false;
    this.message.dataset['tag'] = 'notice';
    this.message.textContent = text;
  }

  /** Show `state`; `now` is the time elapsed time is measured to while the job runs. */
  render(state: JobRowState, now: Date): void {
    this.state = state;
    const root = this.element;
    root.dataset['status'] = state.status ?? 'UNKNOWN';
    root.dataset['mode'] = state.mode;
    this.statusBadge.textContent = state.status ?? '…';
    this.statusBadge.dataset['status'] = state.status ?? 'UNKNOWN';
    this.connection.textContent = MODE_TEXT[state.mode];
    this.connection.dataset['mode'] = state.mode;
    this.queue.hidden = state.queuePosition === undefined;
    this.queue.textContent =
      state.queuePosition === undefined ? '' : `queue position ${state.queuePosition}`;
    this.pace.hidden = state.pollIntervalMs === undefined || state.mode === 'ended';
    this.pace.textContent =
      state.pollIntervalMs === undefined ? '' : `polls every ${duration(state.pollIntervalMs)}`;
    this.cancelButton.disabled = state.endedAt !== undefined || state.finished;
    this.tick(now);

    this.timeline.replaceChildren(
      ...state.transitions.map((t) =>
        el(
          'li',
          { class: 'transition', data: { status: t.status, source: t.source } },
          el('span', { class: 'status' }, t.status),
          el('time', { datetime: t.time.toISOString() }, clockTime(t.time)),
          el('span', { class: 'offset' }, offset(state.startedAt, t.time)),
          el('span', { class: 'source' }, `via ${t.source}`),
          t.reason !== undefined ? el('span', { class: 'reason' }, t.reason) : null,
        ),
      ),
      ...state.unknownStatuses.map((raw) =>
        el('li', { class: 'unknown-status' }, `unknown status ${JSON.stringify(raw)}`),
      ),
    );

    this.interimSection.hidden = state.interim.length === 0;
    this.interimList.replaceChildren(
      ...state.interim.map((i) =>
        el(
          'li',
          { class: 'interim-item', data: { index: i.index } },
          el('time', { datetime: i.time.toISOString() }, clockTime(i.time)),
          ` #${i.index}: ${i.summary}`,
        ),
      ),
    );

    if (state.charts !== this.charts) {
      this.charts = state.charts;
      this.result.replaceChildren(...(state.charts ?? []).map(chartElement));
    }

    if (state.ended !== undefined) {
      this.message.hidden = false;
      this.message.dataset['tag'] = state.ended.tag;
      this.message.textContent = `${state.ended.tag}: ${state.ended.message}`;
    }

    this.connectionSummary.textContent = `Connection log (${state.connections.length})`;
    this.connectionList.replaceChildren(
      ...state.connections.map((c) =>
        el(
          'li',
          { data: { mode: c.mode, state: c.state, channel: c.channel } },
          el('time', { datetime: c.time.toISOString() }, clockTime(c.time)),
          ` ${c.channel} ${c.state} → ${MODE_TEXT[c.mode]}`,
          c.detail !== '' ? el('span', { class: 'detail' }, ` (${c.detail})`) : null,
        ),
      ),
    );
  }

  /** Update the elapsed time only. */
  tick(now: Date): void {
    const end = this.state.endedAt ?? now;
    this.elapsed.textContent = `elapsed ${duration(end.getTime() - this.state.startedAt.getTime())}`;
  }
}
