/**
 * Whole-circuit operations on the circuit model: composing one circuit onto some qubits and
 * bits of another (Qiskit's `compose`), the inverse (reversed, each gate inverted) and integer
 * powers (repetition).
 *
 * @module
 */
import { addAngles, angleParameters, negateAngle } from './angles.js';
import { blocksOf, mapBlocks } from './blocks.js';
import { CircuitError } from './errors.js';
import { inverseGate } from './inverse.js';
import type { Block, Circuit, ClassicalExpr, GateDefinition, Instruction } from './model.js';
import { sortParameters } from './parameter.js';

/** Parameters of a model, recomputed from its gates and global phase, in Qiskit's order. */
export function modelParameters(circuit: Pick<Circuit, 'instructions' | 'globalPhase'>): string[] {
  const names = freeParameters(circuit.instructions);
  angleParameters(circuit.globalPhase, names);
  return sortParameters([...names]);
}

/** The parameters gates of a block use, except loop parameters inside their loops. */
export function freeParameters(
  block: Block,
  bound: ReadonlySet<string> = new Set(),
  into = new Set<string>(),
): Set<string> {
  for (const ins of block) {
    if (ins.kind === 'gate') {
      for (const p of ins.params)
        for (const n of angleParameters(p)) if (!bound.has(n)) into.add(n);
    } else if (ins.kind === 'for' && ins.parameter !== null) {
      freeParameters(ins.body, new Set([...bound, ins.parameter]), into);
    } else {
      for (const inner of blocksOf(ins)) freeParameters(inner, bound, into);
    }
  }
  return into;
}

/** `other` appended to `base` on `qubits`/`clbits` (default the first ones), or prepended with `front`. */
export function composeModel(
  base: Circuit,
  other: Circuit,
  qubits: readonly number[] | undefined,
  clbits: readonly number[] | undefined,
  front: boolean,
): Circuit {
  const qmap = qubits ?? Array.from({ length: other.numQubits }, (_, i) => i);
  const cmap = clbits ?? Array.from({ length: other.numClbits }, (_, i) => i);
  if (qmap.length !== other.numQubits) {
    throw new CircuitError(
      `compose needs ${other.numQubits} qubit(s) for the other circuit, got ${qmap.length}`,
    );
  }
  if (cmap.length !== other.numClbits) {
    throw new CircuitError(
      `compose needs ${other.numClbits} bit(s) for the other circuit, got ${cmap.length}`,
    );
  }
  if (qmap.some((q) => q < 0 || q >= base.numQubits) || new Set(qmap).size !== qmap.length) {
    throw new CircuitError(
      `compose: the qubits must be distinct qubits of a ${base.numQubits}-qubit circuit`,
    );
  }
  if (cmap.some((c) => c < 0 || c >= base.numClbits) || new Set(cmap).size !== cmap.length) {
    throw new CircuitError(
      `compose: the bits must be distinct bits of a circuit with ${base.numClbits}`,
    );
  }
  const gates = new Map<string, GateDefinition>(base.gates.map((g) => [g.name, g]));
  for (const g of other.gates) {
    const known = gates.get(g.name);
    if (known !== undefined && JSON.stringify(known) !== JSON.stringify(g)) {
      throw new CircuitError(`both circuits define a different gate named '${g.name}'`);
    }
    gates.set(g.name, g);
  }
  const vars = [...base.vars];
  for (const v of other.vars) {
    const known = vars.find((x) => x.name === v.name);
    if (known === undefined) vars.push(v);
    else if (JSON.stringify(known.type) !== JSON.stringify(v.type)) {
      throw new CircuitError(`both circuits declare a variable '${v.name}' of different types`);
    }
  }
  const remapExpr = (e: ClassicalExpr): ClassicalExpr => {
    switch (e.kind) {
      case 'var': {
        const loc = e.location;
        if (loc.kind === 'clbit')
          return { ...e, location: { kind: 'clbit', index: cmap[loc.index]! } };
        if (loc.kind === 'creg') {
          const reg = other.cregs.find((r) => r.name === loc.name)!;
          const target = base.cregs.find((r) => r.name === loc.name);
          const mapped = reg.bits.map((b) => cmap[b]!);
          if (target === undefined || JSON.stringify(target.bits) !== JSON.stringify(mapped)) {
            throw new CircuitError(
              `compose: the condition on register ${loc.name} has no matching register in the target circuit`,
            );
          }
        }
        return e;
      }
      case 'value':
        return e;
      case 'unary':
      case 'cast':
        return { ...e, operand: remapExpr(e.operand) };
      case 'binary':
        return { ...e, left: remapExpr(e.left), right: remapExpr(e.right) };
      case 'index':
        return { ...e, target: remapExpr(e.target), index: remapExpr(e.index) };
      case 'call':
        return { ...e, args: e.args.map(remapExpr) };
    }
  };
  const remap = (b: Block): Instruction[] =>
    b.map((ins): Instruction => {
      switch (ins.kind) {
        case 'gate':
        case 'barrier':
        case 'delay':
          return { ...ins, qubits: ins.qubits.map((q) => qmap[q]!) };
        case 'measure':
          return {
            ...ins,
            qubit: qmap[ins.qubit]!,
            clbit: ins.clbit === null ? null : cmap[ins.clbit]!,
          };
        case 'reset':
          return { ...ins, qubit: qmap[ins.qubit]! };
        case 'store':
          return { ...ins, target: remapExpr(ins.target), value: remapExpr(ins.value) };
        case 'if':
        case 'while':
          return { ...mapBlocks(ins, remap), condition: remapExpr(ins.condition) } as Instruction;
        case 'switch':
          return { ...mapBlocks(ins, remap), target: remapExpr(ins.target) } as Instruction;
        default:
          return mapBlocks(ins, remap);
      }
    });
  const added = remap(other.instructions);
  const instructions = front ? [...added, ...base.instructions] : [...base.instructions, ...added];
  const globalPhase = addAngles(base.globalPhase, other.globalPhase);
  return {
    ...base,
    globalPhase,
    vars,
    gates: [...gates.values()],
    instructions,
    parameters: modelParameters({ instructions, globalPhase }),
  };
}

/** The inverse of a circuit of gates and barriers. */
export function inverseModel(circuit: Circuit): Circuit {
  const defined = new Set(circuit.gates.map((g) => g.name));
  const instructions: Instruction[] = [];
  for (const ins of [...circuit.instructions].reverse()) {
    if (ins.kind === 'gate') instructions.push(inverseGate(ins, (n) => defined.has(n)));
    else if (ins.kind === 'barrier' || ins.kind === 'delay') instructions.push(ins);
    else throw new CircuitError(`a circuit with ${ins.kind} instructions has no inverse`);
  }
  return { ...circuit, instructions, globalPhase: negateAngle(circuit.globalPhase) };
}

/** The circuit repeated `k` times (the inverse repeated for negative `k`, empty for 0). */
export function repeatModel(circuit: Circuit, k: number): Circuit {
  if (!Number.isInteger(k)) throw new CircuitError(`repetition needs an integer, got ${k}`);
  const once = k < 0 ? inverseModel(circuit) : circuit;
  const instructions: Instruction[] = [];
  let globalPhase = once.globalPhase === 0 ? 0 : once.globalPhase;
  for (let i = 0; i < Math.abs(k); i++) instructions.push(...once.instructions);
  if (k === 0) globalPhase = 0;
  else for (let i = 1; i < Math.abs(k); i++) globalPhase = addAngles(globalPhase, once.globalPhase);
  return { ...circuit, instructions, globalPhase };
}
