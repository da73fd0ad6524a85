/**
 * The README's example is real code: its TypeScript block is byte-for-byte
 * examples/readme.ts (type-checked with everything else, imports resolved to the sources
 * through tsconfig paths), and this spec runs it end to end against the embedded runtime.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const root = resolve(import.meta.dirname, '..');

function readmeExample(): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const block = /```ts\n([\s\S]*?)```/.exec(readme);
  if (!block) throw new Error('README.md has no ```ts block');
  return block[1]!;
}

describe('the README example', () => {
  it('is examples/readme.ts, verbatim', () => {
    expect(readmeExample()).toBe(readFileSync(join(root, 'examples', 'readme.ts'), 'utf8'));
  });

  it('runs: the Bell circuit gives only 00 and 11', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', join(root, 'examples', 'readme.ts')],
      { cwd: root, timeout: 60_000 },
    );
    const countsLine = stdout.split('\n').find((l) => l.startsWith('{'));
    expect(countsLine).toBeDefined();
    const outcomes = [...countsLine!.matchAll(/'([01]+)': (\d+)/g)];
    expect(outcomes.map((m) => m[1]).sort()).toEqual(['00', '11']);
    const total = outcomes.reduce((n, m) => n + Number(m[2]), 0);
    expect(total).toBe(4096);
    expect(stdout).toContain(': DONE');
  }, 60_000);
});
