/**
 * `npm start` and `npm test` first run scripts/ensure-installed.mjs, which installs the packages
 * (`npm ci`) when node_modules does not match package-lock.json. These specs check how it
 * decides, on scratch directories (nothing is installed here), and that the repository's own
 * tree is taken as installed.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { installProblem } from '../../scripts/ensure-installed.mjs';

const root = resolve(import.meta.dirname, '..', '..');

interface Entry {
  readonly version: string;
  readonly optional?: boolean;
}

function project(lock: Record<string, Entry>, installed?: Record<string, Entry>): string {
  const dir = mkdtempSync(join(tmpdir(), 'qjrx-install-'));
  const packages = (entries: Record<string, Entry>): Record<string, Entry> =>
    Object.fromEntries(Object.entries(entries).map(([name, e]) => [`node_modules/${name}`, e]));
  writeFileSync(
    join(dir, 'package-lock.json'),
    JSON.stringify({ lockfileVersion: 3, packages: { '': { name: 'x' }, ...packages(lock) } }),
  );
  if (installed !== undefined) {
    mkdirSync(join(dir, 'node_modules'));
    writeFileSync(
      join(dir, 'node_modules', '.package-lock.json'),
      JSON.stringify({ lockfileVersion: 3, packages: packages(installed) }),
    );
  }
  return dir;
}

describe('scripts/ensure-installed.mjs', () => {
  const dirs: string[] = [];
  const make = (lock: Record<string, Entry>, installed?: Record<string, Entry>): string => {
    const dir = project(lock, installed);
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('installs on a fresh clone (no node_modules)', () => {
    expect(installProblem(make({ rxjs: { version: '7.8.2' } }))).toBe('node_modules is missing');
  });

  it('installs over a node_modules that npm did not install', () => {
    const dir = make({ rxjs: { version: '7.8.2' } });
    mkdirSync(join(dir, 'node_modules'));
    expect(installProblem(dir)).toBe('node_modules was not installed by npm from the lock file');
  });

  it('installs when the lock file moved on: a package added, changed or removed', () => {
    const lock = { rxjs: { version: '7.8.2' }, ws: { version: '8.18.0' } };
    expect(installProblem(make(lock, { rxjs: { version: '7.8.2' } }))).toBe('ws is not installed');
    expect(
      installProblem(make(lock, { rxjs: { version: '7.8.1' }, ws: { version: '8.18.0' } })),
    ).toBe('rxjs is 7.8.1, the lock file says 7.8.2');
    expect(
      installProblem(
        make(lock, { ...lock, 'left-pad': { version: '1.3.0' } } as Record<string, Entry>),
      ),
    ).toBe('left-pad is not in the lock file');
  });

  it('leaves an up-to-date tree alone, optional packages of other platforms absent', () => {
    const lock = {
      esbuild: { version: '0.28.2' },
      '@esbuild/darwin-arm64': { version: '0.28.2', optional: true },
    };
    expect(installProblem(make(lock, { esbuild: { version: '0.28.2' } }))).toBeUndefined();
  });

  it('finds this checkout installed', () => {
    expect(installProblem(root)).toBeUndefined();
  });
});
