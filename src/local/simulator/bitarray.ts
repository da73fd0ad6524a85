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

/** Where a classical bit's value comes from in one shot: a fixed value or a simulated qubit. */
export const BIT_ZERO = -1;
/** See {@link BIT_ZERO}. */
export const BIT_ONE = -2;

/** Collects the shots of every register of a PUB. */
export class BitArrayWriter {
  /** The registers' samples, in declaration order. */
  readonly registers: RegisterSamples[];
  private readonly offsets: Int32Array;

  /**
   * Prepare for `totalShots` shots (bindings × shots per binding) of registers laid end to end
   * (`offsets[i]` is the flat index of register i's bit 0).
   */
  constructor(
    registers: readonly { readonly name: string; readonly size: number }[],
    offsets: readonly number[],
    totalShots: number,
  ) {
    this.registers = registers.map((r) => ({
      name: r.name,
      numBits: r.size,
      bytes: new Uint8Array(totalShots * Math.ceil(r.size / 8)),
    }));
    this.offsets = Int32Array.from(offsets);
  }

  /**
   * Record shot number `shot` (counted over the whole PUB). `sources[c]` is {@link BIT_ZERO},
   * {@link BIT_ONE}, or a simulated qubit whose value is read from the sampled basis `index`.
   */
  writeShot(shot: number, sources: Int32Array, index: number): void {
    for (let r = 0; r < this.registers.length; r++) {
      const { numBits, bytes } = this.registers[r]!;
      packGathered(bytes, numBits, this.offsets[r]!, sources, shot, shot + 1, Int32Array.of(index));
    }
  }

  /**
   * Record `indices.length` shots from shot number `firstShot` on, all with the same `sources`
   * (see {@link writeShot}). A register whose bits read consecutive qubits in order (as
   * `c = measure q;` gives) is written as a shifted slice of each index.
   */
  writeShots(firstShot: number, sources: Int32Array, indices: Int32Array): void {
    for (let r = 0; r < this.registers.length; r++) {
      const { numBits, bytes } = this.registers[r]!;
      const first = this.offsets[r]!;
      const shift = consecutiveShift(numBits, first, sources);
      if (shift >= 0) packShifted(bytes, numBits, shift, firstShot, indices);
      else
        packGathered(
          bytes,
          numBits,
          first,
          sources,
          firstShot,
          firstShot + indices.length,
          indices,
        );
    }
  }
}

/** The qubit that bit 0 reads when bits `[first, first + numBits)` read consecutive qubits in order, else −1. */
function consecutiveShift(numBits: number, first: number, sources: Int32Array): number {
  const shift = numBits > 0 && numBits <= 30 ? sources[first]! : -1;
  if (shift < 0) return -1;
  for (let b = 1; b < numBits; b++) if (sources[first + b] !== shift + b) return -1;
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

/** Write shots `[fromShot, toShot)` (indices in order) gathering each bit from its source. */
function packGathered(
  bytes: Uint8Array,
  numBits: number,
  first: number,
  sources: Int32Array,
  fromShot: number,
  toShot: number,
  indices: Int32Array,
): void {
  const nbytes = (numBits + 7) >> 3;
  for (let shot = fromShot; shot < toShot; shot++) {
    const index = indices[shot - fromShot]!;
    const last = shot * nbytes + nbytes - 1;
    // Gather each byte's 8 bits, then store it once; branch-free on the (random) outcomes.
    for (let lo = 0; lo < numBits; lo += 8) {
      const hi = Math.min(numBits, lo + 8);
      let v = 0;
      for (let b = lo; b < hi; b++) {
        const s = sources[first + b]!;
        v |= (s >= 0 ? (index >>> s) & 1 : s === BIT_ONE ? 1 : 0) << (b - lo);
      }
      bytes[last - (lo >> 3)] = v;
    }
  }
}
