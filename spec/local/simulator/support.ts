// Helpers shared by the simulator specs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SamplerPubOutput } from '../../../src/local/simulator/index.js';
import { FIXTURES } from '../../helpers/fixtures.js';
export { FIXTURES };

/** OpenQASM 3 header with the standard gates. */
export const OQ3 = 'OPENQASM 3.0;\ninclude "stdgates.inc";\n';

/**
 * The integer value of every shot of register `name`, decoded directly from the big-endian
 * byte rows (independently of the codecs' BitArray).
 */
export function shotValues(out: SamplerPubOutput, name: string): number[] {
  const reg = out.registers.find((r) => r.name === name);
  if (!reg) throw new Error(`no register ${name}`);
  const nbytes = Math.ceil(reg.numBits / 8);
  const values: number[] = [];
  for (let s = 0; s * nbytes < reg.bytes.length; s++) {
    let v = 0;
    for (let j = 0; j < nbytes; j++) v = v * 256 + reg.bytes[s * nbytes + j]!;
    values.push(v);
  }
  return values;
}

/** How often each value occurs. */
export function countValues(values: readonly number[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

/** Expect `count` successes out of `n` to be within 5 standard deviations of n·p. */
export function expectBinomial(count: number, n: number, p: number): void {
  const sigma = Math.sqrt(n * p * (1 - p));
  expect(Math.abs(count - n * p)).toBeLessThan(5 * sigma);
}

/** The PUBs of a shared create-job request fixture. */
export function fixturePubs(file: string): unknown[][] {
  const body = JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as {
    params: { pubs: unknown[][] };
  };
  return body.params.pubs;
}

/** A circuit on `n` qubits with `layers` layers of H on every qubit and a CX chain. */
export function heavyCircuit(n: number, layers: number): string {
  const lines = [OQ3, `qubit[${n}] q;`, `bit[${n}] c;`];
  for (let l = 0; l < layers; l++) {
    lines.push('h q;');
    for (let i = 0; i + 1 < n; i++) lines.push(`cx q[${i}], q[${i + 1}];`);
  }
  lines.push('c = measure q;');
  return lines.join('\n');
}

/** Await a promise expected to reject, returning the reason. */
export async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected the promise to reject');
}
