/**
 * Bundles the main entry point (`src/index.ts`) for browsers with esbuild (platform `browser`,
 * format `esm`, no Node polyfills) into `dist/browser/quantum-jobs-rx.js`, and prints its size
 * (raw and gzipped), also written to `dist/browser/size.json`.
 *
 * The build fails, naming the importing file, when anything in the bundle imports a Node
 * built-in (`node:*`, `fs`, `zlib`, `buffer`, ...) that a `browser` field does not switch off,
 * or when a `browser` field swaps one for a polyfill: the library must run on what browsers
 * have. `ws` is switched off by the package's own `browser` field (`"ws": false`), so the
 * websocket transport uses the browser's `WebSocket`.
 *
 * Usage: `node --import tsx scripts/build-browser.ts`
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';

/** Root of the repository. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Where the browser bundle is written. */
export const BROWSER_BUNDLE = join(ROOT, 'dist', 'browser', 'quantum-jobs-rx.js');

const BUILTINS = new Set(
  builtinModules.flatMap((name) => (name.startsWith('node:') ? [name] : [name, `node:${name}`])),
);

/** True for a specifier naming a Node built-in module (`fs`, `fs/promises`, `node:zlib`, ...). */
export function isNodeBuiltin(specifier: string): boolean {
  return specifier.startsWith('node:') || BUILTINS.has(specifier);
}

const GUARDED = Symbol('node-builtin-guard');

/**
 * An esbuild plugin that refuses Node built-ins: an import of one fails the build with a
 * message naming the module and the importing file, unless a `browser` field maps it to
 * `false` (an empty module). A `browser` field mapping it to a replacement (a polyfill) fails
 * too.
 */
export function nodeBuiltinGuard(): esbuild.Plugin {
  return {
    name: 'node-builtin-guard',
    setup(build) {
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.pluginData === GUARDED || !isNodeBuiltin(args.path)) return undefined;
        const importer = relative(ROOT, args.importer) || args.importer;
        const resolved = await build.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: GUARDED,
        });
        // A `browser` field entry `false` resolves to an empty module in no namespace.
        if (resolved.errors.length === 0 && !resolved.external && resolved.namespace === '') {
          return undefined;
        }
        const why =
          resolved.errors.length === 0 && !resolved.external
            ? `a browser field replaces it with ${relative(ROOT, resolved.path)} (a Node polyfill)`
            : 'browsers do not have it';
        return {
          errors: [
            {
              text: `Node built-in "${args.path}" imported by ${importer}: ${why}; the browser bundle must not use Node modules`,
            },
          ],
        };
      });
    },
  };
}

/** Options of {@link buildBrowserBundle}. */
export interface BrowserBundleOptions {
  /** Entry point. Default `src/index.ts`. */
  readonly entry?: string;
  /** Output file. Default {@link BROWSER_BUNDLE}. */
  readonly outfile?: string;
  /** Write the bundle (and its source map and size report) to disk. Default true. */
  readonly write?: boolean;
  /** Minify. Default true. */
  readonly minify?: boolean;
}

/** What {@link buildBrowserBundle} built. */
export interface BrowserBundleReport {
  readonly outfile: string;
  /** Size of the bundle in bytes. */
  readonly bytes: number;
  /** Size of the bundle gzipped (level 9) in bytes. */
  readonly gzipBytes: number;
  /** Every input file of the bundle, relative to the repository root. */
  readonly inputs: readonly string[];
  /** The bundle's text. */
  readonly code: string;
}

/**
 * Bundle `entry` for browsers (platform `browser`, format `esm`, target ES2022, no Node
 * polyfills, Node built-ins refused by {@link nodeBuiltinGuard}). Rejects with esbuild's
 * build failure, whose message names every offending import.
 */
export async function buildBrowserBundle(
  options: BrowserBundleOptions = {},
): Promise<BrowserBundleReport> {
  const outfile = options.outfile ?? BROWSER_BUNDLE;
  const write = options.write ?? true;
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: [options.entry ?? join(ROOT, 'src', 'index.ts')],
    outfile,
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    minify: options.minify ?? true,
    sourcemap: write ? 'linked' : false,
    metafile: true,
    write: false,
    logLevel: 'silent',
    plugins: [nodeBuiltinGuard()],
  });
  const js = result.outputFiles.find((f) => f.path.endsWith('.js'));
  if (js === undefined) throw new Error(`esbuild wrote no JavaScript for ${outfile}`);
  const report: BrowserBundleReport = {
    outfile,
    bytes: js.contents.byteLength,
    gzipBytes: gzipSync(js.contents, { level: 9 }).byteLength,
    inputs: Object.keys(result.metafile.inputs).sort(),
    code: js.text,
  };
  if (write) {
    mkdirSync(dirname(outfile), { recursive: true });
    for (const file of result.outputFiles) writeFileSync(file.path, file.contents);
    writeFileSync(
      join(dirname(outfile), 'size.json'),
      `${JSON.stringify({ file: relative(ROOT, outfile), bytes: report.bytes, gzipBytes: report.gzipBytes }, null, 2)}\n`,
    );
  }
  return report;
}

function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  buildBrowserBundle().then(
    (report) => {
      console.log(
        `browser bundle: ${relative(ROOT, report.outfile)} ${report.bytes} bytes (${kib(report.bytes)}), ` +
          `gzip ${report.gzipBytes} bytes (${kib(report.gzipBytes)}), ${report.inputs.length} input files, no Node built-ins`,
      );
    },
    (error: unknown) => {
      console.error(
        `browser bundle failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      process.exitCode = 1;
    },
  );
}
