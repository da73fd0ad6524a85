/**
 * Control flow: `if`, `while`, `for`, `switch`, `box`, `break`, `continue` and `return`.
 *
 * What is decided while reading is decided then: an `if` on a known condition keeps one
 * branch, `for` loops are unrolled with their variable known in each iteration, a `while` on a
 * known condition is unrolled. What depends on a measurement becomes the model's control flow
 * (`if`, `while`, `switch`), with the variables it assigns moved to run time first.
 *
 * A `break`, `continue` or `return` that happens at run time inside a loop unrolled while
 * reading (or a subroutine inlined) sets a flag variable; the statements after it, and later
 * iterations, run only while the flags are clear. A `while` whose exit happened at run time
 * continues as a run-time loop.
 *
 * @module
 */
import type { ClassicalExpr, Instruction } from '../model.js';
import { actsOnQubits } from './assigned.js';
import type { Stmt } from './ast.js';
import { Problem, type Pos } from './diagnostics.js';
import {
  BreakSignal,
  ContinueSignal,
  flagVar,
  ReturnSignal,
  SkipRest,
  type LoopContext,
  type LoweringContext,
} from './context.js';
import { castTo } from './runtime.js';
import { MAX_UNROLLED_ITERATIONS } from './evaluate.js';

/** Most loop iterations unrolled while reading one program, all loops together. */
export const MAX_TOTAL_ITERATIONS = 1_000_000;
import { INT, toInteger, typeName } from './values.js';

export { MAX_UNROLLED_ITERATIONS };

type If = Stmt & { kind: 'if' };
type While = Stmt & { kind: 'while' };
type For = Stmt & { kind: 'for' };
type Switch = Stmt & { kind: 'switch' };
type Box = Stmt & { kind: 'box' };

export function lowerIf(l: LoweringContext, s: If): void {
  const condition = l.evaluator.condition(s.condition);
  if ('known' in condition) {
    const branch = condition.known ? s.then : s.else;
    if (branch !== null) l.scope.within('block', () => l.statements(branch));
    return;
  }
  l.materializeAssigned([...s.then, ...(s.else ?? [])], s.pos);
  const then = l.runtimeBlock(() => l.scope.within('block', () => l.statements(s.then)));
  const otherwise =
    s.else === null
      ? null
      : l.runtimeBlock(() => l.scope.within('block', () => l.statements(s.else!)));
  l.emit({ kind: 'if', condition: condition.expr, then, else: otherwise }, s.pos);
}

/** `!(flag || ...)` over the flags that end the loop `loop` (its break, its subroutine's return). */
function iterationGuard(l: LoweringContext, loop: LoopContext): ClassicalExpr | undefined {
  const fn = l.functions[l.functions.length - 1];
  const flags = [
    loop.breakFlag,
    loop.functionDepth === l.functions.length ? fn?.returnFlag : undefined,
  ].filter((f): f is string => f !== undefined);
  if (flags.length === 0) return undefined;
  let any: ClassicalExpr = flagVar(flags[0]!);
  for (const f of flags.slice(1))
    any = { kind: 'binary', op: 'or', left: any, right: flagVar(f), type: { kind: 'bool' } };
  return { kind: 'unary', op: 'not', operand: any, type: { kind: 'bool' } };
}

function unrolled(l: LoweringContext): LoopContext {
  return {
    kind: 'unrolled',
    runtimeDepth: l.runtimeDepth,
    functionDepth: l.functions.length,
    exits: 0,
  };
}

/**
 * Run one iteration (`body`) of an unrolled loop: directly, or, once an exit may have happened
 * at run time, inside an `if` on the flags. Returns false when a `break` known while reading
 * ends the loop.
 */
function iteration(
  l: LoweringContext,
  loop: LoopContext,
  body: readonly Stmt[],
  enter: () => void,
  at: Pos,
): boolean {
  if (++l.iterations > MAX_TOTAL_ITERATIONS) {
    throw new Problem(
      `the program's loops run more than ${MAX_TOTAL_ITERATIONS} iterations in all while it is read`,
      at,
      true,
    );
  }
  const run = () =>
    l.scope.within('block', () => {
      enter();
      if (loop.continueFlag !== undefined) l.clearFlag(loop.continueFlag, at);
      l.statements(body);
    });
  try {
    const guard = iterationGuard(l, loop);
    if (guard === undefined) run();
    else {
      l.materializeAssigned(body, at);
      const block = l.runtimeBlock(run);
      l.emit({ kind: 'if', condition: guard, then: block, else: null }, at);
    }
  } catch (e) {
    if (e instanceof BreakSignal) return false;
    if (e instanceof ContinueSignal) return true;
    throw e;
  }
  return true;
}

export function lowerWhile(l: LoweringContext, s: While): void {
  const isSubroutine = (name: string) => l.scope.lookup(name)?.kind === 'subroutine';
  const measuring = actsOnQubits(s.condition, isSubroutine);
  const loop = unrolled(l);
  l.loops.push(loop);
  try {
    unrollWhile(l, s, loop, measuring);
  } finally {
    l.loops.pop();
  }
  endLoop(l, loop, s.pos);
}

function unrollWhile(l: LoweringContext, s: While, loop: LoopContext, measuring: boolean): void {
  {
    for (let n = 0; ; n++) {
      const guard = iterationGuard(l, loop);
      if (guard !== undefined) {
        // An exit may have happened at run time: the rest of the loop runs at run time.
        runtimeWhile(l, s, guard, measuring);
        return;
      }
      const condition = l.evaluator.condition(s.condition);
      if (!('known' in condition)) {
        if (measuring) {
          throw new Problem(
            'a while condition that measures or calls a subroutine must be known before the circuit runs; measure in the loop body instead',
            s.condition.pos,
          );
        }
        runtimeWhile(l, s, undefined, false);
        return;
      }
      if (!condition.known) return;
      if (n >= MAX_UNROLLED_ITERATIONS) {
        throw new Problem(
          `the while loop did not end within ${MAX_UNROLLED_ITERATIONS} iterations known before the circuit runs`,
          s.pos,
          true,
        );
      }
      if (!iteration(l, loop, s.body, () => {}, s.pos)) return;
    }
  }
}

/** Clear the flags a loop set, so the next time its code runs they start clear. */
function endLoop(l: LoweringContext, loop: LoopContext, at: Pos): void {
  if (loop.breakFlag !== undefined) l.clearFlag(loop.breakFlag, at);
  if (loop.continueFlag !== undefined) l.clearFlag(loop.continueFlag, at);
}

/** The rest of a `while` as a run-time loop (under `guard`, when exits happened at run time). */
function runtimeWhile(
  l: LoweringContext,
  s: While,
  guard: ClassicalExpr | undefined,
  measuring: boolean,
): void {
  if (measuring) {
    throw new Problem(
      'a while condition that measures or calls a subroutine cannot be checked while the circuit runs; measure in the loop body instead',
      s.condition.pos,
    );
  }
  l.materializeAssigned(s.body, s.pos);
  const condition = l.evaluator.condition(s.condition);
  let expr: ClassicalExpr;
  if ('known' in condition) {
    if (!condition.known) return;
    expr = { kind: 'value', value: true, type: { kind: 'bool' } };
  } else expr = condition.expr;
  if (guard !== undefined)
    expr = { kind: 'binary', op: 'and', left: guard, right: expr, type: { kind: 'bool' } };
  const loop: LoopContext = {
    kind: 'runtime',
    runtimeDepth: l.runtimeDepth + 1,
    functionDepth: l.functions.length,
    exits: 0,
  };
  l.loops.push(loop);
  let body: Instruction[];
  try {
    body = l.runtimeBlock(() => l.scope.within('block', () => l.statements(s.body)));
  } finally {
    l.loops.pop();
  }
  l.emit({ kind: 'while', condition: expr, body }, s.pos);
}

export function lowerFor(l: LoweringContext, s: For): void {
  const values = l.evaluator.loopValues(s.iterable);
  if (values.length > MAX_UNROLLED_ITERATIONS) {
    throw new Problem(
      `the for loop runs ${values.length} times, more than the ${MAX_UNROLLED_ITERATIONS} allowed`,
      s.pos,
    );
  }
  const type = s.type !== null ? l.evaluator.resolveType(s.type) : (values[0]?.type ?? INT);
  const name = s.variable.name;
  const loop = unrolled(l);
  l.loops.push(loop);
  try {
    for (const v of values) {
      const enter = () => {
        const value = l.convert(v, type, s.variable.pos);
        l.scope.declare(name, {
          kind: 'variable',
          variable: { name, type, isConst: false, storage: { kind: 'known', value } },
          pos: s.variable.pos,
        });
      };
      if (!iteration(l, loop, s.body, enter, s.pos)) break;
    }
  } finally {
    l.loops.pop();
  }
  endLoop(l, loop, s.pos);
}

export function lowerSwitch(l: LoweringContext, s: Switch): void {
  const target = l.evaluator.evaluate(s.target);
  const caseValues = s.cases.map((c) =>
    c.values.map((e) => {
      const i = toInteger(l.evaluator.known(e, 'a case value'));
      if (i === undefined) throw new Problem('a case value must be an integer', e.pos);
      return i;
    }),
  );
  const seen = new Set<bigint>();
  caseValues.forEach((values, k) =>
    values.forEach((v, j) => {
      if (seen.has(v))
        throw new Problem(`the case value ${v} appears twice`, s.cases[k]!.values[j]!.pos);
      seen.add(v);
    }),
  );
  if (target.kind === 'value') {
    const i = toInteger(target.value);
    if (i === undefined || target.value.type.kind === 'float') {
      throw new Problem(
        `a switch needs an integer, not ${typeName(target.value.type)}`,
        s.target.pos,
      );
    }
    const k = caseValues.findIndex((values) => values.includes(i));
    const body = k >= 0 ? s.cases[k]!.body : s.default;
    if (body !== null) l.scope.within('block', () => l.statements(body));
    return;
  }
  if (target.kind !== 'runtime' && target.kind !== 'bits') {
    throw new Problem('a switch needs an integer', s.target.pos);
  }
  const typed = l.evaluator.typed(target, s.target.pos);
  const t = typed.type;
  if (t.kind !== 'int' && t.kind !== 'uint' && !(t.kind === 'bit' && t.width !== null)) {
    throw new Problem(`a switch needs an integer, not ${typeName(t)}`, s.target.pos);
  }
  const expr =
    t.kind === 'bit' ? castTo(typed, { kind: 'uint', width: t.width }, true).expr : typed.expr;
  l.materializeAssigned([...s.cases.flatMap((c) => c.body), ...(s.default ?? [])], s.pos);
  const cases = s.cases.map((c, k) => ({
    values: caseValues[k]!.map((v) => Number(v)),
    body: l.runtimeBlock(() => l.scope.within('block', () => l.statements(c.body))),
  }));
  const all =
    s.default === null
      ? cases
      : [
          ...cases,
          {
            values: ['default' as const],
            body: l.runtimeBlock(() => l.scope.within('block', () => l.statements(s.default!))),
          },
        ];
  l.emit({ kind: 'switch', target: expr, cases: all }, s.pos);
}

export function lowerBox(l: LoweringContext, s: Box): void {
  const duration = s.duration === null ? null : l.duration(s.duration);
  const { block, error } = l.builder.blockKeeping(() =>
    l.scope.within('block', () => l.statements(s.body)),
  );
  l.emit({ kind: 'box', body: block, duration }, s.pos);
  if (error !== undefined) throw error;
}

export function lowerExit(
  l: LoweringContext,
  s: Stmt & { kind: 'break' | 'continue' | 'return' },
): void {
  if (s.kind === 'return') return lowerReturn(l, s);
  const loop = l.innermostLoop();
  if (loop === undefined) throw new Problem(`'${s.kind}' outside a loop`, s.pos);
  if (loop.kind === 'runtime') {
    l.emit({ kind: s.kind }, s.pos);
    throw new SkipRest();
  }
  if (l.runtimeDepth === loop.runtimeDepth)
    throw s.kind === 'break' ? new BreakSignal() : new ContinueSignal();
  const flag =
    s.kind === 'break'
      ? (loop.breakFlag ??= l.newFlag('_break'))
      : (loop.continueFlag ??= l.newFlag('_continue'));
  l.setFlag(flag, s.pos);
  loop.exits++;
  throw new SkipRest();
}

function lowerReturn(l: LoweringContext, s: Stmt & { kind: 'return' }): void {
  const fn = l.functions[l.functions.length - 1];
  if (fn === undefined) throw new Problem("'return' outside a subroutine", s.pos);
  if (fn.returnType === null && s.value !== null) {
    throw new Problem(`subroutine '${fn.name}' returns no value`, s.value.pos);
  }
  if (fn.returnType !== null && s.value === null) {
    throw new Problem(`subroutine '${fn.name}' must return a ${typeName(fn.returnType)}`, s.pos);
  }
  const value = s.value === null ? null : l.evaluator.evaluate(s.value);
  if (l.runtimeDepth === fn.runtimeDepth) throw new ReturnSignal(value);
  if (
    l.loops.some((loop) => loop.kind === 'runtime' && loop.functionDepth === l.functions.length)
  ) {
    throw new Problem(
      "'return' inside a loop that runs while the circuit runs is not supported",
      s.pos,
    );
  }
  if (fn.returnType !== null && value !== null) {
    const t = fn.returnType;
    const typed = l.castTyped(l.evaluator.typed(value, s.value!.pos), t, s.value!.pos);
    const name = (fn.resultVar ??= l.builder.addVar(`_${fn.name}_result`, typed.expr.type));
    l.emit(
      {
        kind: 'store',
        target: { kind: 'var', location: { kind: 'var', name }, type: typed.expr.type },
        value: typed.expr,
      },
      s.pos,
    );
  }
  const flag = (fn.returnFlag ??= l.newFlag(`_${fn.name}_returned`));
  l.setFlag(flag, s.pos);
  fn.exits++;
  throw new SkipRest();
}
