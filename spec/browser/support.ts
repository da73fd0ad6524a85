/**
 * Support of the browser specs: Debian's Chromium driven by playwright-core (or the reason it
 * cannot run), `qjobs serve --ui` in a child process, raw reads of the runtime, and the
 * dashboard page's parts by job id.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { BrowserContext, Locator, Page } from 'playwright-core';

/** Root of the repository. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Debian's Chromium, the browser the specs drive. */
export const CHROMIUM = '/usr/bin/chromium';

/** Flags of every Chromium the specs start (headless, no background traffic). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Why the browser specs cannot run here, or undefined when they can. */
export function browserSkipReason(): string | undefined {
  try {
    accessSync(CHROMIUM, constants.X_OK);
    return undefined;
  } catch (_e) {
    return (
      `${CHROMIUM} is missing or not executable, so the Chromium specs did not run; install it ` +
      'with `apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium`'
    );
  }
}

/** A headless Chromium with a fresh profile. */
export interface Browser {
  readonly context: BrowserContext;
  /** Close the browser and delete its profile directory. */
  close(): Promise<void>;
}

/** Start Debian's Chromium headless with a fresh `--user-data-dir` in a temporary directory. */
export async function launchChromium(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'qjobs-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 900 },
    });
    return {
      context,
      async close() {
        await context.close();
        rmSync(profile, { recursive: true, force: true });
      },
    };
  } catch (e) {
    rmSync(profile, { recursive: true, force: true });
    throw e;
  }
}

/** A page that records its console errors and uncaught exceptions. */
export async function openPage(browser: Browser): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console.error: ${m.text()}`);
  });
  return { page, problems };
}

/** A running `qjobs serve --ui` and what it printed. */
export interface ServeUi {
  readonly child: ChildProcess;
  /** `url:` line: the API root. */
  readonly url: string;
  readonly token: string;
  /** `ui:` line: the dashboard's address with the token. */
  readonly ui: string;
  output(): string;
  /** SIGTERM, then wait for the exit code. */
  stop(): Promise<number | null>;
}

/** Start `qjobs serve --ui --port 0 <args>` (the real launcher, `bin/qjobs.js`). */
export function startServeUi(args: readonly string[]): Promise<ServeUi> {
  const child = spawn(
    process.execPath,
    [join(ROOT, 'bin', 'qjobs.js'), 'serve', '--ui', '--port', '0', ...args],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  const exited = new Promise<number | null>((resolve) =>
    child.on('close', (code) => resolve(code)),
  );
  return new Promise<ServeUi>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`qjobs serve --ui printed no ui line within 30 s:\n${out}`));
    }, 30_000);
    const read = (chunk: string): void => {
      out += chunk;
      const url = /^url: (\S+)$/m.exec(out)?.[1];
      const token = /^token: (\S+)$/m.exec(out)?.[1];
      const ui = /^ui: (\S+)$/m.exec(out)?.[1];
      if (url === undefined || token === undefined || ui === undefined) return;
      clearTimeout(timer);
      resolve({
        child,
        url,
        token,
        ui,
        output: () => out,
        async stop() {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          return exited;
        },
      });
    };
    child.stdout!.setEncoding('utf8').on('data', read);
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (out += d));
    void exited.then((code) => {
      clearTimeout(timer);
      reject(
        new Error(`qjobs serve --ui exited with ${code} before printing its ui line:\n${out}`),
      );
    });
  });
}

/** `GET {url}/v1/jobs/{id}` with the bearer token, parsed. */
export async function rawJob(url: string, token: string, id: string): Promise<{ status: string }> {
  const res = await fetch(`${url}/v1/jobs/${id}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  if (res.status !== 200) throw new Error(`GET job ${id}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as { status: string };
}

/** Check `read()` until `done(value)` holds; reject with the last value after `timeoutMs`. */
export async function eventually<T>(
  read: () => Promise<T> | T,
  done: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > until) {
      throw new Error(
        `condition not met within ${timeoutMs} ms; last value ${JSON.stringify(value)}`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Where screenshots for the README go: `docs/images/`. */
export const SCREENSHOT_DIR = join(ROOT, 'docs', 'images');

/**
 * Save a screenshot of a whole page (or of its window, with `fullPage: false`), or of one element, as `docs/images/<name>`
 * (`QJOBS_SCREENSHOTS=update`, or when the file does not exist yet) or else as
 * `.tmp/screenshots/<name>`, so a routine run never rewrites the committed images. Returns the
 * path written.
 */
export async function screenshot(
  target: Page | Locator,
  name: string,
  options: { readonly fullPage?: boolean } = {},
): Promise<string> {
  const committed = join(SCREENSHOT_DIR, name);
  let exists = true;
  try {
    accessSync(committed);
  } catch (_e) {
    exists = false;
  }
  const dir =
    process.env['QJOBS_SCREENSHOTS'] === 'update' || !exists
      ? SCREENSHOT_DIR
      : join(ROOT, '.tmp', 'screenshots');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  if ('goto' in target) await target.screenshot({ path, fullPage: options.fullPage ?? true });
  else await target.screenshot({ path });
  return path;
}

/** The list row of job `id`. */
export function jobRow(page: Page, id: string): Locator {
  return page.locator(`#jobs-body .job-row[data-job-id="${id}"]`);
}

/** The job ids of the list, in page order. */
export function listedIds(page: Page): Promise<string[]> {
  return page
    .locator('#jobs-body .job-row')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-job-id') ?? ''));
}

/** The statuses of the open job's timeline after "Created", in page order. */
export function timelineOf(page: Page): Promise<string[]> {
  return page
    .locator('#job-detail .timeline .step:not(.created)')
    .evaluateAll((items) => items.map((li) => li.getAttribute('data-status') ?? ''));
}

/** `[bitstring, count]` of every bar of the open job's counts charts, in page order. */
export function countBarsOf(page: Page): Promise<[string, number][]> {
  return page
    .locator('#job-detail svg.histogram[data-kind="counts"] .bar')
    .evaluateAll((bars) =>
      bars.map((b): [string, number] => [
        b.getAttribute('data-bitstring') ?? '',
        Number(b.getAttribute('data-count')),
      ]),
    );
}

/** Wait until the open job shows `status`. */
export function waitForDetailStatus(
  page: Page,
  status: string,
  timeout = 30_000,
): Promise<unknown> {
  return page.waitForSelector(`#job-detail[data-status="${status}"]`, { timeout });
}

/** Wait until the list has been read (its status line says when) and shows no "Checking…". */
export async function waitForList(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const text = document.getElementById('list-checked-text')?.textContent ?? '';
    return text.startsWith('Last checked');
  });
}

/** Open the "New job" form (a `<details>`), or the runtime form with `which = 'runtime-panel'`. */
export async function openPanel(
  page: Page,
  which: 'new-job' | 'runtime-panel' = 'new-job',
): Promise<void> {
  await page.locator(`#${which}`).evaluate((d) => ((d as HTMLDetailsElement).open = true));
}

/**
 * Open "New job", submit the form as it is set, and resolve to the new job's id once its
 * detail view is open (the page opens a job it submitted).
 */
export async function submitAndGetId(page: Page): Promise<string> {
  await openPanel(page);
  await page.click('#submit');
  await page.waitForFunction(
    () =>
      new URL(location.href).searchParams.get('job') !== null ||
      !(document.getElementById('submit-error')?.hidden ?? true),
  );
  const error = page.locator('#submit-error');
  if (await error.isVisible()) throw new Error(`submit failed: ${await error.textContent()}`);
  const id = new URL(page.url()).searchParams.get('job');
  if (id === null) throw new Error('the page opened no job');
  await page.waitForSelector(`#job-detail[data-job-id="${id}"]`);
  return id;
}

/** The page is no wider than its window (nothing made it scroll sideways). */
export function pageFits(page: Page): Promise<boolean> {
  return page.evaluate(
    () =>
      document.documentElement.scrollWidth <= window.innerWidth &&
      document.body.scrollWidth <= window.innerWidth,
  );
}

/** Pairs of elements matching `selector` whose boxes overlap (by their text, for the message). */
export function overlapping(page: Page, selector: string): Promise<string[]> {
  return page.locator(selector).evaluateAll((nodes) => {
    const boxes = nodes.map((n) => ({ text: n.textContent ?? '', r: n.getBoundingClientRect() }));
    const out: string[] = [];
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i]!.r;
        const b = boxes[j]!.r;
        // A pixel of anti-aliasing is not an overlap.
        if (
          a.left < b.right - 1 &&
          b.left < a.right - 1 &&
          a.top < b.bottom - 1 &&
          b.top < a.bottom - 1
        ) {
          out.push(`${boxes[i]!.text} / ${boxes[j]!.text}`);
        }
      }
    }
    return out;
  });
}
