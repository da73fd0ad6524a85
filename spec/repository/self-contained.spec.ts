/**
 * A clone needs nothing beside it: no tracked file names a path outside the repository
 * (an absolute path into this workplace, a `shared/` folder beside the clone, or a relative
 * path that climbs above the repository's root from where it is written).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Tracked files (git), or every file outside node_modules/dist when git is unavailable. */
function trackedFiles(): string[] {
  try {
    return execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' })
      .split('\0')
      .filter((f) => f !== '');
  } catch {
    const out: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        if (['node_modules', 'dist', 'coverage', '.git'].includes(name)) continue;
        const p = join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else out.push(relative(root, p));
      }
    };
    walk(root);
    return out;
  }
}

const TEXT = /\.(ts|js|mjs|cjs|json|md|sh|yml|yaml|html|css|txt|qasm)$|^\.ci\/run$/;
// Built from pieces so this file does not match itself.
const ABSOLUTE = new RegExp(['[\'"`]/', 'work', '/'].join(''));
/** A line that probes path traversal on purpose says so with this marker. */
const PROBE = ['self-contained', 'probe'].join(': ');
const BESIDE = new RegExp(['\\.\\./', '(?:\\.\\./)*', 'shared', '/'].join(''));
const CLIMB = /(?:^|['"`(\s])((?:\.\.\/)+)[\w.-]/g;

/** Each line of `text` (in file `file`) that names a path outside the repository. */
export function outsidePaths(file: string, text: string): string[] {
  const found: string[] = [];
  text.split('\n').forEach((line, i) => {
    const where = `${file}:${i + 1}`;
    if (line.includes(PROBE)) return;
    if (ABSOLUTE.test(line) || BESIDE.test(line)) {
      found.push(`${where}: ${line.trim()}`);
      return;
    }
    for (const m of line.matchAll(CLIMB)) {
      const target = resolve(root, dirname(file), m[1]!);
      if (target !== root && !target.startsWith(root + sep)) {
        found.push(`${where}: ${line.trim()}`);
        return;
      }
    }
  });
  return found;
}

describe('the repository is self-contained', () => {
  it('names no path outside itself in any tracked file', () => {
    const files = trackedFiles().filter((f) => TEXT.test(f) && f !== 'package-lock.json');
    expect(files.length).toBeGreaterThan(100);
    const found = files.flatMap((f) => outsidePaths(f, readFileSync(join(root, f), 'utf8')));
    expect(found).toEqual([]);
  });

  it('recognises each kind of outside path (the check can fail)', () => {
    const abs = ['/', 'work', '/shared/x.json'].join('');
    expect(outsidePaths('spec/a.spec.ts', `const F = '${abs}';`).length).toBe(1);
    expect(
      outsidePaths('spec/a.spec.ts', `resolve(here, '../../${'shared'}/fixtures')`).length,
    ).toBe(1);
    const climb = ['..', '..', '..', 'elsewhere', 'x.json'].join('/');
    expect(outsidePaths('spec/a/b.ts', `read('${climb}')`).length).toBe(1);
    expect(outsidePaths('spec/a/b.ts', `read('${climb}'); // ${PROBE}`).length).toBe(0);
    expect(outsidePaths('spec/a/b.ts', "import { x } from '../../src/index.js';").length).toBe(0);
  });
});
