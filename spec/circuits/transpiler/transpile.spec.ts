// transpile() on the local runtime's devices, ibm_fez (Heron r2: cz, rz, sx, x) and
// ibm_sherbrooke (Eagle r3: ecr one way per edge), with their calibration (from
// Qiskit/qiskit-ibm-runtime qiskit_ibm_runtime/fake_provider/backends/{fez,sherbrooke}): the
// output passes the ISA check the local runtime applies (src/circuits/isa.ts), and is
// equivalent to the input — the same unitary up to global phase and the layout's permutation
// for small circuits, the same output distribution on the simulator's statevector for larger
// and dynamic ones — as Qiskit's transpile promises for its preset pass managers.
import fc from 'fast-check';
import {
  checkIsa,
  describeViolation,
  targetFromConfiguration,
  type BackendConfigurationLike,
  type IsaTarget,
} from '../../../src/circuits/isa.js';
import type { Circuit } from '../../../src/circuits/model.js';
import { Parameter } from '../../../src/circuits/parameter.js';
import { QuantumCircuit } from '../../../src/circuits/quantum-circuit.js';
import { transpile } from '../../../src/circuits/transpile.js';
import { TranspileError } from '../../../src/circuits/errors.js';
import type { BackendLike } from '../../../src/circuits/transpiler/target.js';
import { device } from '../../../src/local/backends/index.js';
import { expectation, outputDistribution, totalVariation } from '../support/distribution.js';
import { transpiledDistance } from '../support/equivalence.js';
import { randomCircuit } from '../support/random-circuits.js';

const DEVICES = ['ibm_fez', 'ibm_sherbrooke'] as const;
const backends = new Map<string, BackendLike>(
  DEVICES.map((name) => {
    const d = device(name)!;
    return [name, { configuration: d.configuration as never, properties: d.properties as never }];
  }),
);
const targets = new Map<string, IsaTarget>(DEVICES.map((name) => [name, device(name)!.target]));

function expectIsa(c: Circuit, name: string): void {
  const violations = checkIsa(c, targets.get(name)!);
  expect(violations.map(describeViolation)).toEqual([]);
}

/** Gates the simulator's kernels run directly (for the larger circuits). */
const SIMULATED = [
  'h',
  'x',
  'y',
  'z',
  's',
  'sdg',
  't',
  'tdg',
  'sx',
  'rx',
  'ry',
  'rz',
  'p',
  'cx',
  'cz',
  'cy',
  'cp',
  'crz',
  'swap',
  'rzz',
  'rxx',
  'ccx',
];

describe('transpile', () => {
  for (const name of DEVICES) {
    describe(`for ${name}`, () => {
      const backend = backends.get(name)!;

      it('gives ISA circuits with the same unitary, at every optimisation level', () => {
        fc.assert(
          fc.property(
            randomCircuit({ numQubits: 4, length: 10, modifiers: true }),
            fc.constantFrom(0, 1, 2, 3),
            fc.nat(1000),
            (c, level, seed) => {
              const out = transpile(c, backend, {
                optimizationLevel: level as 0 | 1 | 2 | 3,
                seed,
              });
              expectIsa(out.toCircuit(), name);
              expect(transpiledDistance(c, out.toCircuit(), out.layout!)).toBeLessThan(1e-7);
            },
          ),
          { numRuns: 40 },
        );
      });

      it('gives ISA circuits with the same output distribution for larger circuits', () => {
        fc.assert(
          fc.property(
            randomCircuit({ numQubits: 12, length: 40, gates: SIMULATED, measureAll: true }),
            fc.constantFrom(1, 3),
            (c, level) => {
              const out = transpile(c, backend, { optimizationLevel: level as 1 | 3 });
              expectIsa(out.toCircuit(), name);
              const want = outputDistribution(c).probabilities;
              const got = outputDistribution(out.toCircuit()).probabilities;
              expect(totalVariation(got, want)).toBeLessThan(1e-9);
            },
          ),
          { numRuns: 6 },
        );
      });

      it('routes dynamic circuits consistently: ISA, and the same output distribution', () => {
        fc.assert(
          fc.property(
            randomCircuit({ numQubits: 4, length: 10, dynamic: true, measureAll: true }),
            fc.constantFrom(0, 1, 2, 3),
            (c, level) => {
              const out = transpile(c, backend, {
                optimizationLevel: level as 0 | 1 | 2 | 3,
                seed: 3,
              });
              expectIsa(out.toCircuit(), name);
              const want = outputDistribution(c);
              const got = outputDistribution(out.toCircuit());
              expect(totalVariation(got.probabilities, want.probabilities)).toBeLessThan(1e-9);
            },
          ),
          { numRuns: 25 },
        );
      });

      it('keeps symbolic parameters: binding before or after transpiling gives the same unitary', () => {
        const theta = new Parameter('θ');
        const phi = new Parameter('φ');
        const qc = new QuantumCircuit(3)
          .h(0)
          .rzz(theta, 0, 1)
          .cp(phi.mul(2), 1, 2)
          .rx(theta.add(phi), 2)
          .cu(theta, phi, 0.3, 0.1, 2, 0);
        const out = transpile(qc, backend);
        expectIsa(out.toCircuit(), name);
        expect(out.parameters).toEqual(['θ', 'φ']);
        const values = [0.7, -1.3];
        expect(
          transpiledDistance(
            qc.assignParameters(values).toCircuit(),
            out.assignParameters(values).toCircuit(),
            out.layout!,
          ),
        ).toBeLessThan(1e-9);
      });

      it('maps observables through the layout: the same expectation values', () => {
        const qc = new QuantumCircuit(5)
          .h(0)
          .cx(0, 1)
          .cx(1, 2)
          .ry(0.4, 3)
          .cx(3, 4)
          .cx(4, 0)
          .rz(0.2, 2)
          .cx(2, 3);
        const out = transpile(qc, backend, { optimizationLevel: 3 });
        for (const pauli of ['ZZIII', 'IIZZX', 'XYZIZ', 'IZIYI']) {
          const mapped = out.layout!.applyLayout(pauli);
          expect(mapped.length).toBe(out.numQubits);
          expect(expectation(out.toCircuit(), mapped)).toBeCloseTo(
            expectation(qc.toCircuit(), pauli),
            9,
          );
        }
        expect(out.layout!.applyLayout({ ZZIII: 0.5 })).toEqual({
          [out.layout!.applyLayout('ZZIII')]: 0.5,
        });
      });

      it('places a circuit that fits the coupling map without swaps, on low-error qubits', () => {
        const ghz = new QuantumCircuit(10).h(0);
        for (let i = 1; i < 10; i++) ghz.cx(i - 1, i);
        const out = transpile(ghz, backend);
        const twoQubit = out
          .toCircuit()
          .instructions.filter((i) => i.kind === 'gate' && i.qubits.length === 2);
        expect(twoQubit.length).toBe(9);
        expect(out.layout!.finalIndexLayout()).toEqual(out.layout!.initialLayout as number[]);
      });

      it('honours an initial layout and refuses what does not fit', () => {
        const bell = new QuantumCircuit(2).h(0).cx(0, 1).measureAll();
        const out = transpile(bell, backend, { initialLayout: [5, 6] });
        expect(out.layout!.initialLayout).toEqual([5, 6]);
        expect(() => transpile(bell, backend, { initialLayout: [5, 5] })).toThrowError(
          TranspileError,
          /twice/,
        );
        expect(() => transpile(new QuantumCircuit(200), backend)).toThrowError(
          TranspileError,
          /200 qubits/,
        );
        const loop = new QuantumCircuit(1, 1).whileLoop([0, 0], (b) => b.h(0).measure(0, 0));
        expect(() => transpile(loop, backend)).toThrowError(TranspileError, /while_loop/);
      });
    });
  }

  it('uses fractional rzz where the backend offers it (ibm_fez with use_fractional_gates)', () => {
    // The fractional configuration adds rzz and rx to the basis (props_fez.json calibrates them).
    const d = device('ibm_fez')!;
    const config = d.configuration as unknown as BackendConfigurationLike;
    const fractional: BackendLike = {
      configuration: { ...config, basis_gates: [...config.basis_gates, 'rzz', 'rx'] },
      properties: d.properties as never,
    };
    const target = targetFromConfiguration(fractional.configuration);
    const qc = new QuantumCircuit(4);
    for (let i = 0; i < 3; i++) qc.rzz(-0.4 + i, i, i + 1).cp(0.3 * (i + 1), i + 1, i);
    const out = transpile(qc, fractional, { optimizationLevel: 2 });
    expect(checkIsa(out.toCircuit(), target).map(describeViolation)).toEqual([]);
    const ops = out.countOps();
    // One rzz per rzz and per controlled phase: no cz needed.
    expect(ops.get('rzz')).toBe(6);
    expect(ops.get('cz') ?? 0).toBe(0);
    expect(transpiledDistance(qc.toCircuit(), out.toCircuit(), out.layout!)).toBeLessThan(1e-8);
  });
});
