/**
 * The error raised for QPY data that cannot be read into a circuit.
 *
 * @module
 */
import { QuantumJobsError } from '../../codecs/errors.js';

/** What went wrong: malformed bytes, a feature this reader does not support, or a ceiling. */
export type QpyErrorKind = 'invalid' | 'unsupported' | 'limit';

/** Where a {@link QpyError} happened. */
export interface QpyErrorWhere {
  /** The file's QPY format version, or `null` when the header itself could not be read. */
  readonly version: number | null;
  /** The instruction being read (its QPY class name, e.g. `RZGate`), or `null`. */
  readonly instruction: string | null;
  /** The field that could not be read, e.g. `circuit header`, `param 0`, `condition`. */
  readonly field: string;
  /** Byte offset into the QPY data (after any base64 and zlib wrapping is removed). */
  readonly offset: number;
}

/**
 * QPY data was malformed, used a feature this reader does not support, or passed a ceiling.
 * The message reads `QPY version 13, instruction 'PauliEvolutionGate', field 'custom
 * definition' at byte 412: ...`; `detail` holds the part after the colon.
 */
export class QpyError extends QuantumJobsError {
  readonly _tag = 'QpyError' as const;
  readonly version: number | null;
  readonly instruction: string | null;
  readonly field: string;
  readonly offset: number;
  constructor(
    readonly detail: string,
    where: QpyErrorWhere,
    readonly kind: QpyErrorKind = 'invalid',
  ) {
    const parts = [where.version === null ? 'QPY' : `QPY version ${where.version}`];
    if (where.instruction !== null) parts.push(`instruction '${where.instruction}'`);
    parts.push(`field '${where.field}' at byte ${where.offset}`);
    super(`${parts.join(', ')}: ${detail}`);
    this.version = where.version;
    this.instruction = where.instruction;
    this.field = where.field;
    this.offset = where.offset;
  }
}
