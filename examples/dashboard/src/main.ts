/**
 * The dashboard page: connect to a runtime (URL and token, prefilled from the page URL when
 * served by `qjobs serve --ui`), submit OpenQASM circuits to the Sampler or the Estimator,
 * watch jobs by id, and show every job live in its own row.
 *
 * Everything it does with the runtime goes through quantum-jobs-rx's browser entry point:
 * `RuntimeService`, `Sampler`, `Estimator`, each job's shared `events$` stream, and the
 * `cancelOnUnsubscribe` operator (see `watch-job.ts`).
 *
 * @module
 */
import { Estimator, RuntimeService, Sampler, isQuantumJobsError } from '../../../src/index.js';
import { pageVisibility$ } from '../../../src/observables/index.js';
import { isLoopbackHost } from '../../../src/transport/index.js';
import type { PrimitiveResult, RuntimeJob } from '../../../src/index.js';
import { byId, el } from './dom.js';
import { JobRow } from './job-row.js';
import type { RowOrigin } from './job-row.js';
import { initialRowState } from './job-state.js';
import type { RowInit } from './job-state.js';
import { readLaunchSettings, rememberSettings } from './launch.js';
import { observableLabels, parseObservables } from './observables-text.js';
import { PRESETS, presetById } from './presets.js';
import { watchJob } from './watch-job.js';

/** Poll intervals against a runtime on this machine: quicker than the defaults for a remote service. */
const LOCAL_POLL = { queuedMs: 1000, runningMs: 500 } as const;

const ui = {
  connectForm: byId('connect-form', HTMLFormElement),
  url: byId('runtime-url', HTMLInputElement),
  token: byId('token', HTMLInputElement),
  websockets: byId('use-websockets', HTMLInputElement),
  connectionStatus: byId('connection-status', HTMLElement),
  visibility: byId('visibility', HTMLElement),
  submitForm: byId('submit-form', HTMLFormElement),
  preset: byId('preset', HTMLSelectElement),
  backend: byId('backend', HTMLSelectElement),
  qasm: byId('qasm', HTMLTextAreaElement),
  sampler: byId('primitive-sampler', HTMLInputElement),
  estimator: byId('primitive-estimator', HTMLInputElement),
  observables: byId('observables', HTMLInputElement),
  shots: byId('shots', HTMLInputElement),
  pubs: byId('pubs', HTMLInputElement),
  cancelOnCloseDefault: byId('cancel-on-close-default', HTMLInputElement),
  submit: byId('submit', HTMLButtonElement),
  submitError: byId('submit-error', HTMLElement),
  watchForm: byId('watch-form', HTMLFormElement),
  watchId: byId('watch-id', HTMLInputElement),
  watch: byId('watch', HTMLButtonElement),
  watchError: byId('watch-error', HTMLElement),
  jobs: byId('jobs', HTMLElement),
  jobsEmpty: byId('jobs-empty', HTMLElement),
};

let service: RuntimeService | undefined;
let pollingOnly = false;

/** `Tag: message` for an error, its `_tag` when it is one of the library's. */
function describe(error: unknown): string {
  if (isQuantumJobsError(error)) return `${error._tag}: ${error.message}`;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function showError(target: HTMLElement, error: unknown): void {
  target.hidden = error === undefined;
  target.textContent = error === undefined ? '' : describe(error);
}

function setConnected(connected: boolean): void {
  ui.submit.disabled = !connected;
  ui.watch.disabled = !connected;
}

async function connect(): Promise<void> {
  const url = ui.url.value.trim();
  const token = ui.token.value.trim();
  rememberSettings(sessionStorage, url, token);
  setConnected(false);
  service?.close();
  service = undefined;
  ui.connectionStatus.dataset['state'] = 'connecting';
  ui.connectionStatus.textContent = `connecting to ${url} …`;
  try {
    const local = isLoopbackHost(new URL(url).hostname);
    pollingOnly = !ui.websockets.checked;
    const next = new RuntimeService({
      url,
      token,
      websocket: pollingOnly ? false : 'both',
      ...(local ? { poll: LOCAL_POLL } : {}),
    });
    const backends = await next.backends();
    service = next;
    ui.backend.replaceChildren(...backends.map((b) => el('option', { value: b.name }, b.name)));
    ui.connectionStatus.dataset['state'] = 'connected';
    ui.connectionStatus.textContent =
      `connected to ${next.url} · ${backends.length} backend${backends.length === 1 ? '' : 's'} · ` +
      (pollingOnly ? 'polling only' : 'websockets and polling');
    setConnected(true);
  } catch (error) {
    ui.connectionStatus.dataset['state'] = 'error';
    ui.connectionStatus.textContent = `cannot connect: ${describe(error)}`;
  }
}

function positiveInteger(input: HTMLInputElement, name: string): number {
  const value = Number(input.value);
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(
      `${name} must be a whole number of at least 1, got ${JSON.stringify(input.value)}`,
    );
  }
  return value;
}

/** Show `job` in a new row and watch it until the row is closed. */
function addRow<R extends PrimitiveResult>(
  job: RuntimeJob<R>,
  origin: RowOrigin,
  init: RowInit,
): void {
  const row = new JobRow(initialRowState(init), origin, ui.cancelOnCloseDefault.checked, {
    cancel: () => {
      job.cancel().catch((error: unknown) => row.notice(`cancel refused: ${describe(error)}`));
    },
    close: () => {
      // Unsubscribing stops the watch; cancelOnUnsubscribe cancels the job if the toggle is on.
      subscription.unsubscribe();
      row.element.remove();
      ui.jobsEmpty.hidden = ui.jobs.childElementCount > 0;
    },
  });
  ui.jobs.prepend(row.element);
  ui.jobsEmpty.hidden = true;
  const subscription = watchJob(job, row, init);
}

async function submit(): Promise<void> {
  showError(ui.submitError, undefined);
  const current = service;
  if (current === undefined) return;
  ui.submit.disabled = true;
  try {
    const qasm = ui.qasm.value;
    const backend = ui.backend.value;
    const pubs = positiveInteger(ui.pubs, 'PUBs');
    const startedAt = new Date();
    if (ui.estimator.checked) {
      const observables = parseObservables(ui.observables.value);
      const estimator = new Estimator({ backend, service: current });
      const job = await estimator.run(
        Array.from({ length: pubs }, () => [qasm, observables] as const),
      );
      addRow(job, 'submitted', {
        jobId: job.jobId(),
        program: 'estimator',
        startedAt,
        pollingOnly,
        observableLabels: observableLabels(ui.observables.value),
      });
    } else {
      const shots = positiveInteger(ui.shots, 'Shots');
      const sampler = new Sampler({ backend, service: current });
      const job = await sampler.run(
        Array.from({ length: pubs }, () => [qasm] as const),
        { shots },
      );
      addRow(job, 'submitted', { jobId: job.jobId(), program: 'sampler', startedAt, pollingOnly });
    }
  } catch (error) {
    showError(ui.submitError, error);
  } finally {
    ui.submit.disabled = service === undefined;
  }
}

async function watchById(): Promise<void> {
  showError(ui.watchError, undefined);
  const current = service;
  const id = ui.watchId.value.trim();
  if (current === undefined || id === '') return;
  try {
    const job = await current.job(id);
    addRow(job, 'watched', {
      jobId: job.jobId(),
      program: job.programId ?? 'job',
      startedAt: job.creationDate ?? new Date(),
      pollingOnly,
    });
  } catch (error) {
    showError(ui.watchError, error);
  }
}

function applyPreset(id: string): void {
  const preset = presetById(id);
  if (preset === undefined) return;
  ui.qasm.value = preset.qasm;
  ui.observables.value = preset.observables;
  ui.pubs.value = String(preset.pubs);
}

function start(): void {
  const { settings, cleanUrl } = readLaunchSettings(new URL(location.href), sessionStorage);
  if (cleanUrl !== location.href) history.replaceState(null, '', cleanUrl);
  ui.url.value = settings.url;
  ui.token.value = settings.token;

  ui.preset.replaceChildren(...PRESETS.map((p) => el('option', { value: p.id }, p.label)));
  applyPreset(PRESETS[0]!.id);
  ui.preset.addEventListener('change', () => applyPreset(ui.preset.value));
  const primitiveChanged = (): void => {
    ui.observables.disabled = !ui.estimator.checked;
    ui.shots.disabled = ui.estimator.checked;
  };
  ui.sampler.addEventListener('change', primitiveChanged);
  ui.estimator.addEventListener('change', primitiveChanged);

  ui.connectForm.addEventListener('submit', (e) => {
    e.preventDefault();
    void connect();
  });
  ui.submitForm.addEventListener('submit', (e) => {
    e.preventDefault();
    void submit();
  });
  ui.watchForm.addEventListener('submit', (e) => {
    e.preventDefault();
    void watchById();
  });

  // Polling pauses while the tab is hidden (the library's poll source does it); show it.
  pageVisibility$().subscribe((visible) => {
    ui.visibility.dataset['visible'] = String(visible);
    ui.visibility.textContent = visible
      ? 'tab visible · polling active'
      : 'tab hidden · polling paused until you come back';
  });

  if (settings.autoConnect) void connect();
}

start();
