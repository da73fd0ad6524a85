/**
 * Finds the measurements whose outcome can be read from the final state instead of splitting
 * the simulation: a measurement of qubit q into bit c is *terminal* when, on every path after
 * it, nothing mixes q's |0⟩ and |1⟩ (no reset, no gate acting on q other than as a control or
 * a diagonal) and nothing reads c before it is overwritten. Moving such a measurement to the
 * end changes neither the distribution of any outcome nor the final state seen by the other
 * qubits, since everything that still touches q commutes with measuring it.
 *
 * Two backward data-flow passes over the program's control-flow graph (loops included) give,
 * at each step, the qubits that may still be mixed and the bits that may still be read.
 *
 * @module
 */
import { mixingMask } from './compiled-gate.js';
import type { Op, Program } from './program.js';
import { INSTRUCTION_WORK, INSTRUCTIONS_PER_YIELD, runAtOnce, type Sliced } from './sliced.js';

/** Standard gates that are diagonal for every angle. */
const DIAGONAL = new Set([
  'z',
  's',
  'sdg',
  't',
  'tdg',
  'p',
  'u1',
  'rz',
  'cz',
  'ccz',
  'cs',
  'csdg',
  'cp',
  'cu1',
  'crz',
  'rzz',
  'global_phase',
  'id',
]);

/** The steps that may run after `pc`. */
export function successors(ops: readonly Op[], pc: number): number[] {
  const op = ops[pc]!;
  switch (op.op) {
    case 'jump':
      return [op.target];
    case 'jumpUnless':
      return [pc + 1, op.target];
    case 'switch':
      return [...new Set([...op.cases.values(), op.fallback])];
    case 'forNext':
      return [pc + 1, op.exit];
    default:
      return [pc + 1];
  }
}

/** Qubits (as a mask of simulated qubits) that step `op` may mix. */
function mixes(op: Op): number {
  switch (op.op) {
    case 'gate':
      return mixingMask(op.gate);
    case 'parametric': {
      const controls = op.instruction.controls ?? 0;
      if (DIAGONAL.has(op.instruction.name)) return 0;
      let mask = 0;
      for (const q of op.qubits.slice(controls)) mask |= 1 << q;
      return mask;
    }
    case 'reset':
      return 1 << op.qubit;
    default:
      return 0;
  }
}

/** Qubits (as a mask of simulated qubits) that step `op` acts on in any way. */
function touches(op: Op): number {
  let mask = 0;
  if (op.op === 'gate') for (const q of [...op.gate.targets, ...op.gate.controls]) mask |= 1 << q;
  else if (op.op === 'parametric') for (const q of op.qubits) mask |= 1 << q;
  else if (op.op === 'reset') mask = 1 << op.qubit;
  return mask;
}

/**
 * Mark every measurement of `program` terminal or not (see the module comment); with `final`,
 * only measurements after which nothing at all acts on their qubit (as an estimator, which
 * ignores final measurements, needs: a qubit measured and then used even as a control has
 * lost the coherences an observable with X or Y on it would see). Also returns whether the
 * program needs branching at all: a measurement that is not terminal, a reset, or a step
 * reading a classical bit.
 */
export function markTerminalMeasurements(
  program: Program,
  final = false,
): { readonly dynamic: boolean } {
  return runAtOnce(markTerminalMeasurementsSliced(program, final));
}

/** {@link markTerminalMeasurements} as a sliced computation (see `sliced.ts`). */
export function* markTerminalMeasurementsSliced(
  program: Program,
  final = false,
): Sliced<{ readonly dynamic: boolean }> {
  const { ops, effects } = program;
  const n = ops.length;
  const succ: number[][] = [];
  for (let pc = 0; pc < n; pc++) {
    if (pc % (16 * INSTRUCTIONS_PER_YIELD) === 0) yield INSTRUCTIONS_PER_YIELD * INSTRUCTION_WORK;
    succ.push(successors(ops, pc));
  }
  // Qubits that may be mixed at or after each step (index n: the end).
  const mixed = new Int32Array(n + 1);
  // Bits that may be read at or after each step before being overwritten.
  const words = Math.ceil(program.numClbits / 32);
  // Step pc's bits are words [pc · words, (pc + 1) · words).
  const live = new Uint32Array((n + 1) * words);
  const kills = ops.map((op) => {
    if (op.op === 'measure' && op.clbit >= 0) return [op.clbit];
    if (op.op === 'store' && op.exact) return op.writes;
    return [];
  });
  const effect = ops.map(final ? touches : mixes);
  const out = new Uint32Array(words);
  let changed = true;
  while (changed) {
    changed = false;
    for (let pc = n - 1; pc >= 0; pc--) {
      if (pc % INSTRUCTIONS_PER_YIELD === 0) yield INSTRUCTIONS_PER_YIELD * INSTRUCTION_WORK;
      let m = effect[pc]!;
      out.fill(0);
      for (const s of succ[pc]!) {
        m |= mixed[s]!;
        for (let w = 0; w < words; w++) out[w]! |= live[s * words + w]!;
      }
      for (const c of kills[pc]!) out[c >>> 5]! &= ~(1 << (c & 31));
      for (const c of effects[pc]!.reads) out[c >>> 5]! |= 1 << (c & 31);
      if (m !== mixed[pc]) {
        mixed[pc] = m;
        changed = true;
      }
      for (let w = 0; w < words; w++) {
        if (live[pc * words + w] !== out[w]) {
          live.set(out, pc * words);
          changed = true;
          break;
        }
      }
    }
  }
  let dynamic = false;
  for (let pc = 0; pc < n; pc++) {
    const op = ops[pc]!;
    if (op.op === 'reset') dynamic = true;
    if (effects[pc]!.reads.length > 0) dynamic = true;
    if (op.op !== 'measure') continue;
    if (op.qubit < 0) {
      op.terminal = true;
      continue;
    }
    let mixedLater = 0;
    let readLater = false;
    for (const s of succ[pc]!) {
      mixedLater |= mixed[s]!;
      if (op.clbit >= 0 && (live[s * words + (op.clbit >>> 5)]! >>> (op.clbit & 31)) & 1) {
        readLater = true;
      }
    }
    op.terminal = !((mixedLater >>> op.qubit) & 1) && !readLater;
    if (!op.terminal) dynamic = true;
  }
  return { dynamic };
}
