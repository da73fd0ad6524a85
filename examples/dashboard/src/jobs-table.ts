/**
 * The DOM of the jobs list: one row per job (id, status in plain words, program, backend,
 * creation time, tags), the selected row marked, and the pager ("11–20 of 57", previous,
 * next, rows per page). It renders what it is given and reports clicks; it holds no job logic.
 *
 * @module
 */
import type { JobStatus, PrimitiveResult, RuntimeJob } from '../../../src/index.js';
import { el } from './dom.js';
import { count, dateTime, statusWord } from './format.js';
import { SCAN_LIMIT } from './job-query.js';
import { PAGE_SIZES } from './view-state.js';

/** One job as the list shows it. */
export interface JobRowData {
  readonly id: string;
  readonly status: JobStatus | undefined;
  readonly program: string | undefined;
  readonly backend: string | undefined;
  readonly created: Date | undefined;
  readonly tags: readonly string[];
  /** The service no longer knows the job. */
  readonly gone?: boolean;
}

/** A job as the list shows it, from what the service said of it. */
export function rowOfJob(job: RuntimeJob<PrimitiveResult>): JobRowData {
  return {
    id: job.jobId(),
    status: job.lastStatus,
    program: job.programId,
    backend: job.backendName,
    created: job.creationDate,
    tags: job.tags,
  };
}

/** Everything the list shows. */
export interface ListData {
  readonly rows: readonly JobRowData[];
  readonly page: number;
  readonly pageSize: number;
  readonly total: number | undefined;
  readonly hasMore: boolean;
  readonly capped: boolean;
  /** Some filter is set (the empty list then says so). */
  readonly filtered: boolean;
}

/** What the list's controls do. */
export interface ListActions {
  select(jobId: string): void;
  page(page: number): void;
  pageSize(size: number): void;
  clearFilters(): void;
}

/** A status badge: the status in plain words, coloured by `data-status`. */
export function statusBadge(status: JobStatus | undefined, gone = false): HTMLElement {
  return el(
    'span',
    { class: 'status-badge', data: { status: gone ? 'GONE' : (status ?? 'UNKNOWN') } },
    gone ? 'Not found' : statusWord(status),
  );
}

/** The list, bound to the page's table body, pager and empty-state elements. */
export class JobsTable {
  private data: ListData | undefined;
  private selected: string | undefined;

  constructor(
    private readonly body: HTMLTableSectionElement,
    private readonly pager: HTMLElement,
    private readonly empty: HTMLElement,
    private readonly actions: ListActions,
  ) {}

  /** Show `data`, with `selected` marked. */
  render(data: ListData, selected: string | undefined): void {
    this.data = data;
    this.selected = selected;
    this.body.replaceChildren(...data.rows.map((row) => this.row(row)));
    this.renderEmpty(data);
    this.renderPager(data);
  }

  /** Mark the row of `jobId` (or none) as selected. */
  select(jobId: string | undefined): void {
    this.selected = jobId;
    for (const tr of Array.from(this.body.querySelectorAll<HTMLTableRowElement>('tr.job-row'))) {
      tr.setAttribute('aria-selected', String(tr.dataset['jobId'] === jobId));
    }
  }

  /** Update one row's status in place (a live update between two reads of the list). */
  updateRow(jobId: string, change: Partial<Pick<JobRowData, 'status' | 'gone'>>): void {
    if (this.data === undefined) return;
    const rows = this.data.rows.map((r) => (r.id === jobId ? { ...r, ...change } : r));
    this.data = { ...this.data, rows };
    const row = rows.find((r) => r.id === jobId);
    const tr = this.body.querySelector<HTMLTableRowElement>(
      `tr[data-job-id="${CSS.escape(jobId)}"]`,
    );
    if (row !== undefined && tr !== null) tr.replaceWith(this.row(row));
  }

  /** The rows shown now. */
  get rows(): readonly JobRowData[] {
    return this.data?.rows ?? [];
  }

  private row(row: JobRowData): HTMLTableRowElement {
    const tr = el(
      'tr',
      {
        class: 'job-row',
        tabindex: 0,
        'aria-selected': String(row.id === this.selected),
        data: { jobId: row.id, status: row.gone ? 'GONE' : (row.status ?? 'UNKNOWN') },
      },
      el('td', { class: 'job-id' }, el('code', { title: row.id }, row.id)),
      el('td', { class: 'status' }, statusBadge(row.status, row.gone)),
      el('td', { class: 'program' }, row.program ?? '—'),
      el('td', { class: 'backend' }, row.backend ?? '—'),
      el(
        'td',
        { class: 'created' },
        row.created === undefined
          ? '—'
          : el('time', { datetime: row.created.toISOString() }, dateTime(row.created)),
      ),
      el('td', { class: 'tags' }, ...row.tags.map((t) => el('span', { class: 'tag' }, t))),
    );
    tr.addEventListener('click', () => this.actions.select(row.id));
    tr.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        this.actions.select(row.id);
      }
    });
    return tr;
  }

  private renderEmpty(data: ListData): void {
    this.empty.hidden = data.rows.length > 0;
    if (data.rows.length > 0) return;
    if (data.page > 0) {
      const first = el('button', { type: 'button', class: 'link' }, 'Go to the first page');
      first.addEventListener('click', () => this.actions.page(0));
      this.empty.replaceChildren(`No jobs on page ${data.page + 1}. `, first);
    } else if (data.filtered) {
      const clear = el('button', { type: 'button', class: 'link' }, 'Clear the filters');
      clear.addEventListener('click', () => this.actions.clearFilters());
      this.empty.replaceChildren('No job matches these filters. ', clear);
    } else {
      this.empty.replaceChildren('No jobs yet. Submit one with "New job" above.');
    }
  }

  private renderPager(data: ListData): void {
    const first = data.page * data.pageSize;
    const range =
      data.rows.length === 0 ? '0' : `${count(first + 1)}–${count(first + data.rows.length)}`;
    const of =
      data.total !== undefined ? ` of ${count(data.total)}` : data.hasMore ? ' of more' : '';
    const previous = el(
      'button',
      { type: 'button', class: 'previous', disabled: data.page === 0 },
      'Previous',
    );
    const next = el('button', { type: 'button', class: 'next', disabled: !data.hasMore }, 'Next');
    previous.addEventListener('click', () => this.actions.page(data.page - 1));
    next.addEventListener('click', () => this.actions.page(data.page + 1));
    const size = el(
      'select',
      { class: 'page-size', 'aria-label': 'Jobs per page' },
      ...PAGE_SIZES.map((n) =>
        el('option', { value: n, selected: n === data.pageSize }, String(n)),
      ),
    );
    size.addEventListener('change', () => this.actions.pageSize(Number(size.value)));
    this.pager.replaceChildren(
      el('label', { class: 'page-size-label' }, 'Per page ', size),
      el('span', { class: 'range' }, `${range}${of}`),
      ...(data.capped
        ? [
            el(
              'span',
              { class: 'capped' },
              `(looked through the ${count(SCAN_LIMIT)} newest jobs for this status)`,
            ),
          ]
        : []),
      el('span', { class: 'pager-buttons' }, previous, next),
    );
  }
}
