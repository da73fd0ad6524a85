/**
 * Running a PUB under a device's noise model by Monte-Carlo trajectories, on the simulator's
 * public functions only: each trajectory is the circuit with random Pauli errors inserted
 * after its gates (a circuit transformation, drawn from the model's depolarizing
 * probabilities); the PUB's shots are shared out among the trajectories, trajectories that drew
 * the same errors are simulated once, and the sampled bits are then flipped with the qubits'
 * readout error probabilities. Estimator PUBs average the exact expectation values of their
 * trajectories (readout errors do not apply to them).
 *
 * Errors are inserted once per instruction of the circuit text, so a gate inside a loop body
 * carries the same error on every iteration of one trajectory.
 *
 * @module
 */
import type { Block, Circuit, GateInstruction, Instruction } from '../../circuits/model.js';
import { forEachInstruction } from '../../circuits/blocks.js';
import type { NoiseModel } from '../backends/noise.js';
import {
  runEstimatorPub,
  runSamplerPub,
  type EstimatorPub,
  type EstimatorPubOutput,
  type SamplerPubOutput,
  type SimulationOptions,
} from '../simulator/index.js';
import { createPrng, deriveSeed, type Prng } from './prng.js';

/** Most trajectories simulated for one sampler PUB (shots are shared out among them). */
export const MAX_SAMPLER_TRAJECTORIES = 1024;
/** Trajectories averaged for one estimator PUB. */
export const ESTIMATOR_TRAJECTORIES = 256;

const PAULIS = ['x', 'y', 'z'] as const;

/** A circuit with one draw of Pauli errors, and a key naming the draw ('' for none). */
export interface Trajectory {
  readonly circuit: Circuit;
  readonly key: string;
}

/** Draw one trajectory: after each noisy gate, with its probability, a uniform non-identity Pauli. */
export function drawTrajectory(circuit: Circuit, model: NoiseModel, prng: Prng): Trajectory {
  const keys: string[] = [];
  const visit = (block: Block, prefix: string): Instruction[] => {
    const out: Instruction[] = [];
    block.forEach((ins, i) => {
      const at = `${prefix}${i}`;
      out.push(withBlocks(ins, (b, j) => visit(b, `${at}.${j}.`)));
      if (ins.kind !== 'gate' || (ins.controls ?? 0) !== 0) return;
      const p = model.pauliErrorProbability(ins.name, ins.qubits);
      if (p <= 0 || prng.next() >= p) return;
      // A uniform choice among the 4^n − 1 non-identity Paulis on the gate's qubits.
      const n = ins.qubits.length;
      const choice = 1 + Math.floor(prng.next() * (4 ** n - 1));
      keys.push(`${at}:${choice}`);
      for (let k = 0; k < n; k++) {
        const digit = Math.floor(choice / 4 ** k) % 4;
        if (digit === 0) continue;
        const gate: GateInstruction = {
          kind: 'gate',
          name: PAULIS[digit - 1]!,
          qubits: [ins.qubits[k]!],
          params: [],
        };
        out.push(gate);
      }
    });
    return out;
  };
  const instructions = visit(circuit.instructions, '');
  return {
    circuit: keys.length === 0 ? circuit : { ...circuit, instructions },
    key: keys.join(' '),
  };
}

/** The instruction with each nested block replaced by `f(block, index)`. */
function withBlocks(
  ins: Instruction,
  f: (block: Block, index: number) => Instruction[],
): Instruction {
  switch (ins.kind) {
    case 'if':
      return { ...ins, then: f(ins.then, 0), else: ins.else === null ? null : f(ins.else, 1) };
    case 'while':
    case 'for':
    case 'box':
      return { ...ins, body: f(ins.body, 0) };
    case 'switch':
      return { ...ins, cases: ins.cases.map((c, i) => ({ ...c, body: f(c.body, i) })) };
    default:
      return ins;
  }
}

/** Distinct trajectories of `count` draws, with how many draws each stands for. */
function trajectories(
  circuit: Circuit,
  model: NoiseModel,
  prng: Prng,
  weights: readonly number[],
): { circuit: Circuit; weight: number }[] {
  const byKey = new Map<string, { circuit: Circuit; weight: number }>();
  for (const w of weights) {
    const t = drawTrajectory(circuit, model, prng);
    const seen = byKey.get(t.key);
    if (seen) seen.weight += w;
    else byKey.set(t.key, { circuit: t.circuit, weight: w });
  }
  return [...byKey.values()];
}

/** One sampler PUB to run with noise. */
export interface NoisySamplerPub {
  readonly circuit: Circuit;
  readonly parameterValues?: unknown;
  readonly shots: number;
}

/**
 * Sample a PUB under `model`. The output has the layout of `runSamplerPub`'s; within each
 * binding the shots of the trajectories are shuffled together.
 */
export async function runNoisySamplerPub(
  pub: NoisySamplerPub,
  model: NoiseModel,
  options: SimulationOptions,
): Promise<SamplerPubOutput & { readonly trajectories: number }> {
  const prng = createPrng(deriveSeed(options.seed, 'noise'));
  const count = Math.min(pub.shots, MAX_SAMPLER_TRAJECTORIES);
  const weights = Array.from(
    { length: count },
    (_, t) => Math.floor(pub.shots / count) + (t < pub.shots % count ? 1 : 0),
  );
  const groups = trajectories(pub.circuit, model, prng, weights);
  const outputs: SamplerPubOutput[] = [];
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i]!;
    outputs.push(
      await runSamplerPub(
        { circuit: g.circuit, parameterValues: pub.parameterValues, shots: g.weight },
        { ...options, seed: deriveSeed(options.seed, `trajectory-${i}`) },
      ),
    );
  }
  const first = outputs[0]!;
  const bindings = first.shape.reduce((a, b) => a * b, 1);
  const registers = first.registers.map((reg, r) => {
    const nb = Math.ceil(reg.numBits / 8);
    const bytes = new Uint8Array(bindings * pub.shots * nb);
    for (let b = 0; b < bindings; b++) {
      let row = b * pub.shots;
      outputs.forEach((out, i) => {
        const k = groups[i]!.weight;
        const src = out.registers[r]!.bytes.subarray(b * k * nb, (b + 1) * k * nb);
        bytes.set(src, row * nb);
        row += k;
      });
      shuffleRows(bytes, b * pub.shots, pub.shots, nb, prng);
    }
    return { name: reg.name, numBits: reg.numBits, bytes };
  });
  applyReadoutErrors(pub.circuit, registers, bindings * pub.shots, model, prng);
  return { shape: first.shape, numShots: pub.shots, registers, trajectories: groups.length };
}

/** Fisher–Yates over `count` rows of `width` bytes starting at row `start`. */
function shuffleRows(
  bytes: Uint8Array,
  start: number,
  count: number,
  width: number,
  prng: Prng,
): void {
  const tmp = new Uint8Array(width);
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(prng.next() * (i + 1));
    if (i === j) continue;
    const a = (start + i) * width;
    const b = (start + j) * width;
    tmp.set(bytes.subarray(a, a + width));
    bytes.copyWithin(a, b, b + width);
    bytes.set(tmp, b);
  }
}

/**
 * Flip measured bits with the readout error probabilities of the qubit each classical bit was
 * last measured from. A bit shared by several registers is flipped alike in all of them.
 */
function applyReadoutErrors(
  circuit: Circuit,
  registers: readonly {
    readonly name: string;
    readonly numBits: number;
    readonly bytes: Uint8Array;
  }[],
  rows: number,
  model: NoiseModel,
  prng: Prng,
): void {
  const qubitOf = new Int32Array(circuit.numClbits).fill(-1);
  forEachInstruction(circuit.instructions, (ins) => {
    if (ins.kind === 'measure' && ins.clbit !== null) qubitOf[ins.clbit] = ins.qubit;
  });
  const bitsOf = new Map(circuit.cregs.map((c) => [c.name, c.bits]));
  const decided = new Int8Array(circuit.numClbits);
  for (let row = 0; row < rows; row++) {
    decided.fill(-1);
    for (const reg of registers) {
      const bits = bitsOf.get(reg.name);
      if (bits === undefined) continue;
      const nb = Math.ceil(reg.numBits / 8);
      for (let i = 0; i < reg.numBits; i++) {
        const clbit = bits[i]!;
        const qubit = qubitOf[clbit]!;
        if (qubit < 0) continue;
        const at = row * nb + nb - 1 - (i >> 3);
        const mask = 1 << (i & 7);
        if (decided[clbit] === -1) {
          const one = (reg.bytes[at]! & mask) !== 0;
          const p = one ? model.readoutOneToZero(qubit) : model.readoutZeroToOne(qubit);
          decided[clbit] = p > 0 && prng.next() < p ? 1 : 0;
        }
        if (decided[clbit] === 1) reg.bytes[at] = reg.bytes[at]! ^ mask;
      }
    }
  }
}

/** Estimate a PUB under `model`: the weighted mean of its trajectories' exact expectation values. */
export async function runNoisyEstimatorPub(
  pub: EstimatorPub & { readonly circuit: Circuit },
  model: NoiseModel,
  options: SimulationOptions,
): Promise<EstimatorPubOutput & { readonly trajectories: number }> {
  const prng = createPrng(deriveSeed(options.seed, 'noise'));
  const groups = trajectories(
    pub.circuit,
    model,
    prng,
    new Array<number>(ESTIMATOR_TRAJECTORIES).fill(1),
  );
  let evs: Float64Array | undefined;
  let out: EstimatorPubOutput | undefined;
  for (const g of groups) {
    out = await runEstimatorPub({ ...pub, circuit: g.circuit }, options);
    evs ??= new Float64Array(out.evs.length);
    for (let e = 0; e < evs.length; e++)
      evs[e] = evs[e]! + (out.evs[e]! * g.weight) / ESTIMATOR_TRAJECTORIES;
  }
  return { shape: out!.shape, evs: evs!, stds: out!.stds, trajectories: groups.length };
}
