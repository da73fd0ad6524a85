/**
 * The sections after a circuit's instructions that carry nothing a run needs, read only to be
 * stepped over exactly: pulse calibrations (QPY 5–17, with their schedule blocks) and the
 * transpiler layout (QPY 8 and later).
 *
 * @module
 */
import type { ByteReader } from './bytes.js';
import { readMapping, readSequence, readTyped } from './typed.js';

/** Step over a `CIRCUIT_CALIBRATIONS` block. */
export function skipCalibrations(r: ByteReader, maxDepth: number): void {
  const field = 'calibrations';
  const count = r.u16(field);
  for (let i = 0; i < count; i++) {
    const nameSize = r.u16(field);
    const numQubits = r.u16(field);
    const numParams = r.u16(field);
    r.char(field);
    r.skip(nameSize, field);
    r.skip(numQubits * 8, field);
    for (let p = 0; p < numParams; p++) readTyped(r, field);
    skipScheduleBlock(r, 0, maxDepth);
  }
}

function skipScheduleBlock(r: ByteReader, depth: number, maxDepth: number): void {
  const field = 'calibration schedule';
  if (depth > maxDepth) throw r.error(field, 'schedule blocks nested too deeply', 'limit');
  const nameSize = r.u16(field);
  const metadataSize = r.u64(field);
  const elements = r.u16(field);
  r.skip(nameSize, field);
  r.skip(metadataSize, field);
  r.char(field);
  readSequence(r, field);
  for (let i = 0; i < elements; i++) {
    const kind = r.char(field);
    if (kind === 's') skipScheduleBlock(r, depth + 1, maxDepth);
    else {
      readSequence(r, field);
      readTyped(r, field);
    }
  }
  if ((r.ctx.version ?? 0) >= 7) readMapping(r, field);
}

/** Step over a `LAYOUT` block. */
export function skipLayout(r: ByteReader): void {
  const field = 'layout';
  const version = r.ctx.version ?? 0;
  const exists = r.bool(field);
  const initial = r.i32(field);
  const inputMapping = r.i32(field);
  const final = r.i32(field);
  const extraRegisters = r.u32(field);
  if (version >= 10) r.i32(field);
  if (!exists) return;
  r.fits(extraRegisters, 9, field);
  for (let i = 0; i < extraRegisters; i++) {
    r.char(field);
    r.bool(field);
    const size = r.u32(field);
    const nameSize = r.u16(field);
    r.bool(field);
    r.skip(nameSize, field);
    r.skip(size * 8, field);
  }
  for (let i = 0; i < Math.max(0, initial); i++) {
    const index = r.i32(field);
    const nameSize = r.i32(field);
    if (!(index === -1 && nameSize === -1)) r.skip(Math.max(0, nameSize), field);
  }
  r.skip(Math.max(0, inputMapping) * 4, field);
  r.skip(Math.max(0, final) * 4, field);
}
