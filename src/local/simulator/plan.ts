/**
 * Prepares a circuit for simulation: custom gates inlined (`inlineGates`), feed-forward that
 * can be written as controlled gates rewritten so (`defer.ts`), the program compiled with only
 * the qubits some gate acts on (`program.ts`), measurements that can be read from the final
 * state marked (`analysis.ts`), and the limits checked against what will really be simulated.
 *
 * @module
 */
import { CircuitError } from '../../circuits/errors.js';
import { inlineGates } from '../../circuits/inline.js';
import type { Circuit } from '../../circuits/model.js';
import { markTerminalMeasurementsSliced } from './analysis.js';
import { deferMeasurementsSliced } from './defer.js';
import { fuseGatesSliced } from './fusion.js';
import { SimulationError } from './errors.js';
import type { SimulatorLimits } from './limits.js';
import { compileProgramSliced, type Program } from './program.js';
import { INSTRUCTION_WORK, INSTRUCTIONS_PER_YIELD, type Sliced } from './sliced.js';
import { checkCircuitShape } from './validate.js';

/** A circuit ready to simulate. */
export interface Plan {
  readonly program: Program;
  /** True when some step needs the branch machine to split or read classical bits. */
  readonly dynamic: boolean;
  /**
   * For each simulated qubit, the number of qubits in its connected component over all the
   * program's gates: the most qubits its part of the state can ever entangle.
   */
  readonly componentQubits: Int32Array;
  /** Number of gate steps in the program. */
  readonly numGates: number;
  /** Rough amplitude updates of one run of the program, for progress reports. */
  readonly work: number;
}

/** How to plan. */
export interface PlanOptions {
  /**
   * Plan for sampling (default true): feed-forward on freshly measured bits becomes controlled
   * gates (`defer.ts`) and a measurement is read from the final state whenever nothing mixes its
   * qubit afterwards. Both are exact for samples. The estimator plans with `false`: only final
   * measurements are left out and measured qubits collapse, since a measured qubit that never
   * collapses keeps coherences an observable with X or Y on it would see.
   */
  readonly defer?: boolean;
}

/**
 * Plan `circuit` under `limits`, as a sliced computation (see `sliced.ts`): every pass over
 * the circuit yields after each few dozen instructions, so a caller driving it through
 * `Cooperation.drive` keeps the event loop turning and sees an abort while a large circuit is
 * planned. Only inlining custom gates (`inlineGates`) runs whole. Throws
 * {@link SimulationError} when the circuit is malformed or too large (`maxInstructions`,
 * `maxQubits`).
 */
export function* planCircuit(
  circuit: Circuit,
  limits: SimulatorLimits,
  options: PlanOptions = {},
): Sliced<Plan> {
  yield* checkCircuitShape(circuit);
  if (circuit.instructions.length > limits.maxInstructions) {
    throw new SimulationError(
      `the circuit has ${circuit.instructions.length} instructions, more than the limit of ${limits.maxInstructions}`,
      'maxInstructions',
    );
  }
  let inlined: Circuit;
  try {
    inlined = inlineGates(circuit, { maxInstructions: limits.maxInstructions });
  } catch (e) {
    if (e instanceof CircuitError) {
      const bound = /expands to more than/.test(e.message);
      throw new SimulationError(
        bound ? e.message : `invalid circuit: ${e.message}`,
        bound ? 'maxInstructions' : undefined,
      );
    }
    if (e instanceof TypeError) {
      throw new SimulationError(`invalid circuit: ${e.message}`);
    }
    throw e;
  }
  yield inlined.instructions.length * INSTRUCTION_WORK;
  let program: Program;
  try {
    const deferred = options.defer === false ? inlined : yield* deferMeasurementsSliced(inlined);
    program = yield* compileProgramSliced(deferred);
  } catch (e) {
    if (e instanceof TypeError) throw new SimulationError(`invalid circuit: ${e.message}`);
    throw e;
  }
  if (program.numSimulated > limits.maxQubits) {
    throw new SimulationError(
      `the circuit acts on ${program.numSimulated} qubits, more than the limit of ${limits.maxQubits}`,
      'maxQubits',
    );
  }
  const { dynamic } = yield* markTerminalMeasurementsSliced(program, options.defer === false);
  program = yield* fuseGatesSliced(program);
  const componentQubits = yield* components(program);
  let numGates = 0;
  let work = 0;
  for (let pc = 0; pc < program.ops.length; pc++) {
    if (pc % (16 * INSTRUCTIONS_PER_YIELD) === 0) yield INSTRUCTIONS_PER_YIELD * INSTRUCTION_WORK;
    const op = program.ops[pc]!;
    if (op.op !== 'gate' && op.op !== 'parametric') continue;
    numGates++;
    const q = op.op === 'gate' ? (op.gate.targets[0] ?? 0) : (op.qubits[0] ?? 0);
    work += 2 ** (componentQubits[q] ?? 0);
  }
  return { program, dynamic, componentQubits, numGates, work };
}

/** Connected components of the simulated qubits under the program's gates. */
function* components(program: Program): Sliced<Int32Array> {
  const n = program.numSimulated;
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]!]!;
      x = parent[x]!;
    }
    return x;
  };
  for (let pc = 0; pc < program.ops.length; pc++) {
    if (pc % (16 * INSTRUCTIONS_PER_YIELD) === 0) yield INSTRUCTIONS_PER_YIELD * INSTRUCTION_WORK;
    const op = program.ops[pc]!;
    const qubits =
      op.op === 'gate'
        ? [...op.gate.targets, ...op.gate.controls]
        : op.op === 'parametric'
          ? op.qubits
          : [];
    for (let i = 1; i < qubits.length; i++) parent[find(qubits[i]!)] = find(qubits[0]!);
  }
  const size = new Int32Array(n);
  for (let q = 0; q < n; q++) size[find(q)]!++;
  return Int32Array.from({ length: n }, (_, q) => size[find(q)]!);
}
