/**
 * The payload fixtures of `spec/fixtures/` (see its README for where each one came from).
 * Specs, fuzzers and benchmarks read them through this module and nothing else, so the
 * repository needs nothing beside it.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The fixtures folder, `spec/fixtures/`, inside the repository. */
export const FIXTURES = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

/** The text of fixture `name` (a file name in `spec/fixtures/`, with its extension). */
export function fixtureText(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

/** Fixture `name` parsed as JSON. */
export function fixtureJson(name: string): unknown {
  return JSON.parse(fixtureText(name)) as unknown;
}

/** The names of every `.json` fixture, sorted. */
export function fixtureNames(): string[] {
  return readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.json'))
    .sort();
}

/** The bytes of fixture `name` (a path inside `spec/fixtures/`, e.g. `qpy/bell.qpy`). */
export function fixtureBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(FIXTURES, name)));
}
