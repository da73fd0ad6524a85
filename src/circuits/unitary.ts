/**
 * The unitary of one gate instruction with numeric angles: a standard gate or a gate the
 * circuit defines, under its modifiers (controls with their activating state, and any real
 * power: integer powers exactly, others by the principal branch as Qiskit computes them).
 *
 * @module
 */
import { CircuitError } from './errors.js';
import { controlled, embed, identity, multiply, phase, scale } from './gates/matrix.js';
import type { ComplexMatrix } from './gates/matrix.js';
import { standardGateMatrix } from './gates/modifiers.js';
import { unitaryPower } from './gates/power.js';
import { standardGate } from './gates/standard.js';
import type { Angle, GateDefinition, GateInstruction } from './model.js';
import { substitute } from './qasm/expression.js';

/** Most qubits a unitary is built for here (a 2^10 × 2^10 matrix). */
export const MAX_UNITARY_QUBITS = 10;

function numeric(a: Angle, what: string): number {
  if (typeof a === 'number') return a;
  const v = substitute(a, () => undefined);
  if (typeof v !== 'number') throw new CircuitError(`${what} depends on an unbound parameter`);
  return v;
}

/**
 * The unitary of `g` over its qubits (controls first, little-endian: the instruction's qubit j
 * is bit j of the matrix index). `definitions` are the circuit's gate definitions. Throws
 * {@link CircuitError} for an unknown gate, an angle still depending on a parameter, a wrong
 * arity, a definition that uses itself, or more than {@link MAX_UNITARY_QUBITS} qubits.
 */
export function gateUnitary(
  g: GateInstruction,
  definitions: ReadonlyMap<string, GateDefinition>,
  stack: readonly string[] = [],
): ComplexMatrix {
  if (g.qubits.length > MAX_UNITARY_QUBITS) {
    throw new CircuitError(
      `gate '${g.name}' acts on ${g.qubits.length} qubits, more than the ${MAX_UNITARY_QUBITS} a unitary is built for`,
    );
  }
  const params = g.params.map((a, i) => numeric(a, `angle ${i} of gate '${g.name}'`));
  const controls = g.controls ?? 0;
  const ctrlState = g.ctrlState ?? 2 ** controls - 1;
  const power = g.power ?? 1;
  const definition = definitions.get(g.name);
  if (!definition) {
    if (!standardGate(g.name)) throw new CircuitError(`unknown gate '${g.name}'`);
    try {
      return standardGateMatrix(g.name, params, controls, ctrlState, power);
    } catch (e) {
      throw new CircuitError(e instanceof Error ? e.message : String(e));
    }
  }
  if (stack.includes(g.name)) {
    throw new CircuitError(`gate '${g.name}' is defined in terms of itself`);
  }
  const k = definition.numQubits;
  if (g.qubits.length !== k + controls || params.length !== definition.params.length) {
    throw new CircuitError(
      `gate '${g.name}' takes ${k + controls} qubit(s) and ${definition.params.length} angle(s)`,
    );
  }
  const formal = new Map(definition.params.map((p, i) => [p, params[i]!]));
  const bind = (a: Angle): Angle => substitute(a, (name) => formal.get(name));
  let m = identity(2 ** k);
  for (const b of definition.body) {
    const inner = gateUnitary({ ...b, params: b.params.map(bind) }, definitions, [
      ...stack,
      g.name,
    ]);
    m = multiply(embed(inner, b.qubits, k), m);
  }
  if (definition.globalPhase !== undefined) {
    m = scale(m, phase(numeric(bind(definition.globalPhase), `the phase of '${g.name}'`)));
  }
  if (power !== 1) {
    try {
      m = unitaryPower(m, power);
    } catch (e) {
      throw new CircuitError(
        `cannot raise '${g.name}' to the power ${power}: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
  }
  return controls > 0 ? controlled(m, controls, ctrlState) : m;
}
