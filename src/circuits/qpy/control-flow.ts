/**
 * Qiskit's control-flow operations (`IfElseOp`, `WhileLoopOp`, `ForLoopOp`, `SwitchCaseOp`,
 * `BoxOp`, `BreakLoopOp`, `ContinueLoopOp`) read into the model's control-flow instructions,
 * their blocks moved into the frame of the enclosing circuit.
 *
 * @module
 */
import type { ClassicalExpr, Duration, Instruction, LoopValues, SwitchCase } from '../model.js';
import type { ConvertContext } from './convert-context.js';
import { remapBody } from './remap.js';
import { locationExpr, type Value } from './values.js';

/** The Qiskit class names of control-flow operations. */
export const CONTROL_FLOW = new Set([
  'IfElseOp',
  'WhileLoopOp',
  'ForLoopOp',
  'SwitchCaseOp',
  'BoxOp',
  'BreakLoopOp',
  'ContinueLoopOp',
]);

const UNITS = new Set(['dt', 's', 'ms', 'us', 'ns', 'ps']);

/** Convert one control-flow operation. */
export function controlFlow(
  name: string,
  qargs: readonly number[],
  cargs: readonly number[],
  values: readonly Value[],
  condition: ClassicalExpr | null,
  ctx: ConvertContext,
): Instruction {
  const block = (v: Value | undefined, what: string): Instruction[] => {
    if (!v || v.t !== 'circuit') throw ctx.r.error('params', `the ${what} is not a circuit`);
    return remapBody(ctx.r, v.v, qargs, cargs, ctx.scope, what);
  };
  const needCondition = (): ClassicalExpr => {
    if (!condition) throw ctx.r.error('condition', `${name} has no condition`);
    return condition;
  };
  switch (name) {
    case 'IfElseOp': {
      const otherwise = values[1];
      return {
        kind: 'if',
        condition: needCondition(),
        then: block(values[0], 'true block'),
        else:
          otherwise === undefined || otherwise.t === 'null'
            ? null
            : block(otherwise, 'false block'),
      };
    }
    case 'WhileLoopOp':
      return { kind: 'while', condition: needCondition(), body: block(values[0], 'loop body') };
    case 'ForLoopOp': {
      const [indexset, loopParam, body] = values;
      let parameter: string | null = null;
      if (loopParam?.t === 'angle' && loopParam.symbol !== null) parameter = loopParam.symbol;
      else if (loopParam?.t !== 'null')
        throw ctx.r.error('params', 'the loop parameter is not a parameter');
      return {
        kind: 'for',
        parameter,
        values: loopValues(indexset, ctx),
        body: block(body, 'loop body'),
      };
    }
    case 'SwitchCaseOp':
      return switchCase(values, block, ctx);
    case 'BoxOp': {
      let duration: Duration | null = null;
      if (values.length >= 3)
        duration = boxDuration(values[values.length - 2]!, values[values.length - 1]!, ctx);
      return { kind: 'box', body: block(values[0], 'box body'), duration };
    }
    case 'BreakLoopOp':
      return { kind: 'break' };
    default:
      return { kind: 'continue' };
  }
}

function loopValues(v: Value | undefined, ctx: ConvertContext): LoopValues {
  if (v?.t === 'range') return { kind: 'range', start: v.start, stop: v.stop, step: v.step };
  if (v?.t === 'tuple') {
    return {
      kind: 'list',
      values: v.items.map((item) => {
        if (item.t !== 'int') throw ctx.r.error('params', 'a loop value that is not an integer');
        return Number(item.v);
      }),
    };
  }
  throw ctx.r.error('params', 'the loop values are neither a range nor a tuple');
}

function switchCase(
  values: readonly Value[],
  block: (v: Value | undefined, what: string) => Instruction[],
  ctx: ConvertContext,
): Instruction {
  const [targetValue, spec, ...bodies] = values;
  let target: ClassicalExpr;
  if (targetValue?.t === 'expr') target = targetValue.v;
  else if (targetValue?.t === 'register') target = locationExpr(targetValue.v, ctx.scope);
  else throw ctx.r.error('params', 'the switch target is neither an expression nor a register');
  if (spec?.t !== 'tuple') throw ctx.r.error('params', 'the switch cases are not a tuple');
  const labels = (v: Value | undefined): SwitchCase['values'] => {
    const items = v?.t === 'tuple' ? v.items : v ? [v] : [];
    return items.map((item) => {
      if (item.t === 'default') return 'default';
      if (item.t === 'int') return Number(item.v);
      if (item.t === 'bool') return item.v ? 1 : 0;
      throw ctx.r.error('params', `a case value of kind '${item.t}'`);
    });
  };
  const cases: SwitchCase[] =
    bodies.length > 0
      ? spec.items.map((l, i) => ({ values: labels(l), body: block(bodies[i], `case ${i}`) }))
      : spec.items.map((pair, i) => {
          if (pair.t !== 'tuple' || pair.items.length < 2) {
            throw ctx.r.error('params', `case ${i} is not a (values, block) pair`);
          }
          return { values: labels(pair.items[0]), body: block(pair.items[1], `case ${i}`) };
        });
  return { kind: 'switch', target, cases };
}

function boxDuration(value: Value, unit: Value, ctx: ConvertContext): Duration | null {
  if (value.t === 'null') return null;
  if (unit.t !== 'string') throw ctx.r.error('params', 'the box duration unit is not text');
  if (unit.v === 'expr') {
    if (value.t !== 'expr') throw ctx.r.error('params', 'the box duration is not an expression');
    return { kind: 'expr', expr: value.v };
  }
  if (!UNITS.has(unit.v)) throw ctx.r.error('params', `unknown duration unit '${unit.v}'`);
  const n = value.t === 'int' ? Number(value.v) : value.t === 'float' ? value.v : null;
  if (n === null) throw ctx.r.error('params', 'the box duration is not a number');
  return {
    kind: 'literal',
    value: n,
    unit: unit.v as Extract<Duration, { kind: 'literal' }>['unit'],
  };
}
