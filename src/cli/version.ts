/**
 * The version `qjobs --version` prints: the `version` of the quantum-jobs-rx package.json found
 * walking up from this file (the sources in a checkout, `dist/` in an installed package).
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package this command belongs to. */
export const PACKAGE_NAME = 'quantum-jobs-rx';

/** The first package.json named {@link PACKAGE_NAME} in `start` or a folder above it. */
function packageVersionFrom(start: string): string | undefined {
  let dir = start;
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name?: unknown;
        version?: unknown;
      };
      if (pkg.name === PACKAGE_NAME && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // no readable package.json here: keep walking up
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** The package version, or `unknown` when no package.json of the package can be read. */
export function packageVersion(): string {
  return packageVersionFrom(dirname(fileURLToPath(import.meta.url))) ?? 'unknown';
}
