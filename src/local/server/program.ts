/**
 * The two programs the local runtime runs, Sampler V2 and Estimator V2: checking a job's
 * `params` when it is created (RuntimeEncoder values decoded, every PUB's circuit read from
 * OpenQASM or QPY, sizes held against the limits, parameters and observables matched to the
 * circuit, the job-level and option defaults applied) so a bad job is refused with a 400 naming
 * the problem. Running an accepted job is `program-run.ts`.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Circuit } from '../../circuits/model.js';
import { decodeEncodedParams } from '../../codecs/encoded-params.js';
import {
  decodePrimitiveParams,
  type EstimatorPub,
  type ObservablesTensor,
  type ParameterValues,
  type SamplerPub,
} from '../../codecs/program-inputs.js';
import { DEFAULT_PRECISION } from '../simulator/index.js';
import { readBindings } from '../simulator/bindings.js';
import { noiseModelOf, type NoiseModel } from '../backends/index.js';
import type { ResolvedBackend } from './backends.js';
import { loadCircuit, sizeProblem, usedQubits } from './circuit-input.js';
import {
  isaProblems,
  NON_ISA_REASON,
  REASON_CODE_NON_ISA,
  type JobRefusal,
} from './isa-refusal.js';
import type { LocalRuntimeLimits } from './limits.js';

/** Shots of a sampler PUB that names none, with no job or option default (Qiskit's default). */
export const DEFAULT_SHOTS = 4096;

/** A sampler PUB ready to run. */
export interface PreparedSamplerPub {
  readonly circuit: Circuit;
  readonly parameterValues: ParameterValues | undefined;
  readonly shots: number;
  readonly bindings: number;
}

/** An estimator PUB ready to run. */
export interface PreparedEstimatorPub {
  readonly circuit: Circuit;
  readonly observables: ObservablesTensor;
  readonly parameterValues: ParameterValues | undefined;
  readonly precision: number;
  readonly bindings: number;
}

/** An accepted job's program: parsed PUBs and what the job reports about them. */
export type PreparedJob =
  | (PreparedCommon & { readonly program: 'sampler'; readonly pubs: readonly PreparedSamplerPub[] })
  | (PreparedCommon & {
      readonly program: 'estimator';
      readonly pubs: readonly PreparedEstimatorPub[];
    });

interface PreparedCommon {
  /** Declared width of each PUB's circuit. */
  readonly numQubits: readonly number[];
  readonly estimatedSeconds: number;
  readonly supportQiskit: boolean;
  /** Seed named by the options (`simulator.seed_simulator` or `seed_estimator`), if any. */
  readonly seed: number | undefined;
  /** One-line description for the log. */
  readonly summary: string;
  /** Further log lines about each PUB. */
  readonly describe: readonly string[];
  /** Set when the job is accepted but must fail (circuits that are not ISA for the device). */
  readonly refusal: JobRefusal | undefined;
  /** The device noise the job runs under, when it asked for it (or the runtime runs with it). */
  readonly noise: NoiseModel | undefined;
}

/** What a job is checked against. */
export interface PrepareContext {
  readonly limits: LocalRuntimeLimits;
  /** The backend the job runs on. */
  readonly backend: ResolvedBackend;
  /** Run device jobs under their noise model unless they say otherwise. */
  readonly noiseByDefault: boolean;
}

/**
 * The noise a job runs under: its device's model when `options.experimental.local_noise` is
 * true, or unset and the runtime runs with noise; none on simulators.
 */
function noiseOf(
  experimental: unknown,
  ctx: PrepareContext,
  describe: string[],
): E.Either<string, NoiseModel | undefined> {
  const flag = record(experimental)?.['local_noise'];
  if (flag !== undefined && typeof flag !== 'boolean') {
    return E.left(
      `params.options.experimental.local_noise: expected true or false, got ${JSON.stringify(flag)}`,
    );
  }
  const wanted = flag ?? ctx.noiseByDefault;
  const device = ctx.backend.device;
  if (!wanted) return E.right(undefined);
  if (device === undefined) {
    if (flag === true)
      describe.push(
        `noise: ${ctx.backend.name} is a simulator without calibration, so the job runs without noise`,
      );
    return E.right(undefined);
  }
  const model = noiseModelOf(device);
  describe.push(
    `noise: depolarizing gate errors and readout errors of ${device.name} (calibration of ${model.calibrated}), by Monte-Carlo trajectories`,
  );
  return E.right(model);
}

/** How many parameter bindings a PUB's values make for a circuit, or why they do not fit. */
function bindingCount(
  values: ParameterValues | null | undefined,
  circuit: Circuit,
  where: string,
): E.Either<string, number> {
  try {
    return E.right(readBindings(circuit, values ?? undefined).size);
  } catch (e) {
    return E.left(`${where}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function pauliStrings(obs: unknown, out: string[]): void {
  if (typeof obs === 'string') out.push(obs);
  else if (Array.isArray(obs)) for (const o of obs) pauliStrings(o, out);
  else if (obs !== null && typeof obs === 'object') out.push(...Object.keys(obs));
}

function integerOption(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isSafeInteger(v) ? v : undefined;
}

function record(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : undefined;
}

/** Rough simulation time of one PUB, in seconds (the simulation covers the qubits used only). */
function estimateSeconds(circuit: Circuit, bindings: number, samples: number): number {
  const amplitudeWork =
    2 ** usedQubits(circuit).length * Math.max(1, circuit.instructions.length) * bindings;
  return amplitudeWork * 2e-9 + samples * 1e-7;
}

/**
 * Read a PUB's circuit and hold it against the backend and the limits; on a device, add the
 * ways it is not ISA to `isa`.
 */
function circuitOf(
  input: SamplerPub[0],
  pub: number,
  ctx: PrepareContext,
  isa: string[],
): E.Either<string, Circuit> {
  const { limits, backend } = ctx;
  const where = `params.pubs[${pub}][0]`;
  const circuit = loadCircuit(input, where, limits.maxCircuitOperations);
  if (E.isLeft(circuit)) return circuit;
  const problem = sizeProblem(
    circuit.right,
    where,
    backend.numQubits,
    limits.maxQubits,
    limits.maxCircuitOperations,
  );
  if (problem !== undefined) return E.left(problem);
  if (backend.device !== undefined) isa.push(...isaProblems(circuit.right, backend.device, pub));
  return circuit;
}

function refusalOf(isa: readonly string[]): JobRefusal | undefined {
  return isa.length === 0
    ? undefined
    : { reason: NON_ISA_REASON, reasonCode: REASON_CODE_NON_ISA, details: isa };
}

function describeCircuit(c: Circuit): string {
  const used = usedQubits(c).length;
  return `${c.numQubits} qubits${used < c.numQubits ? ` (${used} used)` : ''}, ${c.instructions.length} instructions`;
}

/**
 * Check a job's `params` for `programId` against the limits and the backend. The error text
 * names the offending place (`params.pubs[1][0]: OpenQASM error at line 3, column 1: unknown
 * gate 'foo'`).
 */
export function prepareJob(
  programId: string,
  params: unknown,
  ctx: PrepareContext,
): E.Either<string, PreparedJob> {
  const { limits } = ctx;
  const plain = decodeEncodedParams(params, {
    maxInflateBytes: limits.maxInflatedBytes,
    maxDepth: limits.maxJsonDepth,
  });
  if (E.isLeft(plain)) return E.left(plain.left.message);
  const decoded = decodePrimitiveParams(programId, plain.right);
  if (E.isLeft(decoded)) return E.left(decoded.left.message);
  const input = decoded.right;
  const pubCount = input.params.pubs.length;
  if (pubCount > limits.maxPubs) {
    return E.left(`params.pubs: ${pubCount} PUBs exceed the limit of ${limits.maxPubs} per job`);
  }
  const supportQiskit = input.params.support_qiskit === true;
  const describe: string[] = [];
  const isa: string[] = [];
  let estimated = 0;
  const simulatorSeed = integerOption(record(input.params.options?.simulator)?.['seed_simulator']);
  const noise = noiseOf(input.params.options?.experimental, ctx, describe);
  if (E.isLeft(noise)) return noise;
  if (input.program === 'sampler') {
    const options = input.params.options ?? {};
    const defaultShots = input.params.shots ?? options.default_shots ?? DEFAULT_SHOTS;
    const pubs: PreparedSamplerPub[] = [];
    for (let i = 0; i < pubCount; i++) {
      const pub: SamplerPub = input.params.pubs[i]!;
      const where = `params.pubs[${i}]`;
      const circuit = circuitOf(pub[0], i, ctx, isa);
      if (E.isLeft(circuit)) return circuit;
      const shots = pub[2] ?? defaultShots;
      if (shots > limits.maxShots) {
        const at = pub[2] != null ? `${where}[2]` : 'params.shots';
        return E.left(`${at}: ${shots} shots exceed the limit of ${limits.maxShots}`);
      }
      const bindings = bindingCount(pub[1], circuit.right, `${where}[1]`);
      if (E.isLeft(bindings)) return bindings;
      if (bindings.right > limits.maxParameterSets) {
        return E.left(
          `${where}[1]: ${bindings.right} parameter sets exceed the limit of ${limits.maxParameterSets}`,
        );
      }
      pubs.push({
        circuit: circuit.right,
        parameterValues: pub[1] ?? undefined,
        shots,
        bindings: bindings.right,
      });
      estimated += estimateSeconds(circuit.right, bindings.right, shots * bindings.right);
      describe.push(
        `pub ${i}: ${describeCircuit(circuit.right)}, ${bindings.right} parameter set(s), ${shots} shots`,
      );
    }
    return E.right({
      program: 'sampler',
      pubs,
      numQubits: pubs.map((p) => p.circuit.numQubits),
      estimatedSeconds: Math.round(estimated * 1000) / 1000,
      supportQiskit,
      seed: simulatorSeed,
      summary: `sampler with ${pubs.length} PUB(s)${supportQiskit ? ', results in RuntimeEncoder form' : ''}`,
      describe,
      refusal: refusalOf(isa),
      noise: noise.right,
    });
  }
  // IBM's OpenAPI: `default_shots` "overrides default_precision"; the job's `precision`
  // overrides both.
  const options = input.params.options ?? {};
  const optionShots = options.default_shots ?? undefined;
  const defaultPrecision =
    input.params.precision ??
    (optionShots !== undefined ? 1 / Math.sqrt(optionShots) : undefined) ??
    options.default_precision ??
    DEFAULT_PRECISION;
  const pubs: PreparedEstimatorPub[] = [];
  for (let i = 0; i < pubCount; i++) {
    const pub: EstimatorPub = input.params.pubs[i]!;
    const where = `params.pubs[${i}]`;
    const circuit = circuitOf(pub[0], i, ctx, isa);
    if (E.isLeft(circuit)) return circuit;
    const paulis: string[] = [];
    pauliStrings(pub[1], paulis);
    if (paulis.length > limits.maxObservableTerms) {
      return E.left(
        `${where}[1]: ${paulis.length} Pauli terms exceed the limit of ${limits.maxObservableTerms}`,
      );
    }
    const width = paulis[0]?.length;
    if (width !== undefined && width !== circuit.right.numQubits) {
      return E.left(
        `${where}[1]: observables act on ${width} qubits but the circuit has ${circuit.right.numQubits}`,
      );
    }
    const bindings = bindingCount(pub[2], circuit.right, `${where}[2]`);
    if (E.isLeft(bindings)) return bindings;
    if (bindings.right > limits.maxParameterSets) {
      return E.left(
        `${where}[2]: ${bindings.right} parameter sets exceed the limit of ${limits.maxParameterSets}`,
      );
    }
    const precision = pub[3] ?? defaultPrecision;
    pubs.push({
      circuit: circuit.right,
      observables: pub[1],
      parameterValues: pub[2] ?? undefined,
      precision,
      bindings: bindings.right,
    });
    estimated += estimateSeconds(circuit.right, bindings.right, 0) * Math.max(1, paulis.length);
    describe.push(
      `pub ${i}: ${describeCircuit(circuit.right)}, ${paulis.length} Pauli term(s), ` +
        `${bindings.right} parameter set(s), precision ${precision}`,
    );
  }
  return E.right({
    program: 'estimator',
    pubs,
    numQubits: pubs.map((p) => p.circuit.numQubits),
    estimatedSeconds: Math.round(estimated * 1000) / 1000,
    supportQiskit,
    seed: integerOption(options.seed_estimator) ?? simulatorSeed,
    summary: `estimator with ${pubs.length} PUB(s)${supportQiskit ? ', results in RuntimeEncoder form' : ''}`,
    describe,
    refusal: refusalOf(isa),
    noise: noise.right,
  });
}
