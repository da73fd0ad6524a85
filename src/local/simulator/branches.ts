/**
 * The branch machine: runs a compiled program for one parameter binding. A branch is a program
 * counter, a classical memory and a state. Where a mid-circuit measurement (or a reset) has a
 * random outcome, the branch splits in two, each continuing with one outcome; everything else
 * runs once per branch, however many shots the branch stands for.
 *
 * - For the sampler, a branch carries a number of shots: at a split they are divided by a
 *   binomial draw with the outcome's probability (an exact multinomial overall), and a side
 *   that gets no shot is not followed. A circuit whose outcomes all matter therefore costs at
 *   most one simulation per shot, and one whose randomness is rare costs little more than its
 *   static form. At the end each branch draws its shots from its final state.
 * - For the estimator, a branch carries its probability and every outcome of non-zero
 *   probability is followed, giving the exact mixture.
 *
 * Branches are explored depth first (outcome 0 first), so the same seed gives the same result.
 *
 * @module
 */
import { toBigInt, toBoolean, type Memory, type Value, BIT_ONE, BIT_ZERO } from './classical.js';
import { compileGate } from './compiled-gate.js';
import type { Cooperation } from './cooperation.js';
import { SimulationError } from './errors.js';
import { loopLength, loopValue, type Program } from './program.js';
import { binomial, type Rng } from './rng.js';
import { QuantumState, type StateContext } from './state.js';
import { CERTAINTY_TOLERANCE } from './statevector.js';

/** A branch that reached the end of the program. */
export interface Leaf {
  readonly state: QuantumState;
  readonly memory: Memory;
  /** Shots (sampler) or probability (estimator) the branch stands for. */
  readonly amount: number;
}

/** How a run splits and what it bounds. */
export interface BranchOptions {
  readonly mode: 'shots' | 'exact';
  /** Shots of the binding (`'shots'` mode); ignored in `'exact'` mode. */
  readonly shots: number;
  readonly rng: Rng;
  readonly cooperation: Cooperation;
  readonly state: StateContext;
  readonly maxBranches: number;
  readonly maxLoopIterations: number;
}

interface Branch {
  pc: number;
  state: QuantumState;
  memory: Memory;
  amount: number;
  iterations: number;
}

/** Classical work charged per executed step (for yielding and progress). */
const STEP_WORK = 16;

function copyValue(v: Value): Value {
  return Array.isArray(v) ? v.map(copyValue) : v;
}

function forkMemory(m: Memory): Memory {
  return { bits: m.bits.slice(), vars: m.vars.map(copyValue) };
}

/**
 * Run `program` with the binding `row[rowOffset …]`, calling `leaf` for every branch that
 * reaches the end (in depth-first order). Throws {@link SimulationError} when the branches or
 * loop iterations exceed their limits.
 */
export async function runBranches(
  program: Program,
  row: Float64Array,
  rowOffset: number,
  options: BranchOptions,
  leaf: (l: Leaf) => Promise<void>,
): Promise<void> {
  const { cooperation } = options;
  const memory: Memory = {
    bits: new Int32Array(program.numClbits).fill(BIT_ZERO),
    vars: new Array<Value>(program.numSlots).fill(0),
  };
  program.initialise(memory, row, rowOffset);
  const pending: Branch[] = [
    {
      pc: 0,
      state: QuantumState.zero(program.numSimulated, options.state),
      memory,
      amount: options.mode === 'shots' ? options.shots : 1,
      iterations: 0,
    },
  ];
  let splits = 0;
  const split = (): void => {
    options.state.metrics.branches++;
    if (++splits > options.maxBranches) {
      throw new SimulationError(
        `the circuit's mid-circuit measurements and resets split one simulation into more than ${options.maxBranches} branches (limit maxBranches)`,
        'maxBranches',
      );
    }
  };
  const ops = program.ops;
  while (pending.length > 0) {
    const b = pending.pop()!;
    while (b.pc < ops.length) {
      const op = ops[b.pc]!;
      if (cooperation.tick(STEP_WORK)) await cooperation.pause();
      switch (op.op) {
        case 'gate':
          await b.state.apply(op.gate);
          b.pc++;
          continue;
        case 'parametric': {
          const angles = op.angles(b.memory, row, rowOffset);
          const bad = angles.find((a) => !Number.isFinite(a));
          if (bad !== undefined) {
            throw new SimulationError(
              `gate '${op.instruction.name}' gets the non-finite angle ${bad} from the parameter values`,
            );
          }
          const g = compileGate(op.instruction, op.qubits, angles, program.definitions);
          if (g) await b.state.apply(g);
          b.pc++;
          continue;
        }
        case 'measure':
        case 'reset': {
          const q = op.qubit;
          if (op.op === 'measure' && (q < 0 || op.terminal)) {
            if (op.clbit >= 0 && options.mode === 'shots') {
              b.memory.bits[op.clbit] = q < 0 ? BIT_ZERO : q;
            }
            b.pc++;
            continue;
          }
          let outcome = b.state.basisValue(q);
          if (outcome === undefined) {
            const p1 = await b.state.probabilityOfOne(q);
            outcome = certain(p1);
            if (outcome === undefined) {
              const other = divide(b, p1, options);
              if (other === 0) outcome = 0;
              else if (other === 1) outcome = 1;
              else {
                split();
                const branch: Branch = {
                  pc: b.pc,
                  state: b.state.fork(),
                  memory: forkMemory(b.memory),
                  amount: other.amount1,
                  iterations: b.iterations,
                };
                b.amount = other.amount0;
                await settle(branch, op, 1, p1);
                pending.push(branch);
                await settle(b, op, 0, 1 - p1);
                continue;
              }
              await settle(b, op, outcome, outcome === 1 ? p1 : 1 - p1);
              continue;
            }
            await settle(b, op, outcome, outcome === 1 ? p1 : 1 - p1);
            continue;
          }
          await settle(b, op, outcome, 1);
          continue;
        }
        case 'store':
          op.write(b.memory, op.value(b.memory));
          b.pc++;
          continue;
        case 'jumpUnless':
          b.pc = toBoolean(op.condition(b.memory)) ? b.pc + 1 : op.target;
          continue;
        case 'jump':
          b.pc = op.target;
          continue;
        case 'switch': {
          const v = toBigInt(op.value(b.memory));
          b.pc = op.cases.get(v) ?? op.fallback;
          continue;
        }
        case 'forStart':
          b.memory.vars[op.counter] = 0;
          b.pc++;
          continue;
        case 'forNext': {
          const i = b.memory.vars[op.counter] as number;
          if (i >= loopLength(op.values)) {
            b.pc = op.exit;
            continue;
          }
          if (op.parameter >= 0) b.memory.vars[op.parameter] = loopValue(op.values, i);
          b.memory.vars[op.counter] = i + 1;
          countIteration(b, options.maxLoopIterations);
          b.pc++;
          continue;
        }
        case 'loopTick':
          countIteration(b, options.maxLoopIterations);
          b.pc++;
          continue;
      }
    }
    await leaf({ state: b.state, memory: b.memory, amount: b.amount });
  }
}

function countIteration(b: Branch, max: number): void {
  if (++b.iterations > max) {
    throw new SimulationError(
      `a loop ran more than ${max} iterations (limit maxLoopIterations); a while loop whose condition never fails?`,
      'maxLoopIterations',
    );
  }
}

function certain(p1: number): 0 | 1 | undefined {
  if (p1 <= CERTAINTY_TOLERANCE) return 0;
  if (p1 >= 1 - CERTAINTY_TOLERANCE) return 1;
  return undefined;
}

/**
 * How a branch divides at an outcome of probability `p1`: all of it to one outcome, or amounts
 * for both.
 */
function divide(
  b: Branch,
  p1: number,
  options: BranchOptions,
): 0 | 1 | { amount0: number; amount1: number } {
  if (options.mode === 'exact') return { amount0: b.amount * (1 - p1), amount1: b.amount * p1 };
  const ones = binomial(b.amount, p1, options.rng);
  if (ones === 0) return 0;
  if (ones === b.amount) return 1;
  return { amount0: b.amount - ones, amount1: ones };
}

/** Finish a measurement or reset on `b` with `outcome` (of `probability`) and step past it. */
async function settle(
  b: Branch,
  op: { readonly op: 'measure' | 'reset'; readonly qubit: number; readonly clbit?: number },
  outcome: 0 | 1,
  probability: number,
): Promise<void> {
  if (b.state.basisValue(op.qubit) === undefined) {
    await b.state.collapse(op.qubit, outcome, probability);
  }
  if (op.op === 'reset') b.state.setSingle(op.qubit, 0);
  else if (op.clbit !== undefined && op.clbit >= 0) {
    b.memory.bits[op.clbit] = outcome === 1 ? BIT_ONE : BIT_ZERO;
  }
  b.pc++;
}
