/**
 * The DOM of the job detail view: the job's id and status, what it is (program, backend,
 * creation, tags), how its updates arrive (last check, next check), how it ended, the
 * timeline, the results, the circuit and other inputs, the logs and the metrics. It renders
 * what it is given and reports the Cancel and Back buttons; it holds no job logic.
 *
 * @module
 */
import type { JobMetrics } from '../../../src/codecs/index.js';
import { el } from './dom.js';
import { clock, countdown, dateTime, duration, shortNumber, statusWord } from './format.js';
import { chartElement } from './histogram.js';
import type { DetailState, UpdateMode } from './detail-state.js';
import { isFinished } from './detail-state.js';
import { inputsElement } from './inputs-view.js';
import type { ReadableInputs } from './job-inputs.js';
import { statusBadge } from './jobs-table.js';
import type { JobRowData } from './jobs-table.js';
import { ORIGIN_WORDS, timelineOf } from './timeline.js';

/** What the view's buttons do. */
export interface DetailActions {
  back(): void;
  cancel(): void;
}

/** When the job was last read, and when the next read is due (undefined: none planned). */
export interface Checks {
  readonly last: Date | undefined;
  readonly next: Date | undefined;
}

/** Something that loads: not yet, its value, or why it failed. */
export type Loaded<T> =
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready'; readonly value: T }
  | { readonly kind: 'failed'; readonly message: string };

const CHANNEL_WORDS = { websocket: 'Live updates', poll: 'Status checks' } as const;
const STATE_WORDS = {
  open: 'connected',
  closed: 'closed',
  reconnecting: 'lost; reconnecting, with status checks meanwhile',
  fallback: 'unavailable; status checks carry on',
  idle: 'quiet for a while; checking',
} as const;

/** `2025-06-12 14:03:07` for an ISO time, or undefined. */
function when(iso: string | null | undefined): string | undefined {
  if (typeof iso !== 'string') return undefined;
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? iso
    : `${dateTime(d)}:${String(d.getSeconds()).padStart(2, '0')}`;
}

function section(cls: string, title: string, ...body: HTMLElement[]): HTMLElement {
  return el('section', { class: `detail-section ${cls}` }, el('h3', {}, title), ...body);
}

/** The detail view bound to the page's `#job-detail` element. */
export class DetailView {
  private readonly title = el('code', { class: 'job-id' });
  private readonly badge = el('span');
  private readonly cancelButton = el(
    'button',
    { type: 'button', class: 'cancel danger' },
    'Cancel job',
  );
  private readonly facts = el('p', { class: 'facts' });
  private readonly updates = el('p', { class: 'updates', 'aria-live': 'polite' });
  private readonly queue = el('p', { class: 'queue-position', hidden: true });
  private readonly notice = el('p', { class: 'notice', hidden: true, role: 'status' });
  private readonly ending = el('div', { class: 'ending', hidden: true });
  private readonly timeline = el('ol', { class: 'timeline' });
  private readonly partial = el('ol', { class: 'partial-list' });
  private readonly partialSection = el(
    'div',
    { class: 'partial', hidden: true },
    el('h4', {}, 'Partial results'),
    this.partial,
  );
  private readonly results = el('div', { class: 'results' });
  private readonly inputs = el('div', { class: 'inputs' });
  private readonly logs = el('pre', { class: 'logs' });
  private readonly metrics = el('dl', { class: 'facts-list metrics' });
  private readonly connections = el('ol', { class: 'connection-list' });
  private readonly connectionsSummary = el('summary', {}, 'How updates arrived');
  private readonly connectionsDetails = el(
    'details',
    { class: 'connections' },
    this.connectionsSummary,
    this.connections,
  );
  /** Everything about a job that exists: hidden when there is no such job to show. */
  private readonly sections = [
    section('timeline-section', 'Timeline', this.timeline, this.partialSection),
    section('results-section', 'Results', this.results),
    section('inputs-section', 'Circuit and inputs', this.inputs),
    section('logs-section', 'Logs', el('div', { class: 'code-scroll' }, this.logs)),
    section('metrics-section', 'Metrics', this.metrics),
  ];
  private info: JobRowData | undefined;
  private state: DetailState | undefined;
  private checks: Checks = { last: undefined, next: undefined };
  private paused = false;
  private metricsValue: JobMetrics | undefined;
  private chartsShown: DetailState['charts'] | null = null;

  constructor(
    private readonly root: HTMLElement,
    actions: DetailActions,
  ) {
    const back = el('button', { type: 'button', class: 'back secondary' }, '← All jobs');
    back.addEventListener('click', () => actions.back());
    this.cancelButton.addEventListener('click', () => actions.cancel());
    root.replaceChildren(
      el(
        'header',
        { class: 'detail-header' },
        back,
        el('h2', {}, this.title),
        this.badge,
        el('span', { class: 'detail-actions' }, this.cancelButton),
      ),
      this.facts,
      this.updates,
      this.queue,
      this.notice,
      this.ending,
      ...this.sections,
      this.connectionsDetails,
    );
  }

  /** Show a job (its row data as the list knows it), with everything else still loading. */
  open(info: JobRowData): void {
    this.info = info;
    this.state = undefined;
    this.metricsValue = undefined;
    this.chartsShown = null;
    this.checks = { last: undefined, next: undefined };
    this.root.hidden = false;
    this.root.dataset['jobId'] = info.id;
    this.title.textContent = info.id;
    this.notice.hidden = true;
    this.renderFacts();
    this.setInputs({ kind: 'loading' });
    this.setLogs({ kind: 'loading' });
    this.setMetrics({ kind: 'loading' });
    this.renderState();
  }

  /** Hide the view. */
  close(): void {
    this.root.hidden = true;
    delete this.root.dataset['jobId'];
    this.info = undefined;
  }

  /** The job shown, if any. */
  get jobId(): string | undefined {
    return this.info?.id;
  }

  /** Update what is known of the job itself (the service's record). */
  setInfo(info: JobRowData): void {
    if (info.id !== this.info?.id) return;
    this.info = info;
    this.renderFacts();
    this.renderState();
  }

  /** Show the live state. */
  render(state: DetailState): void {
    if (state.jobId !== this.info?.id) return;
    this.state = state;
    this.renderState();
  }

  /** Show when the job was last checked and when it will be next. */
  setChecks(checks: Checks): void {
    this.checks = checks;
    this.renderUpdates();
  }

  /** The tab is hidden (nothing is read until it shows again), or shows again. */
  setPaused(paused: boolean): void {
    this.paused = paused;
    this.renderUpdates();
  }

  /** Redraw the countdown of the next check. */
  tick(): void {
    this.renderUpdates();
  }

  /** A message about an action of the view (a refused cancel, say). */
  say(text: string | undefined, kind: 'info' | 'problem' = 'info'): void {
    this.notice.hidden = text === undefined;
    this.notice.dataset['kind'] = kind;
    this.notice.textContent = text ?? '';
  }

  /** Disable the Cancel button while a cancel request is under way. */
  cancelling(busy: boolean): void {
    this.cancelButton.disabled = busy;
    this.cancelButton.textContent = busy ? 'Cancelling…' : 'Cancel job';
  }

  /** Show the job's inputs (`params`, decoded). */
  setInputs(params: Loaded<ReadableInputs>): void {
    if (params.kind === 'loading') {
      this.inputs.replaceChildren(el('p', { class: 'hint' }, 'Loading the inputs…'));
    } else if (params.kind === 'failed') {
      this.inputs.replaceChildren(
        el('p', { class: 'problem' }, `Could not read the inputs: ${params.message}`),
      );
    } else {
      const { params: values, problem } = params.value;
      this.inputs.replaceChildren(
        ...(problem !== undefined
          ? [el('p', { class: 'hint' }, `Shown as sent; they could not be decoded: ${problem}`)]
          : []),
        ...inputsElement(values, this.info?.program),
      );
    }
  }

  /** Show the job's log text. */
  setLogs(logs: Loaded<string>): void {
    this.logs.dataset['state'] = logs.kind;
    this.logs.textContent =
      logs.kind === 'loading'
        ? 'Loading the logs…'
        : logs.kind === 'failed'
          ? `Could not read the logs: ${logs.message}`
          : logs.value.trim() === ''
            ? 'No log lines.'
            : logs.value;
  }

  /** Show the job's metrics. */
  setMetrics(metrics: Loaded<JobMetrics>): void {
    if (metrics.kind === 'ready') this.metricsValue = metrics.value;
    if (metrics.kind !== 'ready') {
      this.metrics.replaceChildren(
        el(
          'dd',
          { class: 'hint' },
          metrics.kind === 'loading'
            ? 'Loading the metrics…'
            : `Could not read the metrics: ${metrics.message}`,
        ),
      );
    } else {
      const m = metrics.value;
      const rows: [string, string | undefined][] = [
        [
          'Quantum time used',
          m.usage?.quantum_seconds == null
            ? undefined
            : `${shortNumber(m.usage.quantum_seconds, 3)} s`,
        ],
        [
          'Billed time',
          m.usage?.seconds == null ? undefined : `${shortNumber(m.usage.seconds, 3)} s`,
        ],
        ['Circuits', m.num_circuits == null ? undefined : String(m.num_circuits)],
        ['Qubits', m.num_qubits == null ? undefined : m.num_qubits.join(', ')],
        ['Circuit depths', m.circuit_depths == null ? undefined : m.circuit_depths.join(', ')],
        ['Executions', m.executions == null ? undefined : String(m.executions)],
        ['Qiskit version', m.qiskit_version ?? undefined],
        ['Expected to start', when(m.estimated_start_time)],
        ['Expected to finish', when(m.estimated_completion_time)],
      ];
      const shown = rows.filter((r): r is [string, string] => r[1] !== undefined);
      this.metrics.replaceChildren(
        ...(shown.length === 0
          ? [el('dd', { class: 'hint' }, 'The service reported no metrics.')]
          : shown.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)])),
      );
    }
    this.renderTimeline();
  }

  private renderFacts(): void {
    const info = this.info;
    if (info === undefined) return;
    this.facts.replaceChildren(
      el(
        'span',
        { class: 'fact' },
        el('span', { class: 'fact-name' }, 'Program '),
        info.program ?? '—',
      ),
      el(
        'span',
        { class: 'fact' },
        el('span', { class: 'fact-name' }, 'Backend '),
        info.backend ?? '—',
      ),
      el(
        'span',
        { class: 'fact' },
        el('span', { class: 'fact-name' }, 'Created '),
        info.created === undefined
          ? '—'
          : el('time', { datetime: info.created.toISOString() }, dateTime(info.created)),
      ),
      ...(info.tags.length > 0
        ? [
            el(
              'span',
              { class: 'fact' },
              el('span', { class: 'fact-name' }, 'Tags '),
              ...info.tags.map((t) => el('span', { class: 'tag' }, t)),
            ),
          ]
        : []),
    );
  }

  private renderState(): void {
    const info = this.info;
    if (info === undefined) return;
    const state = this.state;
    const status = state?.status ?? info.status;
    this.root.dataset['status'] = status ?? 'UNKNOWN';
    this.root.dataset['mode'] = state?.mode ?? 'connecting';
    // The job could not be read at all (not found, refused): nothing else to show of it.
    const unreadable = state?.ending?.kind === 'problem' && status === undefined;
    const gone = info.gone === true || state?.ending?.tag === 'RuntimeJobNotFoundError';
    for (const s of this.sections) s.hidden = unreadable;
    this.facts.hidden = unreadable;
    this.badge.replaceChildren(statusBadge(status, gone));
    const final = isFinished(status) || state?.settled === true;
    this.cancelButton.hidden = final;
    this.queue.hidden = state?.queuePosition === undefined;
    this.queue.textContent =
      state?.queuePosition === undefined ? '' : `Position ${state.queuePosition} in the queue`;
    this.renderEnding(state);
    this.renderTimeline();
    this.renderResults(state);
    this.renderUpdates();
    this.renderConnections(state);
  }

  private renderEnding(state: DetailState | undefined): void {
    const ending = state?.ending;
    this.ending.hidden = ending === undefined;
    if (ending === undefined) return;
    this.ending.dataset['kind'] = ending.kind;
    this.ending.dataset['tag'] = ending.tag;
    const heading =
      ending.kind === 'cancelled'
        ? 'This job was cancelled.'
        : ending.kind === 'failed'
          ? 'This job failed.'
          : 'This page could not follow the job.';
    const detail =
      ending.kind === 'cancelled'
        ? 'It stopped before it finished, so it has no results.'
        : ending.message;
    this.ending.replaceChildren(el('strong', {}, heading), ' ', detail);
  }

  private renderTimeline(): void {
    const info = this.info;
    if (info === undefined) return;
    const entries = timelineOf(info.created, this.state?.steps ?? [], this.metricsValue);
    this.timeline.replaceChildren(
      ...entries.map((e) =>
        el(
          'li',
          {
            class: e.what === 'created' ? 'step created' : 'step',
            data: { status: e.what === 'created' ? 'CREATED' : e.what, source: e.origin },
            title: ORIGIN_WORDS[e.origin],
          },
          el('span', { class: 'step-name' }, e.what === 'created' ? 'Created' : statusWord(e.what)),
          el('time', { datetime: e.time.toISOString() }, clock(e.time)),
          e.sinceCreated !== undefined && e.what !== 'created'
            ? el('span', { class: 'offset' }, `+${duration(e.sinceCreated)}`)
            : null,
          // A failure's reason is in the box above the timeline already.
          e.reason !== undefined &&
            !(this.state?.ending?.kind === 'failed' && e.reason === this.state.ending.message)
            ? el('span', { class: 'reason' }, e.reason)
            : null,
        ),
      ),
      ...(this.state?.unknownStatuses ?? []).map((raw) =>
        el(
          'li',
          { class: 'unknown-status' },
          `The service reported a status this page does not know: ${raw}`,
        ),
      ),
    );
    // Partial results matter until the whole result is in.
    const partial = this.state?.charts === undefined ? (this.state?.partial ?? []) : [];
    this.partialSection.hidden = partial.length === 0;
    this.partial.replaceChildren(
      ...partial.map((p) =>
        el(
          'li',
          { data: { index: p.index } },
          el('time', { datetime: p.time.toISOString() }, clock(p.time)),
          ` ${p.summary}`,
        ),
      ),
    );
  }

  private renderResults(state: DetailState | undefined): void {
    const charts = state?.charts;
    if (charts === this.chartsShown) return;
    const status = state?.status ?? this.info?.status;
    this.chartsShown = charts;
    if (charts !== undefined && charts.length > 0) {
      this.results.replaceChildren(...charts.map(chartElement));
      return;
    }
    const text =
      charts !== undefined
        ? 'The result has no counts or values to draw.'
        : status === 'DONE'
          ? 'Loading the results…'
          : status === 'CANCELLED'
            ? 'No results: the job was cancelled.'
            : status === 'ERROR'
              ? 'No results: the job failed.'
              : 'Results appear here when the job completes.';
    this.results.replaceChildren(el('p', { class: 'hint' }, text));
    // Loading text may change with the status; draw again next time.
    this.chartsShown = null;
  }

  private renderUpdates(): void {
    const mode: UpdateMode = this.state?.mode ?? 'connecting';
    this.updates.dataset['mode'] = mode;
    const { last, next } = this.checks;
    const paused = this.paused;
    const parts: string[] = [];
    if (mode === 'finished' || isFinished(this.state?.status)) {
      parts.push('Finished: nothing more to check');
    } else if (this.state?.settled === true) {
      // The stream ended without a final status (the job could not be followed): no checks.
    } else if (paused) {
      parts.push('Paused while this tab is hidden');
    } else {
      if (mode === 'websocket') parts.push('Updates arrive as they happen');
      if (mode === 'connecting') parts.push('Connecting…');
      if (last !== undefined) parts.push(`last checked ${clock(last)}`);
      if (next !== undefined) parts.push(`next check ${countdown(next.getTime() - Date.now())}`);
    }
    const text = parts.join(' · ');
    this.updates.hidden = text === '';
    this.updates.textContent = text.charAt(0).toUpperCase() + text.slice(1);
  }

  private renderConnections(state: DetailState | undefined): void {
    const entries = state?.connections ?? [];
    this.connectionsSummary.textContent = `How updates arrived (${entries.length})`;
    this.connectionsDetails.hidden = entries.length === 0;
    this.connections.replaceChildren(
      ...entries.map((c) =>
        el(
          'li',
          { data: { mode: c.mode, state: c.state, channel: c.channel } },
          el('time', { datetime: c.time.toISOString() }, clock(c.time)),
          ` ${CHANNEL_WORDS[c.channel]} ${STATE_WORDS[c.state]}`,
          c.detail !== '' ? el('span', { class: 'detail' }, ` (${c.detail})`) : null,
        ),
      ),
    );
  }
}
