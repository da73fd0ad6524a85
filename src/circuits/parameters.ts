/**
 * Qiskit's order of a circuit's parameters (`QuantumCircuit.parameters`), which is the order of
 * the columns of parameter values given to the Sampler and the Estimator.
 *
 * Qiskit sorts parameters by name, and the elements of one parameter vector by their index
 * (Qiskit/qiskit `crates/circuit/src/parameter/symbol_expr.rs`, `Symbol::ord_key`: the name
 * without the index, then the index, a standalone parameter before the elements of a vector of
 * the same name). Names compare by code point, as Rust compares strings.
 *
 * OpenQASM has no parameter vectors: Qiskit's exporter writes element `θ[3]` as the input
 * `_θ_3_` (Qiskit/qiskit `qiskit/qasm3/exporter.py`, `escaped_declarable_name`), so a name of
 * that form is ordered as element 3 of vector `θ`, and a program exported from a circuit takes
 * its values in the columns the circuit's own `parameters` gave.
 *
 * @module
 */

const ELEMENT = /^_(.+)_(\d+)_$/su;

/** The parts a parameter name is ordered by: its base name and, for a vector element, its index. */
function key(name: string): { readonly base: string; readonly index: number | null } {
  const m = ELEMENT.exec(name);
  if (m === null) return { base: name, index: null };
  const index = Number(m[2]);
  return Number.isSafeInteger(index) ? { base: m[1]!, index } : { base: name, index: null };
}

/** Compare two strings by code point (not by UTF-16 unit, as `<` does). */
function compareCodePoints(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/** Qiskit's order of two parameter names (negative when `a` comes first). */
export function compareParameterNames(a: string, b: string): number {
  const ka = key(a);
  const kb = key(b);
  const byBase = compareCodePoints(ka.base, kb.base);
  if (byBase !== 0) return byBase;
  if (ka.index !== kb.index) {
    if (ka.index === null) return -1;
    if (kb.index === null) return 1;
    return ka.index - kb.index;
  }
  return compareCodePoints(a, b);
}

/** `names` in Qiskit's parameter order (a new list). */
export function sortParameters(names: readonly string[]): string[] {
  return [...names].sort(compareParameterNames);
}
