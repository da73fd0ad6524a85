import { BitArray } from '../../../src/codecs/bit-array.js';
import { QasmError, parseQasm } from '../../../src/circuits/qasm/index.js';
import {
  SimulationAbortedError,
  SimulationError,
  runSamplerPub,
} from '../../../src/local/simulator/index.js';
import {
  OQ3,
  countValues,
  expectBinomial,
  fixturePubs,
  heavyCircuit,
  rejection,
  shotValues,
} from './support.js';

const BELL = `${OQ3}qubit[2] q;\nbit[2] c;\nh q[0];\ncx q[0], q[1];\nc = measure q;`;
const GHZ5 = `${OQ3}qubit[5] q;\nbit[5] c;\nh q[0];\ncx q[0], q[1];\ncx q[1], q[2];\ncx q[2], q[3];\ncx q[3], q[4];\nc = measure q;`;
const RX = `${OQ3}input float[64] theta;\nqubit q;\nbit c;\nrx(theta) q;\nc[0] = measure q;`;

describe('runSamplerPub', () => {
  describe('distributions', () => {
    it('samples a Bell state as 00 and 11 only, each about half the time', async () => {
      const out = await runSamplerPub({ circuit: BELL, shots: 4000 }, { seed: 11 });
      expect(out.shape).toEqual([]);
      expect(out.numShots).toBe(4000);
      const counts = countValues(shotValues(out, 'c'));
      expect([...counts.keys()].sort()).toEqual([0, 3]);
      expectBinomial(counts.get(0)!, 4000, 0.5);
    });

    it('samples GHZ-5 as 00000 and 11111 only, each about half the time', async () => {
      const out = await runSamplerPub({ circuit: GHZ5, shots: 4000 }, { seed: 5 });
      const counts = countValues(shotValues(out, 'c'));
      expect([...counts.keys()].sort((a, b) => a - b)).toEqual([0, 31]);
      expectBinomial(counts.get(31)!, 4000, 0.5);
    });

    it('follows a biased distribution (ry(2π/3) gives 1 with probability 3/4)', async () => {
      const source = `${OQ3}qubit q;\nbit c;\nry(2 * pi / 3) q;\nc[0] = measure q;`;
      const out = await runSamplerPub({ circuit: source, shots: 4000 }, { seed: 3 });
      expectBinomial(countValues(shotValues(out, 'c')).get(1)!, 4000, 0.75);
    });

    it('is reproducible with a seed and changes with another seed', async () => {
      const run = (seed: number) => runSamplerPub({ circuit: GHZ5, shots: 500 }, { seed });
      const [a, b, other] = await Promise.all([run(42), run(42), run(43)]);
      expect(a.registers[0]!.bytes).toEqual(b.registers[0]!.bytes);
      expect(a.registers[0]!.bytes).not.toEqual(other.registers[0]!.bytes);
    });

    it('accepts large and negative seeds', async () => {
      for (const seed of [0, -1, 2 ** 40 + 3, Number.MAX_SAFE_INTEGER]) {
        const out = await runSamplerPub({ circuit: BELL, shots: 10 }, { seed });
        expect(out.registers[0]!.bytes.length).toBe(10);
      }
    });
  });

  describe('BitArray layout', () => {
    it('packs each shot big-endian with bit i of the value = classical bit i', async () => {
      const source = `${OQ3}qubit[10] q;\nbit[10] c;\nx q[0];\nx q[3];\nx q[9];\nc = measure q;`;
      const out = await runSamplerPub({ circuit: source, shots: 3 }, { seed: 1 });
      const reg = out.registers[0]!;
      expect(reg.numBits).toBe(10);
      expect(Array.from(reg.bytes)).toEqual([0x02, 0x09, 0x02, 0x09, 0x02, 0x09]);
      const decoded = new BitArray(reg.bytes, { numBits: 10, numShots: 3 });
      expect(decoded.getInts()).toEqual([0x209, 0x209, 0x209]);
      expect(decoded.getBitstrings()[0]).toBe('1000001001');
    });

    it('returns every register in declaration order, unmeasured ones all zero', async () => {
      const source = `${OQ3}qubit[2] q;\nbit[2] a;\nbit[3] b;\nbit[9] unused;\nx q[1];\na[0] = measure q[0];\na[1] = measure q[1];\nb[2] = measure q[1];`;
      const out = await runSamplerPub({ circuit: source, shots: 4 }, { seed: 1 });
      expect(out.registers.map((r) => [r.name, r.numBits, r.bytes.length])).toEqual([
        ['a', 2, 4],
        ['b', 3, 4],
        ['unused', 9, 8],
      ]);
      expect(shotValues(out, 'a')).toEqual([2, 2, 2, 2]);
      expect(shotValues(out, 'b')).toEqual([4, 4, 4, 4]);
      expect(shotValues(out, 'unused')).toEqual([0, 0, 0, 0]);
    });

    it('lets a later measurement overwrite a bit', async () => {
      const source = `${OQ3}qubit[2] q;\nbit c;\nx q[1];\nc[0] = measure q[0];\nc[0] = measure q[1];`;
      const out = await runSamplerPub({ circuit: source, shots: 2 }, { seed: 1 });
      expect(shotValues(out, 'c')).toEqual([1, 1]);
    });
  });

  describe('circuits', () => {
    it('runs the shared sampler fixtures (both bits always 1)', async () => {
      for (const file of [
        'create_job_request_sampler_docs.json',
        'create_job_request_sampler_options_docs.json',
      ]) {
        for (const [circuit, , shots] of fixturePubs(file)) {
          const n = (shots as number | null | undefined) ?? 100;
          const out = await runSamplerPub({ circuit: circuit as string, shots: n }, { seed: 9 });
          expect(out.registers.map((r) => r.name)).toEqual(['meas']);
          expect(countValues(shotValues(out, 'meas'))).toEqual(new Map([[3, n]]));
        }
      }
    });

    it('accepts an already parsed circuit', async () => {
      const out = await runSamplerPub({ circuit: parseQasm(BELL), shots: 100 }, { seed: 2 });
      expect([...countValues(shotValues(out, 'c')).keys()].every((v) => v === 0 || v === 3)).toBe(
        true,
      );
    });

    it('does not simulate qubits no gate touches (they measure 0)', async () => {
      const source = `${OQ3}qubit[60] q;\nbit[3] c;\nx q[59];\nh q[40];\nc[0] = measure q[59];\nc[1] = measure q[7];\nc[2] = measure q[40];`;
      const out = await runSamplerPub({ circuit: source, shots: 2000 }, { seed: 4 });
      const counts = countValues(shotValues(out, 'c'));
      expect([...counts.keys()].sort()).toEqual([1, 5]);
      expectBinomial(counts.get(5)!, 2000, 0.5);
    });

    it('keeps a mid-circuit measurement correlated with what follows', async () => {
      const source = `${OQ3}qubit[2] q;\nbit[2] c;\nh q[0];\nc[0] = measure q[0];\ncx q[0], q[1];\nc[1] = measure q[1];`;
      const out = await runSamplerPub({ circuit: source, shots: 2000 }, { seed: 8 });
      const counts = countValues(shotValues(out, 'c'));
      expect([...counts.keys()].sort()).toEqual([0, 3]);
      expectBinomial(counts.get(3)!, 2000, 0.5);
    });

    it('collapses on a mid-circuit measurement (h, measure, h, measure gives four outcomes)', async () => {
      const source = `${OQ3}qubit q;\nbit[2] c;\nh q;\nc[0] = measure q;\nh q;\nc[1] = measure q;`;
      const out = await runSamplerPub({ circuit: source, shots: 4000 }, { seed: 12 });
      const counts = countValues(shotValues(out, 'c'));
      for (const v of [0, 1, 2, 3]) expectBinomial(counts.get(v) ?? 0, 4000, 0.25);
    });

    it('resets a qubit in superposition to |0⟩, and a measured |1⟩ too', async () => {
      const random = `${OQ3}qubit[2] q;\nbit[2] c;\nh q[0];\nh q[1];\nreset q[0];\nc = measure q;`;
      const out = await runSamplerPub({ circuit: random, shots: 2000 }, { seed: 6 });
      const counts = countValues(shotValues(out, 'c'));
      expect([...counts.keys()].sort()).toEqual([0, 2]);
      expectBinomial(counts.get(2)!, 2000, 0.5);

      const certain = `${OQ3}qubit q;\nbit[2] c;\nreset q;\nx q;\nc[0] = measure q;\nreset q;\nc[1] = measure q;`;
      const out2 = await runSamplerPub({ circuit: certain, shots: 50 }, { seed: 6 });
      expect(countValues(shotValues(out2, 'c'))).toEqual(new Map([[1, 50]]));
    });

    it('reads a measurement nothing follows from the end of a shot-by-shot run', async () => {
      // c[0] is terminal (read from the final state); c[1] is random and followed by a gate,
      // so shots are simulated one by one from there and c[0] is drawn at the end.
      const source = `${OQ3}qubit[2] q;\nbit[2] c;\nh q[0];\nc[0] = measure q[0];\nh q[1];\nbarrier q;\nc[1] = measure q[1];\nx q[1];`;
      const out = await runSamplerPub({ circuit: source, shots: 4000 }, { seed: 21 });
      const counts = countValues(shotValues(out, 'c'));
      for (const v of [0, 1, 2, 3]) expectBinomial(counts.get(v) ?? 0, 4000, 0.25);
    });

    it('rejects parameter values that make an angle non-finite', async () => {
      const source = `${OQ3}input float t;\nqubit q;\nbit c;\nrz(1 / t) q;\nc[0] = measure q;`;
      const e = await rejection(
        runSamplerPub({ circuit: source, parameterValues: [0], shots: 1 }, { seed: 1 }),
      );
      expect(e).toEqual(
        new SimulationError(
          "gate 'rz' gets the non-finite angle Infinity from the parameter values",
        ),
      );
    });

    it('rejects a malformed circuit object with a SimulationError', async () => {
      const good = parseQasm(BELL);
      const bad: [unknown, string][] = [
        [{ ...good, numQubits: -1 }, 'numQubits is -1'],
        [{ ...good, instructions: 'h q' }, 'instructions must be a list'],
        [{ ...good, parameters: [1] }, 'parameters must be a list of names'],
        [
          { ...good, cregs: [{ name: 'c', bits: [1.5] }] },
          'classical bit 1.5 is out of range for 2 bits',
        ],
        [{ ...good, numClbits: -2 }, 'numClbits is -2'],
        [
          { ...good, instructions: [{ kind: 'gate', name: 'h', qubits: [5], params: [] }] },
          'qubit 5 is out of range for 2 qubits',
        ],
        [
          { ...good, instructions: [{ kind: 'gate', name: 'cx', qubits: [0], params: [] }] },
          "instruction 0: gate 'cx' acts on 2 qubit(s) here, got 1",
        ],
        [
          { ...good, instructions: [{ kind: 'gate', name: 'rz', qubits: [0], params: [] }] },
          "instruction 0: gate 'rz' takes 1 angle(s), got 0",
        ],
        [
          { ...good, instructions: [{ kind: 'gate', name: 'foo', qubits: [0], params: [] }] },
          "instruction 0: unknown gate 'foo'",
        ],
        [
          {
            ...good,
            instructions: [{ kind: 'measure', qubit: 0, clbit: 7 }],
          },
          'classical bit 7 is out of range for 2 bits',
        ],
        [
          {
            ...good,
            instructions: [{ kind: 'measure', qubit: 0, clbit: -1 }],
          },
          'classical bit -1 is out of range for 2 bits',
        ],
        [{ ...good, instructions: [{ kind: 'if' }] }, 'instructions[0] (if) needs a condition'],
        [{ ...good, instructions: [{ kind: 'loop' }] }, 'unknown instruction "loop"'],
      ];
      for (const [circuit, message] of bad) {
        const e = await rejection(
          runSamplerPub({ circuit: circuit as never, shots: 1 }, { seed: 1 }),
        );
        expect(e).toBeInstanceOf(SimulationError);
        expect((e as SimulationError).message).toBe(`invalid circuit: ${message}`);
      }
    });

    it('returns all-zero registers for a circuit without measurements', async () => {
      const source = `${OQ3}qubit[3] q;\nbit[3] c;\nh q;`;
      const out = await runSamplerPub({ circuit: source, shots: 5 }, { seed: 1 });
      expect(Array.from(out.registers[0]!.bytes)).toEqual([0, 0, 0, 0, 0]);
    });
  });

  describe('parameter sweeps', () => {
    it('takes one binding from a flat list of values', async () => {
      const out = await runSamplerPub(
        { circuit: RX, parameterValues: [Math.PI], shots: 5 },
        { seed: 1 },
      );
      expect(out.shape).toEqual([]);
      expect(shotValues(out, 'c')).toEqual([1, 1, 1, 1, 1]);
    });

    it('sweeps over the leading axes of nested lists (shots row-major after the shape)', async () => {
      const out = await runSamplerPub(
        {
          circuit: RX,
          parameterValues: [
            [[0], [Math.PI]],
            [[Math.PI], [0]],
            [[0], [0]],
          ],
          shots: 3,
        },
        { seed: 1 },
      );
      expect(out.shape).toEqual([3, 2]);
      expect(out.registers[0]!.bytes.length).toBe(3 * 2 * 3);
      expect(shotValues(out, 'c')).toEqual([0, 0, 0, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
      const bits = new BitArray(out.registers[0]!.bytes, {
        numBits: 1,
        numShots: 3,
        shape: [3, 2],
      });
      expect(bits.getInts([0, 1])).toEqual([1, 1, 1]);
    });

    it('treats a flat list for a one-parameter circuit as a sweep, like Qiskit', async () => {
      const out = await runSamplerPub(
        { circuit: RX, parameterValues: [0, Math.PI, 0], shots: 2 },
        { seed: 1 },
      );
      expect(out.shape).toEqual([3]);
      expect(shotValues(out, 'c')).toEqual([0, 0, 1, 1, 0, 0]);
    });

    it('binds a {name: values} object', async () => {
      const out = await runSamplerPub(
        { circuit: RX, parameterValues: { theta: [Math.PI, 0] }, shots: 2 },
        { seed: 1 },
      );
      expect(out.shape).toEqual([2]);
      expect(shotValues(out, 'c')).toEqual([1, 1, 0, 0]);
    });

    it('binds a positional list in Qiskit order (parameters sorted by name)', async () => {
      const source = `${OQ3}input float[64] theta;\ninput float[64] alpha;\nqubit[2] q;\nbit[2] c;\nrx(theta) q[0];\nrx(alpha) q[1];\nc = measure q;`;
      // Sorted by name: (alpha, theta) — so alpha = π flips q[1].
      const out = await runSamplerPub(
        { circuit: source, parameterValues: [Math.PI, 0], shots: 2 },
        { seed: 1 },
      );
      expect(shotValues(out, 'c')).toEqual([2, 2]);
    });

    it('rejects missing, unknown and ragged parameter values', async () => {
      const cases: [unknown, string][] = [
        [undefined, 'the circuit has 1 parameter(s) (theta) but no parameter values were given'],
        [{ phi: 1 }, "parameter values: unknown parameter 'phi' (the circuit has theta)"],
        [[[1], [2, 3]], 'parameter values[1]: ragged nested list (inconsistent lengths)'],
        [['x'], 'parameter values[0]: expected a finite number, got "x"'],
      ];
      for (const [parameterValues, message] of cases) {
        const e = await rejection(
          runSamplerPub({ circuit: RX, parameterValues, shots: 1 }, { seed: 1 }),
        );
        expect(e).toEqual(new SimulationError(message));
      }
    });
  });

  describe('bad input and limits', () => {
    it('rejects bad shots, a bad seed and a bad circuit value', async () => {
      for (const shots of [0, -3, 1.5, '10', undefined]) {
        const e = await rejection(
          runSamplerPub({ circuit: BELL, shots: shots as number }, { seed: 1 }),
        );
        expect((e as SimulationError)._tag).toBe('SimulationError');
      }
      const seedError = await rejection(runSamplerPub({ circuit: BELL, shots: 1 }, { seed: 0.5 }));
      expect(seedError).toEqual(new SimulationError('the seed must be a safe integer, got 0.5'));
      const circuitError = await rejection(
        runSamplerPub({ circuit: 42 as unknown as string, shots: 1 }, { seed: 1 }),
      );
      expect((circuitError as SimulationError).message).toContain('the circuit must be');
    });

    it('rejects a missing PUB or options object with a SimulationError', async () => {
      const noPub = await rejection(runSamplerPub(undefined as never, { seed: 1 }));
      expect(noPub).toEqual(new SimulationError('the PUB must be an object, got undefined'));
      expect(noPub).toBeInstanceOf(SimulationError);
      const noOptions = await rejection(runSamplerPub({ circuit: BELL, shots: 1 }, null as never));
      expect(noOptions).toBeInstanceOf(SimulationError);
    });

    it('passes OpenQASM errors through as QasmError', async () => {
      const e = await rejection(
        runSamplerPub({ circuit: `${OQ3}qubit q;\nfoo q;`, shots: 1 }, { seed: 1 }),
      );
      expect(e).toBeInstanceOf(QasmError);
      expect((e as QasmError).line).toBe(4);
    });

    it('enforces maxQubits on the qubits gates act on (default 26)', async () => {
      const source = `${OQ3}qubit[27] q;\nbit c;\nh q;\nc[0] = measure q[0];`;
      const e = (await rejection(
        runSamplerPub({ circuit: source, shots: 1 }, { seed: 1 }),
      )) as SimulationError;
      expect(e._tag).toBe('SimulationError');
      expect(e.limit).toBe('maxQubits');
      expect(e.message).toBe('the circuit acts on 27 qubits, more than the limit of 26');
    });

    it('enforces maxShots over all bindings, maxInstructions and maxBindings', async () => {
      const limit = async (pub: Parameters<typeof runSamplerPub>[0], limits: object) =>
        ((await rejection(runSamplerPub(pub, { seed: 1, limits }))) as SimulationError).limit;
      expect(await limit({ circuit: BELL, shots: 11 }, { maxShots: 10 })).toBe('maxShots');
      expect(
        await limit({ circuit: RX, parameterValues: [0, 1], shots: 6 }, { maxShots: 10 }),
      ).toBe('maxShots');
      expect(await limit({ circuit: BELL, shots: 1 }, { maxInstructions: 3 })).toBe(
        'maxInstructions',
      );
      expect(
        await limit({ circuit: RX, parameterValues: [0, 1, 2], shots: 1 }, { maxBindings: 2 }),
      ).toBe('maxBindings');
      const ok = await runSamplerPub(
        { circuit: BELL, shots: 10 },
        { seed: 1, limits: { maxShots: 10 } },
      );
      expect(ok.numShots).toBe(10);
    });

    it('rejects an invalid limit override', async () => {
      const e = await rejection(
        runSamplerPub({ circuit: BELL, shots: 1 }, { seed: 1, limits: { maxShots: -1 } }),
      );
      expect(e).toEqual(
        new SimulationError('limit maxShots must be a non-negative integer, got -1'),
      );
    });
  });

  describe('cooperation', () => {
    it('reports non-decreasing progress ending with 1', async () => {
      const fractions: number[] = [];
      await runSamplerPub(
        { circuit: heavyCircuit(18, 4), shots: 100 },
        { seed: 1, onProgress: (f) => fractions.push(f) },
      );
      expect(fractions.length).toBeGreaterThan(1);
      expect(fractions[fractions.length - 1]).toBe(1);
      for (let i = 1; i < fractions.length; i++) {
        expect(fractions[i]!).toBeGreaterThanOrEqual(fractions[i - 1]!);
      }
      expect(fractions.every((f) => f >= 0 && f <= 1)).toBe(true);
    });

    it('rejects at once when the signal has already fired', async () => {
      const controller = new AbortController();
      controller.abort('stop');
      const e = await rejection(
        runSamplerPub({ circuit: BELL, shots: 1 }, { seed: 1, signal: controller.signal }),
      );
      expect(e).toBeInstanceOf(SimulationAbortedError);
      expect((e as SimulationAbortedError)._tag).toBe('SimulationAbortedError');
      expect((e as SimulationAbortedError).reason).toBe('stop');
    });

    it('stops at the next pause once aborted, doing no further work', async () => {
      const controller = new AbortController();
      let callsAfterAbort = 0;
      const e = await rejection(
        runSamplerPub(
          { circuit: heavyCircuit(20, 10), shots: 100 },
          {
            seed: 1,
            signal: controller.signal,
            onProgress: () => {
              if (controller.signal.aborted) callsAfterAbort++;
              else controller.abort();
            },
          },
        ),
      );
      expect(e).toBeInstanceOf(SimulationAbortedError);
      expect(callsAfterAbort).toBe(0);
    });

    it('lets timers run during a long simulation, so a timer can abort it', async () => {
      const controller = new AbortController();
      let timerRan = false;
      setTimeout(() => {
        timerRan = true;
        controller.abort();
      }, 0);
      const e = await rejection(
        runSamplerPub(
          { circuit: heavyCircuit(20, 30), shots: 100 },
          { seed: 1, signal: controller.signal },
        ),
      );
      expect(timerRan).toBe(true);
      expect(e).toBeInstanceOf(SimulationAbortedError);
    });
  });
});
