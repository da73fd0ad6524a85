// The standard gate library against the matrices Qiskit documents for its gate classes
// (Qiskit/qiskit qiskit/circuit/library/standard_gates/*.py, the `Matrix Representation`
// sections of the docstrings) and against identities between gates.
import fc from 'fast-check';
import {
  adjoint,
  controlled,
  distance,
  distanceUpToPhase,
  embed,
  fromRows,
  identity,
  multiply,
  type ComplexMatrix,
} from '../../../src/circuits/gates/matrix.js';
import { STANDARD_GATES, standardGate } from '../../../src/circuits/gates/standard.js';

const S = Math.SQRT1_2;
const m = (name: string, ...params: number[]): ComplexMatrix => standardGate(name)!.matrix(params);
const seq = (n: number, ...steps: [ComplexMatrix, number[]][]): ComplexMatrix =>
  steps.reduce((acc, [g, qs]) => multiply(embed(g, qs, n), acc), identity(1 << n));

describe('standard gates', () => {
  it('are all unitary with the declared size, for any angles', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 4, maxLength: 4 }),
        (angles) => {
          for (const g of STANDARD_GATES.values()) {
            const u = g.matrix(angles.slice(0, g.numParams));
            expect(u.dim)
              .withContext(g.name)
              .toBe(1 << g.numQubits);
            expect(distance(multiply(adjoint(u), u), identity(u.dim)))
              .withContext(g.name)
              .toBeLessThan(1e-12);
          }
        },
      ),
      { numRuns: 50, seed: 7 },
    );
  });

  it('match the matrices Qiskit documents (little-endian, control on the first qubit)', () => {
    // CXGate docstring: the control on q_0.
    expect(
      distance(
        m('cx'),
        fromRows([
          [1, 0, 0, 0],
          [0, 0, 0, 1],
          [0, 0, 1, 0],
          [0, 1, 0, 0],
        ]),
      ),
    ).toBe(0);
    // ECRGate docstring.
    const ecr = fromRows([
      [0, S, 0, [0, S]],
      [S, 0, [0, -S], 0],
      [0, [0, S], 0, S],
      [[0, -S], 0, S, 0],
    ]);
    expect(distance(m('ecr'), ecr)).toBeLessThan(1e-12);
    // iSwapGate, DCXGate docstrings.
    expect(
      distance(
        m('dcx'),
        fromRows([
          [1, 0, 0, 0],
          [0, 0, 0, 1],
          [0, 1, 0, 0],
          [0, 0, 1, 0],
        ]),
      ),
    ).toBeLessThan(1e-12);
    // RZZGate: diag(e^{-iθ/2}, e^{iθ/2}, e^{iθ/2}, e^{-iθ/2}).
    const t = 0.7;
    const rzz = m('rzz', t);
    expect(rzz.data[0]).toBeCloseTo(Math.cos(t / 2), 12);
    expect(rzz.data[1]).toBeCloseTo(-Math.sin(t / 2), 12);
    expect(rzz.data[2 * 5 + 1]).toBeCloseTo(Math.sin(t / 2), 12);
    // SXGate = 1/2 [[1+i, 1-i], [1-i, 1+i]].
    expect(
      distance(
        m('sx'),
        fromRows([
          [
            [0.5, 0.5],
            [0.5, -0.5],
          ],
          [
            [0.5, -0.5],
            [0.5, 0.5],
          ],
        ]),
      ),
    ).toBe(0);
  });

  it('satisfy the identities between them', () => {
    const [a, b, c, d] = [0.3, -1.1, 2.4, 0.9];
    expect(distance(multiply(m('sx'), m('sx')), m('x'))).toBeLessThan(1e-12);
    expect(distance(multiply(m('sxdg'), m('sx')), identity(2))).toBeLessThan(1e-12);
    expect(distance(multiply(m('c3sx'), m('c3sx')), m('c3x'))).toBeLessThan(1e-12);
    // U(θ,φ,λ) = e^{i(φ+λ)/2} RZ(φ) RY(θ) RZ(λ)
    expect(
      distanceUpToPhase(
        m('u', a, b, c),
        seq(1, [m('rz', c), [0]], [m('ry', a), [0]], [m('rz', b), [0]]),
      ),
    ).toBeLessThan(1e-12);
    expect(distance(m('u2', b, c), m('u', Math.PI / 2, b, c))).toBeLessThan(1e-12);
    // rzz = cx · (I ⊗ rz) · cx
    expect(
      distance(m('rzz', a), seq(2, [m('cx'), [0, 1]], [m('rz', a), [1]], [m('cx'), [0, 1]])),
    ).toBeLessThan(1e-12);
    // rxx = (H⊗H) rzz (H⊗H)
    expect(
      distance(
        m('rxx', a),
        seq(2, [m('h'), [0]], [m('h'), [1]], [m('rzz', a), [0, 1]], [m('h'), [0]], [m('h'), [1]]),
      ),
    ).toBeLessThan(1e-12);
    // cz is symmetric; swap = three cx
    expect(distance(embed(m('cz'), [1, 0], 2), m('cz'))).toBe(0);
    expect(
      distance(m('swap'), seq(2, [m('cx'), [0, 1]], [m('cx'), [1, 0]], [m('cx'), [0, 1]])),
    ).toBeLessThan(1e-12);
    // cu with γ = e^{iγ} on the controlled block only
    expect(distance(m('cu', a, b, c, d), controlled(scaleU(a, b, c, d), 1))).toBeLessThan(1e-12);
    // rccx equals ccx up to relative phases: the same permutation pattern with unit-modulus entries
    const rccx = m('rccx');
    const ccx = m('ccx');
    for (let i = 0; i < rccx.data.length; i += 2) {
      expect(Math.hypot(rccx.data[i]!, rccx.data[i + 1]!)).toBeCloseTo(
        Math.hypot(ccx.data[i]!, ccx.data[i + 1]!),
        12,
      );
    }
    // r(θ, 0) = rx(θ), r(θ, π/2) = ry(θ)
    expect(distance(m('r', a, 0), m('rx', a))).toBeLessThan(1e-12);
    expect(distance(m('r', a, Math.PI / 2), m('ry', a))).toBeLessThan(1e-12);
  });
});

function scaleU(a: number, b: number, c: number, d: number): ComplexMatrix {
  const u = m('u', a, b, c);
  const [pr, pi] = [Math.cos(d), Math.sin(d)];
  const out = new Float64Array(u.data.length);
  for (let i = 0; i < out.length; i += 2) {
    out[i] = pr * u.data[i]! - pi * u.data[i + 1]!;
    out[i + 1] = pr * u.data[i + 1]! + pi * u.data[i]!;
  }
  return { dim: 2, data: out };
}
