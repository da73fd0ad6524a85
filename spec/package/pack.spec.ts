/**
 * Proves the published package works: `npm pack` output, unpacked into a scratch project,
 * loads through `import` and `require` for the root and every subpath entry, its type
 * declarations resolve under NodeNext for ESM and CJS consumers, and `npx qjobs serve --ui`
 * serves the dashboard the package ships.
 */
import { execFileSync, spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  exports: Record<string, unknown>;
};

/** Every entry point and one function it must export. */
const ENTRIES: readonly (readonly [string, string])[] = [
  ['quantum-jobs-rx', 'job$'],
  ['quantum-jobs-rx/codecs', 'mapRuntimeStatus'],
  ['quantum-jobs-rx/events', 'terminalErrorOf'],
  ['quantum-jobs-rx/circuits', 'parseQasm'],
  ['quantum-jobs-rx/transport', 'webSocket$'],
  ['quantum-jobs-rx/observables', 'jobStatusSocket$'],
  ['quantum-jobs-rx/operators', 'counts'],
  ['quantum-jobs-rx/service', 'optionsFromEnv'],
  ['quantum-jobs-rx/local', 'startLocalRuntime'],
];

function run(cmd: string, args: string[], cwd: string): string {
  return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

describe('the packed package', () => {
  let scratch: string;

  beforeAll(() => {
    if (!existsSync(join(root, 'dist', 'index.js'))) {
      run(process.execPath, [join(root, 'node_modules', 'tsup', 'dist', 'cli-default.js')], root);
    }
    if (!existsSync(join(root, 'dist', 'dashboard', 'index.html'))) {
      run(
        process.execPath,
        ['--import', 'tsx', join(root, 'examples', 'dashboard', 'build.ts')],
        root,
      );
    }
    scratch = mkdtempSync(join(tmpdir(), 'qjrx-pack-'));
    // The build above stands in for `prepack` (which runs the whole `npm run build`).
    const out = run(
      'npm',
      ['pack', '--silent', '--ignore-scripts', '--pack-destination', scratch],
      root,
    ).trim();
    const tarball = join(scratch, out.split('\n').pop()!);
    const modules = join(scratch, 'node_modules');
    const target = join(modules, 'quantum-jobs-rx');
    mkdirSync(target, { recursive: true });
    run('tar', ['-xzf', tarball, '-C', target, '--strip-components=1'], scratch);
    // Runtime dependencies come from this checkout (the scratch project has no network).
    for (const dep of [...Object.keys(pkg.dependencies), 'typescript', '@types/node']) {
      const link = join(modules, dep);
      mkdirSync(join(link, '..'), { recursive: true });
      symlinkSync(join(root, 'node_modules', dep), link, 'dir');
    }
    // What `npm install` does for the package's `bin`.
    mkdirSync(join(modules, '.bin'));
    symlinkSync(join('..', 'quantum-jobs-rx', 'bin', 'qjobs.js'), join(modules, '.bin', 'qjobs'));
  }, 180_000);

  afterAll(() => {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('ships only the build output, bin and docs', () => {
    const files = run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], root);
    const list = (JSON.parse(files) as { files: { path: string }[] }[])[0]!.files.map(
      (f) => f.path,
    );
    expect(list).toContain('dist/index.js');
    expect(list).toContain('dist/index.cjs');
    expect(list).toContain('dist/local/index.cjs');
    expect(list).toContain('dist/dashboard/index.html');
    expect(list).toContain('dist/dashboard/app.js');
    expect(list.some((f) => f.startsWith('src/') || f.startsWith('spec/'))).toBe(false);
  });

  it('maps every entry point in package.json', () => {
    expect(Object.keys(pkg.exports).sort()).toEqual(
      [...ENTRIES.map(([name]) => name.replace('quantum-jobs-rx', '.')), './package.json'].sort(),
    );
  });

  it('loads with import and require, for every entry point', () => {
    const names = JSON.stringify(ENTRIES);
    const esm = run(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `for (const [entry, name] of ${names}) {
           const m = await import(entry);
           console.log(entry, typeof m[name]);
         }`,
      ],
      scratch,
    );
    const cjs = run(
      process.execPath,
      [
        '-e',
        `for (const [entry, name] of ${names}) console.log(entry, typeof require(entry)[name]);`,
      ],
      scratch,
    );
    const expected = ENTRIES.map(([entry]) => `${entry} function`).join('\n');
    expect(esm.trim()).toBe(expected);
    expect(cjs.trim()).toBe(expected);
  });

  it('shares one set of error classes between the entry points', () => {
    const out = run(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const a = await import('quantum-jobs-rx');
         const b = await import('quantum-jobs-rx/local');
         const c = await import('quantum-jobs-rx/codecs');
         console.log(a.QuantumJobsError === b.QuantumJobsError, a.DecodeError === c.DecodeError);`,
      ],
      scratch,
    );
    expect(out.trim()).toBe('true true');
  });

  it('runs the built qjobs command from the installed package', () => {
    const bin = join(scratch, 'node_modules', 'quantum-jobs-rx', 'bin', 'qjobs.js');
    const out = execFileSync(process.execPath, [bin, 'help'], {
      cwd: scratch,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(out).toContain('usage: qjobs <command>');
    expect(out).toContain('serve');
  });

  it('serves the dashboard it ships with `npx qjobs serve --ui`', async () => {
    const child = spawn('npx', ['--no-install', 'qjobs', 'serve', '--ui', '--port', '0'], {
      cwd: scratch,
      stdio: ['ignore', 'pipe', 'pipe'],
      // A process group of its own: npm exec does not pass SIGTERM on to the command it runs.
      detached: true,
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
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
      expect(await app.text()).toBe(
        readFileSync(
          join(scratch, 'node_modules', 'quantum-jobs-rx', 'dist', 'dashboard', 'app.js'),
          'utf8',
        ),
      );
    } finally {
      process.kill(-child.pid!, 'SIGTERM');
    }
    await exited;
    expect(out).toContain('qjobs serve: stopped (SIGTERM)');
  }, 90_000);

  it('type-checks for ESM and CJS consumers under NodeNext', () => {
    writeFileSync(
      join(scratch, 'esm.mts'),
      `import { RuntimeService, type JobStatus } from 'quantum-jobs-rx';
       import { mapRuntimeStatus, PauliObservable } from 'quantum-jobs-rx/codecs';
       import { parseQasm, type Circuit } from 'quantum-jobs-rx/circuits';
       import { startLocalRuntime } from 'quantum-jobs-rx/local';
       const s: JobStatus | object = mapRuntimeStatus('Queued').status;
       const c: Circuit | undefined = undefined;
       void s; void c; void parseQasm; void PauliObservable; void RuntimeService; void startLocalRuntime;\n`,
    );
    writeFileSync(
      join(scratch, 'cjs.cts'),
      `import qj = require('quantum-jobs-rx');
       import codecs = require('quantum-jobs-rx/codecs');
       import local = require('quantum-jobs-rx/local');
       const s = codecs.mapRuntimeStatus('Running').status;
       void s; void qj.RuntimeService; void local.startLocalRuntime;\n`,
    );
    writeFileSync(
      join(scratch, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noEmit: true,
          types: ['node'],
          lib: ['ES2022', 'DOM'],
        },
        files: ['esm.mts', 'cjs.cts'],
      }),
    );
    const tsc = join(scratch, 'node_modules', 'typescript', 'bin', 'tsc');
    expect(() => run(process.execPath, [tsc, '-p', 'tsconfig.json'], scratch)).not.toThrow();
  });
});
