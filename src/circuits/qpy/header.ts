/**
 * The QPY file header: the `QISKIT` magic, the format version (1 to 18 are read), the writing
 * Qiskit version, the number of circuits, the symbolic encoding (QPY 10+), the program type
 * (QPY 5+) and the circuit start table (QPY 16+).
 *
 * @module
 */
import type { ByteReader } from './bytes.js';

/** The newest QPY format version this reader understands (Qiskit's `QPY_VERSION`). */
export const QPY_MAX_VERSION = 18;

/** What the file header says. */
export interface FileHeader {
  readonly version: number;
  /** The Qiskit version that wrote the file, as `[major, minor, patch]`. */
  readonly qiskitVersion: readonly [number, number, number];
  readonly numCircuits: number;
  /** Whether QPY 10–12 parameter expressions are symengine-encoded. */
  readonly symengine: boolean;
  /** Where each circuit starts (QPY 16+), or `null` when they simply follow one another. */
  readonly offsets: readonly number[] | null;
}

const MAGIC = 'QISKIT';

/** Read the header; `maxCircuits` bounds the declared count. */
export function readFileHeader(r: ByteReader, maxCircuits: number): FileHeader {
  const field = 'file header';
  const at = r.offset;
  let magic = '';
  for (let i = 0; i < MAGIC.length; i++) magic += r.char(field);
  if (magic !== MAGIC)
    throw r.error(field, 'not QPY data (it does not start with "QISKIT")', 'invalid', at);
  const version = r.u8(field);
  if (version < 1 || version > QPY_MAX_VERSION) {
    throw r.error(
      field,
      `QPY format version ${version} is not supported (this reader reads versions 1 to ${QPY_MAX_VERSION})`,
      'unsupported',
      at + 6,
    );
  }
  r.ctx.version = version;
  const qiskitVersion: [number, number, number] = [r.u8(field), r.u8(field), r.u8(field)];
  const numCircuits = r.u64(field);
  if (numCircuits > maxCircuits) {
    throw r.error(field, `${numCircuits} circuits exceed the limit of ${maxCircuits}`, 'limit');
  }
  let symengine = false;
  if (version >= 10) {
    const encoding = r.char(field);
    if (version <= 12 && encoding !== 'p' && encoding !== 'e') {
      throw r.error(field, `unknown symbolic encoding '${encoding}'`);
    }
    symengine = encoding === 'e';
  }
  if (version >= 5) {
    const type = r.char(field);
    if (type === 's') {
      throw r.error(field, 'the file holds pulse schedules, not circuits', 'unsupported');
    }
    if (type !== 'q') throw r.error(field, `unknown program type '${type}'`);
  }
  let offsets: number[] | null = null;
  if (version >= 16) {
    r.fits(numCircuits, 8, 'circuit table');
    offsets = [];
    for (let i = 0; i < numCircuits; i++) offsets.push(r.u64('circuit table'));
  }
  return { version, qiskitVersion, numCircuits, symengine, offsets };
}
