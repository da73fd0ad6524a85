/**
 * Where `qjobs serve --ui` gets the dashboard it serves: in a source checkout it is built from
 * `examples/dashboard/` at start (esbuild, a dev dependency, into a temporary directory removed
 * when the server stops), so what is served is always what was just edited and no build step
 * comes first; an installed package serves the copy built into `dist/dashboard/` when the
 * package was packed.
 *
 * @module
 */
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The package whose root {@link packageRootFrom} looks for. */
export const PACKAGE_NAME = 'quantum-jobs-rx';

/** The built dashboard inside an installed package, relative to its root. */
export const PACKED_DASHBOARD = join('dist', 'dashboard');

/** The dashboard's build script in a source checkout, relative to its root. */
export const DASHBOARD_BUILD_SCRIPT = join('examples', 'dashboard', 'build.ts');

/** A dashboard ready to serve: its directory, where it came from, and how to clean up after. */
export interface PreparedDashboard {
  readonly dir: string;
  /** `source`: built from `examples/dashboard/` just now; `package`: the packed copy. */
  readonly from: 'source' | 'package';
  /** Remove what was built for this run (nothing for the packed copy). */
  dispose(): void;
}

/** The dashboard, or why there is none to serve. */
export type DashboardOutcome =
  | { readonly ok: true; readonly dashboard: PreparedDashboard }
  | { readonly ok: false; readonly reason: string };

/** Builds the dashboard from the checkout at `root` into `outdir`. */
export type DashboardBuilder = (root: string, outdir: string) => Promise<void>;

/** Options of {@link prepareDashboard}. */
export interface PrepareDashboardOptions {
  /** Root of the package. Default: found from the running script, then the working directory. */
  readonly root?: string;
  /** Serve the packed copy even in a checkout (`QJOBS_USE_DIST=1`, as `bin/qjobs.js` does). */
  readonly useDist?: boolean;
  /** How a checkout builds it. Default: the checkout's own build script. */
  readonly build?: DashboardBuilder;
}

function isPackageRoot(dir: string): boolean {
  try {
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown };
    return pkg.name === PACKAGE_NAME;
  } catch (_e) {
    return false;
  }
}

/** The nearest directory at or above `start` holding this package's `package.json`. */
export function packageRootFrom(start: string): string | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    if (isPackageRoot(dir)) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

// Not `import.meta.url`: this module is also built as CommonJS. The script is `bin/qjobs.js`
// (links resolved: `node_modules/.bin/qjobs` is one), which lies inside the package.
function defaultRoot(): string | undefined {
  const starts: string[] = [];
  const script = process.argv[1];
  if (script !== undefined) {
    try {
      starts.push(dirname(realpathSync(script)));
    } catch (_e) {
      // No readable script (a REPL, `node -e`): the working directory is tried alone.
    }
  }
  starts.push(process.cwd());
  for (const start of starts) {
    const root = packageRootFrom(start);
    if (root !== undefined) return root;
  }
  return undefined;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The checkout's own build script, loaded when it runs. It is TypeScript: the checkout's
 * launcher registers tsx before the CLI starts, so the import works there and nowhere else.
 */
const checkoutBuild: DashboardBuilder = async (root, outdir) => {
  const script = (await import(pathToFileURL(join(root, DASHBOARD_BUILD_SCRIPT)).href)) as {
    buildDashboard?: unknown;
  };
  if (typeof script.buildDashboard !== 'function') {
    throw new Error(`${DASHBOARD_BUILD_SCRIPT} exports no buildDashboard`);
  }
  await (script.buildDashboard as (outdir: string) => Promise<unknown>)(outdir);
};

async function buildFromSource(root: string, build: DashboardBuilder): Promise<PreparedDashboard> {
  const dir = mkdtempSync(join(tmpdir(), 'qjobs-dashboard-'));
  try {
    await build(root, dir);
    if (!existsSync(join(dir, 'index.html'))) throw new Error('the build wrote no index.html');
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return { dir, from: 'source', dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * The dashboard to serve: in a checkout (`examples/dashboard/build.ts` present) built from
 * source, else the packed copy in `dist/dashboard/`. A checkout whose build fails (esbuild
 * missing after `npm ci --omit=dev`, say) falls back to `dist/dashboard/` when
 * `npm run build` made one. The reason, when there is nothing to serve, says what to do.
 */
export async function prepareDashboard(
  options: PrepareDashboardOptions = {},
): Promise<DashboardOutcome> {
  const root = options.root ?? defaultRoot();
  if (root === undefined) {
    return {
      ok: false,
      reason: `cannot find the ${PACKAGE_NAME} package this command runs from`,
    };
  }
  const packed = join(root, PACKED_DASHBOARD);
  const hasPacked = existsSync(join(packed, 'index.html'));
  const packedCopy = (): DashboardOutcome => ({
    ok: true,
    dashboard: { dir: packed, from: 'package', dispose: () => undefined },
  });
  const checkout = existsSync(join(root, DASHBOARD_BUILD_SCRIPT));
  if (!checkout || options.useDist === true) {
    if (hasPacked) return packedCopy();
    return {
      ok: false,
      reason: checkout
        ? `QJOBS_USE_DIST=1 but ${PACKED_DASHBOARD}/index.html is missing; run \`npm run build\``
        : `this installation of ${PACKAGE_NAME} has no ${PACKED_DASHBOARD}/index.html; reinstall the package`,
    };
  }
  try {
    return { ok: true, dashboard: await buildFromSource(root, options.build ?? checkoutBuild) };
  } catch (e) {
    if (hasPacked) return packedCopy();
    return {
      ok: false,
      reason:
        `cannot build the dashboard from examples/dashboard (${describe(e)}); ` +
        'run `npm ci` to install the dev dependencies (esbuild), or `npm run build`',
    };
  }
}
