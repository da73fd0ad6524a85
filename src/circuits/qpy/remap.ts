/**
 * Moving a nested circuit (a control-flow block, an inlined definition) into the frame of the
 * circuit that contains it: its qubit `i` becomes the instruction's qubit argument `i`, its
 * clbit `j` the classical argument `j`, and its registers must be the outer registers of the
 * same name over the same bits.
 *
 * @module
 */
import type { ClassicalExpr, Duration, Instruction } from '../model.js';
import type { ByteReader } from './bytes.js';
import type { BodyCircuit, CircuitScope } from './scope.js';

/** Map `body`'s instructions onto the outer `qargs` and `cargs`. */
export function remapBody(
  r: ByteReader,
  body: BodyCircuit,
  qargs: readonly number[],
  cargs: readonly number[],
  outer: CircuitScope,
  what: string,
): Instruction[] {
  if (body.numQubits !== qargs.length || body.numClbits !== cargs.length) {
    throw r.error(
      what,
      `the ${what} has ${body.numQubits} qubit(s) and ${body.numClbits} clbit(s) but the instruction gives it ${qargs.length} and ${cargs.length}`,
    );
  }
  for (const reg of body.cregs) {
    const out = outer.cregs.get(reg.name);
    const same =
      out !== undefined &&
      out.bits.length === reg.bits.length &&
      reg.bits.every((b, i) => cargs[b] === out.bits[i]);
    if (!same) {
      throw r.error(
        what,
        `register '${reg.name}' of the ${what} is not the outer register of that name`,
        'unsupported',
      );
    }
  }
  const q = (i: number) => qargs[i]!;
  const c = (i: number) => cargs[i]!;
  return body.instructions.map((ins) => mapInstruction(ins, q, c));
}

function mapExpr(e: ClassicalExpr, c: (i: number) => number): ClassicalExpr {
  switch (e.kind) {
    case 'var':
      return e.location.kind === 'clbit'
        ? { ...e, location: { kind: 'clbit', index: c(e.location.index) } }
        : e;
    case 'value':
      return e;
    case 'unary':
    case 'cast':
      return { ...e, operand: mapExpr(e.operand, c) };
    case 'binary':
      return { ...e, left: mapExpr(e.left, c), right: mapExpr(e.right, c) };
    case 'index':
      return { ...e, target: mapExpr(e.target, c), index: mapExpr(e.index, c) };
    case 'call':
      return { ...e, args: e.args.map((a) => mapExpr(a, c)) };
  }
}

function mapDuration(d: Duration, c: (i: number) => number): Duration {
  return d.kind === 'expr' ? { kind: 'expr', expr: mapExpr(d.expr, c) } : d;
}

/** `ins` with its qubits mapped by `q` and its clbits by `c`, nested blocks included. */
export function mapInstruction(
  ins: Instruction,
  q: (i: number) => number,
  c: (i: number) => number,
): Instruction {
  const block = (b: readonly Instruction[]) => b.map((i) => mapInstruction(i, q, c));
  switch (ins.kind) {
    case 'gate':
      return { ...ins, qubits: ins.qubits.map(q) };
    case 'measure':
      return { ...ins, qubit: q(ins.qubit), clbit: ins.clbit === null ? null : c(ins.clbit) };
    case 'reset':
      return { ...ins, qubit: q(ins.qubit) };
    case 'barrier':
      return { ...ins, qubits: ins.qubits.map(q) };
    case 'delay':
      return { ...ins, qubits: ins.qubits.map(q), duration: mapDuration(ins.duration, c) };
    case 'store':
      return { ...ins, target: mapExpr(ins.target, c), value: mapExpr(ins.value, c) };
    case 'if':
      return {
        ...ins,
        condition: mapExpr(ins.condition, c),
        then: block(ins.then),
        else: ins.else === null ? null : block(ins.else),
      };
    case 'while':
      return { ...ins, condition: mapExpr(ins.condition, c), body: block(ins.body) };
    case 'for':
      return { ...ins, body: block(ins.body) };
    case 'switch':
      return {
        ...ins,
        target: mapExpr(ins.target, c),
        cases: ins.cases.map((k) => ({ values: k.values, body: block(k.body) })),
      };
    case 'box':
      return {
        ...ins,
        body: block(ins.body),
        duration: ins.duration === null ? null : mapDuration(ins.duration, c),
      };
    case 'break':
    case 'continue':
      return ins;
  }
}
