// Classical expressions at run time, against the semantics OpenQASM 3 defines
// (openqasm/openqasm source/language/types.rst "Casting specifics", classical.rst "Integers",
// "Angles") and Qiskit's expression system (Qiskit/qiskit qiskit/circuit/classical/expr).
import type { ClassicalExpr, ClassicalType } from '../../../src/circuits/model.js';
import {
  compileExpr,
  BIT_ONE,
  BIT_ZERO,
  type Memory,
} from '../../../src/local/simulator/classical.js';
import { SimulationError } from '../../../src/local/simulator/errors.js';
import { BOOL, binary, cast, creg, int, uint, value } from './model.js';

const FLOAT: ClassicalType = { kind: 'float', width: 64 };
const angle = (width: number | null): ClassicalType => ({ kind: 'angle', width });

/** Evaluate with register `c` = bits [0, 1, 2, 3] holding `c`'s value (bit 0 least significant). */
function evaluate(e: ClassicalExpr, c = 0): unknown {
  const memory: Memory = {
    bits: Int32Array.from({ length: 4 }, (_, i) => ((c >> i) & 1 ? BIT_ONE : BIT_ZERO)),
    vars: [],
  };
  const v: unknown = compileExpr(e, {
    register: (name) => (name === 'c' ? [0, 1, 2, 3] : undefined),
    slot: () => undefined,
  })(memory);
  return v;
}

describe('classical expressions', () => {
  it('read a register as an unsigned integer with bit 0 least significant', () => {
    expect(evaluate(creg('c', 4), 0b0110)).toBe(6n);
    expect(
      evaluate(
        { kind: 'index', target: creg('c', 4), index: value(2, uint(32)), type: BOOL },
        0b0100,
      ),
    ).toBe(true);
  });

  it('wrap unsigned and signed integers at their width', () => {
    expect(evaluate(binary('add', value(14, uint(4)), value(3, uint(4)), uint(4)))).toBe(1n);
    expect(evaluate(binary('sub', value(0, uint(4)), value(1, uint(4)), uint(4)))).toBe(15n);
    expect(evaluate(binary('add', value(7, int(4)), value(1, int(4)), int(4)))).toBe(-8n);
    expect(evaluate(binary('shl', value(0b1011, uint(4)), value(2, uint(4)), uint(4)))).toBe(
      0b1100n,
    );
    expect(
      evaluate({ kind: 'unary', op: 'bitnot', operand: value(0b0101, uint(4)), type: uint(4) }),
    ).toBe(0b1010n);
  });

  it('divide integers toward zero with the remainder taking the sign of the dividend (C99)', () => {
    expect(evaluate(binary('div', value(7, int(8)), value(2, int(8)), int(8)))).toBe(3n);
    expect(evaluate(binary('div', value(-7, int(8)), value(2, int(8)), int(8)))).toBe(-3n);
    expect(evaluate(binary('mod', value(-7, int(8)), value(2, int(8)), int(8)))).toBe(-1n);
    expect(evaluate(binary('div', value(7, FLOAT), value(2, FLOAT), FLOAT))).toBe(3.5);
    expect(evaluate(binary('pow', value(2, int(8)), value(3, int(8)), int(8)))).toBe(8n);
    expect(() =>
      evaluate(binary('div', value(1, int(8)), value(0, int(8)), int(8))),
    ).toThrowMatching(
      (e) => e instanceof SimulationError && e.message === 'integer division by zero',
    );
  });

  it('cast as C99 does: floats truncate, anything non-zero is true, int and uint share bits', () => {
    expect(evaluate(cast(value(-2.7, FLOAT), int(8)))).toBe(-2n);
    expect(evaluate(cast(value(3, uint(4)), BOOL))).toBe(true);
    expect(evaluate(cast(value(0, uint(4)), BOOL))).toBe(false);
    expect(evaluate(cast(value(true, BOOL), uint(4)))).toBe(1n);
    expect(evaluate(cast(value(-1, int(8)), uint(8)))).toBe(255n);
    expect(evaluate(cast(value(200, uint(8)), int(8)))).toBe(-56n);
    expect(evaluate(cast(creg('c', 4), int(4)), 0b1111)).toBe(-1n);
  });

  it('keep angles in [0, 2π) on the grid of their width', () => {
    // angle[4] holds multiples of 2π/16; "0111" is 7π/8 (types.rst).
    expect(evaluate(cast(value((7 * Math.PI) / 8, FLOAT), angle(4)))).toBeCloseTo(
      (7 * Math.PI) / 8,
      12,
    );
    expect(evaluate(cast(value(-Math.PI / 2, FLOAT), angle(null)))).toBeCloseTo(
      (3 * Math.PI) / 2,
      12,
    );
    expect(
      evaluate(
        binary('add', value(Math.PI, angle(4)), value((3 * Math.PI) / 2, angle(4)), angle(4)),
      ),
    ).toBeCloseTo(Math.PI / 2, 12);
    // The bit pattern of an angle, read as an unsigned integer.
    expect(evaluate(cast(value(Math.PI, angle(4)), uint(4)))).toBe(8n);
  });

  it('compare across types and combine booleans', () => {
    expect(evaluate(binary('lt', value(3, uint(4)), value(3.5, FLOAT), BOOL))).toBe(true);
    expect(evaluate(binary('eq', creg('c', 4), value(5, uint(4)), BOOL), 5)).toBe(true);
    expect(
      evaluate(
        binary(
          'and',
          value(true, BOOL),
          binary('ne', value(1, uint(4)), value(1, uint(4)), BOOL),
          BOOL,
        ),
      ),
    ).toBe(false);
    expect(evaluate(binary('bitxor', value(true, BOOL), value(true, BOOL), BOOL))).toBe(false);
  });
});
