// The RuntimeEncoder values of job params, as Qiskit/qiskit-ibm-runtime
// qiskit_ibm_runtime/json.py (RuntimeEncoder.default) writes them.
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { encodeBase64 } from '../../src/codecs/base64.js';
import {
  EncodedCircuit,
  OpaqueEncoded,
  RUNTIME_ENCODER_TYPES,
  decodeEncodedParams,
} from '../../src/codecs/encoded-params.js';
import { DecodeError } from '../../src/codecs/errors.js';
import { Complex, NdArray } from '../../src/codecs/nd-array.js';
import { writeNpy } from '../../src/codecs/npy.js';
import { deflate } from '../../src/codecs/zlib.js';
import { zlibBomb } from './zlib-bomb.js';

/** `_serialize_and_encode(obj, np.save, allow_pickle=False)`: npy, zlib, standard base64. */
function ndarray(array: NdArray): { __type__: 'ndarray'; __value__: string } {
  return { __type__: 'ndarray', __value__: encodeBase64(deflate(writeNpy(array))) };
}

function right(v: unknown): unknown {
  const r = decodeEncodedParams(v);
  if (E.isLeft(r)) throw new Error(`expected Right, got ${r.left.message}`);
  return r.right;
}

function failure(v: unknown, options = {}): DecodeError {
  const r = decodeEncodedParams(v, options);
  if (E.isRight(r)) throw new Error('expected Left');
  return r.left;
}

describe('decodeEncodedParams', () => {
  it('leaves plain JSON as it is', () => {
    const plain = { pubs: [['OPENQASM 3.0;', null, 10]], version: 2, options: { a: [1, 'x'] } };
    expect(right(plain)).toEqual(plain);
  });

  it('reads ndarray payloads into nested lists, whatever the dtype', () => {
    const values = NdArray.float64([0.1, 0.2, 0.3, 0.4], [2, 2]);
    expect(right({ pubs: [['c', ndarray(values), 5]] })).toEqual({
      pubs: [
        [
          'c',
          [
            [0.1, 0.2],
            [0.3, 0.4],
          ],
          5,
        ],
      ],
    });
    // A circuit without parameters gets `as_array([])`: shape (0,).
    expect(right(ndarray(NdArray.float64([], [0])))).toEqual([]);
    expect(right(ndarray(new NdArray('int64', [3], BigInt64Array.of(1n, -2n, 3n))))).toEqual([
      1, -2, 3,
    ]);
    expect(right(ndarray(new NdArray('bool', [2], Uint8Array.of(1, 0))))).toEqual([true, false]);
    expect(right(ndarray(new NdArray('complex128', [2], Float64Array.of(1, 0, 2, 3))))).toEqual([
      1,
      new Complex(2, 3),
    ]);
    // Object arrays (observables) are written as `tolist()`.
    expect(right({ __type__: 'ndarray', __value__: [{ ZZ: 1 }, { XX: 0.5 }] })).toEqual([
      { ZZ: 1 },
      { XX: 0.5 },
    ]);
    expect(right({ __type__: 'ndarray', __value__: 'linear' })).toBe('linear');
  });

  it('reads QuantumCircuit and Instruction as inflated QPY', () => {
    const qpy = Uint8Array.of(0x51, 0x49, 0x53, 0x4b, 0x49, 0x54, 13);
    const out = right({
      pubs: [{ __type__: 'QuantumCircuit', __value__: encodeBase64(deflate(qpy)) }],
    }) as { pubs: EncodedCircuit[] };
    expect(out.pubs[0]).toBeInstanceOf(EncodedCircuit);
    expect(out.pubs[0]!.type).toBe('QuantumCircuit');
    expect([...out.pubs[0]!.qpy]).toEqual([...qpy]);
    expect(out.pubs[0]!.path).toBe('params.pubs[0]');
    const ins = right({ __type__: 'Instruction', __value__: encodeBase64(deflate(qpy)) });
    expect((ins as EncodedCircuit).type).toBe('Instruction');
  });

  it('reads set, complex, datetime, to_json and Parameter', () => {
    expect(right({ __type__: 'set', __value__: [1, 2] })).toEqual([1, 2]);
    expect(right({ __type__: 'complex', __value__: [1.5, 0] })).toBe(1.5);
    expect(right({ __type__: 'complex', __value__: [1, -2] })).toEqual(new Complex(1, -2));
    expect(right({ __type__: 'datetime', __value__: '2025-01-01T00:00:00' })).toBe(
      '2025-01-01T00:00:00',
    );
    expect(right({ __type__: 'to_json', __value__: '{"a": 1}' })).toBe('{"a": 1}');
    // qiskit/qpy/formats.py PARAMETER: `!H16s` (name size, uuid), then the name.
    const name = new TextEncoder().encode('θ');
    const record = new Uint8Array(18 + name.length);
    record[1] = name.length;
    record.set(name, 18);
    expect(right({ __type__: 'Parameter', __value__: encodeBase64(record) })).toBe('θ');
  });

  it('reads ObservablesArray and BindingsArray', () => {
    expect(right({ __type__: 'ObservablesArray', __value__: [{ ZI: 1 }, { IZ: -1 }] })).toEqual([
      { ZI: 1 },
      { IZ: -1 },
    ]);
    const data = {
      '["a", "b"]': ndarray(NdArray.float64([1, 2, 3, 4], [2, 2])),
      '["c"]': ndarray(NdArray.float64([5, 6], [2, 1])),
    };
    expect(right({ __type__: 'BindingsArray', __value__: { shape: [2], data } })).toEqual({
      a: [1, 3],
      b: [2, 4],
      c: [5, 6],
    });
  });

  it('reads SparsePauliOp, Pauli and PauliList settings as observables', () => {
    const sparse = {
      __type__: 'settings',
      __module__: 'qiskit.quantum_info.operators.symplectic.sparse_pauli_op',
      __class__: 'SparsePauliOp',
      __value__: {
        data: {
          __type__: 'settings',
          __module__: 'qiskit.quantum_info.operators.symplectic.pauli_list',
          __class__: 'PauliList',
          __value__: { data: ['ZZ', 'XX', 'ZZ'] },
        },
        coeffs: ndarray(new NdArray('complex128', [3], Float64Array.of(1, 0, 0.5, 0, 0.25, 0))),
      },
    };
    expect(right(sparse)).toEqual({ ZZ: 1.25, XX: 0.5 });
    const pauli = (label: string) => ({
      __type__: 'settings',
      __module__: 'qiskit.quantum_info.operators.symplectic.pauli',
      __class__: 'Pauli',
      __value__: { data: label },
    });
    expect(right(pauli('XZ'))).toBe('XZ');
    expect(right(pauli('-XZ'))).toEqual({ XZ: -1 });
    expect(right(pauli('iXZ'))).toEqual({ XZ: new Complex(0, 1) });
    const other = right({
      __type__: 'settings',
      __module__: 'mylib',
      __class__: 'Thing',
      __value__: {},
    });
    expect(other).toBeInstanceOf(OpaqueEncoded);
    expect(String(other)).toBe('encoded settings (mylib.Thing)');
    expect(right({ __type__: 'NoiseModel', __value__: { errors: [] } })).toBeInstanceOf(
      OpaqueEncoded,
    );
  });

  it('refuses a tag the RuntimeEncoder never writes, naming it', () => {
    const err = failure({ pubs: [[{ __type__: 'Mystery', __value__: 1 }]] });
    expect(err.kind).toBe('unsupported');
    expect(err.path).toBe('params.pubs[0][0].__type__');
    expect(err.message).toContain('params.pubs[0][0]: unknown encoded type "Mystery"');
    expect(err.message).toContain('QuantumCircuit');
    expect(RUNTIME_ENCODER_TYPES).toContain('ndarray');
  });

  it('names bad payloads: base64, zlib, NPY, missing values', () => {
    expect(failure({ __type__: 'ndarray', __value__: 'abc' }).message).toContain(
      'params.__value__: truncated base64',
    );
    expect(
      failure({
        __type__: 'QuantumCircuit',
        __value__: encodeBase64(Uint8Array.of(1, 2, 3, 4, 5, 6)),
      }).message,
    ).toContain('invalid zlib data');
    expect(
      failure({ __type__: 'ndarray', __value__: encodeBase64(deflate(Uint8Array.of(1, 2, 3))) })
        .message,
    ).toContain('invalid NPY data');
    expect(failure({ __type__: 'complex' }).message).toBe(
      'params.__value__: expected the complex payload, got undefined',
    );
    expect(
      failure({ __type__: 'BindingsArray', __value__: { data: { x: [] } } }).message,
    ).toContain('a key that is a JSON list of parameter names');
  });

  it('stops a zlib bomb at the shared inflate ceiling', () => {
    const bomb = encodeBase64(zlibBomb(40_000)); // inflates to ~10 MB
    const err = failure(
      { pubs: [{ __type__: 'QuantumCircuit', __value__: bomb }] },
      { maxInflateBytes: 1_000_000 },
    );
    expect(err.kind).toBe('limit');
    expect(err.message).toContain('inflates to more than the limit of 1000000 bytes');
    // Two payloads share one budget.
    const small = encodeBase64(deflate(new Uint8Array(600_000)));
    const two = failure(
      [
        { __type__: 'QuantumCircuit', __value__: small },
        { __type__: 'QuantumCircuit', __value__: small },
      ],
      { maxInflateBytes: 1_000_000 },
    );
    expect(two.kind).toBe('limit');
  });

  it('stops at the nesting limit', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100; i++) deep = [deep];
    expect(failure(deep, { maxDepth: 64 }).kind).toBe('limit');
  });

  it('never throws: any JSON, with encoded values sprinkled in, is a value or a DecodeError', () => {
    const tag = fc.constantFrom(...RUNTIME_ENCODER_TYPES, 'Unknown', 7);
    const encoded = fc.record({
      __type__: tag,
      __value__: fc.oneof(fc.jsonValue(), fc.base64String(), fc.constant('eJwDAAAAAAE=')),
      __module__: fc.constantFrom('qiskit.quantum_info.operators.x', 'y'),
      __class__: fc.constantFrom('SparsePauliOp', 'Pauli', 'PauliList', 'Z'),
    });
    const tree = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.jsonValue(),
        encoded,
        fc.array(tie('node'), { maxLength: 4 }),
        fc.dictionary(fc.string(), tie('node'), { maxKeys: 4 }),
      ),
    })).node;
    fc.assert(
      fc.property(tree, (value) => {
        const r = decodeEncodedParams(value);
        if (E.isLeft(r)) expect(r.left).toBeInstanceOf(DecodeError);
      }),
      { numRuns: 500 },
    );
  });
});
