/**
 * Inlining custom gates: every use of a gate defined by the circuit (`Circuit.gates`) is
 * replaced by the standard gates of its definition, with its modifiers carried onto them, so
 * that runners and transformers only meet standard gates.
 *
 * - `ctrl @ g`: every gate of the body gets the same controls (the definition's global phase
 *   becomes a phase on the controls: `ctrl @ gphase(a)` is `p(a)` on the control);
 * - `inv @ g`: the body in reverse order, each gate inverted (Qiskit's inverses: `s` → `sdg`,
 *   `rz(θ)` → `rz(−θ)`, `U(θ, φ, λ)` → `U(−θ, −λ, −φ)`, …);
 * - `pow(k) @ g` for an integer `k`: the body `|k|` times (inverted when `k < 0`); for any
 *   other `k` the gate is kept, raised to `k`, with its definition (itself inlined), since only
 *   its unitary describes it (see `unitary.ts`, which takes the principal branch as Qiskit does).
 *
 * Standard gates are written in one canonical form on the way: powers Qiskit writes as another
 * gate become that gate (`pow(0.5) @ rz(θ)` → `rz(θ/2)`, `pow(0.5) @ z` → `p(π/2)`, `inv @ s`
 * → `sdg`), controls active on |1⟩ fold into the named controlled gate when there is one
 * (`ctrl @ x` → `cx`, `ctrl @ ctrl @ x` → `ccx`, `ctrl @ cx` → `ccx`, `ctrl @ U` → `cu`), a
 * controlled `global_phase` becomes a phase gate on its last control, and `pow(0) @ g` vanishes.
 * Uncontrolled global phases at the top level are added to `Circuit.globalPhase`; inside
 * control-flow blocks they stay as `global_phase` instructions.
 *
 * @module
 */
import { CircuitError } from './errors.js';
import { controlledName, powerOf, splitControls } from './gates/modifiers.js';
import { standardGate } from './gates/standard.js';
import type {
  Angle,
  Block,
  Circuit,
  GateDefinition,
  GateInstruction,
  Instruction,
} from './model.js';
import { binary, substitute } from './qasm/expression.js';

/** Default bound on the number of instructions an inlined circuit may have. */
export const DEFAULT_MAX_INLINED_INSTRUCTIONS = 1_000_000;

/** Most control qubits a gate may carry (its `ctrlState` is a 32-bit mask). */
export const MAX_CONTROLS = 30;

/** Options of {@link inlineGates}. */
export interface InlineOptions {
  /**
   * Most instructions the result may hold, counted through nested blocks (default
   * {@link DEFAULT_MAX_INLINED_INSTRUCTIONS}); a program whose definitions expand past it
   * (nested `pow(1000) @` …) is refused with {@link CircuitError}.
   */
  readonly maxInstructions?: number;
}

/**
 * `circuit` with every custom gate expanded into standard gates and every standard gate in
 * canonical form (see the module comment). `gates` of the result keeps only the definitions
 * still named by a non-integer power, each with its body inlined. Throws {@link CircuitError}
 * for an unknown gate, a wrong number of qubits or angles, a qubit used twice by one gate, a
 * definition that uses itself, or an expansion past `options.maxInstructions`.
 */
export function inlineGates(circuit: Circuit, options: InlineOptions = {}): Circuit {
  return new Inliner(circuit, options.maxInstructions ?? DEFAULT_MAX_INLINED_INSTRUCTIONS).run();
}

class Inliner {
  private readonly definitions = new Map<string, GateDefinition>();
  /** Custom gates kept because of a non-integer power. */
  private readonly kept = new Set<string>();
  private count = 0;

  constructor(
    private readonly circuit: Circuit,
    private readonly max: number,
  ) {
    for (const d of circuit.gates) this.definitions.set(d.name, d);
  }

  run(): Circuit {
    let phase: Angle = this.circuit.globalPhase;
    const top: Instruction[] = [];
    for (const ins of this.block(this.circuit.instructions, [])) {
      if (ins.kind === 'gate' && ins.name === 'global_phase' && ins.qubits.length === 0) {
        phase = binary('+', phase, ins.params[0]!);
      } else {
        top.push(ins);
      }
    }
    const gates: GateDefinition[] = [];
    // Definitions kept for a non-integer power, with their bodies inlined (which may keep more).
    const done = new Set<string>();
    while (done.size < this.kept.size) {
      for (const name of [...this.kept]) {
        if (done.has(name)) continue;
        done.add(name);
        const d = this.definitions.get(name)!;
        const body = d.body.flatMap((g) => this.gate(g, [], [name]));
        let defPhase: Angle = d.globalPhase ?? 0;
        const gatesOnly: GateInstruction[] = [];
        for (const g of body) {
          if (g.name === 'global_phase' && g.qubits.length === 0) {
            defPhase = binary('+', defPhase, g.params[0]!);
          } else {
            gatesOnly.push(g);
          }
        }
        gates.push({
          name: d.name,
          numQubits: d.numQubits,
          params: d.params,
          body: gatesOnly,
          ...(defPhase !== 0 ? { globalPhase: defPhase } : {}),
        });
      }
    }
    return { ...this.circuit, globalPhase: phase, gates, instructions: top };
  }

  private block(block: Block, prefix: readonly number[]): Instruction[] {
    const out: Instruction[] = [];
    block.forEach((ins, i) => {
      // Standard gates without modifiers are the common case: kept as they are.
      if (ins.kind === 'gate' && plainStandard(ins, this.definitions)) {
        out.push(this.counted(ins, prefix, i));
        return;
      }
      const path = [...prefix, i];
      if (ins.kind === 'gate') {
        for (const g of this.gate(ins, path, [])) out.push(this.counted(g, prefix, i));
        return;
      }
      out.push(this.counted(this.nested(ins, path), prefix, i));
    });
    return out;
  }

  private counted<T extends Instruction>(ins: T, prefix: readonly number[], i: number): T {
    if (++this.count > this.max) {
      throw new CircuitError(
        `the circuit expands to more than ${this.max} instructions once its gate definitions are inlined`,
        [...prefix, i],
      );
    }
    return ins;
  }

  private nested(ins: Instruction, path: readonly number[]): Instruction {
    switch (ins.kind) {
      case 'if':
        return {
          ...ins,
          then: this.block(ins.then, [...path, 0]),
          else: ins.else === null ? null : this.block(ins.else, [...path, 1]),
        };
      case 'while':
      case 'for':
      case 'box':
        return { ...ins, body: this.block(ins.body, path) };
      case 'switch':
        return {
          ...ins,
          cases: ins.cases.map((c, j) => ({ ...c, body: this.block(c.body, [...path, j]) })),
        };
      default:
        return ins;
    }
  }

  /** The standard gates (and kept non-integer powers) that `g` stands for. */
  private gate(
    g: GateInstruction,
    path: readonly number[],
    stack: readonly string[],
  ): GateInstruction[] {
    const controls = g.controls ?? 0;
    if (!Number.isInteger(controls) || controls < 0 || controls > MAX_CONTROLS) {
      throw new CircuitError(
        `gate '${g.name}' has ${String(controls)} controls (at most ${MAX_CONTROLS})`,
        path,
      );
    }
    if (new Set(g.qubits).size !== g.qubits.length) {
      throw new CircuitError(`gate '${g.name}' uses the same qubit twice`, path);
    }
    const power = g.power ?? 1;
    if (typeof power !== 'number' || !Number.isFinite(power)) {
      throw new CircuitError(`gate '${g.name}' has the power ${String(power)}`, path);
    }
    const definition = this.definitions.get(g.name);
    if (!definition) {
      const spec = standardGate(g.name);
      if (!spec) throw new CircuitError(`unknown gate '${g.name}'`, path);
      this.arity(g, spec.numQubits + controls, spec.numParams, path);
      return normaliseGate(g);
    }
    if (stack.includes(g.name)) {
      throw new CircuitError(
        `gate '${g.name}' is defined in terms of itself (${[...stack, g.name].join(' → ')})`,
        path,
      );
    }
    this.arity(g, definition.numQubits + controls, definition.params.length, path);
    if (!Number.isInteger(power)) {
      this.kept.add(g.name);
      return [g];
    }
    if (power === 0) return [];
    const targets = g.qubits.slice(controls);
    const formal = new Map(definition.params.map((p, i) => [p, g.params[i]!]));
    const bind = (a: Angle): Angle => substitute(a, (name) => formal.get(name));
    const inner = [...stack, g.name];
    let body: GateInstruction[] = [];
    for (const b of definition.body) {
      const qubits = b.qubits.map((j) => {
        const q = targets[j];
        if (!Number.isInteger(j) || q === undefined) {
          throw new CircuitError(
            `the definition of '${g.name}' uses its qubit ${String(j)}, but it has ${definition.numQubits}`,
            path,
          );
        }
        return q;
      });
      body.push(...this.gate({ ...b, qubits, params: b.params.map(bind) }, path, inner));
    }
    if (definition.globalPhase !== undefined && definition.globalPhase !== 0) {
      body.push(globalPhaseGate(bind(definition.globalPhase)));
    }
    if (power < 0) body = body.reverse().flatMap(invertGate);
    const out: GateInstruction[] = [];
    for (let r = 0; r < Math.abs(power); r++) {
      if (out.length + body.length + this.count > this.max) {
        throw new CircuitError(
          `the circuit expands to more than ${this.max} instructions once its gate definitions are inlined`,
          path,
        );
      }
      out.push(...body);
    }
    if (controls === 0) return out;
    const ctrlQubits = g.qubits.slice(0, controls);
    const ctrlState = g.ctrlState ?? allOnes(controls);
    return out.flatMap((b) => normaliseGate(addControls(b, ctrlQubits, ctrlState)));
  }

  private arity(g: GateInstruction, qubits: number, params: number, path: readonly number[]) {
    if (g.qubits.length !== qubits) {
      throw new CircuitError(
        `gate '${g.name}' acts on ${qubits} qubit(s) here, got ${g.qubits.length}`,
        path,
      );
    }
    if (g.params.length !== params) {
      throw new CircuitError(
        `gate '${g.name}' takes ${params} angle(s), got ${g.params.length}`,
        path,
      );
    }
  }
}

/**
 * A standard gate with no modifier, the right numbers of qubits and angles and distinct
 * qubits: already in canonical form.
 */
function plainStandard(
  g: GateInstruction,
  definitions: ReadonlyMap<string, GateDefinition>,
): boolean {
  if (g.controls || (g.power !== undefined && g.power !== 1) || definitions.has(g.name)) {
    return false;
  }
  const spec = standardGate(g.name);
  if (!spec || g.qubits.length !== spec.numQubits || g.params.length !== spec.numParams) {
    return false;
  }
  const q = g.qubits;
  for (let i = 0; i < q.length; i++) for (let j = 0; j < i; j++) if (q[i] === q[j]) return false;
  return true;
}

function allOnes(n: number): number {
  return n === 0 ? 0 : 2 ** n - 1;
}

function globalPhaseGate(angle: Angle): GateInstruction {
  return { kind: 'gate', name: 'global_phase', qubits: [], params: [angle] };
}

/** `g` with `ctrlQubits` (active in `ctrlState`) in front of its own controls. */
export function addControls(
  g: GateInstruction,
  ctrlQubits: readonly number[],
  ctrlState: number,
): GateInstruction {
  const own = g.controls ?? 0;
  const c = ctrlQubits.length;
  if (c + own > MAX_CONTROLS) {
    throw new CircuitError(`gate '${g.name}' would carry more than ${MAX_CONTROLS} controls`);
  }
  return {
    ...g,
    qubits: [...ctrlQubits, ...g.qubits],
    controls: c + own,
    ctrlState: ctrlState + (g.ctrlState ?? allOnes(own)) * 2 ** c,
  };
}

/** The inverse of an inlined gate (standard, or a kept non-integer power), in canonical form. */
export function invertGate(g: GateInstruction): GateInstruction[] {
  const power = g.power ?? 1;
  if (!standardGate(g.name)) return [{ ...g, power: -power }];
  return normaliseGate({ ...g, power: -power });
}

function withModifiers(
  g: GateInstruction,
  name: string,
  params: readonly Angle[],
  controls: number,
  ctrlState: number,
  power: number,
): GateInstruction {
  const { controls: _c, ctrlState: _s, power: _p, ...rest } = g;
  return {
    ...rest,
    name,
    params,
    ...(controls > 0 ? { controls, ctrlState } : {}),
    ...(power !== 1 ? { power } : {}),
  };
}

/**
 * A standard gate in canonical form (see the module comment): none when it is a zeroth power,
 * else one gate.
 */
export function normaliseGate(g: GateInstruction): GateInstruction[] {
  let name = g.name;
  let params = g.params;
  let controls = g.controls ?? 0;
  let ctrlState = controls > 0 ? (g.ctrlState ?? allOnes(controls)) : 0;
  let power = g.power ?? 1;
  if (power === 0) return [];
  const rewrite = (): void => {
    if (power === 1) return;
    const r = powerOf(name, params, power);
    if (r) {
      name = r.name;
      params = r.params;
      power = 1;
    }
  };
  rewrite();
  const split = splitControls(name);
  if (split && (controls > 0 || power !== 1)) {
    ctrlState += allOnes(split.controls) * 2 ** controls;
    controls += split.controls;
    name = split.base;
    rewrite();
  }
  if (name === 'global_phase' && controls > 0 && power === 1) {
    const last = 2 ** (controls - 1);
    if (ctrlState >= last) {
      name = 'p';
      controls -= 1;
      ctrlState -= last;
    }
  }
  if (controls > 0 && power === 1 && ctrlState === allOnes(controls)) {
    if (name === 'u' && controls === 1) {
      name = 'cu';
      params = [...params, 0];
      controls = 0;
    } else {
      const c = controlledName(name, controls);
      if (c) {
        name = c;
        controls = 0;
      }
    }
  }
  return [withModifiers(g, name, params, controls, ctrlState, power)];
}
