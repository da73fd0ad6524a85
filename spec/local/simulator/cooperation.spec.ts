/**
 * A long simulation shares the thread: the event loop gets a turn after every slice of work
 * (whatever the clock says), so the local runtime keeps answering polls during a heavy job, and
 * an abort is seen at the end of the slice in which it fired. These are properties counted in
 * turns and slices, not timed.
 */
import { parseQasm } from '../../../src/circuits/qasm/index.js';
import { Cooperation, SLICE_WORK } from '../../../src/local/simulator/cooperation.js';
import {
  DEFAULT_LIMITS,
  runSamplerPub,
  SimulationAbortedError,
} from '../../../src/local/simulator/index.js';
import { planCircuit } from '../../../src/local/simulator/plan.js';
import { runAtOnce, type Sliced } from '../../../src/local/simulator/sliced.js';
import { OQ3 } from './support.js';

function heavyCircuit(qubits: number, layers: number): string {
  const lines = [OQ3, `qubit[${qubits}] q;`, `bit[${qubits}] c;`];
  for (let l = 0; l < layers; l++) {
    for (let i = 0; i < qubits; i++) lines.push(`rz(${0.1 * (l + 1)}) q[${i}]; h q[${i}];`);
    for (let i = 0; i + 1 < qubits; i++) lines.push(`cx q[${i}], q[${i + 1}];`);
  }
  lines.push('c = measure q;');
  return lines.join('\n');
}

/** Count the event-loop turns (a chain of immediates) that happen while `run` is pending. */
async function turnsDuring(run: () => Promise<unknown>): Promise<number> {
  let turns = 0;
  let going = true;
  const spin = (): void => {
    if (!going) return;
    turns++;
    setImmediate(spin);
  };
  setImmediate(spin);
  try {
    await run();
  } finally {
    going = false;
  }
  return turns;
}

describe('simulator cooperation with the event loop', () => {
  it('gives the event loop a turn at every slice of a long simulation on this thread', async () => {
    let reports = 0;
    const turns = await turnsDuring(() =>
      runSamplerPub(
        { circuit: heavyCircuit(20, 3), shots: 16 },
        { seed: 1, threads: false, onProgress: () => reports++ },
      ),
    );
    // Dozens of passes over 2^20 amplitudes: many slices of at most SLICE_WORK updates each.
    expect(reports).toBeGreaterThan(3);
    expect(turns).toBeGreaterThanOrEqual(reports - 1);
  });

  it('stops at the end of the slice in which the signal fired: no further work is done', async () => {
    const controller = new AbortController();
    let reports = 0;
    let afterAbort = 0;
    const run = runSamplerPub(
      { circuit: heavyCircuit(20, 3), shots: 16 },
      {
        seed: 1,
        threads: false,
        signal: controller.signal,
        onProgress: () => {
          if (controller.signal.aborted) afterAbort++;
          // Progress is reported at a pause, between two slices: abort there.
          if (++reports === 2) controller.abort(new Error('cancelled by the spec'));
        },
      },
    );
    await expectAsync(run).toBeRejectedWithError(SimulationAbortedError);
    expect(reports).toBe(2);
    expect(afterAbort).toBe(0);
  });

  it('plans a long circuit in slices of bounded work, and an abort stops the planning', async () => {
    const gates = Array.from({ length: 6000 }, (_, i) => `cx q[${i % 7}], q[${(i % 7) + 1}];`);
    const circuit = parseQasm(`${OQ3}qubit[8] q; bit[8] c;\n${gates.join('\n')}\nc = measure q;`);
    const planning: Sliced<unknown> = planCircuit(circuit, DEFAULT_LIMITS);
    const slices: number[] = [];
    for (let r = planning.next(); !r.done; r = planning.next()) slices.push(r.value);
    // Each pass over the 6,000 instructions yields at least every 64 of them.
    expect(slices.length).toBeGreaterThan(6000 / 64);
    // Every slice holds less than a cooperation's slice of work, but one: inlining custom
    // gates (`inlineGates`) runs whole.
    expect(slices.filter((work) => work > SLICE_WORK).length).toBeLessThanOrEqual(1);
    // The same plan at once, without pausing.
    expect(runAtOnce(planCircuit(circuit, DEFAULT_LIMITS))).toEqual(jasmine.any(Object));

    // Driven through a cooperation, planning lets the event loop turn, and stops on abort.
    const controller = new AbortController();
    const cooperation = new Cooperation({ signal: controller.signal });
    let turnsBeforeAbort = 0;
    const spin = (): void => {
      if (++turnsBeforeAbort === 2) controller.abort(new Error('cancelled by the spec'));
      else setImmediate(spin);
    };
    setImmediate(spin);
    try {
      await expectAsync(
        cooperation.drive(planCircuit(longCircuit(), DEFAULT_LIMITS)),
      ).toBeRejectedWithError(SimulationAbortedError);
    } finally {
      cooperation.close();
    }
    expect(turnsBeforeAbort).toBe(2);
  });
});

/** A circuit whose planning takes many slices: 40,000 rotations on 8 qubits. */
function longCircuit(): ReturnType<typeof parseQasm> {
  const gates = Array.from({ length: 40_000 }, (_, i) => `rz(${(i % 13) / 7}) q[${i % 8}];`);
  return parseQasm(`${OQ3}qubit[8] q;\n${gates.join('\n')}`, { maxInstructions: 100_000 });
}
