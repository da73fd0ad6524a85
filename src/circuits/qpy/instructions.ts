/**
 * One stored instruction turned into model instructions: standard gates by class name (open
 * controls as modifiers), measure, reset, barrier, delay and store, control flow, custom
 * definitions, and the old `c_if` conditions as an `if` around the instruction.
 *
 * @module
 */
import type { Duration, GateInstruction, Instruction } from '../model.js';
import { STANDARD_GATES } from '../gates/standard.js';
import { conditionOf, paramValues, toAngle, type ConvertContext } from './convert-context.js';
import { CONTROL_FLOW, controlFlow } from './control-flow.js';
import { customInstruction } from './custom-gates.js';
import {
  CONTROLLED_BASE,
  GATE_BY_CLASS,
  MULTI_CONTROLLED,
  standardControlled,
} from './gate-names.js';
import { withModifiers } from './modifiers.js';
import type { RawInstruction } from './raw-instruction.js';
import type { Value } from './values.js';

/** Qiskit operations this reader knows by name but cannot represent. */
const UNSUPPORTED: Readonly<Record<string, string>> = {
  UnitaryGate: 'unitary gates given by a matrix are not supported',
  PauliEvolutionGate: 'PauliEvolutionGate is not supported',
  PauliProductMeasurement: 'Pauli product measurements are not supported',
  PauliProductRotationGate: 'Pauli product rotations are not supported',
  Initialize: 'Initialize is not supported',
  StatePreparation: 'StatePreparation is not supported',
  Clifford: 'Clifford operations are not supported',
};

/** Convert `raw` acting on `qargs`/`cargs` (its arguments, or a definition's frame). */
export function convertInstruction(
  raw: RawInstruction,
  qargs: readonly number[],
  cargs: readonly number[],
  ctx: ConvertContext,
): Instruction[] {
  ctx.s.ctx.instructions.push(raw.name);
  try {
    const produced = ctx.s.ctx.produced + 1;
    if (produced > ctx.s.ctx.limits.maxInstructions) {
      throw ctx.r.error(
        'instructions',
        `more than ${ctx.s.ctx.limits.maxInstructions} instructions`,
        'limit',
        raw.offset,
      );
    }
    ctx.s.ctx.produced = produced;
    const condition = conditionOf(raw, ctx);
    const values = paramValues(raw, ctx);
    if (CONTROL_FLOW.has(raw.name)) {
      return [controlFlow(raw.name, qargs, cargs, values, condition, ctx)];
    }
    const out = plain(raw, qargs, cargs, values, ctx);
    return condition === null ? out : [{ kind: 'if', condition, then: out, else: null }];
  } finally {
    ctx.s.ctx.instructions.pop();
  }
}

function plain(
  raw: RawInstruction,
  qargs: readonly number[],
  cargs: readonly number[],
  values: readonly Value[],
  ctx: ConvertContext,
): Instruction[] {
  const custom = ctx.custom.get(raw.name);
  if (custom) return customInstruction(custom, qargs, cargs, values, ctx);
  switch (raw.name) {
    case 'Measure':
      arity(raw, qargs, cargs, 1, 1, ctx);
      return [{ kind: 'measure', qubit: qargs[0]!, clbit: cargs[0]! }];
    case 'Reset':
      arity(raw, qargs, cargs, 1, 0, ctx);
      return [{ kind: 'reset', qubit: qargs[0]! }];
    case 'Barrier':
      return [{ kind: 'barrier', qubits: qargs }];
    case 'Delay':
      return [{ kind: 'delay', qubits: qargs, duration: delayDuration(values[0], ctx) }];
    case 'Store': {
      const [target, value] = values;
      if (target?.t !== 'expr' || value?.t !== 'expr') {
        throw ctx.r.error('params', 'a store needs two expressions');
      }
      return [{ kind: 'store', target: target.v, value: value.v }];
    }
  }
  const reason = UNSUPPORTED[raw.name];
  if (reason) throw ctx.r.error('instruction', reason, 'unsupported', raw.offset);
  return [gate(raw, qargs, values, ctx)];
}

function arity(
  raw: RawInstruction,
  qargs: readonly number[],
  cargs: readonly number[],
  q: number,
  c: number,
  ctx: ConvertContext,
): void {
  if (qargs.length !== q || cargs.length !== c) {
    throw ctx.r.error(
      'arguments',
      `${raw.name} needs ${q} qubit(s) and ${c} clbit(s), got ${qargs.length} and ${cargs.length}`,
    );
  }
}

function delayDuration(v: Value | undefined, ctx: ConvertContext): Duration {
  if (v === undefined) return { kind: 'literal', value: 0, unit: 'dt' };
  if (v.t === 'int') return { kind: 'literal', value: Number(v.v), unit: 'dt' };
  if (v.t === 'float') return { kind: 'literal', value: v.v, unit: 'dt' };
  if (v.t === 'expr') return { kind: 'expr', expr: v.v };
  throw ctx.r.error('params', `a delay duration of kind '${v.t}'`, 'unsupported');
}

/** A standard gate, a multi-controlled gate, or an error for a name this reader does not know. */
function gate(
  raw: RawInstruction,
  qargs: readonly number[],
  values: readonly Value[],
  ctx: ConvertContext,
): GateInstruction {
  const params = values.map((v, i) => toAngle(v, ctx, `param ${i}`));
  const multi = MULTI_CONTROLLED.get(raw.name);
  if (multi !== undefined) {
    const n = raw.numCtrlQubits;
    const baseQubits = STANDARD_GATES.get(multi)!.numQubits;
    if (n + baseQubits > qargs.length) {
      throw ctx.r.error(
        'arguments',
        `${raw.name} with ${n} controls needs ${n + baseQubits} qubits`,
      );
    }
    const base: GateInstruction = {
      kind: 'gate',
      name: multi,
      qubits: qargs.slice(n, n + baseQubits),
      params,
    };
    const closed = standardControlled(multi, n);
    const allOnes = raw.ctrlState === 2 ** n - 1;
    if (closed && allOnes && STANDARD_GATES.has(closed)) {
      return { kind: 'gate', name: closed, qubits: qargs.slice(0, n + baseQubits), params };
    }
    return withModifiers(base, qargs.slice(0, n), raw.ctrlState, 1);
  }
  const name = GATE_BY_CLASS.get(raw.name);
  if (name === undefined) {
    throw ctx.r.error(
      'instruction',
      `'${raw.name}' is not a gate this reader knows`,
      'unsupported',
      raw.offset,
    );
  }
  const spec = STANDARD_GATES.get(name)!;
  if (qargs.length !== spec.numQubits || params.length !== spec.numParams) {
    throw ctx.r.error(
      'arguments',
      `${raw.name} takes ${spec.numQubits} qubit(s) and ${spec.numParams} parameter(s), got ${qargs.length} and ${params.length}`,
    );
  }
  const controlled = CONTROLLED_BASE.get(name);
  if (
    controlled &&
    raw.numCtrlQubits === controlled[1] &&
    raw.ctrlState !== 2 ** controlled[1] - 1
  ) {
    const [baseName, n] = controlled;
    const base: GateInstruction = { kind: 'gate', name: baseName, qubits: qargs.slice(n), params };
    return withModifiers(base, qargs.slice(0, n), raw.ctrlState, 1);
  }
  if (name === 'cu' && raw.numCtrlQubits === 1 && raw.ctrlState === 0) {
    throw ctx.r.error(
      'instruction',
      'an open-controlled CUGate is not supported',
      'unsupported',
      raw.offset,
    );
  }
  return { kind: 'gate', name, qubits: qargs, params };
}
