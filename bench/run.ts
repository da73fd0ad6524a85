/**
 * `npm run bench` runs every benchmark in bench/ (each a `*.bench.ts` file, in its own
 * process so heap and JIT state do not leak between them); `npm run bench -- NAME` runs one.
 * Exits non-zero when a benchmark fails its target or crashes.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const all = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace(/\.bench\.ts$/, ''))
  .sort();
const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !all.includes(w));
if (unknown.length > 0) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; available: ${all.join(', ')}`);
  process.exit(2);
}
let failed = 0;
for (const name of wanted.length > 0 ? wanted : all) {
  console.log(`# ${name}`);
  const r = spawnSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', join(here, `${name}.bench.ts`)],
    { stdio: 'inherit' },
  );
  if (r.status !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
