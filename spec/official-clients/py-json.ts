/**
 * Python's `json.dumps` with its defaults (separators `", "` and `": "`, `ensure_ascii=True`),
 * which is how qiskit-ibm-runtime writes request bodies (`json.dumps(payload,
 * cls=RuntimeEncoder)`, and `requests`' `json=`). Python floats print with a fraction (`1.0`):
 * wrap a float that holds an integer value in {@link PyFloat}.
 */

/** A Python float whose value is a whole number (printed `2.0`, not `2`). */
export class PyFloat {
  constructor(readonly value: number) {}
}

function pyString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c > 0x7e) {
      const units =
        c > 0xffff ? [0xd800 + ((c - 0x10000) >> 10), 0xdc00 + ((c - 0x10000) & 0x3ff)] : [c];
      for (const u of units) out += `\\u${u.toString(16).padStart(4, '0')}`;
    } else out += ch;
  }
  return `${out}"`;
}

function pyNumber(n: number): string {
  if (Number.isInteger(n)) return String(n);
  // Python's repr and JavaScript's shortest round-trip form agree, but for exponents.
  const s = String(n);
  return s.replace(/e([+-])(\d)$/, 'e$10$2');
}

/** `json.dumps(value)` as Python writes it. */
export function pyDumps(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value === true) return 'true';
  if (value === false) return 'false';
  if (value instanceof PyFloat)
    return Number.isInteger(value.value) ? `${value.value}.0` : pyNumber(value.value);
  if (typeof value === 'number') return pyNumber(value);
  if (typeof value === 'string') return pyString(value);
  if (Array.isArray(value)) return `[${value.map(pyDumps).join(', ')}]`;
  const entries = Object.entries(value as Record<string, unknown>);
  return `{${entries.map(([k, v]) => `${pyString(k)}: ${pyDumps(v)}`).join(', ')}}`;
}
