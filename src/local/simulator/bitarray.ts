/**
 * Writes shot outcomes into per-register byte arrays in Qiskit's `BitArray` layout: shape
 * (*pub shape, shots, ceil(bits / 8)), each shot's bytes big-endian, so the last byte holds
 * classical bits 0–7 (bit i of the register value is classical bit i).
 *
 * @module
 */

/** One classical register's samples in `BitArray` layout. */
export interface RegisterSamples {
  readonly name: string;
  readonly numBits: number;
  /** Row-major bytes of shape (*shape, numShots, ceil(numBits / 8)). */
  readonly bytes: Uint8Array;
}

import { BIT_ONE } from './classical.js';

export { BIT_ONE, BIT_ZERO } from './classical.js';

/** A classical register: its name and its classical bits, bit 0 first (any bits, in any order). */
export interface RegisterBits {
  readonly name: string;
  readonly bits: readonly number[];
}

/** Collects the shots of every register of a PUB. */
export class BitArrayWriter {
  /** The registers' samples, in declaration order. */
  readonly registers: RegisterSamples[];

  /** Prepare for `totalShots` shots (bindings × shots per binding) of `registers`. */
  constructor(
    private readonly layout: readonly RegisterBits[],
    totalShots: number,
  ) {
    this.registers = layout.map((r) => ({
      name: r.name,
      numBits: r.bits.length,
      bytes: new Uint8Array(totalShots * Math.ceil(r.bits.length / 8)),
    }));
  }

  /**
   * Record shot number `shot` (counted over the whole PUB). `sources[c]` is `BIT_ZERO`,
   * `BIT_ONE`, or a simulated qubit whose value is read from the sampled basis `index`.
   */
  writeShot(shot: number, sources: Int32Array, index: number): void {
    this.writeShots(shot, sources, Int32Array.of(index));
  }

  /**
   * Record `indices.length` shots, all with the same `sources` (see {@link writeShot}): shot s
   * goes to row `rows[s]` when `rows` is given, else to row `firstShot + s`. A register whose
   * bits read consecutive qubits in order (as `c = measure q;` gives) is written as a shifted
   * slice of each index.
   */
  writeShots(firstShot: number, sources: Int32Array, indices: Int32Array, rows?: Int32Array): void {
    this.layout.forEach((r, i) => {
      const { numBits, bytes } = this.registers[i]!;
      const regSources = Int32Array.from(r.bits, (b) => sources[b]!);
      const shift = consecutiveShift(regSources);
      if (shift >= 0 && !rows) packShifted(bytes, numBits, shift, firstShot, indices);
      else packGathered(bytes, numBits, regSources, firstShot, indices, rows);
    });
  }
}

/** The qubit bit 0 reads when the bits read consecutive qubits in order, else −1. */
function consecutiveShift(sources: Int32Array): number {
  const n = sources.length;
  const shift = n > 0 && n <= 30 ? sources[0]! : -1;
  if (shift < 0) return -1;
  for (let b = 1; b < n; b++) if (sources[b] !== shift + b) return -1;
  return shift;
}

/** Write each index's bits `[shift, shift + numBits)` as one big-endian row per shot. */
function packShifted(
  bytes: Uint8Array,
  numBits: number,
  shift: number,
  firstShot: number,
  indices: Int32Array,
): void {
  const nbytes = (numBits + 7) >> 3;
  const mask = 2 ** numBits - 1;
  for (let s = 0; s < indices.length; s++) {
    let value = (indices[s]! >>> shift) & mask;
    const start = (firstShot + s) * nbytes;
    for (let at = start + nbytes - 1; at >= start; at--) {
      bytes[at] = value & 0xff;
      value >>>= 8;
    }
  }
}

/** Write one row per index, gathering each bit from its source (`rows` places the rows). */
function packGathered(
  bytes: Uint8Array,
  numBits: number,
  sources: Int32Array,
  firstShot: number,
  indices: Int32Array,
  rows: Int32Array | undefined,
): void {
  const nbytes = (numBits + 7) >> 3;
  for (let s = 0; s < indices.length; s++) {
    const index = indices[s]!;
    const row = rows ? rows[s]! : firstShot + s;
    const last = row * nbytes + nbytes - 1;
    // Gather each byte's 8 bits, then store it once; branch-free on the (random) outcomes.
    for (let lo = 0; lo < numBits; lo += 8) {
      const hi = Math.min(numBits, lo + 8);
      let v = 0;
      for (let b = lo; b < hi; b++) {
        const src = sources[b]!;
        v |= (src >= 0 ? (index >>> src) & 1 : src === BIT_ONE ? 1 : 0) << (b - lo);
      }
      bytes[last - (lo >> 3)] = v;
    }
  }
}
