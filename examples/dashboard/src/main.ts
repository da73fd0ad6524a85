/**
 * The jobs console: connect to a runtime (URL and token, prefilled when served by
 * `qjobs serve --ui`), list its jobs a page at a time with filters, follow them live, open one
 * to see its timeline, results, circuit, logs and metrics, cancel it, and submit new ones.
 * The filters, the page and the open job live in the page's address, so a reload or a shared
 * link shows the same view, and the browser's Back button steps back through it.
 *
 * Every status read goes through the service's one poll scheduler (`requestBudget`): the
 * list's unfinished jobs are watched by one `jobSet$`, the open job by its own event stream,
 * both reading through that scheduler. The list itself is read again at each check.
 *
 * @module
 */
import { interval, shareReplay } from 'rxjs';
import { IBMApiError, NetworkError, RuntimeService } from '../../../src/index.js';
import type { JobStatus } from '../../../src/index.js';
import { pageVisibility$ } from '../../../src/observables/index.js';
import { isLoopbackHost } from '../../../src/transport/index.js';
import { isFinished } from './detail-state.js';
import { byId } from './dom.js';
import { clock, countdown, plural } from './format.js';
import { isFiltered, offerBackends, readFilters, writeFilters } from './filters-form.js';
import type { FilterControls } from './filters-form.js';
import { listRequest, loadPage } from './job-query.js';
import { JobsTable, rowOfJob } from './jobs-table.js';
import { readLaunchSettings, rememberSettings } from './launch.js';
import { ListWatcher } from './live.js';
import { NewJobForm, describeError } from './new-job-form.js';
import { OpenJobView } from './open-job.js';
import { DEFAULT_VIEW, readView, sameFilters, writeView } from './view-state.js';
import type { ConsoleView } from './view-state.js';

/** Poll intervals against a runtime on this machine: quicker than the defaults for a remote service. */
const LOCAL_POLL = { queuedMs: 1000, runningMs: 500 } as const;
/** Status requests per second for every job the page follows (the one budget). */
const BUDGET = { local: 10, remote: 2 } as const;
/** How often the list itself is read again to find new jobs. */
const LIST_CHECK_MS = { local: 5_000, remote: 30_000 } as const;

const ui = {
  connectionStatus: byId('connection-status', HTMLElement),
  runtimePanel: byId('runtime-panel', HTMLDetailsElement),
  connectForm: byId('connect-form', HTMLFormElement),
  url: byId('runtime-url', HTMLInputElement),
  token: byId('token', HTMLInputElement),
  websockets: byId('use-websockets', HTMLInputElement),
  newJob: byId('new-job', HTMLDetailsElement),
  workspace: byId('workspace', HTMLElement),
  filters: byId('filters', HTMLFormElement),
  clearFilters: byId('clear-filters', HTMLButtonElement),
  listChecked: byId('list-checked', HTMLElement),
  listCheckedText: byId('list-checked-text', HTMLElement),
  checkNow: byId('check-now', HTMLButtonElement),
  listProblem: byId('list-problem', HTMLElement),
  addressNote: byId('address-note', HTMLElement),
  jobsTable: byId('jobs-table', HTMLTableElement),
  pager: byId('pager', HTMLElement),
  jobsEmpty: byId('jobs-empty', HTMLElement),
};

const controls: FilterControls = {
  status: byId('filter-status', HTMLSelectElement),
  program: byId('filter-program', HTMLSelectElement),
  backend: byId('filter-backend', HTMLSelectElement),
  tag: byId('filter-tag', HTMLInputElement),
  from: byId('filter-from', HTMLInputElement),
  to: byId('filter-to', HTMLInputElement),
};

const visible$ = pageVisibility$().pipe(shareReplay({ bufferSize: 1, refCount: false }));
let visible = true;

let service: RuntimeService | undefined;
let watcher: ListWatcher | undefined;
let view: ConsoleView = DEFAULT_VIEW;
let listGeneration = 0;
let listLoading = false;
let listCheckedAt: Date | undefined;
let listNextAt: Date | undefined;
let listRefreshSoon: ReturnType<typeof setTimeout> | undefined;

const table = new JobsTable(
  byId('jobs-body', HTMLTableSectionElement),
  byId('pager', HTMLElement),
  byId('jobs-empty', HTMLElement),
  {
    select: (id) => showView({ ...view, job: id }, 'push'),
    page: (page) => showView({ ...view, page: Math.max(0, page) }, 'push'),
    pageSize: (size) => showView({ ...view, pageSize: size, page: 0 }, 'replace'),
    clearFilters: () => showView({ ...view, filters: DEFAULT_VIEW.filters, page: 0 }, 'replace'),
  },
);

const openJob = new OpenJobView(byId('job-detail', HTMLElement), visible$, {
  back: () => showView({ ...view, job: undefined }, 'push'),
  status: (id, status) => {
    table.updateRow(id, { status });
    if (isFinished(status)) refreshListSoon();
  },
  info: (id) => table.rows.find((r) => r.id === id),
});

const form = new NewJobForm((job) => {
  // Show the new job at the top of an unfiltered first page, opened.
  showView({ ...view, filters: DEFAULT_VIEW.filters, page: 0, job: job.jobId() }, 'push');
  void loadList();
});

function setConnection(
  state: 'disconnected' | 'connecting' | 'connected' | 'error',
  text: string,
): void {
  ui.connectionStatus.dataset['state'] = state;
  ui.connectionStatus.textContent = text;
}

// ---------------------------------------------------------------------------------------------
// The view and the address

/** Show `next`, writing it into the address (`push`: a new history entry). */
function showView(next: ConsoleView, how: 'push' | 'replace' | 'none'): void {
  const previous = view;
  view = next;
  if (how !== 'none') {
    const url = new URL(location.href);
    url.search = writeView(view, url.searchParams).toString();
    if (url.href !== location.href) {
      if (how === 'push') history.pushState(null, '', url);
      else history.replaceState(null, '', url);
    }
  }
  writeFilters(controls, view.filters);
  ui.workspace.dataset['open'] = String(view.job !== undefined);
  const listChanged =
    !sameFilters(previous.filters, next.filters) ||
    previous.page !== next.page ||
    previous.pageSize !== next.pageSize;
  if (listChanged) void loadList();
  table.select(view.job);
  if (view.job !== openJob.jobId) {
    if (view.job === undefined) openJob.close();
    else openJob.open(view.job, service, !ui.websockets.checked);
  }
}

// ---------------------------------------------------------------------------------------------
// The list

function listCheckText(): void {
  ui.listChecked.dataset['paused'] = String(!visible);
  if (service === undefined) {
    ui.listCheckedText.textContent = '';
  } else if (!visible) {
    ui.listCheckedText.textContent = 'Paused while this tab is hidden';
  } else if (listLoading) {
    ui.listCheckedText.textContent = 'Checking…';
  } else {
    const parts: string[] = [];
    if (listCheckedAt !== undefined) parts.push(`Last checked ${clock(listCheckedAt)}`);
    if (listNextAt !== undefined)
      parts.push(`next check ${countdown(listNextAt.getTime() - Date.now())}`);
    const following = watcher?.following ?? 0;
    if (following > 0) parts.push(`following ${plural(following, 'unfinished job')} live`);
    ui.listCheckedText.textContent = parts.join(' · ');
  }
}

async function loadList(): Promise<void> {
  const current = service;
  if (current === undefined) return;
  const generation = ++listGeneration;
  listLoading = true;
  listCheckText();
  const wanted = view;
  try {
    const page = await loadPage(
      (filters) => current.jobsPage(filters),
      listRequest(wanted.filters),
      wanted.page,
      wanted.pageSize,
      (job) => job.lastStatus,
    );
    if (generation !== listGeneration || current !== service) return;
    ui.listProblem.hidden = true;
    if (page.jobs.length === 0 && wanted.page > 0 && page.total !== undefined && page.total > 0) {
      // Past the end (jobs went away, or an old link): show the last page instead.
      const last = Math.max(0, Math.ceil(page.total / wanted.pageSize) - 1);
      showView({ ...view, page: last }, 'replace');
      return;
    }
    table.render(
      {
        rows: page.jobs.map(rowOfJob),
        page: wanted.page,
        pageSize: wanted.pageSize,
        total: page.total,
        hasMore: page.hasMore,
        capped: page.capped,
        filtered: isFiltered(wanted.filters),
      },
      view.job,
    );
    watcher?.follow(page.jobs);
    const openRow = page.jobs.find((j) => j.jobId() === openJob.jobId);
    if (openRow !== undefined) openJob.setInfo(rowOfJob(openRow));
  } catch (error) {
    if (generation !== listGeneration) return;
    ui.listProblem.hidden = false;
    ui.listProblem.textContent = `Could not read the jobs: ${describeError(error)}`;
  } finally {
    if (generation === listGeneration) {
      listLoading = false;
      listCheckedAt = new Date();
      const every = current.local ? LIST_CHECK_MS.local : LIST_CHECK_MS.remote;
      listNextAt = new Date(listCheckedAt.getTime() + every);
      listCheckText();
    }
  }
}

/** Read the list again shortly (a job finished or was cancelled): one read for a burst. */
function refreshListSoon(): void {
  if (listRefreshSoon !== undefined) return;
  listRefreshSoon = setTimeout(() => {
    listRefreshSoon = undefined;
    if (visible) void loadList();
  }, 1000);
}

// ---------------------------------------------------------------------------------------------
// Connecting

async function connect(): Promise<void> {
  const url = ui.url.value.trim();
  const token = ui.token.value.trim();
  rememberSettings(sessionStorage, url, token);
  watcher?.close();
  watcher = undefined;
  openJob.close();
  service?.close();
  service = undefined;
  showDisconnected();
  form.connect(undefined, []);
  setConnection('connecting', `Connecting to ${url}…`);
  try {
    const local = isLoopbackHost(new URL(url).hostname);
    const next = new RuntimeService({
      url,
      token,
      websocket: ui.websockets.checked ? 'both' : false,
      requestBudget: local ? BUDGET.local : BUDGET.remote,
      ...(local ? { poll: LOCAL_POLL } : {}),
    });
    const backends = await next.backends();
    service = next;
    const names = backends.map((b) => b.name);
    offerBackends(controls, names);
    form.connect(next, names);
    watcher = new ListWatcher(next.context.jobClient, visible$, {
      status: (id, status: JobStatus) => {
        table.updateRow(id, { status });
        if (isFinished(status)) refreshListSoon();
      },
      gone: (id) => table.updateRow(id, { gone: true }),
    });
    setConnection(
      'connected',
      `Connected to ${next.url} · ${plural(backends.length, 'backend')}` +
        (ui.websockets.checked ? '' : ' · status checks only'),
    );
    ui.runtimePanel.open = false;
    showDisconnected();
    writeFilters(controls, view.filters);
    await loadList();
    if (view.job !== undefined) openJob.open(view.job, next, !ui.websockets.checked);
  } catch (error) {
    setConnection('error', `Cannot connect: ${connectionProblem(error, url)}`);
    ui.runtimePanel.open = true;
    showDisconnected();
  }
}

/** Why connecting failed, in words that say what to do. */
function connectionProblem(error: unknown, url: string): string {
  const chain: unknown[] = [];
  for (
    let e: unknown = error;
    e !== undefined && chain.length < 5;
    e = (e as { cause?: unknown }).cause
  ) {
    chain.push(e);
  }
  const status = chain
    .map((e) => (e instanceof IBMApiError ? e.status : undefined))
    .find((s) => s !== undefined);
  if (status === 401 || status === 403) {
    return `the runtime at ${url} refused the token (HTTP ${status}). Check the token: qjobs serve prints it on its "token:" line.`;
  }
  if (chain.some((e) => e instanceof NetworkError)) {
    return `nothing answers at ${url}. Is qjobs serve running, and is the URL right?`;
  }
  return describeError(error);
}

/** The list while there is no connection: a sentence instead of an empty table. */
function showDisconnected(): void {
  const connected = service !== undefined;
  ui.jobsTable.hidden = !connected;
  ui.pager.hidden = !connected;
  ui.checkNow.hidden = !connected;
  if (!connected) {
    ui.jobsEmpty.hidden = false;
    ui.jobsEmpty.textContent =
      'Not connected: give the runtime’s URL and token under Runtime above.';
  }
}

// ---------------------------------------------------------------------------------------------
// Start

function start(): void {
  const { settings, cleanUrl } = readLaunchSettings(new URL(location.href), sessionStorage);
  if (cleanUrl !== location.href) history.replaceState(null, '', cleanUrl);
  ui.url.value = settings.url;
  ui.token.value = settings.token;
  ui.runtimePanel.open = !settings.autoConnect;

  const { view: initial, dropped } = readView(new URL(location.href).searchParams);
  view = initial;
  writeFilters(controls, view.filters);
  ui.workspace.dataset['open'] = String(view.job !== undefined);
  if (dropped.length > 0) {
    ui.addressNote.hidden = false;
    ui.addressNote.textContent = `Left out of the address, as it made no sense: ${dropped.join(', ')}`;
  }
  showDisconnected();

  ui.connectForm.addEventListener('submit', (e) => {
    e.preventDefault();
    void connect();
  });
  ui.filters.addEventListener('change', () =>
    showView({ ...view, filters: readFilters(controls), page: 0 }, 'replace'),
  );
  ui.filters.addEventListener('submit', (e) => {
    e.preventDefault();
    showView({ ...view, filters: readFilters(controls), page: 0 }, 'replace');
  });
  ui.clearFilters.addEventListener('click', () =>
    showView({ ...view, filters: DEFAULT_VIEW.filters, page: 0 }, 'replace'),
  );
  ui.checkNow.addEventListener('click', () => void loadList());
  window.addEventListener('popstate', () =>
    showView(readView(new URL(location.href).searchParams).view, 'none'),
  );

  visible$.subscribe((v) => {
    visible = v;
    document.body.dataset['visible'] = String(v);
    listCheckText();
    openJob.setPaused(!v);
    // Back from hiding: the list may be stale.
    if (v && listNextAt !== undefined && listNextAt.getTime() <= Date.now()) void loadList();
  });
  interval(1000).subscribe(() => {
    if (!visible) return;
    if (
      service !== undefined &&
      !listLoading &&
      listNextAt !== undefined &&
      listNextAt.getTime() <= Date.now()
    ) {
      void loadList();
    }
    listCheckText();
    openJob.tick();
  });

  if (settings.autoConnect) void connect();
}

start();
