// The RuntimeEncoder values that carry QPY, as Qiskit/qiskit-ibm-runtime
// qiskit_ibm_runtime/json.py writes them (QuantumCircuit: base64 of zlib of qpy.dump;
// Parameter: base64 of _write_parameter, uncompressed), taken from real request bodies.
import { deflate } from '../../../src/codecs/zlib.js';
import { encodeBase64 } from '../../../src/codecs/base64.js';
import {
  decodeEncodedCircuit,
  decodeEncodedInstruction,
  decodeEncodedParameter,
  decodeEncodedParameterExpression,
  QpyError,
} from '../../../src/circuits/qpy/index.js';
import { fixtureBytes, fixtureText } from '../../helpers/fixtures.js';

const json = (name: string): unknown => JSON.parse(fixtureText(`qpy/${name}`)) as unknown;

function qpyError(f: () => unknown): QpyError {
  try {
    f();
  } catch (e) {
    if (e instanceof QpyError) return e;
    throw e;
  }
  throw new Error('no error');
}

describe('RuntimeEncoder QPY values', () => {
  it('decodes the circuits of an Estimator request body written with Qiskit 2.3.0 (QPY 14)', () => {
    const params = json('ibm-quantum-schemas_estimator_params_qiskit-2.3.0_v14.json') as {
      pubs: unknown[][];
    };
    const [first, second] = params.pubs.map((pub) => decodeEncodedCircuit(pub[0]));
    expect(first!.instructions).toEqual([{ kind: 'gate', name: 'cz', qubits: [0, 1], params: [] }]);
    expect(second!.parameters).toEqual(['p']);
    expect(second!.instructions).toEqual([
      { kind: 'gate', name: 'rz', qubits: [0], params: [{ op: 'param', name: 'p' }] },
    ]);
  });

  it('decodes the Bell circuit of a NoiseLearner request body', () => {
    const body = json('ibm-quantum-schemas_noise_learner_bell_qiskit-2.3.0_v14.json') as {
      circuits: unknown[];
    };
    const c = decodeEncodedCircuit(body.circuits[0]);
    expect(c.instructions.map((i) => (i.kind === 'gate' ? i.name : i.kind))).toEqual(['h', 'cx']);
  });

  it('decodes a QuantumCircuit and an Instruction encoded from real QPY bytes', () => {
    const value = encodeBase64(deflate(fixtureBytes('qpy/qiskit-1.2.4_v12_bell.qpy')));
    expect(decodeEncodedCircuit({ __type__: 'QuantumCircuit', __value__: value }).numQubits).toBe(
      2,
    );
    expect(
      decodeEncodedInstruction({ __type__: 'Instruction', __value__: value }).instructions.length,
    ).toBe(2);
  });

  it('decodes a Parameter (name and UUID)', () => {
    const bytes = new Uint8Array([
      0,
      5,
      ...new Array<number>(15).fill(0),
      1,
      ...new TextEncoder().encode('theta'),
    ]);
    expect(
      decodeEncodedParameter({ __type__: 'Parameter', __value__: encodeBase64(bytes) }),
    ).toEqual({
      name: 'theta',
      uuid: '00000000000000000000000000000001',
    });
  });

  it('decodes a ParameterExpression of older clients (QPY 3 layout, sympy srepr)', () => {
    const srepr = new TextEncoder().encode(
      "Add(Mul(Integer(2), Symbol('a')), Float('0.5', precision=53))",
    );
    const name = new TextEncoder().encode('a');
    const header = new DataView(new ArrayBuffer(16));
    header.setBigUint64(0, 1n);
    header.setBigUint64(8, BigInt(srepr.length));
    const elem = new Uint8Array([
      0x70,
      0x70,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      name.length,
      ...new Array<number>(16).fill(7),
      ...name,
    ]);
    const bytes = new Uint8Array([...new Uint8Array(header.buffer), ...srepr, ...elem]);
    const angle = decodeEncodedParameterExpression({
      __type__: 'ParameterExpression',
      __value__: encodeBase64(bytes),
    });
    expect(angle).toEqual({
      op: '+',
      left: { op: '*', left: { op: 'num', value: 2 }, right: { op: 'param', name: 'a' } },
      right: { op: 'num', value: 0.5 },
    });
  });

  it('refuses other shapes, bad base64, corrupt zlib and zlib bombs with a QpyError', () => {
    expect(qpyError(() => decodeEncodedCircuit('x')).field).toBe('envelope');
    expect(qpyError(() => decodeEncodedCircuit({ __type__: 'ndarray', __value__: '' })).field).toBe(
      '__type__',
    );
    expect(
      qpyError(() => decodeEncodedCircuit({ __type__: 'QuantumCircuit', __value__: 'a*b=' })).field,
    ).toBe('__value__');
    expect(
      qpyError(() => decodeEncodedCircuit({ __type__: 'QuantumCircuit', __value__: 'AAAAAAAA' }))
        .message,
    ).toContain('zlib');
    const bomb = encodeBase64(deflate(new Uint8Array(4 * 1024 * 1024)));
    const e = qpyError(() =>
      decodeEncodedCircuit(
        { __type__: 'QuantumCircuit', __value__: bomb },
        { maxQpyBytes: 1024 * 1024 },
      ),
    );
    expect(e.kind).toBe('limit');
    const notQpy = encodeBase64(deflate(new TextEncoder().encode('OPENQASM 3.0;')));
    expect(
      qpyError(() => decodeEncodedCircuit({ __type__: 'QuantumCircuit', __value__: notQpy }))
        .message,
    ).toContain('QISKIT');
  });
});
