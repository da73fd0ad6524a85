/**
 * What the jobs console shows, as plain data kept in the page's address: the list's filters,
 * page and page size, and the job whose details are open. Reading is lenient (a value that
 * does not make sense is dropped and named), writing leaves defaults out, so a reload or a
 * shared link shows the same view.
 *
 * @module
 */
import type { JobStatus } from '../../../src/index.js';

/** The status filter: any job, the unfinished or the finished ones, or one status. */
export type StatusFilter = 'any' | 'active' | 'finished' | JobStatus;

/** Every status filter, in the order the page offers them. */
export const STATUS_FILTERS: readonly StatusFilter[] = [
  'any',
  'active',
  'finished',
  'QUEUED',
  'RUNNING',
  'DONE',
  'ERROR',
  'CANCELLED',
];

/** Filters of the jobs list. Dates are `YYYY-MM-DD` (local days, both ends included). */
export interface ListFilters {
  readonly status: StatusFilter;
  readonly program?: string;
  readonly backend?: string;
  readonly tag?: string;
  readonly from?: string;
  readonly to?: string;
}

/** The whole view. `page` counts from 0 (the address shows it from 1). */
export interface ConsoleView {
  readonly filters: ListFilters;
  readonly page: number;
  readonly pageSize: number;
  /** The job whose details are open. */
  readonly job?: string;
}

/** Page sizes the page offers; the first is the default. */
export const PAGE_SIZES: readonly number[] = [10, 25, 50, 100];

/** The view of a page opened with nothing in its address. */
export const DEFAULT_VIEW: ConsoleView = {
  filters: { status: 'any' },
  page: 0,
  pageSize: PAGE_SIZES[0]!,
};

/** The address parameters of the view; every other parameter of the address is left alone. */
export const VIEW_PARAMS = [
  'status',
  'program',
  'backend',
  'tag',
  'from',
  'to',
  'page',
  'size',
  'job',
];

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const NAME = /^[\w.:/@+-]{1,128}$/;

/** True for a real calendar day written `YYYY-MM-DD`. */
export function isDay(text: string): boolean {
  const m = DAY.exec(text);
  if (m === null) return false;
  const date = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return date.getDate() === Number(m[3]) && date.getMonth() === Number(m[2]) - 1;
}

/** The view an address describes, and what in it was dropped because it made no sense. */
export function readView(params: URLSearchParams): {
  readonly view: ConsoleView;
  readonly dropped: readonly string[];
} {
  const dropped: string[] = [];
  const text = (name: string, ok: (v: string) => boolean): string | undefined => {
    const value = params.get(name)?.trim();
    if (value === undefined || value === '') return undefined;
    if (ok(value)) return value;
    dropped.push(`${name}=${value}`);
    return undefined;
  };
  const status = text('status', (v) => (STATUS_FILTERS as readonly string[]).includes(v));
  const program = text('program', (v) => NAME.test(v));
  const backend = text('backend', (v) => NAME.test(v));
  const tag = text('tag', (v) => v.length <= 256);
  const from = text('from', isDay);
  let to = text('to', isDay);
  if (from !== undefined && to !== undefined && from > to) {
    dropped.push(`to=${to} (before from=${from})`);
    to = undefined;
  }
  const page = text('page', (v) => /^[1-9]\d{0,6}$/.test(v));
  const size = text('size', (v) => PAGE_SIZES.includes(Number(v)) && /^\d+$/.test(v));
  const job = text('job', (v) => /^[\w-]{1,128}$/.test(v));
  return {
    view: {
      filters: {
        status: (status as StatusFilter | undefined) ?? 'any',
        ...(program !== undefined ? { program } : {}),
        ...(backend !== undefined ? { backend } : {}),
        ...(tag !== undefined ? { tag } : {}),
        ...(from !== undefined ? { from } : {}),
        ...(to !== undefined ? { to } : {}),
      },
      page: page === undefined ? 0 : Number(page) - 1,
      pageSize: size === undefined ? DEFAULT_VIEW.pageSize : Number(size),
      ...(job !== undefined ? { job } : {}),
    },
    dropped,
  };
}

/**
 * `params` with the view written into it (defaults left out, other parameters kept), in a
 * stable order.
 */
export function writeView(view: ConsoleView, params = new URLSearchParams()): URLSearchParams {
  const out = new URLSearchParams(params);
  for (const name of VIEW_PARAMS) out.delete(name);
  const f = view.filters;
  if (f.status !== 'any') out.set('status', f.status);
  if (f.program !== undefined) out.set('program', f.program);
  if (f.backend !== undefined) out.set('backend', f.backend);
  if (f.tag !== undefined) out.set('tag', f.tag);
  if (f.from !== undefined) out.set('from', f.from);
  if (f.to !== undefined) out.set('to', f.to);
  if (view.page > 0) out.set('page', String(view.page + 1));
  if (view.pageSize !== DEFAULT_VIEW.pageSize) out.set('size', String(view.pageSize));
  if (view.job !== undefined) out.set('job', view.job);
  return out;
}

/** True when two filter sets select the same jobs. */
export function sameFilters(a: ListFilters, b: ListFilters): boolean {
  return (
    a.status === b.status &&
    a.program === b.program &&
    a.backend === b.backend &&
    a.tag === b.tag &&
    a.from === b.from &&
    a.to === b.to
  );
}
