/**
 * Text drawing of a circuit in the style of Qiskit's text drawer: one wire per qubit
 * (`q_0: `), one per classical register (`c: 2/`, bits bundled) or loose bit, gates as boxes
 * placed in the earliest free column, controls as `■` (`o` for an open control) joined to
 * their target, measurements as `┤M├` dropping `║` to the bit they write, barriers as `░`.
 * Control-flow instructions are drawn as one labelled box over the qubits they use.
 *
 * @module
 */
import { angleValue } from './angles.js';
import { forEachInstruction } from './blocks.js';
import type { Circuit, ClassicalExpr, Instruction } from './model.js';
import { formatAngle } from './parameter.js';
import { qubitsTouched } from './transpiler/dag.js';

/** Options of `draw()`. */
export interface DrawOptions {
  /** Draw each classical register as one wire (default true), or one wire per bit. */
  readonly cregbundle?: boolean;
  /** Break the drawing into pages of at most this many characters per line (default 0: never). */
  readonly foldWidth?: number;
  /** Draw qubits nothing acts on (barriers aside) too (default true, as Qiskit's `idle_wires`). */
  readonly idleWires?: boolean;
}

/** Three lines of one wire in one column: above, on and below the wire. */
type Cell = [top: string, mid: string, bot: string];

interface Element {
  readonly width: number;
  readonly cells: Map<number, Cell>;
}

const LABELS: Readonly<Record<string, string>> = {
  id: 'I',
  sx: '√X',
  sxdg: '√Xdg',
  sdg: 'Sdg',
  tdg: 'Tdg',
  rx: 'Rx',
  ry: 'Ry',
  rz: 'Rz',
  rxx: 'Rxx',
  ryy: 'Ryy',
  rzz: 'Rzz',
  rzx: 'Rzx',
  xx_minus_yy: '(XX-YY)',
  xx_plus_yy: '(XX+YY)',
  iswap: 'Iswap',
  dcx: 'Dcx',
  ecr: 'Ecr',
  rccx: 'Rccx',
  rcccx: 'Rcccx',
};

/** Gates whose standard name means a base gate under controls. */
const CONTROLLED: Readonly<Record<string, [string, number]>> = {
  cx: ['x', 1],
  cy: ['y', 1],
  cz: ['z', 1],
  ch: ['h', 1],
  cs: ['s', 1],
  csdg: ['sdg', 1],
  csx: ['sx', 1],
  cp: ['p', 1],
  cu1: ['u1', 1],
  crx: ['rx', 1],
  cry: ['ry', 1],
  crz: ['rz', 1],
  cu: ['u', 1],
  cu3: ['u3', 1],
  ccx: ['x', 2],
  ccz: ['z', 2],
  c3x: ['x', 3],
  c4x: ['x', 4],
  c3sx: ['sx', 3],
  cswap: ['swap', 1],
};

function label(name: string, params: readonly unknown[], power: number): string {
  let text =
    LABELS[name] ??
    (name.length <= 2 ? name.toUpperCase() : name[0]!.toUpperCase() + name.slice(1));
  if (params.length > 0) {
    text += `(${params.map((p) => formatAngle(p as number)).join(',')})`;
  }
  if (power === -1) text += '_dg';
  else if (power !== 1) text += `^${Number(power.toPrecision(6))}`;
  return text;
}

const center = (text: string, width: number, fill: string): string => {
  const total = width - [...text].length;
  const left = Math.floor(total / 2);
  return fill.repeat(left) + text + fill.repeat(total - left);
};

/** Draw a circuit model as text. */
export function drawCircuit(circuit: Circuit, options: DrawOptions = {}): string {
  const bundle = options.cregbundle ?? true;
  // Wires: qubits, then classical wires (registers bundled, loose bits alone).
  const wireNames: string[] = [];
  const qubitWire: number[] = [];
  const qubitName = new Map<number, string>();
  for (const r of circuit.qregs) r.bits.forEach((b, i) => qubitName.set(b, `${r.name}_${i}`));
  const active = new Set<number>();
  forEachInstruction(circuit.instructions, (ins) => {
    if (ins.kind === 'gate') ins.qubits.forEach((q) => active.add(q));
    else if (ins.kind === 'measure' || ins.kind === 'reset') active.add(ins.qubit);
  });
  const drawn = (q: number) => (options.idleWires ?? true) || active.has(q);
  for (let q = 0; q < circuit.numQubits; q++) {
    qubitWire.push(drawn(q) ? wireNames.length : -1);
    if (drawn(q)) wireNames.push(qubitName.get(q) ?? `q_${q}`);
  }
  const clbitWire = new Map<number, number>();
  const clbitIndexOnWire = new Map<number, number>();
  const classicalWires = new Set<number>();
  const inRegister = new Set<number>();
  for (const r of circuit.cregs) {
    if (bundle) {
      const w = wireNames.length;
      wireNames.push(`${r.name}: ${r.bits.length}/`);
      classicalWires.add(w);
      r.bits.forEach((b, i) => {
        if (!clbitWire.has(b)) {
          clbitWire.set(b, w);
          clbitIndexOnWire.set(b, i);
        }
        inRegister.add(b);
      });
    } else {
      r.bits.forEach((b, i) => {
        if (clbitWire.has(b)) return;
        clbitWire.set(b, wireNames.length);
        classicalWires.add(wireNames.length);
        wireNames.push(`${r.name}_${i}`);
        inRegister.add(b);
      });
    }
  }
  for (let c = 0; c < circuit.numClbits; c++) {
    if (clbitWire.has(c)) continue;
    clbitWire.set(c, wireNames.length);
    classicalWires.add(wireNames.length);
    wireNames.push(`c_${c}`);
  }
  const numWires = wireNames.length;
  const wireChar = (w: number) => (classicalWires.has(w) ? '═' : '─');

  // Place elements in the earliest column free over their span.
  const columns: Element[][] = [];
  const last = new Array<number>(numWires).fill(-1);
  const place = (el: Element) => {
    const wires = [...el.cells.keys()];
    const lo = Math.min(...wires),
      hi = Math.max(...wires);
    let col = 0;
    for (let w = lo; w <= hi; w++) col = Math.max(col, last[w]! + 1);
    for (let w = lo; w <= hi; w++) last[w] = col;
    (columns[col] ??= []).push(el);
  };

  for (const ins of circuit.instructions) {
    const el = element(ins);
    if (el !== undefined) place(el);
  }

  function element(ins: Instruction): Element | undefined {
    switch (ins.kind) {
      case 'gate':
        return gateElement(ins);
      case 'measure': {
        const q = qubitWire[ins.qubit]!;
        const cells = new Map<number, Cell>([[q, ['┌─┐', '┤M├', '└╥┘']]]);
        if (ins.clbit !== null) {
          const cw = clbitWire.get(ins.clbit)!;
          for (let w = q + 1; w < cw; w++)
            cells.set(w, [' ║ ', classicalWires.has(w) ? '═╬═' : '─╫─', ' ║ ']);
          const idx = clbitIndexOnWire.get(ins.clbit);
          cells.set(cw, [' ║ ', '═╩═', idx === undefined ? '   ' : center(String(idx), 3, ' ')]);
        }
        return { width: 3, cells };
      }
      case 'reset':
        return { width: 5, cells: new Map([[qubitWire[ins.qubit]!, ['     ', '─|0>─', '     ']]]) };
      case 'barrier': {
        const ws = ins.qubits
          .map((q) => qubitWire[q]!)
          .filter((w) => w >= 0)
          .sort((a, b) => a - b);
        if (ws.length === 0) return undefined;
        const cells = new Map<number, Cell>();
        for (let w = ws[0]!; w <= ws[ws.length - 1]!; w++) {
          const on = ws.includes(w);
          cells.set(w, [
            on && w !== ws[0] ? ' ░ ' : ' ░ ',
            on ? '─░─' : `${wireChar(w)}░${wireChar(w)}`,
            ' ░ ',
          ]);
        }
        return { width: 3, cells };
      }
      case 'delay': {
        if (ins.qubits.some((q) => qubitWire[q]! < 0)) return undefined;
        const d = ins.duration;
        const text = d.kind === 'literal' ? `Delay(${d.value}[${d.unit}])` : 'Delay';
        return boxElement(
          ins.qubits.map((q) => qubitWire[q]!),
          text,
          [],
        );
      }
      case 'store':
        return undefined;
      case 'break':
      case 'continue':
        return undefined;
      default: {
        const qs = qubitsTouched(ins).map((q) => qubitWire[q]!);
        const text = flowLabel(ins);
        if (qs.length === 0) return undefined;
        return boxElement(qs, text, []);
      }
    }
  }

  function gateElement(ins: Extract<Instruction, { kind: 'gate' }>): Element {
    let base = ins.name;
    let controls = ins.controls ?? 0;
    let state = ins.ctrlState ?? (1 << controls) - 1;
    const named = CONTROLLED[base];
    if (named !== undefined && (ins.power ?? 1) === 1) {
      // A named controlled gate: its own controls follow the modifier's.
      const [b, n] = named;
      state |= ((1 << n) - 1) << controls;
      controls += n;
      base = b;
    }
    const ws = ins.qubits.map((q) => qubitWire[q]!);
    const controlWires = ws.slice(0, controls);
    const targets = ws.slice(controls);
    const text = label(
      base,
      ins.params.map((p) => angleValue(p) ?? p),
      ins.power ?? 1,
    );
    if (base === 'swap' && (ins.power ?? 1) === 1) {
      return connected(controlWires, state, targets, () => ['─X─'], 3);
    }
    if (base === 'z' && controls > 0 && (ins.power ?? 1) === 1) {
      return connected(controlWires, state, targets, () => ['─■─'], 3);
    }
    return boxElement(targets, text, controlWires, state);
  }

  /** Controls and targets drawn as single characters joined by a vertical line. */
  function connected(
    controls: readonly number[],
    state: number,
    targets: readonly number[],
    glyph: () => [string],
    width: number,
  ): Element {
    const all = [...controls, ...targets];
    const lo = Math.min(...all),
      hi = Math.max(...all);
    const cells = new Map<number, Cell>();
    for (let w = lo; w <= hi; w++) {
      const top = w > lo ? ' │ ' : '   ';
      const bot = w < hi ? ' │ ' : '   ';
      const ci = controls.indexOf(w);
      let mid: string;
      if (ci >= 0) mid = ((state >> ci) & 1) === 1 ? '─■─' : '─o─';
      else if (targets.includes(w)) mid = glyph()[0];
      else mid = classicalWires.has(w) ? '═╪═' : '─┼─';
      cells.set(w, [top, mid, bot]);
    }
    return { width, cells };
  }

  /** A box over `targets` with `text`, and controls joined to it. */
  function boxElement(
    targets: readonly number[],
    text: string,
    controls: readonly number[],
    state = -1,
  ): Element {
    const inner = [...text].length + 2;
    const width = inner + 2;
    const lo = Math.min(...targets),
      hi = Math.max(...targets);
    const all = [...controls, ...targets];
    const top = Math.min(...all),
      bottom = Math.max(...all);
    const cells = new Map<number, Cell>();
    const multi = targets.length > 1;
    const pad = multi ? Math.max(...targets.map((_, i) => String(i).length)) : 0;
    const boxWidth = multi ? width + pad : width;
    for (let w = top; w <= bottom; w++) {
      if (w >= lo && w <= hi) {
        const ti = targets.indexOf(w);
        const joinUp = w === lo && top < lo;
        const joinDown = w === hi && bottom > hi;
        const topLine =
          w === lo
            ? `┌${center(joinUp ? '┴' : '', boxWidth - 2, '─')}┐`
            : `│${' '.repeat(boxWidth - 2)}│`;
        const botLine =
          w === hi
            ? `└${center(joinDown ? '┬' : '', boxWidth - 2, '─')}┘`
            : `│${' '.repeat(boxWidth - 2)}│`;
        let mid: string;
        if (!multi) mid = `┤ ${text} ├`;
        else {
          const tag = ti >= 0 ? String(ti).padEnd(pad) : ' '.repeat(pad);
          const body = w === lo ? ` ${text} ` : ' '.repeat(inner);
          mid = `${ti >= 0 ? '┤' : '│'}${tag}${body}${ti >= 0 ? '├' : '│'}`;
        }
        cells.set(w, [topLine, mid, botLine]);
      } else {
        const ci = controls.indexOf(w);
        const up = w > top ? '│' : ' ';
        const down = w < bottom ? '│' : ' ';
        const c =
          ci >= 0
            ? state < 0 || ((state >> ci) & 1) === 1
              ? '■'
              : 'o'
            : classicalWires.has(w)
              ? '╪'
              : '┼';
        const fill = wireChar(w);
        cells.set(w, [
          center(up, boxWidth, ' '),
          center(c, boxWidth, fill),
          center(down, boxWidth, ' '),
        ]);
      }
    }
    return { width: boxWidth, cells };
  }

  // Render columns.
  const tops = new Array<string>(numWires).fill('');
  const mids = new Array<string>(numWires).fill('');
  const bots = new Array<string>(numWires).fill('');
  for (const column of columns) {
    const width = Math.max(...column.map((e) => e.width));
    const filled = new Array<boolean>(numWires).fill(false);
    for (const el of column) {
      for (const [w, [t, m, b]] of el.cells) {
        const padL = Math.floor((width - el.width) / 2);
        const padR = width - el.width - padL;
        const fill = wireChar(w);
        tops[w] += ' '.repeat(padL) + t + ' '.repeat(padR);
        mids[w] += fill.repeat(padL) + m + fill.repeat(padR);
        bots[w] += ' '.repeat(padL) + b + ' '.repeat(padR);
        filled[w] = true;
      }
    }
    for (let w = 0; w < numWires; w++) {
      if (filled[w]) continue;
      tops[w] += ' '.repeat(width);
      mids[w] += wireChar(w).repeat(width);
      bots[w] += ' '.repeat(width);
    }
  }
  // Close every wire with one more wire character, as Qiskit does.
  for (let w = 0; w < numWires; w++) {
    tops[w] += ' ';
    mids[w] += wireChar(w);
    bots[w] += ' ';
  }
  const labelOf = (n: string) => (n.endsWith('/') ? n : `${n}: `);
  const nameWidth = Math.max(0, ...wireNames.map((n) => [...labelOf(n)].length));
  const prefix = (w: number) => labelOf(wireNames[w]!).padStart(nameWidth);
  const blank = ' '.repeat(nameWidth);
  const out: string[] = [];
  for (let w = 0; w < numWires; w++) {
    out.push(w === 0 ? blank + tops[w] : blank + merge(bots[w - 1]!, tops[w]!));
    out.push(prefix(w) + mids[w]);
  }
  if (numWires > 0) out.push(blank + bots[numWires - 1]);
  const text = out.map((l) => l.replace(/\s+$/, '')).join('\n');
  return fold(text, options.foldWidth ?? 0);
}

/** Merge the line below one wire with the line above the next, character by character. */
function merge(a: string, b: string): string {
  const x = [...a],
    y = [...b];
  const n = Math.max(x.length, y.length);
  let out = '';
  for (let i = 0; i < n; i++) {
    const p = x[i] ?? ' ',
      q = y[i] ?? ' ';
    if (p === ' ') out += q;
    else if (q === ' ' || p === q) out += p;
    else if (p === '│' || p === '║') out += q;
    else out += JOINS[p + q] ?? p;
  }
  return out;
}

/** How a box's bottom edge and the next box's top edge join. */
const JOINS: Readonly<Record<string, string>> = {
  '└┌': '├',
  '┘┐': '┤',
  '└─': '┴',
  '┘─': '┴',
  '─┌': '┬',
  '─┐': '┬',
  '└┐': '┼',
  '┘┌': '┼',
  '─┴': '┴',
  '┬─': '┬',
  '─│': '┼',
};

function fold(text: string, width: number): string {
  if (width <= 0) return text;
  const lines = text.split('\n');
  const max = Math.max(...lines.map((l) => [...l].length));
  if (max <= width) return text;
  const pages: string[] = [];
  for (let start = 0; start < max; start += width) {
    pages.push(lines.map((l) => [...l].slice(start, start + width).join('')).join('\n'));
  }
  return pages.join('\n«\n');
}

function flowLabel(ins: Instruction): string {
  switch (ins.kind) {
    case 'if':
      return `If(${exprText(ins.condition)})${ins.else !== null ? '/Else' : ''}`;
    case 'while':
      return `While(${exprText(ins.condition)})`;
    case 'for':
      return ins.values.kind === 'range'
        ? `For(${ins.parameter ?? '_'} in [${ins.values.start}:${ins.values.step === 1 ? '' : `${ins.values.step}:`}${ins.values.stop - 1}])`
        : `For(${ins.parameter ?? '_'} in {${ins.values.values.join(',')}})`;
    case 'switch':
      return `Switch(${exprText(ins.target)})`;
    case 'box':
      return 'Box';
    default:
      return ins.kind;
  }
}

const OPS: Readonly<Record<string, string>> = {
  bitand: '&',
  bitor: '|',
  bitxor: '^',
  and: '&&',
  or: '||',
  eq: '==',
  ne: '!=',
  lt: '<',
  le: '<=',
  gt: '>',
  ge: '>=',
  shl: '<<',
  shr: '>>',
  add: '+',
  sub: '-',
  mul: '*',
  div: '/',
  mod: '%',
  pow: '**',
};

/** A short text form of a classical expression for labels. */
export function exprText(e: ClassicalExpr): string {
  switch (e.kind) {
    case 'var':
      return e.location.kind === 'clbit' ? `c_${e.location.index}` : e.location.name;
    case 'value':
      return String(e.value);
    case 'unary':
      return `${e.op === 'bitnot' ? '~' : e.op === 'not' ? '!' : '-'}${exprText(e.operand)}`;
    case 'binary':
      return `${exprText(e.left)}${OPS[e.op] ?? e.op}${exprText(e.right)}`;
    case 'cast':
      return exprText(e.operand);
    case 'index':
      return `${exprText(e.target)}[${exprText(e.index)}]`;
    case 'call':
      return `${e.fn}(${e.args.map(exprText).join(',')})`;
  }
}
