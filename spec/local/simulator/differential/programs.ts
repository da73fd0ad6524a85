// Random OpenQASM 3 programs for differential testing, each produced twice from the same
// draws: as source text (for the QDK) and as the circuit model (for this simulator, whose
// parser is checked on its own). The programs stay inside what both sides define alike: no
// `input` parameters (the QDK binds none), controlled rotations with angles in [0, 2π) (the
// QDK reduces them modulo 2π, which changes the phase a control sees), no inverse or power of
// a controlled rotation, and conditions on single bits (the QDK reads a multi-bit register as
// an integer with bit 0 most significant).
import type {
  Angle,
  Block,
  Circuit,
  ClassicalExpr,
  GateDefinition,
  GateInstruction,
  Instruction,
} from '../../../../src/circuits/model.js';
import type { Rng } from '../../../../src/local/simulator/rng.js';
import { BOOL, bit, circuit, reg } from '../model.js';

/** One program in both forms. */
export interface TestProgram {
  readonly qasm: string;
  readonly circuit: Circuit;
}

const TAU = 2 * Math.PI;

/** A gate as written (modifiers, name, angles, qubits) and as the model holds it. */
interface Drawn {
  readonly text: string;
  readonly model: GateInstruction;
}

/** The custom gate every program defines. */
const CUSTOM_TEXT = 'gate pair(a) x, y { h x; cx x, y; rz(a) y; s x; ry(a) x; }';
const CUSTOM: GateDefinition = {
  name: 'pair',
  numQubits: 2,
  params: ['a'],
  body: [
    { kind: 'gate', name: 'h', qubits: [0], params: [] },
    { kind: 'gate', name: 'cx', qubits: [0, 1], params: [] },
    { kind: 'gate', name: 'rz', qubits: [1], params: [{ op: 'param', name: 'a' }] },
    { kind: 'gate', name: 's', qubits: [0], params: [] },
    { kind: 'gate', name: 'ry', qubits: [0], params: [{ op: 'param', name: 'a' }] },
  ],
};

const FIXED_1Q = ['h', 'x', 'y', 'z', 's', 'sdg', 't', 'tdg', 'sx'];
const ROTATIONS = ['rx', 'ry', 'rz', 'p'];
const FIXED_2Q = ['cx', 'cy', 'cz', 'ch', 'swap'];
const CONTROLLED_ROTATIONS = ['crx', 'cry', 'crz'];

class Draw {
  constructor(private readonly rng: Rng) {}
  uniform(): number {
    return this.rng.next();
  }
  int(n: number): number {
    return Math.floor(this.rng.next() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
  chance(p: number): boolean {
    return this.rng.next() < p;
  }
  /** A few distinct qubits of `n`. */
  qubits(n: number, k: number): number[] {
    const all = [...Array(n).keys()];
    for (let i = all.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [all[i], all[j]] = [all[j]!, all[i]!];
    }
    return all.slice(0, k);
  }
  /** An angle, printed with enough digits to be read back exactly. */
  angle(lo: number, hi: number): number {
    return Number((lo + this.rng.next() * (hi - lo)).toPrecision(15));
  }
}

const q = (i: number): string => `q[${i}]`;
const gate = (
  name: string,
  qubits: number[],
  params: Angle[] = [],
  mods: Partial<Pick<GateInstruction, 'controls' | 'ctrlState' | 'power'>> = {},
): GateInstruction => ({ kind: 'gate', name, qubits, params, ...mods });

function drawGate(d: Draw, n: number): Drawn {
  const kinds: (() => Drawn | undefined)[] = [
    () => {
      const name = d.pick(FIXED_1Q);
      const [a] = d.qubits(n, 1);
      return { text: `${name} ${q(a!)};`, model: gate(name, [a!]) };
    },
    () => {
      const name = d.pick(ROTATIONS);
      const [a] = d.qubits(n, 1);
      const t = d.angle(-TAU, TAU);
      return { text: `${name}(${t}) ${q(a!)};`, model: gate(name, [a!], [t]) };
    },
    () => {
      const [a] = d.qubits(n, 1);
      const ps = [d.angle(-TAU, TAU), d.angle(-TAU, TAU), d.angle(-TAU, TAU)];
      return { text: `U(${ps.join(', ')}) ${q(a!)};`, model: gate('u', [a!], ps) };
    },
    () => {
      if (n < 2) return undefined;
      const name = d.pick(FIXED_2Q);
      const [a, b] = d.qubits(n, 2);
      return { text: `${name} ${q(a!)}, ${q(b!)};`, model: gate(name, [a!, b!]) };
    },
    () => {
      if (n < 2) return undefined;
      const name = d.pick(CONTROLLED_ROTATIONS);
      const [a, b] = d.qubits(n, 2);
      const t = d.angle(0, TAU);
      return { text: `${name}(${t}) ${q(a!)}, ${q(b!)};`, model: gate(name, [a!, b!], [t]) };
    },
    () => {
      if (n < 2) return undefined;
      const [a, b] = d.qubits(n, 2);
      const t = d.angle(-TAU, TAU);
      return { text: `cp(${t}) ${q(a!)}, ${q(b!)};`, model: gate('cp', [a!, b!], [t]) };
    },
    () => {
      if (n < 3) return undefined;
      const name = d.pick(['ccx', 'cswap']);
      const [a, b, c] = d.qubits(n, 3);
      return { text: `${name} ${q(a!)}, ${q(b!)}, ${q(c!)};`, model: gate(name, [a!, b!, c!]) };
    },
    // ctrl @ / negctrl @ on a fixed gate or a rotation with an angle in [0, 2π).
    () => {
      const controls = Math.min(n - 1, 1 + d.int(2));
      if (controls < 1) return undefined;
      const qs = d.qubits(n, controls + 1);
      let state = 0;
      const prefix: string[] = [];
      for (let i = 0; i < controls; i++) {
        const on = d.chance(0.6);
        if (on) state |= 1 << i;
        prefix.push(on ? 'ctrl @' : 'negctrl @');
      }
      const rotation = d.chance(0.4);
      const name = rotation
        ? d.pick(['rx', 'ry', 'rz'])
        : d.pick(['x', 'y', 'z', 'h', 's', 't', 'sx']);
      const ps = rotation ? [d.angle(0, TAU)] : [];
      const args = ps.length ? `(${ps[0]})` : '';
      return {
        text: `${prefix.join(' ')} ${name}${args} ${qs.map(q).join(', ')};`,
        model: gate(name, qs, ps, { controls, ctrlState: state }),
      };
    },
    // inv @ and pow(k) @ on an uncontrolled gate.
    () => {
      const [a] = d.qubits(n, 1);
      const name = d.pick(['s', 't', 'sx', 'h', 'x', 'rx', 'ry']);
      const ps = name.startsWith('r') ? [d.angle(-TAU, TAU)] : [];
      const args = ps.length ? `(${ps[0]})` : '';
      if (d.chance(0.5)) {
        return {
          text: `inv @ ${name}${args} ${q(a!)};`,
          model: gate(name, [a!], ps, { power: -1 }),
        };
      }
      const k = d.pick([2, 3, -1, -2]);
      return {
        text: `pow(${k}) @ ${name}${args} ${q(a!)};`,
        model: gate(name, [a!], ps, { power: k }),
      };
    },
    // The custom gate, plain, inverted, squared, or controlled (angle in [0, 2π)).
    () => {
      if (n < 2) return undefined;
      const t = d.angle(0, TAU);
      const form = d.int(4);
      if (form === 3 && n >= 3) {
        const [c, a, b] = d.qubits(n, 3);
        return {
          text: `ctrl @ pair(${t}) ${q(c!)}, ${q(a!)}, ${q(b!)};`,
          model: gate('pair', [c!, a!, b!], [t], { controls: 1 }),
        };
      }
      const [a, b] = d.qubits(n, 2);
      const mod = form === 1 ? 'inv @ ' : form === 2 ? 'pow(2) @ ' : '';
      const power = form === 1 ? -1 : form === 2 ? 2 : undefined;
      return {
        text: `${mod}pair(${t}) ${q(a!)}, ${q(b!)};`,
        model: gate('pair', [a!, b!], [t], power === undefined ? {} : { power }),
      };
    },
  ];
  for (;;) {
    const g = d.pick(kinds)();
    if (g) return g;
  }
}

/**
 * A random program on `qubits` qubits with `depth` steps. With `dynamic`, some steps are
 * mid-circuit measurements into register `m`, resets, and `if`/`else` on single bits of `m`.
 */
export function randomProgram(
  rng: Rng,
  qubits: number,
  depth: number,
  dynamic: boolean,
): TestProgram {
  const d = new Draw(rng);
  const mid = dynamic ? 3 : 0;
  const text: string[] = ['OPENQASM 3.0;', 'include "stdgates.inc";', CUSTOM_TEXT];
  text.push(`qubit[${qubits}] q;`, `bit[${qubits}] c;`);
  if (mid > 0) text.push(`bit[${mid}] m;`);
  const body: Instruction[] = [];
  const measured = new Set<number>();
  for (let step = 0; step < depth; step++) {
    const r = d.uniform();
    if (dynamic && r < 0.15) {
      const [a] = d.qubits(qubits, 1);
      const k = d.int(mid);
      text.push(`m[${k}] = measure ${q(a!)};`);
      body.push({ kind: 'measure', qubit: a!, clbit: qubits + k });
      measured.add(k);
      continue;
    }
    if (dynamic && r < 0.2) {
      const [a] = d.qubits(qubits, 1);
      text.push(`reset ${q(a!)};`);
      body.push({ kind: 'reset', qubit: a! });
      continue;
    }
    if (dynamic && r < 0.24) {
      // for int i in [0:k] { gate } (an inclusive range).
      const k = d.int(3);
      const inner = drawGate(d, qubits);
      text.push(`for int i in [0:${k}] { ${inner.text} }`);
      body.push({
        kind: 'for',
        parameter: null,
        values: { kind: 'range', start: 0, stop: k + 1, step: 1 },
        body: [inner.model],
      });
      continue;
    }
    if (dynamic && r < 0.27 && measured.size > 0) {
      // Repeat until success: while (m[k]) { reset; h; measure }.
      const k = d.pick([...measured]);
      const [a] = d.qubits(qubits, 1);
      text.push(`while (m[${k}]) { reset ${q(a!)}; h ${q(a!)}; m[${k}] = measure ${q(a!)}; }`);
      body.push({
        kind: 'while',
        condition: bit(qubits + k),
        body: [
          { kind: 'reset', qubit: a! },
          { kind: 'gate', name: 'h', qubits: [a!], params: [] },
          { kind: 'measure', qubit: a!, clbit: qubits + k },
        ],
      });
      continue;
    }
    if (dynamic && r < 0.4 && measured.size > 0) {
      const k = d.pick([...measured]);
      const j = d.pick([...measured]);
      const form = d.int(5);
      const not = (e: ClassicalExpr): ClassicalExpr => ({
        kind: 'unary',
        op: 'not',
        operand: e,
        type: BOOL,
      });
      const both = (op: 'and' | 'or', x: ClassicalExpr, y: ClassicalExpr): ClassicalExpr => ({
        kind: 'binary',
        op,
        left: x,
        right: y,
        type: BOOL,
      });
      const condText = [
        `!m[${k}]`,
        `m[${k}]`,
        `m[${k}] == 1`,
        `m[${k}] && !m[${j}]`,
        `m[${k}] || m[${j}]`,
      ][form]!;
      const condition: ClassicalExpr = [
        not(bit(qubits + k)),
        bit(qubits + k),
        bit(qubits + k),
        both('and', bit(qubits + k), not(bit(qubits + j))),
        both('or', bit(qubits + k), bit(qubits + j)),
      ][form]!;
      const then = [drawGate(d, qubits), ...(d.chance(0.5) ? [drawGate(d, qubits)] : [])];
      const otherwise = d.chance(0.4) ? [drawGate(d, qubits)] : null;
      text.push(
        `if (${condText}) { ${then.map((g) => g.text).join(' ')} }` +
          (otherwise ? ` else { ${otherwise.map((g) => g.text).join(' ')} }` : ''),
      );
      body.push({
        kind: 'if',
        condition,
        then: then.map((g) => g.model) as Block,
        else: otherwise ? (otherwise.map((g) => g.model) as Block) : null,
      });
      continue;
    }
    const g = drawGate(d, qubits);
    text.push(g.text);
    body.push(g.model);
  }
  text.push('c = measure q;');
  for (let i = 0; i < qubits; i++) body.push({ kind: 'measure', qubit: i, clbit: i });
  const cregs = [reg('c', [...Array(qubits).keys()])];
  if (mid > 0)
    cregs.push(
      reg(
        'm',
        Array.from({ length: mid }, (_, k) => qubits + k),
      ),
    );
  return {
    qasm: text.join('\n'),
    circuit: circuit({
      qubits,
      clbits: qubits + mid,
      cregs,
      gates: [CUSTOM],
      instructions: body,
    }),
  };
}
