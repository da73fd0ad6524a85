// A job submitted from Python carries its circuits as QPY inside params, written by
// Qiskit/qiskit-ibm-runtime qiskit_ibm_runtime/json.py RuntimeEncoder.default
// ({"__type__": "QuantumCircuit", "__value__": base64 of zlib of qpy.dump}); decodeJobInputs
// reads them as RuntimeDecoder does for RuntimeJobV2.inputs.
import { encodeBase64 } from '../../src/codecs/base64.js';
import { DecodeError } from '../../src/codecs/errors.js';
import { deflate } from '../../src/codecs/zlib.js';
import { InputCircuit, decodeJobInputs } from '../../src/circuits/job-inputs.js';
import type { Instruction } from '../../src/circuits/model.js';
import { fixtureBytes, fixtureJson } from '../helpers/fixtures.js';

const names = (instructions: readonly Instruction[]): string[] =>
  instructions.map((i) => (i.kind === 'gate' ? i.name : i.kind));

const encoded = (qpy: Uint8Array): unknown => ({
  __type__: 'QuantumCircuit',
  __value__: encodeBase64(deflate(qpy)),
});

describe('decodeJobInputs', () => {
  it('reads the QPY circuits of Estimator params written by Qiskit 2.3 into circuits and OpenQASM 3', () => {
    // Qiskit/ibm-quantum-schemas test/models/estimator/version_0_1_dev/test_models.py (str1).
    const params = fixtureJson(
      'qpy/ibm-quantum-schemas_estimator_params_qiskit-2.3.0_v14.json',
    ) as Record<string, unknown>;
    const inputs = decodeJobInputs(params);
    const pubs = inputs['pubs'] as unknown[][];
    expect(pubs.length).toBe(2);
    const [first, second] = pubs.map((pub) => pub[0]);
    if (!(first instanceof InputCircuit) || !(second instanceof InputCircuit)) {
      return fail('expected the circuits read from QPY');
    }
    expect(first.type).toBe('QuantumCircuit');
    expect(first.path).toBe('params.pubs[0][0]');
    expect(first.circuit.numQubits).toBe(2);
    expect(names(first.circuit.instructions)).toEqual(['cz']);
    expect(first.qasm).toContain('OPENQASM 3.0;');
    expect(first.qasm).toMatch(/cz q\[0\], q\[1\];/);
    // The second holds a parameterised rz; its parameter becomes an OpenQASM input.
    expect(names(second.circuit.instructions)).toContain('rz');
    expect(second.qasm).toMatch(/input float\[64\] p_0;\nqubit\[1\] q;\nrz\(p_0\) q\[0\];/);
    expect(String(second)).toBe(second.qasm);
    // The other values are decoded too: observables as written, parameter values as lists.
    expect(pubs[0]![1]).toEqual({ ZZ: 1 });
    expect(Array.isArray(pubs[1]![2])).toBeTrue();
    expect((inputs['options'] as { default_precision: number }).default_precision).toBe(0.015625);
  });

  it('reads a Bell circuit dumped by Qiskit 1.3.1', () => {
    const qpy = fixtureBytes('qpy/qiskit-1.3.1_v13_bell_measured.qpy');
    const inputs = decodeJobInputs({ pubs: [[encoded(qpy)]], version: 2 });
    const circuit = (inputs['pubs'] as unknown[][])[0]![0] as InputCircuit;
    expect(circuit).toBeInstanceOf(InputCircuit);
    expect(names(circuit.circuit.instructions)).toEqual(['h', 'cx', 'measure', 'measure']);
    expect(circuit.qasm).toContain('bit[2] c;');
    expect(inputs['version']).toBe(2);
  });

  it('leaves OpenQASM text as it is', () => {
    const qasm = 'OPENQASM 3.0;\nqubit[1] q;\nh q[0];\n';
    expect(decodeJobInputs({ pubs: [[qasm]] })).toEqual({ pubs: [[qasm]] });
  });

  it('names where an unreadable circuit was, with the QPY reader reason', () => {
    const broken = encoded(new Uint8Array([0x51, 0x49, 0x53, 0x4b, 0x49, 0x54, 99, 2, 0, 0]));
    let error: unknown;
    try {
      decodeJobInputs({ pubs: [[{ ZZ: 1 }], [broken]] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DecodeError);
    expect((error as DecodeError).path).toBe('params.pubs[1][0]');
    expect((error as DecodeError).message).toMatch(/^params\.pubs\[1\]\[0\]: .*QPY/);
    // Bad base64 is the params decoder's error, with its path too.
    expect(() =>
      decodeJobInputs({ pubs: [[{ __type__: 'QuantumCircuit', __value__: '%%' }]] }),
    ).toThrowMatching((e) => e instanceof DecodeError && e.path.startsWith('params.pubs[0][0]'));
  });
});
