// Qiskit's parameter order (Qiskit/qiskit crates/circuit/src/parameter/symbol_expr.rs,
// Symbol::ord_key): by name in code point order, a vector's elements by index after a standalone
// parameter of the vector's name; Qiskit's OpenQASM 3 exporter writes element θ[i] as `_θ_i_`.
import { compareParameterNames, sortParameters } from '../../src/circuits/parameters.js';

describe('sortParameters', () => {
  it('sorts by name in code point order', () => {
    expect(sortParameters(['theta', 'phi', 'Beta', 'alpha'])).toEqual([
      'Beta',
      'alpha',
      'phi',
      'theta',
    ]);
    // U+FFFF sorts before U+1F600 by code point, though not by UTF-16 unit.
    expect(sortParameters(['\u{1F600}', '\uFFFF'])).toEqual(['\uFFFF', '\u{1F600}']);
  });

  it('orders the elements of one vector by index, after a parameter of the vector’s name', () => {
    expect(sortParameters(['_t_10_', '_t_2_', 't', '_t_0_', 'u', '_s_1_'])).toEqual([
      '_s_1_',
      't',
      '_t_0_',
      '_t_2_',
      '_t_10_',
      'u',
    ]);
  });

  it('is a total order that leaves the input list alone', () => {
    const names = ['b', 'a'];
    expect(sortParameters(names)).toEqual(['a', 'b']);
    expect(names).toEqual(['b', 'a']);
    expect(compareParameterNames('x', 'x')).toBe(0);
  });
});
