/**
 * Prepares a circuit for simulation: checks it against the limits, keeps only the qubits
 * some gate acts on (renumbered in order; the others stay in |0⟩), flattens classical bits,
 * precompiles gates whose angles are known (fusing runs of single-qubit gates on one qubit),
 * and marks each measurement as terminal (nothing acts on its qubit afterwards) or not.
 *
 * @module
 */
import type { Circuit } from '../../circuits/model.js';
import { CANONICAL_GATES } from '../../circuits/qasm/gates.js';
import { substitute } from '../../circuits/qasm/expression.js';
import { describeValue } from '../../codecs/errors.js';
import { SimulationError } from './errors.js';
import { fuseSingleQubitGates } from './fusion.js';
import type { Step } from './step.js';
import { compileGate, type GateOp, type StandardGateName } from './gate-ops.js';

export type { Step } from './step.js';
import type { SimulatorLimits } from './limits.js';

/** A circuit ready to simulate. */
export interface Plan {
  /** The circuit's declared width (observables are written over this many qubits). */
  readonly numQubits: number;
  /** Number of qubits actually simulated. */
  readonly numSimulated: number;
  /** For each circuit qubit, its simulated position or −1. */
  readonly position: Int32Array;
  readonly steps: readonly Step[];
  readonly registers: readonly { readonly name: string; readonly size: number }[];
  /** Flat index of each register's bit 0. */
  readonly registerOffsets: readonly number[];
  readonly numClbits: number;
  /** The circuit's parameter names, in declaration order (the columns of a bindings row). */
  readonly parameters: readonly string[];
  /** Number of gate steps (each costs one pass over the state). */
  readonly numGates: number;
  /** True when some measurement writes a classical bit. */
  readonly writesClbits: boolean;
}

function fail(message: string): never {
  throw new SimulationError(`invalid circuit: ${message}`);
}

/**
 * Plan `circuit` under `limits`. Throws {@link SimulationError} when a limit is exceeded
 * (`maxInstructions`, `maxQubits`) or when a circuit object is malformed.
 */
export function planCircuit(circuit: Circuit, limits: SimulatorLimits): Plan {
  if (typeof circuit !== 'object' || circuit === null) {
    fail(`expected a circuit object, got ${describeValue(circuit)}`);
  }
  const { numQubits, numClbits, instructions, cregs, parameters } = circuit;
  if (!Number.isInteger(numQubits) || numQubits < 0)
    fail(`numQubits is ${describeValue(numQubits)}`);
  if (!Array.isArray(instructions as unknown)) fail('instructions must be a list');
  if (!Number.isInteger(numClbits) || numClbits < 0) {
    fail(`numClbits is ${describeValue(numClbits)}`);
  }
  if (!Array.isArray(cregs as unknown)) fail('cregs must be a list');
  if (!Array.isArray(parameters as unknown) || parameters.some((p) => typeof p !== 'string')) {
    fail('parameters must be a list of names');
  }
  if (instructions.length > limits.maxInstructions) {
    throw new SimulationError(
      `the circuit has ${instructions.length} instructions, more than the limit of ${limits.maxInstructions}`,
      'maxInstructions',
    );
  }

  // Each register's samples are read from a run of consecutive classical bits.
  const names = new Set<string>();
  const registerOffsets: number[] = [];
  for (const r of cregs) {
    const bits = r?.bits as readonly unknown[] | undefined;
    if (typeof r?.name !== 'string' || !Array.isArray(bits) || names.has(r.name)) {
      fail(`bad classical register ${describeValue(r?.name)}`);
    }
    const first = bits.length === 0 ? 0 : bits[0];
    const contiguous = bits.every(
      (b, i) => typeof b === 'number' && b === (first as number) + i && b < numClbits,
    );
    if (!contiguous || typeof first !== 'number' || !Number.isInteger(first) || first < 0) {
      fail(`classical register '${r.name}' must be a run of consecutive bits below ${numClbits}`);
    }
    names.add(r.name);
    registerOffsets.push(first);
  }

  const checkQubit = (q: unknown): number => {
    if (typeof q !== 'number' || !Number.isInteger(q) || q < 0 || q >= numQubits) {
      fail(`qubit ${describeValue(q)} is out of range for ${numQubits} qubits`);
    }
    return q;
  };

  // Which qubits a gate acts on.
  const active = new Uint8Array(numQubits);
  for (const ins of instructions) {
    if (ins?.kind === 'gate') {
      const spec = CANONICAL_GATES.get(ins.name);
      if (!spec) fail(`unknown gate ${describeValue(ins.name)}`);
      if (!Array.isArray(ins.qubits) || ins.qubits.length !== spec.numQubits) {
        fail(`gate '${ins.name}' needs ${spec.numQubits} qubit(s)`);
      }
      if (!Array.isArray(ins.params) || ins.params.length !== spec.numParams) {
        fail(`gate '${ins.name}' needs ${spec.numParams} angle(s)`);
      }
      if ((ins.controls ?? 0) !== 0 || (ins.power ?? 1) !== 1) {
        fail(`gate '${ins.name}' carries modifiers, which the simulator does not run`);
      }
      if (ins.name === 'id') continue;
      for (const q of ins.qubits) active[checkQubit(q)] = 1;
    }
  }
  const position = new Int32Array(numQubits).fill(-1);
  let numSimulated = 0;
  for (let q = 0; q < numQubits; q++) if (active[q]) position[q] = numSimulated++;
  if (numSimulated > limits.maxQubits) {
    throw new SimulationError(
      `the circuit acts on ${numSimulated} qubits, more than the limit of ${limits.maxQubits}`,
      'maxQubits',
    );
  }

  // Walk backwards to find, for each measurement, whether its qubit is touched later.
  const touchedLater = new Uint8Array(numQubits);
  const terminal: boolean[] = new Array<boolean>(instructions.length).fill(false);
  for (let i = instructions.length - 1; i >= 0; i--) {
    const ins = instructions[i]!;
    if (ins.kind === 'gate') {
      if (ins.name !== 'id') for (const q of ins.qubits) touchedLater[q] = 1;
    } else if (ins.kind === 'reset') {
      touchedLater[checkQubit(ins.qubit)] = 1;
    } else if (ins.kind === 'measure') {
      terminal[i] = !touchedLater[checkQubit(ins.qubit)];
    }
  }

  const steps: Step[] = [];
  let writesClbits = false;
  instructions.forEach((ins, i) => {
    switch (ins.kind) {
      case 'gate': {
        if (ins.name === 'id') return;
        const qubits = ins.qubits.map((q) => position[q]!);
        if (ins.params.every((p) => typeof p === 'number')) {
          steps.push({
            kind: 'gate',
            op: compileGate(ins.name, qubits, ins.params as number[], numSimulated),
          });
        } else {
          steps.push({
            kind: 'parametric',
            name: ins.name as StandardGateName,
            qubits,
            params: ins.params,
          });
        }
        return;
      }
      case 'measure': {
        let clbit = -1;
        if (ins.clbit !== null) {
          if (!Number.isInteger(ins.clbit) || ins.clbit < 0 || ins.clbit >= numClbits) {
            fail(`classical bit ${describeValue(ins.clbit)} is out of range for ${numClbits} bits`);
          }
          clbit = ins.clbit;
          writesClbits = true;
        }
        steps.push({ kind: 'measure', qubit: position[ins.qubit]!, clbit, terminal: terminal[i]! });
        return;
      }
      case 'reset':
        steps.push({ kind: 'reset', qubit: position[ins.qubit]! });
        return;
      case 'barrier':
      case 'delay':
        return;
      default:
        fail(`unknown instruction ${describeValue((ins as { kind?: unknown })?.kind)}`);
    }
  });

  const fused = fuseSingleQubitGates(steps);
  const numGates = fused.filter((s) => s.kind === 'gate' || s.kind === 'parametric').length;
  return {
    numQubits,
    numSimulated,
    position,
    steps: fused,
    registers: cregs.map((r) => ({ name: r.name, size: r.bits.length })),
    registerOffsets,
    numClbits,
    parameters,
    numGates,
    writesClbits,
  };
}

/**
 * Compile a parametric step with one row of parameter values (columns in `plan.parameters`
 * order). Throws {@link SimulationError} when an angle is not a finite number.
 */
export function bindStep(
  plan: Plan,
  step: Step & { kind: 'parametric' },
  row: Float64Array,
  rowOffset: number,
): GateOp {
  const angles = step.params.map((p) => {
    const v = substitute(p, (name) => {
      const j = plan.parameters.indexOf(name);
      return j >= 0 ? row[rowOffset + j] : undefined;
    });
    if (typeof v !== 'number') {
      throw new SimulationError(
        `gate '${step.name}' uses a parameter the circuit does not declare`,
      );
    }
    if (!Number.isFinite(v)) {
      throw new SimulationError(
        `gate '${step.name}' gets the non-finite angle ${v} from the parameter values`,
      );
    }
    return v;
  });
  return compileGate(step.name, step.qubits, angles, plan.numSimulated);
}
