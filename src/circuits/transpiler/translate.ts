/**
 * Basis translation: every gate of a routed circuit rewritten in the backend's basis on the
 * physical qubits it sits on. Single-qubit gates with numeric angles are resynthesised from
 * their matrix (ZSX Euler form, or one `u`); symbolic ones follow exact rules
 * (`u(θ, φ, λ) = e^{i((φ+λ)/2 + π/2)} · rz(φ+π)·sx·rz(θ+π)·sx·rz(λ)`). Two-qubit gates already
 * in the basis on that ordered pair stay; numeric ones are synthesised by KAK into the cheapest
 * entangling gate the pair offers (`cz`, `ecr` or `cx` in the direction the backend runs it, or
 * fractional `rzz`); symbolic ones are expanded into `cx` and single-qubit gates first.
 *
 * @module
 */
import { addAngles, angleValue, scaleAngle } from '../angles.js';
import { mapBlocks } from '../blocks.js';
import { TranspileError } from '../errors.js';
import type { ComplexMatrix } from '../gates/matrix.js';
import { standardGate } from '../gates/standard.js';
import type { Angle, Block, GateInstruction, Instruction } from '../model.js';
import { oneQubitSequence, wrapAngle } from '../synthesis/euler.js';
import {
  rzzCount,
  supercontrolledCount,
  synthesizeTwoQubit,
  type LocalStep,
} from '../synthesis/two-qubit.js';
import { weylDecomposition } from '../synthesis/weyl.js';
import { asU, standardDefinition } from './decompositions.js';
import type { Target } from './target.js';

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

/** A translation in progress: output instructions and the global phase added. */
interface Sink {
  readonly out: Instruction[];
  phase: Angle;
}

/** Translates gates for one target, caching two-qubit syntheses. */
export class Translator {
  private readonly emitted = new Map<string, { gates: readonly GateInstruction[]; phase: Angle }>();

  constructor(private readonly target: Target) {}

  /** Translate a block (and its nested blocks); returns it and the global phase added. */
  translateBlock(block: Block): { block: Instruction[]; phase: Angle } {
    let phase: Angle = 0;
    const walk = (b: Block): Instruction[] => {
      const sink: Sink = { out: [], phase: 0 };
      for (const ins of b) {
        if (ins.kind === 'gate') this.gate(ins, sink);
        else sink.out.push(mapBlocks(ins, walk));
      }
      if (sink.phase !== 0) phase = addAngles(phase, sink.phase);
      return sink.out;
    };
    const out = walk(block);
    return { block: out, phase };
  }

  /** Whether a gate is already in the basis on its qubits. */
  isNative(ins: GateInstruction): boolean {
    const t = this.target;
    if (ins.qubits.length === 1) {
      const allowed = t.isa.gates.get(ins.name);
      if (allowed === undefined) return false;
      return allowed === null || allowed.has(String(ins.qubits[0]));
    }
    if (ins.qubits.length !== 2) return false;
    if (!t.twoQubitGates(ins.qubits[0]!, ins.qubits[1]!).includes(ins.name)) return false;
    if (ins.name === 'rzz') {
      const v = angleValue(ins.params[0]!);
      return v !== undefined && v >= 0 && v <= Math.PI / 2;
    }
    return true;
  }

  private gate(ins: GateInstruction, sink: Sink): void {
    if ((ins.controls ?? 0) !== 0 || (ins.power ?? 1) !== 1) {
      throw new TranspileError(`the gate ${ins.name} still carries modifiers after unrolling`);
    }
    if (this.isNative(ins)) {
      sink.out.push(ins);
      return;
    }
    const values = ins.params.map(angleValue);
    const numeric = values.every((v) => v !== undefined);
    if (ins.qubits.length === 1) {
      if (numeric)
        return this.oneQubitMatrix(
          standardGate(ins.name)!.matrix(values as number[]),
          ins.qubits[0]!,
          sink,
        );
      return this.oneQubitSymbolic(ins, sink);
    }
    if (ins.qubits.length === 2) {
      if (numeric) return this.twoQubit(ins, values as number[], sink);
      const definition = standardDefinition(ins.name, ins.params);
      if (definition === undefined) {
        throw new TranspileError(`no way to translate ${ins.name} with a symbolic angle`);
      }
      for (const g of definition.gates)
        this.gate(
          gate(
            g.name,
            g.qubits.map((q) => ins.qubits[q]!),
            g.params,
          ),
          sink,
        );
      sink.phase = addAngles(sink.phase, definition.phase);
      return;
    }
    throw new TranspileError(
      `the gate ${ins.name} on ${ins.qubits.length} qubits reached translation`,
    );
  }

  /** Synthesise a two-qubit unitary (local qubit 0 on `a`, 1 on `b`) in the basis. */
  translateUnitary(u: ComplexMatrix, a: number, b: number): { out: Instruction[]; phase: Angle } {
    const sink: Sink = { out: [], phase: 0 };
    const entry = this.synthesize(
      u,
      this.target.twoQubitGates(a, b),
      this.target.twoQubitGates(b, a),
    );
    this.emitSteps(entry, [a, b], sink);
    return sink;
  }

  private emitSteps(
    entry: { steps: readonly LocalStep[]; phase: number },
    physical: readonly number[],
    sink: Sink,
  ): void {
    for (const s of entry.steps) {
      if (s.kind === 'u1') this.oneQubitMatrix(s.matrix, physical[s.qubit]!, sink);
      else
        sink.out.push(
          gate(
            s.name,
            s.qubits.map((q) => physical[q]!),
            s.params,
          ),
        );
    }
    if (entry.phase !== 0) sink.phase = addAngles(sink.phase, entry.phase);
  }

  /** Emit a single-qubit unitary in the basis. */
  oneQubitMatrix(m: ComplexMatrix, qubit: number, sink: Sink): void {
    const seq = oneQubitSequence(m, this.target.oneQubitBasis);
    for (const g of seq.gates) {
      if (g.name === 'x' && !this.target.hasX) {
        sink.out.push(gate('sx', [qubit]), gate('sx', [qubit]));
      } else {
        sink.out.push(gate(g.name, [qubit], g.params));
      }
    }
    if (Math.abs(seq.phase) > 1e-15) sink.phase = addAngles(sink.phase, seq.phase);
  }

  private oneQubitSymbolic(ins: GateInstruction, sink: Sink): void {
    const q = ins.qubits[0]!;
    const zsx = this.target.oneQubitBasis === 'zsx';
    if (ins.name === 'rz' && zsx) {
      sink.out.push(ins);
      return;
    }
    if ((ins.name === 'p' || ins.name === 'u1') && zsx) {
      sink.out.push(gate('rz', [q], ins.params));
      sink.phase = addAngles(sink.phase, scaleAngle(ins.params[0]!, 0.5));
      return;
    }
    const form = asU(ins.name, ins.params);
    if (form === undefined)
      throw new TranspileError(`no way to translate ${ins.name} with a symbolic angle`);
    if (!zsx) {
      sink.out.push(gate('u', [q], [form.theta, form.phi, form.lambda]));
      sink.phase = addAngles(sink.phase, form.phase);
      return;
    }
    const rz = (a: Angle) => {
      const v = angleValue(a);
      if (v === undefined) sink.out.push(gate('rz', [q], [a]));
      else if (Math.abs(wrapAngle(v)) > 1e-12) sink.out.push(gate('rz', [q], [wrapAngle(v)]));
      else if (Math.abs(v) > Math.PI) sink.phase = addAngles(sink.phase, Math.PI);
    };
    rz(form.lambda);
    sink.out.push(gate('sx', [q]));
    rz(addAngles(form.theta, Math.PI));
    sink.out.push(gate('sx', [q]));
    rz(addAngles(form.phi, Math.PI));
    // u(θ, φ, λ) = e^{i((φ+λ)/2 + π/2)} · rz(φ+π)·sx·rz(θ+π)·sx·rz(λ)
    sink.phase = addAngles(
      sink.phase,
      addAngles(
        form.phase,
        addAngles(scaleAngle(addAngles(form.phi, form.lambda), 0.5), Math.PI / 2),
      ),
    );
  }

  private twoQubit(ins: GateInstruction, values: readonly number[], sink: Sink): void {
    const [a, b] = ins.qubits as [number, number];
    const forward = this.target.twoQubitGates(a, b);
    const reverse = this.target.twoQubitGates(b, a);
    if (forward.length === 0 && reverse.length === 0) {
      throw new TranspileError(
        `qubits ${a} and ${b} are not coupled (routing left ${ins.name} on them)`,
      );
    }
    const key = `${ins.name}(${values.join(',')})${a < b ? '<' : '>'}${forward.join('+')}|${reverse.join('+')}`;
    let entry = this.emitted.get(key);
    if (entry === undefined) {
      // Synthesise once on local qubits 0 and 1, then reuse the gate list for every instance.
      const u = standardGate(ins.name)!.matrix(values);
      const local: Sink = { out: [], phase: 0 };
      this.emitSteps(this.synthesize(u, forward, reverse), [0, 1], local);
      entry = { gates: local.out as GateInstruction[], phase: local.phase };
      this.emitted.set(key, entry);
    }
    for (const g of entry.gates)
      sink.out.push({ ...g, qubits: g.qubits.map((q) => (q === 0 ? a : b)) });
    if (entry.phase !== 0) sink.phase = addAngles(sink.phase, entry.phase);
  }

  /** The cheapest synthesis of `u` (local qubits 0 = a, 1 = b) with the pair's gates. */
  private synthesize(
    u: ComplexMatrix,
    forward: readonly string[],
    reverse: readonly string[],
  ): { steps: readonly LocalStep[]; phase: number } {
    const w = weylDecomposition(u);
    const options: { name: string; qubits: [number, number]; cost: number }[] = [];
    for (const name of forward) options.push({ name, qubits: [0, 1], cost: cost(name) });
    for (const name of reverse) options.push({ name, qubits: [1, 0], cost: cost(name) });
    options.sort((x, y) => x.cost - y.cost);
    const best = options[0]!;
    return synthesizeTwoQubit(u, { name: best.name, qubits: best.qubits });

    function cost(name: string): number {
      // Fractional rzz only where it saves gates: ties go to the calibrated supercontrolled gate.
      return name === 'rzz' ? rzzCount(w.a, w.b, w.c) + 0.5 : supercontrolledCount(w.a, w.b, w.c);
    }
  }
}
