// Runs before `npm start` and `npm test` (their `pre` scripts), on a fresh clone too: when the
// installed packages do not match package-lock.json, install them as `npm ci` does. Plain
// JavaScript with Node built-ins only, because it must run before anything is installed.
//
// The installed tree is read from `node_modules/.package-lock.json`, the record npm keeps of
// what it installed. It matches the lock file when every package the lock file lists is
// installed at the same version (optional packages npm skips on this platform may be absent)
// and nothing else is installed.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Why the packages installed under `root` do not match its package-lock.json, or `undefined`
 * when they do.
 *
 * @param {string} root the directory holding package.json and package-lock.json
 * @returns {string | undefined}
 */
export function installProblem(root) {
  const installedPath = join(root, 'node_modules', '.package-lock.json');
  if (!existsSync(join(root, 'node_modules'))) return 'node_modules is missing';
  if (!existsSync(installedPath)) return 'node_modules was not installed by npm from the lock file';
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
  const installed = JSON.parse(readFileSync(installedPath, 'utf8'));
  const wanted = lock.packages ?? {};
  const have = installed.packages ?? {};
  for (const [path, entry] of Object.entries(wanted)) {
    if (path === '' || !path.startsWith('node_modules/')) continue;
    const got = have[path];
    if (got === undefined) {
      if (entry.optional === true) continue;
      return `${path.slice('node_modules/'.length)} is not installed`;
    }
    if (got.version !== entry.version) {
      return `${path.slice('node_modules/'.length)} is ${got.version}, the lock file says ${entry.version}`;
    }
  }
  for (const path of Object.keys(have)) {
    if (!(path in wanted)) return `${path.slice('node_modules/'.length)} is not in the lock file`;
  }
  return undefined;
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const problem = installProblem(root);
  if (problem !== undefined) {
    console.log(`quantum-jobs-rx: ${problem}; installing what package-lock.json lists (npm ci)`);
    const npm = process.env.npm_execpath;
    const result = npm
      ? spawnSync(process.execPath, [npm, 'ci', '--no-audit', '--no-fund'], {
          cwd: root,
          stdio: 'inherit',
        })
      : spawnSync('npm', ['ci', '--no-audit', '--no-fund'], {
          cwd: root,
          stdio: 'inherit',
          shell: process.platform === 'win32',
        });
    if (result.status !== 0) {
      console.error('quantum-jobs-rx: npm ci failed; see above');
      process.exit(result.status ?? 1);
    }
  }
}
