/**
 * The `CUSTOM_DEFINITIONS` section of a circuit: the gates and instructions Qiskit could not
 * name by class, each with its definition circuit, control data and base gate.
 *
 * @module
 */
import type { ByteReader } from './bytes.js';
import type { BodyCircuit, Session } from './scope.js';

/** One custom definition as stored. */
export interface CustomDefinition {
  /** The key instructions use (since QPY 11 the name with a `_<uuid>` suffix). */
  readonly key: string;
  /** `g` gate, `i` instruction, `c` controlled gate, `a` annotated operation, `p` Pauli evolution. */
  readonly type: string;
  readonly numQubits: number;
  readonly numClbits: number;
  /** The definition circuit, when there is one (never read for a Pauli evolution). */
  readonly definition: BodyCircuit | null;
  readonly numCtrlQubits: number;
  readonly ctrlState: number;
  /** The stored base-gate `INSTRUCTION` of a controlled or annotated definition. */
  readonly base: ByteReader | null;
  readonly offset: number;
}

/** Read the section: a 64-bit count and that many `CUSTOM_INSTRUCTION` blocks. */
export function readCustomDefinitions(
  r: ByteReader,
  s: Session,
  depth: number,
): Map<string, CustomDefinition> {
  const version = s.ctx.version ?? 0;
  const field = 'custom definitions';
  const count = r.u64(field);
  r.fits(count, version >= 5 ? 36 : 20, field);
  const out = new Map<string, CustomDefinition>();
  for (let i = 0; i < count; i++) {
    const offset = r.offset;
    const nameSize = r.u16(field);
    const type = r.char(field);
    const numQubits = r.u32(field);
    const numClbits = r.u32(field);
    const hasDefinition = r.bool(field);
    const size = r.u64(field);
    let numCtrlQubits = 0;
    let ctrlState = 0;
    let baseSize = 0;
    if (version >= 5) {
      numCtrlQubits = r.u32(field);
      ctrlState = r.u32(field);
      baseSize = r.u64(field);
    }
    const key = r.utf8(nameSize, field);
    const data = r.sub(hasDefinition || version >= 13 ? size : 0, field);
    const base = version >= 5 ? r.sub(baseSize, field) : null;
    if (!'gicap'.includes(type) || type.length !== 1) {
      throw r.error(
        field,
        `unknown custom definition type '${type}' for '${key}'`,
        'invalid',
        offset,
      );
    }
    const pauli = type === 'p' || key.startsWith('###PauliEvolutionGate_');
    let definition: BodyCircuit | null = null;
    if (hasDefinition && !pauli) {
      r.ctx.instructions.push(key);
      try {
        definition = s.readCircuit(data, depth + 1);
      } finally {
        r.ctx.instructions.pop();
      }
    }
    out.set(key, {
      key,
      type,
      numQubits,
      numClbits,
      definition,
      numCtrlQubits,
      ctrlState,
      base: base && base.remaining > 0 ? base : null,
      offset,
    });
  }
  return out;
}
