/**
 * Subroutine calls (`def`), inlined where they are called: arguments are bound (classical
 * values by value, qubits and `mutable` arrays by reference), the body is lowered in a scope
 * that sees only the program's constants, gates and subroutines, and the returned value (known
 * while reading, or a run-time value) is the call's value. Recursion is bounded.
 *
 * @module
 */
import type { DefArg, Expr, Stmt } from './ast.js';
import { Problem, type Pos } from './diagnostics.js';
import {
  MAX_CALL_DEPTH,
  ReturnSignal,
  type FunctionContext,
  type LoweringContext,
} from './context.js';
import type { Entry, Operand, Variable } from './scope.js';
import { typeName, type QType } from './values.js';

type Def = Stmt & { kind: 'def' };

/** Inline a call of `def` with `args`; returns the value it returns (a `bool` false for none). */
export function callSubroutine(
  l: LoweringContext,
  def: Def,
  args: readonly Expr[],
  at: Pos,
): Operand {
  const name = def.name.name;
  if (l.functions.length >= MAX_CALL_DEPTH) {
    throw new Problem(
      `subroutine calls nested more than ${MAX_CALL_DEPTH} deep (does '${name}' call itself without end?)`,
      at,
    );
  }
  if (args.length !== def.args.length) {
    throw new Problem(
      `subroutine '${name}' expects ${def.args.length} argument${def.args.length === 1 ? '' : 's'}, got ${args.length}`,
      at,
    );
  }
  // Arguments are evaluated where the call is.
  const bindings = def.args.map((param, i) => bind(l, name, param, args[i]!));
  return l.scope.isolated('function', () => {
    def.args.forEach((param, i) =>
      l.scope.declare(param.name.name, { ...bindings[i]!, pos: param.name.pos } as Entry),
    );
    const returnType = def.returns === null ? null : l.evaluator.resolveType(def.returns);
    const fn: FunctionContext = {
      name,
      returnType,
      runtimeDepth: l.runtimeDepth,
      loopDepth: l.loops.length,
      exits: 0,
    };
    l.functions.push(fn);
    let result: Operand | null = null;
    let returned = false;
    try {
      l.statements(def.body);
    } catch (e) {
      if (!(e instanceof ReturnSignal)) throw e;
      result = e.value;
      returned = true;
    } finally {
      l.functions.pop();
    }
    // Clear the flag so the next run of this code (in a run-time loop) starts clear.
    if (fn.returnFlag !== undefined) l.clearFlag(fn.returnFlag, at);
    if (fn.returnFlag !== undefined && returnType !== null) {
      // A return happened at run time (every later one did too): the value is in a variable.
      if (fn.resultVar === undefined) {
        throw new Problem(
          `subroutine '${name}' may end without returning a ${typeName(returnType)}`,
          at,
        );
      }
      const stored: Variable = {
        name: fn.resultVar,
        type: returnType,
        isConst: false,
        storage: { kind: 'var', name: fn.resultVar },
      };
      return l.evaluator.read(stored, at);
    }
    if (returnType === null) return { kind: 'value', value: { type: { kind: 'bool' }, b: false } };
    if (!returned || result === null) {
      throw new Problem(
        `subroutine '${name}' ended without returning a ${typeName(returnType)}`,
        at,
      );
    }
    return convertResult(l, result, returnType, at);
  });
}

function convertResult(l: LoweringContext, result: Operand, type: QType, at: Pos): Operand {
  switch (result.kind) {
    case 'value':
      return { kind: 'value', value: l.convert(result.value, type, at) };
    case 'bits':
      if (type.kind === 'bit' && (type.width ?? 1) === result.bits.length)
        return { ...result, type };
      break;
    case 'angle':
      if (type.kind === 'float' || type.kind === 'angle') return result;
      throw new Problem(`cannot return an input parameter as ${typeName(type)}`, at);
    case 'qubits':
      throw new Problem('a subroutine cannot return qubits', at);
    default:
      break;
  }
  const typed = l.castTyped(l.evaluator.typed(result, at), type, at);
  return { kind: 'runtime', expr: typed.expr, type };
}

/** The scope entry a parameter gets for one argument. */
type Binding =
  | { readonly kind: 'qubits'; readonly qubits: readonly number[]; readonly scalar: boolean }
  | { readonly kind: 'variable'; readonly variable: Variable };

function bind(l: LoweringContext, subroutine: string, param: DefArg, arg: Expr): Binding {
  const pname = param.name.name;
  if (param.type === null) {
    const { qubits, scalar } = l.evaluator.qubits(arg);
    if (param.qubitSize === null) {
      if (qubits.length !== 1) {
        throw new Problem(
          `argument '${pname}' of '${subroutine}' is one qubit, got ${qubits.length}`,
          arg.pos,
        );
      }
      return { kind: 'qubits', qubits, scalar: true };
    }
    const size = l.evaluator.size(param.qubitSize, 'qubit argument size', 1 << 20);
    if (qubits.length !== size || scalar) {
      throw new Problem(
        `argument '${pname}' of '${subroutine}' is ${size} qubits, got ${scalar ? 'one qubit' : qubits.length}`,
        arg.pos,
      );
    }
    return { kind: 'qubits', qubits, scalar: false };
  }
  const t = param.type;
  if (t.kind === 'array') {
    // Arrays are passed by reference: the parameter is the caller's variable.
    if (t.access === 'mutable') {
      if (arg.kind !== 'ident')
        throw new Problem(
          `argument '${pname}' of '${subroutine}' must name an array variable`,
          arg.pos,
        );
      const entry = l.scope.lookup(arg.name);
      if (entry?.kind !== 'variable' || entry.variable.type.kind !== 'array') {
        throw new Problem(`argument '${pname}' of '${subroutine}' must be an array`, arg.pos);
      }
      return { kind: 'variable', variable: entry.variable };
    }
    const op = l.evaluator.evaluate(arg);
    if (op.kind !== 'value' || op.value.type.kind !== 'array') {
      throw new Problem(
        `argument '${pname}' of '${subroutine}' must be an array known before the circuit runs`,
        arg.pos,
      );
    }
    const variable: Variable = {
      name: pname,
      type: op.value.type,
      isConst: true,
      storage: { kind: 'known', value: op.value },
    };
    return { kind: 'variable', variable };
  }
  const type = l.evaluator.resolveType(t);
  const op = l.evaluator.evaluate(arg);
  let variable: Variable;
  switch (op.kind) {
    case 'value':
      variable = {
        name: pname,
        type,
        isConst: false,
        storage: { kind: 'known', value: l.convert(op.value, type, arg.pos) },
      };
      break;
    case 'qubits':
      throw new Problem(
        `argument '${pname}' of '${subroutine}' is a ${typeName(type)}, got qubits`,
        arg.pos,
      );
    case 'angle':
      if (type.kind !== 'float' && type.kind !== 'angle') {
        throw new Problem(
          `argument '${pname}' of '${subroutine}' is a ${typeName(type)}, got an input parameter`,
          arg.pos,
        );
      }
      variable = { name: pname, type, isConst: false, storage: { kind: 'operand', operand: op } };
      break;
    case 'bits':
    case 'runtime': {
      if (op.kind === 'bits' && type.kind === 'bit' && (type.width ?? 1) === op.bits.length) {
        variable = {
          name: pname,
          type,
          isConst: false,
          storage: { kind: 'operand', operand: { ...op, type } },
        };
        break;
      }
      const typed = l.castTyped(l.evaluator.typed(op, arg.pos), type, arg.pos);
      variable = {
        name: pname,
        type,
        isConst: false,
        storage: { kind: 'operand', operand: { kind: 'runtime', expr: typed.expr, type } },
      };
      break;
    }
  }
  return { kind: 'variable', variable };
}
