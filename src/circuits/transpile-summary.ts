/**
 * What a transpilation did to a circuit, in the terms a user checks it by: the two-qubit gates
 * it now has, where each qubit started and ended, and which device qubit each measured qubit
 * is measured on (the output measures into the same classical bits, which joins the two).
 *
 * @module
 */
import { forEachInstruction } from './blocks.js';
import type { Circuit, Register } from './model.js';
import type { QuantumCircuit } from './quantum-circuit.js';

/** One of the input's qubits, by its name, and a device qubit. */
export interface PlacedQubit {
  /** `q[0]`: the register and index the input gives the qubit (`q<i>` for a qubit in none). */
  readonly name: string;
  readonly physical: number;
}

/** The summary of one transpilation. */
export interface TranspileSummary {
  /** Two-qubit gates of the output, by name (`{ cz: 1 }`), control-flow bodies included. */
  readonly twoQubitGates: Readonly<Record<string, number>>;
  /** The device qubit each input qubit starts on. */
  readonly initialLayout: readonly number[];
  /** The device qubit each input qubit ends on (where Estimator observables go). */
  readonly finalLayout: readonly number[];
  /** The name of each input qubit. */
  readonly qubitNames: readonly string[];
  /** Each measured input qubit and the device qubit it is measured on, in qubit order. */
  readonly measured: readonly PlacedQubit[];
}

/** `name[i]` of each qubit from `registers` (the first register that holds it). */
function qubitNames(registers: readonly Register[], count: number): string[] {
  const names = Array.from({ length: count }, (_, q) => `q${q}`);
  for (const r of [...registers].reverse()) {
    r.bits.forEach((bit, i) => {
      if (bit < count) names[bit] = `${r.name}[${i}]`;
    });
  }
  return names;
}

/** For each clbit, the qubit its last measurement reads (nested blocks included). */
function measuredBy(circuit: Circuit): Map<number, number> {
  const out = new Map<number, number>();
  forEachInstruction(circuit.instructions, (ins) => {
    if (ins.kind === 'measure' && ins.clbit !== null) out.set(ins.clbit, ins.qubit);
  });
  return out;
}

function twoQubitGates(circuit: Circuit): Record<string, number> {
  const out: Record<string, number> = {};
  forEachInstruction(circuit.instructions, (ins) => {
    if (ins.kind === 'gate' && ins.qubits.length === 2) out[ins.name] = (out[ins.name] ?? 0) + 1;
  });
  return out;
}

/**
 * Summarise the transpilation of `input` into `output` (a `transpile` result, which carries its
 * layout).
 */
export function summarizeTranspile(input: Circuit, output: QuantumCircuit): TranspileSummary {
  const layout = output.layout;
  if (layout === undefined) throw new TypeError('the output of transpile carries its layout');
  const model = output.toCircuit();
  const names = qubitNames(input.qregs, input.numQubits);
  const before = measuredBy(input);
  const after = measuredBy(model);
  const placed = new Map<number, number>();
  for (const [clbit, qubit] of before) {
    const physical = after.get(clbit);
    if (physical !== undefined && !placed.has(qubit)) placed.set(qubit, physical);
  }
  return {
    twoQubitGates: twoQubitGates(model),
    initialLayout: [...layout.initialLayout],
    finalLayout: layout.finalIndexLayout(),
    qubitNames: names,
    measured: [...placed.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([q, physical]) => ({ name: names[q]!, physical })),
  };
}
