/**
 * The two programs the local runtime runs, Sampler V2 and Estimator V2: checking a job's
 * `params` when it is created (every PUB's OpenQASM parsed, sizes held against the limits,
 * parameters and observables matched to the circuit) so a bad job is refused with a 400
 * naming the problem, and running an accepted job on the statevector simulator PUB by PUB,
 * publishing an interim result after each and returning the final result text (plain JSON,
 * or the RuntimeEncoder form when `params.support_qiskit` is set).
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import { BitArray } from '../../codecs/bit-array.js';
import { NdArray } from '../../codecs/nd-array.js';
import {
  decodePrimitiveParams,
  type EstimatorPub,
  type ObservablesTensor,
  type ParameterValues,
  type SamplerPub,
} from '../../codecs/program-inputs.js';
import { encodePlainResult, encodeRuntimeResult } from '../../codecs/result-encode.js';
import {
  ExecutionSpan,
  PrimitiveResult,
  estimatorPubResult,
  samplerPubResult,
  type PubResult,
} from '../../codecs/result-model.js';
import { parseQasm, QasmError, type Circuit } from '../../circuits/qasm/index.js';
import {
  DEFAULT_PRECISION,
  SimulationAbortedError,
  SimulationError,
  runEstimatorPub,
  runSamplerPub,
} from '../simulator/index.js';
import { readBindings } from '../simulator/bindings.js';
import { sizeOf } from '../simulator/ndarray.js';
import type { LocalProgramId } from './job-record.js';
import type { JobRecord } from './job-record.js';
import type { LocalRuntimeLimits } from './limits.js';
import { deriveSeed } from './prng.js';
import { JobFailure, type JobRunContext } from './queue.js';

/** Shots of a sampler PUB that names none and has no `default_shots` option (Qiskit's default). */
export const DEFAULT_SHOTS = 4096;
/** Reason code of a job stopped by a simulator limit or a simulation error. */
export const REASON_CODE_SIMULATION_FAILED = 5204;

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
  readonly numQubits: readonly number[];
  readonly estimatedSeconds: number;
  readonly supportQiskit: boolean;
  /** Seed named by the options (`simulator.seed_simulator` or `seed_estimator`), if any. */
  readonly seed: number | undefined;
  /** One-line description for the log. */
  readonly summary: string;
  /** Further log lines about each PUB. */
  readonly describe: readonly string[];
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

function parseCircuit(
  source: string,
  where: string,
  limits: LocalRuntimeLimits,
  maxQubits: number,
): E.Either<string, Circuit> {
  let circuit: Circuit;
  try {
    circuit = parseQasm(source, { maxInstructions: limits.maxCircuitOperations });
  } catch (e) {
    if (e instanceof QasmError) return E.left(`${where}: OpenQASM error at ${e.message}`);
    return E.left(`${where}: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (circuit.numQubits > maxQubits) {
    return E.left(
      `${where}: the circuit uses ${circuit.numQubits} qubits, more than the limit of ${maxQubits}`,
    );
  }
  if (circuit.instructions.length > limits.maxCircuitOperations) {
    return E.left(
      `${where}: the circuit has ${circuit.instructions.length} instructions, more than ${limits.maxCircuitOperations} instructions allowed`,
    );
  }
  return E.right(circuit);
}

function integerOption(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isSafeInteger(v) ? v : undefined;
}

/** Rough simulation time of one PUB, in seconds. */
function estimateSeconds(circuit: Circuit, bindings: number, samples: number): number {
  const amplitudeWork =
    2 ** circuit.numQubits * Math.max(1, circuit.instructions.length) * bindings;
  return amplitudeWork * 2e-9 + samples * 1e-7;
}

/**
 * Check a job's `params` for `programId` against the limits and a backend of `backendQubits`
 * qubits. The error text names the offending place (`params.pubs[1][0]: OpenQASM error at
 * line 3, column 1: unknown gate 'foo'`).
 */
export function prepareJob(
  programId: string,
  params: unknown,
  limits: LocalRuntimeLimits,
  backendQubits: number,
): E.Either<string, PreparedJob> {
  const decoded = decodePrimitiveParams(programId, params);
  if (E.isLeft(decoded)) return E.left(decoded.left.message);
  const input = decoded.right;
  const pubCount = input.params.pubs.length;
  if (pubCount > limits.maxPubs) {
    return E.left(`params.pubs: ${pubCount} PUBs exceed the limit of ${limits.maxPubs} per job`);
  }
  const maxQubits = Math.min(limits.maxQubits, backendQubits);
  const supportQiskit = input.params.support_qiskit === true;
  const describe: string[] = [];
  let estimated = 0;
  if (input.program === 'sampler') {
    const options = input.params.options ?? {};
    const defaultShots = options.default_shots ?? DEFAULT_SHOTS;
    const pubs: PreparedSamplerPub[] = [];
    for (let i = 0; i < pubCount; i++) {
      const pub: SamplerPub = input.params.pubs[i]!;
      const where = `params.pubs[${i}]`;
      const circuit = parseCircuit(pub[0], `${where}[0]`, limits, maxQubits);
      if (E.isLeft(circuit)) return circuit;
      const shots = pub[2] ?? defaultShots;
      if (shots > limits.maxShots) {
        return E.left(`${where}[2]: ${shots} shots exceed the limit of ${limits.maxShots}`);
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
        `pub ${i}: ${circuit.right.numQubits} qubits, ${circuit.right.instructions.length} instructions, ` +
          `${bindings.right} parameter set(s), ${shots} shots`,
      );
    }
    const simulatorOptions = options.simulator as Record<string, unknown> | undefined;
    return E.right({
      program: 'sampler',
      pubs,
      numQubits: pubs.map((p) => p.circuit.numQubits),
      estimatedSeconds: Math.round(estimated * 1000) / 1000,
      supportQiskit,
      seed: integerOption(simulatorOptions?.['seed_simulator']),
      summary: `sampler with ${pubs.length} PUB(s)${supportQiskit ? ', results in RuntimeEncoder form' : ''}`,
      describe,
    });
  }
  const options = input.params.options ?? {};
  const defaultPrecision = options.default_precision ?? DEFAULT_PRECISION;
  const pubs: PreparedEstimatorPub[] = [];
  for (let i = 0; i < pubCount; i++) {
    const pub: EstimatorPub = input.params.pubs[i]!;
    const where = `params.pubs[${i}]`;
    const circuit = parseCircuit(pub[0], `${where}[0]`, limits, maxQubits);
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
      `pub ${i}: ${circuit.right.numQubits} qubits, ${circuit.right.instructions.length} instructions, ` +
        `${paulis.length} Pauli term(s), ${bindings.right} parameter set(s), precision ${precision}`,
    );
  }
  return E.right({
    program: 'estimator',
    pubs,
    numQubits: pubs.map((p) => p.circuit.numQubits),
    estimatedSeconds: Math.round(estimated * 1000) / 1000,
    supportQiskit,
    seed: integerOption(options.seed_estimator),
    summary: `estimator with ${pubs.length} PUB(s)${supportQiskit ? ', results in RuntimeEncoder form' : ''}`,
    describe,
  });
}

function encode(result: PrimitiveResult, supportQiskit: boolean): string {
  return supportQiskit ? encodeRuntimeResult(result) : encodePlainResult(result);
}

function failureOf(e: unknown): unknown {
  if (e instanceof SimulationAbortedError) return e;
  if (e instanceof SimulationError) {
    return new JobFailure(
      e.message,
      REASON_CODE_SIMULATION_FAILED,
      e.limit !== undefined
        ? `Reduce the PUB so it fits the simulator's ${e.limit} limit.`
        : undefined,
    );
  }
  if (e instanceof QasmError) return new JobFailure(e.message, 1002);
  return e;
}

/**
 * Run a prepared job PUB by PUB. After each PUB an interim result holding the PUBs done so
 * far is published; the final result carries one execution span per PUB. Aborting `ctx.signal`
 * stops the simulation.
 */
export async function runPreparedJob(
  program: PreparedJob,
  job: JobRecord,
  ctx: JobRunContext,
  limits: LocalRuntimeLimits,
): Promise<string> {
  const simulatorLimits = {
    maxQubits: limits.maxQubits,
    maxInstructions: limits.maxCircuitOperations,
    maxBindings: limits.maxParameterSets,
    maxShots: limits.maxShots * limits.maxParameterSets,
  };
  const results: PubResult[] = [];
  const spans: ExecutionSpan[] = [];
  const kind: LocalProgramId = program.program;
  for (let i = 0; i < program.pubs.length; i++) {
    const seed = deriveSeed(job.seed, `pub-${i}`);
    const start = new Date();
    const runOptions = { seed, limits: simulatorLimits, signal: ctx.signal };
    try {
      if (program.program === 'sampler') {
        const pub = program.pubs[i]!;
        ctx.log(
          'INFO',
          `pub ${i}: sampling ${pub.shots} shots of a ${pub.circuit.numQubits}-qubit circuit`,
        );
        const out = await runSamplerPub(
          {
            circuit: pub.circuit,
            ...(pub.parameterValues !== undefined ? { parameterValues: pub.parameterValues } : {}),
            shots: pub.shots,
          },
          runOptions,
        );
        const registers: Record<string, BitArray> = {};
        for (const r of out.registers) {
          registers[r.name] = new BitArray(r.bytes, {
            numBits: r.numBits,
            numShots: out.numShots,
            shape: out.shape,
          });
        }
        results.push(samplerPubResult(registers, { circuit_metadata: {} }));
        const stop = new Date();
        spans.push(
          new ExecutionSpan(
            'DoubleSliceSpan',
            start,
            stop,
            new Map([
              [
                i,
                {
                  kind: 'double',
                  shape: [...out.shape],
                  argStart: 0,
                  argStop: Math.max(1, sizeOf(out.shape)),
                  shotStart: 0,
                  shotStop: out.numShots,
                },
              ],
            ]),
          ),
        );
      } else {
        const pub = program.pubs[i]!;
        ctx.log(
          'INFO',
          `pub ${i}: estimating observables on a ${pub.circuit.numQubits}-qubit circuit`,
        );
        const out = await runEstimatorPub(
          {
            circuit: pub.circuit,
            observables: pub.observables,
            ...(pub.parameterValues !== undefined ? { parameterValues: pub.parameterValues } : {}),
            precision: pub.precision,
          },
          runOptions,
        );
        const shape = [...out.shape];
        const evs = new NdArray('float64', shape, out.evs);
        const stds = new NdArray('float64', shape, out.stds);
        results.push(
          estimatorPubResult(
            {
              evs,
              stds,
              ensembleStandardError: new NdArray('float64', shape, Float64Array.from(out.stds)),
            },
            {
              target_precision: pub.precision,
              circuit_metadata: {},
              resilience: {},
              num_randomizations: 0,
            },
          ),
        );
      }
    } catch (e) {
      throw failureOf(e);
    }
    const elapsed = Date.now() - start.getTime();
    ctx.log('INFO', `pub ${i}: done in ${elapsed} ms`);
    const metadata =
      kind === 'sampler'
        ? { execution: { execution_spans: [...spans] }, version: 2 }
        : { version: 2 };
    ctx.publishInterim(encode(new PrimitiveResult(results, metadata), program.supportQiskit));
  }
  const metadata =
    kind === 'sampler' ? { execution: { execution_spans: spans }, version: 2 } : { version: 2 };
  return encode(new PrimitiveResult(results, metadata), program.supportQiskit);
}
