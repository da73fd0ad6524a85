/**
 * The dashboard end to end in a real browser: Debian's Chromium (headless, driven by
 * playwright-core) opens the page served by `qjobs serve --ui` (a child process) or by a
 * local runtime started here with the `uiDir` option, and works it like a person would:
 * submit circuits, watch the status timeline and histogram, cancel, watch by id, close rows,
 * lose the websocket, hide the tab. What the page shows is checked against the runtime's own
 * record of each job.
 *
 * Without /usr/bin/chromium every spec here is reported pending with the reason.
 *
 * Waiting is on conditions (selectors, server records) except where a spec checks that
 * something does NOT happen for a while (no poll while the tab is hidden), which needs real
 * time to pass.
 */
import type { Page } from 'playwright-core';
import { DASHBOARD_DIST, buildDashboard } from '../../examples/dashboard/build.js';
import { startLocalRuntime } from '../../src/local/index.js';
import type { LocalRuntime } from '../../src/local/index.js';
import {
  browserSkipReason,
  countBarsOf,
  eventually,
  jobRow,
  launchChromium,
  openPage,
  rawJob,
  screenshot,
  startServeUi,
  submitAndGetId,
  timelineOf,
  timelineTimesOf,
} from './support.js';
import type { Browser, ServeUi } from './support.js';

const SKIP = browserSkipReason();
const SLOW = 90_000;
const ROW_TIMEOUT = 30_000;

/** Mark the current spec pending (with the reason) when Chromium is missing. */
function requireBrowser(): void {
  if (SKIP !== undefined) pending(`browser spec skipped: ${SKIP}`);
}

/**
 * Installed in the page before it loads: records, in order, every value the status badge
 * (`data-status`) and the connection badge (`data-mode`) of every row take. A string, so the
 * test runner's transforms cannot add helpers the page does not have.
 */
const ROW_RECORDER = `
  window.rowLog = [];
  const note = (row, attr) => {
    const id = row.getAttribute('data-job-id') || '';
    const value = row.getAttribute(attr) || '';
    const last = window.rowLog.filter((e) => e.id === id && e.attr === attr).pop();
    if (!last || last.value !== value) window.rowLog.push({ id, attr, value });
  };
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'attributes' && r.target.matches && r.target.matches('.job')) note(r.target, r.attributeName);
      for (const n of r.addedNodes) {
        if (n.matches && n.matches('.job')) { note(n, 'data-status'); note(n, 'data-mode'); }
      }
    }
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-status', 'data-mode'] });
`;

/** Open the dashboard at `address` with the row recorder, and wait until it is connected. */
async function openDashboard(page: Page, address: string): Promise<void> {
  await page.addInitScript({ content: ROW_RECORDER });
  await page.goto(address);
  await page.waitForSelector('#connection-status[data-state="connected"]');
}

/** Reconnect the page with or without websockets. */
async function reconnect(page: Page, websockets: boolean): Promise<void> {
  await page.setChecked('#use-websockets', websockets);
  await page.click('#connect');
  await page.waitForSelector('#connection-status[data-state="connected"]');
  expect(await page.textContent('#connection-status')).toContain(
    websockets ? 'websockets and polling' : 'polling only',
  );
}

/** The values `attr` took on job `id`'s row, recorded by {@link ROW_RECORDER}. */
function rowValues(page: Page, id: string, attr: 'data-status' | 'data-mode'): Promise<string[]> {
  return page.evaluate(
    ([jobId, name]) =>
      (window as unknown as { rowLog: { id: string; attr: string; value: string }[] }).rowLog
        .filter((e) => e.id === jobId && e.attr === name)
        .map((e) => e.value),
    [id, attr] as const,
  );
}

/** Set the submit form: a preset, a primitive, 1024 shots. */
async function choose(
  page: Page,
  preset: string,
  primitive: 'sampler' | 'estimator',
): Promise<void> {
  await page.selectOption('#preset', preset);
  await page.check(`#primitive-${primitive}`);
  if (primitive === 'sampler') await page.fill('#shots', '1024');
}

function waitForStatus(page: Page, id: string, status: string): Promise<unknown> {
  return page.waitForSelector(`.job[data-job-id="${id}"][data-status="${status}"]`, {
    timeout: ROW_TIMEOUT,
  });
}

function nonDecreasing(values: readonly number[]): boolean {
  return values.every((v, i) => i === 0 || v >= values[i - 1]!);
}

describe('dashboard in Chromium', () => {
  let browser: Browser | undefined;

  beforeAll(async () => {
    if (SKIP !== undefined) {
      console.log(`\nbrowser spec skipped: ${SKIP}`);
      return;
    }
    await buildDashboard();
    browser = await launchChromium();
  }, SLOW);

  afterAll(async () => {
    await browser?.close();
  }, SLOW);

  describe('served by `qjobs serve --ui`', () => {
    let server: ServeUi | undefined;
    let page: Page;
    let problems: string[];

    beforeAll(async () => {
      if (SKIP !== undefined) return;
      server = await startServeUi(['--queue-delay', '500', '--run-delay', '1500']);
      ({ page, problems } = await openPage(browser!));
      await openDashboard(page, server.ui);
    }, SLOW);

    afterAll(async () => {
      await page?.close();
      if (server !== undefined) expect(await server.stop()).toBe(0);
    }, SLOW);

    afterEach(() => {
      if (SKIP === undefined) expect(problems).toEqual([]);
    });

    it(
      'prints the ui address; the page takes the token from its URL, drops it from the address bar and connects',
      async () => {
        requireBrowser();
        const origin = new URL(server!.url).origin;
        expect(server!.ui).toBe(`${origin}/ui/?token=${server!.token}`);

        const redirect = await fetch(`${origin}/ui?token=abc`, { redirect: 'manual' });
        expect(redirect.status).toBe(308);
        expect(redirect.headers.get('location')).toBe('/ui/?token=abc');
        const app = await fetch(`${origin}/ui/app.js`);
        expect(app.status).toBe(200);
        expect(app.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
        expect(app.headers.get('access-control-allow-origin')).toBeNull();

        expect(page.url()).toBe(`${origin}/ui/`);
        expect(await page.inputValue('#runtime-url')).toBe(server!.url);
        expect(await page.textContent('#connection-status')).toContain('websockets and polling');
      },
      SLOW,
    );

    it(
      'runs the Bell circuit: the row goes QUEUED → RUNNING → DONE, each transition timed, then a histogram with exactly the bars 00 and 11',
      async () => {
        requireBrowser();
        await choose(page, 'bell', 'sampler');
        const id = await submitAndGetId(page);
        await waitForStatus(page, id, 'DONE');
        const row = jobRow(page, id);

        // Live, in order, as the badge changed (not only the final timeline).
        const shown = (await rowValues(page, id, 'data-status')).filter((s) => s !== 'UNKNOWN');
        expect(shown).toEqual(['QUEUED', 'RUNNING', 'DONE']);
        expect(await timelineOf(row)).toEqual(['QUEUED', 'RUNNING', 'DONE']);
        const times = await timelineTimesOf(row);
        expect(times.every(Number.isFinite)).toBeTrue();
        expect(nonDecreasing(times)).toBeTrue();

        const bars = await countBarsOf(row);
        expect(bars.map(([bits]) => bits)).toEqual(['00', '11']);
        expect(bars.reduce((sum, [, n]) => sum + n, 0)).toBe(1024);
        for (const [, n] of bars) expect(n).toBeGreaterThan(400);
        expect((await rawJob(server!.url, server!.token, id)).status).toBe('Completed');
        await screenshot(page, 'dashboard.png');
      },
      SLOW,
    );

    it(
      'runs the Estimator with typed observables and draws their expectation values',
      async () => {
        requireBrowser();
        await choose(page, 'bell', 'estimator');
        await page.fill('#observables', 'ZZ, XX, 0.5*ZI + 0.5*XX');
        const id = await submitAndGetId(page);
        await waitForStatus(page, id, 'DONE');
        const bars = await jobRow(page, id)
          .locator('svg.histogram[data-kind="expectation"] .bar')
          .evaluateAll((els) =>
            els.map((b) => [
              b.getAttribute('data-observable'),
              Number(b.getAttribute('data-value')),
            ]),
          );
        expect(bars.map(([label]) => label)).toEqual(['ZZ', 'XX', '0.5*ZI + 0.5*XX']);
        expect(bars[0]![1]).toBeCloseTo(1, 1);
        expect(bars[1]![1]).toBeCloseTo(1, 1);
        expect(bars[2]![1]).toBeCloseTo(0.5, 1);
      },
      SLOW,
    );

    it(
      'submits the long circuit and cancels it from the page: CANCELLED on the page and on the server',
      async () => {
        requireBrowser();
        await choose(page, 'long', 'sampler');
        const id = await submitAndGetId(page);
        await waitForStatus(page, id, 'RUNNING');
        const row = jobRow(page, id);
        await row.locator('button.cancel').click();
        await waitForStatus(page, id, 'CANCELLED');

        const timeline = await timelineOf(row);
        expect(timeline[timeline.length - 1]).toBe('CANCELLED');
        expect(new Set(timeline).size).toBe(timeline.length);
        expect(timeline).not.toContain('DONE');
        expect(await row.locator('.message').getAttribute('data-tag')).toBe(
          'RuntimeJobCancelledError',
        );
        expect(await row.locator('button.cancel').isDisabled()).toBeTrue();
        expect((await rawJob(server!.url, server!.token, id)).status).toBe('Cancelled');
        await screenshot(row, 'dashboard-cancelled.png');
      },
      SLOW,
    );

    it(
      'a row watching a running job by id shows its current state at once and follows it to DONE',
      async () => {
        requireBrowser();
        await choose(page, 'ghz3', 'sampler');
        const id = await submitAndGetId(page);
        await waitForStatus(page, id, 'RUNNING');
        await page.fill('#watch-id', id);
        await page.click('#watch');
        const watched = page.locator(`.job[data-job-id="${id}"][data-origin="watched"]`);
        await watched.waitFor({ timeout: ROW_TIMEOUT });
        await page.waitForSelector(
          `.job[data-job-id="${id}"][data-origin="watched"][data-status="DONE"]`,
          {
            timeout: ROW_TIMEOUT,
          },
        );
        // It joined while the job ran: its first status is RUNNING, never QUEUED.
        expect(await timelineOf(watched)).toEqual(['RUNNING', 'DONE']);
        const submitted = page.locator(`.job[data-job-id="${id}"][data-origin="submitted"]`);
        await waitForStatus(page, id, 'DONE');
        expect(await timelineOf(submitted)).toEqual(['QUEUED', 'RUNNING', 'DONE']);
        expect((await countBarsOf(watched)).map(([b]) => b)).toEqual(['000', '111']);
        expect((await countBarsOf(submitted)).map(([b]) => b)).toEqual(['000', '111']);
      },
      SLOW,
    );

    it(
      'closing a row stops watching it; with the row toggle on, closing also cancels the job',
      async () => {
        requireBrowser();
        // Toggle on: the job is cancelled by cancelOnUnsubscribe when the row closes.
        await choose(page, 'long', 'sampler');
        const longId = await submitAndGetId(page);
        const longRow = jobRow(page, longId);
        await longRow.locator('.cancel-on-close-toggle').check();
        await longRow.locator('button.close').click();
        await longRow.waitFor({ state: 'detached' });
        const cancelled = await eventually(
          () => rawJob(server!.url, server!.token, longId),
          (j) => j.status !== 'Queued' && j.status !== 'Running',
        );
        expect(cancelled.status).toBe('Cancelled');

        // Toggle off: closing only stops watching; the job runs to the end.
        await choose(page, 'bell', 'sampler');
        const bellId = await submitAndGetId(page);
        const bellRow = jobRow(page, bellId);
        await bellRow.locator('button.close').click();
        await bellRow.waitFor({ state: 'detached' });
        const finished = await eventually(
          () => rawJob(server!.url, server!.token, bellId),
          (j) => j.status !== 'Queued' && j.status !== 'Running',
          ROW_TIMEOUT,
        );
        expect(finished.status).toBe('Completed');
      },
      SLOW,
    );
  });

  describe('served by a local runtime with the uiDir option', () => {
    let rt: LocalRuntime | undefined;
    let page: Page;
    let problems: string[];

    beforeAll(async () => {
      if (SKIP !== undefined) return;
      rt = await startLocalRuntime({
        port: 0,
        uiDir: DASHBOARD_DIST,
        queue: { queueDelayMs: 400, runDelayMs: 2500 },
      });
      ({ page, problems } = await openPage(browser!));
      await openDashboard(page, `${rt.iamUrl}/ui/?token=${rt.token}`);
    }, SLOW);

    afterAll(async () => {
      await page?.close();
      await rt?.close();
    }, SLOW);

    afterEach(() => {
      if (SKIP === undefined) expect(problems).toEqual([]);
      rt?.setFaults({});
    });

    it(
      'when the websocket drops, the row shows "polling", then recovers and reaches DONE without a duplicated transition',
      async () => {
        requireBrowser();
        await reconnect(page, true);
        rt!.setFaults({ dropWebSocketAfter: 3 });
        await choose(page, 'bell', 'sampler');
        const id = await submitAndGetId(page);
        await waitForStatus(page, id, 'DONE');
        const row = jobRow(page, id);

        const modes = await rowValues(page, id, 'data-mode');
        const polling = modes.indexOf('polling');
        expect(polling)
          .withContext(`modes shown: ${modes.join(', ')}`)
          .toBeGreaterThan(0);
        expect(modes.slice(polling + 1))
          .withContext(`modes shown: ${modes.join(', ')}`)
          .toContain('websocket');
        const log = await row
          .locator('.connection-list li')
          .evaluateAll((items) =>
            items.map((li) => `${li.getAttribute('data-state')}:${li.getAttribute('data-mode')}`),
          );
        expect(log).toContain('reconnecting:polling');

        expect(await timelineOf(row)).toEqual(['QUEUED', 'RUNNING', 'DONE']);
        expect((await countBarsOf(row)).map(([b]) => b)).toEqual(['00', '11']);
        const record = rt!.jobRecord(id)!;
        expect(record.transitions.map((t) => t.status)).toEqual(['Queued', 'Running', 'Completed']);
        await row
          .locator('details.connections')
          .evaluate((d) => ((d as HTMLDetailsElement).open = true));
        await screenshot(row, 'dashboard-reconnect.png');
      },
      SLOW,
    );

    it(
      'closing a row unsubscribes: its websockets close at once and the job keeps running',
      async () => {
        requireBrowser();
        await reconnect(page, true);
        await choose(page, 'bell', 'sampler');
        const id = await submitAndGetId(page);
        await waitForStatus(page, id, 'RUNNING');
        const row = jobRow(page, id);
        await eventually(
          () => rt!.openSockets().websockets,
          (n) => n > 0,
        );
        await row.locator('button.close').click();
        await row.waitFor({ state: 'detached' });
        await eventually(
          () => rt!.openSockets().websockets,
          (n) => n === 0,
        );
        expect(rt!.jobRecord(id)!.status).toBe('Running');
        const done = await eventually(
          () => rt!.jobRecord(id)!.status,
          (s) => s !== 'Queued' && s !== 'Running',
        );
        expect(done).toBe('Completed');
      },
      SLOW,
    );

    it(
      'pauses polling while the tab is hidden and polls again as soon as it is visible',
      async () => {
        requireBrowser();
        await reconnect(page, false);

        await choose(page, 'bell', 'sampler');
        const id = await submitAndGetId(page);
        await waitForStatus(page, id, 'RUNNING');
        expect(await jobRow(page, id).getAttribute('data-mode')).toBe('polling');

        // What a browser does when the tab is hidden or shown (a string: see ROW_RECORDER).
        const setVisibility = (state: 'hidden' | 'visible'): Promise<void> =>
          page.evaluate(`
            Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => '${state}' });
            document.dispatchEvent(new Event('visibilitychange'));
          `);
        await setVisibility('hidden');
        expect(await page.getAttribute('#visibility', 'data-visible')).toBe('false');
        // A poll already on the wire may still arrive; none may start after this.
        await page.waitForTimeout(300);
        const polls = (): number => rt!.requestCount({ route: 'jobs.get' });
        const before = polls();
        await eventually(
          () => rt!.jobRecord(id)!.status,
          (s) => s === 'Completed',
        );
        await page.waitForTimeout(1200); // more than two running poll intervals (500 ms)
        expect(polls()).withContext('polls while hidden').toBe(before);
        expect(await jobRow(page, id).getAttribute('data-status')).toBe('RUNNING');

        await setVisibility('visible');
        await waitForStatus(page, id, 'DONE');
        expect(polls()).toBeGreaterThan(before);
        expect(await timelineOf(jobRow(page, id))).toEqual(['QUEUED', 'RUNNING', 'DONE']);
      },
      SLOW,
    );
  });
});
