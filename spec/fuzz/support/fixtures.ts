/**
 * The shared fixtures (real, documented and synthesized payloads of the service), loaded once
 * for the fuzzers: each as its text and its parsed value.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One fixture file. */
export interface Fixture {
  readonly name: string;
  readonly text: string;
  readonly value: unknown;
}

/** Where the shared fixtures live: `QJOBS_FIXTURES`, else `../shared/fixtures` beside the repo. */
export function fixturesDir(): string {
  const fromEnv = process.env['QJOBS_FIXTURES'];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  const here = dirname(fileURLToPath(import.meta.url));
  return resolve(here, '../../../../shared/fixtures');
}

/** Every `.json` fixture, sorted by name. */
export function loadFixtures(): Fixture[] {
  const dir = fixturesDir();
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((name) => {
      const text = readFileSync(join(dir, name), 'utf8');
      return { name, text, value: JSON.parse(text) as unknown };
    });
}
