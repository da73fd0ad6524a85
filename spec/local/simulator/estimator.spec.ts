import {
  DEFAULT_PRECISION,
  SimulationAbortedError,
  SimulationError,
  runEstimatorPub,
} from '../../../src/local/simulator/index.js';
import { OQ3, fixturePubs, heavyCircuit, rejection } from './support.js';

const BELL = `${OQ3}qubit[2] q;\nbit[2] c;\nh q[0];\ncx q[0], q[1];\nc = measure q;`;
const RY = `${OQ3}input float[64] theta;\nqubit q;\nry(theta) q;`;

function expectEvs(actual: Float64Array, expected: readonly number[]): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => expect(Math.abs(actual[i]! - e)).toBeLessThan(1e-12));
}

async function simulationError(p: Promise<unknown>): Promise<SimulationError> {
  const e = await rejection(p);
  expect(e).toBeInstanceOf(SimulationError);
  return e as SimulationError;
}

describe('runEstimatorPub', () => {
  it('gives exact Bell-state values: <ZZ> = <XX> = 1, <YY> = -1, <ZI> = <IZ> = 0', async () => {
    const out = await runEstimatorPub(
      { circuit: BELL, observables: ['ZZ', 'XX', 'YY', 'ZI', 'IZ', 'II'] },
      { seed: 1 },
    );
    expect(out.shape).toEqual([6]);
    expectEvs(out.evs, [1, 1, -1, 0, 0, 1]);
    expect(Array.from(out.stds)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('reads the rightmost Pauli letter as qubit 0', async () => {
    const source = `${OQ3}qubit[3] q;\nx q[0];\nh q[2];`;
    const out = await runEstimatorPub(
      { circuit: source, observables: ['IIZ', 'ZII', 'IZI', 'XII', 'IIX'] },
      { seed: 1 },
    );
    expectEvs(out.evs, [-1, 0, 1, 1, 0]);
  });

  it('gives <Z> = cos θ and <X> = sin θ after ry(θ), one binding per θ', async () => {
    const thetas = [0, 0.3, 1, 2, Math.PI, -2.5];
    const out = await runEstimatorPub(
      { circuit: RY, observables: [['Z'], ['X']], parameterValues: thetas.map((t) => [t]) },
      { seed: 1 },
    );
    expect(out.shape).toEqual([2, thetas.length]);
    expectEvs(out.evs, [...thetas.map(Math.cos), ...thetas.map(Math.sin)]);
  });

  it('weights {pauli: coefficient} sums', async () => {
    const out = await runEstimatorPub(
      { circuit: BELL, observables: { ZZ: 2, XX: -0.5, ZI: 7, II: 0.25 } },
      { seed: 1 },
    );
    expect(out.shape).toEqual([]);
    expectEvs(out.evs, [2 - 0.5 + 0.25]);
  });

  it('runs the shared estimator fixture ({IZI: 1, IXI: 2.3} gives -1)', async () => {
    const [[circuit, observables]] = fixturePubs('create_job_request_estimator_docs.json') as [
      [string, unknown],
    ];
    const out = await runEstimatorPub({ circuit, observables }, { seed: 1 });
    expectEvs(out.evs, [-1]);
  });

  it('treats qubits no gate touches as |0⟩ (Z gives 1, X gives 0)', async () => {
    const source = `${OQ3}qubit[40] q;\nh q[39];`;
    const pad = (s: string) => s.padStart(40, 'I');
    const out = await runEstimatorPub(
      {
        circuit: source,
        observables: [pad('Z'), pad('X'), `X${'I'.repeat(39)}`, `Z${'I'.repeat(38)}Z`],
      },
      { seed: 1 },
    );
    expectEvs(out.evs, [1, 0, 1, 0]);
  });

  it('ignores measurements and allows a reset of a qubit in a known state', async () => {
    const source = `${OQ3}qubit[2] q;\nbit c;\nreset q;\nx q[1];\nreset q[1];\nh q[0];\nc[0] = measure q[0];`;
    const out = await runEstimatorPub({ circuit: source, observables: ['IX', 'ZI'] }, { seed: 1 });
    expectEvs(out.evs, [1, 1]);
  });

  it('follows both outcomes of a reset that leaves a mixed state', async () => {
    // ry(1) q[0]; cx q[0], q[1]; reset q[0]: q[1] is left in the mixture cos²(1/2)|0⟩⟨0| +
    // sin²(1/2)|1⟩⟨1|, so ⟨ZI⟩ = cos(1) and ⟨XI⟩ = 0, where ignoring the reset would give 0, 0.
    const source = `${OQ3}qubit[2] q;\nry(1) q[0];\ncx q[0], q[1];\nreset q[0];`;
    const out = await runEstimatorPub(
      { circuit: source, observables: ['ZI', 'XI', 'IZ'] },
      { seed: 1 },
    );
    expectEvs(out.evs, [Math.cos(1), 0, 1]);
  });

  describe('broadcasting', () => {
    it('broadcasts observables (2, 1) against parameter values (3,) to (2, 3)', async () => {
      const out = await runEstimatorPub(
        { circuit: RY, observables: [['Z'], ['X']], parameterValues: [0, Math.PI / 2, Math.PI] },
        { seed: 1 },
      );
      expect(out.shape).toEqual([2, 3]);
      expectEvs(out.evs, [1, 0, -1, 0, 1, 0]);
    });

    it('broadcasts one observable over a (2, 2) sweep', async () => {
      const out = await runEstimatorPub(
        {
          circuit: RY,
          observables: 'Z',
          parameterValues: [
            [[0], [Math.PI]],
            [[Math.PI / 2], [Math.PI / 3]],
          ],
        },
        { seed: 1 },
      );
      expect(out.shape).toEqual([2, 2]);
      expectEvs(out.evs, [1, -1, 0, 0.5]);
    });

    it('pairs observables and bindings element-wise when the shapes agree', async () => {
      const out = await runEstimatorPub(
        {
          circuit: RY,
          observables: ['Z', 'X'],
          parameterValues: { theta: [Math.PI / 2, Math.PI / 2] },
        },
        { seed: 1 },
      );
      expect(out.shape).toEqual([2]);
      expectEvs(out.evs, [0, 1]);
    });

    it('returns empty results for an empty sweep', async () => {
      const out = await runEstimatorPub(
        { circuit: RY, observables: 'Z', parameterValues: [] },
        { seed: 1 },
      );
      expect(out.shape).toEqual([0]);
      expect(out.evs.length).toBe(0);
    });

    it('rejects shapes that do not broadcast', async () => {
      const e = await simulationError(
        runEstimatorPub(
          { circuit: RY, observables: ['Z', 'X', 'Y'], parameterValues: [0, 1] },
          { seed: 1 },
        ),
      );
      expect(e.message).toBe(
        'observables and parameter values: shapes (3) and (2) cannot be broadcast together',
      );
    });
  });

  it('rejects a missing PUB or options object with a SimulationError', async () => {
    await simulationError(runEstimatorPub(null as never, { seed: 1 }));
    await simulationError(runEstimatorPub({ circuit: BELL, observables: 'ZZ' }, 7 as never));
  });

  describe('precision', () => {
    it('reports the precision as every std, and 0 when none is given', async () => {
      const given = await runEstimatorPub(
        { circuit: BELL, observables: ['ZZ', 'XX'], precision: DEFAULT_PRECISION },
        { seed: 1 },
      );
      expect(Array.from(given.stds)).toEqual([0.015625, 0.015625]);
      expectEvs(given.evs, [1, 1]);
    });

    it('rejects a negative or non-numeric precision', async () => {
      for (const precision of [-0.1, 'high']) {
        await simulationError(
          runEstimatorPub(
            { circuit: BELL, observables: 'ZZ', precision: precision as number },
            { seed: 1 },
          ),
        );
      }
    });
  });

  describe('bad observables', () => {
    const cases: [unknown, string][] = [
      ['Z', "observables: Pauli string 'Z' acts on 1 qubit(s) but the circuit has 2"],
      ['ZZZ', "observables: Pauli string 'ZZZ' acts on 3 qubit(s) but the circuit has 2"],
      [['ZZ', 'ZA'], "observables[1]: 'ZA' is not a Pauli string (letters I, X, Y, Z)"],
      [{ ZZ: 'one' }, 'observables[\'ZZ\']: expected a real coefficient, got "one"'],
      [[['ZZ'], 'XX'], 'observables[1]: ragged nested list (inconsistent depth)'],
      [
        [1],
        'observables[0]: expected a Pauli string or an object of Pauli string → coefficient, got 1',
      ],
      [undefined, 'observables are required'],
    ];
    for (const [observables, message] of cases) {
      it(`rejects ${JSON.stringify(observables) ?? 'undefined'}`, async () => {
        const e = await simulationError(
          runEstimatorPub({ circuit: BELL, observables }, { seed: 1 }),
        );
        expect(e.message).toBe(message);
        expect(e.limit).toBeUndefined();
      });
    }
  });

  describe('limits and cooperation', () => {
    it('enforces maxBindings on the broadcast shape and maxQubits', async () => {
      const bindings = await simulationError(
        runEstimatorPub(
          { circuit: RY, observables: [['Z'], ['X']], parameterValues: [0, 1, 2] },
          { seed: 1, limits: { maxBindings: 5 } },
        ),
      );
      expect(bindings.limit).toBe('maxBindings');
      const qubits = await simulationError(
        runEstimatorPub(
          { circuit: `${OQ3}qubit[3] q;\nh q;`, observables: 'ZZZ' },
          { seed: 1, limits: { maxQubits: 2 } },
        ),
      );
      expect(qubits.limit).toBe('maxQubits');
    });

    it('stops once the signal fires', async () => {
      const controller = new AbortController();
      const e = await rejection(
        runEstimatorPub(
          { circuit: heavyCircuit(20, 10), observables: 'Z'.repeat(20) },
          { seed: 1, signal: controller.signal, onProgress: () => controller.abort() },
        ),
      );
      expect(e).toBeInstanceOf(SimulationAbortedError);
    });

    it('reports progress ending with 1', async () => {
      const fractions: number[] = [];
      await runEstimatorPub(
        { circuit: heavyCircuit(18, 4), observables: ['Z'.repeat(18), 'X'.repeat(18)] },
        { seed: 1, onProgress: (f) => fractions.push(f) },
      );
      expect(fractions[fractions.length - 1]).toBe(1);
      expect([...fractions].sort((a, b) => a - b)).toEqual(fractions);
    });
  });
});
