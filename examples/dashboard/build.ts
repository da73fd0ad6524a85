/**
 * Builds the dashboard with esbuild's JS API: `src/main.ts` bundled for browsers as `app.js`
 * (platform `browser`, format `esm`, minified, with source maps, Node built-ins refused exactly
 * as for the library's browser bundle; what is loaded later split into `chunk-*.js`), plus
 * `index.html` and `styles.css` copied as they are.
 * `npm run build` writes it to `dist/dashboard/`, which the package ships; `qjobs serve --ui`
 * in a checkout calls {@link buildDashboard} itself, into a temporary directory.
 *
 * Usage: `node --import tsx examples/dashboard/build.ts [OUTDIR]`
 */
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { ROOT, nodeBuiltinGuard } from '../../scripts/build-browser.js';

/** The dashboard's folder. */
export const DASHBOARD_DIR = dirname(fileURLToPath(import.meta.url));

/** Where `npm run build` puts the dashboard: inside the package's `dist/`, so it ships. */
export const DASHBOARD_DIST = join(ROOT, 'dist', 'dashboard');

/** Files copied as they are. */
const STATIC_FILES = ['index.html', 'styles.css'] as const;

/** What {@link buildDashboard} wrote. */
export interface DashboardBuild {
  readonly outdir: string;
  /** Size of `app.js` (what the page loads first) in bytes. */
  readonly appBytes: number;
  readonly files: readonly string[];
}

/** Build the dashboard into `outdir` (default {@link DASHBOARD_DIST}), replacing what was there. */
export async function buildDashboard(outdir: string = DASHBOARD_DIST): Promise<DashboardBuild> {
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: { app: join(DASHBOARD_DIR, 'src', 'main.ts') },
    outdir,
    // What only an open job needs (the OpenQASM parser, the QPY reader, the drawer) is a chunk
    // of its own, loaded when a job is opened.
    splitting: true,
    chunkNames: 'chunk-[hash]',
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    minify: true,
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'silent',
    plugins: [nodeBuiltinGuard()],
  });
  for (const name of STATIC_FILES) copyFileSync(join(DASHBOARD_DIR, name), join(outdir, name));
  const outputs = Object.entries(result.metafile.outputs);
  const app = outputs.find(([path]) => path.endsWith('app.js'));
  return {
    outdir,
    appBytes: app?.[1].bytes ?? 0,
    files: [...outputs.map(([path]) => basename(path)).sort(), ...STATIC_FILES],
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const outdir = process.argv[2];
  buildDashboard(outdir === undefined ? DASHBOARD_DIST : resolve(outdir)).then(
    (built) =>
      console.log(
        `dashboard: ${relative(ROOT, built.outdir)}/ (${built.files.join(', ')}), app.js ${built.appBytes} bytes`,
      ),
    (error: unknown) => {
      console.error(
        `dashboard build failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      process.exitCode = 1;
    },
  );
}
