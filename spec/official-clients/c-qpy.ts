/**
 * The QPY bytes IBM's C client writes for a circuit, field for field as
 * Qiskit/qiskit-ibm-runtime-c crates/client/src/generate_qpy.rs (`generate_qpy_payload`) lays
 * them out with the structs of crates/client/src/qpy_formats.rs (binrw, big-endian): a QPY 14
 * file header claiming Qiskit 2.1.0, one circuit with no name, a float global phase of 0,
 * metadata `{}`, one classical register `meas` over every clbit, no custom instructions, the
 * instructions by Qiskit class name, an empty calibration header and an absent layout.
 *
 * As generate_qpy.rs does, float parameters are written with `to_le_bytes` (little-endian),
 * although QPY is big-endian; only an angle whose bytes read the same both ways (0.0) keeps its
 * value.
 */

/** One instruction of a C-client circuit (crates/client/src/qiskit_circuit.rs). */
export interface CInstruction {
  readonly name: 'x' | 'sx' | 'cz' | 'measure' | 'reset' | 'ecr' | 'cx' | 'rz' | 'id' | 'rx';
  readonly qubits: readonly number[];
  readonly clbits?: readonly number[];
  readonly params?: readonly number[];
}

/** generate_qpy.rs: the Qiskit class of each instruction name. */
const CLASS_NAME: Record<CInstruction['name'], string> = {
  x: 'XGate',
  sx: 'SXGate',
  cz: 'CZGate',
  measure: 'Measure',
  reset: 'Reset',
  ecr: 'ECRGate',
  cx: 'CXGate',
  rz: 'RZGate',
  id: 'IGate',
  rx: 'RXGate',
};

class Writer {
  private readonly bytes: number[] = [];
  u8(v: number): this {
    this.bytes.push(v & 0xff);
    return this;
  }
  u16(v: number): this {
    return this.u8(v >> 8).u8(v);
  }
  u32(v: number): this {
    return this.u16(v >>> 16).u16(v & 0xffff);
  }
  u64(v: number | bigint): this {
    const b = BigInt.asUintN(64, BigInt(v));
    return this.u32(Number(b >> 32n)).u32(Number(b & 0xffffffffn));
  }
  i32(v: number): this {
    return this.u32(v >>> 0);
  }
  raw(data: ArrayLike<number>): this {
    for (let i = 0; i < data.length; i++) this.u8(data[i]!);
    return this;
  }
  text(s: string): this {
    return this.raw(new TextEncoder().encode(s));
  }
  done(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}

/** The QPY file generate_qpy.rs writes for a circuit of `numQubits` qubits and `numClbits` clbits. */
export function cClientQpy(
  numQubits: number,
  numClbits: number,
  instructions: readonly CInstruction[],
): Uint8Array {
  const w = new Writer();
  // FileHeaderV14
  w.text('QISKIT').u8(14).u8(2).u8(1).u8(0).u64(1).u8('p'.charCodeAt(0));
  // ProgramType
  w.u8('q'.charCodeAt(0));
  // CircuitHeaderV12Pack
  const metadata = '{}';
  w.u16(0) // name_size
    .u8('f'.charCodeAt(0)) // global_phase_type
    .u16(8) // global_phase_size
    .u32(numQubits)
    .u32(numClbits)
    .u64(metadata.length)
    .u32(1) // num_registers
    .u64(instructions.length)
    .u32(0); // num_vars
  w.raw(new Uint8Array(new Float64Array([0]).buffer).reverse()); // 0f64.to_be_bytes()
  w.text(metadata);
  // RegisterV4Pack: the classical register `meas`
  w.u8('c'.charCodeAt(0)).u8(1).u32(numClbits).u16(4).u8(1).text('meas');
  for (let i = 0; i < numClbits; i++) w.u64(i);
  // CustomCircuitInstructionsPack
  w.u64(0);
  for (const ins of instructions) {
    const name = CLASS_NAME[ins.name];
    const clbits = ins.clbits ?? [];
    const params = ins.params ?? [];
    w.u16(name.length)
      .u16(0) // label_size
      .u16(params.length)
      .u32(ins.qubits.length)
      .u32(clbits.length)
      .u8(0) // conditional_key
      .u16(0) // condition_register_size
      .u64(0) // condition_value
      .u32(ins.name === 'cx' || ins.name === 'cz' ? 1 : 0) // num_ctrl_qubits
      .u32(1) // ctrl_state
      .text(name);
    for (const q of ins.qubits) w.u8('q'.charCodeAt(0)).u32(q);
    for (const c of clbits) w.u8('c'.charCodeAt(0)).u32(c);
    for (const p of params) {
      w.u8('f'.charCodeAt(0)).u64(8);
      w.raw(new Uint8Array(new Float64Array([p]).buffer)); // param.to_le_bytes()
    }
  }
  // calibration header, then LayoutV2Pack
  w.u16(0);
  w.u8(0).i32(-1).i32(-1).i32(-1).u32(0).i32(0);
  return w.done();
}
