/**
 * A minimal QPY writer for specs: builds the byte layouts of Qiskit/qiskit
 * qiskit/qpy/__init__.py (and formats.py) field by field, for the features no published file
 * exercises. It writes what Qiskit's writers write, not a second implementation of the reader.
 */
const enc = new TextEncoder();

export type Bytes = Uint8Array;

export const cat = (...parts: (Bytes | number[])[]): Bytes => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};

const view = (n: number, f: (v: DataView) => void): Bytes => {
  const b = new Uint8Array(n);
  f(new DataView(b.buffer));
  return b;
};
export const u8 = (v: number) => new Uint8Array([v]);
export const u16 = (v: number) => view(2, (d) => d.setUint16(0, v));
export const u32 = (v: number) => view(4, (d) => d.setUint32(0, v));
export const i32 = (v: number) => view(4, (d) => d.setInt32(0, v));
export const u64 = (v: number) => view(8, (d) => d.setBigUint64(0, BigInt(v)));
export const i64 = (v: number) => view(8, (d) => d.setBigInt64(0, BigInt(v)));
export const f64 = (v: number) => view(8, (d) => d.setFloat64(0, v));
export const i64le = (v: number) => view(8, (d) => d.setBigInt64(0, BigInt(v), true));
export const f64le = (v: number) => view(8, (d) => d.setFloat64(0, v, true));
export const text = (s: string) => enc.encode(s);
export const ch = (c: string) => text(c);

/** An `INSTRUCTION_PARAM`: type key, 64-bit size, payload. */
export const typed = (type: string, data: Bytes) => cat(ch(type), u64(data.length), data);

/** A UUID whose last byte is `n`. */
export const uuid = (n: number) => cat(new Array<number>(15).fill(0xab), [n]);

/** Instruction parameters (little-endian numbers up to QPY 17, as Qiskit writes them). */
export const param = {
  int: (v: number, version: number) => typed('i', version >= 18 ? i64(v) : i64le(v)),
  float: (v: number, version: number) => typed('f', version >= 18 ? f64(v) : f64le(v)),
  null: () => typed('z', new Uint8Array()),
  string: (s: string) => typed('s', text(s)),
  symbol: (name: string, id: number) => typed('p', parameter(name, id)),
  vector: (name: string, size: number, index: number, id: number) =>
    typed('v', cat(u16(text(name).length), u64(size), uuid(id), u64(index), text(name))),
  tuple: (items: Bytes[]) => typed('t', cat(u64(items.length), ...items)),
  range: (a: number, b: number, c: number) => typed('r', cat(i64(a), i64(b), i64(c))),
  circuit: (c: Bytes) => typed('q', c),
  expr: (e: Bytes) => typed('x', e),
  default: () => typed('d', new Uint8Array()),
};

export const parameter = (name: string, id: number) =>
  cat(u16(text(name).length), uuid(id), text(name));

/** Expression nodes (`EXPRESSION`). */
export const expr = {
  bool: () => ch('b'),
  uint: (w: number) => cat(ch('u'), u32(w)),
  clbit: (i: number) => cat(ch('x'), ch('b'), ch('C'), u32(i)),
  creg: (name: string, width: number) =>
    cat(ch('x'), expr.uint(width), ch('R'), u16(name.length), text(name)),
  standalone: (type: Bytes, index: number) => cat(ch('x'), type, ch('U'), u16(index)),
  int: (type: Bytes, v: number) => cat(ch('v'), type, ch('i'), u8(1), u8(v)),
  boolValue: (v: boolean) => cat(ch('v'), ch('b'), ch('b'), u8(v ? 1 : 0)),
  binary: (op: number, type: Bytes, l: Bytes, r: Bytes) => cat(ch('b'), type, u8(op), l, r),
  unary: (op: number, type: Bytes, a: Bytes) => cat(ch('u'), type, u8(op), a),
};

export interface InstructionSpec {
  readonly name: string;
  readonly qargs?: number[];
  readonly cargs?: number[];
  readonly params?: Bytes[];
  /** Bare condition: [register payload, value] (kind 1) or an `x` typed expression (kind 2). */
  readonly condition?:
    { readonly register: Bytes; readonly value: number } | { readonly expr: Bytes };
  readonly ctrl?: readonly [number, number];
  readonly label?: string;
}

/** An `INSTRUCTION` (QPY 5+ layout); `withArgs` false for a definition's base gate. */
export function instruction(s: InstructionSpec, withArgs = true, numQargs?: number): Bytes {
  const q = s.qargs ?? [];
  const c = s.cargs ?? [];
  const params = s.params ?? [];
  const cond = s.condition;
  const key = cond === undefined ? 0 : 'expr' in cond ? 2 : 1;
  const reg = cond && 'register' in cond ? cond.register : new Uint8Array();
  const value = cond && 'register' in cond ? cond.value : 0;
  const [nctrl, state] = s.ctrl ?? [0, 0];
  return cat(
    u16(text(s.name).length),
    u16(text(s.label ?? '').length),
    u16(params.length),
    u32(numQargs ?? q.length),
    u32(c.length),
    u8(key),
    u16(reg.length),
    i64(value),
    u32(nctrl),
    u32(state),
    text(s.name),
    text(s.label ?? ''),
    key === 2 ? typed('x', (cond as { expr: Bytes }).expr) : reg,
    ...(withArgs
      ? [...q.map((i) => cat(ch('q'), u32(i))), ...c.map((i) => cat(ch('c'), u32(i)))]
      : []),
    ...params,
  );
}

export interface CircuitSpec {
  readonly version: number;
  readonly name?: string;
  readonly numQubits: number;
  readonly numClbits?: number;
  /** [type, name, bits] */
  readonly registers?: readonly (readonly ['q' | 'c', string, readonly number[]])[];
  /** [uuid id, usage, type bytes, name] */
  readonly vars?: readonly (readonly [number, string, Bytes, string])[];
  readonly custom?: readonly Bytes[];
  readonly instructions: readonly Bytes[];
  readonly phase?: Bytes;
}

/** A circuit payload (the part after the file header). */
export function circuit(s: CircuitSpec): Bytes {
  const v = s.version;
  const name = text(s.name ?? 'circuit');
  const phase = s.phase ?? typed('f', f64(0));
  const phaseType = phase.subarray(0, 1);
  const phaseData = phase.subarray(9);
  const regs = (s.registers ?? []).map(([t, n, bits]) =>
    cat(ch(t), u8(1), u32(bits.length), u16(text(n).length), u8(1), text(n), ...bits.map(i64)),
  );
  const vars = (s.vars ?? []).map(([id, usage, type, n]) =>
    cat(uuid(id), ch(usage), u16(text(n).length), type, text(n)),
  );
  return cat(
    u16(name.length),
    phaseType,
    u16(phaseData.length),
    u32(s.numQubits),
    u32(s.numClbits ?? 0),
    u64(2),
    u32(regs.length),
    u64(s.instructions.length),
    v >= 12 ? u32(vars.length) : [],
    name,
    phaseData,
    text('{}'),
    ...regs,
    ...vars,
    v >= 15 ? u32(0) : [],
    u64((s.custom ?? []).length),
    ...(s.custom ?? []),
    ...s.instructions,
    v >= 5 && v < 18 ? u16(0) : [],
    v >= 10
      ? cat(u8(0), i32(-1), i32(-1), i32(-1), u32(0), i32(0))
      : v >= 8
        ? cat(u8(0), i32(-1), i32(-1), i32(-1), u32(0))
        : [],
  );
}

/** A whole file: header (with the circuit table from QPY 16) and the circuits. */
export function file(version: number, circuits: readonly Bytes[], encoding = 'p'): Bytes {
  const head = cat(
    text('QISKIT'),
    u8(version),
    [2, 3, 0],
    u64(circuits.length),
    version >= 10 ? ch(encoding) : [],
    version >= 5 ? ch('q') : [],
  );
  if (version < 16) return cat(head, ...circuits);
  let at = head.length + 8 * circuits.length;
  const offsets = circuits.map((c) => {
    const o = at;
    at += c.length;
    return u64(o);
  });
  return cat(head, ...offsets, ...circuits);
}

/** A `CUSTOM_INSTRUCTION` (QPY 5+). */
export function custom(
  key: string,
  type: string,
  numQubits: number,
  numClbits: number,
  definition: Bytes | null,
  ctrl: readonly [number, number] = [0, 0],
  base: Bytes = new Uint8Array(),
): Bytes {
  const def = definition ?? new Uint8Array();
  return cat(
    u16(text(key).length),
    ch(type),
    u32(numQubits),
    u32(numClbits),
    u8(definition ? 1 : 0),
    u64(def.length),
    u32(ctrl[0]),
    u32(ctrl[1]),
    u64(base.length),
    text(key),
    def,
    base,
  );
}

/** A QPY 13+ parameter expression: replay entries and a symbol table of parameters. */
export function replayExpression(
  entries: Bytes[],
  symbols: readonly (readonly [string, number])[],
): Bytes {
  const table = symbols.map(([n, id]) => cat(ch('p'), ch('p'), u64(0), parameter(n, id)));
  const body = cat(...entries);
  return cat(u64(symbols.length), u64(body.length), body, ...table);
}

/** One `PARAM_EXPR_ELEM_V13` entry; operands as [type, 16 bytes]. */
export function replayEntry(
  op: number,
  lhs: readonly [string, Bytes],
  rhs: readonly [string, Bytes],
): Bytes {
  return cat(u8(op), ch(lhs[0]), lhs[1], ch(rhs[0]), rhs[1]);
}
export const operand = {
  param: (id: number): [string, Bytes] => ['p', uuid(id)],
  float: (v: number): [string, Bytes] => ['f', cat(u64(0), f64(v))],
  int: (v: number): [string, Bytes] => ['i', cat(u64(0), i64(v))],
  stack: (): [string, Bytes] => ['n', new Uint8Array(16)],
};
