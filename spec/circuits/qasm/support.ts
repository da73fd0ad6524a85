// Helpers for the OpenQASM specs: a compact text listing of a circuit's instructions (so a
// spec can state what a program lowers to in a few readable lines), and error capture.
import type { Angle, Circuit, ClassicalExpr, Instruction } from '../../../src/circuits/model.js';
import { QasmError, parseQasm } from '../../../src/circuits/qasm/index.js';

export const OQ3 = 'OPENQASM 3.0;\ninclude "stdgates.inc";\n';

/** A classical expression as text: `c` for a register, `b3` for clbit 3, `(a eq 1)`, ... */
export function expr(e: ClassicalExpr): string {
  switch (e.kind) {
    case 'var':
      return e.location.kind === 'clbit' ? `b${e.location.index}` : e.location.name;
    case 'value':
      return String(e.value);
    case 'unary':
      return `${e.op} ${expr(e.operand)}`;
    case 'binary':
      return `(${expr(e.left)} ${e.op} ${expr(e.right)})`;
    case 'cast': {
      const t = e.type;
      const width = 'width' in t && t.width !== null ? `[${t.width}]` : '';
      return `${t.kind}${width}(${expr(e.operand)})`;
    }
    case 'index':
      return `${expr(e.target)}[${expr(e.index)}]`;
    case 'call':
      return `${e.fn}(${e.args.map(expr).join(', ')})`;
  }
}

function angle(a: Angle): string {
  if (typeof a === 'number') return String(Math.round(a * 1e9) / 1e9);
  return JSON.stringify(a);
}

/** One line per instruction, nested blocks indented by two spaces. */
export function listing(block: readonly Instruction[], indent = ''): string[] {
  const out: string[] = [];
  for (const i of block) {
    switch (i.kind) {
      case 'gate': {
        const mods = [
          i.controls
            ? `ctrl(${i.controls})${i.ctrlState !== undefined ? `=${i.ctrlState}` : ''}`
            : '',
          i.power !== undefined ? `pow(${i.power})` : '',
        ].filter((m) => m !== '');
        const params = i.params.length > 0 ? `(${i.params.map(angle).join(', ')})` : '';
        out.push(
          `${indent}${mods.map((m) => `${m} @ `).join('')}${i.name}${params} ${i.qubits.join(', ')}`,
        );
        break;
      }
      case 'measure':
        out.push(`${indent}measure ${i.qubit} -> ${i.clbit}`);
        break;
      case 'reset':
        out.push(`${indent}reset ${i.qubit}`);
        break;
      case 'barrier':
        out.push(`${indent}barrier ${i.qubits.join(', ')}`);
        break;
      case 'delay':
        out.push(`${indent}delay ${JSON.stringify(i.duration)} ${i.qubits.join(', ')}`);
        break;
      case 'store':
        out.push(`${indent}${expr(i.target)} = ${expr(i.value)}`);
        break;
      case 'if':
        out.push(`${indent}if ${expr(i.condition)}`, ...listing(i.then, `${indent}  `));
        if (i.else !== null) out.push(`${indent}else`, ...listing(i.else, `${indent}  `));
        break;
      case 'while':
        out.push(`${indent}while ${expr(i.condition)}`, ...listing(i.body, `${indent}  `));
        break;
      case 'for':
        out.push(`${indent}for ${i.parameter}`, ...listing(i.body, `${indent}  `));
        break;
      case 'switch':
        out.push(`${indent}switch ${expr(i.target)}`);
        for (const c of i.cases)
          out.push(`${indent} case ${c.values.join(', ')}`, ...listing(c.body, `${indent}  `));
        break;
      case 'box':
        out.push(`${indent}box ${JSON.stringify(i.duration)}`, ...listing(i.body, `${indent}  `));
        break;
      case 'break':
      case 'continue':
        out.push(`${indent}${i.kind}`);
        break;
    }
  }
  return out;
}

/** The listing of `source`'s instructions. */
export function lowered(source: string): string[] {
  return listing(parseQasm(source).instructions);
}

/** The QasmError `source` raises (fails the spec when it parses). */
export function qasmError(source: string): QasmError {
  try {
    parseQasm(source);
  } catch (e) {
    if (e instanceof QasmError) return e;
    throw new Error(`expected a QasmError, got ${String(e)}`, { cause: e });
  }
  throw new Error('expected a QasmError, but the source parsed');
}

/** The messages of every problem of `source`, as `line:column message`. */
export function problems(source: string): string[] {
  return qasmError(source).diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`);
}

export type { Circuit };
