// Fuzzing the QPY reader and the RuntimeEncoder circuit envelope: mutated real QPY files
// (bit flips, truncations, splices, absurd length fields), wrong versions and magic, deep
// nesting and zlib bombs. readQpy must return circuits or throw a QpyError; anything else
// (TypeError, RangeError, a hang, running out of memory) is a defect. Fixed seed.
import fc from 'fast-check';
import { encodeBase64 } from '../../src/codecs/base64.js';
import { deflate } from '../../src/codecs/zlib.js';
import { decodeEncodedCircuit, QpyError, readQpy } from '../../src/circuits/qpy/index.js';
import { fixtureBytes } from '../helpers/fixtures.js';
import { fuzzParameters } from './support/fuzz-config.js';

const SEEDS = [
  'qiskit-1.2.0_v12_custom_dcx.qpy',
  'qiskit-1.2.4_v12_bell.qpy',
  'qiskit-1.3.1_v13_bell_measured.qpy',
  'qiskit-1.3.2_v13_random_gates.qpy',
  'qiskit-1.4.2_v13_rotations.qpy',
  'qiskit-2.0.0_v14_16_circuits.qpy',
  'qiskit-0.45dev_v9_controlled_unitary.qpy',
].map((name) => fixtureBytes(`qpy/${name}`));

/** Read `bytes`; true when it gave circuits or a QpyError, and failing the spec otherwise. */
function typedOnly(bytes: Uint8Array): boolean {
  const start = Date.now();
  try {
    readQpy(bytes);
  } catch (e) {
    if (!(e instanceof QpyError)) {
      fail(`not a QpyError: ${String(e)}`);
      return false;
    }
    expect(e.message).not.toContain('internal error');
    expect(e.offset).toBeGreaterThanOrEqual(0);
    expect(e.offset).toBeLessThanOrEqual(bytes.length);
  }
  expect(Date.now() - start).toBeLessThan(2000);
  return true;
}

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.nat(7) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('byte' as const), at: fc.nat(), value: fc.nat(255) }),
  fc.record({ kind: fc.constant('huge' as const), at: fc.nat(), width: fc.constantFrom(2, 4, 8) }),
  fc.record({
    kind: fc.constant('splice' as const),
    at: fc.nat(),
    from: fc.nat(),
    length: fc.nat(64),
  }),
);

function mutate(
  seed: Uint8Array,
  ms: readonly (typeof mutation extends fc.Arbitrary<infer T> ? T : never)[],
): Uint8Array {
  let b = seed.slice();
  for (const m of ms) {
    if (b.length === 0) break;
    const at = m.at % b.length;
    if (m.kind === 'flip') b[at] = b[at]! ^ (1 << m.bit);
    else if (m.kind === 'byte') b[at] = m.value;
    else if (m.kind === 'truncate') b = b.slice(0, at);
    else if (m.kind === 'huge')
      for (let i = 0; i < m.width && at + i < b.length; i++) b[at + i] = 0xff;
    else {
      const from = m.from % b.length;
      const piece = b.slice(from, from + m.length);
      b = new Uint8Array([...b.slice(0, at), ...piece, ...b.slice(at)]);
    }
  }
  return b;
}

describe('QPY fuzz', () => {
  it('reads every mutated real file into circuits or a QpyError', () => {
    fc.assert(
      fc.property(
        fc.nat(SEEDS.length - 1),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        (i, ms) => typedOnly(mutate(SEEDS[i]!, ms)),
      ),
      fuzzParameters(400),
    );
  });

  it('reads random bytes behind a valid magic and version into a QpyError', () => {
    fc.assert(
      fc.property(fc.nat(20), fc.uint8Array({ maxLength: 300 }), (version, tail) =>
        typedOnly(new Uint8Array([0x51, 0x49, 0x53, 0x4b, 0x49, 0x54, version, ...tail])),
      ),
      fuzzParameters(300),
    );
  });

  it('refuses a wrong magic, a future version and an absurd circuit count', () => {
    const bell = SEEDS[1]!;
    const bad = (patch: (b: Uint8Array) => void) => {
      const b = bell.slice();
      patch(b);
      try {
        readQpy(b);
      } catch (e) {
        return e as QpyError;
      }
      throw new Error('no error');
    };
    expect(bad((b) => (b[0] = 0x50)).message).toContain('QISKIT');
    const future = bad((b) => (b[6] = 19));
    expect(future.kind).toBe('unsupported');
    expect(future.message).toContain('version 19');
    expect(bad((b) => b.fill(0xff, 10, 18)).message).toMatch(/absurdly large|limit/);
  });

  it('stops a deeply nested custom definition chain at the depth ceiling', () => {
    // Each level nests the whole bell file's circuit payload inside a custom definition.
    const e = (() => {
      try {
        readQpy(SEEDS[0]!, { limits: { maxDepth: 0 } });
      } catch (err) {
        return err as QpyError;
      }
      throw new Error('no error');
    })();
    expect(e.kind).toBe('limit');
  });

  it('refuses zlib bombs and corrupt zlib in the circuit envelope with a QpyError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (junk) => {
        try {
          decodeEncodedCircuit({ __type__: 'QuantumCircuit', __value__: encodeBase64(junk) });
        } catch (e) {
          return e instanceof QpyError;
        }
        return true;
      }),
      fuzzParameters(200),
    );
    const bomb = encodeBase64(deflate(new Uint8Array(8 * 1024 * 1024)));
    try {
      decodeEncodedCircuit(
        { __type__: 'QuantumCircuit', __value__: bomb },
        { maxQpyBytes: 1 << 20 },
      );
      fail('no error');
    } catch (e) {
      expect(e instanceof QpyError && e.kind === 'limit').toBeTrue();
    }
  });
});
