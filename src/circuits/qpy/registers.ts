/**
 * The `REGISTERS` section of a circuit header: quantum and classical registers as views over
 * the circuit's bits (registers QPY marks as not in the circuit only own bits and are dropped).
 *
 * @module
 */
import type { Register } from '../model.js';
import type { ByteReader } from './bytes.js';

/** The registers of one circuit, in the order they were written. */
export interface Registers {
  readonly qregs: Register[];
  readonly cregs: Register[];
}

/** Read `count` registers of a circuit with `numQubits` qubits and `numClbits` clbits. */
export function readRegisters(
  r: ByteReader,
  count: number,
  numQubits: number,
  numClbits: number,
): Registers {
  const version = r.ctx.version ?? 0;
  const field = 'registers';
  r.fits(count, version >= 4 ? 9 : 8, field);
  const out: Registers = { qregs: [], cregs: [] };
  const seen = { q: new Set<string>(), c: new Set<string>() };
  for (let i = 0; i < count; i++) {
    const at = r.offset;
    const type = r.char(field);
    r.bool(field);
    const size = r.u32(field);
    const nameSize = r.u16(field);
    const inCircuit = version >= 4 ? r.bool(field) : true;
    const name = r.utf8(nameSize, field);
    if (type !== 'q' && type !== 'c')
      throw r.error(field, `unknown register type '${type}'`, 'invalid', at);
    r.fits(size, version >= 4 ? 8 : 4, field);
    const bits: number[] = [];
    const limit = type === 'q' ? numQubits : numClbits;
    for (let b = 0; b < size; b++) {
      const index = version >= 4 ? Number(r.i64(field)) : r.u32(field);
      if (index >= limit) {
        throw r.error(field, `register '${name}' names bit ${index} of ${limit}`, 'invalid', at);
      }
      bits.push(index);
    }
    if (!inCircuit) continue;
    if (bits.some((b) => b < 0)) {
      throw r.error(field, `register '${name}' has bits outside the circuit`, 'invalid', at);
    }
    if (seen[type].has(name))
      throw r.error(field, `two registers are called '${name}'`, 'invalid', at);
    seen[type].add(name);
    (type === 'q' ? out.qregs : out.cregs).push({ name, bits });
  }
  return out;
}
