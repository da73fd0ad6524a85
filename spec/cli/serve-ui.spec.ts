/**
 * Where `qjobs serve --ui` finds the dashboard: built from `examples/dashboard/` in a checkout
 * (into a temporary directory removed by `dispose`), the packed `dist/dashboard/` in an
 * installed package, and a reason that says what to do when there is neither. The last spec
 * runs the real `bin/qjobs.js serve --ui` of this checkout, with nothing built beforehand.
 */
import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageRootFrom, prepareDashboard } from '../../src/cli/serve-ui.js';
import type { DashboardOutcome, PreparedDashboard } from '../../src/cli/serve-ui.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function prepared(outcome: DashboardOutcome): PreparedDashboard {
  if (!outcome.ok) throw new Error(`expected a dashboard, got: ${outcome.reason}`);
  return outcome.dashboard;
}

function reason(outcome: DashboardOutcome): string {
  if (outcome.ok) throw new Error(`expected no dashboard, got ${outcome.dashboard.dir}`);
  return outcome.reason;
}

describe('qjobs serve --ui: the dashboard it serves', () => {
  let fake: string;

  beforeEach(() => {
    fake = mkdtempSync(join(tmpdir(), 'qjobs-pkg-'));
    writeFileSync(join(fake, 'package.json'), JSON.stringify({ name: 'quantum-jobs-rx' }));
  });

  afterEach(() => rmSync(fake, { recursive: true, force: true }));

  function pack(): void {
    mkdirSync(join(fake, 'dist', 'dashboard'), { recursive: true });
    writeFileSync(join(fake, 'dist', 'dashboard', 'index.html'), '<!doctype html>');
  }

  function checkout(): void {
    mkdirSync(join(fake, 'examples', 'dashboard'), { recursive: true });
    writeFileSync(join(fake, 'examples', 'dashboard', 'build.ts'), '');
  }

  it('finds the package root from anywhere below it, and nothing outside it', () => {
    mkdirSync(join(fake, 'bin', 'deep'), { recursive: true });
    expect(packageRootFrom(join(fake, 'bin', 'deep'))).toBe(fake);
    expect(packageRootFrom(root)).toBe(root);
    expect(packageRootFrom(join(root, 'node_modules', 'rxjs', 'dist'))).toBe(root);
    expect(packageRootFrom(tmpdir())).toBeUndefined();
  });

  it('an installed package serves its packed dist/dashboard, and keeps it on dispose', async () => {
    pack();
    const dashboard = prepared(await prepareDashboard({ root: fake }));
    expect(dashboard.from).toBe('package');
    expect(dashboard.dir).toBe(join(fake, 'dist', 'dashboard'));
    dashboard.dispose();
    expect(existsSync(join(fake, 'dist', 'dashboard', 'index.html'))).toBeTrue();
  });

  it('an installed package without it says to reinstall', async () => {
    expect(reason(await prepareDashboard({ root: fake }))).toBe(
      'this installation of quantum-jobs-rx has no dist/dashboard/index.html; reinstall the package',
    );
  });

  it('a checkout builds from source into a temporary directory that dispose removes', async () => {
    checkout();
    pack(); // a stale build must not win over the sources
    const calls: [string, string][] = [];
    const dashboard = prepared(
      await prepareDashboard({
        root: fake,
        build: (from, outdir) => {
          calls.push([from, outdir]);
          writeFileSync(join(outdir, 'index.html'), 'fresh');
          return Promise.resolve();
        },
      }),
    );
    expect(dashboard.from).toBe('source');
    expect(calls).toEqual([[fake, dashboard.dir]]);
    expect(dashboard.dir.startsWith(join(tmpdir(), 'qjobs-dashboard-'))).toBeTrue();
    expect(readFileSync(join(dashboard.dir, 'index.html'), 'utf8')).toBe('fresh');
    dashboard.dispose();
    expect(existsSync(dashboard.dir)).toBeFalse();
  });

  it('with QJOBS_USE_DIST a checkout serves dist/dashboard when there is one', async () => {
    checkout();
    const never = (): Promise<void> => Promise.reject(new Error('must not build'));
    expect(reason(await prepareDashboard({ root: fake, useDist: true, build: never }))).toBe(
      'QJOBS_USE_DIST=1 but dist/dashboard/index.html is missing; run `npm run build`',
    );
    pack();
    const dashboard = prepared(await prepareDashboard({ root: fake, useDist: true, build: never }));
    expect(dashboard.from).toBe('package');
  });

  it('a checkout whose build fails falls back to dist/dashboard, else says how to get esbuild', async () => {
    checkout();
    let outdir = '';
    const broken = (_root: string, out: string): Promise<void> => {
      outdir = out;
      return Promise.reject(new Error("Cannot find package 'esbuild'"));
    };
    expect(reason(await prepareDashboard({ root: fake, build: broken }))).toBe(
      "cannot build the dashboard from examples/dashboard (Cannot find package 'esbuild'); " +
        'run `npm ci` to install the dev dependencies (esbuild), or `npm run build`',
    );
    expect(existsSync(outdir)).withContext('the failed build is cleaned up').toBeFalse();
    pack();
    expect(prepared(await prepareDashboard({ root: fake, build: broken })).from).toBe('package');
  });

  it('a build that writes no index.html is a failed build', async () => {
    checkout();
    const empty = (): Promise<void> => Promise.resolve();
    expect(reason(await prepareDashboard({ root: fake, build: empty }))).toContain(
      '(the build wrote no index.html)',
    );
  });

  it('this checkout: `bin/qjobs.js serve --ui` builds the page itself and serves it; the build is gone after it stops', async () => {
    const builds = (): string[] =>
      readdirSync(tmpdir()).filter((name) => name.startsWith('qjobs-dashboard-'));
    const before = new Set(builds());
    const child = spawn(
      process.execPath,
      [join(root, 'bin', 'qjobs.js'), 'serve', '--ui', '--port', '0'],
      {
        cwd: tmpdir(),
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, QJOBS_USE_DIST: '' },
      },
    );
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const made: string[] = [];
    try {
      const until = Date.now() + 60_000;
      while (!/^ui: /m.test(out) && child.exitCode === null && Date.now() < until) {
        await new Promise((r) => setTimeout(r, 50));
      }
      const ui = /^ui: (\S+)$/m.exec(out)?.[1];
      expect(ui).withContext(out).toBeDefined();
      const page = await fetch(ui!);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<script type="module" src="app.js"></script>');
      const app = await fetch(new URL('app.js', ui!));
      expect(app.status).toBe(200);
      expect((await app.text()).length).toBeGreaterThan(10_000);
      made.push(...builds().filter((name) => !before.has(name)));
      expect(made.length).withContext('a build directory while it serves').toBeGreaterThan(0);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(out).toContain('qjobs serve: stopped (SIGTERM)');
    for (const name of made) expect(existsSync(join(tmpdir(), name))).toBeFalse();
  }, 90_000);
});
