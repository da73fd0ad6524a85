// `qjobs run`, `watch`, `list` and the rest never load the local runtime: only `qjobs serve`
// does, through a dynamic import when it runs.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { COMMANDS } from '../../src/cli/main.js';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');
const STATIC_IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]/g;

/** Every source file reachable from `entry` through static imports (type-only ones included). */
function staticClosure(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(STATIC_IMPORT)) {
      visit(join(dirname(file), m[1]!.replace(/\.js$/, '.ts')));
    }
  };
  visit(entry);
  return seen;
}

describe('qjobs command table', () => {
  it('reaches no file of the local runtime through static imports', () => {
    const reached = [...staticClosure(join(SRC, 'cli/main.ts'))].map((f) =>
      f.slice(SRC.length + 1),
    );
    expect(reached).toContain('cli/serve-command.ts');
    expect(reached).toContain('cli/run.ts');
    expect(reached.filter((f) => f.startsWith('local/') || f === 'cli/serve.ts')).toEqual([]);
  });

  it('still lists serve with its summary and usage, and loads it when it runs', async () => {
    const serve = COMMANDS['serve']!;
    expect(serve.help.summary).toContain('local runtime');
    expect(serve.help.flags.map((f) => f.name)).toContain('port');
    const stderr: string[] = [];
    const io = {
      stdout: { write: () => true },
      stderr: { write: (text: string) => stderr.push(text) },
    };
    // A bad flag: the real command (loaded now) answers with its usage error and exit code 2.
    expect(await serve.run(['--bogus'], io)).toBe(2);
    expect(stderr.join('')).toContain('qjobs serve: unknown flag "--bogus"');
  });
});
