// Building circuits of the model by hand for the simulator specs (control flow, modifiers and
// classical expressions, written here directly rather than through the OpenQASM parser).
import type {
  Block,
  Circuit,
  ClassicalExpr,
  ClassicalType,
  GateDefinition,
  GateInstruction,
  Instruction,
  Register,
} from '../../../src/circuits/model.js';

export const BOOL: ClassicalType = { kind: 'bool' };
export const uint = (width: number): ClassicalType => ({ kind: 'uint', width });
export const int = (width: number | null): ClassicalType => ({ kind: 'int', width });

export function circuit(parts: {
  qubits: number;
  clbits?: number;
  cregs?: Register[];
  instructions: Instruction[];
  gates?: GateDefinition[];
  parameters?: string[];
  vars?: Circuit['vars'];
}): Circuit {
  return {
    numQubits: parts.qubits,
    numClbits: parts.clbits ?? 0,
    qregs: [{ name: 'q', bits: [...Array(parts.qubits).keys()] }],
    cregs: parts.cregs ?? [],
    parameters: parts.parameters ?? [],
    globalPhase: 0,
    vars: parts.vars ?? [],
    gates: parts.gates ?? [],
    instructions: parts.instructions,
  };
}

export const reg = (name: string, bits: number[]): Register => ({ name, bits });

export const g = (
  name: string,
  qubits: number[],
  params: GateInstruction['params'] = [],
  mods: Partial<Pick<GateInstruction, 'controls' | 'ctrlState' | 'power'>> = {},
): GateInstruction => ({ kind: 'gate', name, qubits, params, ...mods });

export const measure = (qubit: number, clbit: number | null): Instruction => ({
  kind: 'measure',
  qubit,
  clbit,
});
export const reset = (qubit: number): Instruction => ({ kind: 'reset', qubit });

export const bit = (index: number): ClassicalExpr => ({
  kind: 'var',
  location: { kind: 'clbit', index },
  type: BOOL,
});
export const creg = (name: string, width: number): ClassicalExpr => ({
  kind: 'var',
  location: { kind: 'creg', name },
  type: uint(width),
});
export const variable = (name: string, type: ClassicalType): ClassicalExpr => ({
  kind: 'var',
  location: { kind: 'var', name },
  type,
});
export const value = (v: number | bigint | boolean, type: ClassicalType): ClassicalExpr => ({
  kind: 'value',
  value: v,
  type,
});
export const binary = (
  op: Extract<ClassicalExpr, { kind: 'binary' }>['op'],
  left: ClassicalExpr,
  right: ClassicalExpr,
  type: ClassicalType,
): ClassicalExpr => ({ kind: 'binary', op, left, right, type });
export const eq = (left: ClassicalExpr, right: ClassicalExpr): ClassicalExpr =>
  binary('eq', left, right, BOOL);
export const cast = (operand: ClassicalExpr, type: ClassicalType): ClassicalExpr => ({
  kind: 'cast',
  operand,
  type,
  implicit: false,
});

export const ifElse = (condition: ClassicalExpr, then: Block, otherwise: Block | null = null) =>
  ({ kind: 'if', condition, then, else: otherwise }) as const;
export const whileLoop = (condition: ClassicalExpr, body: Block) =>
  ({ kind: 'while', condition, body }) as const;
export const store = (target: ClassicalExpr, v: ClassicalExpr) =>
  ({ kind: 'store', target, value: v }) as const;
