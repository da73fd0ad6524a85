import fc from 'fast-check';
import { QasmError } from '../../../src/circuits/qasm/index.js';
import {
  SimulationError,
  runEstimatorPub,
  runSamplerPub,
} from '../../../src/local/simulator/index.js';
import { OQ3 } from './support.js';

const CIRCUIT = `${OQ3}input float[64] theta;\ninput float[64] phi;\nqubit[2] q;\nbit[2] c;\nry(theta) q[0];\ncx q[0], q[1];\nrz(phi) q[1];\nc = measure q;`;

/** JSON-like values, the kind a request body could carry. */
const jsonish = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.double(),
    fc.integer({ min: -3, max: 3 }),
    fc.constantFrom('ZZ', 'XI', 'Z', 'ZZZ', 'AB', '', 'theta'),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom('theta', 'phi', 'ZZ', 'IX', 'x'), tie('value'), {
      maxKeys: 3,
    }),
  ),
})).value;

async function onlyTypedErrors(run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
  } catch (e) {
    if (!(e instanceof SimulationError) && !(e instanceof QasmError)) throw e;
  }
}

describe('simulator entry points on arbitrary input', () => {
  it('runSamplerPub rejects only with SimulationError or QasmError', async () => {
    await fc.assert(
      fc.asyncProperty(jsonish, jsonish, jsonish, async (values, shots, seed) => {
        await onlyTypedErrors(() =>
          runSamplerPub(
            { circuit: CIRCUIT, parameterValues: values, shots: shots as number },
            { seed: seed as number },
          ),
        );
      }),
      { numRuns: 500 },
    );
  });

  it('runEstimatorPub rejects only with SimulationError or QasmError', async () => {
    await fc.assert(
      fc.asyncProperty(jsonish, jsonish, jsonish, async (observables, values, precision) => {
        await onlyTypedErrors(() =>
          runEstimatorPub(
            {
              circuit: CIRCUIT,
              observables,
              parameterValues: values,
              precision: precision as number,
            },
            { seed: 1 },
          ),
        );
      }),
      { numRuns: 500 },
    );
  });
});
