/**
 * The shared fixtures (real, documented and synthesized payloads of the service), loaded once
 * for the fuzzers: each as its text and its parsed value.
 */
import { fixtureNames, fixtureText } from '../../helpers/fixtures.js';

/** One fixture file. */
export interface Fixture {
  readonly name: string;
  readonly text: string;
  readonly value: unknown;
}

/** Every `.json` fixture, sorted by name. */
export function loadFixtures(): Fixture[] {
  return fixtureNames().map((name) => {
    const text = fixtureText(name);
    return { name, text, value: JSON.parse(text) as unknown };
  });
}
