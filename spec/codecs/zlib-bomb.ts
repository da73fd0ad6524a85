/**
 * Test data: a real zlib "bomb" built bit by bit. One fixed-Huffman DEFLATE block holds a
 * literal 0 followed by back-references (length 258, distance 1), 13 bits per 258 zero bytes,
 * so about 2 MB of compressed data inflate to 300 MB of zeros.
 */
class BitWriter {
  private readonly out: Uint8Array;
  private pos = 0;
  private bit = 0;
  constructor(capacity: number) {
    this.out = new Uint8Array(capacity);
  }
  /** Write `n` bits of `value`, least significant first (DEFLATE header fields). */
  bits(value: number, n: number): void {
    for (let i = 0; i < n; i++) {
      if ((value >> i) & 1) this.out[this.pos] = this.out[this.pos]! | (1 << this.bit);
      if (++this.bit === 8) {
        this.bit = 0;
        this.pos++;
      }
    }
  }
  /** Write a Huffman code, most significant bit first. */
  code(value: number, n: number): void {
    for (let i = n - 1; i >= 0; i--) this.bits((value >> i) & 1, 1);
  }
  bytes(): Uint8Array {
    return this.out.subarray(0, this.pos + (this.bit > 0 ? 1 : 0));
  }
}

/** Adler-32 of `n` zero bytes: a stays 1, b grows by one per byte. */
function adlerOfZeros(n: number): number {
  return (((n % 65521) << 16) | 1) >>> 0;
}

/**
 * A zlib stream inflating to `1 + 258 * copies` zero bytes, with a correct header and
 * checksum.
 */
export function zlibBomb(copies: number): Uint8Array {
  const w = new BitWriter(Math.ceil((3 + 8 + copies * 13 + 7) / 8) + 8);
  w.bits(1, 1); // BFINAL
  w.bits(1, 2); // BTYPE = 01, fixed Huffman codes
  w.code(0x30, 8); // literal byte 0
  for (let i = 0; i < copies; i++) {
    w.code(0xc5, 8); // length code 285: 258 bytes
    w.code(0, 5); // distance code 0: distance 1
  }
  w.code(0, 7); // end of block (256)
  const body = w.bytes();
  const out = new Uint8Array(2 + body.length + 4);
  out[0] = 0x78;
  out[1] = 0x9c;
  out.set(body, 2);
  const adler = adlerOfZeros(1 + 258 * copies);
  out[out.length - 4] = adler >>> 24;
  out[out.length - 3] = (adler >>> 16) & 0xff;
  out[out.length - 2] = (adler >>> 8) & 0xff;
  out[out.length - 1] = adler & 0xff;
  return out;
}
