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
    const registers = this.registers;
    for (let r = 0; r < registers.length; r++) {
      const { numBits, bytes } = registers[r]!;
      const nbytes = (numBits + 7) >> 3;
      const first = this.offsets[r]!;
      const base = shot * nbytes + nbytes - 1;
      // Gather each byte's 8 bits, then store it once; branch-free on the (random) outcomes.
      for (let lo = 0; lo < numBits; lo += 8) {
        const hi = Math.min(numBits, lo + 8);
        let v = 0;
        for (let b = lo; b < hi; b++) {
          const s = sources[first + b]!;
          v |= (s >= 0 ? (index >>> s) & 1 : s === BIT_ONE ? 1 : 0) << (b - lo);
        }
        bytes[base - (lo >> 3)] = v;
      }
    }
  }
}
