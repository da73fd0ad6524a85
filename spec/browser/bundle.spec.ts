/**
 * The library's main entry point bundles for browsers (esbuild, platform browser, format esm)
 * without Node built-ins or polyfills, and the guard that enforces it really refuses them.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBrowserBundle, isNodeBuiltin } from '../../scripts/build-browser.js';

describe('browser bundle of src/index.ts', () => {
  it('builds with no Node built-in, ws switched off by the browser field, and the public API exported', async () => {
    const report = await buildBrowserBundle({ write: false });
    expect(report.bytes).toBeGreaterThan(10_000);
    expect(report.gzipBytes).toBeLessThan(report.bytes);
    // ws is present only as the empty module the package's browser field asks for.
    const ws = report.inputs.filter((f) => f.includes('node_modules/ws/'));
    expect(ws.length).toBeGreaterThan(0);
    for (const f of ws) expect(f).toMatch(/^\(disabled\):/);
    expect(report.inputs.filter((f) => f.startsWith('(disabled):') && !f.includes('/ws/'))).toEqual(
      [],
    );
    // cross-fetch's browser build, never its Node build (node-fetch).
    expect(report.inputs.some((f) => f.includes('node_modules/node-fetch/'))).toBeFalse();
    expect(report.inputs).toContain('src/transport/websocket.ts');
    expect(report.inputs).toContain('src/service/runtime-service.ts');
    for (const name of ['RuntimeService', 'Sampler', 'Estimator', 'job$', 'cancelOnUnsubscribe']) {
      const exported = new RegExp(`\\bas ${name.replace('$', '\\$')}(?![\\w$])`).test(report.code);
      expect(exported).withContext(`${name} is exported`).toBeTrue();
    }
  }, 60_000);

  describe('Node built-in guard', () => {
    let dir: string;

    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'qjobs-bundle-'));
    });

    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    function entry(name: string, code: string): string {
      const path = join(dir, name);
      writeFileSync(path, code);
      return path;
    }

    it('knows the built-ins, with and without the node: prefix', () => {
      for (const name of [
        'fs',
        'node:fs',
        'fs/promises',
        'zlib',
        'node:zlib',
        'buffer',
        'node:test',
      ]) {
        expect(isNodeBuiltin(name)).withContext(name).toBeTrue();
      }
      for (const name of ['rxjs', 'ws', 'fflate', './fs', 'io-ts']) {
        expect(isNodeBuiltin(name)).withContext(name).toBeFalse();
      }
    });

    it('fails the build naming the built-in and the file importing it', async () => {
      const file = entry(
        'uses-zlib.ts',
        "import { gzipSync } from 'node:zlib';\nexport const z = gzipSync;\n",
      );
      await expectAsync(buildBrowserBundle({ entry: file, write: false })).toBeRejectedWithError(
        /Node built-in "node:zlib" imported by .*uses-zlib\.ts: browsers do not have it/,
      );
      const bare = entry('uses-fs.ts', "export const load = () => import('fs');\n");
      await expectAsync(buildBrowserBundle({ entry: bare, write: false })).toBeRejectedWithError(
        /Node built-in "fs" imported by .*uses-fs\.ts/,
      );
    });

    it('refuses a polyfill put in place by a browser field, and accepts a built-in switched off', async () => {
      mkdirSync(join(dir, 'pkg'));
      writeFileSync(
        join(dir, 'pkg', 'package.json'),
        JSON.stringify({ name: 'pkg', browser: { buffer: './buffer-shim.js', fs: false } }),
      );
      writeFileSync(join(dir, 'pkg', 'buffer-shim.js'), 'export const Buffer = {};\n');
      const shimmed = join(dir, 'pkg', 'shimmed.ts');
      writeFileSync(shimmed, "import { Buffer } from 'buffer';\nexport const b = Buffer;\n");
      await expectAsync(buildBrowserBundle({ entry: shimmed, write: false })).toBeRejectedWithError(
        /Node built-in "buffer" imported by .*shimmed\.ts: a browser field replaces it with .*buffer-shim\.js \(a Node polyfill\)/,
      );
      const off = join(dir, 'pkg', 'off.ts');
      writeFileSync(off, "import * as fs from 'fs';\nexport const f = fs;\n");
      const report = await buildBrowserBundle({ entry: off, write: false, minify: false });
      expect(report.inputs.some((f) => f.startsWith('(disabled):'))).toBeTrue();
    });
  });
});
