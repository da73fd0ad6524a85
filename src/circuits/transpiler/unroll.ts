/**
 * Unrolling: every gate of a circuit whose custom gates are already inlined (`inlineGates`)
 * rewritten as standard gates of one or two qubits without modifiers (what routing and basis
 * translation work on). `negctrl` becomes `x` around the control, powers repeat or scale the
 * gate (as Qiskit's `Gate.power`; other powers of gates with numeric angles, and the custom
 * gates `inlineGates` keeps under such powers, are resynthesised from their unitary), added
 * controls become the named controlled gate when there is one
 * (`ctrl @ x` → `cx`) and otherwise a controlled-U (one control) or the Barenco et al.
 * recursion `C^n(U) = C(V)·C^{n−1}X·C(V†)·C^{n−1}X·C^{n−1}(V)` with `V² = U` ("Elementary gates
 * for quantum computation", PRA 52, 3457, lemma 7.5), and gates of three or more qubits are
 * replaced by their definitions. Control-flow blocks are unrolled in place.
 *
 * @module
 */
import { addAngles, angleValue, negateAngle } from '../angles.js';
import { TranspileError } from '../errors.js';
import type { ComplexMatrix } from '../gates/matrix.js';
import { standardGate } from '../gates/standard.js';
import { inverseGate } from '../inverse.js';
import type { Angle, Block, GateDefinition, GateInstruction, Instruction } from '../model.js';
import { zyzAngles } from '../synthesis/euler.js';
import { synthesizeTwoQubit } from '../synthesis/two-qubit.js';
import { powerOf } from '../gates/modifiers.js';
import { unitaryPower } from '../gates/power.js';
import { gateUnitary } from '../unitary.js';
import { mapBlocks } from '../blocks.js';
import { asU, standardDefinition } from './decompositions.js';

/** A standard controlled gate as its base gate and number of controls. */
const CONTROLLED: ReadonlyMap<string, readonly [base: string, controls: number]> = new Map([
  ['cx', ['x', 1]],
  ['ccx', ['x', 2]],
  ['c3x', ['x', 3]],
  ['c4x', ['x', 4]],
  ['cy', ['y', 1]],
  ['cz', ['z', 1]],
  ['ccz', ['z', 2]],
  ['ch', ['h', 1]],
  ['cs', ['s', 1]],
  ['csdg', ['sdg', 1]],
  ['csx', ['sx', 1]],
  ['c3sx', ['sx', 3]],
  ['cp', ['p', 1]],
  ['cu1', ['p', 1]],
  ['crx', ['rx', 1]],
  ['cry', ['ry', 1]],
  ['crz', ['rz', 1]],
  ['cswap', ['swap', 1]],
]);

/** Named gates for a base gate with one control. */
const ONE_CONTROL: ReadonlyMap<string, string> = new Map([
  ['x', 'cx'],
  ['y', 'cy'],
  ['z', 'cz'],
  ['h', 'ch'],
  ['s', 'cs'],
  ['sdg', 'csdg'],
  ['sx', 'csx'],
  ['p', 'cp'],
  ['u1', 'cp'],
  ['rx', 'crx'],
  ['ry', 'cry'],
  ['rz', 'crz'],
  ['swap', 'cswap'],
]);

/** Gates written with more than one control, by base gate and number of controls. */
const MULTI_CONTROL: ReadonlyMap<string, string> = new Map([
  ['x:2', 'ccx'],
  ['z:2', 'ccz'],
]);

/** Deepest nesting of definitions and control recursion accepted. */
const MAX_DEPTH = 64;

/** The unrolled form of one gate: standard gates of at most two qubits and a global phase. */
export interface Unrolled {
  readonly gates: GateInstruction[];
  phase: Angle;
}

const gate = (
  name: string,
  qubits: readonly number[],
  params: readonly Angle[] = [],
): GateInstruction => ({
  kind: 'gate',
  name,
  qubits,
  params,
});

/** Unrolls gates against a circuit's definitions. */
export class Unroller {
  private readonly definitions: ReadonlyMap<string, GateDefinition>;

  constructor(definitions: readonly GateDefinition[]) {
    this.definitions = new Map(definitions.map((d) => [d.name, d]));
  }

  /** Unroll one gate instruction. */
  unrollGate(ins: GateInstruction): Unrolled {
    const out: Unrolled = { gates: [], phase: 0 };
    const controls = ins.controls ?? 0;
    this.expand(
      out,
      ins.name,
      ins.qubits,
      ins.params,
      controls,
      ins.ctrlState ?? (1 << controls) - 1,
      ins.power ?? 1,
      0,
    );
    return out;
  }

  /** Unroll every gate of a block (and of the blocks nested in it); returns the added phase. */
  unrollBlock(block: Block): { block: Instruction[]; phase: Angle } {
    let phase: Angle = 0;
    const walk = (b: Block): Instruction[] => {
      const out: Instruction[] = [];
      for (const ins of b) {
        if (ins.kind === 'gate') {
          const u = this.unrollGate(ins);
          out.push(...u.gates);
          if (u.phase !== 0) phase = addAngles(phase, u.phase);
        } else {
          out.push(mapBlocks(ins, walk));
        }
      }
      return out;
    };
    const block2 = walk(block);
    return { block: block2, phase };
  }

  private expand(
    out: Unrolled,
    name: string,
    qubits: readonly number[],
    params: readonly Angle[],
    controls: number,
    ctrlState: number,
    power: number,
    depth: number,
  ): void {
    if (depth > MAX_DEPTH) {
      throw new TranspileError(`the gate ${name} nests definitions or controls too deeply`);
    }
    const next = depth + 1;
    const all = (1 << controls) - 1;
    // Negative controls: flip them, control on |1⟩, flip back.
    if (controls > 0 && ctrlState !== all) {
      const flips = [];
      for (let i = 0; i < controls; i++) if (((ctrlState >> i) & 1) === 0) flips.push(qubits[i]!);
      for (const q of flips) out.gates.push(gate('x', [q]));
      this.expand(out, name, qubits, params, controls, all, power, next);
      for (const q of flips) out.gates.push(gate('x', [q]));
      return;
    }
    const custom = this.definitions.get(name);
    if (custom !== undefined)
      return this.customGate(out, custom, qubits, params, controls, power, next);
    if (power !== 1) return this.power(out, name, qubits, params, controls, power, next);
    if (controls > 0) return this.control(out, name, qubits, params, controls, next);
    const std = standardGate(name);
    if (std === undefined) throw new TranspileError(`unknown gate '${name}'`);
    if (std.numQubits === 0) {
      out.phase = addAngles(out.phase, params[0]!);
      return;
    }
    if (std.numQubits <= 2) {
      out.gates.push(gate(name, qubits, params));
      return;
    }
    const definition = standardDefinition(name, params);
    if (definition === undefined) {
      // c3x, c3sx, c4x: defined through their controls.
      const named = CONTROLLED.get(name);
      if (named === undefined) throw new TranspileError(`no definition for the gate ${name}`);
      return this.expand(out, named[0], qubits, params, named[1], (1 << named[1]) - 1, 1, next);
    }
    for (const g of definition.gates) {
      this.expand(
        out,
        g.name,
        g.qubits.map((q) => qubits[q]!),
        g.params,
        0,
        0,
        1,
        next,
      );
    }
    out.phase = addAngles(out.phase, definition.phase);
  }

  /** A base gate raised to `power` (≠ 1), possibly controlled. */
  private power(
    out: Unrolled,
    name: string,
    qubits: readonly number[],
    params: readonly Angle[],
    controls: number,
    power: number,
    depth: number,
  ): void {
    const all = (1 << controls) - 1;
    const scaled = power === -1 ? undefined : powerOf(name, params, power);
    if (scaled !== undefined) {
      return this.expand(out, scaled.name, qubits, scaled.params, controls, all, 1, depth);
    }
    if (Number.isInteger(power)) {
      for (let i = 0; i < Math.abs(power); i++) {
        if (power > 0) {
          this.expand(out, name, qubits, params, controls, all, 1, depth);
        } else {
          this.inverse(out, name, qubits, params, controls, depth);
        }
      }
      return;
    }
    // Any other power, with numeric angles: the principal power of the unitary, resynthesised.
    const width = standardGate(name)?.numQubits ?? 0;
    if (width <= 2 && params.every((p) => angleValue(p) !== undefined)) {
      const base = gateUnitary(
        gate(
          name,
          Array.from({ length: width }, (_, i) => i),
          params,
        ),
        this.definitions,
      );
      return this.matrix(out, unitaryPower(base, power), qubits, controls, depth);
    }
    throw new TranspileError(
      `pow(${power}) of the gate ${name} is not supported: only integer powers, powers of rotations and of single-qubit gates with numeric angles`,
    );
  }

  /**
   * A custom gate left after inlining (`inlineGates` keeps those under a non-integer power):
   * its unitary, when it has at most two qubits and numeric angles, resynthesised.
   */
  private customGate(
    out: Unrolled,
    def: GateDefinition,
    qubits: readonly number[],
    params: readonly Angle[],
    controls: number,
    power: number,
    depth: number,
  ): void {
    if (def.numQubits > 2 || params.some((p) => angleValue(p) === undefined)) {
      throw new TranspileError(
        `the gate ${def.name} cannot be expanded: a non-integer power of a custom gate needs numeric angles and at most two qubits`,
      );
    }
    const targets = Array.from({ length: def.numQubits }, (_, i) => i);
    const base = gateUnitary(gate(def.name, targets, params), this.definitions);
    this.matrix(out, power === 1 ? base : unitaryPower(base, power), qubits, controls, depth);
  }

  /** A one- or two-qubit unitary (under `controls`), as `u` gates, `cx` and a phase. */
  private matrix(
    out: Unrolled,
    m: ComplexMatrix,
    qubits: readonly number[],
    controls: number,
    depth: number,
  ): void {
    const all = (1 << controls) - 1;
    const ctrl = qubits.slice(0, controls);
    const targets = qubits.slice(controls);
    const emit1 = (u: ComplexMatrix, q: number) => {
      const z = zyzAngles(u);
      // e^{iγ}·Rz(φ)Ry(θ)Rz(λ) = e^{i(γ − (φ+λ)/2)}·u(θ, φ, λ)
      this.expand(out, 'u', [...ctrl, q], [z.theta, z.phi, z.lambda], controls, all, 1, depth);
      this.expand(
        out,
        'global_phase',
        ctrl,
        [z.phase - (z.phi + z.lambda) / 2],
        controls,
        all,
        1,
        depth,
      );
    };
    if (m.dim === 2) return emit1(m, targets[0]!);
    const seq = synthesizeTwoQubit(m, { name: 'cx', qubits: [0, 1] });
    for (const step of seq.steps) {
      if (step.kind === 'u1') emit1(step.matrix, targets[step.qubit]!);
      else
        this.expand(
          out,
          step.name,
          [...ctrl, ...step.qubits.map((q) => targets[q]!)],
          step.params,
          controls,
          all,
          1,
          depth,
        );
    }
    this.expand(out, 'global_phase', ctrl, [seq.phase], controls, all, 1, depth);
  }

  /** The inverse of a standard gate: its named inverse, or its definition inverted. */
  private inverse(
    out: Unrolled,
    name: string,
    qubits: readonly number[],
    params: readonly Angle[],
    controls: number,
    depth: number,
  ): void {
    const all = (1 << controls) - 1;
    const ctrl = qubits.slice(0, controls);
    const targets = qubits.slice(controls);
    const inv = inverseGate(gate(name, targets, params));
    if ((inv.power ?? 1) === 1) {
      return this.expand(
        out,
        inv.name,
        [...ctrl, ...inv.qubits],
        inv.params,
        controls,
        all,
        1,
        depth,
      );
    }
    const definition = standardDefinition(name, params);
    if (definition === undefined) {
      throw new TranspileError(`no inverse for the gate ${name}`);
    }
    for (const g of [...definition.gates].reverse()) {
      const gi = inverseGate(g);
      const mapped = [...ctrl, ...gi.qubits.map((q) => targets[q]!)];
      this.expand(out, gi.name, mapped, gi.params, controls, all, gi.power ?? 1, depth);
    }
    if (definition.phase !== 0) {
      this.expand(
        out,
        'global_phase',
        ctrl,
        [negateAngle(definition.phase)],
        controls,
        all,
        1,
        depth,
      );
    }
  }

  /** A standard gate under `controls` (≥ 1) controls, all active on |1⟩. */
  private control(
    out: Unrolled,
    name: string,
    qubits: readonly number[],
    params: readonly Angle[],
    controls: number,
    depth: number,
  ): void {
    // Fold a named controlled gate's own controls into the count.
    const named = CONTROLLED.get(name);
    if (named !== undefined) {
      return this.expand(
        out,
        named[0],
        qubits,
        params,
        controls + named[1],
        (1 << (controls + named[1])) - 1,
        1,
        depth,
      );
    }
    const std = standardGate(name);
    if (std === undefined) throw new TranspileError(`unknown gate '${name}'`);
    const all = (n: number) => (1 << n) - 1;
    if (std.numQubits === 0) {
      // A controlled global phase is a phase gate on the controls.
      if (controls === 1) return this.expand(out, 'p', qubits, params, 0, 0, 1, depth);
      return this.expand(out, 'p', qubits, params, controls - 1, all(controls - 1), 1, depth);
    }
    if (name === 'id') return;
    if (std.numQubits === 1) {
      if (controls === 1) return this.controlOne(out, name, qubits, params, depth);
      const multi = MULTI_CONTROL.get(`${name}:${controls}`);
      if (multi !== undefined) return this.expand(out, multi, qubits, params, 0, 0, 1, depth);
      return this.barenco(out, name, qubits, params, controls, depth);
    }
    if (name === 'swap' && controls === 1)
      return this.expand(out, 'cswap', qubits, [], 0, 0, 1, depth);
    const definition = standardDefinition(name, params);
    if (definition === undefined) throw new TranspileError(`no definition for the gate ${name}`);
    const ctrl = qubits.slice(0, controls);
    const targets = qubits.slice(controls);
    for (const g of definition.gates) {
      this.expand(
        out,
        g.name,
        [...ctrl, ...g.qubits.map((q) => targets[q]!)],
        g.params,
        controls,
        all(controls),
        1,
        depth,
      );
    }
    if (definition.phase !== 0) {
      this.expand(out, 'global_phase', ctrl, [definition.phase], controls, all(controls), 1, depth);
    }
  }

  /** A single-qubit standard gate under one control. */
  private controlOne(
    out: Unrolled,
    name: string,
    qubits: readonly number[],
    params: readonly Angle[],
    depth: number,
  ): void {
    const named = ONE_CONTROL.get(name);
    if (named !== undefined) return this.expand(out, named, qubits, params, 0, 0, 1, depth);
    if (name === 't' || name === 'tdg') {
      return this.expand(
        out,
        'cp',
        qubits,
        [name === 't' ? Math.PI / 4 : -Math.PI / 4],
        0,
        0,
        1,
        depth,
      );
    }
    const form = asU(name, params);
    if (form !== undefined) {
      out.gates.push(gate('cu', qubits, [form.theta, form.phi, form.lambda, form.phase]));
      return;
    }
    const values = params.map((p) => angleValue(p));
    if (values.some((v) => v === undefined)) {
      throw new TranspileError(`a controlled ${name} with a symbolic angle is not supported`);
    }
    const z = zyzAngles(standardGate(name)!.matrix(values as number[]));
    out.gates.push(
      gate('cu', qubits, [z.theta, z.phi, z.lambda, z.phase - (z.phi + z.lambda) / 2]),
    );
  }

  /** `C^n(U)` for a single-qubit `U` and `n ≥ 2` (Barenco et al., lemma 7.5). */
  private barenco(
    out: Unrolled,
    name: string,
    qubits: readonly number[],
    params: readonly Angle[],
    controls: number,
    depth: number,
  ): void {
    const ctrl = qubits.slice(0, controls);
    const target = qubits[controls]!;
    const last = ctrl[controls - 1]!;
    const rest = ctrl.slice(0, controls - 1);
    const all = (n: number) => (1 << n) - 1;
    const xs = () =>
      this.expand(out, 'x', [...rest, last], [], rest.length, all(rest.length), 1, depth);
    this.expand(out, name, [last, target], params, 1, 1, 0.5, depth);
    xs();
    this.expand(out, name, [last, target], params, 1, 1, -0.5, depth);
    xs();
    this.expand(out, name, [...rest, target], params, rest.length, all(rest.length), 0.5, depth);
  }
}
