import * as E from 'fp-ts/lib/Either.js';
import { decode } from '../../src/codecs/decode.js';
import type { DecodeError } from '../../src/codecs/errors.js';
import { EncodedCircuit } from '../../src/codecs/encoded-params.js';
import { Complex } from '../../src/codecs/nd-array.js';
import {
  EstimatorParams,
  EstimatorPub,
  MAX_NESTING,
  Observables,
  ParameterValues,
  PauliDict,
  SamplerParams,
  SamplerPub,
  decodePrimitiveParams,
} from '../../src/codecs/program-inputs.js';

const QASM =
  'OPENQASM 3.0; include "stdgates.inc"; bit[2] meas; h $0; cx $0, $1; meas[0] = measure $0;';

function right<A>(r: E.Either<DecodeError, A>): A {
  if (E.isLeft(r)) throw new Error(`expected Right, got ${r.left.message}`);
  return r.right;
}

function message<A>(r: E.Either<DecodeError, A>): string {
  if (E.isRight(r)) throw new Error('expected Left');
  return r.left.message;
}

const sampler = (pubs: unknown, extra: object = {}) =>
  decode(SamplerParams, { pubs, version: 2, ...extra }, 'params');
const estimator = (pubs: unknown, extra: object = {}) =>
  decode(EstimatorParams, { pubs, version: '2', ...extra }, 'params');

describe('SamplerPub', () => {
  it('accepts 1 to 3 elements with null placeholders', () => {
    expect(right(decode(SamplerPub, [QASM])) as unknown).toEqual([QASM]);
    expect(right(decode(SamplerPub, [QASM, null, 500])) as unknown).toEqual([QASM, null, 500]);
    expect(right(decode(SamplerPub, [QASM, [0.1, 0.2], null])) as unknown).toEqual([
      QASM,
      [0.1, 0.2],
      null,
    ]);
    expect(right(decode(SamplerPub, [QASM, { theta: [0, 1] }])) as unknown).toEqual([
      QASM,
      { theta: [0, 1] },
    ]);
  });

  it('rejects bad shots, circuits and lengths with the element index', () => {
    expect(message(sampler([[QASM, null, 0]]))).toBe(
      'params.pubs[0][2]: expected positive integer or null, got 0',
    );
    expect(message(sampler([[QASM, null, 2.5]]))).toBe(
      'params.pubs[0][2]: expected positive integer or null, got 2.5',
    );
    expect(message(sampler([[42]]))).toBe(
      'params.pubs[0][0]: expected OpenQASM 3 circuit (string) or encoded QuantumCircuit, got 42',
    );
    expect(message(sampler([[QASM, null, 1, 2]]))).toBe(
      'params.pubs[0]: expected SamplerPub with 1 to 3 elements, got 4',
    );
    expect(message(sampler([[]]))).toBe(
      'params.pubs[0]: expected SamplerPub with 1 to 3 elements, got 0',
    );
    expect(message(sampler([7]))).toBe('params.pubs[0]: expected SamplerPub, got 7');
  });

  // from Qiskit/qiskit-ibm-runtime-c crates/client/src/generate_job_params.rs: the pubs are bare
  // encoded circuits, and OpenQASM text may come bare as well.
  it('reads a bare circuit as the one-element PUB', () => {
    const qpy = new EncodedCircuit('QuantumCircuit', new Uint8Array(4), 'params.pubs[0]');
    const decoded = right(sampler([qpy, QASM])) as { pubs: unknown[] };
    expect(decoded.pubs[0]).toEqual([qpy]);
    expect(decoded.pubs[1]).toEqual([QASM]);
    const instruction = new EncodedCircuit('Instruction', new Uint8Array(4), 'params.pubs[0]');
    expect(message(sampler([[instruction]]))).toBe(
      'params.pubs[0][0]: expected an OpenQASM 3 circuit (string) or an encoded QuantumCircuit, got encoded Instruction (4 bytes of QPY)',
    );
  });
});

describe('ParameterValues', () => {
  it('accepts numbers, rectangular sweeps and name maps', () => {
    for (const v of [
      1.5,
      [],
      [1, 2],
      [
        [1, 2],
        [3, 4],
      ],
      [[[1]], [[2]]],
      { a: 1, b: [1, 2] },
      { 'a,b': [[1, 2]] },
    ]) {
      expect(E.isRight(decode(ParameterValues, v)))
        .withContext(JSON.stringify(v))
        .toBe(true);
    }
  });

  it('reports ragged sweeps and non-numbers where they are', () => {
    expect(message(sampler([[QASM, [[1, 2], [3]]]]))).toBe(
      'params.pubs[0][1][1]: expected an array of length 2 like element 0, got an array of length 1',
    );
    expect(message(sampler([[QASM, [1, [2]]]]))).toBe(
      'params.pubs[0][1][1]: expected finite number like element 0, got an array of length 1',
    );
    expect(
      message(
        sampler([
          [
            QASM,
            [
              [1, 2],
              [3, 'x'],
            ],
          ],
        ]),
      ),
    ).toBe('params.pubs[0][1][1][1]: expected number or nested arrays of numbers, got "x"');
    expect(message(sampler([[QASM, { theta: [1, null] }]]))).toBe(
      'params.pubs[0][1].theta[1]: expected number or nested arrays of numbers, got null',
    );
    expect(message(sampler([[QASM, 'x']]))).toBe(
      'params.pubs[0][1]: expected parameter values (number, nested arrays of numbers or {name: values}) or null, got "x"',
    );
  });

  it('stops at the nesting limit without overflowing the stack', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 10_000; i++) deep = [deep];
    const r = decode(ParameterValues, deep);
    expect(E.isLeft(r)).toBe(true);
    expect(message(r)).toContain(`at most ${MAX_NESTING} nested arrays`);
  });
});

describe('observables', () => {
  it('accepts Pauli strings, dicts and nested arrays of them', () => {
    for (const v of ['ZZ', { IZI: 1, IXI: 2.3 }, ['ZZ', { XX: -1 }], [['ZI'], ['IZ']]]) {
      expect(E.isRight(decode(Observables, v)))
        .withContext(JSON.stringify(v))
        .toBe(true);
    }
  });

  it('rejects letters other than IXYZ, in values and keys', () => {
    expect(message(estimator([[QASM, 'ZQ']]))).toBe(
      'params.pubs[0][1]: expected Pauli string (letters I, X, Y, Z), got "ZQ"',
    );
    expect(message(estimator([[QASM, { zz: 1 }]]))).toBe(
      'params.pubs[0][1].zz: expected a Pauli string key (letters I, X, Y, Z), got "zz"',
    );
    expect(message(estimator([[QASM, '']]))).toBe(
      'params.pubs[0][1]: expected Pauli string (letters I, X, Y, Z), got ""',
    );
  });

  it('rejects Pauli strings of different lengths inside one dict and across the observables', () => {
    expect(message(decode(PauliDict, { ZZ: 1, ZZZ: 2 }))).toBe(
      'ZZZ: expected a Pauli string of length 2 like "ZZ", got "ZZZ" (length 3)',
    );
    expect(message(estimator([[QASM, { ZZ: 1, ZZZ: 2 }]]))).toBe(
      'params.pubs[0][1].ZZZ: expected a Pauli string of length 2 like "ZZ", got "ZZZ" (length 3)',
    );
    expect(message(estimator([[QASM, ['ZZ', { XX: 1 }, 'XYZ']]]))).toBe(
      'params.pubs[0][1][2]: expected a Pauli string of length 2 like "ZZ", got "XYZ" (length 3)',
    );
  });

  it('rejects empty dicts, bad coefficients and ragged arrays', () => {
    expect(message(estimator([[QASM, {}]]))).toBe(
      'params.pubs[0][1]: expected at least one Pauli term, got an object',
    );
    expect(message(estimator([[QASM, { ZZ: 'a' }]]))).toBe(
      'params.pubs[0][1].ZZ: expected finite number, got "a"',
    );
    expect(message(estimator([[QASM, [['ZZ'], 'XX']]]))).toBe(
      'params.pubs[0][1][1]: expected an array of length 1 like element 0, got "XX"',
    );
    expect(message(estimator([[QASM, 5]]))).toBe('params.pubs[0][1]: expected Observables, got 5');
  });
});

describe('EstimatorPub', () => {
  it('accepts 2 to 4 elements', () => {
    expect(right(decode(EstimatorPub, [QASM, 'ZZ'])) as unknown).toEqual([QASM, 'ZZ']);
    expect(
      right(decode(EstimatorPub, [QASM, ['ZZ', 'XX'], [[0.1], [0.2]], 0.01])) as unknown,
    ).toEqual([QASM, ['ZZ', 'XX'], [[0.1], [0.2]], 0.01]);
  });

  it('rejects missing observables and bad precision', () => {
    expect(message(estimator([[QASM]]))).toBe(
      'params.pubs[0]: expected EstimatorPub with 2 to 4 elements, got 1',
    );
    expect(message(estimator([[QASM, 'ZZ', null, 0]]))).toBe(
      'params.pubs[0][3]: expected positive number or null, got 0',
    );
  });
});

describe('SamplerParams / EstimatorParams', () => {
  it('accepts version 2 and "2", options and the top-level switches', () => {
    const s = right(
      sampler([[QASM]], {
        options: { default_shots: 100, twirling: { enable_gates: true } },
        support_qiskit: true,
      }),
    );
    expect(s.options?.default_shots).toBe(100);
    const e = right(
      estimator([[QASM, 'ZZ']], { resilience_level: 1, options: { default_precision: 0.01 } }),
    );
    expect(e.resilience_level).toBe(1);
  });

  // IBM's OpenAPI (Qiskit/qiskit-ibm-runtime-c crates/ibm-quantum-platform-api/docs/SamplerV2Input.md,
  // EstimatorV2Input.md): `version` is optional, `shots` and `precision` are job-level defaults.
  it('takes params without version, and the job-level shots and precision', () => {
    expect(right(decode(SamplerParams, { pubs: [[QASM]], shots: 100 })).shots).toBe(100);
    expect(right(decode(SamplerParams, { pubs: [[QASM]], shots: null })).shots).toBeNull();
    expect(right(decode(EstimatorParams, { pubs: [[QASM, 'ZZ']], precision: 0.1 })).precision).toBe(
      0.1,
    );
    expect(message(decode(SamplerParams, { pubs: [[QASM]], shots: 0 }, 'params'))).toBe(
      'params.shots: expected positive integer or null, got 0',
    );
    expect(
      message(decode(EstimatorParams, { pubs: [[QASM, 'ZZ']], precision: -1 }, 'params')),
    ).toBe('params.precision: expected positive number or null, got -1');
  });

  it('refuses complex observable coefficients, naming the term', () => {
    expect(message(estimator([[QASM, { XY: new Complex(0, 1) }]]))).toBe(
      'params.pubs[0][1].XY: the coefficient of "XY" is (0+1j); observables must be Hermitian (real coefficients)',
    );
  });

  it('rejects other versions, empty pub lists and bad options', () => {
    expect(message(sampler([[QASM]], { version: 1 }))).toBe(
      'params.version: expected 2 or "2", got 1',
    );
    expect(message(sampler([]))).toBe(
      'params.pubs: expected at least one SamplerPub, got an array of length 0',
    );
    expect(message(sampler(undefined))).toBe(
      'params.pubs: expected at least one SamplerPub, got undefined',
    );
    expect(message(sampler([[QASM]], { options: { default_shots: -5 } }))).toBe(
      'params.options.default_shots: expected positive integer or null, got -5',
    );
    expect(message(estimator([[QASM, 'Z']], { resilience_level: 3 }))).toBe(
      'params.resilience_level: expected resilience level (0, 1 or 2), got 3',
    );
  });

  it('dispatches on program_id', () => {
    const s = right(decodePrimitiveParams('sampler', { pubs: [[QASM]], version: 2 }));
    expect(s.program).toBe('sampler');
    const e = right(decodePrimitiveParams('estimator', { pubs: [[QASM, 'Z']], version: 2 }));
    expect(e.program).toBe('estimator');
    const bad = decodePrimitiveParams('noise-learner', {});
    expect(E.isLeft(bad) && bad.left.kind).toBe('unsupported');
    expect(message(bad)).toBe('program_id: expected "sampler" or "estimator", got "noise-learner"');
    expect(message(decodePrimitiveParams('estimator', { pubs: [[QASM]], version: 2 }))).toBe(
      'params.pubs[0]: expected EstimatorPub with 2 to 4 elements, got 1',
    );
  });
});
