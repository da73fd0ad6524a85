/**
 * The `INSTRUCTION` payload as stored: name, label, condition, bit arguments, typed parameters
 * and annotations, before it is turned into model instructions.
 *
 * @module
 */
import type { ByteReader } from './bytes.js';
import { readTyped, type Typed } from './typed.js';

/** One stored instruction. */
export interface RawInstruction {
  /** The QPY name: a Qiskit class name (`RZGate`) or a custom definition's key. */
  readonly name: string;
  readonly label: string;
  readonly numQargs: number;
  readonly numCargs: number;
  /** 0: no condition; 1: a register or bit compared with `conditionValue`; 2: an expression. */
  readonly conditionKey: number;
  /** The register payload of a condition of kind 1. */
  readonly conditionRegister: ByteReader | null;
  readonly conditionValue: bigint;
  /** The expression payload of a condition of kind 2. */
  readonly conditionExpr: Typed | null;
  readonly numCtrlQubits: number;
  readonly ctrlState: number;
  /** Qubit indices in the circuit (empty when read without arguments). */
  readonly qargs: readonly number[];
  readonly cargs: readonly number[];
  readonly params: readonly Typed[];
  /** Offset of the instruction in the file. */
  readonly offset: number;
}

/**
 * Read one instruction. `bits` gives the circuit's qubit and clbit counts, or `null` for the
 * base gate of a controlled or annotated definition, which QPY stores without arguments.
 */
export function readRawInstruction(
  r: ByteReader,
  bits: { readonly numQubits: number; readonly numClbits: number } | null,
): RawInstruction {
  const version = r.ctx.version ?? 0;
  const field = 'instruction';
  const offset = r.offset;
  const nameSize = r.u16(field);
  const labelSize = r.u16(field);
  const numParams = r.u16(field);
  const numQargs = r.u32(field);
  const numCargs = r.u32(field);
  const extras = r.u8(field);
  const conditionSize = r.u16(field);
  const conditionValue = r.i64(field);
  let numCtrlQubits = 0;
  let ctrlState = 0;
  if (version >= 5) {
    numCtrlQubits = r.u32(field);
    ctrlState = r.u32(field);
  }
  const conditionKey = version >= 5 ? extras & 0b11 : extras ? 1 : 0;
  const hasAnnotations = version >= 5 && (extras & 0x80) !== 0;
  const name = r.utf8(nameSize, 'instruction name');
  r.ctx.instructions.push(name);
  try {
    const label = r.utf8(labelSize, 'label');
    let conditionRegister: ByteReader | null = null;
    let conditionExpr: Typed | null = null;
    if (conditionKey === 1) conditionRegister = r.sub(conditionSize, 'condition');
    else {
      r.skip(conditionSize, 'condition');
      if (conditionKey === 2) conditionExpr = readTyped(r, 'condition');
      else if (conditionKey !== 0)
        throw r.error('condition', `unknown condition kind ${conditionKey}`);
    }
    const qargs: number[] = [];
    const cargs: number[] = [];
    if (bits) {
      r.fits(numQargs + numCargs, 5, 'arguments');
      for (let i = 0; i < numQargs + numCargs; i++) {
        const at = r.offset;
        const kind = r.char('arguments');
        const index = r.u32('arguments');
        const quantum = i < numQargs;
        if (kind !== (quantum ? 'q' : 'c')) {
          throw r.error('arguments', `argument ${i} has kind '${kind}'`, 'invalid', at);
        }
        const limit = quantum ? bits.numQubits : bits.numClbits;
        if (index >= limit) {
          throw r.error(
            'arguments',
            `${quantum ? 'qubit' : 'clbit'} ${index} is out of range (${limit})`,
            'invalid',
            at,
          );
        }
        (quantum ? qargs : cargs).push(index);
      }
    }
    r.fits(numParams, 9, 'params');
    const params: Typed[] = [];
    for (let i = 0; i < numParams; i++) params.push(readTyped(r, `param ${i}`));
    if (hasAnnotations) {
      const n = r.u32('annotations');
      r.fits(n, 12, 'annotations');
      for (let i = 0; i < n; i++) {
        r.u32('annotations');
        r.skip(r.u64('annotations'), 'annotations');
      }
    }
    return {
      name,
      label,
      numQargs,
      numCargs,
      conditionKey,
      conditionRegister,
      conditionValue,
      conditionExpr,
      numCtrlQubits,
      ctrlState,
      qargs,
      cargs,
      params,
      offset,
    };
  } finally {
    r.ctx.instructions.pop();
  }
}
