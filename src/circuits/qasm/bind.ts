/**
 * Binds values to a circuit's `input` parameters, turning every angle into a number.
 *
 * @module
 */
import type { Angle, Circuit, Instruction } from '../model.js';
import { QasmError } from './errors.js';
import { firstParameter, substitute } from './expression.js';

/**
 * Values for a circuit's parameters: either by name, or as a list in the order of
 * `circuit.parameters` (Qiskit's order: sorted by name, vector elements by index).
 */
export type ParameterBinding = readonly number[] | Readonly<Record<string, number>>;

/**
 * Return a copy of `circuit` with every parameter replaced by its value and all angles
 * evaluated; the result has no parameters left. Names not used by the circuit are ignored.
 * Throws {@link QasmError} at the first use of a parameter that has no value, at an angle that
 * evaluates to a non-finite number, and (at line 1, column 1) when a list has the wrong length.
 */
export function bindParameters(circuit: Circuit, values: ParameterBinding): Circuit {
  const lookup = new Map<string, number>();
  if (Array.isArray(values)) {
    const list = values as readonly number[];
    if (list.length !== circuit.parameters.length) {
      throw new QasmError(
        `expected ${circuit.parameters.length} parameter values (${circuit.parameters.join(', ')}), got ${list.length}`,
        1,
        1,
      );
    }
    circuit.parameters.forEach((name, i) => lookup.set(name, list[i]!));
  } else {
    for (const [name, value] of Object.entries(values as Readonly<Record<string, number>>)) {
      lookup.set(name, value);
    }
  }
  for (const [name, value] of lookup) {
    if (typeof value !== 'number') {
      throw new QasmError(`the value for parameter '${name}' must be a number`, 1, 1);
    }
  }
  const bindAngle = (angle: Angle): number => {
    if (typeof angle === 'number') return angle;
    const value = substitute(angle, (name) => lookup.get(name));
    if (typeof value !== 'number') {
      const missing = firstParameter(value)!;
      throw new QasmError(
        `no value bound for parameter '${missing.name}'`,
        missing.line ?? 1,
        missing.column ?? 1,
      );
    }
    if (!Number.isFinite(value)) {
      const where = firstParameter(angle)!;
      throw new QasmError(
        `the angle evaluates to ${value} with the bound values`,
        where.line ?? 1,
        where.column ?? 1,
      );
    }
    return value;
  };
  const bindBlock = (block: readonly Instruction[]): Instruction[] =>
    block.map((ins): Instruction => {
      switch (ins.kind) {
        case 'gate':
          return ins.params.every((p) => typeof p === 'number')
            ? ins
            : { ...ins, params: ins.params.map(bindAngle) };
        case 'if':
          return { ...ins, then: bindBlock(ins.then), else: ins.else && bindBlock(ins.else) };
        case 'while':
        case 'for':
        case 'box':
          return { ...ins, body: bindBlock(ins.body) };
        case 'switch':
          return { ...ins, cases: ins.cases.map((c) => ({ ...c, body: bindBlock(c.body) })) };
        default:
          return ins;
      }
    });
  const globalPhase = bindAngle(circuit.globalPhase);
  return { ...circuit, parameters: [], globalPhase, instructions: bindBlock(circuit.instructions) };
}
