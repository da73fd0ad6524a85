/**
 * The Sampler primitive on the statevector simulator: runs one sampler PUB (circuit, parameter
 * values, shots) and returns each classical register's shots in Qiskit's `BitArray` layout.
 *
 * @module
 */
import { describeValue } from '../../codecs/errors.js';
import type { Circuit } from '../../circuits/model.js';
import { BitArrayWriter, type RegisterSamples } from './bitarray.js';
import { readBindings } from './bindings.js';
import { runBranches, type Leaf } from './branches.js';
import { Cooperation } from './cooperation.js';
import { SimulationError } from './errors.js';
import { resolveLimits } from './limits.js';
import { checkArguments, toCircuit, type SimulationOptions } from './options.js';
import { planCircuit, type Plan } from './plan.js';
import { Rng } from './rng.js';
import { emptyMetrics } from './metrics.js';
import { runContext, type RunContext } from './run-context.js';

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

/**
 * Sample one PUB. The circuit runs once per parameter binding on the branch machine
 * (`branches.ts`): measurements that nothing depends on are read from the final state, a
 * mid-circuit measurement whose outcome is random splits the binding's shots between its
 * outcomes, and each branch draws its shots from its own final state. Shots of a binding that
 * split are placed in random order, as independent shots would come. Qubits no gate touches
 * are not simulated and measure 0.
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
    const plan = await cooperation.drive(planCircuit(circuit, limits));
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
    const program = plan.program;
    const metrics = options.metrics ?? emptyMetrics();
    metrics.simulatedQubits = program.numSimulated;
    const writer = new BitArrayWriter(program.registers, shots * bindings.size);
    const registerBits = [...new Set(program.registers.flatMap((r) => r.bits))];
    if (registerBits.length > 0 && bindings.size > 0) {
      cooperation.expect(bindings.size * (plan.work + shots * SHOT_WORK));
      const state = runContext(plan, cooperation, metrics, options.threads !== false);
      try {
        const p = program.parameters.length;
        for (let b = 0; b < bindings.size; b++) {
          await sampleBinding(plan, b, bindings.rows, b * p, {
            shots,
            rng,
            cooperation,
            state,
            writer,
            registerBits,
            maxBranches: limits.maxBranches,
            maxLoopIterations: limits.maxLoopIterations,
          });
        }
      } finally {
        await state.close();
      }
    }
    cooperation.finish();
    return { shape: [...bindings.shape], numShots: shots, registers: writer.registers };
  } finally {
    cooperation.close();
  }
}

interface BindingRun {
  readonly shots: number;
  readonly rng: Rng;
  readonly cooperation: Cooperation;
  readonly state: RunContext;
  readonly writer: BitArrayWriter;
  /** Classical bits some register reads. */
  readonly registerBits: readonly number[];
  readonly maxBranches: number;
  readonly maxLoopIterations: number;
}

async function sampleBinding(
  plan: Plan,
  binding: number,
  rows: Float64Array,
  rowOffset: number,
  run: BindingRun,
): Promise<void> {
  const { shots, rng, writer } = run;
  const first = binding * shots;
  // A binding that may split places its shots in a random order of rows.
  let order: Int32Array | undefined;
  if (plan.dynamic) {
    order = Int32Array.from({ length: shots }, (_, i) => first + i);
    for (let i = shots - 1; i > 0; i--) {
      const j = Math.floor(rng.next() * (i + 1));
      const t = order[i]!;
      order[i] = order[j]!;
      order[j] = t;
    }
  }
  let done = 0;
  const onLeaf = async (leaf: Leaf): Promise<void> => {
    const sources = leaf.memory.bits;
    const qubits = [...new Set(run.registerBits.map((c) => sources[c]!).filter((s) => s >= 0))];
    const n = leaf.amount;
    const indices = qubits.length > 0 ? await leaf.state.sample(qubits, n, rng) : new Int32Array(n);
    if (run.cooperation.tick(n * SHOT_WORK)) await run.cooperation.pause();
    writer.writeShots(first + done, sources, indices, order?.subarray(done, done + n));
    done += n;
  };
  await runBranches(
    plan.program,
    rows,
    rowOffset,
    {
      mode: 'shots',
      shots,
      rng,
      cooperation: run.cooperation,
      state: run.state,
      maxBranches: run.maxBranches,
      maxLoopIterations: run.maxLoopIterations,
    },
    onLeaf,
  );
}
