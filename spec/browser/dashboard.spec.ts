/**
 * The jobs console end to end in a real browser: Debian's Chromium (headless, driven by
 * playwright-core) opens the page served by `qjobs serve --ui` (a child process, which builds
 * the page from this checkout) or by a local runtime started here with the `uiDir` option, and
 * works it like a person would: list and page through the jobs, filter them, reload, open a
 * job, read its results at any width, cancel one, fix a refused circuit, lose the websocket,
 * hide the tab. What the page shows is checked against the runtime's own record.
 *
 * Without /usr/bin/chromium every spec here is reported pending with the reason.
 *
 * Waiting is on conditions (selectors, server records) except where a spec checks that
 * something does NOT happen for a while (no request while the tab is hidden).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { buildDashboard } from '../../examples/dashboard/build.js';
import { PRESETS, uniformCircuit } from '../../examples/dashboard/src/presets.js';
import { Estimator, RuntimeService, Sampler } from '../../src/index.js';
import type { PrimitiveResult, RuntimeJob } from '../../src/index.js';
import { startLocalRuntime } from '../../src/local/index.js';
import type { LocalRuntime } from '../../src/local/index.js';
import {
  ROOT,
  browserSkipReason,
  countBarsOf,
  eventually,
  jobRow,
  launchChromium,
  listedIds,
  openPage,
  openPanel,
  overlapping,
  pageFits,
  rawJob,
  screenshot,
  startServeUi,
  submitAndGetId,
  timelineOf,
  waitForDetailStatus,
  waitForList,
} from './support.js';
import type { Browser, ServeUi } from './support.js';

const SKIP = browserSkipReason();
const SLOW = 120_000;

/** Mark the current spec pending (with the reason) when Chromium is missing. */
function requireBrowser(): void {
  if (SKIP !== undefined) pending(`browser spec skipped: ${SKIP}`);
}

const BELL = PRESETS.find((p) => p.id === 'bell')!.qasm;

/** Open the console at `address` and wait until it is connected and the list was read. */
async function openConsole(page: Page, address: string): Promise<void> {
  await page.goto(address);
  await page.waitForSelector('#connection-status[data-state="connected"]');
  await waitForList(page);
}

/** The `?…` of the page's address, as a plain object (order ignored). */
function query(page: Page): Record<string, string> {
  return Object.fromEntries(new URL(page.url()).searchParams);
}

/** Wait until the list shows exactly `n` rows and the range text `range`. */
async function waitForRows(page: Page, n: number, range?: string): Promise<void> {
  await page.waitForFunction(
    ([count, text]) =>
      document.querySelectorAll('#jobs-body .job-row').length === count &&
      (text === null || document.querySelector('#pager .range')?.textContent === text) &&
      !(document.getElementById('list-checked-text')?.textContent ?? '').startsWith('Checking'),
    [n, range ?? null] as const,
  );
}

describe('jobs console in Chromium', () => {
  let browser: Browser | undefined;
  let uiDir: string;

  beforeAll(async () => {
    if (SKIP !== undefined) {
      console.log(`\nbrowser spec skipped: ${SKIP}`);
      return;
    }
    uiDir = mkdtempSync(join(tmpdir(), 'qjobs-ui-spec-'));
    await buildDashboard(uiDir);
    browser = await launchChromium();
  }, SLOW);

  afterAll(async () => {
    await browser?.close();
    if (uiDir !== undefined) rmSync(uiDir, { recursive: true, force: true });
  }, SLOW);

  describe('served by `qjobs serve --ui`', () => {
    let server: ServeUi | undefined;

    beforeAll(async () => {
      if (SKIP !== undefined) return;
      server = await startServeUi(['--queue-delay', '500', '--run-delay', '1500']);
    }, SLOW);

    afterAll(async () => {
      if (server !== undefined) expect(await server.stop()).toBe(0);
    }, SLOW);

    it(
      'connects from its printed address, runs a Bell job from "New job" and follows it live in the detail view',
      async () => {
        requireBrowser();
        const { page, problems } = await openPage(browser!);
        const origin = new URL(server!.url).origin;
        expect(server!.ui).toBe(`${origin}/ui/?token=${server!.token}`);
        await openConsole(page, server!.ui);
        // The token left the address bar; the runtime URL came from the page's own origin.
        expect(page.url()).toBe(`${origin}/ui/`);
        expect(await page.inputValue('#runtime-url')).toBe(server!.url);
        expect((await page.textContent('#jobs-empty'))?.trim()).toBe(
          'No jobs yet. Submit one with "New job" above.',
        );

        await openPanel(page);
        await page.selectOption('#preset', 'bell');
        await page.fill('#tags', 'first-run');
        const id = await submitAndGetId(page);
        expect(query(page)).toEqual({ job: id });
        // While it runs: when it was last checked and when it is checked next, in plain words.
        await page.waitForSelector('#job-detail[data-status="RUNNING"]');
        expect(await page.textContent('#job-detail .updates')).toMatch(
          /(Updates arrive as they happen|Last checked \d\d:\d\d:\d\d)/,
        );
        await waitForDetailStatus(page, 'DONE');
        expect(await timelineOf(page)).toEqual(['QUEUED', 'RUNNING', 'DONE']);
        await page.waitForSelector('#job-detail svg.histogram');
        const bars = await countBarsOf(page);
        expect(bars.map(([b]) => b).sort()).toEqual(['00', '11']);
        expect(bars[0]![1]).toBeGreaterThanOrEqual(bars[1]![1]);
        expect(bars.reduce((sum, [, n]) => sum + n, 0)).toBe(1024);
        expect(await page.textContent('#job-detail .updates')).toBe(
          'Finished: nothing more to check',
        );
        // The circuit drawn; its OpenQASM a click away.
        await page.waitForSelector('#job-detail pre.drawing');
        expect(await page.textContent('#job-detail pre.drawing')).toContain('┤ H ├──■──');
        expect(await page.isVisible('#job-detail pre.circuit')).toBeFalse();
        await page.click('#job-detail .view-switch button:has-text("OpenQASM")');
        expect(await page.isVisible('#job-detail pre.circuit')).toBeTrue();
        expect(await page.textContent('#job-detail pre.circuit')).toContain('cx q[0], q[1];');
        await page.click('#job-detail .view-switch button:has-text("Drawing")');
        await page.waitForSelector('#job-detail pre.logs[data-state="ready"]');
        expect(await page.textContent('#job-detail pre.logs')).toContain('completed');
        expect(await page.textContent('#job-detail .metrics')).toContain('Quantum time used');
        // The list found the new job and shows it as completed, tagged.
        await page.waitForSelector(`#jobs-body .job-row[data-job-id="${id}"][data-status="DONE"]`);
        expect(await jobRow(page, id).locator('.tag').allTextContents()).toEqual(['first-run']);
        expect((await rawJob(server!.url, server!.token, id)).status).toBe('Completed');
        await screenshot(page, 'dashboard.png');
        expect(problems).toEqual([]);
        await page.close();
      },
      SLOW,
    );
  });

  describe('against a runtime holding jobs', () => {
    let rt: LocalRuntime | undefined;
    let service: RuntimeService;
    let address: string;
    let estimatorJob: RuntimeJob<PrimitiveResult>;
    let wideJob: RuntimeJob<PrimitiveResult>;
    const cancelled: string[] = [];

    beforeAll(async () => {
      if (SKIP !== undefined) return;
      rt = await startLocalRuntime({
        port: 0,
        uiDir,
        queue: { concurrency: 8, queueDelayMs: 300, runDelayMs: 1200 },
      });
      address = `${rt.iamUrl}/ui/?token=${rt.token}`;
      service = new RuntimeService({ url: rt.url, token: rt.token });
      const jobs: RuntimeJob<PrimitiveResult>[] = [];
      const sampler = new Sampler({
        backend: 'ibmq_qasm_simulator',
        service,
        options: { jobTags: ['batch-a'] },
      });
      for (let i = 0; i < 12; i++) jobs.push(await sampler.run([[BELL]], { shots: 200 }));
      const estimator = new Estimator({
        backend: 'local_simulator',
        service,
        options: { jobTags: ['batch-b'] },
      });
      for (let i = 0; i < 5; i++) {
        estimatorJob = await estimator.run([
          [
            BELL,
            [
              'ZZ',
              'XX',
              { ZI: 0.5, XX: 0.5 },
              { ZZ: -0.25, XX: 0.75 },
              { XX: 0.125, YY: -0.125, ZZ: 0.25, ZI: 0.5 },
            ],
          ],
        ]);
        jobs.push(estimatorJob);
      }
      for (let i = 0; i < 3; i++) {
        const job = await sampler.run([[BELL]], { shots: 100 });
        await job.cancel();
        cancelled.push(job.jobId());
        jobs.push(job);
      }
      wideJob = await new Sampler({
        backend: 'ibmq_qasm_simulator',
        service,
        options: { jobTags: ['wide'] },
      }).run([[uniformCircuit(10)]], { shots: 4096 });
      jobs.push(wideJob);
      await eventually(
        () => jobs.map((j) => rt!.jobRecord(j.jobId())!.status),
        (s) => s.every((x) => x === 'Completed' || x === 'Cancelled'),
        60_000,
      );
    }, SLOW);

    /**
     * Every job of the runtime now, newest first (the list's order): the ones made above and
     * those other specs here submitted from the page (untagged, on the first backend).
     */
    async function everyJob(): Promise<string[]> {
      return (await service.jobsPage({ limit: 100 })).jobs.map((j) => j.jobId());
    }

    afterAll(async () => {
      service?.close();
      await rt?.close();
    }, SLOW);

    let page: Page;
    let problems: string[];

    beforeEach(async () => {
      if (SKIP === undefined) ({ page, problems } = await openPage(browser!));
    });

    afterEach(async () => {
      if (SKIP !== undefined) return;
      expect(problems).toEqual([]);
      await page.close();
      rt?.setFaults({});
    });

    it(
      'lists the jobs newest first, ten at a time, and pages through them',
      async () => {
        requireBrowser();
        const all = await everyJob();
        const n = all.length;
        await openConsole(page, address);
        await waitForRows(page, 10, `1–10 of ${n}`);
        expect(await listedIds(page)).toEqual(all.slice(0, 10));
        expect(await page.isDisabled('#pager .previous')).toBeTrue();
        await screenshot(page, 'dashboard-list.png');

        await page.click('#pager .next');
        await waitForRows(page, 10, `11–20 of ${n}`);
        expect(await listedIds(page)).toEqual(all.slice(10, 20));
        expect(query(page)).toEqual({ page: '2' });
        await page.click('#pager .next');
        const third = all.slice(20, 30);
        await waitForRows(page, third.length, `21–${20 + third.length} of ${n}`);
        expect(await listedIds(page)).toEqual(third);
        expect(await page.isDisabled('#pager .next')).toBe(n <= 30);

        // More per page starts again at the first page.
        await page.selectOption('#pager .page-size', '25');
        await waitForRows(page, Math.min(n, 25), `1–${Math.min(n, 25)} of ${n}`);
        expect(query(page)).toEqual({ size: '25' });
        // Each row: status in plain words, program, backend, tags.
        const cancelledRow = jobRow(page, cancelled[0]!);
        expect(await cancelledRow.locator('.status-badge').textContent()).toBe('Cancelled');
        expect(await cancelledRow.locator('.program').textContent()).toBe('sampler');
        expect(await cancelledRow.locator('.tag').allTextContents()).toEqual(['batch-a']);
        expect(
          await jobRow(page, estimatorJob.jobId()).locator('.status-badge').textContent(),
        ).toBe('Completed');
      },
      SLOW,
    );

    it(
      'filters by status, program, backend, tag and date, each kept in the address',
      async () => {
        requireBrowser();
        const n = (await everyJob()).length;
        await openConsole(page, address);
        await waitForRows(page, 10, `1–10 of ${n}`);

        // Five made above, and one more if the QPY spec ran first.
        const estimators = (await service.jobsPage({ program: 'estimator', limit: 1 })).count!;
        expect(estimators).toBeGreaterThanOrEqual(5);
        await page.selectOption('#filter-program', 'estimator');
        await waitForRows(page, estimators, `1–${estimators} of ${estimators}`);
        expect(query(page)).toEqual({ program: 'estimator' });
        expect(await page.locator('#jobs-body .program').allTextContents()).toEqual(
          Array(estimators).fill('estimator'),
        );

        // Jobs submitted from the page go to the first backend, local_simulator; these are all ours.
        await page.selectOption('#filter-program', '');
        await page.selectOption('#filter-backend', 'ibmq_qasm_simulator');
        await waitForRows(page, 10, '1–10 of 16');
        expect(query(page)).toEqual({ backend: 'ibmq_qasm_simulator' });

        await page.selectOption('#filter-backend', '');
        await page.fill('#filter-tag', 'batch-a');
        await page.press('#filter-tag', 'Enter');
        await waitForRows(page, 10, '1–10 of 15');
        expect(query(page)).toEqual({ tag: 'batch-a' });

        // One status: looked for among the finished jobs.
        await page.selectOption('#filter-status', 'CANCELLED');
        await waitForRows(page, 3, '1–3 of 3');
        expect((await listedIds(page)).sort()).toEqual([...cancelled].sort());
        expect(query(page)).toEqual({ tag: 'batch-a', status: 'CANCELLED' });
        await screenshot(page, 'dashboard-filters.png');

        await page.selectOption('#filter-status', 'DONE');
        await waitForRows(page, 10, '1–10 of 12');
        await page.selectOption('#filter-status', 'active');
        await waitForRows(page, 0, '0 of 0');
        expect((await page.textContent('#jobs-empty'))?.trim()).toBe(
          'No job matches these filters. Clear the filters',
        );

        // Dates are local days: every job was created today.
        const today = await page.evaluate(() => {
          const d = new Date();
          return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
        });
        await page.selectOption('#filter-status', 'any');
        await page.fill('#filter-from', today);
        await page.fill('#filter-to', today);
        await waitForRows(page, 10, '1–10 of 15');
        expect(query(page)).toEqual({ tag: 'batch-a', from: today, to: today });
        await page.fill('#filter-from', '2999-01-01');
        await page.fill('#filter-to', '');
        await waitForRows(page, 0, '0 of 0');

        await page.click('#clear-filters');
        await waitForRows(page, 10, `1–10 of ${n}`);
        expect(query(page)).toEqual({});
      },
      SLOW,
    );

    it(
      'a reload shows the same filters, page and open job; Back closes the job',
      async () => {
        requireBrowser();
        await openConsole(page, `${address}&tag=batch-a&page=2`);
        await waitForRows(page, 5, '11–15 of 15');
        const rows = await listedIds(page);
        await jobRow(page, rows[2]!).click();
        await page.waitForSelector(`#job-detail[data-job-id="${rows[2]}"][data-status="DONE"]`);
        expect(query(page)).toEqual({ tag: 'batch-a', page: '2', job: rows[2]! });
        expect(await jobRow(page, rows[2]!).getAttribute('aria-selected')).toBe('true');

        await page.reload();
        await page.waitForSelector('#connection-status[data-state="connected"]');
        await waitForRows(page, 5, '11–15 of 15');
        expect(await listedIds(page)).toEqual(rows);
        expect(await page.inputValue('#filter-tag')).toBe('batch-a');
        await page.waitForSelector(`#job-detail[data-job-id="${rows[2]}"][data-status="DONE"]`);
        expect(await jobRow(page, rows[2]!).getAttribute('aria-selected')).toBe('true');
        // The token was kept for this tab, not in the address.
        expect(page.url()).not.toContain('token');

        await page.goBack();
        await page.waitForSelector('#job-detail', { state: 'hidden' });
        expect(query(page)).toEqual({ tag: 'batch-a', page: '2' });
      },
      SLOW,
    );

    it(
      'a wide histogram: most frequent outcomes first, the rest in one bar, labels apart, scrolling inside its panel',
      async () => {
        requireBrowser();
        await openConsole(page, `${address}&job=${wideJob.jobId()}`);
        await page.waitForSelector('#job-detail svg.histogram[data-kind="counts"]');
        const bars = await countBarsOf(page);
        expect(bars.length).toBe(17);
        const own = bars.slice(0, 16).map(([, n]) => n);
        expect(own).toEqual([...own].sort((a, b) => b - a));
        const [label, rest] = bars[16]!;
        expect(label).toBe('others');
        expect(bars.reduce((sum, [, n]) => sum + n, 0)).toBe(4096);
        const result = (await wideJob.result()) as PrimitiveResult;
        const pub = result[0]!;
        if (pub.kind !== 'sampler') throw new Error('expected a Sampler result');
        const counts = pub.data['meas']!.getCounts();
        const outcomes = Object.keys(counts).length;
        expect(await page.getAttribute('#job-detail .bar.others', 'data-outcomes')).toBe(
          String(outcomes - 16),
        );
        expect(rest).toBe(4096 - own.reduce((a, b) => a + b, 0));
        expect(own[0]).toBe(Math.max(...Object.values(counts)));
        expect(await overlapping(page, '#job-detail .histogram .label')).toEqual([]);
        expect(await overlapping(page, '#job-detail .histogram .value')).toEqual([]);
        expect(await page.textContent('#job-detail figcaption')).toBe(
          `PUB 0, register meas: 4,096 shots, ${outcomes.toLocaleString('en-US')} outcomes; the 16 most frequent, then ${outcomes - 16} others together`,
        );
        expect(await pageFits(page)).toBeTrue();
        await screenshot(page.locator('#job-detail .results-section'), 'dashboard-histogram.png');

        // At 390 px the chart scrolls inside its box; the page does not.
        await page.setViewportSize({ width: 390, height: 844 });
        const scroll = page.locator('#job-detail .chart-scroll');
        const [scrollWidth, clientWidth] = await scroll.evaluate((e) => [
          e.scrollWidth,
          e.clientWidth,
        ]);
        expect(scrollWidth).toBeGreaterThan(clientWidth);
        expect(clientWidth).toBeLessThanOrEqual(390);
        expect(await pageFits(page)).toBeTrue();
        expect(await overlapping(page, '#job-detail .histogram .label')).toEqual([]);
      },
      SLOW,
    );

    it(
      'Estimator values: error bars, labels shortened only in the chart, every label in full on hover and in the table',
      async () => {
        requireBrowser();
        await openConsole(page, `${address}&job=${estimatorJob.jobId()}`);
        await page.waitForSelector('#job-detail svg.histogram[data-kind="expectation"]');
        const bars = await page
          .locator('#job-detail .histogram .bar')
          .evaluateAll((els) =>
            els.map((b) => [
              b.getAttribute('data-observable'),
              Number(b.getAttribute('data-value')),
              Number(b.getAttribute('data-std')),
              b.querySelector('title')?.textContent,
            ]),
          );
        expect(bars.map(([label]) => label)).toEqual([
          'ZZ',
          'XX',
          '0.5*ZI + 0.5*XX',
          '-0.25*ZZ + 0.75*XX',
          '0.125*XX - 0.125*YY + 0.25*ZZ + 0.5*ZI',
        ]);
        expect(bars[0]![1]).toBeCloseTo(1, 1);
        expect(bars[2]![1]).toBeCloseTo(0.5, 1);
        expect(bars[3]![1]).toBeCloseTo(0.5, 1);
        expect(bars[4]![1]).toBeCloseTo(0.5, 1);
        for (const [, , std] of bars) expect(std).toBeGreaterThan(0);
        // The long label is shortened in the chart; hover (the bar's title) and the table have it all.
        const long = '0.125*XX - 0.125*YY + 0.25*ZZ + 0.5*ZI';
        expect(bars[4]![3]).toMatch(
          /^0\.125\*XX - 0\.125\*YY \+ 0\.25\*ZZ \+ 0\.5\*ZI: 0\.\d+ ± 0\.\d+$/,
        );
        expect(await page.textContent('#job-detail .histogram .bar:last-of-type .label')).toBe(
          '0.125*XX - …Z + 0.5*ZI',
        );
        expect(await page.locator('#job-detail .error-bar').count()).toBe(5);
        expect(await page.locator('#job-detail table.values tbody tr').count()).toBe(5);
        expect(await page.textContent('#job-detail table.values tbody tr:last-child td')).toBe(
          long,
        );
        expect(await overlapping(page, '#job-detail .histogram .label')).toEqual([]);
        await screenshot(page.locator('#job-detail .results-section'), 'dashboard-estimator.png');
      },
      SLOW,
    );

    it(
      'draws a circuit sent as QPY, as IBM’s Python client sends it',
      async () => {
        requireBrowser();
        // The Estimator params of Qiskit/ibm-quantum-schemas' tests (spec/fixtures/qpy/README.md).
        const params = JSON.parse(
          readFileSync(
            join(
              ROOT,
              'spec',
              'fixtures',
              'qpy',
              'ibm-quantum-schemas_estimator_params_qiskit-2.3.0_v14.json',
            ),
            'utf8',
          ),
        ) as Record<string, unknown>;
        const job = await service.run('estimator', params, { backend: 'local_simulator' });
        await eventually(
          () => rt!.jobRecord(job.jobId())!.status,
          (s) => s === 'Completed',
          30_000,
        );
        await openConsole(page, `${address}&job=${job.jobId()}`);
        await page.waitForSelector('#job-detail pre.drawing');
        const drawings = await page.locator('#job-detail pre.drawing').allTextContents();
        expect(drawings.length).toBe((params['pubs'] as unknown[]).length);
        expect(drawings.join('\n')).toMatch(/Rz\(p\)/);
        expect(await page.textContent('#job-detail .pub-inputs .hint')).toBe(
          'Sent as QPY (as IBM’s Python client sends it).',
        );
        expect(await pageFits(page)).toBeTrue();
        await screenshot(page.locator('#job-detail .inputs-section'), 'dashboard-circuit-qpy.png');
      },
      SLOW,
    );

    it(
      'at 390 px: the list as cards, an open job in its place, nothing wider than the screen',
      async () => {
        requireBrowser();
        const all = await everyJob();
        await page.setViewportSize({ width: 390, height: 844 });
        await openConsole(page, address);
        await waitForRows(page, 10, `1–10 of ${all.length}`);
        expect(await page.isVisible('#jobs-table thead')).toBeFalse();
        expect(await pageFits(page)).toBeTrue();
        const first = await jobRow(page, all[0]!).boundingBox();
        expect(first!.x + first!.width).toBeLessThanOrEqual(390);
        await screenshot(page, 'dashboard-390-list.png');

        await jobRow(page, estimatorJob.jobId()).click();
        await page.waitForSelector('#job-detail svg.histogram');
        expect(await page.isVisible('#jobs-pane')).toBeFalse();
        expect(await pageFits(page)).toBeTrue();
        await screenshot(page, 'dashboard-390-detail.png');

        await page.click('#job-detail .back');
        await page.waitForSelector('#jobs-pane', { state: 'visible' });
        expect(query(page)).toEqual({});
      },
      SLOW,
    );

    it(
      'marks the line and column of a circuit the runtime refuses, and lists several problems together',
      async () => {
        requireBrowser();
        await openConsole(page, address);
        await openPanel(page);
        // Two problems; the runtime's 400 names both (src/circuits/qasm reports every problem).
        const bad =
          'OPENQASM 3.0;\ninclude "stdgates.inc";\nqubit[2] q;\nfoo q[0];\ncx q[0], q[7];\n';
        await page.fill('#qasm', bad);
        await page.click('#submit');
        await page.waitForSelector('#qasm-problems:not([hidden])');
        await page.waitForSelector('.editor mark.error-at[data-line="4"][data-column="1"]');
        await page.waitForSelector('.editor mark.error-at[data-line="5"][data-column="12"]');
        expect(
          await page
            .locator('.editor .line-number.error')
            .evaluateAll((ls) => ls.map((l) => l.textContent)),
        ).toEqual(['4', '5']);
        expect(
          await page
            .locator('#qasm-problems li')
            .evaluateAll((items) =>
              items.map((li) => [
                li.getAttribute('data-line'),
                li.getAttribute('data-column'),
                li.querySelector('.problem-message')?.textContent,
              ]),
            ),
        ).toEqual([
          ['4', '1', "unknown gate 'foo'"],
          ['5', '12', "index 7 is out of range for register 'q' of size 2"],
        ]);
        expect(await page.textContent('#qasm-problems li[data-line="4"] .excerpt')).toBe(
          'foo q[0];\n^',
        );
        expect(await page.textContent('#qasm-problems li[data-line="5"] .excerpt')).toBe(
          'cx q[0], q[7];\n           ^',
        );
        expect(await page.textContent('#submit-error')).toBe(
          'The runtime refused the job: 2 problems in the circuit, marked above.',
        );
        // Each mark sits on its line, on the character its column names.
        for (const [line, column, char] of [
          [4, 1, 'f'],
          [5, 12, '7'],
        ] as const) {
          const mark = page.locator(`.editor mark.error-at[data-line="${line}"]`);
          expect(await mark.textContent()).toBe(char);
          const box = await mark.boundingBox();
          const gutter = await page
            .locator(`.editor .line-number[data-line="${line}"]`)
            .boundingBox();
          expect(Math.abs(box!.y - gutter!.y))
            .withContext(`line ${line}, column ${column}`)
            .toBeLessThan(3);
        }
        await screenshot(page.locator('#new-job'), 'dashboard-qasm-errors.png');
        await page.click('#qasm-problems li[data-line="5"] .goto');
        expect(
          await page.evaluate(() => (document.activeElement as HTMLTextAreaElement).selectionStart),
        ).toBe(bad.indexOf('7]'));

        // A refusal listing its problems as separate entries of the API's error list.
        await page.route('**/api/v1/jobs', (route) =>
          route.request().method() === 'POST'
            ? route.fulfill({
                status: 400,
                contentType: 'application/json',
                body: JSON.stringify({
                  errors: [
                    {
                      code: 1002,
                      message:
                        "params.pubs[0][0]: OpenQASM error at line 3, column 1: 'qubit' is not allowed here",
                    },
                    {
                      code: 1002,
                      message:
                        'params.pubs[0][0]: OpenQASM error at line 1, column 10: version 9.9 is not supported',
                    },
                  ],
                }),
              })
            : route.continue(),
        );
        await page.click('#submit');
        await page.waitForSelector('.editor mark.error-at[data-line="1"][data-column="10"]');
        expect(
          await page
            .locator('#qasm-problems li')
            .evaluateAll((items) =>
              items.map(
                (li) => `${li.getAttribute('data-line')}:${li.getAttribute('data-column')}`,
              ),
            ),
        ).toEqual(['1:10', '3:1']);
        await page.unroute('**/api/v1/jobs');
        // Editing the text takes the marks away (they point into the old text).
        await page.press('#qasm', 'End');
        await page.keyboard.type(' ');
        expect(await page.locator('.editor mark.error-at').count()).toBe(0);
        expect(await page.locator('#qasm-problems li').count()).toBe(2);
        // Chromium logs each refused request; those two were the point of this spec.
        const refused = problems.filter((p) => /status of 400/.test(p));
        expect(refused.length).toBe(2);
        problems.splice(0, problems.length, ...problems.filter((p) => !refused.includes(p)));
      },
      SLOW,
    );

    it(
      'when the websocket drops, the job view says updates come from status checks, then recovers and completes with no repeated step',
      async () => {
        requireBrowser();
        await openConsole(page, address);
        rt!.setFaults({ dropWebSocketAfter: 3 });
        await openPanel(page);
        await page.selectOption('#preset', 'bell');
        const id = await submitAndGetId(page);
        await waitForDetailStatus(page, 'DONE');
        const log = await page
          .locator('#job-detail .connection-list li')
          .evaluateAll((items) =>
            items.map((li) => `${li.getAttribute('data-state')}:${li.getAttribute('data-mode')}`),
          );
        expect(log).toContain('reconnecting:polling');
        // Each status once; a short queue may pass while the websocket is down and unseen.
        const timeline = await timelineOf(page);
        expect(timeline.slice(-2)).toEqual(['RUNNING', 'DONE']);
        expect(new Set(timeline).size).toBe(timeline.length);
        expect((await countBarsOf(page)).map(([b]) => b).sort()).toEqual(['00', '11']);
        expect(rt!.jobRecord(id)!.transitions.map((t) => t.status)).toEqual([
          'Queued',
          'Running',
          'Completed',
        ]);
        await page
          .locator('#job-detail details.connections')
          .evaluate((d) => ((d as HTMLDetailsElement).open = true));
        await screenshot(page.locator('#job-detail'), 'dashboard-reconnect.png');
      },
      SLOW,
    );
  });

  describe('against a runtime that runs each job four seconds', () => {
    let rt: LocalRuntime | undefined;

    beforeAll(async () => {
      if (SKIP !== undefined) return;
      rt = await startLocalRuntime({
        port: 0,
        uiDir,
        backends: ['local_simulator', 'ibm_fez'],
        queue: { queueDelayMs: 300, runDelayMs: 4000 },
      });
    }, SLOW);

    afterAll(async () => {
      await rt?.close();
    }, SLOW);

    let page: Page;
    let problems: string[];

    beforeEach(async () => {
      if (SKIP === undefined) ({ page, problems } = await openPage(browser!));
    });

    afterEach(async () => {
      if (SKIP !== undefined) return;
      expect(problems).toEqual([]);
      await page.close();
    });

    it(
      'the list follows its unfinished jobs live through one job set: rows change between checks of the list',
      async () => {
        requireBrowser();
        const service = new RuntimeService({ url: rt!.url, token: rt!.token });
        try {
          const job = await new Sampler({ backend: 'local_simulator', service }).run([[BELL]]);
          const id = job.jobId();
          await openConsole(page, `${rt!.iamUrl}/ui/?token=${rt!.token}`);
          await page.waitForSelector(
            `#jobs-body .job-row[data-job-id="${id}"][data-status="RUNNING"]`,
          );
          expect(await page.textContent('#list-checked-text')).toMatch(
            /following 1 unfinished job live$/,
          );
          await page.waitForSelector(
            `#jobs-body .job-row[data-job-id="${id}"][data-status="DONE"]`,
            {
              timeout: 30_000,
            },
          );
          // No job is open: the reads of this one job are the set's (the list reads pages).
          const reads = rt!.requestCount({ route: 'jobs.get', path: `/api/v1/jobs/${id}` });
          expect(reads).toBeGreaterThan(0);
          expect(await page.isVisible('#job-detail')).toBeFalse();
          expect(await jobRow(page, id).locator('.status-badge').textContent()).toBe('Completed');
          await page.waitForFunction(
            () =>
              !/following/.test(document.getElementById('list-checked-text')?.textContent ?? ''),
          );
        } finally {
          service.close();
        }
      },
      SLOW,
    );

    it(
      'says plainly what went wrong: a refused token, a job that does not exist, a failed job',
      async () => {
        requireBrowser();
        const origin = rt!.iamUrl;
        await page.goto(`${origin}/ui/?token=not-the-token`);
        await page.waitForSelector('#connection-status[data-state="error"]');
        expect(await page.textContent('#connection-status')).toBe(
          `Cannot connect: the runtime at ${rt!.url} refused the token (HTTP 401). Check the token: qjobs serve prints it on its "token:" line.`,
        );
        expect(await page.textContent('#jobs-empty')).toBe(
          'Not connected: give the runtime’s URL and token under Runtime above.',
        );
        expect(await page.isVisible('#jobs-table')).toBeFalse();
        expect(await page.getAttribute('#runtime-panel', 'open')).toBe('');

        // A job this runtime does not have, and an address value that makes no sense.
        await page.fill('#token', rt!.token);
        await page.click('#connect');
        await page.waitForSelector('#connection-status[data-state="connected"]');
        await page.goto(`${origin}/ui/?job=nosuchjob0000000000&status=PAUSED`);
        await page.waitForSelector('#job-detail .ending[data-kind="problem"]');
        expect(await page.textContent('#job-detail .ending')).toBe(
          'This page could not follow the job. Job not found: nosuchjob0000000000',
        );
        expect(await page.textContent('#job-detail .status-badge')).toBe('Not found');
        expect(await page.isVisible('#job-detail .results-section')).toBeFalse();
        expect(await page.isVisible('#job-detail .updates')).toBeFalse();
        expect(await page.textContent('#address-note')).toBe(
          'Left out of the address, as it made no sense: status=PAUSED',
        );
        expect(problems.filter((p) => !/status of (401|404)/.test(p))).toEqual([]);
        problems.length = 0;

        // A job the service failed: its reason, once, in red.
        const service = new RuntimeService({ url: rt!.url, token: rt!.token });
        try {
          const job = await new Sampler({ backend: 'ibm_fez', service }).run([[BELL]]);
          await page.goto(`${origin}/ui/?job=${job.jobId()}`);
          await waitForDetailStatus(page, 'ERROR');
          await page.waitForSelector('#job-detail .ending[data-kind="failed"]');
          const ending = (await page.textContent('#job-detail .ending'))!;
          expect(ending).toMatch(
            /^This job failed\. Circuits do not match the target definition \(non-ISA circuits\)/,
          );
          expect(await page.textContent('#job-detail .status-badge')).toBe('Failed');
          expect(await page.locator('#job-detail .timeline .reason').count()).toBe(0);
          expect(await page.textContent('#job-detail .results')).toBe(
            'No results: the job failed.',
          );
          const colour = await page
            .locator('#job-detail .status-badge')
            .evaluate((b) => getComputedStyle(b).color);
          expect(colour).toBe('rgb(196, 32, 43)');
        } finally {
          service.close();
        }
      },
      SLOW,
    );

    it(
      'reads nothing while the tab is hidden, and catches up as soon as it shows',
      async () => {
        requireBrowser();
        await openConsole(page, `${rt!.iamUrl}/ui/?token=${rt!.token}`);
        await openPanel(page);
        await page.selectOption('#preset', 'bell');
        await openPanel(page, 'runtime-panel');
        await page.uncheck('#use-websockets');
        await page.click('#connect');
        await page.waitForSelector('#connection-status[data-state="connected"]');
        const id = await submitAndGetId(page);
        await page.waitForSelector('#job-detail[data-status="RUNNING"]');

        const setVisibility = (state: 'hidden' | 'visible'): Promise<void> =>
          page.evaluate(`
            Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => '${state}' });
            document.dispatchEvent(new Event('visibilitychange'));
          `);
        await setVisibility('hidden');
        expect(await page.textContent('#list-checked-text')).toBe(
          'Paused while this tab is hidden',
        );
        expect(await page.textContent('#job-detail .updates')).toBe(
          'Paused while this tab is hidden',
        );
        // A read already on the wire may still arrive; none may start after this.
        await page.waitForTimeout(300);
        const reads = (): number =>
          rt!.requestCount({ route: 'jobs.get' }) + rt!.requestCount({ route: 'jobs.list' });
        const before = reads();
        await eventually(
          () => rt!.jobRecord(id)!.status,
          (s) => s === 'Completed',
        );
        await page.waitForTimeout(1500); // more than two running poll intervals (500 ms)
        expect(reads()).withContext('reads while hidden').toBe(before);
        expect(await page.getAttribute('#job-detail', 'data-status')).toBe('RUNNING');

        await setVisibility('visible');
        await waitForDetailStatus(page, 'DONE');
        expect(reads()).toBeGreaterThan(before);
        // Checking only every second while queued, the page may not have seen it queued.
        const timeline = await timelineOf(page);
        expect(timeline.slice(-2)).toEqual(['RUNNING', 'DONE']);
        expect(new Set(timeline).size).toBe(timeline.length);
      },
      SLOW,
    );
  });

  describe('cancelling, against a runtime whose queue holds jobs a minute', () => {
    let rt: LocalRuntime | undefined;

    beforeAll(async () => {
      if (SKIP !== undefined) return;
      rt = await startLocalRuntime({ port: 0, uiDir, queue: { queueDelayMs: 60_000 } });
    }, SLOW);

    afterAll(async () => {
      await rt?.close();
    }, SLOW);

    it(
      'asks before cancelling; "Keep it" keeps the job; a cancelled job reads as cancelled, not as an error',
      async () => {
        requireBrowser();
        const { page, problems } = await openPage(browser!);
        await openConsole(page, `${rt!.iamUrl}/ui/?token=${rt!.token}`);
        await openPanel(page);
        await page.selectOption('#preset', 'ghz3');
        const id = await submitAndGetId(page);
        await page.waitForSelector('#job-detail[data-status="QUEUED"]');

        await page.click('#job-detail button.cancel');
        const dialog = page.locator('dialog.confirm');
        await dialog.waitFor();
        expect(await dialog.locator('h2').textContent()).toBe('Cancel this job?');
        expect(await dialog.locator('p').textContent()).toBe(
          `Job ${id} stops where it is and will have no results. This cannot be undone.`,
        );
        await screenshot(page, 'dashboard-cancel-confirm.png', { fullPage: false });
        await dialog.locator('button', { hasText: 'Keep it' }).click();
        await dialog.waitFor({ state: 'detached' });
        await page.waitForTimeout(300);
        expect(rt!.jobRecord(id)!.status).toBe('Queued');
        expect(rt!.requestCount({ route: 'jobs.cancel' })).toBe(0);

        await page.click('#job-detail button.cancel');
        await dialog.locator('button', { hasText: 'Cancel job' }).click();
        await waitForDetailStatus(page, 'CANCELLED');
        expect(rt!.jobRecord(id)!.status).toBe('Cancelled');
        expect(await page.getAttribute('#job-detail .ending', 'data-kind')).toBe('cancelled');
        expect(await page.textContent('#job-detail .ending')).toBe(
          'This job was cancelled. It stopped before it finished, so it has no results.',
        );
        expect(await page.textContent('#job-detail .status-badge')).toBe('Cancelled');
        expect(await page.isVisible('#job-detail button.cancel')).toBeFalse();
        expect(await page.textContent('#job-detail .results')).toBe(
          'No results: the job was cancelled.',
        );
        // Grey, as finished, not red as a failure.
        const colour = await page
          .locator('#job-detail .status-badge')
          .evaluate((b) => getComputedStyle(b).color);
        expect(colour).toBe('rgb(89, 99, 110)');
        await page.waitForSelector(
          `#jobs-body .job-row[data-job-id="${id}"][data-status="CANCELLED"]`,
        );
        await screenshot(page.locator('#job-detail'), 'dashboard-cancelled.png');
        expect(problems).toEqual([]);
        await page.close();
      },
      SLOW,
    );
  });
});
