import fc from 'fast-check';
import { parseQasm } from '../../../src/circuits/qasm/index.js';
import {
  SimulationError,
  qiskitParameterOrder,
  readBindings,
} from '../../../src/local/simulator/index.js';
import {
  broadcastIndex,
  broadcastShapes,
  readNested,
} from '../../../src/local/simulator/ndarray.js';
import { OQ3 } from './support.js';

function circuitWith(names: readonly string[]) {
  const decl = names.map((n) => `input float[64] ${n};`).join('\n');
  const use = names.map((n) => `rz(${n}) q;`).join('\n');
  return parseQasm(`${OQ3}${decl}\nqubit q;\n${use}`);
}

describe('qiskitParameterOrder', () => {
  it('sorts names by code point, as QuantumCircuit.parameters does', () => {
    expect(qiskitParameterOrder(['theta', 'phi', 'Beta', 'alpha', 'a10', 'a2', 'θ'])).toEqual([
      'Beta',
      'a10',
      'a2',
      'alpha',
      'phi',
      'theta',
      'θ',
    ]);
  });
});

describe('readBindings', () => {
  const two = circuitWith(['theta', 'alpha']);
  const one = circuitWith(['theta']);
  const none = circuitWith([]);

  it('gives one empty binding for a circuit without parameters', () => {
    expect(readBindings(none, undefined)).toEqual({
      shape: [],
      size: 1,
      rows: new Float64Array(0),
    });
    expect(readBindings(none, null).size).toBe(1);
    expect(readBindings(none, []).shape).toEqual([]);
    expect(readBindings(none, [[], [], []]).shape).toEqual([3]);
  });

  it('binds positional columns in the order of circuit.parameters (Qiskit’s: sorted names)', () => {
    expect(two.parameters).toEqual(['alpha', 'theta']);
    const b = readBindings(two, [
      [1, 2],
      [3, 4],
    ]);
    expect(b.shape).toEqual([2]);
    // Columns are (alpha, theta), as the rows.
    expect(Array.from(b.rows)).toEqual([1, 2, 3, 4]);
  });

  it('follows Qiskit for one parameter: scalar, trailing axis of 1, or a sweep', () => {
    expect(readBindings(one, 0.5).shape).toEqual([]);
    expect(readBindings(one, [0.5]).shape).toEqual([]);
    expect(readBindings(one, [0.1, 0.2, 0.3]).shape).toEqual([3]);
    expect(readBindings(one, [[0.1], [0.2]]).shape).toEqual([2]);
    expect(
      readBindings(one, [
        [0.1, 0.2],
        [0.3, 0.4],
      ]).shape,
    ).toEqual([2, 2]);
  });

  it('reads {name: values} with a common leading shape', () => {
    const b = readBindings(two, { alpha: [[1], [2]], theta: [5, 6] });
    expect(b.shape).toEqual([2]);
    expect(Array.from(b.rows)).toEqual([1, 5, 2, 6]);
    expect(readBindings(two, { alpha: 1, theta: 2 }).shape).toEqual([]);
  });

  it('rejects inconsistent input with a SimulationError', () => {
    const bad: [unknown, string][] = [
      [[1, 2, 3], 'parameter values of shape (3,) do not match'],
      [5, 'parameter values of shape () do not match'],
      [
        { alpha: [1, 2], theta: [1, 2, 3] },
        "parameter values['theta'] has shape (3,), but an earlier parameter has (2,)",
      ],
      [{ alpha: 1 }, "no value for parameter 'theta'"],
      [{ alpha: 1, theta: 2, beta: 3 }, "unknown parameter 'beta'"],
      ['1, 2', 'parameter values must be a list or an object'],
      [
        [
          [1, 2],
          [3, null],
        ],
        'parameter values[1][1]: expected a finite number, got null',
      ],
    ];
    for (const [values, message] of bad) {
      expect(() => readBindings(two, values)).toThrowMatching(
        (e) => e instanceof SimulationError && e.message.includes(message),
      );
    }
  });
});

describe('shaped arrays', () => {
  it('reads nested lists into a shape and row-major items', () => {
    const read = (v: unknown) => readNested(v, 'x', (leaf) => leaf as number);
    expect(read(7)).toEqual({ shape: [], items: [7] });
    expect(read([])).toEqual({ shape: [0], items: [] });
    expect(
      read([
        [1, 2, 3],
        [4, 5, 6],
      ]),
    ).toEqual({ shape: [2, 3], items: [1, 2, 3, 4, 5, 6] });
    expect(() => read([[1], 2])).toThrowError(
      SimulationError,
      'x[1]: ragged nested list (inconsistent depth)',
    );
    expect(() => read([[], [1]])).toThrowError(
      SimulationError,
      'x[1]: ragged nested list (inconsistent lengths)',
    );
  });

  it('broadcasts shapes like numpy', () => {
    expect(broadcastShapes([2, 1], [3], 'x')).toEqual([2, 3]);
    expect(broadcastShapes([], [4, 5], 'x')).toEqual([4, 5]);
    expect(broadcastShapes([1, 5], [4, 1], 'x')).toEqual([4, 5]);
    expect(() => broadcastShapes([3], [2], 'x')).toThrowError(SimulationError);
  });

  it('maps every target index to the broadcast source element', () => {
    const dims = fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 4 });
    fc.assert(
      fc.property(
        dims,
        fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
        fc.nat(4),
        (target, ones, drop) => {
          // Source: the target's trailing axes, some collapsed to 1.
          const source = target
            .slice(Math.min(drop, target.length))
            .map((d, i) => (ones[i] ? 1 : d));
          const map = broadcastIndex(source, target);
          const size = target.reduce((a, b) => a * b, 1);
          for (let flat = 0; flat < size; flat++) {
            // Unravel the target index, project onto the source, ravel.
            const idx: number[] = [];
            let rest = flat;
            for (let d = target.length - 1; d >= 0; d--) {
              idx.unshift(rest % target[d]!);
              rest = Math.floor(rest / target[d]!);
            }
            const lead = target.length - source.length;
            let expected = 0;
            source.forEach((d, i) => {
              expected = expected * d + (d === 1 ? 0 : idx[lead + i]!);
            });
            expect(map[flat]).toBe(expected);
          }
        },
      ),
    );
  });
});
