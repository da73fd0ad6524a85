// Programs of the OpenQASM specification's repository (spec/fixtures/openqasm, see its README),
// run from their text through the parser and the simulator, against the answers the programs
// are built to give.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runSamplerPub } from '../../../src/local/simulator/index.js';
import { countValues, expectBinomial, FIXTURES, shotValues } from './support.js';

const SHOTS = 8000;
const run = (name: string) =>
  runSamplerPub(
    { circuit: readFileSync(join(FIXTURES, 'openqasm', `${name}.qasm`), 'utf8'), shots: SHOTS },
    { seed: 11 },
  );
const only = (values: number[]) => [...countValues(values).keys()];

describe('OpenQASM specification examples', () => {
  it('teleport.qasm delivers the prepared state to q[2]', async () => {
    const out = await run('teleport');
    expectBinomial(shotValues(out, 'c2').filter((v) => v === 1).length, SHOTS, Math.sin(0.15) ** 2);
    expectBinomial(shotValues(out, 'c0').filter((v) => v === 1).length, SHOTS, 0.5);
    expectBinomial(shotValues(out, 'c1').filter((v) => v === 1).length, SHOTS, 0.5);
  });

  it('adder.qasm adds 1 and 15', async () => {
    expect(only(shotValues(await run('adder'), 'ans'))).toEqual([16]);
  });

  it('inverseqft1.qasm and inverseqft2.qasm undo the Fourier transform of |+>', async () => {
    expect(only(shotValues(await run('inverseqft1'), 'c'))).toEqual([0]);
    const out = await run('inverseqft2');
    for (const r of ['c0', 'c1', 'c2', 'c3']) expect(only(shotValues(out, r))).toEqual([0]);
  });

  it('qec.qasm finds the error on q[0] (syndrome 1, bit 0 least significant) and corrects it', async () => {
    const out = await run('qec');
    expect(only(shotValues(out, 'syn'))).toEqual([1]);
    expect(only(shotValues(out, 'c'))).toEqual([0]);
  });

  it('qft.qasm spreads a basis state evenly over all 16 outcomes', async () => {
    const counts = countValues(shotValues(await run('qft'), 'c'));
    expect(counts.size).toBe(16);
    for (const n of counts.values()) expectBinomial(n, SHOTS, 1 / 16);
  });
});
