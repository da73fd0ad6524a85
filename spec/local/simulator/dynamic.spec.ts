// Dynamic circuits on the simulator: mid-circuit measurement feeding later gates, resets,
// loops, switch, classical variables, registers that are views over any bits, and the bounds
// on branches and loop iterations. Circuits are built in the model directly.
import type { Circuit, GateDefinition } from '../../../src/circuits/model.js';
import {
  SimulationError,
  runEstimatorPub,
  runSamplerPub,
} from '../../../src/local/simulator/index.js';
import {
  BOOL,
  binary,
  bit,
  cast,
  circuit,
  creg,
  eq,
  g,
  ifElse,
  int,
  measure,
  reg,
  reset,
  store,
  uint,
  value,
  variable,
  whileLoop,
} from './model.js';
import { countValues, expectBinomial, rejection, shotValues } from './support.js';

const SHOTS = 20_000;

/** openqasm/openqasm examples/teleport.qasm, with each `bit` as a one-bit register. */
function teleport(theta: number, phi: number, lambda: number): Circuit {
  return circuit({
    qubits: 3,
    clbits: 3,
    cregs: [reg('c0', [0]), reg('c1', [1]), reg('c2', [2])],
    instructions: [
      reset(0),
      reset(1),
      reset(2),
      g('u', [0], [theta, phi, lambda]),
      g('h', [1]),
      g('cx', [1, 2]),
      { kind: 'barrier', qubits: [0, 1, 2] },
      g('cx', [0, 1]),
      g('h', [0]),
      measure(0, 0),
      measure(1, 1),
      ifElse(eq(creg('c0', 1), value(1, uint(1))), [g('z', [2])]),
      ifElse(eq(creg('c1', 1), value(1, uint(1))), [g('x', [2])]),
      measure(2, 2),
    ],
  });
}

describe('dynamic circuits', () => {
  it('teleports a state: the corrected qubit measures as the original would', async () => {
    const out = await runSamplerPub(
      { circuit: teleport(0.3, 0.2, 0.1), shots: SHOTS },
      { seed: 5 },
    );
    const c2 = shotValues(out, 'c2');
    expectBinomial(c2.filter((v) => v === 1).length, SHOTS, Math.sin(0.15) ** 2);
    // The two measured qubits are uniform and independent of the teleported one.
    expectBinomial(shotValues(out, 'c0').filter((v) => v === 1).length, SHOTS, 0.5);
    expectBinomial(shotValues(out, 'c1').filter((v) => v === 1).length, SHOTS, 0.5);
  });

  it('teleports without the corrections only a quarter of the time', async () => {
    // Without feed-forward, q[2] is X^c1 Z^c0 applied to the state: P(1) averages to 1/2.
    const c = teleport(1.2, 0, 0);
    const uncorrected = { ...c, instructions: c.instructions.filter((i) => i.kind !== 'if') };
    const out = await runSamplerPub({ circuit: uncorrected, shots: SHOTS }, { seed: 6 });
    expectBinomial(shotValues(out, 'c2').filter((v) => v === 1).length, SHOTS, 0.5);
  });

  it('resets by feedback: measure, and flip when the outcome was 1', async () => {
    const c = circuit({
      qubits: 1,
      clbits: 2,
      cregs: [reg('m', [0]), reg('after', [1])],
      instructions: [g('h', [0]), measure(0, 0), ifElse(bit(0), [g('x', [0])]), measure(0, 1)],
    });
    const out = await runSamplerPub({ circuit: c, shots: 4000 }, { seed: 1 });
    expect(new Set(shotValues(out, 'after'))).toEqual(new Set([0]));
    expectBinomial(shotValues(out, 'm').filter((v) => v === 1).length, 4000, 0.5);
  });

  it('repeats until success with a while loop (every shot ends with 0)', async () => {
    // openqasm/openqasm examples/rus.qasm in spirit: retry while the flag says failure.
    const c = circuit({
      qubits: 1,
      clbits: 1,
      cregs: [reg('c', [0])],
      vars: [{ name: 'tries', type: uint(8), role: 'declare', initial: null }],
      instructions: [
        g('h', [0]),
        measure(0, 0),
        whileLoop(bit(0), [
          store(
            variable('tries', uint(8)),
            binary('add', variable('tries', uint(8)), value(1, uint(8)), uint(8)),
          ),
          reset(0),
          g('h', [0]),
          measure(0, 0),
        ]),
      ],
    });
    const out = await runSamplerPub({ circuit: c, shots: 3000 }, { seed: 2 });
    expect(new Set(shotValues(out, 'c'))).toEqual(new Set([0]));
  });

  it('stops a while loop that never ends with a clear error', async () => {
    const c = circuit({
      qubits: 1,
      clbits: 1,
      instructions: [whileLoop(value(true, BOOL), [g('x', [0])]), measure(0, 0)],
      cregs: [reg('c', [0])],
    });
    const e = await rejection(
      runSamplerPub({ circuit: c, shots: 1 }, { seed: 1, limits: { maxLoopIterations: 500 } }),
    );
    expect(e).toBeInstanceOf(SimulationError);
    expect((e as SimulationError).limit).toBe('maxLoopIterations');
    expect((e as SimulationError).message).toContain('more than 500 iterations');
  });

  it('binds a for loop parameter in gate angles, and supports break and continue', async () => {
    // for x in {0.5, 0.25, 9, 0.25} { if (x > 1) continue; ry(x) q; }  → ry(1) in total, then
    // a second loop that breaks on its second pass.
    const c = circuit({
      qubits: 2,
      clbits: 2,
      cregs: [reg('c', [0, 1])],
      instructions: [
        {
          kind: 'for',
          parameter: 'x',
          values: { kind: 'list', values: [0.5, 0.25, 9, 0.25] },
          body: [
            ifElse(
              binary(
                'gt',
                variable('x', { kind: 'float', width: null }),
                value(1, { kind: 'float', width: null }),
                BOOL,
              ),
              [{ kind: 'continue' }],
            ),
            g('ry', [0], [{ op: 'param', name: 'x' }]),
          ],
        },
        {
          kind: 'for',
          parameter: 'i',
          values: { kind: 'range', start: 0, stop: 10, step: 1 },
          body: [
            ifElse(eq(variable('i', int(32)), value(1, int(32))), [{ kind: 'break' }]),
            g('x', [1]),
          ],
        },
        measure(0, 0),
        measure(1, 1),
      ],
    });
    const out = await runSamplerPub({ circuit: c, shots: SHOTS }, { seed: 3 });
    const v = shotValues(out, 'c');
    expect(v.every((x) => (x & 2) === 2)).toBeTrue();
    expectBinomial(v.filter((x) => x & 1).length, SHOTS, Math.sin(0.5) ** 2);
  });

  it('chooses the case of a switch from a measured register', async () => {
    const c = circuit({
      qubits: 3,
      clbits: 3,
      cregs: [reg('m', [0, 1]), reg('out', [2])],
      instructions: [
        g('h', [0]),
        g('h', [1]),
        measure(0, 0),
        measure(1, 1),
        {
          kind: 'switch',
          target: creg('m', 2),
          cases: [
            { values: [0, 3], body: [] },
            { values: ['default'], body: [g('x', [2])] },
          ],
        },
        measure(2, 2),
      ],
    });
    const out = await runSamplerPub({ circuit: c, shots: 4000 }, { seed: 4 });
    const m = shotValues(out, 'm');
    const o = shotValues(out, 'out');
    m.forEach((x, s) => expect(o[s]).toBe(x === 1 || x === 2 ? 1 : 0));
    expect(new Set(m)).toEqual(new Set([0, 1, 2, 3]));
  });

  it('stores into variables with wraparound and reads a register with bit 0 least significant', async () => {
    // uint[3] n = 6; n = n + 3 (wraps to 1); c = n; also int[4] casts.
    const c = circuit({
      qubits: 1,
      clbits: 5,
      cregs: [reg('c', [0, 1, 2]), reg('d', [3, 4])],
      vars: [{ name: 'n', type: uint(3), role: 'declare', initial: value(6, uint(3)) }],
      instructions: [
        store(
          variable('n', uint(3)),
          binary('add', variable('n', uint(3)), value(3, uint(3)), uint(3)),
        ),
        store(creg('c', 3), variable('n', uint(3))),
        // d = uint[2](int[4](-1)): two's complement, low bits 11.
        store(creg('d', 2), cast(cast(value(-1, int(4)), uint(4)), uint(2))),
      ],
    });
    const out = await runSamplerPub({ circuit: c, shots: 3 }, { seed: 1 });
    expect(shotValues(out, 'c')).toEqual([1, 1, 1]);
    expect(shotValues(out, 'd')).toEqual([3, 3, 3]);
  });

  it('returns registers that alias bits or use them out of order, one BitArray each', async () => {
    const c = circuit({
      qubits: 3,
      clbits: 3,
      cregs: [reg('all', [0, 1, 2]), reg('rev', [2, 1, 0]), reg('mid', [1])],
      instructions: [g('x', [0]), g('x', [1]), measure(0, 0), measure(1, 1), measure(2, 2)],
    });
    const out = await runSamplerPub({ circuit: c, shots: 2 }, { seed: 1 });
    expect(out.registers.map((r) => r.name)).toEqual(['all', 'rev', 'mid']);
    expect(shotValues(out, 'all')).toEqual([0b011, 0b011]);
    expect(shotValues(out, 'rev')).toEqual([0b110, 0b110]);
    expect(shotValues(out, 'mid')).toEqual([1, 1]);
  });

  it('runs an ISA circuit declaring 127 qubits and touching 2 under a 26-qubit limit', async () => {
    const c = circuit({
      qubits: 127,
      clbits: 2,
      cregs: [reg('c', [0, 1])],
      instructions: [
        g('sx', [100]),
        g('rz', [100], [Math.PI / 2]),
        g('sx', [100]),
        g('ecr', [100, 126]),
        measure(100, 0),
        measure(126, 1),
      ],
    });
    const out = await runSamplerPub({ circuit: c, shots: 100 }, { seed: 1 });
    expect(out.registers[0]!.bytes.length).toBe(100);
  });

  it('gives the same shots for the same seed, and others for another seed', async () => {
    const run = (seed: number) =>
      runSamplerPub({ circuit: teleport(1, 2, 3), shots: 500 }, { seed }).then((o) =>
        o.registers.map((r) => Array.from(r.bytes)),
      );
    expect(await run(9)).toEqual(await run(9));
    expect(await run(9)).not.toEqual(await run(10));
  });

  it('refuses to split one simulation into more branches than maxBranches', async () => {
    // Each round measures a fresh superposition and reuses the qubit: 2^rounds histories.
    const rounds = 12;
    const instructions = [];
    for (let r = 0; r < rounds; r++) instructions.push(g('h', [0]), measure(0, r), reset(0));
    const c = circuit({
      qubits: 1,
      clbits: rounds,
      cregs: [reg('c', [...Array(rounds).keys()])],
      instructions,
    });
    const e = await rejection(
      runSamplerPub({ circuit: c, shots: 10_000 }, { seed: 1, limits: { maxBranches: 100 } }),
    );
    expect((e as SimulationError).limit).toBe('maxBranches');
    // Within the limit every history is equally likely.
    const out = await runSamplerPub({ circuit: c, shots: 10_000 }, { seed: 1 });
    const counts = countValues(shotValues(out, 'c'));
    expect(counts.size).toBeGreaterThan(2000);
  });

  it('places the shots of a split binding in random order', async () => {
    const c = circuit({
      qubits: 1,
      clbits: 2,
      cregs: [reg('c', [0, 1])],
      instructions: [g('h', [0]), measure(0, 0), reset(0), measure(0, 1)],
    });
    const v = shotValues(await runSamplerPub({ circuit: c, shots: 1000 }, { seed: 1 }), 'c');
    // Grouped output would have one change of value; independent shots have about 500.
    let changes = 0;
    for (let s = 1; s < v.length; s++) if (v[s] !== v[s - 1]) changes++;
    expect(changes).toBeGreaterThan(400);
  });
});

describe('gate modifiers and custom gates on the simulator', () => {
  const bell: GateDefinition = {
    name: 'bell',
    numQubits: 2,
    params: [],
    body: [g('h', [0]), g('cx', [0, 1])],
  };

  it('controls every gate of a custom gate, on |1> or (negctrl) on |0>', async () => {
    const make = (ctrlState: number) =>
      circuit({
        qubits: 3,
        clbits: 3,
        cregs: [reg('c', [0, 1, 2])],
        gates: [bell],
        instructions: [
          g('bell', [0, 1, 2], [], { controls: 1, ctrlState }),
          measure(0, 0),
          measure(1, 1),
          measure(2, 2),
        ],
      });
    const on = countValues(
      shotValues(await runSamplerPub({ circuit: make(1), shots: 2000 }, { seed: 1 }), 'c'),
    );
    expect([...on.keys()]).toEqual([0]);
    const off = countValues(
      shotValues(await runSamplerPub({ circuit: make(0), shots: 2000 }, { seed: 1 }), 'c'),
    );
    expect([...off.keys()].sort()).toEqual([0b000, 0b110]);
  });

  it('takes pow(1/2) of x as sx and inv of a custom gate as its reverse', async () => {
    const c = circuit({
      qubits: 2,
      clbits: 2,
      cregs: [reg('c', [0, 1])],
      gates: [bell],
      instructions: [
        g('x', [0], [], { power: 0.5 }),
        g('x', [0], [], { power: 0.5 }),
        g('bell', [1, 0], []),
        g('bell', [1, 0], [], { power: -1 }),
        measure(0, 0),
        measure(1, 1),
      ],
    });
    const out = await runSamplerPub({ circuit: c, shots: 500 }, { seed: 1 });
    expect(new Set(shotValues(out, 'c'))).toEqual(new Set([1]));
  });

  it('raises a custom gate to a non-integer power by its principal root', async () => {
    const flip: GateDefinition = { name: 'flip', numQubits: 1, params: [], body: [g('x', [0])] };
    const c = circuit({
      qubits: 1,
      clbits: 1,
      cregs: [reg('c', [0])],
      gates: [flip],
      instructions: [
        g('flip', [0], [], { power: 0.25 }),
        g('flip', [0], [], { power: 0.25 }),
        measure(0, 0),
      ],
    });
    // flip^(1/2) = sx: P(1) = 1/2.
    const out = await runSamplerPub({ circuit: c, shots: SHOTS }, { seed: 1 });
    expectBinomial(shotValues(out, 'c').filter((v) => v === 1).length, SHOTS, 0.5);
  });

  it('keeps a GHZ state sparse: 24 entangled qubits, two outcomes', async () => {
    const n = 24;
    const instructions = [g('h', [0])];
    for (let q = 0; q + 1 < n; q++) instructions.push(g('cx', [q, q + 1]));
    const all = [...Array(n).keys()];
    const c = circuit({
      qubits: n,
      clbits: n,
      cregs: [reg('c', all)],
      instructions: [...instructions, ...all.map((q) => measure(q, q))],
    });
    const counts = countValues(
      shotValues(await runSamplerPub({ circuit: c, shots: 4000 }, { seed: 1 }), 'c'),
    );
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual([0, 2 ** n - 1]);
  });
});

describe('the estimator on dynamic circuits', () => {
  it('collapses a measured qubit that a later gate uses as a control, as measuring it does', async () => {
    // h q0; measure q0 (result unused); cx q0, q1: a mixture of |00> and |11>, <XX> = 0.
    const c = circuit({
      qubits: 2,
      clbits: 1,
      cregs: [reg('c', [0])],
      instructions: [g('h', [0]), measure(0, 0), g('cx', [0, 1])],
    });
    const out = await runEstimatorPub({ circuit: c, observables: ['XX', 'ZZ'] }, { seed: 1 });
    expect(out.evs[0]).toBeCloseTo(0, 12);
    expect(out.evs[1]).toBeCloseTo(1, 12);
  });

  it('averages over the outcomes of a mid-circuit measurement', async () => {
    // h q0; measure q0; cx q0, q1 (classically controlled copy): <ZZ> = 1, <XI> = 0, <ZI> = 0.
    const c = circuit({
      qubits: 2,
      clbits: 1,
      cregs: [reg('c', [0])],
      instructions: [g('h', [0]), measure(0, 0), ifElse(bit(0), [g('x', [1])]), g('h', [0])],
    });
    const out = await runEstimatorPub({ circuit: c, observables: ['ZZ', 'IX', 'ZI'] }, { seed: 1 });
    expect(out.evs[0]).toBeCloseTo(0, 12);
    expect(out.evs[1]).toBeCloseTo(0, 12);
    expect(out.evs[2]).toBeCloseTo(0, 12);
    // Without the last h: a classically correlated mixture, not a Bell state (<XX> = 0, where
    // the Bell state would give 1).
    const kept = await runEstimatorPub(
      {
        circuit: { ...c, instructions: c.instructions.slice(0, 3) },
        observables: ['ZZ', 'ZI', 'XX'],
      },
      { seed: 1 },
    );
    expect(kept.evs[0]).toBeCloseTo(1, 12);
    expect(kept.evs[1]).toBeCloseTo(0, 12);
    expect(kept.evs[2]).toBeCloseTo(0, 12);
  });
});
