/**
 * The Sampler primitive on the statevector simulator: runs one sampler PUB (circuit, parameter
 * values, shots) and returns each classical register's shots in Qiskit's `BitArray` layout.
 *
 * @module
 */
import { describeValue } from '../../codecs/errors.js';
import type { Circuit } from '../../circuits/model.js';
import { BIT_ONE, BIT_ZERO, BitArrayWriter, type RegisterSamples } from './bitarray.js';
import { readBindings } from './bindings.js';
import { Cooperation } from './cooperation.js';
import { SimulationError } from './errors.js';
import { Executor } from './executor.js';
import { compileGate, type GateOp } from './gate-ops.js';
import { resolveLimits } from './limits.js';
import { checkArguments, toCircuit, type SimulationOptions } from './options.js';
import { bindStep, planCircuit, type Plan } from './plan.js';
import { Rng } from './rng.js';
import { drawShots } from './sampling.js';
import { CERTAINTY_TOLERANCE, StateVector } from './statevector.js';

/** One sampler PUB. */
export interface SamplerPub {
  /** OpenQASM 2/3 source or a parsed circuit. */
  readonly circuit: Circuit | string;
  /**
   * Values for the circuit's `input` parameters: absent (no parameters), a list whose last axis
   * indexes the parameters in Qiskit's order (sorted by name) and whose leading axes give the
   * PUB shape, or an object mapping each parameter name to a value or an array of values.
   */
  readonly parameterValues?: unknown;
  /** Shots per parameter binding (a positive integer). */
  readonly shots: number;
}

/** The samples of one sampler PUB. */
export interface SamplerPubOutput {
  /** The PUB shape (the parameter values' leading axes; `[]` for a single binding). */
  readonly shape: number[];
  /** Shots per binding. */
  readonly numShots: number;
  /**
   * Every classical register, in declaration order, with bytes of shape
   * (*shape, numShots, ceil(numBits / 8)), each shot big-endian (bit i = classical bit i).
   */
  readonly registers: RegisterSamples[];
}

/** Work charged per shot for a draw and its bit packing. */
const SHOT_WORK = 64;

/** Shots drawn between two looks at the clock. */
const DRAW_BATCH = 4096;

/**
 * Sample one PUB. Measurements that nothing follows on their qubit are read from the final
 * distribution: the state is simulated once per binding, a cumulative table is built, and
 * each shot is one bisection. Mid-circuit measurements and resets whose outcome is random are
 * simulated shot by shot from the first such point (earlier work is shared). Qubits no gate
 * touches are not simulated and measure 0.
 *
 * Rejects with `QasmError` for bad source, `SimulationError` for bad values or exceeded limits,
 * and `SimulationAbortedError` when `options.signal` fires.
 */
export async function runSamplerPub(
  pub: SamplerPub,
  options: SimulationOptions,
): Promise<SamplerPubOutput> {
  checkArguments(pub, options);
  const cooperation = new Cooperation(options);
  try {
    cooperation.checkAbort();
    const limits = resolveLimits(options.limits);
    const rng = new Rng(options.seed);
    const shots = pub.shots;
    if (typeof shots !== 'number' || !Number.isInteger(shots) || shots < 1) {
      throw new SimulationError(`shots must be a positive integer, got ${describeValue(shots)}`);
    }
    const circuit = toCircuit(pub.circuit);
    const plan = planCircuit(circuit, limits);
    const bindings = readBindings(circuit, pub.parameterValues);
    if (bindings.size > limits.maxBindings) {
      throw new SimulationError(
        `the PUB has ${bindings.size} parameter bindings, more than the limit of ${limits.maxBindings}`,
        'maxBindings',
      );
    }
    if (shots * bindings.size > limits.maxShots) {
      throw new SimulationError(
        `the PUB asks for ${shots * bindings.size} shots (${shots} × ${bindings.size} bindings), more than the limit of ${limits.maxShots}`,
        'maxShots',
      );
    }
    const writer = new BitArrayWriter(plan.registers, plan.registerOffsets, shots * bindings.size);
    if (plan.writesClbits && bindings.size > 0) {
      const state = new StateVector(plan.numSimulated);
      const executor = new Executor(state, cooperation);
      const context: BindingContext = { plan, executor, rng, writer, shots, prefix: undefined };
      cooperation.expect(
        bindings.size * ((plan.numGates + 1) * state.dimension + shots * SHOT_WORK),
      );
      const p = plan.parameters.length;
      for (let b = 0; b < bindings.size; b++) {
        if (b > 0) await executor.setZero();
        await sampleBinding(context, bindings.rows, b * p, b * shots);
      }
    }
    cooperation.finish();
    return { shape: [...bindings.shape], numShots: shots, registers: writer.registers };
  } finally {
    cooperation.close();
  }
}

interface BindingContext {
  readonly plan: Plan;
  readonly executor: Executor;
  readonly rng: Rng;
  readonly writer: BitArrayWriter;
  readonly shots: number;
  /** Copy of the state where shot-by-shot simulation starts, allocated on first need. */
  prefix: StateVector | undefined;
}

function certainOutcome(p1: number): 0 | 1 | undefined {
  if (p1 <= CERTAINTY_TOLERANCE) return 0;
  if (p1 >= 1 - CERTAINTY_TOLERANCE) return 1;
  return undefined;
}

async function sampleBinding(
  ctx: BindingContext,
  rows: Float64Array,
  rowOffset: number,
  firstShot: number,
): Promise<void> {
  const { plan, executor, rng, writer, shots } = ctx;
  const state = executor.state;
  const cooperation = executor.cooperation;
  const steps = plan.steps;
  const sources = new Int32Array(plan.numClbits).fill(BIT_ZERO);
  const opOf = (i: number): GateOp | undefined => {
    const step = steps[i]!;
    if (step.kind === 'gate') return step.op;
    if (step.kind === 'parametric') return bindStep(plan, step, rows, rowOffset);
    return undefined;
  };

  // Shared part: run until the first measurement or reset whose outcome is random.
  let i = 0;
  for (; i < steps.length; i++) {
    const step = steps[i]!;
    const op = opOf(i);
    if (op) {
      await executor.applyGate(op);
      continue;
    }
    if (step.kind !== 'measure' && step.kind !== 'reset') continue;
    if (step.qubit < 0) {
      if (step.kind === 'measure' && step.clbit >= 0) sources[step.clbit] = BIT_ZERO;
      continue;
    }
    if (step.kind === 'measure' && step.terminal) {
      if (step.clbit >= 0) sources[step.clbit] = step.qubit;
      continue;
    }
    const p1 = await executor.probabilityOfOne(step.qubit);
    const outcome = certainOutcome(p1);
    if (outcome === undefined) break;
    await executor.collapse(step.qubit, outcome, outcome === 1 ? p1 : 1 - p1);
    if (step.kind === 'measure') {
      if (step.clbit >= 0) sources[step.clbit] = outcome === 1 ? BIT_ONE : BIT_ZERO;
    } else if (outcome === 1) {
      await executor.applyGate(compileGate('x', [step.qubit], [], plan.numSimulated));
    }
  }

  if (i === steps.length) {
    if (!sources.some((s) => s >= 0)) {
      writer.writeShots(firstShot, sources, new Int32Array(shots));
      return;
    }
    const table = await executor.cumulate(shots);
    const indices = new Int32Array(shots);
    const uniforms = new Float64Array(Math.min(shots, DRAW_BATCH));
    for (let done = 0; done < shots; done += uniforms.length) {
      const batch = uniforms.subarray(0, Math.min(uniforms.length, shots - done));
      rng.fill(batch);
      drawShots(table, batch, indices.subarray(done, done + batch.length));
      if (cooperation.tick(batch.length * SHOT_WORK)) await cooperation.pause();
    }
    writer.writeShots(firstShot, sources, indices);
    return;
  }

  // Shot by shot from step i, each shot starting from a copy of the shared state.
  const suffix: (GateOp | undefined)[] = [];
  for (let j = i; j < steps.length; j++) suffix.push(opOf(j));
  // Every remaining step (gate, measurement or reset) is one pass over the state.
  cooperation.expect(shots * suffix.length * state.dimension);
  ctx.prefix ??= new StateVector(plan.numSimulated);
  const prefix = ctx.prefix;
  await new Executor(prefix, cooperation).copyFrom(state);
  const shotSources = new Int32Array(sources.length);
  for (let s = 0; s < shots; s++) {
    await executor.copyFrom(prefix);
    shotSources.set(sources);
    for (let j = i; j < steps.length; j++) {
      const op = suffix[j - i];
      if (op) {
        await executor.applyGate(op);
        continue;
      }
      const step = steps[j]!;
      if (step.kind === 'measure') {
        const outcome = step.qubit < 0 ? 0 : await executor.measure(step.qubit, rng);
        if (step.clbit >= 0) shotSources[step.clbit] = outcome === 1 ? BIT_ONE : BIT_ZERO;
      } else if (step.kind === 'reset' && step.qubit >= 0) {
        await executor.reset(step.qubit, rng);
      }
    }
    const index = shotSources.some((v) => v >= 0) ? await executor.drawOnce(rng) : 0;
    writer.writeShot(firstShot + s, shotSources, index);
    if (cooperation.tick(SHOT_WORK)) await cooperation.pause();
  }
}
